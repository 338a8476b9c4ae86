//! Part of the markdown stage: figures and footnotes written as HTML. The
//! figures ([`super::figures`]) become `<figure>` with a `<figcaption>` and
//! a source line, numbered where the publication numbers them; the notes
//! ([`super::notes`]) go to the end under a heading, each with a link back
//! to every place it is cited. The words come from the theme, in the
//! edition's language ([`Words`]).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::figures::{self, Block, Figure};
use super::notes::{self, Notes};
use crate::escape::escape_html;

/// The theme's words a body's HTML uses (keys of `i18n/<lang>.toml`;
/// `{n}` and `{k}` stand for numbers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Words {
    /// `notes`: the heading over the footnotes.
    pub notes: String,
    /// `figure_number`: "Figure {n}:" before a numbered caption.
    pub figure_number: String,
    /// `figure_source`, `figure_sources`: the words a source line opens with.
    pub source: Vec<String>,
    /// `note_backlink`: the label of the link back to a note's citation.
    pub backlink: String,
    /// `note_backlink_again`: the same for its `{k}`th citation.
    pub backlink_again: String,
}

impl Default for Words {
    /// The default theme's English words.
    fn default() -> Words {
        Words {
            notes: "Notes".into(),
            figure_number: "Figure {n}:".into(),
            source: vec!["Source".into(), "Sources".into()],
            backlink: "Back to reference {n}".into(),
            backlink_again: "Back to reference {n} (citation {k})".into(),
        }
    }
}

impl Words {
    /// The words from a theme's table, English where it lacks one.
    pub fn from_table(t: &toml::Table) -> Words {
        let d = Words::default();
        let word = |k: &str, or: String| t.get(k).and_then(|v| v.as_str()).map_or(or, String::from);
        let mut source: Vec<String> = ["figure_source", "figure_sources"]
            .iter()
            .filter_map(|k| t.get(*k).and_then(|v| v.as_str()).map(String::from))
            .collect();
        if source.is_empty() {
            source = d.source;
        }
        Words {
            notes: word("notes", d.notes),
            figure_number: word("figure_number", d.figure_number),
            source,
            backlink: word("note_backlink", d.backlink),
            backlink_again: word("note_backlink_again", d.backlink_again),
        }
    }

    fn source_words(&self) -> Vec<&str> {
        self.source.iter().map(String::as_str).collect()
    }
}

/// `pattern` with `{n}` and `{k}` filled in.
fn fill(pattern: &str, n: usize, k: usize) -> String {
    pattern
        .replace("{n}", &n.to_string())
        .replace("{k}", &k.to_string())
}

/// The id of a note's `k`th citation: numbers, not labels, so that no two
/// can clash (`[^a]` cited twice and a note `[^a-2]`), with a colon, which
/// heading ids (letters, digits, `-`) never have.
fn citation_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref:{n}")
    } else {
        format!("fnref:{n}:{k}")
    }
}

/// `base`, else the first of `base-1`, `base-2`, ... not in `used`.
fn free(used: &HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut k = 0;
    while used.contains(&id) {
        k += 1;
        id = format!("{base}-{k}");
    }
    id
}

/// The ids of a body's notes: the heading over them, and each note's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct NoteIds {
    pub heading: String,
    /// By note number (index 0: note 1).
    pub notes: Vec<String>,
}

impl NoteIds {
    /// Each note keeps its label as its id, as before notes had numbers,
    /// so that links to `#label` keep working. A label that is no id (it
    /// has a space), looks like the ids made here (`fn:`, `fnref:`) or
    /// that a heading or raw HTML already took gets `fn:<number>`. The
    /// heading is `notes`, else the first free `notes-1`, `notes-2`, ...
    pub fn new(notes: &Notes<'_>, taken: &HashSet<String>) -> NoteIds {
        let mut used = taken.clone();
        let mut ids = Vec::with_capacity(notes.notes.len());
        for note in &notes.notes {
            let label = note.name.as_ref();
            let usable = !label.is_empty()
                && !label.chars().any(char::is_whitespace)
                && !label.starts_with("fn:")
                && !label.starts_with("fnref:");
            let id = if usable && !used.contains(label) {
                label.to_string()
            } else {
                free(&used, &format!("fn:{}", note.number))
            };
            used.insert(id.clone());
            ids.push(id);
        }
        NoteIds {
            heading: free(&used, "notes"),
            notes: ids,
        }
    }

    /// Every id the notes define, in order: the heading, then each note
    /// and its citations.
    pub fn all(&self, notes: &Notes<'_>) -> Vec<String> {
        let mut all = vec![self.heading.clone()];
        for (note, id) in notes.notes.iter().zip(&self.notes) {
            all.push(id.clone());
            all.extend((1..=note.citations).map(|k| citation_id(note.number, k)));
        }
        all
    }

    fn note(&self, n: usize) -> &str {
        self.notes.get(n - 1).map_or("", String::as_str)
    }
}

/// How a body's figures and notes are written.
pub(super) struct Apparatus<'w> {
    pub words: &'w Words,
    /// Whether figures carry "Figure n" ([`figures::numbers_figures`]).
    pub number_figures: bool,
    /// The ids of the notes, as [`NoteIds::new`] gave them.
    pub ids: &'w NoteIds,
}

/// The HTML of a body's events (code already highlighted, links rewritten).
pub(super) fn body_html(events: Vec<Event<'_>>, how: &Apparatus<'_>) -> String {
    let (text, notes) = notes::take_notes(events);
    let mut cites = Citations::new(&notes, how.ids);
    let text: Vec<Event> = text.into_iter().map(|e| cites.reference(e)).collect();
    let blocks = figures::figures(text, &how.words.source_words());
    let mut html = String::new();
    let mut run: Vec<Event> = Vec::new();
    for b in blocks {
        match b {
            Block::Event(e) => run.push(e),
            Block::Figure(f) => {
                pulldown_cmark::html::push_html(&mut html, run.drain(..));
                figure_html(&mut html, f, how);
            }
        }
    }
    pulldown_cmark::html::push_html(&mut html, run.into_iter());
    if !notes.is_empty() {
        notes_html(&mut html, &notes, &mut cites, how);
    }
    html
}

/// Turns footnote references into links to their notes, counting each
/// note's citations so that every one has an id to link back to.
struct Citations<'n> {
    numbers: HashMap<String, usize>,
    seen: HashMap<usize, usize>,
    ids: &'n NoteIds,
}

impl<'n> Citations<'n> {
    fn new(notes: &Notes<'_>, ids: &'n NoteIds) -> Citations<'n> {
        Citations {
            numbers: notes
                .notes
                .iter()
                .map(|n| (n.name.to_lowercase(), n.number))
                .collect(),
            seen: HashMap::new(),
            ids,
        }
    }

    fn reference<'a>(&mut self, e: Event<'a>) -> Event<'a> {
        let Event::FootnoteReference(label) = &e else {
            return e;
        };
        let Some(&n) = self.numbers.get(&label.to_lowercase()) else {
            return e;
        };
        let k = self.seen.entry(n).or_default();
        *k += 1;
        Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{}\" aria-describedby=\"{}\">{n}</a></sup>",
            escape_html(self.ids.note(n)),
            citation_id(n, *k),
            escape_html(&self.ids.heading),
        )))
    }
}

fn figure_html(html: &mut String, f: Figure<'_>, how: &Apparatus<'_>) {
    html.push_str("<figure class=\"figure\">\n<figcaption>");
    if how.number_figures {
        html.push_str("<span class=\"figure-number\">");
        html.push_str(&escape_html(&fill(&how.words.figure_number, f.number, 0)));
        html.push_str("</span> ");
    }
    html.push_str(&escape_html(&f.caption));
    html.push_str("</figcaption>\n");
    let img = [
        Event::Start(Tag::Image {
            link_type: LinkType::Inline,
            dest_url: f.src,
            title: CowStr::from(""),
            id: CowStr::from(""),
        }),
        Event::Text(CowStr::from(f.alt)),
        Event::End(TagEnd::Image),
    ];
    pulldown_cmark::html::push_html(html, img.into_iter());
    html.push('\n');
    if let Some(source) = f.source {
        html.push_str("<p class=\"figure-source\">");
        pulldown_cmark::html::push_html(html, source.into_iter());
        html.push_str("</p>\n");
    }
    html.push_str("</figure>\n");
}

fn notes_html(
    html: &mut String,
    notes: &Notes<'_>,
    cites: &mut Citations<'_>,
    how: &Apparatus<'_>,
) {
    let id = escape_html(&how.ids.heading);
    html.push_str(&format!(
        "<section class=\"footnotes\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n<ol>\n",
        escape_html(&how.words.notes)
    ));
    for note in &notes.notes {
        html.push_str(&format!(
            "<li id=\"{}\">\n",
            escape_html(how.ids.note(note.number))
        ));
        let mut body: Vec<Event> = note
            .body
            .iter()
            .cloned()
            .map(|e| cites.reference(e))
            .collect();
        let links = Event::InlineHtml(CowStr::from(backlinks(
            note.number,
            note.citations,
            how.words,
        )));
        // The links go at the end of the note's last paragraph, else on a
        // line of their own.
        match body.last() {
            _ if note.citations == 0 => {}
            Some(Event::End(TagEnd::Paragraph)) => body.insert(body.len() - 1, links),
            _ => body.extend([
                Event::Start(Tag::Paragraph),
                links,
                Event::End(TagEnd::Paragraph),
            ]),
        }
        pulldown_cmark::html::push_html(html, body.into_iter());
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
}

/// One link back per citation: `↩`, then `↩²`, `↩³`, ..., each labelled.
fn backlinks(n: usize, citations: usize, words: &Words) -> String {
    let mut s = String::new();
    for k in 1..=citations {
        let label = if k == 1 {
            fill(&words.backlink, n, k)
        } else {
            fill(&words.backlink_again, n, k)
        };
        // U+FE0E: the arrow as text, not as an emoji.
        s.push_str(&format!(
            " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{}\">↩\u{FE0E}{}</a>",
            citation_id(n, k),
            escape_html(&label),
            if k == 1 {
                String::new()
            } else {
                format!("<sup>{k}</sup>")
            },
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str, number_figures: bool) -> String {
        let events: Vec<Event> =
            pulldown_cmark::Parser::new_ext(md, crate::markdown::options()).collect();
        let (_, notes) = notes::take_notes(events.clone());
        let ids = NoteIds::new(&notes, &HashSet::new());
        let how = Apparatus {
            words: &Words::default(),
            number_figures,
            ids: &ids,
        };
        body_html(events, &how)
    }

    #[test]
    fn a_figure_with_caption_number_and_source() {
        let h = html(
            "![A & B > C](c.png \"Remittances & more\")\n\nSource: [WB](https://wb.org).\n",
            true,
        );
        assert_eq!(
            h,
            "<figure class=\"figure\">\n<figcaption><span class=\"figure-number\">Figure 1:</span> Remittances &amp; more</figcaption>\n\
             <img src=\"c.png\" alt=\"A &amp; B &gt; C\" />\n\
             <p class=\"figure-source\">Source: <a href=\"https://wb.org\">WB</a>.</p>\n</figure>\n"
        );
        assert!(!html("![A](c.png \"T\")\n", false).contains("Figure 1"));
    }

    #[test]
    fn notes_link_back_to_every_citation() {
        let h = html(
            "A[^x] b[^y] c[^x].\n\n[^x]: Ex.\n\n[^y]:\n    ```\n    code\n    ```\n",
            false,
        );
        assert!(
            h.contains("<a href=\"#x\" id=\"fnref:1\" aria-describedby=\"notes\">1</a>"),
            "{h}"
        );
        assert!(h.contains("id=\"fnref:1:2\""), "{h}");
        assert!(h.contains("<h2 id=\"notes\">Notes</h2>"), "{h}");
        assert!(h.contains("<p>Ex. <a href=\"#fnref:1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">"), "{h}");
        assert!(
            h.contains(
                "aria-label=\"Back to reference 1 (citation 2)\">↩\u{FE0E}<sup>2</sup></a></p>"
            ),
            "{h}"
        );
        assert!(h.contains("</code></pre>\n<p> <a href=\"#fnref:2\""), "{h}");
    }

    #[test]
    fn words_come_from_the_table_with_english_beneath() {
        let t: toml::Table = toml::from_str("notes = \"حواشی\"\nfigure_source = \"ماخذ\"").unwrap();
        let w = Words::from_table(&t);
        assert_eq!(w.notes, "حواشی");
        assert_eq!(w.source, ["ماخذ"]);
        assert_eq!(w.backlink, Words::default().backlink);
    }

    #[test]
    fn note_ids_are_labels_unless_taken_and_always_unique() {
        let md = "A[^a] b[^a] c[^a-2] d[^notes] e[^x y] f[^intro].\n\n[^a]: 1\n\n[^a-2]: 2\n\n[^notes]: 3\n\n[^x y]: 4\n\n[^intro]: 5\n";
        let events: Vec<Event> =
            pulldown_cmark::Parser::new_ext(md, crate::markdown::options()).collect();
        let (_, notes) = notes::take_notes(events);
        let taken: HashSet<String> = ["intro".to_string(), "fn:4".to_string()].into();
        let ids = NoteIds::new(&notes, &taken);
        assert_eq!(ids.notes, ["a", "a-2", "notes", "fn:4-1", "fn:5"]);
        assert_eq!(ids.heading, "notes-1");
        let all = ids.all(&notes);
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{all:?}");
        assert!(all.contains(&"fnref:1:2".to_string()));
    }
}
