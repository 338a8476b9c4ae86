//! Part of the content stage: where each top-level key of a front-matter
//! header is written. Kept with what the file says, so that every later
//! finding about a key (a long title, a future date, a URL claimed twice)
//! points at its line without reading the file again.

use super::frontmatter::Split;
use crate::diagnostics::Diagnostic;

/// The place of one `key: value` line of a header, in file coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPos {
    pub key: String,
    pub line: usize,
    /// Column (in characters, from 1) where the value starts, quote included.
    pub column: usize,
    /// Width of the value as written, in characters.
    pub width: usize,
    /// The whole line, for the snippet under a message.
    pub text: String,
}

impl KeyPos {
    /// The column of the value's text, after an opening quote.
    pub fn text_column(&self) -> usize {
        let quoted = self
            .text
            .chars()
            .nth(self.column.saturating_sub(1))
            .is_some_and(|c| c == '"' || c == '\'');
        self.column + usize::from(quoted)
    }
}

/// Every top-level key of one header, in order, and the opening line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderKeys {
    /// The file's first line (the opening `---`).
    opening: String,
    keys: Vec<KeyPos>,
}

impl HeaderKeys {
    /// Reads the keys' places from a split file. Keys are the header's
    /// unindented `name:` lines; continuation and list lines belong to the
    /// key above them.
    pub fn read(split: &Split<'_>, file_text: &str) -> HeaderKeys {
        let opening = file_text
            .lines()
            .next()
            .unwrap_or("---")
            .trim_end_matches('\r')
            .to_string();
        let keys = split
            .header
            .lines()
            .enumerate()
            .filter_map(|(i, l)| key_pos(l, i + split.header_line))
            .collect();
        HeaderKeys { opening, keys }
    }

    pub fn get(&self, key: &str) -> Option<&KeyPos> {
        self.keys.iter().find(|k| k.key == key)
    }

    /// Points `d` at the value of `key` when it is written, else at the
    /// opening `---` (the header as a whole).
    pub fn point(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.get(key) {
            Some(k) => d
                .at(&k.text, 1, k.column)
                .line_number(k.line)
                .width(k.width),
            None => d.at(&self.opening, 1, 1).width(3),
        }
    }

    /// Points `d` at line `line` (a file line inside the header), column
    /// `column`, underlining `width` characters.
    pub fn point_at(&self, line: usize, column: usize, width: usize, d: Diagnostic) -> Diagnostic {
        let text = self
            .keys
            .iter()
            .find(|k| k.line == line)
            .map(|k| k.text.as_str());
        match text {
            Some(t) => d.at(t, 1, column).line_number(line).width(width),
            None => {
                let mut d = d.width(width);
                d.line = line;
                d.column = column.max(1);
                d
            }
        }
    }
}

fn key_pos(line_text: &str, line: usize) -> Option<KeyPos> {
    if line_text.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let (key, _) = line_text.split_once(':')?;
    let key = key.trim();
    if key.is_empty() || key.contains(' ') {
        return None;
    }
    let after_key = line_text.find(':').map_or(0, |i| i + 1);
    let rest = &line_text[after_key..];
    let value_start = after_key + (rest.len() - rest.trim_start().len());
    let value = line_text[value_start..].trim_end();
    Some(KeyPos {
        key: key.to_string(),
        line,
        column: line_text[..value_start].chars().count() + 1,
        width: value.chars().count(),
        text: line_text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn keys_are_found_with_their_values() {
        let text = "---\ntitle: \"A: b\"\ntags:\n  - x\ndate: 2025-01-01\n---\nBody\n";
        let split = super::super::frontmatter::split(Path::new("a.md"), text).unwrap();
        let keys = HeaderKeys::read(&split, text);
        let t = keys.get("title").unwrap();
        assert_eq!((t.line, t.column, t.width), (2, 8, 6));
        assert_eq!(t.text_column(), 9);
        assert_eq!(keys.get("date").unwrap().line, 5);
        assert!(keys.get("x").is_none());
        let d = keys.point("summary", Diagnostic::warning("a.md", "no summary"));
        assert_eq!((d.line, d.column, d.width), (1, 1, 3));
        let d = keys.point("date", Diagnostic::warning("a.md", "future"));
        assert_eq!((d.line, d.column), (5, 7));
        assert_eq!(d.source_line.as_deref(), Some("date: 2025-01-01"));
    }
}
