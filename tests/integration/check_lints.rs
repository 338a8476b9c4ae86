//! `folio check`: each lint family triggered by one fixture and silent on
//! another, through the library with a fixed "now".

use crate::common::{TestSite, fixture, now, show};
use folio::Diagnostic;
use folio::check_command::{self, CheckOptions};
use folio::diagnostics::Severity;

fn check(site: &TestSite) -> Vec<Diagnostic> {
    let opts = CheckOptions {
        root: Some(site.root.clone()),
        now: now(),
        ..CheckOptions::new(&site.root)
    };
    check_command::check(&opts)
        .expect("the site is found")
        .diagnostics
        .0
}

/// (code, file, line) of every finding, sorted.
fn found(d: &[Diagnostic]) -> Vec<(&'static str, String, usize)> {
    let mut v: Vec<_> = d
        .iter()
        .map(|d| {
            (
                d.code.unwrap_or("(error)"),
                d.file.to_string_lossy().replace('\\', "/"),
                d.line,
            )
        })
        .collect();
    v.sort();
    v
}

fn clean(name: &str) {
    let site = fixture(name);
    let d = check(&site);
    assert!(d.is_empty(), "{name} should be clean:\n{}", show(&d));
}

#[test]
fn broken_links_and_anchors_are_found() {
    let site = fixture("check-links-bad");
    let d = check(&site);
    let f = "content/commentary/first.md".to_string();
    assert_eq!(
        found(&d),
        [
            ("broken-anchor", f.clone(), 10),
            ("broken-anchor", f.clone(), 10),
            ("broken-link", f.clone(), 8),
            ("broken-link", f.clone(), 8),
            ("broken-link", f.clone(), 11),
            ("broken-link", f.clone(), 11),
        ],
        "{}",
        show(&d)
    );
    assert!(d.iter().all(|d| d.severity == Severity::Error));
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    for expected in [
        "there is no page or file at /commentary/nope/",
        "there is no content/analysis/missing.md",
        "this page has no heading or element with the id `nowhere`",
        "/commentary/second/ has no heading or element with the id `no-such-heading`",
        "there is no page or file at /commentary/first/report.pdf",
        "/commentary/second-draft/ is a draft",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "no finding says {expected:?}:\n{}",
            show(&d)
        );
    }
    // The caret is on the destination as written.
    let missing = d
        .iter()
        .find(|d| d.message.contains("/commentary/nope/"))
        .unwrap();
    let line = missing.source_line.as_deref().unwrap();
    let at: String = line
        .chars()
        .skip(missing.column - 1)
        .take(missing.width)
        .collect();
    assert_eq!(at, "/commentary/nope/");
}

#[test]
fn working_links_of_every_kind_pass() {
    clean("check-links-good");
}

#[test]
fn repeated_passages_are_found_at_both_places() {
    let site = fixture("check-repeated-bad");
    let d = check(&site);
    assert_eq!(
        found(&d),
        [
            ("repeated-passage", "content/commentary/glued.md".into(), 8),
            ("repeated-passage", "content/commentary/glued.md".into(), 8),
            ("repeated-passage", "content/commentary/pasted.md".into(), 8),
            (
                "repeated-passage",
                "content/commentary/pasted.md".into(),
                12
            ),
        ],
        "{}",
        show(&d)
    );
    let glued = d
        .iter()
        .find(|d| d.message.contains("helps.rritory"))
        .unwrap_or_else(|| panic!("{}", show(&d)));
    assert!(glued.message.contains("fragment"), "{glued}");
}

#[test]
fn short_repeats_tables_and_code_are_not_repeated_passages() {
    clean("check-repeated-good");
}

#[test]
fn missing_and_unused_metadata_is_found() {
    let site = fixture("check-metadata-bad");
    let d = check(&site);
    assert_eq!(
        found(&d),
        [
            ("missing-summary", "content/analysis/trade-one.md".into(), 1),
            ("series-gap", "content/analysis/trade-three.md".into(), 6),
            ("unused-author", "content/authors/bob-baker.md".into(), 2),
        ],
        "{}",
        show(&d)
    );
    let gap = d.iter().find(|d| d.code == Some("series-gap")).unwrap();
    assert!(gap.message.contains("part 2 is missing"), "{gap}");
}

#[test]
fn complete_metadata_passes() {
    clean("check-metadata-good");
}

#[test]
fn accessibility_problems_are_found() {
    let site = fixture("check-accessibility-bad");
    let d = check(&site);
    let f = "content/commentary/inaccessible.md".to_string();
    assert_eq!(
        found(&d),
        [
            ("heading-skip", f.clone(), 13),
            ("missing-alt", f.clone(), 6),
            ("missing-alt", f.clone(), 9),
            ("table-header", f.clone(), 17),
            ("vague-link-text", f.clone(), 15),
        ],
        "{}",
        show(&d)
    );
}

#[test]
fn accessible_content_passes() {
    clean("check-accessibility-good");
}

#[test]
fn editorial_slips_are_found() {
    let site = fixture("check-hygiene-bad");
    let d = check(&site);
    let s = "content/commentary/sloppy.md".to_string();
    assert_eq!(
        found(&d),
        [
            ("doubled-word", s.clone(), 9),
            ("empty-section", s.clone(), 13),
            ("future-date", "content/commentary/early.md".into(), 3),
            ("future-date", s.clone(), 6),
            ("long-title", s.clone(), 2),
            ("unbalanced", s.clone(), 11),
        ],
        "{}",
        show(&d)
    );
    let future = d.iter().find(|d| d.file.ends_with("early.md")).unwrap();
    assert!(
        future.help.as_deref().unwrap().contains("scheduled: true"),
        "{future}"
    );
}

#[test]
fn tidy_text_and_a_marked_schedule_pass() {
    clean("check-hygiene-good");
}

#[test]
fn levels_come_from_site_toml_then_the_article() {
    let site = fixture("check-config");
    let d = check(&site);
    assert_eq!(
        found(&d),
        [
            ("doubled-word", "content/commentary/doubled.md".into(), 7),
            ("doubled-word", "content/commentary/refrain.md".into(), 12),
        ],
        "missing-summary is off, repeated-passage off for refrain.md:\n{}",
        show(&d)
    );
    let doubled = |file: &str| d.iter().find(|d| d.file.ends_with(file)).unwrap().severity;
    assert_eq!(
        doubled("doubled.md"),
        Severity::Error,
        "raised in site.toml"
    );
    assert_eq!(
        doubled("refrain.md"),
        Severity::Warning,
        "lowered again by the article"
    );
}

#[test]
fn unknown_lint_codes_are_errors_with_a_hint() {
    let site = fixture("check-config");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace("doubled-word =", "doubled-words ="),
    );
    let text = std::fs::read_to_string(site.path("content/commentary/refrain.md")).unwrap();
    site.write(
        "content/commentary/refrain.md",
        text.replace("repeated-passage: off", "repeated-pasage: off"),
    );
    let d = check(&site);
    let errors: Vec<&Diagnostic> = d.iter().filter(|d| d.code.is_none()).collect();
    assert_eq!(errors.len(), 2, "{}", show(&d));
    let in_toml = errors
        .iter()
        .find(|d| d.file.ends_with("site.toml"))
        .unwrap();
    assert_eq!(in_toml.line, 5, "{in_toml}");
    assert!(
        in_toml.help.as_deref().unwrap().contains("`doubled-word`"),
        "{in_toml}"
    );
    let in_article = errors
        .iter()
        .find(|d| d.file.ends_with("refrain.md"))
        .unwrap();
    assert_eq!((in_article.line, in_article.column), (5, 9), "{in_article}");
    assert!(
        in_article
            .help
            .as_deref()
            .unwrap()
            .contains("`repeated-passage`"),
        "{in_article}"
    );
}
