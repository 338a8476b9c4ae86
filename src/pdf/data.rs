//! The article as data for the typst template: the markdown body (and the
//! disclaimer and author note) as a tree of JSON nodes whose text leaves are
//! plain strings. The template walks the tree and places each string as
//! text, so nothing an editor writes is ever parsed as typst: a title of
//! `#read("/etc/passwd")` is printed, not run.
//!
//! Node shapes (`t` names the kind; `c` holds children):
//! blocks `para`, `heading` (+`level`), `list` (+`ordered`, `start`,
//! `items`: a list of block lists), `quote`, `codeblock` (+`lang`, `v`),
//! `table` (+`header`, `rows`, cells are inline lists), `figure` (+`src`,
//! `alt`, `caption`, `source`), `rule`; inlines `text` (+`v`), `strong`,
//! `emph`, `strike`, `code` (+`v`), `link` (+`url`), `image` (+`src`,
//! `alt`), `footnote` (+`n`, `c` blocks: the note's text where first
//! cited), `noteref` (+`n`: a later citation of the same note), `linebreak`.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{Value, json};

/// How the tree builder resolves what a body points at.
pub trait Resolve {
    /// The address a link goes to in the PDF (absolute), or `None` to leave
    /// the words unlinked (an in-page `#anchor`, an unsafe scheme).
    fn link(&self, dest: &str) -> Option<String>;
    /// The virtual path of an image the PDF can embed (`/img/0.png`), or
    /// `None` when it cannot (remote, missing): its alt text stands in.
    fn image(&self, dest: &str) -> Option<String>;
}

/// The body of markdown `text` as a list of block nodes.
pub fn blocks(text: &str, resolve: &dyn Resolve) -> Vec<Value> {
    let mut b = Builder {
        resolve,
        stack: vec![Frame::new(json!({"t": "root"}))],
        notes: HashMap::new(),
        in_note: None,
    };
    for event in Parser::new_ext(text, crate::markdown::options()) {
        b.event(event);
    }
    let root = b.stack.pop().map(|f| f.kids).unwrap_or_default();
    let notes = b.notes;
    let mut numbering = Numbering::default();
    let body = resolve_notes(root, &notes, &mut numbering);
    let body = figures(body);
    levels(body)
}

/// One open element while the events are read.
struct Frame {
    node: Value,
    kids: Vec<Value>,
    /// Table rows so far (header first) and the cells of the open row.
    rows: Vec<Vec<Vec<Value>>>,
    cells: Vec<Vec<Value>>,
}

impl Frame {
    fn new(node: Value) -> Frame {
        Frame {
            node,
            kids: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
        }
    }
}

struct Builder<'r> {
    resolve: &'r dyn Resolve,
    stack: Vec<Frame>,
    /// Footnote label -> its text (blocks), from wherever it is defined.
    notes: HashMap<String, Vec<Value>>,
    in_note: Option<String>,
}

impl Builder<'_> {
    fn push(&mut self, node: Value) {
        if let Some(top) = self.stack.last_mut() {
            top.kids.push(node);
        }
    }

    fn text(&mut self, s: &str) {
        // Adjacent text leaves are joined, so that the template sees words.
        if let Some(top) = self.stack.last_mut()
            && let Some(last) = top.kids.last_mut()
            && last["t"] == "text"
            && let Some(v) = last["v"].as_str()
        {
            last["v"] = Value::String(format!("{v}{s}"));
            return;
        }
        self.push(json!({"t": "text", "v": s}));
    }

    fn open(&mut self, node: Value) {
        self.stack.push(Frame::new(node));
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(s) => self.text(&s),
            Event::Code(s) => self.push(json!({"t": "code", "v": &*s})),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(json!({"t": "linebreak"})),
            Event::Rule => self.push(json!({"t": "rule"})),
            Event::FootnoteReference(label) => {
                self.push(json!({"t": "fnref", "label": &*label}));
            }
            // Raw HTML is for the web page; math and task markers are not
            // enabled in folio's markdown.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let node = match tag {
            Tag::Paragraph => json!({"t": "para"}),
            Tag::Heading { level, .. } => json!({"t": "heading", "level": heading_level(level)}),
            Tag::BlockQuote(_) => json!({"t": "quote"}),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                json!({"t": "codeblock", "lang": lang})
            }
            Tag::List(start) => {
                json!({"t": "list", "ordered": start.is_some(), "start": start.unwrap_or(1)})
            }
            Tag::Item => json!({"t": "item"}),
            Tag::FootnoteDefinition(label) => {
                self.in_note = Some(label.to_string());
                json!({"t": "note"})
            }
            Tag::Table(_) => json!({"t": "table"}),
            Tag::TableHead | Tag::TableRow => json!({"t": "row"}),
            Tag::TableCell => json!({"t": "cell"}),
            Tag::Emphasis => json!({"t": "emph"}),
            Tag::Strong => json!({"t": "strong"}),
            Tag::Strikethrough => json!({"t": "strike"}),
            Tag::Link { dest_url, .. } => match self.resolve.link(&dest_url) {
                Some(url) => json!({"t": "link", "url": url}),
                None => json!({"t": "span"}),
            },
            Tag::Image {
                dest_url, title, ..
            } => json!({"t": "image", "src": self.resolve.image(&dest_url), "title": &*title}),
            _ => json!({"t": "span"}),
        };
        self.open(node);
    }

    fn end(&mut self, end: TagEnd) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let Frame {
            mut node,
            kids,
            mut rows,
            cells,
        } = frame;
        match end {
            TagEnd::CodeBlock => {
                let v: String = kids.iter().filter_map(|k| k["v"].as_str()).collect();
                node["v"] = Value::String(v);
                self.push(node);
            }
            TagEnd::Image => {
                node["alt"] = Value::String(plain(&kids));
                self.push(node);
            }
            TagEnd::TableCell => {
                if let Some(top) = self.stack.last_mut() {
                    top.cells.push(kids);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(top) = self.stack.last_mut() {
                    top.rows.push(cells);
                }
            }
            TagEnd::Table => {
                let header = if rows.is_empty() {
                    Vec::new()
                } else {
                    rows.remove(0)
                };
                node["header"] = json!(header);
                node["rows"] = json!(rows);
                self.push(node);
            }
            TagEnd::List(_) => {
                let items: Vec<Value> = kids.into_iter().map(|k| k["c"].clone()).collect();
                node["items"] = Value::Array(items);
                self.push(node);
            }
            TagEnd::Item => {
                // A tight list's item holds inlines: wrap them as a paragraph.
                node["c"] = Value::Array(as_blocks(kids));
                self.push(node);
            }
            TagEnd::FootnoteDefinition => {
                if let Some(label) = self.in_note.take() {
                    self.notes.insert(label, kids);
                }
            }
            TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough
                if node["t"] == "span" =>
            {
                for k in kids {
                    match k["v"].as_str() {
                        Some(v) if k["t"] == "text" => self.text(v),
                        _ => self.push(k),
                    }
                }
            }
            _ => {
                node["c"] = Value::Array(kids);
                self.push(node);
            }
        }
    }
}

fn heading_level(level: HeadingLevel) -> u64 {
    level as u64
}

/// Inline children grouped into paragraphs (block children kept as they are).
fn as_blocks(kids: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut inline = Vec::new();
    for k in kids {
        if is_block(&k) {
            if !inline.is_empty() {
                out.push(json!({"t": "para", "c": std::mem::take(&mut inline)}));
            }
            out.push(k);
        } else {
            inline.push(k);
        }
    }
    if !inline.is_empty() {
        out.push(json!({"t": "para", "c": inline}));
    }
    out
}

fn is_block(n: &Value) -> bool {
    matches!(
        n["t"].as_str(),
        Some("para" | "heading" | "quote" | "codeblock" | "list" | "table" | "rule" | "figure")
    )
}

/// The words of a list of inlines, as plain text.
pub fn plain(nodes: &[Value]) -> String {
    let mut s = String::new();
    for n in nodes {
        if let Some(v) = n["v"].as_str() {
            s.push_str(v);
        }
        if let Some(c) = n["c"].as_array() {
            s.push_str(&plain(c));
        }
    }
    s
}

/// Footnote numbers in order of first citation (as the web page numbers them).
#[derive(Default)]
struct Numbering {
    by_label: HashMap<String, u64>,
}

/// Each citation of a note becomes the note itself (the first) or a mark
/// pointing at it (later ones); unknown labels stay as their text.
fn resolve_notes(nodes: Vec<Value>, notes: &HashMap<String, Vec<Value>>, n: &mut Numbering) -> Vec<Value> {
    nodes
        .into_iter()
        .map(|mut node| {
            if node["t"] == "fnref" {
                let label = node["label"].as_str().unwrap_or_default().to_string();
                let Some(text) = notes.get(&label) else {
                    return json!({"t": "text", "v": format!("[^{label}]")});
                };
                if let Some(&num) = n.by_label.get(&label) {
                    return json!({"t": "noteref", "n": num});
                }
                let num = n.by_label.len() as u64 + 1;
                n.by_label.insert(label, num);
                let c = resolve_notes(text.clone(), notes, n);
                return json!({"t": "footnote", "n": num, "c": c});
            }
            for key in ["c", "items", "header", "rows", "caption", "source"] {
                if let Some(Value::Array(kids)) = node.get_mut(key) {
                    let taken = std::mem::take(kids);
                    let nested = key == "items" || key == "rows" || key == "header";
                    *kids = taken
                        .into_iter()
                        .map(|k| match k {
                            Value::Array(list) if nested => {
                                Value::Array(resolve_list(list, notes, n, key == "rows"))
                            }
                            other => resolve_notes(vec![other], notes, n).remove(0),
                        })
                        .collect();
                }
            }
            node
        })
        .collect()
}

fn resolve_list(list: Vec<Value>, notes: &HashMap<String, Vec<Value>>, n: &mut Numbering, row: bool) -> Vec<Value> {
    if row {
        // A row: a list of cells, each a list of inlines.
        list.into_iter()
            .map(|cell| match cell {
                Value::Array(c) => Value::Array(resolve_notes(c, notes, n)),
                other => other,
            })
            .collect()
    } else {
        resolve_notes(list, notes, n)
    }
}

/// Figure detection: an image alone in its paragraph, with a title, is a
/// figure captioned by the title; a paragraph right after it that starts
/// with "Source:" is its source line. One function, so the web page's rule
/// (markdown/, issue 19) can take its place.
pub fn figures(nodes: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(nodes.len());
    for mut node in nodes {
        let container = node_is_container(&node);
        if let Some(Value::Array(kids)) = node.get_mut("c") {
            let taken = std::mem::take(kids);
            *kids = if container {
                figures(taken)
            } else {
                taken
            };
        }
        if node["t"] == "para"
            && let Some(src) = out.last_mut().filter(|f| f["t"] == "figure" && f["source"].is_null())
            && starts_with_source(&node)
        {
            src["source"] = node["c"].clone();
            continue;
        }
        out.push(lone_image(&node).unwrap_or(node));
    }
    out
}

fn node_is_container(n: &Value) -> bool {
    matches!(n["t"].as_str(), Some("quote" | "item" | "footnote"))
}

fn starts_with_source(para: &Value) -> bool {
    para["c"][0]["t"] == "text"
        && para["c"][0]["v"]
            .as_str()
            .is_some_and(|v| v.trim_start().starts_with("Source:") || v.trim_start().starts_with("Sources:"))
}

/// The figure a paragraph holding one titled image (and blanks) is.
fn lone_image(para: &Value) -> Option<Value> {
    if para["t"] != "para" {
        return None;
    }
    let kids: Vec<&Value> = para["c"]
        .as_array()?
        .iter()
        .filter(|k| !(k["t"] == "text" && k["v"].as_str().is_some_and(|v| v.trim().is_empty())))
        .collect();
    let [img] = kids[..] else { return None };
    let title = img["title"].as_str().filter(|t| !t.trim().is_empty())?;
    Some(json!({
        "t": "figure",
        "src": img["src"],
        "alt": img["alt"],
        "caption": [{"t": "text", "v": title}],
        "source": null,
    }))
}

/// Heading levels made a ladder from 1 (the body's top level) with no rung
/// skipped: PDF/UA refuses a document that jumps from 1 to 3.
fn levels(nodes: Vec<Value>) -> Vec<Value> {
    let top = nodes
        .iter()
        .filter(|n| n["t"] == "heading")
        .filter_map(|n| n["level"].as_u64())
        .min()
        .unwrap_or(1);
    let mut last = 0;
    nodes
        .into_iter()
        .map(|mut n| {
            if n["t"] == "heading" {
                let want = n["level"].as_u64().unwrap_or(1).saturating_sub(top) + 1;
                let level = want.min(last + 1).max(1);
                last = level;
                n["level"] = json!(level);
            }
            n
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Resolve for Plain {
        fn link(&self, dest: &str) -> Option<String> {
            dest.starts_with("https://").then(|| dest.to_string())
        }
        fn image(&self, dest: &str) -> Option<String> {
            (dest == "chart.png").then(|| "/img/0.png".to_string())
        }
    }

    fn tree(md: &str) -> Vec<Value> {
        blocks(md, &Plain)
    }

    #[test]
    fn typst_syntax_stays_text() {
        let md = "# #read(\"/etc/passwd\")\n\n#import \"x\" $x$ \\\\ *b*\n";
        let t = tree(md);
        assert_eq!(t[0]["t"], "heading");
        assert_eq!(t[0]["c"][0]["v"], "#read(\u{201c}/etc/passwd\u{201d})");
        assert_eq!(t[1]["c"][0]["v"], "#import \u{201c}x\u{201d} $x$ \\ ");
        assert_eq!(t[1]["c"][1]["t"], "strong");
    }

    #[test]
    fn footnotes_numbered_by_first_citation() {
        let md = "A[^b] and B[^a] and again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n";
        let t = tree(md);
        let c = t[0]["c"].as_array().unwrap();
        let notes: Vec<_> = c.iter().filter(|n| n["t"] != "text").collect();
        assert_eq!(notes[0]["t"], "footnote");
        assert_eq!(notes[0]["n"], 1);
        assert_eq!(plain(notes[0]["c"][0]["c"].as_array().unwrap()), "Note B.");
        assert_eq!(notes[1]["n"], 2);
        assert_eq!(notes[2]["t"], "noteref");
        assert_eq!(notes[2]["n"], 1);
        assert_eq!(t.len(), 1, "definitions are not body blocks");
    }

    #[test]
    fn figure_with_caption_and_source() {
        let md = "![A chart](chart.png \"Remittances, 2015-2025\")\n\nSource: State Bank.\n\nAfter.\n";
        let t = tree(md);
        assert_eq!(t[0]["t"], "figure");
        assert_eq!(t[0]["src"], "/img/0.png");
        assert_eq!(t[0]["alt"], "A chart");
        assert_eq!(t[0]["caption"][0]["v"], "Remittances, 2015-2025");
        assert_eq!(plain(t[0]["source"].as_array().unwrap()), "Source: State Bank.");
        assert_eq!(t[1]["t"], "para");
        // Without a title an image stays inline.
        let t = tree("![A chart](chart.png)\n");
        assert_eq!(t[0]["t"], "para");
        assert_eq!(t[0]["c"][0]["t"], "image");
    }

    #[test]
    fn links_resolved_or_left_as_words() {
        let t = tree("[a](https://x.org/) [b](javascript:alert(1)) [c](#top)\n");
        let c = t[0]["c"].as_array().unwrap();
        assert_eq!(c[0]["t"], "link");
        assert_eq!(c[0]["url"], "https://x.org/");
        assert_eq!(c[1]["t"], "text");
        assert!(c[1]["v"].as_str().unwrap().contains('b'));
    }

    #[test]
    fn tables_lists_code() {
        let md = "| a | b |\n|---|---|\n| 1 | *2* |\n\n- x\n- y\n\n```rust\nfn x() {}\n```\n";
        let t = tree(md);
        assert_eq!(t[0]["t"], "table");
        assert_eq!(t[0]["header"][1][0]["v"], "b");
        assert_eq!(t[0]["rows"][0][1][0]["t"], "emph");
        assert_eq!(t[1]["t"], "list");
        assert_eq!(t[1]["items"][1][0]["c"][0]["v"], "y");
        assert_eq!(t[2]["t"], "codeblock");
        assert_eq!(t[2]["lang"], "rust");
        assert_eq!(t[2]["v"], "fn x() {}\n");
    }

    #[test]
    fn heading_levels_have_no_gaps() {
        let t = tree("## A\n\n#### B\n\n### C\n");
        let l: Vec<_> = t.iter().map(|n| n["level"].as_u64().unwrap()).collect();
        assert_eq!(l, [1, 2, 2]);
    }
}
