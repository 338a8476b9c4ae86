//! Diagnostics shared by every stage: a finding tied to `file:line:column`,
//! rendered the way a colleague would point at the mistake (the line, a caret,
//! a hint), and collected so that one build reports every error at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// Characters of a source line shown in a snippet.
const SNIPPET_WIDTH: usize = 100;
/// A source line longer than this (in bytes) is kept as a window of
/// 3 x SNIPPET_WIDTH characters around the column: a paragraph is one line,
/// and a thousand findings on a 1 MB paragraph must not copy it a thousand
/// times.
const LONG_LINE: usize = 4 * SNIPPET_WIDTH;

/// How serious a finding is. Errors stop a build; warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user should read it: relative to the site root when possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
    pub message: String,
    /// How to fix it, when we can say.
    pub help: Option<String>,
    /// The offending line of the source, for the snippet; of a long line,
    /// the part around the column, with `…` where it was cut.
    pub source_line: Option<String>,
    /// How many characters of the line come before `source_line` (0 unless
    /// a long line was cut): `column` counts from the line's start.
    pub source_from: usize,
    /// The lint that found it (`repeated-passage`), for `folio check`
    /// findings; shown as `warning[code]:`. None for plain errors.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            width: 1,
            message: message.into(),
            help: None,
            source_line: None,
            source_from: 0,
            code: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a position and copies the line from `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r'));
        self.source_from = 0;
        self.source_line = text.map(|l| self.window_of(l));
        self
    }

    /// `line` whole, or when long, the characters around the column with
    /// `…` in place of what is cut (`source_from` set to match).
    fn window_of(&mut self, line: &str) -> String {
        if line.len() <= LONG_LINE {
            return line.to_string();
        }
        let caret = self.column - 1;
        let from = caret.saturating_sub(SNIPPET_WIDTH);
        let to = caret + 2 * SNIPPET_WIDTH;
        let byte = |n: usize| line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
        let (start, end) = (byte(from), byte(to));
        let mut s = String::with_capacity(end - start + 6);
        if start > 0 {
            // The `…` stands where the last character cut off was.
            s.push('…');
            self.source_from = from - 1;
        }
        s.push_str(&line[start..end]);
        if end < line.len() {
            s.push('…');
        }
        s
    }

    /// Sets the line number shown, for a diagnostic pointed with [`Self::at`]
    /// at a line taken out of its file.
    pub fn line_number(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the lint that found this.
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let kind = match self.code {
            Some(code) => format!("{kind}[{code}]"),
            None => kind.to_string(),
        };
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}: {kind}: {}", self.message)?,
            (line, 0) => write!(f, "{file}:{line}: {kind}: {}", self.message)?,
            (line, col) => write!(f, "{file}:{line}:{col}: {kind}: {}", self.message)?,
        }
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            // Tabs would shift the caret; show them as one space each.
            let chars: Vec<char> = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // A long paragraph is one line: show a window around the caret.
            let caret = self
                .column
                .saturating_sub(1)
                .saturating_sub(self.source_from);
            let start = if chars.len() > SNIPPET_WIDTH {
                caret.saturating_sub(SNIPPET_WIDTH / 3)
            } else {
                0
            };
            let end = (start + SNIPPET_WIDTH).min(chars.len());
            let before = if start > 0 { "…" } else { "" };
            let after = if end < chars.len() { "…" } else { "" };
            let shown: String = chars[start..end].iter().collect();
            write!(f, "\n{pad} |\n{number} | {before}{shown}{after}")?;
            if self.column > 0 {
                let indent = " ".repeat(caret - start + before.chars().count());
                let visible = end.saturating_sub(caret).max(1);
                let carets = "^".repeat(self.width.min(visible));
                write!(f, "\n{pad} | {indent}{carets}")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every finding of one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file then position, so output does not depend on thread timing.
    pub fn sort(&mut self) {
        // Paths compared as plain strings: component-wise comparison is far
        // slower, and an archive can have a hundred thousand findings.
        self.0.sort_by(|a, b| {
            (a.file.as_os_str(), a.line, a.column, &a.message).cmp(&(
                b.file.as_os_str(),
                b.line,
                b.column,
                &b.message,
            ))
        });
        // One template mistake fails every page that uses it: say it once.
        self.0.dedup_by(|a, b| {
            (a.file.as_os_str(), a.line, a.column, &a.message)
                == (b.file.as_os_str(), b.line, b.column, &b.message)
        });
    }

    /// "2 errors in 2 files" (or "1 error in 1 file").
    pub fn error_summary(&self) -> String {
        let errors: Vec<&Diagnostic> = self.errors().collect();
        let mut files: Vec<&Path> = errors.iter().map(|d| d.file.as_path()).collect();
        files.sort();
        files.dedup();
        format!(
            "{} {} in {} {}",
            errors.len(),
            plural(errors.len(), "error", "errors"),
            files.len(),
            plural(files.len(), "file", "files")
        )
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// serde's "unknown field `x`, expected one of `a`, `b`" turned into a
/// sentence with a suggestion; used for both site.toml and front matter.
pub fn explain_unknown_field(message: &str) -> Option<(String, String, Option<String>)> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, rest) = rest.split_once('`')?;
    // serde writes "expected one of `a`, `b`"; serde-saphyr "expected one of a, b".
    let list = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))
        .map_or("", |(_, l)| l);
    let expected: Vec<&str> = list
        .split(',')
        .map(|s| s.trim().trim_matches('`'))
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect();
    let suggestion = did_you_mean(field, expected.iter().copied()).map(str::to_string);
    Some((field.to_string(), expected.join(", "), suggestion))
}

/// Converts a byte offset in `source` to a 1-based (line, column in chars).
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_snippet_and_help() {
        let src = "title: x\nauthors: [anum-malk]\n";
        let d = Diagnostic::error("content/a.md", "unknown author `anum-malk`")
            .at(src, 2, 11)
            .width(9)
            .help("did you mean `anum-malik`?");
        let text = d.to_string();
        assert!(text.starts_with("content/a.md:2:11: error: unknown author `anum-malk`"));
        assert!(text.contains("2 | authors: [anum-malk]"));
        assert!(text.contains("  |           ^^^^^^^^^"));
        assert!(text.ends_with("= help: did you mean `anum-malik`?"));
    }

    #[test]
    fn lint_code_is_shown_after_the_severity() {
        let src = "one two\n";
        let d = Diagnostic::warning("content/a.md", "doubled word")
            .at(src, 1, 5)
            .code("doubled-word");
        assert!(
            d.to_string()
                .starts_with("content/a.md:1:5: warning[doubled-word]: doubled word"),
            "{d}"
        );
    }

    #[test]
    fn long_lines_are_shown_around_the_caret() {
        let line = format!("{}TARGET{}", "a ".repeat(150), " b".repeat(150));
        let d = Diagnostic::error("a.md", "here").at(&line, 1, 301).width(6);
        let text = d.to_string();
        let shown = text.lines().nth(2).unwrap();
        let caret = text.lines().nth(3).unwrap();
        assert!(shown.starts_with("1 | …") && shown.ends_with('…'), "{text}");
        assert!(shown.chars().count() < 110, "{text}");
        let at = caret.find('^').unwrap();
        assert_eq!(
            &shown[shown
                .char_indices()
                .nth(caret[..at].chars().count())
                .unwrap()
                .0..][..6],
            "TARGET",
            "{text}"
        );
    }

    #[test]
    fn unknown_field_message_gives_suggestion() {
        let (field, _, suggestion) =
            explain_unknown_field("unknown field `titel`, expected one of `title`, `date`")
                .unwrap();
        assert_eq!(field, "titel");
        assert_eq!(suggestion.as_deref(), Some("title"));
        let (_, expected, suggestion) =
            explain_unknown_field("unknown field `autor`, expected one of title, authors, date")
                .unwrap();
        assert_eq!(expected, "title, authors, date");
        assert_eq!(suggestion.as_deref(), Some("authors"));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nçd", 5), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }
}
