//! Part of the content stage: the YAML parser's errors in an editor's words.
//!
//! serde-saphyr (and the granit parser under it) say what went wrong in
//! YAML's own terms: "mapping values are not allowed in this context",
//! "expected sequence start", "invalid boolean". An editor knows keys,
//! values, lists, quotes and brackets. [`explain`] sorts every error the
//! parser can give into the few mistakes an editor can act on, and says for
//! each what is wrong and how to fix it, where it can with the corrected
//! line itself. docs/front-matter-errors.md lists them, with an example of
//! each.
//!
//! Nothing here may print YAML's vocabulary ("mapping", "sequence",
//! "scalar", "anchor", ...): the tests (tests.rs) run every error kind of
//! the parser through [`explain`] and look for those words.

use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;

mod keys;
mod line;
mod parser;
#[cfg(test)]
mod tests;
mod unclosed;

pub use keys::unknown_key;
use keys::*;
use line::*;
pub use parser::labelled_value;
use parser::*;
pub use unclosed::never_closed;

/// One error, in words, placed in the header (lines of the header, not of
/// the file; columns in characters, both from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub message: String,
    pub help: String,
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

impl Words {
    /// Words about the one character at `line`, `column`.
    pub(super) fn at(line: usize, column: usize, message: String, help: String) -> Words {
        Words {
            message,
            help,
            line,
            column,
            width: 1,
        }
    }
}

/// The header being read, and where it sits in its file.
pub struct Header<'a> {
    lines: Vec<&'a str>,
    /// File line of the header's first line (for messages that name a line).
    first_line: usize,
    /// The keys the header takes (`title, subtitle, ...`), for hints.
    known: &'a str,
}

impl<'a> Header<'a> {
    pub fn new(text: &'a str, first_line: usize, known: &'a str) -> Header<'a> {
        Header {
            lines: text.lines().collect(),
            first_line,
            known,
        }
    }

    fn line(&self, line: usize) -> &'a str {
        self.lines.get(line.wrapping_sub(1)).copied().unwrap_or("")
    }

    /// The top-level key whose value covers `line`.
    fn key_above(&self, line: usize) -> Option<&'a str> {
        self.lines
            .iter()
            .take(line)
            .rev()
            .find_map(|l| top_level_key(l))
    }

    fn file_line(&self, line: usize) -> usize {
        line + self.first_line - 1
    }
}

/// `title` of a line `title: ...` that starts at the left margin.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

/// The general rules, for errors with nothing more precise to say.
const RULES: &str = "each line of the header is `key: value`; a list is `[a, b]` or one `- item` per line below its key; put a value in quotes when it contains `: ` or ` #`, or starts with one of [ ] { } & * ! | > ' \" % @ `";

/// Explains `e`, an error of reading `header`.
pub fn explain(e: &YamlError, header: &Header<'_>) -> Words {
    let e = original(e);
    let (line, column) = place(e);
    explain_at(e, header, line, column)
}

/// Words for a header that runs on into the article's text (its closing
/// `---` forgotten), when reading it failed with `e` or, before that, at
/// `first_unknown`, the line of the first key it does not take (the text
/// read as a key); None when it does not look so.
pub fn runs_on(e: &YamlError, header: &Header<'_>, first_unknown: Option<usize>) -> Option<Words> {
    let at = first_unknown
        .unwrap_or(usize::MAX)
        .min(place(original(e)).0);
    unclosed::unclosed(header, at)
}

/// Everything to say about `e`, an error of reading `header`: every line
/// indented with a tab, when a tab is the trouble (the parser names one);
/// else [`explain`].
pub fn explain_all(e: &YamlError, header: &Header<'_>) -> Vec<Words> {
    let tabs = if is_about_a_tab(original(e)) {
        tabs_in_indentation(header)
    } else {
        Vec::new()
    };
    if tabs.is_empty() {
        vec![explain(e, header)]
    } else {
        tabs
    }
}

/// Where the parser places `e` (line and column of the header, from 1).
fn place(e: &YamlError) -> (usize, usize) {
    e.location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .filter(|(l, _)| *l > 0)
        .map_or((1, 1), |(l, c)| (l, c.max(1)))
}

/// The error itself, without the wrappers that add a snippet or say that
/// an alias was involved.
fn original(e: &YamlError) -> &YamlError {
    match e {
        YamlError::WithSnippet { error, .. } | YamlError::AliasError { error, .. } => {
            original(error)
        }
        other => other,
    }
}

/// Separates the message and the help of an error raised by folio's own
/// header types through serde (see [`custom`]).
const CUSTOM_SEPARATOR: char = '\u{1f}';

/// An error message for serde's `Error::custom` that [`explain`] shows as
/// written: already in plain words, with its help; `{key}` in either
/// becomes the key whose value is wrong.
pub fn custom(message: &str, help: &str) -> String {
    format!("{message}{CUSTOM_SEPARATOR}{help}")
}

fn explain_at(e: &YamlError, h: &Header<'_>, line: usize, column: usize) -> Words {
    let at = |message: String, help: String| Words::at(line, column, message, help);
    match e {
        YamlError::ExternalMessage { source, .. } => match &**source {
            serde_saphyr::ExternalMessageSource::Parser(scan) => {
                parser_words(scan.kind(), h, line, column)
            }
            _ => at(
                "folio cannot read the header from here".into(),
                RULES.into(),
            ),
        },
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => {
            let known = if expected.is_empty() {
                h.known.to_string()
            } else {
                expected.join(", ")
            };
            let (message, help) = unknown_key(field, &known);
            Words {
                width: field.chars().count().max(1),
                ..at(message, help)
            }
        }
        YamlError::DuplicateMappingKey { key, .. } => {
            let text = h.line(line);
            let key = key
                .clone()
                .or_else(|| top_level_key(text).map(str::to_string))
                .unwrap_or_default();
            let first = h
                .lines
                .iter()
                .take(line.saturating_sub(1))
                .position(|l| top_level_key(l) == Some(key.as_str()));
            let message = match first {
                Some(i) => format!(
                    "`{key}` is written twice in the header (first on line {})",
                    h.file_line(i + 1)
                ),
                None => format!("`{key}` is written twice here"),
            };
            Words {
                width: key.chars().count().max(1),
                ..at(
                    message,
                    "each key may appear only once: keep the right one and delete the other".into(),
                )
            }
        }
        YamlError::Budget { breach, .. } => limit_words(breach_kind(breach), line, column),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => limit_words(Limit::Repeats, line, column),
        YamlError::AliasReplayStackDepthExceeded { .. } => limit_words(Limit::Depth, line, column),
        YamlError::UnknownAnchor { .. } => special_start('*', h, line, column),
        YamlError::UnsupportedTag { .. }
        | YamlError::TaggedScalarCannotDeserializeIntoString { .. }
        | YamlError::InvalidBinaryBase64 { .. }
        | YamlError::BinaryNotUtf8 { .. }
        | YamlError::TaggedEnumMismatch { .. }
        | YamlError::TaggedStructFieldName { .. } => special_start('!', h, line, column),
        YamlError::MergeKeyNotAllowed { .. } | YamlError::MergeValueNotMapOrSeqOfMaps { .. } => at(
            "`<<` (copying keys from elsewhere in the header) is not used in front matter".into(),
            "write each key out on its own line".into(),
        ),
        YamlError::FoldedBlockScalarMustIndentContent { .. } => block_text_words(h, line, column),
        YamlError::SerdeMissingField { field, .. } => missing_field(field, h, line, column),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => unknown_choice(variant, expected, h, line, column),
        YamlError::Message { msg, .. } if msg.contains(CUSTOM_SEPARATOR) => {
            let (message, help) = msg.split_once(CUSTOM_SEPARATOR).unwrap_or((msg, ""));
            let key = field_at(h, line, column).unwrap_or_else(|| "the key".into());
            let value = value_at(h.line(line), column);
            Words {
                width: value.chars().count().max(1),
                ..at(message.replace("{key}", &key), help.replace("{key}", &key))
            }
        }
        YamlError::Unexpected { expected, .. } if header_is_not_keys(expected, h, line, column) => {
            not_key_value(h, line, column)
        }
        YamlError::SerdeInvalidType { expected, .. } if expected.starts_with("struct ") => {
            not_key_value(h, line, column)
        }
        YamlError::NullIntoString { .. } => {
            let field = field_at(h, line, column).unwrap_or_default();
            at(
                format!("`{field}` has no value"),
                format!("write the value after `{field}: `, or delete the line"),
            )
        }
        YamlError::Unexpected { .. }
        | YamlError::InvalidScalar { .. }
        | YamlError::SerdeInvalidType { .. }
        | YamlError::SerdeInvalidValue { .. }
        | YamlError::SerdeInvalidLength { .. }
        | YamlError::InvalidBooleanStrict { .. }
        | YamlError::QuotingRequired { .. }
        | YamlError::NonFiniteFloat { .. }
        | YamlError::InvalidCharNull { .. }
        | YamlError::InvalidCharNotSingleScalar { .. }
        | YamlError::BytesNotSupportedMissingBinaryTag { .. }
        | YamlError::UnexpectedValueForUnit { .. }
        | YamlError::ExpectedEmptyMappingForUnitStruct { .. }
        | YamlError::ExpectedStringKeyForExternallyTaggedEnum { .. }
        | YamlError::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
        | YamlError::UnexpectedValueForUnitEnumVariant { .. }
        | YamlError::ExpectedMappingEndAfterEnumVariantValue { .. }
        | YamlError::SerdeVariantId { .. }
        | YamlError::Message { .. } => wrong_value(h, line, column),
        // The rest cannot come from a header read with folio's options
        // (includes, properties, validation, readers, borrowed strings,
        // the parser's own bookkeeping): the general rules, at the place.
        _ => at(
            "folio cannot read the header from here".into(),
            RULES.into(),
        ),
    }
}

// ----- limits ---------------------------------------------------------------

enum Limit {
    Size,
    Depth,
    Repeats,
}

fn breach_kind(b: &BudgetBreach) -> Limit {
    match b {
        BudgetBreach::Depth { .. } => Limit::Depth,
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => Limit::Repeats,
        _ => Limit::Size,
    }
}

fn limit_words(limit: Limit, line: usize, column: usize) -> Words {
    let (message, help) = match limit {
        Limit::Size => (
            "the header is too large for front matter",
            "front matter is a short list of keys: put long text in the article's body",
        ),
        Limit::Depth => (
            "the header is too large: its lists are nested too deeply",
            "front matter is a short list of keys: write lists one level deep, like `tags: [Pakistan, Diplomacy]`",
        ),
        Limit::Repeats => (
            "the header is too large once its repeated parts (`&name` ... `*name`) are filled in",
            "write the values out instead of repeating them with `&name` and `*name`",
        ),
    };
    Words {
        message: message.into(),
        help: help.into(),
        line,
        column,
        width: 1,
    }
}
