//! Part of the markdown stage: heading ids and the table of contents. Every
//! heading gets an id, its own `{#id}` or one made from its text and made
//! unique; the `##`/`###` ones make the table of contents.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::TocEntry;

/// Gives every heading an id (its own `{#id}`, else one made from its text,
/// made unique) and collects the `##`/`###` ones into a table of contents.
pub(super) fn assign_ids(events: &mut [(Event, Range<usize>)]) -> Vec<TocEntry> {
    let mut ids = HeadingIds::default();
    // Explicit ids win: reserve them first so generated ones avoid them.
    for (e, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            ids.reserve(id);
        }
    }
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level;
            let explicit = id.clone();
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
            let id = match explicit {
                Some(id) => id.to_string(),
                None => {
                    let id = ids.unique(&title);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    id
                }
            };
            let entry = TocEntry {
                id,
                title,
                children: Vec::new(),
            };
            match level {
                HeadingLevel::H2 => toc.push(entry),
                HeadingLevel::H3 => match toc.last_mut() {
                    Some(parent) => parent.children.push(entry),
                    None => toc.push(entry),
                },
                _ => {}
            }
            i = end;
        }
        i += 1;
    }
    toc
}

/// The ids given to a body's headings so far. The first heading with a
/// given text gets its slug, the next ones `slug-1`, `slug-2`, ...: the
/// lowest free suffix. Where to start looking is remembered per slug, so
/// that n identical headings cost n probes, not n²/2.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    /// Per slug, the suffix below which every `slug-k` is taken.
    next: HashMap<String, usize>,
    /// Ids looked up in `used`, for the tests.
    #[cfg(test)]
    probes: usize,
}

impl HeadingIds {
    /// An id written in the body (`{#id}`): generated ones avoid it.
    fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A free id for a heading with this text.
    fn unique(&mut self, title: &str) -> String {
        let mut base = crate::content::slug::slugify(title);
        if base.is_empty() {
            base = "section".into();
        }
        // Ids are only ever added, so a suffix found taken stays taken.
        let mut n = self.next.get(&base).copied().unwrap_or(0);
        let id = loop {
            let id = if n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            #[cfg(test)]
            {
                self.probes += 1;
            }
            n += 1;
            if !self.used.contains(&id) {
                break id;
            }
        };
        self.next.insert(base, n);
        self.used.insert(id.clone());
        id
    }
}

fn plain_text<'e>(events: impl Iterator<Item = &'e Event<'e>>) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids as folio gave them before the suffixes were remembered: the
    /// lowest free suffix, looked for from 1 every time.
    fn ids_from_scratch(titles: &[&str], explicit: &[&str]) -> Vec<String> {
        let mut used: HashSet<String> = explicit.iter().map(|s| s.to_string()).collect();
        titles
            .iter()
            .map(|t| {
                let base = crate::content::slug::slugify(t);
                let base = if base.is_empty() {
                    "section".into()
                } else {
                    base
                };
                let (mut id, mut n) = (base.clone(), 1);
                while used.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(id.clone());
                id
            })
            .collect()
    }

    #[test]
    fn heading_ids_are_the_lowest_free_suffix() {
        let titles = [
            "Intro", "Intro 1", "Intro", "Intro", "Intro 2", "Intro-1", "Intro 4", "Intro",
            "Intro", "", "Section", "", "Intro 1", "Intro 1", "Intro",
        ];
        let explicit = ["intro-3", "section-1", "intro-1-1"];
        let mut ids = HeadingIds::default();
        for id in explicit {
            ids.reserve(id);
        }
        let got: Vec<String> = titles.iter().map(|t| ids.unique(t)).collect();
        assert_eq!(got, ids_from_scratch(&titles, &explicit));
    }

    #[test]
    fn identical_headings_cost_one_probe_each() {
        let n = 20_000;
        let mut ids = HeadingIds::default();
        for _ in 0..n {
            ids.unique("Heading");
        }
        assert_eq!(ids.probes, n);
        // Ids that a later heading's suffix would have taken cost one more
        // probe each, once.
        let mut ids = HeadingIds::default();
        for k in 1..=100 {
            ids.reserve(&format!("heading-{k}"));
        }
        for _ in 0..n {
            ids.unique("Heading");
        }
        assert_eq!(ids.probes, n + 100);
        assert_eq!(ids.unique("Heading"), format!("heading-{}", n + 100));
    }
}
