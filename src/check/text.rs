//! Part of the check step: what the lints share. A markdown body as the
//! markdown stage parsed it (events with byte ranges), positions turned into
//! file `line:column`, and the words of the running text.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
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
    positions: Positions<'a>,
}

/// Turns byte offsets of one text into places (line, column, the line's
/// start) without scanning the text once per finding: the line starts and
/// a count of characters every [`CHUNK`] bytes are made once, on the first
/// finding, so that twenty thousand findings on one 500 KB line cost
/// twenty thousand look-ups, not twenty thousand scans of the line.
pub struct Positions<'a> {
    text: &'a str,
    /// Byte offsets where the text's lines start.
    lines: std::sync::OnceLock<Vec<usize>>,
    /// Characters before each [`CHUNK`] bytes of the text.
    chars_before: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes of text per entry of [`Body::chars_before`].
const CHUNK: usize = 1024;

/// Characters in `bytes`, counted as UTF-8 lead bytes (a slice may start
/// or end inside a character).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> Body<'a> {
    pub fn new(file: &'a Path, parsed: &'a Parsed<'a>, first_line: usize) -> Self {
        Body {
            file,
            text: parsed.text,
            first_line,
            events: &parsed.events,
            words: std::sync::OnceLock::new(),
            positions: Positions::new(parsed.text),
        }
    }

    /// Points `d` at byte `offset` of the body, underlining `len` bytes
    /// (cut at the end of the line).
    pub fn at(&self, d: Diagnostic, offset: usize, len: usize) -> Diagnostic {
        self.positions.point(self.first_line, d, offset, len)
    }

    /// "line:column" in the file, for messages that point elsewhere.
    pub fn line_and_column(&self, offset: usize) -> String {
        let p = self.positions.place(offset, 0);
        format!("{}:{}", p.line + self.first_line.max(1) - 1, p.column)
    }
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        Positions {
            text,
            lines: std::sync::OnceLock::new(),
            chars_before: std::sync::OnceLock::new(),
        }
    }

    /// Points `d` at byte `offset` of the text, which starts on file line
    /// `first_line`, underlining `len` bytes (cut at the end of the line).
    pub fn point(&self, first_line: usize, d: Diagnostic, offset: usize, len: usize) -> Diagnostic {
        place_at(self.text, first_line, d, &self.place(offset, len))
    }

    /// (line, column) in the text of byte `offset`, both from 1, the column
    /// in characters: found by halving among the line starts.
    fn place(&self, offset: usize, len: usize) -> Place {
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = floor(self.text, offset.min(self.text.len()));
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts[line - 1];
        // Where the line ends (its `\n`), from the next line's start: found
        // by scanning, it cost a finding the rest of a long line.
        let line_end = starts.get(line).map_or(self.text.len(), |s| s - 1);
        Place {
            offset,
            len,
            line,
            column: self.chars_to(offset) - self.chars_to(line_start) + 1,
            line_start,
            line_end,
        }
    }

    /// Characters in the text before byte `offset`: at most [`CHUNK`]
    /// bytes counted.
    fn chars_to(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let before = self.chars_before.get_or_init(|| {
            let mut n = 0;
            bytes
                .chunks(CHUNK)
                .map(|c| {
                    let at = n;
                    n += chars_in(c);
                    at
                })
                .collect()
        });
        let chunk = offset / CHUNK;
        before.get(chunk).copied().unwrap_or(0) + chars_in(&bytes[chunk * CHUNK..offset])
    }
}

/// Where in a body a finding points: byte `offset` and `len`, its body
/// line and column, and where that line starts.
struct Place {
    offset: usize,
    len: usize,
    line: usize,
    column: usize,
    line_start: usize,
    /// Byte offset of the end of the line (its `\n`, or the text's end).
    line_end: usize,
}

fn place_at(text: &str, first_line: usize, mut d: Diagnostic, at: &Place) -> Diagnostic {
    let start = floor(text, at.offset.min(text.len()));
    let end = floor(text, (start + at.len).min(text.len()));
    let line_start = at.line_start.min(start);
    let line_end = at.line_end.max(start);
    let width = text[start..end.min(line_end)]
        .trim_end_matches('\r')
        .chars()
        .count();
    // Of a long line, only the part around the finding is kept (and looked
    // at), so that a thousand findings on a 1 MB paragraph cost a thousand
    // parts, not a thousand paragraphs.
    let from = floor(text, start.saturating_sub(WINDOW).max(line_start));
    let to = floor(text, (start + 2 * WINDOW).min(line_end));
    let mut part = String::with_capacity(to - from + 6);
    if from > line_start {
        // The `…` stands where the last character left out was.
        part.push('…');
        d.source_from = at.column - chars_in(&text.as_bytes()[from..start]) - 2;
    }
    part.push_str(text[from..to].trim_end_matches('\r'));
    if !text[to..line_end].trim_end_matches('\r').is_empty() {
        part.push('…');
    }
    d.source_line = Some(part);
    d.line = at.line + first_line.max(1) - 1;
    d.column = at.column.max(1);
    d.width(width)
}

/// Bytes of a long line kept before a finding (twice as many after it).
const WINDOW: usize = 400;

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

/// Whether the character at byte `i` of `s` is white space, and its length:
/// ASCII is judged byte by byte, anything else decoded.
fn space_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C), 1);
    }
    match s[i..].chars().next() {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (true, 1),
    }
}

/// The runs of characters other than white space in `s`, with their offsets.
fn raw_words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let skip = |i: &mut usize, space: bool| {
            while *i < s.len() {
                let (is_space, len) = space_at(s, *i);
                if is_space != space {
                    break;
                }
                *i += len;
            }
        };
        skip(&mut i, true);
        if i >= s.len() {
            return None;
        }
        let start = i;
        skip(&mut i, false);
        Some((start, &s[start..i]))
    })
}

fn split_words(text: &str, r: Range<usize>, out: &mut Vec<Option<Word>>) {
    for (i, raw) in raw_words(&text[r.clone()]) {
        let start = r.start + i;
        // "diplomacy.rritory": a sentence end glued to the next word. Most
        // words have no inner sentence mark: only they are taken apart.
        let inner = raw.len() > 2
            && raw.as_bytes()[1..raw.len() - 1]
                .iter()
                .any(|b| matches!(b, b'.' | b'!' | b'?'));
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
    use crate::diagnostics::Diagnostic;

    /// Every finding is placed as a scan from the text's start would place
    /// it: line, column in characters, the line shown, its end on the
    /// line's own `\n` (also for the last line, CRLF and multibyte text).
    #[test]
    fn positions_place_as_a_scan_would() {
        let text = "first line\r\nسطر ثانیہ، with words\n\nlast, no newline";
        let p = super::Positions::new(text);
        for (offset, _) in text.char_indices() {
            let d = p.point(3, Diagnostic::warning("f.md", "m"), offset, 1);
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            assert_eq!(d.line, line + 2, "at {offset}");
            assert_eq!(
                d.column,
                text[start..offset].chars().count() + 1,
                "at {offset}"
            );
            let shown = text[start..end].trim_end_matches('\r');
            assert_eq!(d.source_line.as_deref(), Some(shown), "at {offset}");
        }
    }

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

    #[test]
    fn a_long_line_is_kept_around_the_finding() {
        // Three bytes a character, over many chunks of the column index.
        let line = "ن ".repeat(3_000);
        let text = format!("first\n{line}\r\nlast\n");
        let (parsed, _) = Parsed::new(&text);
        let body = Body::new(Path::new("a.md"), &parsed, 1);
        for at in [0, 2, 1023, 1025, 5_001, 8_997] {
            let offset = 6 + at;
            let d = body.at(Diagnostic::warning("a.md", "x"), offset, 2);
            let column = line[..at].chars().count() + 1;
            assert_eq!((d.line, d.column, d.width), (2, column, 1), "at {at}");
            let part = d.source_line.clone().unwrap();
            assert!(part.chars().count() <= 3 * WINDOW + 2, "{}", part.len());
            assert!(!part.contains('\r'));
            // What the snippet shows is the line from `source_from` on.
            let kept: String = part.trim_matches('…').into();
            let skipped = d.source_from + usize::from(part.starts_with('…'));
            assert!(
                line.chars()
                    .skip(skipped)
                    .collect::<String>()
                    .starts_with(&kept)
            );
            assert_eq!(part.starts_with('…'), d.source_from > 0, "at {at}");
            assert!(d.to_string().contains("ن ن"), "{d}");
        }
        let d = body.at(Diagnostic::warning("a.md", "x"), 0, 3);
        assert_eq!(d.source_line.as_deref(), Some("first"));
    }
}
