//! ORCID iDs and ROR ids of author profiles, written bare or as links,
//! reach the structured data and the Scholar tags of the pages, as links.

use scraper::Html;
use serde_json::Value;

use super::site;
use crate::common::{attr, select};

fn jsonld(doc: &Html) -> Value {
    let block = select(doc, "script[type=\"application/ld+json\"]")
        .into_iter()
        .next()
        .expect("no JSON-LD");
    let text: String = block.text().collect();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn orcid_and_ror_reach_json_ld_as_links() {
    let s = site();
    s.build_ok();
    let ld = jsonld(&s.page("/reports/water-allocation/"));
    let authors = ld["author"].as_array().unwrap();
    assert_eq!(
        authors[0]["sameAs"][0],
        "https://orcid.org/0000-0002-1825-0097"
    );
    assert_eq!(
        authors[0]["affiliation"],
        serde_json::json!({
            "@type": "Organization",
            "name": "California Digital Library",
            "identifier": "https://ror.org/03yrm5c26",
        })
    );
    // Written as links in the profile: the same links, once.
    assert_eq!(
        authors[1]["sameAs"][0],
        "https://orcid.org/0000-0002-1694-233X"
    );
    assert_eq!(
        authors[1]["affiliation"]["identifier"],
        "https://ror.org/05gq02987"
    );
    assert!(authors[2].get("affiliation").is_none());
}

/// Scholar reads `citation_author_orcid` as belonging to the
/// `citation_author` before it.
#[test]
fn each_orcid_follows_its_author_in_the_scholar_tags() {
    let s = site();
    s.build_ok();
    let doc = s.page("/reports/water-allocation/");
    let tags: Vec<(String, String)> = select(&doc, "meta[name^=citation_author]")
        .into_iter()
        .map(|m| {
            (
                attr(m, "name").unwrap().to_string(),
                attr(m, "content").unwrap().to_string(),
            )
        })
        .filter(|(n, _)| n != "citation_author_institution")
        .collect();
    let expected = [
        ("citation_author", "Khan, Ayesha"),
        (
            "citation_author_orcid",
            "https://orcid.org/0000-0002-1825-0097",
        ),
        ("citation_author", "Ahmed, Bilal"),
        (
            "citation_author_orcid",
            "https://orcid.org/0000-0002-1694-233X",
        ),
        ("citation_author", "IWEP Research Unit"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(tags, expected);
}
