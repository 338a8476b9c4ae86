//! Build and check agree: the build runs the same lints on what it
//! publishes, fails on their errors, reports their warnings, and resolves
//! source links (`../analysis/x.md`) to page URLs.

use crate::common;

use crate::common::{attr, fixture, select, show};
use folio::check_command::{self, CheckOptions};

#[test]
fn a_broken_link_stops_the_build_with_the_checks_words() {
    let site = fixture("check-links-bad");
    // Without the draft the build does not know it; the rest are the same.
    site.remove("content/commentary/second-draft.md");
    let build = site.build_err();
    let opts = CheckOptions {
        root: Some(site.root.clone()),
        now: common::now(),
        ..CheckOptions::new(&site.root)
    };
    let checked = check_command::check(&opts).unwrap().diagnostics.0;
    let text = |d: &[folio::Diagnostic]| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    assert_eq!(
        text(&build),
        text(&checked),
        "build:\n{}\ncheck:\n{}",
        show(&build),
        show(&checked)
    );
    assert!(!site.public().exists(), "nothing was written");
}

#[test]
fn warnings_are_printed_but_do_not_stop_the_build() {
    let site = fixture("check-accessibility-bad");
    let report = site.build_ok();
    let codes: Vec<&str> = report.warnings.0.iter().filter_map(|d| d.code).collect();
    assert!(codes.contains(&"missing-alt"), "{codes:?}");
    assert!(codes.contains(&"heading-skip"), "{codes:?}");
    assert!(site.exists("/commentary/inaccessible/"));
    let run = site.folio(&["build", "--force"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stderr
            .contains("warning[missing-alt]: image without alt text"),
        "{}",
        run.stderr
    );
}

#[test]
fn lints_raised_to_errors_stop_the_build() {
    let site = fixture("check-config");
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|d| d.is_error() && d.code == Some("doubled-word")),
        "{}",
        show(&errors)
    );
}

#[test]
fn source_links_become_page_urls_in_the_html() {
    let site = fixture("check-links-good");
    site.build_ok();
    let doc = site.page("/commentary/first/");
    let hrefs: Vec<String> = select(&doc, ".article-body a, article a, main a")
        .into_iter()
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .collect();
    for expected in [
        "/commentary/second/",
        "/commentary/second/#real-heading",
        "/analysis/trade/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "{expected} not in {hrefs:?}"
        );
    }
    assert!(!hrefs.iter().any(|h| h.ends_with(".md")), "{hrefs:?}");
    let srcs: Vec<&str> = select(&doc, "img")
        .into_iter()
        .filter_map(|i| attr(i, "src"))
        .collect();
    assert!(srcs.contains(&"/commentary/chart.png"), "{srcs:?}");
    assert!(site.exists("/commentary/chart.png"));
    // A link that already works from the page is kept as written.
    let trade = site.page("/analysis/trade/");
    let links: Vec<&str> = select(&trade, "a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert!(links.contains(&"data.csv"), "{links:?}");
    let heading_ids = common::ids(&site.page("/commentary/second/"));
    assert!(
        heading_ids.iter().any(|i| i == "real-heading"),
        "{heading_ids:?}"
    );
}

fn check_site(site: &common::TestSite) -> Vec<folio::Diagnostic> {
    let opts = CheckOptions {
        root: Some(site.root.clone()),
        now: common::now(),
        ..CheckOptions::new(&site.root)
    };
    check_command::check(&opts).unwrap().diagnostics.0
}

#[test]
fn check_refuses_the_output_folder_the_build_refuses() {
    let site = fixture("minimal");
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
    // At the top: a key at the end could fall into a [table].
    site.write("site.toml", format!("output_dir = \"content\"\n{config}"));
    let line = 1;
    let build = site.build_err();
    let checked = check_site(&site);
    for (who, found) in [("build", &build), ("check", &checked)] {
        let refusal = found
            .iter()
            .find(|d| {
                d.message
                    .contains("refusing to use `content` as the output folder")
            })
            .unwrap_or_else(|| panic!("{who} did not refuse:\n{}", show(found)));
        assert!(refusal.is_error());
        assert_eq!(refusal.file, std::path::Path::new("site.toml"), "{who}");
        assert_eq!(refusal.line, line, "{who}: {refusal}");
        assert_eq!(
            refusal.source_line.as_deref(),
            Some("output_dir = \"content\"")
        );
        assert!(
            refusal.help.as_deref().unwrap_or("").contains("output_dir"),
            "{refusal}"
        );
    }
}

#[test]
fn check_refuses_a_folder_that_folio_did_not_write() {
    let site = fixture("minimal");
    site.write("public/notes.txt", "someone's notes");
    let build = site.build_err();
    assert!(
        build[0].message.contains("was not written by folio"),
        "{}",
        show(&build)
    );
    let checked = check_site(&site);
    assert!(
        checked
            .iter()
            .any(|d| d.is_error() && d.message.contains("was not written by folio")),
        "{}",
        show(&checked)
    );
    let notes = std::fs::read_to_string(site.path("public/notes.txt")).unwrap();
    assert_eq!(notes, "someone's notes");
}
