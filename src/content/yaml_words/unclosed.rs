//! Part of the YAML errors' explanation: a header that is not closed. When
//! the closing `---` is forgotten, the header runs on into the article's
//! text up to the first `---` of the body (a rule), and the parser's error
//! is about the text ("`: ` starts a new key", an unknown key "This is the
//! body"), whose fix would be wrong. The header is taken for unclosed only
//! when its reading failed at or after a line where the text starts, and
//! none of the header's keys come from there on. Text starts at a line at
//! the left margin that is not a key (`Note: ...` is text, `autor: ...` a
//! misspelt key) after a blank line; or, without a blank line, at one that
//! is not `key: value` and has a blank line after it (a second paragraph,
//! or the blank line before a rule, which a closing `---` does not need).
//! A blank line between keys, a value wrapped onto a second line, or a
//! mistake in a key above the text are not taken for it.

use super::{Header, Words, top_level_key};

/// The words for a header that runs on into the article's text, when the
/// error reading it is at `error_line` (of the header); None when the
/// header does not look so.
pub fn unclosed(h: &Header<'_>, error_line: usize) -> Option<Words> {
    if let Some(line) = dashes(h).filter(|&l| l <= error_line) {
        return Some(not_three_dashes(h, line));
    }
    let known = |key: &str| h.known.split(',').any(|k| k.trim() == key);
    let start = text_start(h, known)?;
    if error_line < start {
        return None;
    }
    let last = (1..start)
        .rev()
        .find(|&l| !h.line(l).trim().is_empty())
        .unwrap_or(1);
    Some(words(h, last))
}

/// Words for a header never closed before the end of the file: the same,
/// naming the header's last line before the article's text (where any
/// `key:` line may be one of the header's, the keys being unknown here).
pub fn never_closed(h: &Header<'_>) -> Words {
    if let Some(line) = dashes(h) {
        return not_three_dashes(h, line);
    }
    let last = match text_start(h, |_| true) {
        Some(start) => (1..start).rev().find(|&l| !h.line(l).trim().is_empty()),
        None => (1..=h.lines.len())
            .rev()
            .find(|&l| !h.line(l).trim().is_empty()),
    };
    words(h, last.unwrap_or(1))
}

/// At the opening `---` (line 0 of the header, the file's line 1).
fn words(h: &Header<'_>, last: usize) -> Words {
    let opening = h.first_line.saturating_sub(1);
    Words {
        message: format!("the front matter opened at line {opening} is not closed"),
        help: format!(
            "add a line `---` after the last key (after line {}: `{}`), before the article's text",
            h.file_line(last),
            h.line(last).trim()
        ),
        line: 0,
        column: 1,
        width: 3,
    }
}

/// The first line of the header that was meant to close it: dashes, but
/// not three hyphens (`----`, `--`, or the dash `—` a word processor
/// makes of `---`).
fn dashes(h: &Header<'_>) -> Option<usize> {
    (1..=h.lines.len()).find(|&l| {
        let text = h.line(l).trim();
        !matches!(text, "" | "-" | "---")
            && text
                .chars()
                .all(|c| matches!(c, '-' | '—' | '–' | '‒' | '―'))
    })
}

fn not_three_dashes(h: &Header<'_>, line: usize) -> Words {
    let text = h.line(line).trim();
    Words {
        message: format!(
            "`{text}` does not close the front matter: the closing line is exactly `---`"
        ),
        help: "write three hyphens, `---`, and nothing else on the line".into(),
        line,
        column: 1,
        width: text.chars().count().max(1),
    }
}

/// The header line where the article's text starts, if it runs on into
/// it; `is_key` tells the header's keys.
fn text_start(h: &Header<'_>, is_key: impl Fn(&str) -> bool) -> Option<usize> {
    let known = |l: usize| top_level_key(h.line(l)).is_some_and(&is_key);
    let blank = |l: usize| h.line(l).trim().is_empty();
    let at_margin = |l: usize| !blank(l) && !h.line(l).starts_with([' ', '\t']);
    let n = h.lines.len();
    // A lower-case `word:` is a key (one folio does not take, misspelt or
    // another tool's), not text: text that starts so is rare.
    let a_key =
        |l: usize| top_level_key(h.line(l)).is_some_and(|k| !k.chars().any(char::is_uppercase));
    let after_blank = (2..=n).find(|&l| at_margin(l) && blank(l - 1) && !a_key(l));
    let paragraph = || {
        (2..=n).find(|&l| {
            let text = h.line(l);
            at_margin(l)
                && !known(l)
                && top_level_key(text).is_none()
                && !text.starts_with(['-', '#'])
                && (l + 1..=n).any(|b| blank(b) && (b == n || !blank(b + 1)))
        })
    };
    let start = after_blank.into_iter().chain(paragraph()).min()?;
    (start..=n).all(|l| !known(l)).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &str = "title, date, summary, tags";

    fn start(header: &str) -> Option<usize> {
        let known = |k: &str| KEYS.split(", ").any(|x| x == k);
        text_start(&Header::new(header, 2, KEYS), known)
    }

    #[test]
    fn the_text_after_the_keys_is_found() {
        // After a blank line: prose, a heading, prose with a colon, a list.
        assert_eq!(start("title: A\ndate: 2025-01-02\n\nThe text.\n"), Some(4));
        assert_eq!(start("title: A\n\n# Intro\n\nText: more.\n"), Some(3));
        assert_eq!(start("title: A\n\nNote: this.\n"), Some(3));
        assert_eq!(start("title: A\n\n- one\n- two\n"), Some(3));
        // Without a blank line: prose, then a second paragraph.
        assert_eq!(start("title: A\nThe text.\n\nMore.\n"), Some(2));
        // Without a blank line, one paragraph, then the blank line before a rule.
        assert_eq!(start("title: A\nThe text.\n\n"), Some(2));
    }

    #[test]
    fn headers_that_only_look_so_are_not_taken_for_it() {
        // Blank lines between keys; a comment; a wrapped value; a list below its key.
        assert_eq!(start("title: A\n\ndate: 2025-01-02\n"), None);
        assert_eq!(start("title: A\n\n# optional\nsummary: x\n"), None);
        assert_eq!(
            start("title: After Istanbul\nwhat next\ndate: 2025\n"),
            None
        );
        assert_eq!(start("summary: a long\nsummary\n"), None);
        assert_eq!(start("tags:\n- a\n- b\n"), None);
        assert_eq!(start("title: A\nstray line\n"), None);
        // A misspelt key, or another tool's, after a blank line.
        assert_eq!(start("title: A\n\nautor: [a]\n"), None);
        assert_eq!(start("title: A\n\nlayout: post\n"), None);
    }

    #[test]
    fn a_closing_line_of_other_dashes_is_named() {
        for (header, dash) in [
            ("title: A\n----\n\nText.\n", "----"),
            ("title: A\n—\n\nText.\n", "—"),
            ("title: A\n--\n", "--"),
        ] {
            let w = never_closed(&Header::new(header, 2, KEYS));
            assert_eq!(w.line, 2, "{header:?}");
            assert_eq!(
                w.message,
                format!(
                    "`{dash}` does not close the front matter: the closing line is exactly `---`"
                )
            );
        }
        let h = Header::new("title: A\ntags:\n- a\n", 2, KEYS);
        assert!(dashes(&h).is_none(), "a list item is not a closing line");
    }

    #[test]
    fn the_words_name_the_opening_and_the_last_key() {
        let h = Header::new("title: A\ndate: 2025-01-02\n\nThe text: here.\n", 2, KEYS);
        let w = unclosed(&h, 4).unwrap();
        assert_eq!(w.message, "the front matter opened at line 1 is not closed");
        assert_eq!(
            w.help,
            "add a line `---` after the last key (after line 3: `date: 2025-01-02`), before the article's text"
        );
        assert_eq!((w.line, w.column), (0, 1));
        assert!(
            unclosed(&h, 2).is_none(),
            "an error above the text is its own"
        );
    }
}
