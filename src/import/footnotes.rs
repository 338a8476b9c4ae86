//! Footnotes in WordPress HTML: a superscript link to a list item
//! (`<sup><a href="#fn1">1</a></sup>` … `<li id="fn1">`), or Gutenberg's
//! core footnotes (`<sup data-fn="…">`, their text in the post's
//! `footnotes` meta). No HTML converter writes `[^1]`, so each reference is
//! swapped for a placeholder before conversion and its text kept aside.

use std::collections::HashMap;

use super::report::{Note, NoteKind};
use super::tags::{attr, element_end, start_tags};
use super::text::plain_text;

/// The placeholder for footnote `n`: letters and digits only, so the
/// converter neither escapes nor splits it.
pub fn placeholder(n: usize) -> String {
    format!("FOLIOFNREF{n}Z")
}

/// A reference found in the text.
struct Ref {
    range: std::ops::Range<usize>,
    /// The id it points at (`fn1`), or Gutenberg's footnote id.
    target: String,
    /// The reference's own id, which back links point at.
    own_id: Option<String>,
    label: String,
}

/// The HTML with references replaced by placeholders and the notes' list
/// removed, and the text of each note (HTML), footnote 1 first.
pub fn extract(html: &str, meta: Option<&str>, notes: &mut Vec<Note>) -> (String, Vec<String>) {
    let refs = find_refs(html);
    if refs.is_empty() {
        return (html.to_string(), Vec::new());
    }
    let gutenberg: HashMap<String, String> = meta
        .and_then(|m| serde_json::from_str::<Vec<serde_json::Value>>(m).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| {
            Some((
                v.get("id")?.as_str()?.to_string(),
                v.get("content")?.as_str()?.to_string(),
            ))
        })
        .collect();
    let back_ids: Vec<String> = refs.iter().filter_map(|r| r.own_id.clone()).collect();
    let mut defs: HashMap<String, (std::ops::Range<usize>, String)> = HashMap::new();
    for t in start_tags(html).iter().filter(|t| t.name == "li") {
        let Some(id) = attr(&html[t.start..t.end], "id") else {
            continue;
        };
        if !refs.iter().any(|r| r.target == id) {
            continue;
        }
        let Some(end) = element_end(html, "li", t.end) else {
            continue;
        };
        let inner_end = html[..end].rfind("</").unwrap_or(end);
        let inner = strip_back_links(&html[t.end..inner_end], &back_ids);
        defs.insert(id, (t.start..end, inner));
    }
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut texts: Vec<String> = Vec::new();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for r in &refs {
        let text = defs
            .get(&r.target)
            .map(|d| d.1.clone())
            .or_else(|| gutenberg.get(&r.target).cloned());
        let Some(text) = text else {
            notes.push(Note::new(
                NoteKind::Footnote,
                format!("reference {} has no note text; kept as it was", r.label),
            ));
            continue;
        };
        let n = *numbers.entry(r.target.clone()).or_insert_with(|| {
            texts.push(text);
            texts.len()
        });
        edits.push((r.range.clone(), placeholder(n)));
    }
    for (id, (range, _)) in &defs {
        if numbers.contains_key(id) {
            edits.push((range.clone(), String::new()));
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    for (range, with) in edits {
        if range.start < i {
            continue;
        }
        out.push_str(&html[i..range.start]);
        out.push_str(&with);
        i = range.end;
    }
    out.push_str(&html[i..]);
    (remove_empty_lists(&out), texts)
}

fn find_refs(html: &str) -> Vec<Ref> {
    let tags = start_tags(html);
    let mut refs = Vec::new();
    for (k, t) in tags.iter().enumerate() {
        if t.name != "sup" {
            continue;
        }
        let Some(end) = element_end(html, "sup", t.end) else {
            continue;
        };
        let sup = &html[t.start..t.end];
        let inner_link = tags[k + 1..]
            .iter()
            .take_while(|a| a.start < end)
            .find(|a| a.name == "a");
        let link_tag = inner_link.map(|a| &html[a.start..a.end]);
        let target = attr(sup, "data-fn").or_else(|| {
            link_tag
                .and_then(|a| attr(a, "href"))
                .and_then(|h| h.strip_prefix('#').map(str::to_string))
        });
        let Some(target) = target.filter(|t| !t.is_empty()) else {
            continue;
        };
        // `<a href="#fn1"><sup>1</sup></a>`: the link is around the sup.
        let mut range = t.start..end;
        if let Some(a_start) = html[..t.start].trim_end().strip_suffix('>').and_then(|_| {
            let open = html[..t.start].rfind("<a")?;
            let a = &html[open..t.start];
            (a.contains(&format!("#{target}")) && !a.contains("</a>")).then_some(open)
        }) && let Some(after) = html[end..].trim_start().strip_prefix("</a>")
        {
            range = a_start..html.len() - after.len();
        }
        refs.push(Ref {
            label: plain_text(&html[t.start..end]),
            own_id: link_tag
                .and_then(|a| attr(a, "id"))
                .or_else(|| attr(sup, "id")),
            target,
            range,
        });
    }
    refs
}

/// Removes the "↩" links from a note back to its reference.
fn strip_back_links(html: &str, back_ids: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    for t in start_tags(html).iter().filter(|t| t.name == "a") {
        if t.start < i {
            continue;
        }
        let href = attr(&html[t.start..t.end], "href").unwrap_or_default();
        let Some(end) = element_end(html, "a", t.end) else {
            continue;
        };
        let text = plain_text(&html[t.start..end]);
        let back = href
            .strip_prefix('#')
            .is_some_and(|h| back_ids.iter().any(|b| b == h))
            || matches!(text.as_str(), "↩" | "↩︎" | "↑" | "^" | "back" | "return");
        if back {
            out.push_str(&html[i..t.start]);
            i = end;
        }
    }
    out.push_str(&html[i..]);
    out.trim().to_string()
}

/// `<ol …>` or `<ul …>` holding only white space after its notes were taken out.
fn remove_empty_lists(html: &str) -> String {
    let mut out = html.to_string();
    for name in ["ol", "ul"] {
        loop {
            let tags = start_tags(&out);
            let empty = tags.iter().filter(|t| t.name == name).find_map(|t| {
                let end = element_end(&out, name, t.end)?;
                let inner_end = out[..end].rfind("</")?;
                out[t.end..inner_end]
                    .trim()
                    .is_empty()
                    .then_some(t.start..end)
            });
            match empty {
                Some(r) => out.replace_range(r, ""),
                None => break,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_footnotes_are_extracted() {
        let html = r##"<p>Claim<sup><a href="#fn1" id="ref1">1</a></sup> and more<sup><a href="#fn2" id="ref2">2</a></sup>.</p><ol class="footnotes"><li id="fn1">First <em>source</em>. <a href="#ref1">↩</a></li><li id="fn2">Second. <a href="#ref2">↩</a></li></ol>"##;
        let mut notes = Vec::new();
        let (out, defs) = extract(html, None, &mut notes);
        assert_eq!(out, "<p>ClaimFOLIOFNREF1Z and moreFOLIOFNREF2Z.</p>");
        assert_eq!(defs, ["First <em>source</em>.", "Second."]);
        assert!(notes.is_empty());
    }

    #[test]
    fn gutenberg_footnotes_come_from_meta() {
        let html = r##"<p>Text<sup data-fn="abc" class="fn"><a href="#abc" id="abc-link">1</a></sup></p>"##;
        let meta = r#"[{"content":"The note.","id":"abc"}]"#;
        let mut notes = Vec::new();
        let (out, defs) = extract(html, Some(meta), &mut notes);
        assert_eq!(out, "<p>TextFOLIOFNREF1Z</p>");
        assert_eq!(defs, ["The note."]);
    }

    #[test]
    fn unmatched_references_are_noted() {
        let mut notes = Vec::new();
        let (out, defs) = extract(
            r##"<p>x<sup><a href="#nowhere">3</a></sup></p>"##,
            None,
            &mut notes,
        );
        assert!(out.contains("<sup>"));
        assert!(defs.is_empty());
        assert_eq!(notes.len(), 1);
    }
}
