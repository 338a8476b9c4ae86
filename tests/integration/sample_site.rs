//! The sample CDS site at the repository root (copied to a temporary folder,
//! never built in place) builds, and its flagship article reads right.

use crate::common::*;

const ARTICLE: &str = "/commentary/istanbul-talks/";

fn built() -> TestSite {
    let site = sample_site();
    site.build_ok();
    site
}

#[test]
fn the_sample_site_builds_with_only_the_pasted_passage_flagged() {
    let site = sample_site();
    let report = site.build_ok();
    // The CDS text is kept word for word, its copy-paste slip included: the
    // build warns about it at both places, and about nothing else.
    let found: Vec<(String, usize, Option<&str>)> = report
        .warnings
        .0
        .iter()
        .map(|d| (d.file.display().to_string(), d.line, d.code))
        .collect();
    let at = (
        "content/commentary/istanbul-talks.md".to_string(),
        52,
        Some("repeated-passage"),
    );
    assert_eq!(found, [at.clone(), at], "{}", show(&report.warnings.0));
    // Nine in English, three in the Urdu edition (two translations, one
    // piece only in Urdu).
    assert_eq!(report.articles, 12);
    assert!(report.scheduled.is_empty(), "{:?}", report.scheduled);
    // content/analysis/kabul-river-water-sharing.md
    assert_eq!(report.drafts_skipped, 1);
}

#[test]
fn istanbul_talks_has_one_h1_and_the_byline() {
    let site = built();
    let doc = site.page(ARTICLE);
    assert_eq!(count(&doc, "h1"), 1);
    let h1 = text(one(&doc, "h1"));
    assert!(h1.starts_with("After Istanbul"), "{h1}");
    let byline = one(&doc, "article p.byline");
    let links: Vec<(String, Option<&str>)> = byline
        .select(&sel("a.author"))
        .map(|a| (text(a), attr(a, "href")))
        .collect();
    assert_eq!(
        links,
        [("Anum Malik".to_string(), Some("/authors/anum-malik/"))]
    );
    assert!(site.exists("/authors/anum-malik/"));
}

#[test]
fn istanbul_talks_has_the_author_note() {
    let site = built();
    let doc = site.page(ARTICLE);
    let note = text(one(&doc, "aside.author-note"));
    assert!(
        note.contains(
            "The author, Anum Malik, is affiliated with the State News Agency and voluntarily contributes her research to the think tank, CDS."
        ),
        "{note}"
    );
}

#[test]
fn istanbul_talks_toc_has_the_five_headings_and_they_resolve() {
    let site = built();
    let doc = site.page(ARTICLE);
    let titles = texts(&doc, "nav.toc a");
    assert_eq!(
        titles,
        [
            "Pakistan’s Track Record and Positive Role",
            "Why the Deadlock Occurred and Why Pakistan’s Concerns are Legitimate",
            "What Pakistan Should Do Next",
            "Why This Matters For Pakistan and the Region",
            "Conclusion",
        ]
    );
    let targets = assert_anchors_resolve(&doc, "nav.toc a[href^=\"#\"]");
    assert_eq!(targets.len(), 5);
    for id in &targets {
        let heading = one(&doc, &format!(".article-body [id=\"{id}\"]"));
        assert_eq!(heading.value().name(), "h2");
    }
}

#[test]
fn istanbul_talks_has_the_cds_disclaimer() {
    let site = built();
    let doc = site.page(ARTICLE);
    let disclaimer = text(one(&doc, "aside.disclaimer"));
    assert!(
        disclaimer.contains(
            "The views and opinions expressed herein, and any references, are those of the author and do not necessarily reflect the editorial policy of the Centre for Development and Stability (CDS)."
        ),
        "{disclaimer}"
    );
}

#[test]
fn scholar_metadata_is_on_the_briefs_not_the_commentary() {
    let site = built();
    // Google Scholar indexes scholarly work; an op-ed is not.
    let doc = site.page(ARTICLE);
    assert_eq!(meta(&doc, "citation_title"), None);
    let doc = site.page("/policy-briefs/refugee-returns/");
    assert_eq!(
        meta(&doc, "citation_author").as_deref(),
        Some("Abdul Rauf, Mariam")
    );
    assert_eq!(
        meta(&doc, "citation_publication_date").as_deref(),
        Some("2025/04/22")
    );
    assert!(
        meta(&doc, "citation_title")
            .unwrap()
            .starts_with("Managing Returns")
    );
}

#[test]
fn sample_events_use_the_section_disclaimer_unless_switched_off() {
    let site = built();
    let doc = site.page("/events/regional-connectivity-roundtable/");
    let disclaimer = text(one(&doc, "aside.disclaimer"));
    assert!(disclaimer.contains("Chatham House Rule"), "{disclaimer}");
    let doc = site.page("/events/border-economies-launch/");
    assert_eq!(count(&doc, "aside.disclaimer"), 0);
}

#[test]
fn sample_literal_disclaimer_is_rendered_markdown() {
    let site = built();
    let doc = site.page("/policy-briefs/refugee-returns/");
    assert_eq!(
        texts(&doc, "aside.disclaimer em"),
        ["CDS Migration Roundtable"]
    );
    assert_eq!(texts(&doc, "aside.disclaimer strong"), ["not"]);
}

#[test]
fn sample_bundle_copies_its_data() {
    let site = built();
    assert!(site.exists("/analysis/torkham-trade-flows/"));
    assert!(
        site.public()
            .join("analysis/torkham-trade-flows/data.csv")
            .is_file()
    );
}
