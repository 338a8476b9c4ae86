//! Part of the content stage: where each top-level key of a front-matter
//! header is written. Kept with what the file says, so that every later
//! finding about a key (a long title, a future date, a URL claimed twice)
//! points at its line without reading the file again.

use std::sync::Arc;

use serde_saphyr::Spanned;

use super::frontmatter::Split;
use crate::diagnostics::Diagnostic;

/// The place of one `key: value` line of a header, as byte ranges of the
/// file's text (which the article keeps anyway): no strings of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyAt {
    /// The key's name, as a byte range of the file.
    key: (usize, usize),
    /// The whole line, as a byte range of the file.
    line_text: (usize, usize),
    /// File line number, from 1.
    line: usize,
    /// Column (in characters, from 1) where the value starts, quote included.
    column: usize,
    /// Width of the value as written, in characters.
    width: usize,
}

/// Every top-level key of one header, in order.
#[derive(Debug, Clone, Default)]
pub struct HeaderKeys {
    file: Arc<str>,
    keys: Vec<KeyAt>,
    /// The keys under `extra:`; `column` and `width` are the key's own.
    extra: Vec<KeyAt>,
}

impl Eq for HeaderKeys {}

impl PartialEq for HeaderKeys {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys
            && self.extra == other.extra
            && (Arc::ptr_eq(&self.file, &other.file) || self.file == other.file)
    }
}

impl HeaderKeys {
    /// Reads the keys' places from a split file. Keys are the header's
    /// unindented `name:` lines; continuation and list lines belong to the
    /// key above them.
    pub fn read(split: &Split<'_>, file: &Arc<str>) -> HeaderKeys {
        let mut keys = Vec::new();
        // The header's first line follows the opening `---` line.
        let mut offset = file.find('\n').map_or(file.len(), |i| i + 1);
        for (i, raw) in file[offset..].split_inclusive('\n').enumerate() {
            let line = i + split.header_line;
            let text = raw.trim_end_matches(['\n', '\r']);
            if line >= split.body_line.saturating_sub(1) {
                break;
            }
            if let Some(k) = key_at(text, offset, line) {
                keys.push(k);
            }
            offset += raw.len();
        }
        HeaderKeys {
            file: file.clone(),
            keys,
            extra: Vec::new(),
        }
    }

    /// These keys with those of `extra:` (as the header's reader placed
    /// them, in the header's lines), for findings about a theme's key.
    pub fn with_extra(mut self, keys: &[Spanned<String>], split: &Split<'_>) -> HeaderKeys {
        if keys.is_empty() {
            return self;
        }
        let starts: Vec<usize> = std::iter::once(0)
            .chain(self.file.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for k in keys {
            let line = k.referenced.line() as usize + split.header_line - 1;
            let Some(&start) = starts.get(line.saturating_sub(1)) else {
                continue;
            };
            let end = starts.get(line).map_or(self.file.len(), |e| e - 1);
            let text = self.file[start..end].trim_end_matches('\r');
            let column = k.referenced.column() as usize;
            let Some((at, _)) = text.char_indices().nth(column.saturating_sub(1)) else {
                continue;
            };
            // A quoted key is placed at its quote.
            let at = at + usize::from(text[at..].starts_with(['"', '\'']));
            // A key written with escapes is not found as written: left out.
            if !text[at..].starts_with(k.value.as_str()) {
                continue;
            }
            let len = k.value.len();
            self.extra.push(KeyAt {
                key: (start + at, start + at + len),
                line_text: (start, start + text.len()),
                line,
                column: text[..at].chars().count() + 1,
                width: k.value.chars().count(),
            });
        }
        self
    }

    /// The keys under `extra:`, each with a function that points a
    /// finding at it.
    pub fn extra_keys(&self) -> impl Iterator<Item = (&str, ExtraKey<'_>)> {
        self.extra
            .iter()
            .map(|k| (&self.file[k.key.0..k.key.1], ExtraKey { keys: self, at: k }))
    }

    fn find(&self, key: &str) -> Option<&KeyAt> {
        self.keys
            .iter()
            .find(|k| self.file.get(k.key.0..k.key.1) == Some(key))
    }

    /// The value of `key` as written on its line, quotes removed; None
    /// when the key is absent or its value is on the lines below.
    pub fn value(&self, key: &str) -> Option<&str> {
        let k = self.find(key)?;
        let text = self.file.get(k.line_text.0..k.line_text.1)?;
        let start = text.char_indices().nth(k.column - 1)?.0;
        let end = text[start..]
            .char_indices()
            .nth(k.width)
            .map_or(text.len(), |(i, _)| start + i);
        let value = text[start..end].trim();
        (!value.is_empty()).then(|| value.trim_matches(['"', '\'']))
    }

    /// Points `d` at the value of `key` when it is written, else at the
    /// opening `---` (the header as a whole).
    pub fn point(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.find(key) {
            Some(k) => {
                let text = self.file.get(k.line_text.0..k.line_text.1).unwrap_or("");
                d.at(text, 1, k.column).line_number(k.line).width(k.width)
            }
            None => {
                let opening = self.file.lines().next().unwrap_or("---");
                d.at(opening, 1, 1).width(3)
            }
        }
    }
}

/// One key under `extra:`, to point a finding at.
pub struct ExtraKey<'a> {
    keys: &'a HeaderKeys,
    at: &'a KeyAt,
}

impl ExtraKey<'_> {
    /// Points `d` at the key itself.
    pub fn point(&self, d: Diagnostic) -> Diagnostic {
        let k = self.at;
        let text = self
            .keys
            .file
            .get(k.line_text.0..k.line_text.1)
            .unwrap_or("");
        d.at(text, 1, k.column).line_number(k.line).width(k.width)
    }
}

/// The place of `key: value` on one header line starting at byte `offset`.
fn key_at(line_text: &str, offset: usize, line: usize) -> Option<KeyAt> {
    if line_text.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let colon = line_text.find(':')?;
    let key = line_text[..colon].trim();
    if key.is_empty() || key.contains(' ') {
        return None;
    }
    let key_start = offset + line_text[..colon].find(key).unwrap_or(0);
    let rest = &line_text[colon + 1..];
    let value_start = colon + 1 + (rest.len() - rest.trim_start().len());
    let value = line_text[value_start..].trim_end();
    Some(KeyAt {
        key: (key_start, key_start + key.len()),
        line_text: (offset, offset + line_text.len()),
        line,
        column: line_text[..value_start].chars().count() + 1,
        width: value.chars().count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn extra_keys_are_placed_in_the_file() {
        let text = "---\ntitle: A\nextra:\n  hero: wide\n  \"disclaimr\": x\n---\nBody\n";
        let split = super::super::frontmatter::split(Path::new("a.md"), text).unwrap();
        let h: crate::content::frontmatter::ArticleHeader =
            super::super::frontmatter::parse(Path::new("a.md"), text, &split).unwrap();
        let keys = HeaderKeys::read(&split, &Arc::from(text)).with_extra(&h.extra.keys, &split);
        let found: Vec<(&str, usize, usize, usize)> = keys
            .extra_keys()
            .map(|(k, at)| {
                let d = at.point(Diagnostic::warning("a.md", "x"));
                (k, d.line, d.column, d.width)
            })
            .collect();
        assert_eq!(found, [("hero", 4, 3, 4), ("disclaimr", 5, 4, 9)]);
        let text = "---\ntitle: A\nextra: {hero: wide, disclaimr: x}\n---\n";
        let split = super::super::frontmatter::split(Path::new("a.md"), text).unwrap();
        let h: crate::content::frontmatter::ArticleHeader =
            super::super::frontmatter::parse(Path::new("a.md"), text, &split).unwrap();
        let keys = HeaderKeys::read(&split, &Arc::from(text)).with_extra(&h.extra.keys, &split);
        let d = keys
            .extra_keys()
            .nth(1)
            .unwrap()
            .1
            .point(Diagnostic::warning("a.md", "x"));
        assert_eq!((d.line, d.column, d.width), (3, 21, 9));
        assert_eq!(
            d.source_line.as_deref(),
            Some("extra: {hero: wide, disclaimr: x}")
        );
    }

    #[test]
    fn keys_are_found_with_their_values() {
        let text = "---\ntitle: \"A: b\"\ntags:\n  - x\ndate: 2025-01-01\n---\nBody\n";
        let split = super::super::frontmatter::split(Path::new("a.md"), text).unwrap();
        let keys = HeaderKeys::read(&split, &Arc::from(text));
        let d = keys.point("title", Diagnostic::warning("a.md", "long"));
        assert_eq!((d.line, d.column, d.width), (2, 8, 6));
        assert_eq!(d.source_line.as_deref(), Some("title: \"A: b\""));
        let d = keys.point("x", Diagnostic::warning("a.md", "x"));
        assert_eq!(d.line, 1, "list items are not keys");
        let d = keys.point("summary", Diagnostic::warning("a.md", "no summary"));
        assert_eq!((d.line, d.column, d.width), (1, 1, 3));
        let d = keys.point("date", Diagnostic::warning("a.md", "future"));
        assert_eq!((d.line, d.column), (5, 7));
        assert_eq!(d.source_line.as_deref(), Some("date: 2025-01-01"));
        assert_eq!(keys.value("title"), Some("A: b"));
        assert_eq!(keys.value("date"), Some("2025-01-01"));
        assert_eq!(keys.value("tags"), None);
    }
}
