//! Part of the YAML errors' explanation: reading the header line an error
//! points at (the value after a key, its quotes, brackets and tabs), so
//! that the explanation can quote the line and say how to correct it.

use super::{Header, top_level_key};

pub(super) fn char_at(text: &str, column: usize) -> Option<char> {
    text.chars().nth(column.saturating_sub(1))
}

/// Splits `  key: value` into (`  key: `, `value`).
pub(super) fn split_value(text: &str) -> Option<(&str, &str)> {
    let i = text.find(": ").or_else(|| text.find(":\t"))?;
    let rest = &text[i + 2..];
    let value_start = i + 2 + (rest.len() - rest.trim_start().len());
    Some((&text[..value_start], &text[value_start..]))
}

/// The line with its value quoted: `title: "After Istanbul: what next"`.
pub(super) fn requoted(text: &str) -> String {
    match split_value(text) {
        Some((prefix, value)) => format!("{prefix}{}", quote(value.trim_end())),
        None => quote(text.trim()),
    }
}

/// `value` in the quotes that need the least change.
pub(super) fn quote(value: &str) -> String {
    if !value.contains('"') {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    } else if !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Column of the value on a `key: value` line.
pub(super) fn value_column(text: &str) -> Option<usize> {
    let (prefix, value) = split_value(text)?;
    (!value.trim().is_empty()).then(|| prefix.chars().count() + 1)
}

/// Whether `column` is where the line's value begins.
pub(super) fn value_starts_at(text: &str, column: usize) -> bool {
    value_column(text) == Some(column)
}

/// The key written on a nested line (`  - name: X`, `  name: X`).
pub(super) fn nested_key(text: &str) -> Option<&str> {
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
pub(super) fn value_at(text: &str, column: usize) -> String {
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
pub(super) fn describe(value: &str) -> String {
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
pub(super) fn field_at(h: &Header<'_>, line: usize, column: usize) -> Option<String> {
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
pub(super) fn inside_list(h: &Header<'_>, line: usize, column: usize) -> bool {
    let text = h.line(line);
    if text.trim_start().starts_with("- ") && top_level_key(text).is_none() {
        return true;
    }
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let after_key = split_value(&before).map_or(before.as_str(), |(_, v)| v);
    after_key.matches('[').count() > after_key.matches(']').count()
}

/// The first `[` or `{` left open on a line before `line`, if any.
pub(super) fn unclosed_bracket_before(h: &Header<'_>, line: usize) -> Option<(usize, usize, char)> {
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
pub(super) fn first_tab(h: &Header<'_>, line: usize, column: usize) -> Option<(usize, usize)> {
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
pub(super) fn backslash_after(text: &str, column: usize) -> Option<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    (column.saturating_sub(1)..chars.len())
        .find(|i| chars[*i] == '\\')
        .map(|i| (i + 1, chars.get(i + 1).copied().unwrap_or(' ')))
}
