//! Front-matter mistakes that span lines: tabs on several lines (each is
//! reported, saying "tab"), and a header whose closing `---` is missing,
//! so that it runs on into the article's text (named as such, with the
//! line after which `---` goes, never the fix for the text read as keys).
//! Headers that only look so (blank lines between keys, a wrapped value)
//! keep their own words.

use std::path::Path;

use crate::common::*;
use crate::yaml_errors::assert_plain;
use folio::Diagnostic;

const FILE: &str = "content/commentary/broken.md";

/// Every error about FILE when it holds `text`, each checked to be in
/// plain words at a place.
fn errors(text: &str) -> Vec<Diagnostic> {
    let site = fixture("minimal");
    site.write(FILE, text);
    let errors: Vec<Diagnostic> = site
        .build_err()
        .into_iter()
        .filter(|e| e.file == Path::new(FILE))
        .collect();
    for e in &errors {
        assert_plain(e);
    }
    errors
}

fn places(errors: &[Diagnostic]) -> Vec<(usize, usize)> {
    errors.iter().map(|e| (e.line, e.column)).collect()
}

#[test]
fn every_line_indented_with_a_tab_is_reported() {
    let errors = errors(
        "---\ntitle: X\ndate: 2025-11-05\ntags:\n\t- Water\n\t- Trade\nauthors:\n  \t- alice-ahmed\n---\n\nBody.\n",
    );
    assert_eq!(
        places(&errors),
        [(5, 1), (6, 1), (8, 3)],
        "{}",
        show(&errors)
    );
    for e in &errors {
        assert_eq!(
            e.message,
            "a tab character in the header, which may only be indented with spaces"
        );
        assert!(
            e.help
                .as_deref()
                .unwrap()
                .starts_with("replace the tab by spaces"),
            "{e}"
        );
    }
}

#[test]
fn tabs_before_keys_and_below_a_list_item_each_get_their_fix() {
    let errors = errors(
        "---\ntitle: X\n\tdate: 2025-11-05\nauthors:\n  - name: A\n\t  affiliation: B\n---\n\nBody.\n",
    );
    assert_eq!(places(&errors), [(3, 1), (6, 1)], "{}", show(&errors));
    assert_eq!(
        errors[0].help.as_deref(),
        Some("delete the tab: keys start at the beginning of the line")
    );
    // `affiliation` belongs to the author above: not to the margin.
    assert!(
        errors[1]
            .help
            .as_deref()
            .unwrap()
            .starts_with("replace the tab by spaces")
    );
}

/// The one error of FILE holding `text`: the header opened at line 1 is
/// not closed, and `---` goes after `last` (a file line and its text).
fn assert_unclosed(text: &str, last: (usize, &str)) {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{text:?}:\n{}", show(&errors));
    let e = &errors[0];
    assert_eq!((e.line, e.column), (1, 1), "{e}");
    assert_eq!(
        e.message, "the front matter opened at line 1 is not closed",
        "{e}"
    );
    assert_eq!(
        e.help.as_deref().unwrap(),
        format!(
            "add a line `---` after the last key (after line {}: `{}`), before the article's text",
            last.0, last.1
        ),
        "{text:?}"
    );
}

#[test]
fn a_header_that_runs_into_the_text_up_to_a_rule_is_named_unclosed() {
    let keys = "---\ntitle: After Istanbul\ndate: 2025-11-05\n";
    let last = (3, "date: 2025-11-05");
    let bodies = [
        // Prose with a colon (read as a key), without one, a heading and a
        // list, a quotation, emphasis, a link: each then a rule and more.
        "\nThe talks stalled: here is why.\n\n---\n\nMore.\n",
        "\nThe talks stalled\nand then collapsed.\n\n---\n\nMore.\n",
        "\n# Background\n\n- one\n- two\n\n---\n\nMore.\n",
        "\n> A quotation.\n\n---\n\nMore.\n",
        "\n*Emphasis* first.\n\n---\n\nMore.\n",
        "\n[A link](https://example.org) first.\n\n---\n\nMore.\n",
        // No blank line after the keys: two paragraphs, or one before a rule.
        "The talks stalled.\n\nThen they collapsed.\n\n---\n\nMore.\n",
        "The talks stalled.\n\n---\n\nMore.\n",
        // No rule at all: the header runs to the end of the file.
        "\nThe talks stalled.\n",
    ];
    for body in bodies {
        assert_unclosed(&format!("{keys}{body}"), last);
    }
    // The last key may have a list below it.
    assert_unclosed(
        "---\ntitle: X\ntags:\n  - Water\n\nThe text: here.\n\n---\n",
        (4, "- Water"),
    );
}

#[test]
fn headers_that_only_look_unclosed_keep_their_own_words() {
    // Blank lines between keys are fine.
    let site = fixture("minimal");
    site.write(
        FILE,
        "---\ntitle: X\n\ndate: 2025-11-05\n\nsummary: Short.\n---\n\nBody.\n",
    );
    site.build_ok();
    // A value wrapped onto the next line, with keys after it.
    let found = errors("---\ntitle: After\nIstanbul, what next\ndate: 2025-11-05\n---\n\nBody.\n");
    assert_eq!(found.len(), 1, "{}", show(&found));
    assert!(!found[0].message.contains("not closed"), "{}", found[0]);
    // A mistake in a key above the text is that mistake.
    let found = errors("---\ntitle: X\ndraft: maybe\n\nThe text.\n\n---\n");
    assert!(
        found
            .iter()
            .any(|e| e.line == 3 && e.message.contains("`draft`")),
        "{}",
        show(&found)
    );
    // A misspelt key after a blank line is a misspelt key.
    let found = errors("---\ntitle: X\ndate: 2025-11-05\n\nautor: [alice-ahmed]\n---\n\nBody.\n");
    assert_eq!(places(&found), [(5, 1)], "{}", show(&found));
    assert!(
        found[0].message.starts_with("unknown key `autor`"),
        "{}",
        found[0]
    );
    // A colon in a value, with blank lines between keys.
    let found = errors("---\ntitle: X\n\ndate: 2025-11-05\n\nsummary: ok: no\n---\n\nBody.\n");
    assert_eq!(places(&found), [(6, 12)], "{}", show(&found));
}

#[test]
fn a_closing_line_of_other_dashes_is_named_at_its_line() {
    for (text, dash) in [
        ("---\ntitle: X\ndate: 2025-11-05\n----\n\nBody.\n", "----"),
        (
            "---\ntitle: X\ndate: 2025-11-05\n—\n\nBody.\n\n---\n\nMore.\n",
            "—",
        ),
    ] {
        let found = errors(text);
        assert_eq!(places(&found), [(4, 1)], "{text:?}: {}", show(&found));
        assert_eq!(
            found[0].message,
            format!("`{dash}` does not close the front matter: the closing line is exactly `---`")
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("write three hyphens, `---`, and nothing else on the line")
        );
    }
}
