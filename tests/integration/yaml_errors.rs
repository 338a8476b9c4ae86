//! Front-matter mistakes in plain words: one test for each kind of mistake
//! the YAML parser can report (docs/front-matter-errors.md lists them). Each
//! builds a small site with one broken article and asserts where the error
//! points (`file:line:column`), what it says, the fix it offers, and that no
//! YAML vocabulary ("mapping", "sequence", "scalar" ...) reaches the editor.

use std::path::Path;

use crate::common::*;
use folio::Diagnostic;

/// Words of YAML and of Rust that an editor must never be shown. ("alias"
/// is not among them: `aliases` is one of folio's keys.)
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
    "usize",
    "unit",
    "escape",
    "serde",
    "invalid type",
    "expected",
];

const FILE: &str = "content/commentary/broken.md";

/// Every error of a build of the minimal site plus one article whose header
/// (between the `---` lines, which are lines 1 and n) is `header`.
fn errors(header: &str) -> Vec<Diagnostic> {
    let site = fixture("minimal");
    site.write(FILE, format!("---\n{header}---\n\nBody.\n"));
    let errors = site.build_err();
    for e in &errors {
        assert_plain(e);
    }
    errors
}

/// The one error of such a build, checked to point at `line:column`.
fn error(header: &str, line: usize, column: usize) -> Diagnostic {
    let errors = errors(header);
    assert_eq!(errors.len(), 1, "expected one error:\n{}", show(&errors));
    let e = errors.into_iter().next().unwrap();
    assert_eq!(e.file, Path::new(FILE), "{e}");
    assert_eq!((e.line, e.column), (line, column), "wrong place:\n{e}");
    e
}

/// Positioned, shown with its line, with a fix, and in plain words.
pub(crate) fn assert_plain(e: &Diagnostic) {
    assert!(e.line >= 1 && e.column >= 1, "no line:column:\n{e}");
    assert!(e.source_line.is_some(), "no line shown:\n{e}");
    let help = e.help.as_deref().unwrap_or("");
    assert!(!help.is_empty(), "no help:\n{e}");
    for text in [e.message.as_str(), help] {
        let lower = text.to_lowercase();
        if let Some(word) = JARGON.iter().find(|w| lower.contains(*w)) {
            panic!("`{word}` reaches the editor:\n{e}");
        }
    }
}

fn help(e: &Diagnostic) -> &str {
    e.help.as_deref().unwrap_or("")
}

// ----- syntax: colons, tabs, quotes, brackets ------------------------------

#[test]
fn colon_in_an_unquoted_title() {
    let e = error(
        "title: After Istanbul: what next\ndate: 2025-11-05\n",
        2,
        22,
    );
    assert_eq!(
        e.message,
        "the value of `title` contains `: ` (a colon and a space), which starts a new key"
    );
    assert_eq!(
        help(&e),
        "put the whole value in quotes: title: \"After Istanbul: what next\""
    );
}

#[test]
fn key_indented_under_another() {
    let e = error("title: X\n  date: 2025-11-05\n", 3, 7);
    assert_eq!(
        e.message,
        "`date` is indented, so it is read as part of `title` above it"
    );
    assert!(
        help(&e).starts_with("start `date:` at the beginning of the line"),
        "{e}"
    );
}

#[test]
fn tab_in_the_indentation_of_a_list() {
    let e = error(
        "title: X\ndate: 2025-11-05\nauthors:\n\t- alice-ahmed\n",
        5,
        1,
    );
    assert_eq!(
        e.message,
        "a tab character in the header, which may only be indented with spaces"
    );
    assert!(help(&e).starts_with("replace the tab by spaces"), "{e}");
}

#[test]
fn tab_before_a_key() {
    // The parser reports this at the end of the title; the error points at the tab.
    let e = error("title: X\n\tdate: 2025-11-05\n", 3, 1);
    assert!(e.message.starts_with("a tab character"), "{e}");
    assert_eq!(
        help(&e),
        "delete the tab: keys start at the beginning of the line"
    );
}

#[test]
fn unclosed_single_quote() {
    let e = error("title: 'After Istanbul\ndate: 2025-11-05\n", 2, 8);
    assert_eq!(e.message, "the quote ' opened here is never closed");
    assert_eq!(
        help(&e),
        "end the text with ' on the same line: title: 'After Istanbul'"
    );
}

#[test]
fn apostrophe_inside_single_quotes() {
    let e = error("title: 'It's over'\ndate: 2025-11-05\n", 2, 12);
    assert_eq!(
        e.message,
        "a ' inside text that is quoted with ' ends the quotation early"
    );
    assert!(
        help(&e).starts_with("quote the text with double quotes instead: title: \"It's over\""),
        "{e}"
    );
}

#[test]
fn double_quote_inside_double_quotes() {
    let e = error("title: \"He said \"no\" today\"\ndate: 2025-11-05\n", 2, 18);
    assert!(e.message.contains("ends the quotation early"), "{e}");
    assert!(help(&e).contains("title: 'He said \"no\" today'"), "{e}");
}

#[test]
fn unclosed_bracket_at_the_end_of_the_header() {
    let e = error(
        "title: X\ndate: 2025-11-05\ntags: [Pakistan, Diplomacy\n",
        4,
        7,
    );
    assert_eq!(e.message, "the `[` opened here is never closed");
    assert!(help(&e).contains("end it with `]` on the same line"), "{e}");
}

#[test]
fn unclosed_bracket_points_at_the_bracket_not_the_next_line() {
    // The parser notices only at `date:`, a line later.
    let e = error(
        "title: X\ntags: [Pakistan, Diplomacy\ndate: 2025-11-05\n",
        3,
        7,
    );
    assert_eq!(e.message, "the `[` opened here is never closed");
}

#[test]
fn brace_closed_by_a_bracket() {
    let e = error(
        "title: X\ndate: 2025-11-05\nauthors: [{name: Guest]\n",
        4,
        11,
    );
    assert_eq!(e.message, "the `{` opened here is closed by `]`");
    assert!(help(&e).starts_with("close `{` with `}`"), "{e}");
}

#[test]
fn closing_bracket_with_nothing_to_close() {
    let e = error("title: X\ndate: 2025-11-05\ntags: [a]]\n", 4, 10);
    assert_eq!(e.message, "a closing `]` with nothing to close");
}

#[test]
fn empty_item_in_a_list_in_brackets() {
    let e = error("title: X\ndate: 2025-11-05\ntags: [a, b,, c]\n", 4, 13);
    assert_eq!(
        e.message,
        "folio cannot read this list in brackets from here"
    );
    assert!(help(&e).contains("separated by commas"), "{e}");
}

#[test]
fn dash_item_inside_brackets() {
    let e = error("title: X\ndate: 2025-11-05\ntags: [- a]\n", 4, 8);
    assert_eq!(e.message, "a `- ` list item inside brackets");
}

#[test]
fn value_that_starts_with_a_dash() {
    let e = error("title: - a reply\ndate: 2025-11-05\n", 2, 8);
    assert_eq!(
        e.message,
        "a value cannot start with `- ` on the same line as its key"
    );
    assert!(
        help(&e).starts_with("put it in quotes: title: \"- a reply\""),
        "{e}"
    );
}

#[test]
fn line_that_is_not_key_value() {
    let e = error(
        "title: X\ndate: 2025-11-05\nauthors:\n  - alice-ahmed\n  bob-baker\n",
        6,
        3,
    );
    assert_eq!(e.message, "this line is not `key: value`");
    assert!(help(&e).contains("the value of `authors`"), "{e}");
}

#[test]
fn text_below_a_bar_that_is_not_indented() {
    let e = error("title: X\ndate: 2025-11-05\nsummary: |\nSome text.\n", 5, 1);
    assert_eq!(e.message, "the text below `summary:` must be indented");
}

#[test]
fn first_line_indented() {
    let e = error("  title: X\ndate: 2025-11-05\n", 2, 1);
    assert_eq!(e.message, "the header's first line is indented");
}

#[test]
fn values_that_start_with_a_special_character() {
    for (value, shown) in [
        ("@home", "`@`"),
        ("*starred", "`*`"),
        ("&more", "`&`"),
        ("!important news", "`!`"),
        ("%x", "`%`"),
        ("`code`", "a backtick (`)"),
    ] {
        let e = error(&format!("title: {value}\ndate: 2025-11-05\n"), 2, 8);
        assert_eq!(
            e.message,
            format!("a value that starts with {shown} must be in quotes"),
            "{value}"
        );
        assert_eq!(
            help(&e),
            format!("write it in quotes: title: \"{value}\""),
            "{value}"
        );
    }
}

#[test]
fn backslash_in_double_quotes() {
    let e = error("title: \"C:\\docs\"\ndate: 2025-11-05\n", 2, 11);
    assert!(e.message.contains("`\\d` is not one"), "{e}");
    assert_eq!(e.width, 2);
    assert!(help(&e).contains("single quotes"), "{e}");
}

#[test]
fn invisible_character_in_the_header() {
    let e = error("title: X\n\u{feff}date: 2025-11-05\n", 3, 1);
    assert!(e.message.starts_with("an invisible character"), "{e}");
}

// ----- keys ------------------------------------------------------------------

#[test]
fn duplicate_key() {
    let e = error(
        "title: X\ndate: 2025-11-05\nsummary: a\ndraft: false\nsummary: b\n",
        6,
        1,
    );
    assert_eq!(
        e.message,
        "`summary` is written twice in the header (first on line 4)"
    );
    assert_eq!(e.width, "summary".len());
    assert!(help(&e).contains("delete the other"), "{e}");
}

#[test]
fn every_unknown_key_is_reported_in_one_build() {
    // A post from Jekyll: three keys folio does not take, and a wrong value.
    let errors = errors(
        "title: X\ndate: 2025-11-05\nlayout: post\nauthor: alice-ahmed\ncategories:\n  - Water\n  - Trade\ndraft: maybe\n",
    );
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (4, 1, "unknown key `layout` in the front matter"),
            (5, 1, "unknown key `author` in the front matter"),
            (6, 1, "unknown key `categories` in the front matter"),
            (9, 8, "`draft` must be true or false, not `maybe`"),
        ],
        "{}",
        show(&errors)
    );
    assert!(
        help(&errors[0]).contains("delete this line"),
        "{}",
        errors[0]
    );
    assert!(help(&errors[1]).contains("`authors`"), "{}", errors[1]);
    assert!(help(&errors[2]).contains("`tags`"), "{}", errors[2]);
}

#[test]
fn unknown_keys_in_an_author_profile_are_all_reported() {
    let site = fixture("minimal");
    site.write(
        "content/authors/carol-chen.md",
        "---\nname: Carol Chen\nemail: carol@example.org\nbio: Writes.\n---\n",
    );
    let errors = site.build_err();
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "unknown key `email` in the front matter"),
            (4, "unknown key `bio` in the front matter"),
        ],
        "{}",
        show(&errors)
    );
    assert!(help(&errors[0]).contains("affiliation"), "{}", errors[0]);
}

// ----- values of the wrong kind ----------------------------------------------

#[test]
fn word_where_true_or_false_is_wanted() {
    let e = error("title: X\ndate: 2025-11-05\ndraft: maybe\n", 4, 8);
    assert_eq!(e.message, "`draft` must be true or false, not `maybe`");
    assert_eq!(e.width, "maybe".len());
    assert_eq!(help(&e), "write `draft: true` or `draft: false`");
}

#[test]
fn text_where_a_number_is_wanted() {
    for value in ["heavy", "1.5"] {
        let e = error(
            &format!("title: X\ndate: 2025-11-05\nweight: {value}\n"),
            4,
            9,
        );
        assert_eq!(
            e.message,
            format!("`weight` must be a whole number such as 3, not `{value}`")
        );
        assert_eq!(help(&e), "write it as `weight: 3`");
    }
}

#[test]
fn list_where_text_is_wanted() {
    let e = error("title: [Draft] After Istanbul\ndate: 2025-11-05\n", 2, 8);
    assert_eq!(e.message, "`title` must be text, not a list");
    assert_eq!(
        help(&e),
        "if the text really begins with `[`, put it in quotes: title: \"[Draft] After Istanbul\""
    );
}

#[test]
fn group_where_a_list_is_wanted() {
    let e = error("title: X\ndate: 2025-11-05\ntags: {Pakistan: 1}\n", 4, 7);
    assert!(
        e.message
            .starts_with("`tags` must be a list such as [Pakistan, Diplomacy], not a group"),
        "{e}"
    );
}

#[test]
fn list_item_of_the_wrong_kind() {
    let e = error(
        "title: X\ndate: 2025-11-05\ntags: [Water, [Trade]]\n",
        4,
        15,
    );
    assert_eq!(e.message, "each item of `tags` must be text, not a list");
    let e = error("title: X\ndate: 2025-11-05\nauthors: [3]\n", 4, 11);
    assert_eq!(
        e.message,
        "each item of `authors` must be an author's slug or an inline author, not `3`"
    );
}

#[test]
fn wrong_value_inside_an_inline_author() {
    let e = error(
        "title: X\ndate: 2025-11-05\nauthors: [{name: Guest, organization: maybe}]\n",
        4,
        39,
    );
    assert_eq!(
        e.message,
        "`organization` must be true or false, not `maybe`"
    );
}

#[test]
fn wrong_value_points_at_the_value_not_the_key() {
    // serde-saphyr points at `disclaimer`; the list after it is the mistake.
    let e = error("title: X\ndate: 2025-11-05\ndisclaimer: [a]\n", 4, 13);
    assert!(e.message.starts_with("`disclaimer` must be false,"), "{e}");
    assert!(e.message.ends_with("not a list"), "{e}");
}

#[test]
fn unknown_lint_level() {
    let e = error(
        "title: X\ndate: 2025-11-05\ncheck: {repeated-passage: sometimes}\n",
        4,
        27,
    );
    assert_eq!(e.message, "`sometimes` is not a lint level");
    assert!(help(&e).contains("off, warning or error"), "{e}");
    let e = error(
        "title: X\ndate: 2025-11-05\ncheck: [repeated-passage]\n",
        4,
        8,
    );
    assert!(e.message.starts_with("`check` must be lint codes"), "{e}");
}

#[test]
fn link_without_its_url() {
    let site = fixture("minimal");
    site.write(
        "content/authors/carol-chen.md",
        "---\nname: Carol Chen\nlinks: [{name: Website}]\n---\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_plain(e);
    assert_eq!((e.line, e.column), (3, 10), "{e}");
    assert_eq!(e.message, "this link has no `url`");
}

// ----- a header that is not `key: value` lines ------------------------------

#[test]
fn header_that_is_a_list() {
    let e = error("- title\n- date\n", 2, 1);
    assert_eq!(
        e.message,
        "the header is a list, but it must be `key: value` lines"
    );
}

#[test]
fn colon_without_a_space() {
    let e = error("title:After Istanbul\ndate: 2025-11-05\n", 2, 6);
    assert_eq!(e.message, "`title:` must be followed by a space");
    assert_eq!(help(&e), "write `title: After Istanbul`");
}

#[test]
fn equals_sign_instead_of_a_colon() {
    let e = error("title = \"After Istanbul\"\ndate = 2025-11-05\n", 2, 1);
    assert_eq!(
        e.message,
        "this line uses `=`; front matter is written `key: value`"
    );
    assert_eq!(help(&e), "write `title: \"After Istanbul\"`");
}

#[test]
fn toml_header_between_plus_lines() {
    let site = fixture("minimal");
    site.write(
        FILE,
        "+++\ntitle = \"After Istanbul\"\ndate = 2025-11-05\n+++\n\nBody.\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_plain(e);
    assert_eq!((e.line, e.column, e.width), (1, 1, 3), "{e}");
    assert!(e.message.contains("between `---` lines"), "{e}");
    assert!(
        help(e).contains("`title = \"After Istanbul\"` becomes `title: \"After Istanbul\"`"),
        "{e}"
    );
    assert!(help(e).contains("folio import jekyll"), "{e}");
}

// ----- limits -----------------------------------------------------------------

#[test]
fn header_too_large() {
    let tags = vec!["a"; 25_000].join(", ");
    let errors = errors(&format!("title: X\ndate: 2025-11-05\ntags: [{tags}]\n"));
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].line, 4, "{}", errors[0]);
    assert_eq!(
        errors[0].message,
        "the header is too large for front matter"
    );
}

// ----- what is accepted and what is said about it ----------------------------

#[test]
fn one_author_slug_is_a_list_of_one() {
    let site = fixture("minimal");
    site.write(
        FILE,
        "---\ntitle: One author\ndate: 2025-11-05\nauthors: alice-ahmed\ntags: Water\naliases: /old/one/\n---\n\nBody.\n",
    );
    site.build_ok();
    let doc = site.page("/commentary/broken/");
    assert_eq!(text(one(&doc, "p.byline")), "By Alice Ahmed");
    assert_eq!(texts(&doc, "ul.tags a"), ["Water"]);
    assert!(site.exists("/old/one/"));
}

#[test]
fn one_unknown_author_slug_is_reported_at_its_place() {
    let e = error("title: X\ndate: 2025-11-05\nauthors: alice-ahmad\n", 4, 10);
    assert!(e.message.contains("unknown author `alice-ahmad`"), "{e}");
    assert!(help(&e).contains("did you mean `alice-ahmed`"), "{e}");
}

#[test]
fn several_items_without_brackets() {
    let e = error(
        "title: X\ndate: 2025-11-05\ntags: Pakistan, Diplomacy\n",
        4,
        7,
    );
    assert_eq!(e.message, "`tags` lists several items without brackets");
    assert!(
        help(&e).starts_with("write them in brackets: `tags: [Pakistan, Diplomacy]`"),
        "{e}"
    );
}

#[test]
fn human_dates_get_their_iso_form() {
    for (date, want) in [
        ("5 Nov 2025", "write it as 2025-11-05"),
        ("November 5, 2025", "write it as 2025-11-05"),
        ("25/11/2025", "write it as 2025-11-25"),
        (
            "05/11/2025",
            "could be 5 November 2025 or 11 May 2025: write it year-month-day, as 2025-11-05 or 2025-05-11",
        ),
    ] {
        let e = error(&format!("title: X\ndate: {date}\n"), 3, 7);
        assert!(e.message.contains(want), "{date}: {e}");
        assert_eq!(e.width, date.chars().count());
    }
}

// ----- a sweep ---------------------------------------------------------------

/// Many more broken headers: whatever each gets, it is positioned, shown,
/// has a fix and no YAML words (checked by `errors`).
#[test]
fn every_broken_header_reads_in_plain_words() {
    let headers = [
        "title: a: b: c\n",
        "title: X\nauthors: [a, {name: B]\n",
        "title: X\nauthors: [[a]]\n",
        "title: X\nauthors: [true]\n",
        "title: X\nauthors: {name: [a]}\n",
        "title: X\ntags: -[a]\n",
        "title: X\ntags: [a: b]\n",
        "title: X\ntags: [\"a]\n",
        "title: {\n",
        "title: }\n",
        "title: ]\n",
        "title: X\n? [a]\n: b\n",
        "title: X\ntoc: 3\n",
        "title: X\ndraft: [true]\n",
        "title: X\nweight: 99999999999999999999999\n",
        "title: X\nslug: [a]\n",
        "title: X\ncheck: {repeated-passage: {a: b}}\n",
        "title: X\ncheck: {repeated-passage: [a]}\n",
        "title: X\ncheck: off\n",
        "title: X\ndisclaimer: {a: b}\n",
        "title: X\nsummary: \"a\\xZZ\"\n",
        "title: X\nsummary: \"\\uD800\"\n",
        "title: !!str\n",
        "title: !<x\n",
        "title: X\n%TAG ! x\n",
        "title: X\nsummary: >0\n  text\n",
        "title: X\nsummary: |x\n",
        "title: X\n  - a\n",
        "title: X\n- a\n",
        "title:\n- a\n- b\n",
        "title: X\ndate:\n  year: 2025\n",
        "title: X\nupdated: [2025]\n",
        "hello\n",
        "title: X\nsummary: a\n b: c\n",
        "title: X\ntags:\n  - a\n   - b\n",
        "title: X\n<<: {a: b}\n",
        "title: X\ntitle: Y\ntitle: Z\n",
        "title: X # comment\nsummary: \"a\"#b\n",
        "title: X\nauthors:\n- name: A\n  affiliation: [x]\n",
        "title: X\naliases: [[/a/]]\n",
        "title: X\nimage: {a: b}\n",
        "title: X\ntype: [a]\n",
        "title: X\nseries: [a]\n",
        "title: \"\\\n",
        "title: 'a''\n",
        "title: X\ndate: 2025-11-05\t# tab\n",
        "\ttitle: X\n",
        "title: X\nauthors: [a,\n  b\n",
    ];
    for header in headers {
        let site = fixture("minimal");
        site.write(FILE, format!("---\n{header}---\n\nBody.\n"));
        match site.build() {
            Ok(_) => {}
            Err(failure) => {
                for e in &failure.diagnostics.0 {
                    if e.file == Path::new(FILE) {
                        assert_plain(e);
                    }
                }
            }
        }
    }
}
