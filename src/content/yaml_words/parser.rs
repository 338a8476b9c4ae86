//! Part of the YAML errors' explanation: the parser's own errors (a colon
//! where none may be, a bracket or quote left open, text after a closing
//! quote, tabs, a character YAML reserves) in an editor's words.

use super::line::*;
use serde_saphyr::granit_parser::ErrorKind;

use super::{Header, Limit, RULES, Words, limit_words, top_level_key};

/// A syntax error of the parser, by its kind.
pub(super) fn parser_words(kind: &ErrorKind, h: &Header<'_>, line: usize, column: usize) -> Words {
    let at = |message: String, help: String| Words::at(line, column, message, help);
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
            tab_words(h, line, column)
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
pub(super) fn colon_words(h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    let indent = text.len() - text.trim_start().len();
    let first_colon = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(|t| t.len()));
    let colon_column = first_colon.map(|i| text[..i].chars().count() + 1);
    let at = |message: String, help: String| Words::at(line, column, message, help);
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

pub(super) fn unclosed_bracket(open: char, line: usize, column: usize) -> Words {
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

pub(super) fn text_after_quote(q: char, h: &Header<'_>, line: usize, column: usize) -> Words {
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
    Words::at(line, column, message, help)
}

/// `title: |` or `>` (text on the lines below) whose lines are not indented.
pub(super) fn block_text_words(h: &Header<'_>, line: usize, column: usize) -> Words {
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

pub(super) fn opens_block_text(text: &str) -> bool {
    let t = text.trim_end();
    split_value(t).is_some_and(|(_, v)| {
        let v = v.trim();
        v.starts_with(['|', '>']) && v.len() <= 3
    })
}

pub(super) fn previous_opens_block_text(h: &Header<'_>, line: usize) -> bool {
    (1..line)
        .rev()
        .map(|l| h.line(l))
        .find(|l| !l.trim().is_empty())
        .is_some_and(opens_block_text)
}

pub(super) fn layout(line: usize, column: usize) -> Words {
    Words {
        message: "this line does not line up with the lines above it".into(),
        help: "keys start at the beginning of the line; the items of a list below its key are indented with spaces and start with `- `; a value that runs over several lines must be in quotes".into(),
        line,
        column,
        width: 1,
    }
}

/// A value that starts with a character YAML reserves.
pub(super) fn special_start(c: char, h: &Header<'_>, line: usize, column: usize) -> Words {
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
    Words::at(line, column, message, help)
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

/// True when the parser's error is about a tab.
pub(super) fn is_about_a_tab(e: &serde_saphyr::Error) -> bool {
    match e {
        serde_saphyr::Error::ExternalMessage { source, .. } => matches!(
            &**source,
            serde_saphyr::ExternalMessageSource::Parser(scan) if matches!(
                scan.kind(),
                ErrorKind::TabNotAllowed
                    | ErrorKind::TabInBlockIndentation
                    | ErrorKind::TabInIndentation
                    | ErrorKind::TabInPlainScalar
                    | ErrorKind::TabAtBlockScalarStart
            )
        ),
        _ => false,
    }
}

/// Words for every line of the header with a tab in its indentation, at
/// its first tab: the parser names only one, and an editor who pasted
/// from a tab-indented file has them on several lines.
pub(super) fn tabs_in_indentation(h: &Header<'_>) -> Vec<Words> {
    (1..=h.lines.len())
        .filter_map(|line| {
            let indent = h.line(line).chars().take_while(|c| matches!(c, ' ' | '\t'));
            let column = indent.enumerate().find(|(_, c)| *c == '\t')?.0 + 1;
            Some(tab_words(h, line, column))
        })
        .collect()
}

/// Words for the tab at `line`, `column`: a key of the header indented by
/// a tab moves back to the margin; anything else is indented with spaces.
fn tab_words(h: &Header<'_>, line: usize, column: usize) -> Words {
    let after = h.line(line).trim_start_matches(['\t', ' ']);
    let known_key =
        top_level_key(after).is_some_and(|k| h.known.split(',').any(|known| known.trim() == k));
    let help = if column == 1 && known_key {
        "delete the tab: keys start at the beginning of the line"
    } else {
        "replace the tab by spaces (a list item below its key: two spaces, then `- `)"
    };
    Words {
        message: "a tab character in the header, which may only be indented with spaces".into(),
        help: help.into(),
        line,
        column,
        width: 1,
    }
}
