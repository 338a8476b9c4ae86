//! Part of the check step: what the lints share. A markdown body parsed once
//! with byte ranges, positions turned into file `line:column`, the words of
//! the running text, and the lines of a front-matter header.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::content::frontmatter;
use crate::diagnostics::{Diagnostic, line_col};

/// The options the build renders with, so the lints see the same structure.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A markdown body of one file, parsed once.
pub struct Body<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// File line of the body's first line.
    pub first_line: usize,
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// [`words`], computed once for the lints that share it.
    words: std::sync::OnceLock<Vec<Option<Word>>>,
}

impl<'a> Body<'a> {
    pub fn new(file: &'a Path, text: &'a str, first_line: usize) -> Self {
        let events = Parser::new_ext(text, options())
            .into_offset_iter()
            .collect();
        Body {
            file,
            text,
            first_line,
            events,
            words: std::sync::OnceLock::new(),
        }
    }

    /// Points `d` at byte `offset` of the body, underlining `len` bytes
    /// (cut at the end of the line).
    pub fn at(&self, d: Diagnostic, offset: usize, len: usize) -> Diagnostic {
        let (line, column) = line_col(self.text, offset);
        let start = floor(self.text, offset.min(self.text.len()));
        let end = floor(self.text, (start + len).min(self.text.len()));
        let rest = &self.text[start..end];
        let width = rest
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r')
            .chars()
            .count();
        let mut d = d.at(self.text, line, column).width(width);
        d.line = line + self.first_line.max(1) - 1;
        d
    }

    /// "line:column" in the file, for messages that point elsewhere.
    pub fn place(&self, offset: usize) -> String {
        let (line, column) = line_col(self.text, offset);
        format!("{}:{column}", line + self.first_line.max(1) - 1)
    }
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
    /// Lower-case, without surrounding punctuation.
    pub norm: String,
    /// Byte range in the body of the word as written (with its punctuation).
    pub start: usize,
    pub end: usize,
    /// Punctuation right after the word (`,` `.` `;` ...).
    pub trailing_punct: bool,
    /// The word starts right after a sentence's end with no space
    /// ("diplomacy.rritory": this is "rritory").
    pub glued: bool,
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
    for (e, r) in &body.events {
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
        // "diplomacy.rritory": a sentence end glued to the next word.
        let mut parts: Vec<(usize, &str, bool)> = Vec::new();
        let mut from = 0;
        // Most words have no inner sentence mark: skip the search for them.
        let inner = raw.len() > 2
            && raw
                .get(1..raw.len() - 1)
                .is_none_or(|m| m.contains(['.', '!', '?']));
        let chars: Vec<(usize, char)> = if inner {
            raw.char_indices().collect()
        } else {
            Vec::new()
        };
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
        for (off, part, glued) in parts {
            let norm: String = part
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if norm.is_empty() {
                continue;
            }
            let trailing_punct = part
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_alphanumeric() && !matches!(c, '’' | '\''));
            out.push(Some(Word {
                norm,
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

/// The text of an article's file with the place of a header key, for
/// findings about the front matter.
pub struct Header {
    pub text: String,
    /// File line of `key:`, and the column where its value starts.
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

/// Finds `key:` in the front matter of `root/source`; None when the file
/// cannot be read (then the finding is reported without a position).
pub fn header_key(root: &Path, source: &Path, key: &str) -> Option<Header> {
    let text = std::fs::read_to_string(root.join(source)).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let split = frontmatter::split(source, &text).ok()?;
    let line = frontmatter::key_line(&split, key)?;
    drop(split);
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let after_key = line_text.find(':').map_or(0, |i| i + 1);
    let value_start =
        after_key + (line_text[after_key..].len() - line_text[after_key..].trim_start().len());
    let value = line_text[value_start..].trim_end();
    Some(Header {
        column: line_text[..value_start].chars().count() + 1,
        width: value.chars().count(),
        line,
        text,
    })
}

/// A finding about an article's header: at `key:` when it is written, else
/// at the opening `---`.
pub fn at_header(root: &Path, source: &Path, key: &str, d: Diagnostic) -> Diagnostic {
    match header_key(root, source, key) {
        Some(h) => {
            let (line, column, width) = (h.line, h.column, h.width);
            d.at(&h.text, line, column).width(width)
        }
        None => match std::fs::read_to_string(root.join(source)) {
            Ok(text) => d.at(&text, 1, 1).width(3),
            Err(_) => d,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(md: &str) -> Vec<String> {
        let body = Body::new(Path::new("a.md"), md, 1);
        words(&body)
            .iter()
            .map(|w| w.as_ref().map_or("|".to_string(), |w| w.norm.clone()))
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
        let body = Body::new(Path::new("a.md"), "one\ntwo three\n", 9);
        let d = body.at(Diagnostic::warning("a.md", "x"), 8, 5);
        assert_eq!((d.line, d.column, d.width), (10, 5, 5));
        assert_eq!(d.source_line.as_deref(), Some("two three"));
    }
}
