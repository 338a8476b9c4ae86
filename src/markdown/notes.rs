//! Part of the markdown stage: a body's footnotes, taken out of the text
//! and numbered in the order they are first cited. Pure functions over
//! pulldown-cmark events, so that the HTML page (notes under a heading,
//! with links back) and the PDF edition (notes at the foot of the page)
//! number them alike.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// One footnote.
#[derive(Debug, Clone, PartialEq)]
pub struct Note<'a> {
    /// The label as its definition writes it (`[^label]:`).
    pub name: CowStr<'a>,
    /// From 1, in the order of first citation (see [`take_notes`]).
    pub number: usize,
    /// How often it is cited, in the text and in other notes; 0 for a
    /// note defined and never cited.
    pub citations: usize,
    /// The definition's events, without its `Start`/`End(FootnoteDefinition)`.
    pub body: Vec<Event<'a>>,
}

/// A body's footnotes, in number order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes<'a> {
    pub notes: Vec<Note<'a>>,
    /// Label (lower-cased, as markdown matches labels) -> index in `notes`.
    by_label: HashMap<String, usize>,
}

impl<'a> Notes<'a> {
    /// The note a `FootnoteReference(label)` cites.
    pub fn get(&self, label: &str) -> Option<&Note<'a>> {
        self.by_label.get(&key(label)).map(|&i| &self.notes[i])
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }
}

/// Markdown matches footnote labels regardless of letter case.
fn key(label: &str) -> String {
    label.to_lowercase()
}

/// Takes the footnote definitions out of a body's events and numbers them:
/// first the notes cited in the text, in the order of their first
/// citation; then notes first cited inside other notes, in the order those
/// are numbered; then notes never cited, in the order they are written. A
/// label defined twice keeps its first definition, as markdown does.
/// Returns the events without the definitions (references stay, to be
/// looked up with [`Notes::get`]) and the notes.
pub fn take_notes<'a>(events: Vec<Event<'a>>) -> (Vec<Event<'a>>, Notes<'a>) {
    let mut text = Vec::with_capacity(events.len());
    // Definitions by label, in the order written.
    let mut defined: Vec<(CowStr<'a>, Vec<Event<'a>>)> = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut open: Option<(CowStr<'a>, Vec<Event<'a>>, usize)> = None;
    for e in events {
        match (&mut open, e) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                open = Some((label, Vec::new(), 0));
            }
            (Some((_, body, depth)), Event::Start(Tag::FootnoteDefinition(l))) => {
                // Definitions do not nest in markdown; kept as written if
                // a parser ever nests them.
                *depth += 1;
                body.push(Event::Start(Tag::FootnoteDefinition(l)));
            }
            (Some((_, body, depth)), Event::End(TagEnd::FootnoteDefinition)) if *depth > 0 => {
                *depth -= 1;
                body.push(Event::End(TagEnd::FootnoteDefinition));
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                if let Some((label, body, _)) = open.take()
                    && seen.insert(key(&label), ()).is_none()
                {
                    defined.push((label, body));
                }
            }
            (Some((_, body, _)), e) => body.push(e),
            (None, e) => text.push(e),
        }
    }
    let notes = number(&text, defined);
    (text, notes)
}

/// Numbers the definitions as [`take_notes`] says.
fn number<'a>(text: &[Event<'a>], defined: Vec<(CowStr<'a>, Vec<Event<'a>>)>) -> Notes<'a> {
    let index: HashMap<String, usize> = defined
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (key(label), i))
        .collect();
    let mut citations = vec![0usize; defined.len()];
    let mut order: Vec<usize> = Vec::new();
    let mut cite = |events: &[Event<'a>], order: &mut Vec<usize>| {
        for e in events {
            if let Event::FootnoteReference(label) = e
                && let Some(&i) = index.get(&key(label))
            {
                if citations[i] == 0 {
                    order.push(i);
                }
                citations[i] += 1;
            }
        }
    };
    cite(text, &mut order);
    let mut next = 0;
    while next < order.len() {
        let i = order[next];
        cite(&defined[i].1, &mut order);
        next += 1;
    }
    let cited: Vec<bool> = citations.iter().map(|&c| c > 0).collect();
    order.extend((0..defined.len()).filter(|&i| !cited[i]));
    let mut slots: Vec<Option<(CowStr<'a>, Vec<Event<'a>>)>> =
        defined.into_iter().map(Some).collect();
    let mut notes = Notes::default();
    for (n, i) in order.into_iter().enumerate() {
        let Some((name, body)) = slots[i].take() else {
            continue;
        };
        notes.by_label.insert(key(&name), n);
        notes.notes.push(Note {
            name,
            number: n + 1,
            citations: citations[i],
            body,
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn notes(md: &str) -> (Vec<Event<'_>>, Notes<'_>) {
        take_notes(Parser::new_ext(md, crate::markdown::options()).collect())
    }

    fn summary(n: &Notes<'_>) -> Vec<(String, usize, usize)> {
        n.notes
            .iter()
            .map(|n| (n.name.to_string(), n.number, n.citations))
            .collect()
    }

    #[test]
    fn numbered_by_first_citation_not_by_definition() {
        let md = "A[^b] B[^a] C[^b].\n\n[^a]: Alpha.\n\n[^b]: Beta.\n";
        let (text, n) = notes(md);
        assert_eq!(
            summary(&n),
            [("b".into(), 1, 2), ("a".into(), 2, 1)],
            "{n:?}"
        );
        assert!(
            !text
                .iter()
                .any(|e| matches!(e, Event::Start(Tag::FootnoteDefinition(_)))),
            "definitions are taken out"
        );
        assert_eq!(n.get("a").map(|n| n.number), Some(2));
        assert!(matches!(
            n.get("b").unwrap().body.as_slice(),
            [Event::Start(Tag::Paragraph), Event::Text(t), Event::End(TagEnd::Paragraph)] if t.as_ref() == "Beta."
        ));
    }

    #[test]
    fn notes_cited_in_notes_and_never_cited() {
        let md = "[^z]: Never cited.\n\nText[^a].\n\n[^a]: See also[^c].\n\n[^c]: Third.\n";
        let (_, n) = notes(md);
        assert_eq!(
            summary(&n),
            [("a".into(), 1, 1), ("c".into(), 2, 1), ("z".into(), 3, 0)]
        );
    }

    #[test]
    fn labels_match_regardless_of_case_and_the_first_definition_wins() {
        let md = "X[^Note] y[^note].\n\n[^note]: First.\n\n[^NOTE]: Second.\n";
        let (_, n) = notes(md);
        assert_eq!(n.notes.len(), 1);
        assert_eq!(n.notes[0].citations, 2);
        assert_eq!(n.get("NoTe").unwrap().number, 1);
    }

    #[test]
    fn a_body_without_notes() {
        let (text, n) = notes("Just text.\n");
        assert!(n.is_empty());
        assert_eq!(text.len(), 3);
    }
}
