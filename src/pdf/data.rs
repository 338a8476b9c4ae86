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
//!
//! Figures and note numbers come from [`crate::markdown::figures`] and
//! [`crate::markdown::notes`], the functions the web page uses, so both
//! editions find the same figures and number the notes alike.

use std::cell::RefCell;
use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{Value, json};

use crate::markdown::figures::{self, Block, Figure};
use crate::markdown::notes::{self, Notes};

/// How the tree builder resolves what a body points at.
pub trait Resolve {
    /// The address a link goes to in the PDF (absolute), or `None` to leave
    /// the words unlinked (an in-page `#anchor`, an unsafe scheme).
    fn link(&self, dest: &str) -> Option<String>;
    /// The virtual path of an image the PDF can embed (`/img/0.png`), or
    /// `None` when it cannot (remote, missing): its alt text stands in.
    fn image(&self, dest: &str) -> Option<String>;
}

/// The body of markdown `text` as a list of block nodes; `source_words`
/// are the edition's words that open a figure's source line ("Source").
pub fn blocks(text: &str, resolve: &dyn Resolve, source_words: &[&str]) -> Vec<Value> {
    let events: Vec<Event<'_>> = Parser::new_ext(text, crate::markdown::options()).collect();
    let (events, notes) = notes::take_notes(events);
    let seen = RefCell::new(HashSet::new());
    let mut b = Builder::new(resolve, &notes, &seen);
    for block in figures::figures(events, source_words) {
        match block {
            Block::Event(e) => b.event(e),
            Block::Figure(f) => b.figure(f),
        }
    }
    levels(b.finish())
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

struct Builder<'r, 'n> {
    resolve: &'r dyn Resolve,
    stack: Vec<Frame>,
    notes: &'r Notes<'n>,
    /// The notes already given in full (by number): later citations of
    /// one are marks pointing at it.
    seen: &'r RefCell<HashSet<usize>>,
}

impl<'r, 'n> Builder<'r, 'n> {
    fn new(
        resolve: &'r dyn Resolve,
        notes: &'r Notes<'n>,
        seen: &'r RefCell<HashSet<usize>>,
    ) -> Self {
        Builder {
            resolve,
            stack: vec![Frame::new(json!({"t": "root"}))],
            notes,
            seen,
        }
    }

    /// The nodes read, once every event is in.
    fn finish(mut self) -> Vec<Value> {
        while self.stack.len() > 1 {
            // An unclosed element (not produced by pulldown-cmark) is kept.
            let f = self.stack.pop().map(|f| f.kids).unwrap_or_default();
            for k in f {
                self.push(k);
            }
        }
        self.stack.pop().map(|f| f.kids).unwrap_or_default()
    }

    /// The nodes a run of events makes (a note's text, a source line).
    fn nested(&self, events: impl IntoIterator<Item = Event<'n>>) -> Vec<Value> {
        let mut sub = Builder::new(self.resolve, self.notes, self.seen);
        for e in events {
            sub.event(e);
        }
        sub.finish()
    }

    /// A citation of note `label`: the note where first cited, a mark after.
    fn note(&mut self, label: &str) {
        let Some(note) = self.notes.get(label) else {
            self.text(&format!("[^{label}]"));
            return;
        };
        if !self.seen.borrow_mut().insert(note.number) {
            self.push(json!({"t": "noteref", "n": note.number}));
            return;
        }
        let c = self.nested(note.body.iter().cloned());
        self.push(json!({"t": "footnote", "n": note.number, "c": c}));
    }

    fn figure(&mut self, f: Figure<'n>) {
        let source = f.source.map(|events| self.nested(events));
        self.push(json!({
            "t": "figure",
            "src": self.resolve.image(&f.src),
            "alt": f.alt,
            "caption": [{"t": "text", "v": &*f.caption}],
            "source": source,
            "number": f.number,
        }));
    }

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

    fn event(&mut self, event: Event<'n>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(s) => self.text(&s),
            Event::Code(s) => self.push(json!({"t": "code", "v": &*s})),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(json!({"t": "linebreak"})),
            Event::Rule => self.push(json!({"t": "rule"})),
            Event::FootnoteReference(label) => self.note(&label),
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
        blocks(md, &Plain, &["Source", "Sources"])
    }

    #[test]
    fn typst_syntax_stays_text() {
        let md = "# #read(\"/etc/passwd\")\n\n#import \"x\" $x$ \\\\ *b*\n";
        let t = tree(md);
        assert_eq!(t[0]["t"], "heading");
        assert_eq!(t[0]["c"][0]["v"], "#read(\u{201c}/etc/passwd\u{201d})");
        assert_eq!(t[1]["c"][0]["v"], "#import \u{201c}x\u{201d} $x$ \\ ");
        assert_eq!(t[1]["c"][1]["t"], "emph");
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
        let md =
            "![A chart](chart.png \"Remittances, 2015-2025\")\n\nSource: State Bank.\n\nAfter.\n";
        let t = tree(md);
        assert_eq!(t[0]["t"], "figure");
        assert_eq!(t[0]["src"], "/img/0.png");
        assert_eq!(t[0]["alt"], "A chart");
        assert_eq!(t[0]["caption"][0]["v"], "Remittances, 2015-2025");
        assert_eq!(t[0]["number"], 1);
        assert_eq!(
            plain(t[0]["source"].as_array().unwrap()),
            "Source: State Bank."
        );
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
