//! Structured data and Scholar tags, parsed: every JSON-LD block of the
//! sample site is valid JSON with the right `@type`, authors, publisher and
//! dates; author pages are a `ProfilePage`; text that could break out of
//! the script (quotes, `</script>`, RTL) comes back as written. Google
//! Scholar's `citation_*` tags are on a brief (with its PDF and report
//! number) and off on a commentary, and `scholar:` turns them on or off.

use crate::common::{TestSite, fixture, meta, sample_site, select};
use scraper::Html;
use serde_json::Value;

const BASE: &str = "https://cds.example.org";

/// The one JSON-LD block of a page, parsed.
fn jsonld(doc: &Html) -> Value {
    let blocks = select(doc, "script[type=\"application/ld+json\"]");
    assert_eq!(blocks.len(), 1, "one JSON-LD block");
    let text: String = blocks[0].text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON-LD ({e}): {text}"))
}

fn metas(doc: &Html, name: &str) -> Vec<String> {
    select(doc, &format!("meta[name=\"{name}\"]"))
        .into_iter()
        .filter_map(|m| m.value().attr("content").map(str::to_string))
        .collect()
}

#[test]
fn the_cds_commentary_is_an_opinion_piece_by_anum_malik() {
    let site = sample_site();
    site.build_ok();
    let ld = jsonld(&site.page("/commentary/istanbul-talks/"));
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "OpinionNewsArticle");
    assert_eq!(ld["url"], format!("{BASE}/commentary/istanbul-talks/"));
    assert!(
        ld["headline"]
            .as_str()
            .unwrap()
            .starts_with("After Istanbul")
    );
    assert_eq!(ld["datePublished"], "2025-11-05");
    assert_eq!(ld["dateModified"], "2025-11-05");
    assert_eq!(ld["inLanguage"], "en");
    let author = &ld["author"][0];
    assert_eq!(author["@type"], "Person");
    assert_eq!(author["name"], "Anum Malik");
    assert_eq!(author["url"], format!("{BASE}/authors/anum-malik/"));
    assert_eq!(author["affiliation"]["@type"], "Organization");
    assert_eq!(author["affiliation"]["name"], "State News Agency");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(
        ld["publisher"]["name"],
        "Centre for Development and Stability"
    );
    assert_eq!(ld["publisher"]["url"], format!("{BASE}/"));
}

#[test]
fn every_publication_type_has_its_schema_type() {
    let site = sample_site();
    site.build_ok();
    for (url, kind) in [
        (
            "/analysis/border-markets-informal-trade/",
            "AnalysisNewsArticle",
        ),
        ("/policy-briefs/refugee-returns/", "Report"),
        ("/events/border-economies-launch/", "Event"),
    ] {
        let ld = jsonld(&site.page(url));
        assert_eq!(ld["@type"], kind, "{url}");
    }
    let brief = jsonld(&site.page("/policy-briefs/verification-mechanisms/"));
    assert_eq!(brief["reportNumber"], "CDS-PB-2025-03");
    assert_eq!(brief["dateModified"], "2025-09-16");
    assert_eq!(
        brief["author"][0]["@type"], "Organization",
        "an institutional author"
    );
    let event = jsonld(&site.page("/events/border-economies-launch/"));
    assert!(event["startDate"].is_string());
    assert_eq!(event["organizer"]["@type"], "Organization");

    let site = fixture("cite");
    site.build_ok();
    let paper = jsonld(&site.page("/reports/many/"));
    assert_eq!(paper["@type"], "ScholarlyArticle");
    assert_eq!(paper["author"].as_array().unwrap().len(), 5);
}

#[test]
fn author_pages_are_profile_pages_and_the_home_page_a_website() {
    let site = fixture("cite");
    site.build_ok();
    let ld = jsonld(&site.page("/authors/anna-van-der-berg/"));
    assert_eq!(ld["@type"], "ProfilePage");
    let person = &ld["mainEntity"];
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Anna van der Berg");
    assert_eq!(person["familyName"], "van der Berg");
    assert_eq!(person["url"], format!("{BASE}/authors/anna-van-der-berg/"));
    assert_eq!(
        person["affiliation"]["name"],
        "Leiden Institute for Security Studies"
    );
    assert_eq!(person["sameAs"][0], "https://orcid.org/0000-0002-1825-0097");
    let home = jsonld(&site.page("/"));
    assert_eq!(home["@type"], "WebSite");
    assert_eq!(
        home["potentialAction"]["target"],
        format!("{BASE}/search/?q={{search_term_string}}")
    );
}

#[test]
fn json_ld_is_valid_whatever_the_text_holds() {
    let site = fixture("cite");
    let title = "Quotes \" and </script><script>alert(1)</script> & مذاکرات کا دور";
    site.write(
        "content/commentary/tricky.md",
        format!(
            "---\ntitle: {}\ndate: 2025-01-02\nauthors: [{{name: \"O'Brien </script>\"}}]\nsummary: \"Line\\u2028break and \\\"quotes\\\"\"\n---\nBody.\n",
            serde_json::to_string(title).unwrap()
        ),
    );
    site.build_ok();
    let html = site.read("/commentary/tricky/");
    let script = html.split("application/ld+json\">").nth(1).unwrap();
    let script = script.split("</script>").next().unwrap();
    assert!(!script.contains('<'), "raw < inside the script: {script}");
    let ld: Value = serde_json::from_str(script).unwrap();
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["author"][0]["name"], "O'Brien </script>");
    // The summary is inline markdown: its quotes come out typographic.
    assert_eq!(ld["description"], "Line\u{2028}break and “quotes”");
}

fn scholar_site() -> TestSite {
    let site = sample_site();
    site.build_ok();
    site
}

#[test]
fn a_brief_with_a_pdf_carries_scholar_tags_and_a_commentary_none() {
    let site = scholar_site();
    let doc = site.page("/policy-briefs/refugee-returns/");
    assert_eq!(
        meta(&doc, "citation_title").as_deref(),
        Some("Managing Returns: Protection Safeguards for Afghan Refugee Repatriation")
    );
    assert_eq!(metas(&doc, "citation_author"), ["Abdul Rauf, Mariam"]);
    assert_eq!(
        metas(&doc, "citation_author_institution"),
        ["Centre for Development and Stability"]
    );
    assert_eq!(
        meta(&doc, "citation_technical_report_number").as_deref(),
        Some("CDS-PB-2025-02")
    );
    let pdf = meta(&doc, "citation_pdf_url").expect("citation_pdf_url");
    assert_eq!(
        pdf,
        format!("{BASE}/policy-briefs/refugee-returns/cds-pb-2025-02.pdf")
    );
    let bytes = std::fs::read(site.output_file(pdf.strip_prefix(BASE).unwrap())).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "the PDF is published");
    assert_eq!(
        meta(&doc, "citation_publication_date").as_deref(),
        Some("2025/04/22")
    );

    let doc = site.page("/commentary/istanbul-talks/");
    let tags: Vec<_> = select(&doc, "meta[name^=\"citation_\"]");
    assert!(
        tags.is_empty(),
        "a commentary has {} citation_ tags",
        tags.len()
    );
    let doc = site.page("/events/border-economies-launch/");
    assert!(select(&doc, "meta[name^=\"citation_\"]").is_empty());
    let doc = site.page("/analysis/border-markets-informal-trade/");
    assert!(meta(&doc, "citation_title").is_some(), "analysis has them");
}

#[test]
fn scholar_tags_follow_the_section_and_the_article() {
    let site = fixture("cite");
    site.write(
        "content/commentary/_index.md",
        "---\ntitle: Commentary\nscholar: true\n---\n",
    );
    site.write(
        "content/reports/quiet.md",
        "---\ntitle: Quiet\ndate: 2025-01-01\nscholar: false\n---\nBody.\n",
    );
    site.build_ok();
    let doc = site.page("/commentary/two/");
    assert_eq!(
        metas(&doc, "citation_author"),
        ["Abdul Rauf, Mariam", "Yusufzai, Kamran"]
    );
    assert!(meta(&site.page("/reports/quiet/"), "citation_title").is_none());
    let doc = site.page("/reports/particle/");
    assert_eq!(
        metas(&doc, "citation_author_orcid"),
        ["https://orcid.org/0000-0002-1825-0097"]
    );
    assert_eq!(
        meta(&doc, "citation_doi").as_deref(),
        Some("10.5555/cds.2024.01")
    );
}
