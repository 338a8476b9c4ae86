//! Part of the check step: what the lints share. A markdown body as the
//! markdown stage parsed it (events with byte ranges), positions turned into
//! file `line:column`, and the words of the running text.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, line_col};
use crate::markdown::Parsed;

/// A markdown body of one file, from its one parse.
pub struct Body<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// File line of the body's first line.
    pub first_line: usize,
    pub events: &'a [(Event<'a>, Range<usize>)],
    /// [`words`], computed once for the lints that share it.
    words: std::sync::OnceLock<Vec<Option<Word>>>,
}

impl<'a> Body<'a> {
    pub fn new(file: &'a Path, parsed: &'a Parsed<'a>, first_line: usize) -> Self {
        Body {
            file,
            text: parsed.text,
            first_line,
            events: &parsed.events,
            words: std::sync::OnceLock::new(),
        }
    }

    /// Points `d` at byte `offset` of the body, underlining `len` bytes
    /// (cut at the end of the line).
    pub fn at(&self, d: Diagnostic, offset: usize, len: usize) -> Diagnostic {
        point(self.text, self.first_line, d, offset, len)
    }

    /// "line:column" in the file, for messages that point elsewhere.
    pub fn place(&self, offset: usize) -> String {
        let (line, column) = line_col(self.text, offset);
        format!("{}:{column}", line + self.first_line.max(1) - 1)
    }
}

/// Points `d` at byte `offset` of `text`, a body that starts on file line
/// `first_line`, underlining `len` bytes (cut at the end of the line).
pub fn point(
    text: &str,
    first_line: usize,
    d: Diagnostic,
    offset: usize,
    len: usize,
) -> Diagnostic {
    let (line, column) = line_col(text, offset);
    let start = floor(text, offset.min(text.len()));
    let end = floor(text, (start + len).min(text.len()));
    let rest = &text[start..end];
    let width = rest
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .chars()
        .count();
    let mut d = d.at(text, line, column).width(width);
    d.line = line + first_line.max(1) - 1;
    d
}

pub fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One word of the running text.
#[derive(Debug, Clone)]
pub struct Word {
    /// A hash of the word lower-cased, without surrounding punctuation:
    /// words compare by it (no string is made for each of a long text's
    /// words); [`Word::norm`] gives the text when a finding needs it.
    pub key: u64,
    /// Byte range in the body of the word as written (with its punctuation).
    pub start: usize,
    pub end: usize,
    /// Byte range of the word without its surrounding punctuation.
    pub core: (usize, usize),
    /// Punctuation right after the word (`,` `.` `;` ...).
    pub trailing_punct: bool,
    /// The word starts right after a sentence's end with no space
    /// ("diplomacy.rritory": this is "rritory").
    pub glued: bool,
}

impl Word {
    /// The word lower-cased, without surrounding punctuation.
    pub fn norm(&self, text: &str) -> String {
        text[self.core.0..self.core.1].to_lowercase()
    }
}

/// A hash of `word` lower-cased (FxHash's mixing step; a 64-bit value, so
/// two different words of one article practically never share one).
fn word_key(word: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, x: u64| (h.rotate_left(5) ^ x).wrapping_mul(K);
    let mut h = 0u64;
    if word.is_ascii() {
        for b in word.bytes() {
            h = mix(h, u64::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            h = mix(h, u64::from(c));
        }
    }
    h
}

/// The running text as words; `None` marks a boundary between blocks
/// (paragraphs, headings, list items) that runs of words do not cross.
/// Code, tables and raw HTML are left out.
pub fn words<'b>(body: &'b Body<'_>) -> &'b [Option<Word>] {
    body.words.get_or_init(|| compute_words(body))
}

fn compute_words(body: &Body<'_>) -> Vec<Option<Word>> {
    let mut out: Vec<Option<Word>> = Vec::new();
    let mut skip = 0usize;
    let mut span: Option<Range<usize>> = None;
    let flush = |span: &mut Option<Range<usize>>, out: &mut Vec<Option<Word>>| {
        if let Some(r) = span.take() {
            split_words(body.text, r, out);
        }
    };
    for (e, r) in body.events {
        match e {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Table(_) | Tag::HtmlBlock | Tag::MetadataBlock(_),
            ) => {
                flush(&mut span, &mut out);
                skip += 1;
            }
            Event::End(
                TagEnd::CodeBlock | TagEnd::Table | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_),
            ) => {
                skip = skip.saturating_sub(1);
                out.push(None);
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => {
                flush(&mut span, &mut out);
                out.push(None);
            }
            Event::Text(_) if skip == 0 => {
                // Smart punctuation splits text at quotes; join what is contiguous.
                span = match span.take() {
                    Some(s) if s.end == r.start => Some(s.start..r.end),
                    Some(s) => {
                        split_words(body.text, s, &mut out);
                        Some(r.clone())
                    }
                    None => Some(r.clone()),
                };
            }
            Event::SoftBreak | Event::HardBreak => {}
            Event::Code(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => {
                flush(&mut span, &mut out);
            }
            _ => {}
        }
    }
    flush(&mut span, &mut out);
    out
}

fn split_words(text: &str, r: Range<usize>, out: &mut Vec<Option<Word>>) {
    let slice = &text[r.clone()];
    let mut i = 0;
    for piece in slice.split_inclusive(char::is_whitespace) {
        let raw = piece.trim_end();
        let start = r.start + i;
        i += piece.len();
        if raw.is_empty() {
            continue;
        }
        // "diplomacy.rritory": a sentence end glued to the next word. Most
        // words have no inner sentence mark: only they are taken apart.
        let inner = raw.len() > 2
            && raw
                .get(1..raw.len() - 1)
                .is_none_or(|m| m.contains(['.', '!', '?']));
        let mut parts: Vec<(usize, &str, bool)> = Vec::new();
        if inner {
            let chars: Vec<(usize, char)> = raw.char_indices().collect();
            let mut from = 0;
            for w in 1..chars.len().saturating_sub(1) {
                let (at, c) = chars[w];
                if matches!(c, '.' | '!' | '?')
                    && chars[w - 1].1.is_lowercase()
                    && chars[w + 1].1.is_lowercase()
                    && at + 1 > from
                {
                    parts.push((from, &raw[from..at + 1], from > 0));
                    from = at + 1;
                }
            }
            parts.push((from, &raw[from..], from > 0));
        }
        let whole = [(0, raw, false)];
        let parts: &[(usize, &str, bool)] = if inner { &parts } else { &whole };
        for &(off, part, glued) in parts {
            let core = part.trim_start_matches(|c: char| !c.is_alphanumeric());
            let core_start = part.len() - core.len();
            let core = core.trim_end_matches(|c: char| !c.is_alphanumeric());
            if core.is_empty() {
                continue;
            }
            let core_start = start + off + core_start;
            let trailing_punct = part
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_alphanumeric() && !matches!(c, '’' | '\''));
            out.push(Some(Word {
                key: word_key(core),
                core: (core_start, core_start + core.len()),
                start: start + off,
                end: start + off + part.len(),
                trailing_punct,
                glued,
            }));
        }
    }
}

/// The plain text of the events between `from` and the end of the element
/// they start (exclusive indices into `body.events`).
pub fn inner_text(events: &[(Event<'_>, Range<usize>)], from: usize) -> (String, usize) {
    let mut depth = 0usize;
    let mut s = String::new();
    for (i, (e, _)) in events.iter().enumerate().skip(from) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (s, i);
                }
            }
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    (s, events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(md: &str) -> Vec<String> {
        let (parsed, _) = Parsed::new(md);
        let body = Body::new(Path::new("a.md"), &parsed, 1);
        words(&body)
            .iter()
            .map(|w| w.as_ref().map_or("|".to_string(), |w| w.norm(md)))
            .collect()
    }

    #[test]
    fn words_skip_code_and_tables_and_split_glued_sentences() {
        let n = norms("It isn't *so*.\n\n```\ncode here\n```\n\nin diplomacy.rritory without\n");
        let n: Vec<&str> = n.iter().map(String::as_str).filter(|w| *w != "|").collect();
        assert_eq!(
            n,
            ["it", "isn't", "so", "in", "diplomacy", "rritory", "without"]
        );
    }

    #[test]
    fn positions_are_file_lines() {
        let (parsed, _) = Parsed::new("one\ntwo three\n");
        let body = Body::new(Path::new("a.md"), &parsed, 9);
        let d = body.at(Diagnostic::warning("a.md", "x"), 8, 5);
        assert_eq!((d.line, d.column, d.width), (10, 5, 5));
        assert_eq!(d.source_line.as_deref(), Some("two three"));
    }
}
