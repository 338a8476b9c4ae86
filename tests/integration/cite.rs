//! "Cite this" and the reference files beside each article, for author
//! lists that trip citation software up: a family name with a particle
//! ("van der Berg"), a family name that is not the last word ("Abdul
//! Rauf"), an organisation as author, many authors mixing both, a second
//! author known by one name. The expected references are written out by
//! hand from each style's rules:
//!
//! - Chicago author-date (18th ed.): first author inverted, later ones not,
//!   a comma before "and"; a Dutch particle moves after the given name in
//!   the inverted name ("Berg, Anna van der") but is kept in the text
//!   citation ("van der Berg 2024"); a report is `Author. Year. *Title*.
//!   Genre Number. Publisher. DOI-or-URL.`, a web page `Author. Year.
//!   "Title." Website, Month Day. URL.`; three or more authors are "et al."
//!   in the text.
//! - APA 7: every author inverted with initials, "&" before the last; the
//!   particle stays in front ("van der Berg, A."); a report is `Author.
//!   (Year). *Title* (Genre No. Number). Publisher. DOI-or-URL`, a web page
//!   `Author. (Year, Month Day). *Title*. Site. URL`; "et al." from three.
//!
//! Organisations are never inverted or reduced to initials in either.

use crate::common;

use crate::common::{TestSite, fixture, select, text};
use scraper::Html;
use serde_json::Value;

const SITE: &str = "Centre for Development and Stability";
const BASE: &str = "https://cds.example.org";

fn built() -> TestSite {
    let site = fixture("cite");
    site.build_ok();
    site
}

/// (reference, in-text citation) of `style` on the page at `url`, as text.
fn cited(doc: &Html, style: &str) -> (String, String) {
    let fig = select(doc, &format!("figure.citation[data-style=\"{style}\"]"));
    assert_eq!(fig.len(), 1, "one {style} citation");
    let part = |css: &str| {
        let found: Vec<String> = fig[0].select(&common::sel(css)).map(text).collect();
        found.into_iter().next().unwrap_or_default()
    };
    let in_text = part("p.in-text").replace("In the text: ", "");
    (part("p.reference"), in_text)
}

fn check(site: &TestSite, url: &str, chicago: (&str, &str), apa: (&str, &str)) {
    let doc = site.page(url);
    let (reference, in_text) = cited(&doc, "chicago-author-date");
    assert_eq!(
        (reference.as_str(), in_text.as_str()),
        chicago,
        "Chicago, {url}"
    );
    let (reference, in_text) = cited(&doc, "apa");
    assert_eq!((reference.as_str(), in_text.as_str()), apa, "APA, {url}");
}

#[test]
fn a_particle_is_demoted_by_chicago_and_kept_in_front_by_apa() {
    let site = built();
    check(
        &site,
        "/reports/particle/",
        (
            &format!(
                "Berg, Anna van der. 2024. Water Sharing on the Kabul River. CDS-R-2024-01. {SITE}. https://doi.org/10.5555/cds.2024.01."
            ),
            "(van der Berg 2024)",
        ),
        (
            &format!(
                "van der Berg, A. (2024). Water Sharing on the Kabul River (CDS-R-2024-01). {SITE}. https://doi.org/10.5555/cds.2024.01"
            ),
            "(van der Berg, 2024)",
        ),
    );
    // The report's title is in italics in both styles (not quoted).
    let doc = site.page("/reports/particle/");
    for fig in select(&doc, "figure.citation p.reference i") {
        assert_eq!(text(fig), "Water Sharing on the Kabul River");
    }
}

#[test]
fn an_organisation_is_cited_whole_with_its_report_number() {
    let site = built();
    let url = format!("{BASE}/reports/organisation/");
    check(
        &site,
        "/reports/organisation/",
        (
            &format!(
                "CDS Research Team. 2025. Monitoring Cross-Border Commitments. Policy Brief CDS-PB-2025-03. {SITE}. {url}."
            ),
            "(CDS Research Team 2025)",
        ),
        (
            &format!(
                "CDS Research Team. (2025). Monitoring Cross-Border Commitments (Policy Brief CDS-PB-2025-03). {SITE}. {url}"
            ),
            "(CDS Research Team, 2025)",
        ),
    );
}

#[test]
fn many_authors_of_every_kind_are_listed_and_et_al_in_the_text() {
    let site = built();
    let url = format!("{BASE}/reports/many/");
    check(
        &site,
        "/reports/many/",
        (
            &format!(
                "Abdul Rauf, Mariam, Anna van der Berg, Kamran Yusufzai, Sofia Lindqvist, and CDS Research Team. 2025. Trade Flows at Torkham. Working Paper No. WP-7. {SITE}. {url}."
            ),
            "(Abdul Rauf et al. 2025)",
        ),
        (
            &format!(
                "Abdul Rauf, M., van der Berg, A., Yusufzai, K., Lindqvist, S., & CDS Research Team. (2025). Trade Flows at Torkham (Working Paper No. WP-7). {SITE}. {url}"
            ),
            "(Abdul Rauf et al., 2025)",
        ),
    );
}

#[test]
fn a_family_name_of_two_words_stays_whole_in_a_web_piece() {
    let site = built();
    let url = format!("{BASE}/commentary/two/");
    check(
        &site,
        "/commentary/two/",
        (
            &format!(
                "Abdul Rauf, Mariam, and Kamran Yusufzai. 2025. “Why Border Markets Matter.” {SITE}, September 1. {url}."
            ),
            "(Abdul Rauf and Yusufzai 2025)",
        ),
        (
            &format!(
                "Abdul Rauf, M., & Yusufzai, K. (2025, September 1). Why Border Markets Matter. {SITE}. {url}"
            ),
            "(Abdul Rauf & Yusufzai, 2025)",
        ),
    );
}

#[test]
fn inline_authors_with_a_particle_and_a_single_name() {
    let site = built();
    let url = format!("{BASE}/commentary/mononym/");
    check(
        &site,
        "/commentary/mononym/",
        (
            &format!(
                "Cruz, Lucía de la, and Sukarno. 2025. “Notes from Istanbul.” {SITE}, November 5. {url}."
            ),
            "(de la Cruz and Sukarno 2025)",
        ),
        (
            &format!(
                "de la Cruz, L., & Sukarno. (2025, November 5). Notes from Istanbul. {SITE}. {url}"
            ),
            "(de la Cruz & Sukarno, 2025)",
        ),
    );
}

#[test]
fn the_block_links_the_three_files_and_they_are_written() {
    let site = built();
    let doc = site.page("/reports/many/");
    let links: Vec<String> = select(&doc, ".cite-files a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        links,
        [
            "/reports/many/cite.bib",
            "/reports/many/cite.ris",
            "/reports/many/cite.json"
        ]
    );
    for l in &links {
        assert!(site.exists(l), "{l} was not written");
    }
}

#[test]
fn bibtex_has_each_name_as_bibtex_reads_names() {
    let site = built();
    let bib = site.read("/reports/many/cite.bib");
    assert!(
        bib.starts_with("@techreport{abdulrauf2025trade,\n"),
        "{bib}"
    );
    let field = |name: &str| {
        bib.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name} = ")))
            .map(|v| v.trim_end_matches(',').to_string())
            .unwrap_or_else(|| panic!("no {name} in\n{bib}"))
    };
    assert_eq!(
        field("author"),
        "{Abdul Rauf, Mariam and van der Berg, Anna and Yusufzai, Kamran and Lindqvist, Sofia and {CDS Research Team}}"
    );
    assert_eq!(field("title"), "{{Trade Flows at Torkham}}");
    assert_eq!(field("institution"), format!("{{{SITE}}}"));
    assert_eq!(field("number"), "{WP-7}");
    assert_eq!(field("type"), "{Working paper}");
    assert_eq!(field("year"), "{2025}");
    assert_eq!(field("month"), "feb");
    assert_eq!(field("url"), format!("{{{BASE}/reports/many/}}"));
    assert_eq!(bib.matches('{').count(), bib.matches('}').count());

    let bib = site.read("/reports/particle/cite.bib");
    assert!(bib.contains("  doi = {10.5555/cds.2024.01},\n"), "{bib}");
    assert!(bib.contains("  author = {van der Berg, Anna},\n"), "{bib}");
    let bib = site.read("/commentary/two/cite.bib");
    assert!(bib.starts_with("@misc{abdulrauf2025why,\n"), "{bib}");
}

#[test]
fn ris_has_one_author_line_each() {
    let site = built();
    let ris = site.read("/reports/many/cite.ris");
    let tags: Vec<(&str, &str)> = ris
        .lines()
        .map(|l| l.split_once("  - ").unwrap_or((l, "")))
        .collect();
    assert_eq!(tags.first(), Some(&("TY", "RPRT")));
    assert_eq!(tags.last(), Some(&("ER", "")));
    let authors: Vec<&str> = tags
        .iter()
        .filter(|(t, _)| *t == "AU")
        .map(|(_, v)| *v)
        .collect();
    assert_eq!(
        authors,
        [
            "Abdul Rauf, Mariam",
            "van der Berg, Anna",
            "Yusufzai, Kamran",
            "Lindqvist, Sofia",
            "CDS Research Team"
        ]
    );
    assert!(tags.contains(&("SN", "WP-7")));
    assert!(tags.contains(&("PY", "2025")));
    assert!(tags.contains(&("DA", "2025/02/10/")));
    assert!(ris.ends_with("ER  - \r\n"));
    let web = site.read("/commentary/two/cite.ris");
    assert!(web.starts_with("TY  - ELEC\r\n"), "{web}");
}

/// Every variable of the CSL-JSON schema (csl-data.json) that folio
/// writes, and the parts of names and dates.
const CSL_FIELDS: &[&str] = &[
    "id",
    "type",
    "title",
    "author",
    "issued",
    "publisher",
    "container-title",
    "URL",
    "number",
    "genre",
    "DOI",
    "language",
    "abstract",
];
const CSL_NAME_PARTS: &[&str] = &["family", "given", "non-dropping-particle", "literal"];
const CSL_TYPES: &[&str] = &["report", "webpage"];

#[test]
fn csl_json_uses_the_schema_field_names() {
    let site = built();
    for url in [
        "/reports/many/cite.json",
        "/reports/particle/cite.json",
        "/commentary/mononym/cite.json",
    ] {
        let json: Value = serde_json::from_str(&site.read(url)).expect("valid JSON");
        let items = json.as_array().expect("an array of items");
        assert_eq!(items.len(), 1);
        let item = items[0].as_object().unwrap();
        for k in item.keys() {
            assert!(
                CSL_FIELDS.contains(&k.as_str()),
                "{url}: `{k}` is not a CSL variable"
            );
        }
        assert!(CSL_TYPES.contains(&item["type"].as_str().unwrap()));
        for name in item["author"].as_array().unwrap() {
            for k in name.as_object().unwrap().keys() {
                assert!(
                    CSL_NAME_PARTS.contains(&k.as_str()),
                    "{url}: name part `{k}`"
                );
            }
        }
        let parts = &item["issued"]["date-parts"][0];
        assert_eq!(parts.as_array().map(Vec::len), Some(3), "{url}");
    }
    let json: Value = serde_json::from_str(&site.read("/reports/many/cite.json")).unwrap();
    let item = &json[0];
    assert_eq!(item["type"], "report");
    assert_eq!(item["number"], "WP-7");
    assert_eq!(item["genre"], "Working paper");
    assert_eq!(item["publisher"], SITE);
    assert_eq!(item["author"][1]["family"], "Berg");
    assert_eq!(item["author"][1]["non-dropping-particle"], "van der");
    assert_eq!(item["author"][4]["literal"], "CDS Research Team");
    let json: Value = serde_json::from_str(&site.read("/reports/particle/cite.json")).unwrap();
    assert_eq!(json[0]["DOI"], "10.5555/cds.2024.01");
}

#[test]
fn titles_with_markup_and_specials_are_escaped_everywhere() {
    let site = fixture("cite");
    site.write(
        "content/commentary/tricky.md",
        "---\ntitle: \"R&D <script>alert(1)</script> at 50% {of} \\\"cost\\\"\"\ndate: 2025-01-02\nauthors: [kamran-yusufzai]\n---\nBody.\n",
    );
    site.build_ok();
    let doc = site.page("/commentary/tricky/");
    assert!(select(&doc, ".cite-this script").is_empty());
    let (reference, _) = cited(&doc, "apa");
    assert!(
        reference.contains("R&D <script>alert(1)</script> at 50% {of}"),
        "{reference}"
    );
    let bib = site.read("/commentary/tricky/cite.bib");
    assert!(
        bib.contains(
            "R\\&D <script>alert(1)</script> at 50\\% \\textbraceleft{}of\\textbraceright{}"
        ),
        "{bib}"
    );
    let json: Value = serde_json::from_str(&site.read("/commentary/tricky/cite.json")).unwrap();
    assert_eq!(
        json[0]["title"],
        "R&D <script>alert(1)</script> at 50% {of} \"cost\""
    );
}

#[test]
fn site_toml_names_the_styles_and_a_typo_is_an_error() {
    let site = fixture("cite");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[citation]\nstyles = [\"modern-language-association\"]\n"),
    );
    site.build_ok();
    let doc = site.page("/commentary/two/");
    assert_eq!(select(&doc, "figure.citation").len(), 1);
    assert_eq!(
        select(
            &doc,
            "figure.citation[data-style=\"modern-language-association\"]"
        )
        .len(),
        1
    );
    site.write(
        "site.toml",
        format!("{toml}\n[citation]\nstyles = [\"chicago-autor-date\"]\n"),
    );
    let errors = site.build_err();
    let e = &errors[0];
    assert_eq!(e.file, std::path::PathBuf::from("site.toml"));
    assert!(
        e.message
            .contains("unknown citation style `chicago-autor-date`"),
        "{e}"
    );
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `chicago-author-date`"),
        "{e}"
    );
}
