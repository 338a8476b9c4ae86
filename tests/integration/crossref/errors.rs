//! The mistakes `folio crossref` and the identifiers of author profiles
//! refuse, each at the place it is written, all reported together.

use std::path::PathBuf;

use folio::Diagnostic;
use folio::crossref::{self, Options};

use super::site;
use crate::common::{self, TestSite};

fn errors(s: &TestSite) -> Vec<Diagnostic> {
    let opts = Options {
        since: None,
        doi: None,
        timestamp: 1,
        now: common::now(),
    };
    match crossref::deposit(&s.root, &opts) {
        Ok(d) => panic!("a deposit was made:\n{}", d.xml),
        Err(e) => e,
    }
}

fn place(d: &Diagnostic) -> (String, usize, usize) {
    (d.file.display().to_string(), d.line, d.column)
}

#[test]
fn a_doi_outside_the_prefix_is_an_error_at_its_value() {
    let s = site();
    s.write(
        "content/reports/other.md",
        "---\ntitle: Other\ndate: 2025-01-01\ndoi: \"10.1234/iwep.x\"\n---\nBody.\n",
    );
    let e = errors(&s);
    assert_eq!(e.len(), 1, "{}", common::show(&e));
    assert_eq!(place(&e[0]), ("content/reports/other.md".into(), 4, 6));
    assert!(
        e[0].message.contains("outside the site's prefix 10.5555"),
        "{}",
        e[0]
    );
    assert!(
        e[0].help.as_deref().unwrap().contains("10.5555/iwep.x"),
        "{}",
        e[0]
    );
}

#[test]
fn a_duplicate_doi_is_an_error_at_both_places() {
    let s = site();
    s.write(
        "content/working-papers/again.md",
        "---\ntitle: Again\ndate: 2025-01-01\nauthors: [bilal-ahmed]\ndoi: 10.5555/IWEP.WP.2024.07\n---\nBody.\n",
    );
    let mut e = errors(&s);
    e.sort_by_key(place);
    assert_eq!(e.len(), 2, "{}", common::show(&e));
    assert_eq!(
        place(&e[0]),
        ("content/working-papers/again.md".into(), 5, 6)
    );
    assert_eq!(
        place(&e[1]),
        ("content/working-papers/canal-losses.md".into(), 5, 6)
    );
    assert!(
        e[0].message.contains(
            "`10.5555/IWEP.WP.2024.07` is also given in content/working-papers/canal-losses.md:5"
        ),
        "{}",
        e[0]
    );
    assert!(
        e[1].message.contains(
            "`10.5555/iwep.wp.2024.07` is also given in content/working-papers/again.md:5"
        ),
        "{}",
        e[1]
    );
}

#[test]
fn commentary_and_events_with_a_doi_say_what_to_do() {
    let s = site();
    s.write(
        "content/commentary/a-note.md",
        "---\ntitle: \"A Note on Dams\"\ndate: 2025-01-05\ndoi: 10.5555/iwep.c.1\n---\nBody.\n",
    );
    s.write(
        "content/reports/launch.md",
        "---\ntitle: Launch\ntype: event\ndate: 2025-01-05\ndoi: 10.5555/iwep.e.1\n---\nBody.\n",
    );
    let mut e = errors(&s);
    e.sort_by_key(place);
    assert_eq!(e.len(), 2, "{}", common::show(&e));
    assert_eq!(place(&e[0]), ("content/commentary/a-note.md".into(), 4, 6));
    assert!(e[0].message.contains("is commentary"), "{}", e[0]);
    assert!(
        e[0].help.as_deref().unwrap().contains("type: report"),
        "{}",
        e[0]
    );
    assert_eq!(place(&e[1]), ("content/reports/launch.md".into(), 5, 6));
    assert!(e[1].message.contains("an event"), "{}", e[1]);
}

#[test]
fn missing_crossref_settings_point_at_site_toml() {
    let s = site();
    let toml = std::fs::read_to_string(s.path("site.toml")).unwrap();
    let cut = toml.find("[crossref]").unwrap();
    s.write("site.toml", &toml[..cut]);
    let e = errors(&s);
    assert_eq!(e.len(), 1, "{}", common::show(&e));
    assert_eq!(e[0].file, PathBuf::from("site.toml"));
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .contains("doi_prefix = \"10.5555\""),
        "{}",
        e[0]
    );

    let without_email = toml.replace("email = \"publications@iwep.example.org\"\n", "");
    s.write("site.toml", without_email);
    let e = errors(&s);
    assert_eq!(e.len(), 1, "{}", common::show(&e));
    assert_eq!(place(&e[0]), ("site.toml".into(), 6, 1));
    assert_eq!(e[0].message, "[crossref] has no `email`");

    let run = s.folio(&["crossref"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stderr
            .contains("site.toml:6:1: error: [crossref] has no `email`"),
        "{}",
        run.debug()
    );
    assert!(run.stdout.is_empty(), "{}", run.debug());
}

#[test]
fn a_wrong_orcid_check_digit_is_an_error_naming_the_right_one() {
    let s = site();
    s.write(
        "content/authors/ayesha-khan.md",
        "---\nname: Ayesha Khan\naffiliation: California Digital Library\nror: 03yrm5c26\norcid: 0000-0002-1825-0098\n---\n",
    );
    let e = s.build_err();
    assert_eq!(e.len(), 1, "{}", common::show(&e));
    assert_eq!(
        place(&e[0]),
        ("content/authors/ayesha-khan.md".into(), 5, 8)
    );
    assert_eq!(e[0].width, "0000-0002-1825-0098".len());
    assert!(e[0].message.contains("its check digit is `7`"), "{}", e[0]);
    let run = s.folio(&["crossref"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stderr
            .contains("content/authors/ayesha-khan.md:5:8: error"),
        "{}",
        run.debug()
    );
}

#[test]
fn malformed_identifiers_of_inline_authors_and_profiles_are_errors() {
    let s = site();
    s.write(
        "content/authors/bilal-ahmed.md",
        "---\nname: Bilal Ahmed\nror: \"https://ror.org/05gq02988\"\n---\n",
    );
    s.write(
        "content/briefs/inline.md",
        "---\ntitle: Inline\ndate: 2025-01-01\nauthors:\n  - {name: Omar Siddiqui, orcid: 1234-5678}\n---\nBody.\n",
    );
    let mut e = s.build_err();
    e.sort_by_key(place);
    assert_eq!(e.len(), 2, "{}", common::show(&e));
    assert_eq!(
        place(&e[0]),
        ("content/authors/bilal-ahmed.md".into(), 3, 7)
    );
    assert!(e[0].message.contains("checksum is `87`"), "{}", e[0]);
    assert_eq!(e[1].file, PathBuf::from("content/briefs/inline.md"));
    assert_eq!(e[1].line, 5);
    assert!(e[1].message.contains("is not an ORCID iD"), "{}", e[1]);
}

#[test]
fn a_doi_that_is_not_one_is_an_error() {
    let s = site();
    s.write(
        "content/reports/other.md",
        "---\ntitle: Other\ndate: 2025-01-01\ndoi: cds-2025-02\n---\nBody.\n",
    );
    let e = errors(&s);
    assert_eq!(e.len(), 1, "{}", common::show(&e));
    assert_eq!(place(&e[0]), ("content/reports/other.md".into(), 4, 6));
    assert_eq!(e[0].message, "`cds-2025-02` is not a DOI");
    assert!(
        e[0].help.as_deref().unwrap().contains("10.5555/"),
        "{}",
        e[0]
    );
}
