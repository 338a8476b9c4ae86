//! `folio crossref`: the deposit of a site's publications with a DOI,
//! read back as XML (what it says must be what the pages say) and
//! validated against Crossref's schema ([`schema`]); its errors at the
//! place of each mistake; and where it may write.

mod errors;
mod identifiers;
mod schema;

use std::path::Path;

use roxmltree::{Document, Node};

use crate::common::{self, TestSite, attr, meta, one};

pub const TIMESTAMP: &str = "20260101000000000";
const NS: &str = "http://www.crossref.org/schema/5.3.1";
const JATS: &str = "http://www.ncbi.nlm.nih.gov/JATS1";

/// The fixture: a report with a PDF and three authors (ORCIDs, ROR
/// affiliations, an organisation), a brief with an inline author, a
/// working paper, and commentary without a DOI.
pub fn site() -> TestSite {
    common::fixture("crossref/site")
}

/// Runs `folio crossref` in the site with a fixed timestamp; the deposit
/// goes to `<temp>/deposit.xml`, beside (not in) the site.
pub fn deposit(site: &TestSite, extra: &[&str]) -> String {
    let out = site.tmp.path().join("deposit.xml");
    let mut args = vec![
        "crossref",
        "--timestamp",
        TIMESTAMP,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = site.folio(&args);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    std::fs::read_to_string(out).unwrap()
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", n.tag_name().name()))
}

fn path_text<'a>(n: Node<'a, '_>, path: &[&str]) -> &'a str {
    path.iter().fold(n, |n, p| child(n, p)).text().unwrap_or("")
}

fn records<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((NS, "report-paper_metadata")))
        .collect()
}

fn record<'a, 'i>(doc: &'a Document<'i>, doi: &str) -> Node<'a, 'i> {
    records(doc)
        .into_iter()
        .find(|r| path_text(*r, &["doi_data", "doi"]) == doi)
        .unwrap_or_else(|| panic!("no record of {doi}"))
}

#[test]
fn the_deposit_validates_against_crossrefs_schema() {
    let s = site();
    deposit(&s, &[]);
    schema::assert_valid(
        "the_deposit_validates_against_crossrefs_schema",
        &[&s.tmp.path().join("deposit.xml")],
    );
}

#[test]
fn the_samples_deposit_validates_against_crossrefs_schema() {
    let s = common::sample_site();
    let xml = deposit(&s, &[]);
    let doc = Document::parse(&xml).unwrap();
    let brief = record(&doc, "10.5555/cds.pb.2025.02");
    assert_eq!(
        path_text(brief, &["publisher_item", "identifier"]),
        "CDS-PB-2025-02"
    );
    schema::assert_valid(
        "the_samples_deposit_validates_against_crossrefs_schema",
        &[&s.tmp.path().join("deposit.xml")],
    );
}

/// The validator itself must refuse what Crossref refuses, or a passing
/// check proves nothing: a person without a surname, and elements out of
/// the schema's order.
#[test]
fn the_schema_check_refuses_a_broken_deposit() {
    let s = site();
    let xml = deposit(&s, &[]);
    let broken = s.tmp.path().join("broken.xml");
    let no_surname = xml.replacen("<surname>Khan</surname>", "", 1);
    std::fs::write(&broken, &no_surname).unwrap();
    let swapped = s.tmp.path().join("swapped.xml");
    let start = xml.find("<publisher>").unwrap();
    let end = xml.find("</publisher>").unwrap() + "</publisher>".len();
    let publisher = &xml[start..end];
    let moved =
        xml.replacen(publisher, "", 1)
            .replacen("<doi_data>", &format!("{publisher}<doi_data>"), 1);
    std::fs::write(&swapped, moved).unwrap();
    for file in [&broken, &swapped] {
        if let Some(result) = schema::xmllint("the_schema_check_refuses_a_broken_deposit", &[file])
        {
            assert!(result.is_err(), "{} validated", file.display());
        }
    }
}

#[test]
fn records_say_what_the_pages_say() {
    let s = site();
    let xml = deposit(&s, &[]);
    s.build_ok();
    let doc = Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(attr_of(root, "version"), "5.3.1");
    assert_eq!(
        path_text(root, &["head", "doi_batch_id"]),
        format!("folio-{TIMESTAMP}")
    );
    assert_eq!(path_text(root, &["head", "timestamp"]), TIMESTAMP);
    assert_eq!(
        path_text(root, &["head", "registrant"]),
        "Institute for Water & Energy Policy"
    );
    assert_eq!(records(&doc).len(), 3, "the commentary has no DOI");

    let report = record(&doc, "10.5555/iwep.r.2025.01");
    let page = s.page("/reports/water-allocation/");
    let canonical = attr(one(&page, "link[rel=canonical]"), "href").unwrap();
    assert_eq!(path_text(report, &["doi_data", "resource"]), canonical);
    let pdf = meta(&page, "citation_pdf_url").unwrap();
    let collection = child(child(report, "doi_data"), "collection");
    assert_eq!(attr_of(collection, "property"), "text-mining");
    let item = child(child(collection, "item"), "resource");
    assert_eq!(item.text(), Some(pdf.as_str()));
    assert_eq!(attr_of(item, "mime_type"), "application/pdf");
    assert!(s.exists("/reports/water-allocation/water-allocation.pdf"));

    assert_eq!(
        path_text(report, &["titles", "title"]),
        "Sharing the Indus: Water <Allocation> & Its Rules"
    );
    assert_eq!(
        path_text(report, &["titles", "subtitle"]),
        "IWEP Report 1/2025"
    );
    let abstract_p = report
        .descendants()
        .find(|n| n.has_tag_name((JATS, "p")))
        .unwrap();
    assert_eq!(
        abstract_p.text(),
        Some(
            "How three provinces share water when flows fall below 80% & the accord\u{2019}s rules <stop> working."
        )
    );
    assert_eq!(path_text(report, &["publication_date", "year"]), "2025");
    assert_eq!(path_text(report, &["publication_date", "month"]), "03");
    assert_eq!(
        path_text(report, &["publisher", "publisher_name"]),
        "Institute for Water & Energy Policy"
    );
    assert_eq!(
        path_text(report, &["institution", "institution_id"]),
        "https://ror.org/03yrm5c26"
    );
    assert_eq!(
        path_text(report, &["publisher_item", "identifier"]),
        "IWEP-R-2025-01"
    );
    assert_eq!(attr_of(report, "language"), "en");
    let license = report
        .descendants()
        .find(|n| n.tag_name().name() == "license_ref")
        .unwrap();
    assert_eq!(
        license.text(),
        Some("https://creativecommons.org/licenses/by/4.0/")
    );

    let people: Vec<Node> = child(report, "contributors")
        .children()
        .filter(Node::is_element)
        .collect();
    let shape: Vec<(&str, &str, &str)> = people
        .iter()
        .map(|p| {
            (
                p.tag_name().name(),
                attr_of(*p, "sequence"),
                attr_of(*p, "contributor_role"),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("person_name", "first", "author"),
            ("person_name", "additional", "author"),
            ("organization", "additional", "author"),
        ]
    );
    assert_eq!(path_text(people[0], &["surname"]), "Khan");
    assert_eq!(
        path_text(people[0], &["ORCID"]),
        "https://orcid.org/0000-0002-1825-0097"
    );
    assert_eq!(
        path_text(
            people[0],
            &["affiliations", "institution", "institution_name"]
        ),
        "California Digital Library"
    );
    assert_eq!(
        path_text(
            people[1],
            &["affiliations", "institution", "institution_id"]
        ),
        "https://ror.org/05gq02987"
    );
    assert_eq!(
        path_text(people[1], &["ORCID"]),
        "https://orcid.org/0000-0002-1694-233X"
    );
    assert_eq!(people[2].text(), Some("IWEP Research Unit"));

    // The brief: a DOI written as a link is deposited bare, the summary is
    // the body's first paragraph, and an inline author has no ORCID.
    let brief = record(&doc, "10.5555/iwep.b.2025.04");
    let names: Vec<&str> = brief
        .descendants()
        .filter(|n| n.has_tag_name((NS, "surname")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(names, ["van der Berg", "Siddiqui"]);
    // Its PDF is the one folio typeset (a brief gets one by default): the
    // address its page gives Scholar.
    let brief_page = s.page("/briefs/grid-tariffs/");
    let brief_pdf = meta(&brief_page, "citation_pdf_url").unwrap();
    assert!(brief_pdf.ends_with("/briefs/grid-tariffs/grid-tariffs.pdf"));
    let collection = child(child(brief, "doi_data"), "collection");
    let item = child(child(collection, "item"), "resource");
    assert_eq!(item.text(), Some(brief_pdf.as_str()));
    let wp = record(&doc, "10.5555/iwep.wp.2024.07");
    assert_eq!(
        attr_of(wp, "language"),
        "en",
        "en-GB is deposited as its ISO 639-1 code"
    );
}

fn attr_of<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
    n.attribute(name)
        .unwrap_or_else(|| panic!("no {name}= on <{}>", n.tag_name().name()))
}

#[test]
fn the_same_timestamp_gives_the_same_file() {
    let s = site();
    let first = deposit(&s, &[]);
    let second = deposit(&s, &[]);
    assert_eq!(first, second);
    // Without --timestamp, the clock: a batch id of its own.
    let run = s.folio(&["crossref"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let doc = Document::parse(&run.stdout).unwrap();
    let stamp = path_text(doc.root_element(), &["head", "timestamp"]);
    assert_eq!(stamp.len(), 17, "yyyymmddhhmmssSSS: {stamp}");
    assert_eq!(
        path_text(doc.root_element(), &["head", "doi_batch_id"]),
        format!("folio-{stamp}")
    );
}

#[test]
fn since_and_doi_select_publications() {
    let s = site();
    let dois = |extra: &[&str]| -> Vec<String> {
        let xml = deposit(&s, extra);
        let doc = Document::parse(&xml).unwrap();
        records(&doc)
            .into_iter()
            .map(|r| path_text(r, &["doi_data", "doi"]).to_string())
            .collect()
    };
    // The brief was published before 2025-09-01 but updated after it.
    assert_eq!(dois(&["--since", "2025-09-01"]), ["10.5555/iwep.b.2025.04"]);
    assert_eq!(
        dois(&["--doi", "10.5555/IWEP.R.*"]),
        ["10.5555/iwep.r.2025.01"]
    );
    assert_eq!(
        dois(&["--doi", "*.2025.0?", "--since", "2025-01-01"]).len(),
        2
    );
    let run = s.folio(&["crossref", "--doi", "10.5555/nothing*"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stderr.contains("none with a DOI matching"),
        "{}",
        run.debug()
    );
}

#[test]
fn the_deposit_is_never_written_into_the_public_site() {
    let s = site();
    s.build_ok();
    let before = common::snapshot_files(&s.public());
    for target in [
        "public/deposit.xml",
        "static/deposit.xml",
        "./public/../public/x/d.xml",
    ] {
        let run = s.folio(&["crossref", "-o", target]);
        assert_eq!(run.code, Some(2), "{target}: {}", run.debug());
        assert!(run.stderr.contains("published"), "{}", run.debug());
    }
    assert_eq!(common::snapshot_files(&s.public()), before);
    assert!(!s.path("static/deposit.xml").exists());
    assert!(!Path::new(&s.path("public/x")).exists());
}

/// A translation is its own work: with its own DOI it is deposited in its
/// language (validated too); with its original's, that is a duplicate.
#[test]
fn a_translation_with_its_own_doi_is_deposited_in_its_language() {
    let s = site();
    let toml = std::fs::read_to_string(s.path("site.toml")).unwrap();
    s.write(
        "site.toml",
        format!("{toml}\n[languages.ur]\ntitle = \"ادارہ\"\n"),
    );
    s.write(
        "content/working-papers/canal-losses.ur.md",
        "---\ntitle: \"نہری نقصانات کی پیمائش\"\ndate: 2024-12-01\nauthors: [bilal-ahmed]\ndoi: \"10.5555/iwep.wp.2024.07.ur\"\n---\nنہری نقصانات۔\n",
    );
    let xml = deposit(&s, &[]);
    let doc = Document::parse(&xml).unwrap();
    let ur = record(&doc, "10.5555/iwep.wp.2024.07.ur");
    assert_eq!(attr_of(ur, "language"), "ur");
    assert_eq!(
        path_text(ur, &["doi_data", "resource"]),
        "https://iwep.example.org/ur/working-papers/canal-losses/"
    );
    assert_eq!(records(&doc).len(), 4);
    schema::assert_valid(
        "a_translation_with_its_own_doi_is_deposited_in_its_language",
        &[&s.tmp.path().join("deposit.xml")],
    );

    s.write(
        "content/working-papers/canal-losses.ur.md",
        "---\ntitle: \"نہری نقصانات کی پیمائش\"\ndate: 2024-12-01\nauthors: [bilal-ahmed]\ndoi: \"10.5555/iwep.wp.2024.07\"\n---\nنہری نقصانات۔\n",
    );
    let run = s.folio(&["crossref"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stderr
            .contains("content/working-papers/canal-losses.ur.md:5:6: error"),
        "{}",
        run.debug()
    );
}
