//! Part of the content stage: splitting a markdown file into its YAML header
//! and body, and reading the header into typed structs with positions that
//! are lines of the *file*, not of the header.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

pub use super::headers::{
    ArticleHeader, AuthorEntry, AuthorHeader, CorrectionHeader, DisclaimerSetting, LinkEntry,
    LinkHeader, SectionHeader, SeriesHeader,
};
use super::key_names;
use super::yaml_words::{self, Words};
use crate::diagnostics::Diagnostic;

/// A source file split at its front matter.
#[derive(Debug)]
pub struct Split<'a> {
    /// The header text, CRLF normalised to LF.
    pub header: String,
    /// File line on which the header's first line sits (the line after `---`).
    pub header_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file's text.
    pub body_start: usize,
    /// File line on which the body starts.
    pub body_line: usize,
}

/// Splits `text` (BOM already removed) into header and body.
pub fn split<'a>(file: &std::path::Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if trim_line(first) == "+++" {
        return Err(toml_header(file, text));
    }
    if trim_line(first) != "---" {
        return Err(Diagnostic::error(file, "the file does not start with a front-matter header")
            .at(text, 1, 1)
            .help("begin the file with a line `---`, then `title:` and `date:` lines, then another `---` line"));
    }
    let mut offset = first.len();
    let mut header = String::new();
    for (i, line) in lines.enumerate() {
        let trimmed = trim_line(line);
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                header,
                header_line: 2,
                body: &text[body_start..],
                body_start,
                body_line: i + 3,
            });
        }
        header.push_str(line.trim_end_matches(['\n', '\r']));
        header.push('\n');
        offset += line.len();
    }
    // Lines of the header from the file's line 2 (0: the opening `---`).
    let w = yaml_words::never_closed(&yaml_words::Header::new(&header, 2, ""));
    Err(Diagnostic::error(file, w.message)
        .at(text, w.line + 1, w.column)
        .width(w.width)
        .help(w.help))
}

/// A header between `+++` lines (TOML, as Hugo and Zola write it).
fn toml_header(file: &std::path::Path, text: &str) -> Diagnostic {
    // Show the change on the header's own first `key = value` line.
    let example = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "+++")
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            let key = key.trim();
            (!key.is_empty() && !key.contains(' ') && !key.starts_with(['#', '['])).then(|| {
                format!(
                    "`{key} = {}` becomes `{key}: {}`",
                    value.trim(),
                    value.trim()
                )
            })
        })
        .unwrap_or_else(|| {
            "`title = \"After Istanbul\"` becomes `title: \"After Istanbul\"`".into()
        });
    Diagnostic::error(
        file,
        "this header is TOML, between `+++` lines; folio reads front matter written in YAML, between `---` lines",
    )
    .at(text, 1, 1)
    .width(3)
    .help(format!(
        "replace both `+++` lines by `---`, and write each `key = value` as `key: value`: {example}; `folio import jekyll DIR` converts a whole folder of posts"
    ))
}

fn trim_line(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r', ' ', '\t'])
}

/// Limits tight enough that a billion-laughs header fails in milliseconds,
/// loose enough for any real article header.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000,
            max_aliases: 50,
            max_anchors: 50,
            max_depth: 16,
            max_total_scalar_bytes: 1 << 20,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 2_000,
        },
    }
}

/// Deserialises a header. Errors are positioned in the file and explained
/// in plain words (see `yaml_words`); every key the header does not take is
/// reported, each at its place, with what else is wrong once they are gone.
///
/// The keys the header takes are `T`'s fields ([`key_names`]): a key is
/// declared once, as a field, and every message lists them in its order.
pub fn parse<T: DeserializeOwned>(
    file: &std::path::Path,
    file_text: &str,
    split: &Split<'_>,
) -> Result<T, Vec<Diagnostic>> {
    let known_keys = &key_names::listed::<T>();
    let diagnostic = |w: Words| {
        Diagnostic::error(file, w.message)
            .at(file_text, w.line + split.header_line - 1, w.column)
            .width(w.width)
            .help(w.help)
    };
    let words = yaml_words::Header::new(&split.header, split.header_line, known_keys);
    let first = match serde_saphyr::from_str_with_options::<T>(&split.header, options()) {
        Ok(header) => {
            return match yaml_words::labelled_value(&words) {
                None => Ok(header),
                Some(w) => Err(vec![diagnostic(w)]),
            };
        }
        Err(e) => e,
    };
    // serde stops at the first key it does not know: find them all, only
    // now that something is wrong (a good header is read once).
    let keys = top_level_keys(&split.header);
    let known: Vec<&str> = known_keys.split(',').map(str::trim).collect();
    let unknown: Vec<&(String, usize, usize)> = keys
        .iter()
        .filter(|(k, _, _)| !known.contains(&k.as_str()))
        .collect();
    let first_unknown = unknown.first().map(|(_, line, _)| *line);
    if let Some(w) = yaml_words::runs_on(&first, &words, first_unknown) {
        return Err(vec![diagnostic(w)]);
    }
    if unknown.is_empty() {
        let all = yaml_words::explain_all(&first, &words);
        return Err(all.into_iter().map(diagnostic).collect());
    }
    let mut errors: Vec<Diagnostic> = unknown
        .iter()
        .map(|(key, line, column)| {
            let (message, help) = yaml_words::unknown_key(key, known_keys);
            diagnostic(Words {
                message,
                help,
                line: *line,
                column: *column,
                width: key.chars().count().max(1),
            })
        })
        .collect();
    // And whatever else is wrong, read again without those keys (their
    // lines blanked, so that positions stay the same).
    if let Some(rest) = without_keys(&split.header, &keys, &unknown)
        && let Err(e) = serde_saphyr::from_str_with_options::<T>(&rest, options())
    {
        let words = yaml_words::Header::new(&rest, split.header_line, known_keys);
        errors.extend(
            yaml_words::explain_all(&e, &words)
                .into_iter()
                .map(diagnostic),
        );
    }
    Err(errors)
}

/// Every top-level key of a header with its line and column (of the
/// header), in order; empty when the header cannot be read that far.
fn top_level_keys(header: &str) -> Vec<(String, usize, usize)> {
    struct Keys(Vec<Spanned<String>>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("keys and values")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(key) = map.next_key::<Spanned<String>>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(key);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    serde_saphyr::from_str_with_options::<Keys>(header, options())
        .map(|k| {
            k.0.into_iter()
                .map(|s| {
                    let (line, column) = (s.referenced.line(), s.referenced.column());
                    (s.value, line as usize, column as usize)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The header with the lines of the `unknown` keys (each key's line and
/// those below it up to the next key) made empty; None when a key shares
/// its line with another (a header written in braces).
fn without_keys(
    header: &str,
    keys: &[(String, usize, usize)],
    unknown: &[&(String, usize, usize)],
) -> Option<String> {
    let mut lines: Vec<usize> = keys.iter().map(|(_, l, _)| *l).collect();
    lines.dedup();
    if lines.len() != keys.len() || unknown.iter().any(|(_, _, c)| *c != 1) {
        return None;
    }
    let blank = |n: usize| {
        unknown.iter().any(|(_, from, _)| {
            let to = lines
                .iter()
                .copied()
                .find(|l| l > from)
                .unwrap_or(usize::MAX);
            (*from..to).contains(&n)
        })
    };
    Some(
        header
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if blank(i + 1) {
                    "\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect(),
    )
}

/// File line of a top-level `key:` in the header, for errors about a key that
/// is present but wrong, or (when absent) the opening `---`.
pub fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    split
        .header
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + split.header_line)
}

/// A value and where it was written, in file coordinates.
#[derive(Debug, Clone)]
pub struct Positioned<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

pub fn position<T>(s: Spanned<T>, split: &Split<'_>) -> Positioned<T> {
    let line = s.referenced.line() as usize;
    let mut column = s.referenced.column() as usize;
    // A quoted scalar is located at its quote; point at the text itself.
    let opens_quote = split
        .header
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.chars().nth(column.saturating_sub(1)))
        .is_some_and(|c| c == '"' || c == '\'');
    if opens_quote {
        column += 1;
    }
    Positioned {
        line: line + split.header_line - 1,
        column,
        value: s.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn split_reports_body_line_and_accepts_crlf() {
        let text = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.header, "title: A\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn unclosed_header_is_an_error() {
        let e = split(Path::new("a.md"), "---\ntitle: A\n\nText.\n").unwrap_err();
        assert_eq!(e.message, "the front matter opened at line 1 is not closed");
        assert_eq!((e.line, e.column), (1, 1));
        assert_eq!(
            e.help.as_deref(),
            Some(
                "add a line `---` after the last key (after line 2: `title: A`), before the article's text"
            )
        );
    }

    #[test]
    fn errors_are_in_file_lines() {
        let text = "---\ntitle: A\ndraft: maybe\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let e = parse::<ArticleHeader>(Path::new("a.md"), text, &s).unwrap_err();
        let e = &e[0];
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("draft"), "{e}");
    }

    #[test]
    fn spanned_authors_keep_positions() {
        let text = "---\ntitle: A\nauthors: [x, {name: Y}]\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let h: ArticleHeader = parse(Path::new("a.md"), text, &s).unwrap();
        let p = position(h.authors.into_iter().next().unwrap(), &s);
        assert_eq!((p.line, p.column), (3, 11));
        assert!(matches!(p.value, AuthorEntry::Slug(ref x) if x == "x"));
    }

    #[test]
    fn disclaimer_is_false_or_text() {
        let text = "---\ndisclaimer: false\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let h: ArticleHeader = parse(Path::new("a.md"), text, &s).unwrap();
        assert!(matches!(
            h.disclaimer.unwrap().value,
            DisclaimerSetting::Switch(false)
        ));
        let text = "---\ndisclaimer: \"Views are *mine*.\"\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let h: ArticleHeader = parse(Path::new("a.md"), text, &s).unwrap();
        assert!(
            matches!(h.disclaimer.unwrap().value, DisclaimerSetting::Text(ref t) if t == "Views are *mine*.")
        );
    }

    #[test]
    fn lint_settings_and_scheduled_are_read() {
        let text = "---\ntitle: A\nscheduled: true\ncheck: {repeated-passage: off, long-title: error}\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let h: ArticleHeader = parse(Path::new("a.md"), text, &s).unwrap();
        assert_eq!(h.scheduled, Some(true));
        let off = &h.check["repeated-passage"];
        assert_eq!(off.value, crate::config::LintLevel::Off);
        assert_eq!(position(off.clone(), &s).line, 4);
        assert_eq!(h.check["long-title"].value, crate::config::LintLevel::Error);
    }

    #[test]
    fn deep_nesting_is_too_large() {
        let text = format!("---\ntitle: {}{}\n---\n", "[".repeat(40), "]".repeat(40));
        let s = split(Path::new("a.md"), &text).unwrap();
        let e = parse::<serde_json::Value>(Path::new("a.md"), &text, &s).unwrap_err();
        assert!(e[0].message.contains("nested too deeply"), "{}", e[0]);
    }

    #[test]
    fn billion_laughs_fails_fast() {
        let mut header = String::from(
            "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..9u8 {
            let prev = (b'a' + i - 1) as char;
            let name = (b'a' + i) as char;
            header.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        header.push_str("---\n");
        let s = split(Path::new("a.md"), &header).unwrap();
        let e = parse::<serde_json::Value>(Path::new("a.md"), &header, &s).unwrap_err();
        assert!(e[0].message.contains("too large"), "{}", e[0]);
    }
}
