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
//! "scalar", "anchor", ...): the tests at the end run every error kind of
//! the parser through [`explain`] and look for those words.

use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;

use crate::diagnostics::did_you_mean;

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
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    explain_at(e, header, line, column.max(1))
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
    let at = |message: String, help: String| Words {
        message,
        help,
        line,
        column,
        width: 1,
    };
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

// ----- the parser's errors --------------------------------------------------

/// A syntax error of the parser, by its kind.
fn parser_words(kind: &ErrorKind, h: &Header<'_>, line: usize, column: usize) -> Words {
    let at = |message: String, help: String| Words {
        message,
        help,
        line,
        column,
        width: 1,
    };
    let here = char_at(h.line(line), column);
    match kind {
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::InvalidMappingValueWhitespace
        | ErrorKind::FlowMappingValueAdjacentCollection => colon_words(h, line, column),
        ErrorKind::InvalidColonPlacement => match unclosed_bracket_before(h, line) {
            Some((l, c, open)) => unclosed_bracket(open, l, c),
            None => colon_words(h, line, column),
        },
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => {
            let (line, column) = first_tab(h, line, column).unwrap_or((line, column));
            let after = h.line(line).trim_start_matches(['\t', ' ']);
            let help = if column == 1 && top_level_key(after).is_some() {
                "delete the tab: keys start at the beginning of the line"
            } else {
                "replace the tab by spaces (a list item below its key: two spaces, then `- `)"
            };
            Words {
                message: "a tab character in the header, which may only be indented with spaces"
                    .into(),
                help: help.into(),
                line,
                column,
                width: 1,
            }
        }
        ErrorKind::UnclosedQuotedScalar => {
            let q = if here == Some('\'') { '\'' } else { '"' };
            let text = h.line(line);
            let start: String = text.chars().skip(column).collect();
            let before: String = text.chars().take(column.saturating_sub(1)).collect();
            at(
                format!("the quote {q} opened here is never closed"),
                format!(
                    "end the text with {q} on the same line: {before}{q}{}{q}",
                    start.trim_end()
                ),
            )
        }
        ErrorKind::InvalidTrailingSingleQuotedScalar => text_after_quote('\'', h, line, column),
        ErrorKind::InvalidTrailingDoubleQuotedScalar => text_after_quote('"', h, line, column),
        ErrorKind::UnclosedFlowCollection { open } => unclosed_bracket(*open, line, column),
        ErrorKind::MismatchedFlowCollectionEnd { open, close } => {
            let want = if *open == '[' { ']' } else { '}' };
            at(
                format!("the `{open}` opened here is closed by `{close}`"),
                format!(
                    "close `{open}` with `{want}`: a list is `[a, b]`, an inline author `{{name: \"Guest Name\"}}`"
                ),
            )
        }
        ErrorKind::MisplacedFlowCollectionEnd => {
            let c = here.filter(|c| matches!(c, ']' | '}')).unwrap_or(']');
            at(
                format!("a closing `{c}` with nothing to close"),
                format!(
                    "delete it, or put the value in quotes if the `{c}` belongs to the text"
                ),
            )
        }
        ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::ExpectedFlowMappingSeparator => match unclosed_bracket_before(h, line + 1) {
            Some((l, c, open)) if l < line => unclosed_bracket(open, l, c),
            _ => at(
                "folio cannot read this list in brackets from here".into(),
                "write the items between `[` and `]`, separated by commas: `[Pakistan, Diplomacy]`; put an item in quotes if it contains a comma, a colon or a bracket".into(),
            ),
        },
        ErrorKind::BlockEntryInFlowCollection => at(
            "a `- ` list item inside brackets".into(),
            "inside `[ ]` separate the items with commas, as in `[a, b]`; or drop the brackets and write one `- item` per line below the key".into(),
        ),
        ErrorKind::BlockSequenceEntryNotAllowed if here == Some('-') && value_starts_at(h.line(line), column) => {
            let text = h.line(line);
            at(
                "a value cannot start with `- ` on the same line as its key".into(),
                format!(
                    "put it in quotes: {}; for a list, write each `- item` on its own line below the key",
                    requoted(text)
                ),
            )
        }
        ErrorKind::ZeroBlockScalarIndent | ErrorKind::InvalidBlockScalarHeader => {
            block_text_words(h, line, column)
        }
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidBlockScalarIndent
            if previous_opens_block_text(h, line) =>
        {
            block_text_words(h, line, column)
        }
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => {
            let text = h.line(line);
            if !text.contains(':') && !text.trim_start().starts_with('-') {
                let above = h.key_above(line.saturating_sub(1));
                at(
                    "this line is not `key: value`".into(),
                    match above {
                        Some(k) => format!(
                            "write it as `key: value`; if it continues the value of `{k}`, put that whole value on one line, in quotes"
                        ),
                        None => "write it as `key: value`, e.g. `title: \"After Istanbul\"`".into(),
                    },
                )
            } else {
                layout(line, column)
            }
        }
        ErrorKind::InvalidIndentation
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::BlockSequenceEntryNotAllowed
        | ErrorKind::ExpectedDocumentStart
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofBlockMapping
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::InvalidFlowScalarIndent
        | ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::ExpectedNodeContent
        | ErrorKind::UnexpectedEof
        | ErrorKind::UnexpectedEndOfPlainScalar
        | ErrorKind::ExpectedWhitespace
        | ErrorKind::InvalidBlockEntryWhitespace
        | ErrorKind::InvalidDocumentEnd
        | ErrorKind::MissingDocumentEndBeforeDirective
        | ErrorKind::DocumentIndicatorInQuotedScalar => {
            if h.line(1).starts_with(' ') && line <= 2 {
                Words {
                    line: 1,
                    column: 1,
                    ..at(
                        "the header's first line is indented".into(),
                        "start every key at the beginning of its line, with no spaces before it".into(),
                    )
                }
            } else if h.line(1).starts_with('%') {
                Words {
                    line: 1,
                    column: 1,
                    ..at(
                        "a header line cannot start with `%`".into(),
                        "delete the line, or write it as `key: value`".into(),
                    )
                }
            } else {
                layout(line, column)
            }
        }
        ErrorKind::UnexpectedCharacter { character } => special_start(*character, h, line, column),
        ErrorKind::MappingKeyNotAllowed => special_start('?', h, line, column),
        ErrorKind::PlainScalarStartsWithDashFlowIndicator => special_start('-', h, line, column),
        ErrorKind::MissingAnchorOrAliasName
        | ErrorKind::AnchorCountOverflow
        | ErrorKind::UnknownAnchor => {
            let c = here.filter(|c| matches!(c, '&' | '*')).unwrap_or('&');
            special_start(c, h, line, column)
        }
        ErrorKind::ExpectedTagBang
        | ErrorKind::ExpectedTagDirectiveBang
        | ErrorKind::InvalidGlobalTagCharacter
        | ErrorKind::InvalidTagTerminator
        | ErrorKind::MissingTagUri
        | ErrorKind::UnclosedVerbatimTag
        | ErrorKind::InvalidTagEscape
        | ErrorKind::InvalidTagUtf8LeadingByte
        | ErrorKind::InvalidTagUtf8TrailingByte
        | ErrorKind::InvalidTagUtf8
        | ErrorKind::UndeclaredTagHandle
        | ErrorKind::DuplicateTagDirective => special_start('!', h, line, column),
        ErrorKind::DirectiveDisallowed
        | ErrorKind::InvalidDirectiveTerminator
        | ErrorKind::MissingYamlVersionSeparator
        | ErrorKind::MissingDirectiveName
        | ErrorKind::InvalidDirectiveName
        | ErrorKind::DirectiveByteLimitExceeded { .. }
        | ErrorKind::TooManyReservedDirectiveParams { .. }
        | ErrorKind::YamlVersionTooLong
        | ErrorKind::MissingYamlVersion
        | ErrorKind::InvalidTagDirectiveTerminator
        | ErrorKind::DuplicateVersionDirective
        | ErrorKind::UnsupportedYamlMajorVersion => special_start('%', h, line, column),
        ErrorKind::CommentNotSeparated | ErrorKind::CommentInterceptedScalar => {
            let text = h.line(line);
            at(
                "a `#` here starts a comment, which cuts the value short".into(),
                format!("put the whole value in quotes: {}", requoted(text)),
            )
        }
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate
        | ErrorKind::InvalidUnicodeEscape => {
            let text = h.line(line);
            let (column, letter) = backslash_after(text, column).unwrap_or((column, ' '));
            Words {
                column,
                width: 2,
                ..at(
                    format!(
                        "inside double quotes a backslash starts a special character such as `\\n` (a new line), and `\\{letter}` is not one"
                    ),
                    "put text with backslashes in single quotes instead ('C:\\files'), or write each backslash twice inside double quotes".into(),
                )
            }
        }
        ErrorKind::BomInsideDocument => at(
            "an invisible character (U+FEFF, a byte-order mark) in the middle of the header".into(),
            "delete it: retype the beginning of this line (it comes with text pasted from some editors)".into(),
        ),
        ErrorKind::RecursionLimitExceeded => limit_words(Limit::Depth, line, column),
        ErrorKind::InputByteLimitExceeded { .. } => limit_words(Limit::Size, line, column),
        // Reading a string in memory, none of these can happen; the
        // general rules, should one ever do.
        _ => at("folio cannot read the header from here".into(), RULES.into()),
    }
}

/// "mapping values are not allowed in this context": a `: ` inside a value,
/// or a key indented under another.
fn colon_words(h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    let indent = text.len() - text.trim_start().len();
    let first_colon = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(|t| t.len()));
    let colon_column = first_colon.map(|i| text[..i].chars().count() + 1);
    let at = |message: String, help: String| Words {
        message,
        help,
        line,
        column,
        width: 1,
    };
    // `  date: 2025-11-05` under `title: X`: read as more of the title.
    if indent > 0 && colon_column == Some(column) && !text.trim_start().starts_with('-') {
        let key = text[..first_colon.unwrap_or(0)].trim();
        let above = h.key_above(line.saturating_sub(1)).unwrap_or("the key");
        return at(
            format!("`{key}` is indented, so it is read as part of `{above}` above it"),
            format!(
                "start `{key}:` at the beginning of the line, like the other keys; if the line belongs to the value of `{above}`, put that whole value on one line, in quotes"
            ),
        );
    }
    match split_value(text) {
        Some((prefix, value)) => {
            let key = prefix
                .trim()
                .trim_start_matches("- ")
                .trim_end_matches(':')
                .trim();
            at(
                format!(
                    "the value of `{key}` contains `: ` (a colon and a space), which starts a new key"
                ),
                format!(
                    "put the whole value in quotes: {prefix}{}",
                    quote(value.trim_end())
                ),
            )
        }
        None => at(
            "a colon and a space (`: `) in the middle of a value".into(),
            "put the value in quotes".into(),
        ),
    }
}

fn unclosed_bracket(open: char, line: usize, column: usize) -> Words {
    let (close, example) = if open == '{' {
        (
            '}',
            "`authors: [{name: \"Guest Name\", affiliation: \"University\"}]`",
        )
    } else {
        (']', "`tags: [Pakistan, Diplomacy]`")
    };
    Words {
        message: format!("the `{open}` opened here is never closed"),
        help: format!(
            "end it with `{close}` on the same line, as in {example}; if the value is text that begins with `{open}`, put it in quotes"
        ),
        line,
        column,
        width: 1,
    }
}

fn text_after_quote(q: char, h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    let (prefix, value) = split_value(text).unwrap_or(("", text));
    let value = value.trim_end();
    let inner = value
        .strip_prefix(q)
        .map(|v| v.strip_suffix(q).unwrap_or(v))
        .unwrap_or(value);
    let (message, help) = if q == '\'' {
        (
            "a ' inside text that is quoted with ' ends the quotation early".to_string(),
            format!(
                "quote the text with double quotes instead: {prefix}\"{}\" (or write the ' inside twice: '')",
                inner.replace('"', "\\\"")
            ),
        )
    } else {
        (
            "a \" inside text that is quoted with \" ends the quotation early".to_string(),
            format!(
                "quote the text with single quotes instead: {prefix}'{}' (or write each \" inside as \\\")",
                inner.replace('\'', "''")
            ),
        )
    };
    Words {
        message,
        help,
        line,
        column,
        width: 1,
    }
}

/// `title: |` or `>` (text on the lines below) whose lines are not indented.
fn block_text_words(h: &Header<'_>, line: usize, column: usize) -> Words {
    let opener = (1..=line)
        .rev()
        .find(|l| opens_block_text(h.line(*l)))
        .unwrap_or(line);
    let key = top_level_key(h.line(opener)).unwrap_or("the key");
    Words {
        message: format!("the text below `{key}:` must be indented"),
        help: format!(
            "indent each of its lines by two spaces, or write the value on the same line as `{key}:`, in quotes"
        ),
        line,
        column,
        width: 1,
    }
}

fn opens_block_text(text: &str) -> bool {
    let t = text.trim_end();
    split_value(t).is_some_and(|(_, v)| {
        let v = v.trim();
        v.starts_with(['|', '>']) && v.len() <= 3
    })
}

fn previous_opens_block_text(h: &Header<'_>, line: usize) -> bool {
    (1..line)
        .rev()
        .map(|l| h.line(l))
        .find(|l| !l.trim().is_empty())
        .is_some_and(opens_block_text)
}

fn layout(line: usize, column: usize) -> Words {
    Words {
        message: "this line does not line up with the lines above it".into(),
        help: "keys start at the beginning of the line; the items of a list below its key are indented with spaces and start with `- `; a value that runs over several lines must be in quotes".into(),
        line,
        column,
        width: 1,
    }
}

/// A value that starts with a character YAML reserves.
fn special_start(c: char, h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    let column = text
        .chars()
        .enumerate()
        .skip(column.saturating_sub(1))
        .find(|(_, ch)| *ch == c)
        .map_or(column, |(i, _)| i + 1);
    let fix = if split_value(text).is_some() {
        format!("write it in quotes: {}", requoted(text))
    } else {
        "put it in quotes".to_string()
    };
    let message = match c {
        '%' if text.starts_with('%') => "a header line cannot start with `%`".to_string(),
        '`' => "a value that starts with a backtick (`) must be in quotes".to_string(),
        _ => format!("a value that starts with `{c}` must be in quotes"),
    };
    let help = if c == '%' && text.starts_with('%') {
        "delete the line, or write it as `key: value`".to_string()
    } else {
        fix
    };
    Words {
        message,
        help,
        line,
        column,
        width: 1,
    }
}

/// A value that starts with `&name` or `!name`, which YAML reads as a label
/// or a type and leaves out of the value (`title: &more` is an empty
/// title): refused even though the header parses.
pub fn labelled_value(header: &Header<'_>) -> Option<Words> {
    header.lines.iter().enumerate().find_map(|(i, text)| {
        // Keys and list items only: not the lines of a text below `key: |`.
        let (prefix, value) = match top_level_key(text) {
            Some(_) => split_value(text)?,
            None => ("", text.trim_start().strip_prefix("- ")?),
        };
        let mut chars = value.chars();
        let c = chars.next().filter(|c| matches!(c, '&' | '!'))?;
        chars.next().filter(|n| !n.is_whitespace())?;
        let column = if prefix.is_empty() {
            text.chars().count() - value.chars().count() + 1
        } else {
            prefix.chars().count() + 1
        };
        Some(special_start(c, header, i + 1, column))
    })
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

// ----- keys and values ------------------------------------------------------

/// What a key takes, in words and as an example line.
struct Takes {
    what: &'static str,
    example: &'static str,
}

fn takes(key: &str) -> Option<Takes> {
    let t = |what, example| Some(Takes { what, example });
    match key {
        "title" => t("text", "title: \"After Istanbul: What Next\""),
        "subtitle" | "summary" | "author_note" | "series" | "report_number" | "image_alt"
        | "doi" | "lang" | "name" | "affiliation" | "role" | "note" | "orcid" | "photo"
        | "family_name" | "given_name" | "description" => t("text", ""),
        "slug" => t(
            "one part of an address, such as after-istanbul",
            "slug: after-istanbul",
        ),
        "pdf" | "image" => t("a file name or an address", "pdf: report.pdf"),
        "type" => t(
            "one of commentary, analysis, report, brief, working-paper or event",
            "type: analysis",
        ),
        "sort_by" => t("date, title or weight", "sort_by: date"),
        "date" | "updated" => t("a date such as 2025-11-05", "date: 2025-11-05"),
        "toc" | "draft" | "scheduled" | "organization" => t("true or false", ""),
        "weight" => t("a whole number such as 3", "weight: 3"),
        "paginate_by" => t("a whole number such as 10", "paginate_by: 10"),
        "authors" => t(
            "a list of author slugs or inline authors",
            "authors: [anum-malik, {name: \"Guest Name\", affiliation: \"University\"}]",
        ),
        "tags" => t(
            "a list such as [Pakistan, Diplomacy]",
            "tags: [Pakistan, Diplomacy]",
        ),
        "aliases" => t(
            "a list of old addresses such as [/news/old-title/]",
            "aliases: [/news/old-title/]",
        ),
        "links" => t(
            "a list of links, each with a name and a url",
            "links: [{name: \"Website\", url: \"https://example.org\"}]",
        ),
        "url" => t(
            "an address such as https://example.org",
            "url: \"https://example.org\"",
        ),
        "disclaimer" => t(
            "false, the name of a disclaimer in site.toml, or the disclaimer's text",
            "disclaimer: false",
        ),
        "check" => t(
            "lint codes with off, warning or error",
            "check: {repeated-passage: off}",
        ),
        _ => None,
    }
}

/// What each item of a list key is.
fn item_takes(key: &str) -> Option<Takes> {
    let t = |what, example| Some(Takes { what, example });
    match key {
        "tags" => t("text", "tags: [Pakistan, Diplomacy]"),
        "aliases" => t("an old address", "aliases: [/news/old-title/]"),
        "authors" => t(
            "an author's slug or an inline author",
            "authors: [anum-malik, {name: \"Guest Name\", affiliation: \"University\"}]",
        ),
        "links" => t(
            "a link with a name and a url",
            "links: [{name: \"Website\", url: \"https://example.org\"}]",
        ),
        _ => None,
    }
}

/// A value of the wrong kind: a word where true/false is wanted, text where
/// a number is, a list where text is.
fn wrong_value(h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    // Some errors point at the key of the line; the value is what is wrong.
    let column = match (
        top_level_key(text).or_else(|| nested_key(text)),
        value_column(text),
    ) {
        (Some(key), Some(v)) => {
            let key_start = text.find(key).map_or(0, |i| text[..i].chars().count());
            if column <= key_start + key.chars().count() + 1 {
                v
            } else {
                column
            }
        }
        _ => column,
    };
    let value = value_at(text, column);
    let found = describe(&value);
    let top = h.key_above(line);
    let field = field_at(h, line, column);
    let in_list = field.is_some() && field.as_deref() == top && inside_list(h, line, column);
    let lint_level = top == Some("check") && field.as_deref() != Some("check");
    let width = value.chars().count().max(1);
    let words = |message: String, help: String| Words {
        message,
        help,
        line,
        column,
        width,
    };
    let Some(field) = field else {
        return words(format!("folio cannot use {found} here"), RULES.to_string());
    };
    if lint_level {
        return words(
            format!("`{field}` must be off, warning or error, not {found}"),
            format!(
                "write e.g. `check: {{{field}: off}}`; `folio check --explain all` lists the lint codes"
            ),
        );
    }
    if in_list && let Some(item) = item_takes(&field) {
        return words(
            format!("each item of `{field}` must be {}, not {found}", item.what),
            format!(
                "write it like this: `{}`; put an item in quotes if it contains a comma, a colon or a bracket",
                item.example
            ),
        );
    }
    let Some(t) = takes(&field) else {
        return words(
            format!("`{field}` cannot be {found}"),
            format!("check the value of `{field}`; {RULES}"),
        );
    };
    let help = match (t.what, field.as_str()) {
        ("text", _) if value.starts_with(['[', '{', '&', '*', '!', '|', '>', '@', '%', '`']) => {
            format!(
                "if the text really begins with `{}`, put it in quotes: {}",
                value.chars().next().unwrap_or('['),
                requoted(text)
            )
        }
        ("text", _) => format!("write the text after `{field}: `, in quotes if it contains `: `"),
        ("true or false", _) => format!("write `{field}: true` or `{field}: false`"),
        (_, "date" | "updated") => format!("write `{field}: 2025-11-05` (year-month-day)"),
        (_, "authors") => format!(
            "write the authors' slugs (their files in content/authors/) in brackets, as in `{}`",
            t.example
        ),
        (_, "tags" | "aliases" | "links") => format!(
            "write the items in brackets, separated by commas, as in `{}`, or one `- item` per line below `{field}:`",
            t.example
        ),
        (_, "disclaimer") => "write `disclaimer: false` (none), a name from [disclaimers] in site.toml such as `disclaimer: events`, or the text in quotes".to_string(),
        (_, "check") => format!("write it as `{}`; `folio check --explain all` lists the lint codes", t.example),
        _ => format!("write it as `{}`", t.example),
    };
    words(format!("`{field}` must be {}, not {found}", t.what), help)
}

fn missing_field(field: &str, h: &Header<'_>, line: usize, column: usize) -> Words {
    let parent = h.key_above(line);
    let (message, help) = match parent {
        Some("links") => (
            format!("this link has no `{field}`"),
            "write each link with both, as in `links: [{name: \"Website\", url: \"https://example.org\"}]`".to_string(),
        ),
        Some(p) => (
            format!("`{field}` is missing in `{p}`"),
            format!("add `{field}: ...` to it"),
        ),
        None => (
            format!("`{field}` is missing"),
            format!("add a line `{field}: ...`"),
        ),
    };
    Words {
        message,
        help,
        line,
        column,
        width: 1,
    }
}

fn unknown_choice(
    variant: &str,
    expected: &[&str],
    h: &Header<'_>,
    line: usize,
    column: usize,
) -> Words {
    let choices = expected.join(", ");
    let (message, help) = if h.key_above(line) == Some("check") {
        (
            format!("`{variant}` is not a lint level"),
            "use off, warning or error, as in `check: {repeated-passage: off}`".to_string(),
        )
    } else {
        (
            format!("`{variant}` is not one of {choices}"),
            match did_you_mean(variant, expected.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of {choices}"),
            },
        )
    };
    Words {
        message,
        help,
        line,
        column,
        width: variant.chars().count().max(1),
    }
}

/// Keys other tools use, and what folio calls them.
fn synonym(key: &str) -> Option<&'static str> {
    Some(match key {
        "categories" | "category" | "keywords" => {
            "folio calls these `tags`: write `tags: [Pakistan, Diplomacy]`"
        }
        "excerpt" | "abstract" | "lead" => "folio calls this `summary`",
        "layout" | "template" => "folio chooses the page's layout by itself; delete this line",
        "permalink" | "url" | "path" => {
            "folio makes the address from the file name: set `slug:` for its last part, or list old addresses under `aliases:`"
        }
        "published" => "write `draft: true` for an article that is not to be published yet",
        "lastmod" | "modified" | "last_modified_at" | "last_modified" => {
            "folio calls this `updated`"
        }
        "author" | "by" | "byline" => "folio calls this `authors`: write `authors: [anum-malik]`",
        "thumbnail" | "cover" | "featured_image" | "hero" => "folio calls this `image`",
        _ => return None,
    })
}

/// The message and help for a key the header does not take.
pub fn unknown_key(field: &str, known: &str) -> (String, String) {
    let candidates: Vec<&str> = known.split(',').map(str::trim).collect();
    let suggestion = did_you_mean(field, candidates.iter().copied());
    let help = match (suggestion, synonym(field)) {
        (_, Some(why)) => format!("{why}. Known keys: {known}"),
        (Some(s), None) => format!("did you mean `{s}`? Known keys: {known}"),
        (None, None) => format!("known keys: {known}"),
    };
    (format!("unknown key `{field}` in the front matter"), help)
}

/// A header that is not `key: value` lines at all.
fn header_is_not_keys(expected: &str, h: &Header<'_>, line: usize, column: usize) -> bool {
    expected == "mapping start" && (line, column) == first_content(h)
}

fn first_content(h: &Header<'_>) -> (usize, usize) {
    h.lines
        .iter()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or((1, 1), |(i, l)| (i + 1, l.len() - l.trim_start().len() + 1))
}

fn not_key_value(h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    let at = |message: String, help: String| Words {
        message,
        help,
        line,
        column,
        width: 1,
    };
    if text.trim_start().starts_with("- ") || text.trim() == "-" {
        return at(
            "the header is a list, but it must be `key: value` lines".into(),
            "write each line as `key: value`, e.g. `title: \"After Istanbul\"`".into(),
        );
    }
    if let Some((key, value)) = text.split_once(" = ")
        && top_level_key(&format!("{key}:")).is_some()
    {
        return at(
            "this line uses `=`; front matter is written `key: value`".into(),
            format!("write `{}: {}`", key.trim(), value.trim()),
        );
    }
    if let Some((key, rest)) = text.split_once(':')
        && !key.contains(' ')
        && !rest.is_empty()
        && !rest.starts_with([' ', '\t'])
    {
        return Words {
            column: key.chars().count() + 1,
            ..at(
                format!("`{key}:` must be followed by a space"),
                format!("write `{key}: {rest}`"),
            )
        };
    }
    at(
        "this line is not `key: value`".into(),
        "write each line of the header as `key: value`, e.g. `title: \"After Istanbul\"`".into(),
    )
}

// ----- reading the line -----------------------------------------------------

fn char_at(text: &str, column: usize) -> Option<char> {
    text.chars().nth(column.saturating_sub(1))
}

/// Splits `  key: value` into (`  key: `, `value`).
fn split_value(text: &str) -> Option<(&str, &str)> {
    let i = text.find(": ").or_else(|| text.find(":\t"))?;
    let rest = &text[i + 2..];
    let value_start = i + 2 + (rest.len() - rest.trim_start().len());
    Some((&text[..value_start], &text[value_start..]))
}

/// The line with its value quoted: `title: "After Istanbul: what next"`.
fn requoted(text: &str) -> String {
    match split_value(text) {
        Some((prefix, value)) => format!("{prefix}{}", quote(value.trim_end())),
        None => quote(text.trim()),
    }
}

/// `value` in the quotes that need the least change.
fn quote(value: &str) -> String {
    if !value.contains('"') {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    } else if !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Column of the value on a `key: value` line.
fn value_column(text: &str) -> Option<usize> {
    let (prefix, value) = split_value(text)?;
    (!value.trim().is_empty()).then(|| prefix.chars().count() + 1)
}

/// Whether `column` is where the line's value begins.
fn value_starts_at(text: &str, column: usize) -> bool {
    value_column(text) == Some(column)
}

/// The key written on a nested line (`  - name: X`, `  name: X`).
fn nested_key(text: &str) -> Option<&str> {
    let t = text.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = t
        .split_once(": ")
        .or_else(|| t.strip_suffix(':').map(|k| (k, "")))?;
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    .then_some(key)
}

/// The value written at `column`: up to the end of its brackets, or of the
/// item it is in, or of the line (a comment left out).
fn value_at(text: &str, column: usize) -> String {
    let rest: String = text.chars().skip(column.saturating_sub(1)).collect();
    let open = rest.chars().next();
    if let Some(open @ ('[' | '{')) = open {
        let close = if open == '[' { ']' } else { '}' };
        let mut depth = 0;
        for (i, c) in rest.char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return rest[..=i].to_string();
                }
            }
        }
        return rest.trim_end().to_string();
    }
    if matches!(open, Some('"' | '\'')) {
        return rest.trim_end().to_string();
    }
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let in_brackets = before.matches(['[', '{']).count() > before.matches([']', '}']).count();
    let end = if in_brackets {
        rest.find([',', ']', '}']).unwrap_or(rest.len())
    } else {
        rest.find(" #").unwrap_or(rest.len())
    };
    rest[..end].trim().to_string()
}

/// "a list", "`maybe`", "nothing": what the editor wrote, in words.
fn describe(value: &str) -> String {
    if value.is_empty() {
        "nothing".into()
    } else if value.starts_with('[') {
        "a list".into()
    } else if value.starts_with('{') {
        "a group of `key: value` pairs in braces".into()
    } else {
        let shown: String = value.chars().take(40).collect();
        let more = if value.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        format!("`{shown}{more}`")
    }
}

/// The key whose value holds `column` of `line`: the last `key:` before it
/// on the line, else the top-level key above.
fn field_at(h: &Header<'_>, line: usize, column: usize) -> Option<String> {
    let text = h.line(line);
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let mut found = None;
    let bytes: Vec<char> = before.chars().collect();
    for (i, c) in bytes.iter().enumerate() {
        let followed = bytes.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
        if *c == ':' && followed {
            let key: String = bytes[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_alphanumeric() || **c == '_' || **c == '-')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if !key.is_empty() {
                found = Some(key);
            }
        }
    }
    found.or_else(|| h.key_above(line).map(str::to_string))
}

/// Whether `column` of `line` is inside the brackets of a list, or on a
/// `- item` line, rather than the value of the key itself.
fn inside_list(h: &Header<'_>, line: usize, column: usize) -> bool {
    let text = h.line(line);
    if text.trim_start().starts_with("- ") && top_level_key(text).is_none() {
        return true;
    }
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let after_key = split_value(&before).map_or(before.as_str(), |(_, v)| v);
    after_key.matches('[').count() > after_key.matches(']').count()
}

/// The first `[` or `{` left open on a line before `line`, if any.
fn unclosed_bracket_before(h: &Header<'_>, line: usize) -> Option<(usize, usize, char)> {
    (1..line).find_map(|l| {
        let mut stack: Vec<(usize, char)> = Vec::new();
        let mut quote: Option<char> = None;
        for (i, c) in h.line(l).chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if !stack.is_empty() => quote = Some(c),
                (None, '[' | '{') => stack.push((i + 1, c)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                (None, '#') if i > 0 => break,
                _ => {}
            }
        }
        stack.first().map(|(col, c)| (l, *col, *c))
    })
}

/// The first tab at or after (`line`, `column`), else the first anywhere.
fn first_tab(h: &Header<'_>, line: usize, column: usize) -> Option<(usize, usize)> {
    let find = |l: usize, from: usize| {
        h.line(l)
            .chars()
            .enumerate()
            .skip(from)
            .find(|(_, c)| *c == '\t')
            .map(|(i, _)| (l, i + 1))
    };
    find(line, column.saturating_sub(1))
        .or_else(|| (line + 1..=h.lines.len()).find_map(|l| find(l, 0)))
        .or_else(|| (1..=h.lines.len()).find_map(|l| find(l, 0)))
}

/// The first backslash at or after `column` and the letter after it.
fn backslash_after(text: &str, column: usize) -> Option<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    (column.saturating_sub(1)..chars.len())
        .find(|i| chars[*i] == '\\')
        .map(|i| (i + 1, chars.get(i + 1).copied().unwrap_or(' ')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_saphyr::Location;

    /// YAML's words, which must never reach an editor.
    /// (Not "alias": `aliases` is one of folio's own keys.)
    const JARGON: &[&str] = &[
        "mapping",
        "sequence",
        "scalar",
        "anchor",
        "node",
        "flow",
        "block",
        "eof",
        "document",
        "indicator",
        "token",
        "directive",
        "struct",
        "variant",
        "i64",
        "u64",
        "usize",
        "unit",
        "escape",
        "serde",
        "yaml",
        "deserial",
        "invalid type",
    ];

    pub(crate) fn jargon(text: &str) -> Option<&'static str> {
        let lower = text.to_lowercase();
        JARGON.iter().copied().find(|j| lower.contains(j))
    }

    fn assert_plain(w: &Words, what: &str) {
        for text in [&w.message, &w.help] {
            assert!(!text.is_empty(), "{what}: empty words: {w:?}");
            if let Some(j) = jargon(text) {
                panic!("{what}: `{j}` in {text:?}");
            }
        }
        assert!(w.line >= 1 && w.column >= 1, "{what}: no position: {w:?}");
    }

    const HEADER: &str = "title: After Istanbul: what next\ndate: 2025-11-05\nauthors: [anum-malik]\ntags:\n  - Pakistan\ndraft: maybe\n";

    /// Every kind of syntax error the parser has, at several places of a
    /// header, reads in plain words.
    #[test]
    fn every_parser_error_kind_is_in_plain_words() {
        let h = Header::new(HEADER, 2, "title, date, authors, tags, draft");
        let kinds = [
            ErrorKind::InputByteLimitExceeded { limit: 1 },
            ErrorKind::InputDecoding {
                message: "x".into(),
            },
            ErrorKind::UnexpectedEofFlowSequence,
            ErrorKind::UnexpectedEofFlowMapping,
            ErrorKind::UnexpectedEofImplicitFlowMapping,
            ErrorKind::UnexpectedEofBlockSequence,
            ErrorKind::UnexpectedEofBlockMapping,
            ErrorKind::UnexpectedEof,
            ErrorKind::ExpectedStreamStart,
            ErrorKind::DuplicateVersionDirective,
            ErrorKind::UnsupportedYamlMajorVersion,
            ErrorKind::DuplicateTagDirective,
            ErrorKind::ExpectedDocumentStart,
            ErrorKind::MissingDocumentEndBeforeDirective,
            ErrorKind::AnchorCountOverflow,
            ErrorKind::UnknownAnchor,
            ErrorKind::ExpectedNodeContent,
            ErrorKind::ExpectedBlockMappingKey,
            ErrorKind::ExpectedFlowMappingSeparator,
            ErrorKind::ExpectedFlowSequenceSeparator,
            ErrorKind::ExpectedBlockSequenceEntry,
            ErrorKind::UndeclaredTagHandle,
            ErrorKind::MissingIncludeResolver,
            ErrorKind::Custom("x".into()),
            ErrorKind::MultipleDocumentsUnsupported,
            ErrorKind::InputOffsetsWithoutSlice,
            ErrorKind::InputSlicingUnavailable,
            ErrorKind::ExpectedTagBang,
            ErrorKind::ExpectedTagDirectiveBang,
            ErrorKind::InvalidGlobalTagCharacter,
            ErrorKind::SimpleKeyExpected,
            ErrorKind::InvalidSimpleKey,
            ErrorKind::InvalidDocumentEnd,
            ErrorKind::InvalidIndentation,
            ErrorKind::BomInsideDocument,
            ErrorKind::UnexpectedCharacter { character: '@' },
            ErrorKind::TabNotAllowed,
            ErrorKind::TabInBlockIndentation,
            ErrorKind::CommentInterceptedScalar,
            ErrorKind::ExpectedWhitespace,
            ErrorKind::CommentNotSeparated,
            ErrorKind::InvalidDirectiveTerminator,
            ErrorKind::DirectiveDisallowed,
            ErrorKind::MissingYamlVersionSeparator,
            ErrorKind::MissingDirectiveName,
            ErrorKind::InvalidDirectiveName,
            ErrorKind::DirectiveByteLimitExceeded { limit: 1 },
            ErrorKind::TooManyReservedDirectiveParams { limit: 1 },
            ErrorKind::YamlVersionTooLong,
            ErrorKind::MissingYamlVersion,
            ErrorKind::InvalidTagDirectiveTerminator,
            ErrorKind::InvalidTagTerminator,
            ErrorKind::MissingTagUri,
            ErrorKind::UnclosedVerbatimTag,
            ErrorKind::InvalidTagEscape,
            ErrorKind::InvalidTagUtf8LeadingByte,
            ErrorKind::InvalidTagUtf8TrailingByte,
            ErrorKind::InvalidTagUtf8,
            ErrorKind::MissingAnchorOrAliasName,
            ErrorKind::MisplacedFlowCollectionEnd,
            ErrorKind::MismatchedFlowCollectionEnd {
                open: '[',
                close: '}',
            },
            ErrorKind::UnclosedFlowCollection { open: '{' },
            ErrorKind::RecursionLimitExceeded,
            ErrorKind::BlockEntryInFlowCollection,
            ErrorKind::BlockSequenceEntryNotAllowed,
            ErrorKind::InvalidBlockEntryWhitespace,
            ErrorKind::ZeroBlockScalarIndent,
            ErrorKind::InvalidBlockScalarHeader,
            ErrorKind::TabAtBlockScalarStart,
            ErrorKind::InvalidBlockScalarIndent,
            ErrorKind::DocumentIndicatorInQuotedScalar,
            ErrorKind::UnclosedQuotedScalar,
            ErrorKind::TabInIndentation,
            ErrorKind::InvalidQuotedScalarIndent,
            ErrorKind::InvalidTrailingSingleQuotedScalar,
            ErrorKind::InvalidTrailingDoubleQuotedScalar,
            ErrorKind::UnknownQuotedScalarEscape,
            ErrorKind::InvalidQuotedScalarHexEscape,
            ErrorKind::InvalidLowSurrogateHexEscape,
            ErrorKind::InvalidLowSurrogate,
            ErrorKind::MissingLowSurrogate,
            ErrorKind::UnpairedLowSurrogate,
            ErrorKind::InvalidUnicodeEscape,
            ErrorKind::InvalidFlowScalarIndent,
            ErrorKind::PlainScalarStartsWithDashFlowIndicator,
            ErrorKind::TabInPlainScalar,
            ErrorKind::UnexpectedEndOfPlainScalar,
            ErrorKind::MappingKeyNotAllowed,
            ErrorKind::FlowMappingValueAdjacentCollection,
            ErrorKind::InvalidMappingValueWhitespace,
            ErrorKind::InvalidColonPlacement,
            ErrorKind::MappingValueNotAllowed,
        ];
        for kind in &kinds {
            for (line, column) in [(1, 1), (1, 22), (3, 10), (5, 5), (6, 8), (9, 9)] {
                let w = parser_words(kind, &h, line, column);
                assert_plain(&w, &format!("{kind:?} at {line}:{column}"));
            }
        }
    }

    /// Every error of serde-saphyr's own, likewise.
    #[test]
    fn every_deserializer_error_is_in_plain_words() {
        let h = Header::new(HEADER, 2, "title, date, authors, tags, draft");
        let loc = Location::UNKNOWN;
        let errors = vec![
            YamlError::Message {
                msg: "invalid type: sequence, expected a string".into(),
                location: loc,
            },
            YamlError::Message {
                msg: custom("one tag with a comma", "write [a, b]"),
                location: loc,
            },
            YamlError::Eof { location: loc },
            YamlError::Unexpected {
                expected: "sequence start",
                location: loc,
            },
            YamlError::Unexpected {
                expected: "mapping start",
                location: loc,
            },
            YamlError::Unexpected {
                expected: "string scalar",
                location: loc,
            },
            YamlError::MergeValueNotMapOrSeqOfMaps { location: loc },
            YamlError::MergeKeyNotAllowed { location: loc },
            YamlError::InvalidBinaryBase64 { location: loc },
            YamlError::BinaryNotUtf8 { location: loc },
            YamlError::TaggedScalarCannotDeserializeIntoString { location: loc },
            YamlError::UnexpectedSequenceEnd { location: loc },
            YamlError::UnexpectedMappingEnd { location: loc },
            YamlError::InvalidBooleanStrict { location: loc },
            YamlError::InvalidCharNull { location: loc },
            YamlError::InvalidCharNotSingleScalar { location: loc },
            YamlError::NullIntoString { location: loc },
            YamlError::BytesNotSupportedMissingBinaryTag { location: loc },
            YamlError::UnexpectedValueForUnit { location: loc },
            YamlError::ExpectedEmptyMappingForUnitStruct { location: loc },
            YamlError::UnexpectedContainerEndWhileSkippingNode { location: loc },
            YamlError::InternalSeedReusedForMapKey { location: loc },
            YamlError::ValueRequestedBeforeKey { location: loc },
            YamlError::ExpectedStringKeyForExternallyTaggedEnum { location: loc },
            YamlError::ExternallyTaggedEnumExpectedScalarOrMapping { location: loc },
            YamlError::UnexpectedValueForUnitEnumVariant { location: loc },
            YamlError::InvalidUtf8Input,
            YamlError::AliasReplayCounterOverflow { location: loc },
            YamlError::AliasReplayLimitExceeded {
                total_replayed_events: 1,
                max_total_replayed_events: 1,
                location: loc,
            },
            YamlError::AliasExpansionLimitExceeded {
                anchor_id: 1,
                expansions: 1,
                max_expansions_per_anchor: 1,
                location: loc,
            },
            YamlError::AliasReplayStackDepthExceeded {
                depth: 1,
                max_depth: 1,
                location: loc,
            },
            YamlError::FoldedBlockScalarMustIndentContent { location: loc },
            YamlError::InternalDepthUnderflow { location: loc },
            YamlError::InternalRecursionStackEmpty { location: loc },
            YamlError::RecursiveReferencesRequireWeakTypes { location: loc },
            YamlError::InvalidScalar {
                ty: "boolean",
                location: loc,
            },
            YamlError::InvalidScalar {
                ty: "i64",
                location: loc,
            },
            YamlError::NonFiniteFloat {
                value: ".nan".into(),
                location: loc,
            },
            YamlError::SerdeInvalidType {
                unexpected: "sequence".into(),
                expected: "a string".into(),
                location: loc,
            },
            YamlError::SerdeInvalidType {
                unexpected: "sequence".into(),
                expected: "struct ArticleHeader".into(),
                location: loc,
            },
            YamlError::SerdeInvalidValue {
                unexpected: "integer `-1`".into(),
                expected: "usize".into(),
                location: loc,
            },
            YamlError::SerdeInvalidLength {
                len: 1,
                expected: "2".into(),
                location: loc,
            },
            YamlError::SerdeUnknownVariant {
                variant: "sometimes".into(),
                expected: vec!["off", "warning", "error"],
                location: loc,
            },
            YamlError::SerdeUnknownField {
                field: "layout".into(),
                expected: vec!["title", "date"],
                location: loc,
            },
            YamlError::SerdeMissingField {
                field: "url",
                location: loc,
            },
            YamlError::UnexpectedContainerEndWhileReadingKeyNode { location: loc },
            YamlError::DuplicateMappingKey {
                key: Some("title".into()),
                location: loc,
            },
            YamlError::DuplicateMappingKey {
                key: None,
                location: loc,
            },
            YamlError::TaggedEnumMismatch {
                tagged: "x".into(),
                target: "y",
                location: loc,
            },
            YamlError::SerdeVariantId {
                msg: "x".into(),
                location: loc,
            },
            YamlError::ExpectedMappingEndAfterEnumVariantValue { location: loc },
            YamlError::ContainerEndMismatch { location: loc },
            YamlError::UnknownAnchor { location: loc },
            YamlError::HookError {
                msg: "x".into(),
                location: loc,
            },
            YamlError::QuotingRequired {
                value: "true".into(),
                location: loc,
            },
            YamlError::UnsupportedTag {
                tag: "!x".into(),
                location: loc,
            },
            YamlError::TaggedStructFieldName {
                tag: "!x".into(),
                location: loc,
            },
            YamlError::MultipleDocuments {
                hint: "x",
                location: loc,
            },
            YamlError::InvalidOptions {
                msg: "x".into(),
                location: loc,
            },
        ];
        let breaches = [
            BudgetBreach::Events { events: 1 },
            BudgetBreach::Aliases { aliases: 1 },
            BudgetBreach::Anchors { anchors: 1 },
            BudgetBreach::Depth { depth: 1 },
            BudgetBreach::Documents { documents: 2 },
            BudgetBreach::Nodes { nodes: 1 },
            BudgetBreach::ScalarBytes {
                total_scalar_bytes: 1,
            },
            BudgetBreach::MergeKeys { merge_keys: 1 },
            BudgetBreach::SequenceUnbalanced,
        ];
        let errors =
            errors
                .into_iter()
                .chain(breaches.into_iter().map(|breach| YamlError::Budget {
                    breach,
                    location: loc,
                }));
        for e in errors {
            for (line, column) in [(1, 1), (1, 8), (3, 11), (5, 5), (6, 8), (9, 9)] {
                let w = explain_at(&e, &h, line, column);
                assert_plain(&w, &format!("{e} at {line}:{column}"));
            }
        }
    }

    #[test]
    fn quoting_picks_the_quotes_that_need_no_change() {
        assert_eq!(
            quote("After Istanbul: what next"),
            "\"After Istanbul: what next\""
        );
        assert_eq!(quote("He said \"no\""), "'He said \"no\"'");
        assert_eq!(quote("It's \"x\""), "\"It's \\\"x\\\"\"");
        assert_eq!(
            requoted("title: After Istanbul: what next"),
            "title: \"After Istanbul: what next\""
        );
    }

    #[test]
    fn values_are_read_up_to_their_end() {
        assert_eq!(value_at("tags: [a, [b]]", 11), "[b]");
        assert_eq!(value_at("draft: maybe # not sure", 8), "maybe");
        assert_eq!(value_at("authors: [a, 3]", 14), "3");
        assert_eq!(describe(""), "nothing");
        assert_eq!(
            describe("{a: b}"),
            "a group of `key: value` pairs in braces"
        );
    }

    #[test]
    fn unknown_keys_from_other_tools_say_what_folio_calls_them() {
        let (m, h) = unknown_key("categories", "title, tags");
        assert_eq!(m, "unknown key `categories` in the front matter");
        assert!(h.contains("`tags`"), "{h}");
        let (_, h) = unknown_key("titel", "title, tags");
        assert!(h.starts_with("did you mean `title`?"), "{h}");
    }
}
