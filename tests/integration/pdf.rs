//! The PDF edition (issue 19): which pieces get one, where it is published
//! and linked, what it holds (read back with poppler's tools and qpdf),
//! that content is never run as typst, that the same inputs give the same
//! bytes, and that a warm rebuild typesets only what changed.
//!
//! The checks that read a PDF need `pdfinfo`, `pdffonts`, `pdftotext`
//! (poppler-utils) and `qpdf`. Without them each such test prints SKIPPED
//! and passes; with `FOLIO_REQUIRE_PDFTOOLS=1` (set in `.ci/run`) a missing
//! tool is a failure.
#![cfg(feature = "pdf")]

use std::path::Path;
use std::process::Command;

use crate::common::{TestSite, attr, empty_site, meta, one, sample_site, show, text};

const SITE_TOML: &str = r##"title = "Centre for Development and Stability"
short_title = "CDS"
description = "An independent think tank publishing research on security and development."
base_url = "https://cds.example.org"
language = "en"

[disclaimers]
default = "The views expressed are the author's own and not those of CDS."

[languages.ur]
title = "مرکز برائے ترقی و استحکام"
"##;

const AUTHOR: &str =
    "---\nname: Anum Malik\naffiliation: Senior Fellow, CDS\n---\n\nAnum Malik studies trade.\n";

/// A report with headings, a table, a list, a quote, code, a link and footnotes.
const REPORT: &str = r#"---
title: "Border Trade After the Closures"
subtitle: "Costs and options"
date: 2025-05-01
authors: [anum-malik]
report_number: "CDS-R-2025-01"
summary: "What the closures of 2024 cost traders."
tags: [Trade, Pakistan]
doi: "10.5555/cds.2025.01"
---

## Findings

Trade fell by a third.[^first] The [ministry](https://example.gov.pk/data) said so.

| Year | Trade |
|------|-------|
| 2023 | 100   |
| 2024 | 66    |

- Closures cost money.
- Traders moved elsewhere.[^second]

> A trader said it plainly.

```
total = 66
```

## Recommendations

Open the crossings again.[^first]

[^first]: State Bank of Pakistan, trade data, 2025.
[^second]: Interviews in Peshawar, March 2025.
"#;

fn site() -> TestSite {
    let site = empty_site();
    site.write("site.toml", SITE_TOML);
    site.write("content/authors/anum-malik.md", AUTHOR);
    site.write("content/reports/border-trade.md", REPORT);
    site.write(
        "content/reports/_index.md",
        "---\ntitle: Reports\ntype: report\n---\n",
    );
    site.write(
        "content/commentary/_index.md",
        "---\ntitle: Commentary\ntype: commentary\n---\n",
    );
    site.write(
        "content/commentary/note.md",
        "---\ntitle: A note\ndate: 2025-05-02\nauthors: [anum-malik]\n---\n\nA short note.\n",
    );
    site
}

const PDF: &str = "/reports/border-trade/border-trade.pdf";

fn pdf_bytes(site: &TestSite, url: &str) -> Vec<u8> {
    std::fs::read(site.output_file(url)).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn reports_get_a_pdf_linked_from_their_page() {
    let site = site();
    let report = site.build_ok();
    assert_eq!(report.pdfs.typeset, 1, "one report, one PDF");
    let pdf = pdf_bytes(&site, PDF);
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(
        !site.exists("/commentary/note/note.pdf"),
        "commentary gets none"
    );

    let doc = site.page("/reports/border-trade/");
    let link = one(&doc, "a.pdf-link");
    assert_eq!(attr(link, "href"), Some(PDF));
    let size = text(one(&doc, ".pdf-size"));
    assert!(size.contains("KB"), "the size is shown: {size}");
    assert_eq!(
        meta(&doc, "citation_pdf_url").as_deref(),
        Some("https://cds.example.org/reports/border-trade/border-trade.pdf")
    );
    let jsonld = crate::common::select(&doc, "script[type=\"application/ld+json\"]");
    let all: String = jsonld.iter().map(|s| s.inner_html()).collect();
    assert!(
        all.contains("https://cds.example.org/reports/border-trade/border-trade.pdf"),
        "JSON-LD names the PDF"
    );
    let sitemap = site.read("/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://cds.example.org/reports/border-trade/border-trade.pdf"));
}

#[test]
fn pdf_auto_false_and_a_file_of_ones_own() {
    let site = site();
    site.write(
        "content/commentary/note.md",
        "---\ntitle: A note\ndate: 2025-05-02\nauthors: [anum-malik]\npdf: auto\n---\n\nA short note.\n",
    );
    site.write(
        "content/reports/border-trade.md",
        REPORT.replace("doi:", "pdf: false\ndoi:"),
    );
    site.write(
        "content/reports/own/index.md",
        "---\ntitle: Own\ndate: 2025-05-03\npdf: own.pdf\n---\n\nMade elsewhere.\n",
    );
    site.write("content/reports/own/own.pdf", b"%PDF-1.4 made elsewhere");
    site.write(
        "content/events/_index.md",
        "---\ntitle: Events\ntype: event\npdf: auto\n---\n",
    );
    site.write(
        "content/events/launch.md",
        "---\ntitle: Launch\ndate: 2025-05-04\n---\n\nThe launch.\n",
    );
    let report = site.build_ok();
    assert!(site.exists("/commentary/note/note.pdf"), "pdf: auto");
    assert!(
        site.exists("/events/launch/launch.pdf"),
        "a section's pdf: auto"
    );
    assert!(!site.exists(PDF), "pdf: false");
    assert!(!site.exists("/reports/own/own.pdf.pdf"));
    assert_eq!(
        pdf_bytes(&site, "/reports/own/own.pdf"),
        b"%PDF-1.4 made elsewhere"
    );
    let doc = site.page("/reports/own/");
    assert_eq!(
        attr(one(&doc, "a.pdf-link"), "href"),
        Some("/reports/own/own.pdf")
    );
    assert_eq!(report.pdfs.typeset, 2);
}

#[test]
fn warm_rebuild_typesets_only_what_changed() {
    let site = site();
    for n in 2..=3 {
        site.write(
            &format!("content/reports/r{n}.md"),
            REPORT.replace("Border Trade", &format!("Report {n}")),
        );
    }
    let first = site.build_ok();
    assert_eq!((first.pdfs.typeset, first.pdfs.reused), (3, 0));
    let pdf_before = pdf_bytes(&site, "/reports/r2/r2.pdf");
    let warm = site.build_ok();
    assert_eq!((warm.pdfs.typeset, warm.pdfs.reused), (0, 3));
    assert_eq!(pdf_bytes(&site, "/reports/r2/r2.pdf"), pdf_before);
    site.write(
        "content/reports/r3.md",
        REPORT
            .replace("Border Trade", "Report 3")
            .replace("Trade fell", "Trade dropped"),
    );
    let one_changed = site.build_ok();
    assert_eq!((one_changed.pdfs.typeset, one_changed.pdfs.reused), (1, 2));
    // The old version of the changed PDF has left the cache.
    let cached = std::fs::read_dir(site.path(".folio-cache/pdf"))
        .unwrap()
        .count();
    assert_eq!(cached, 3);
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let site = site();
    site.build_ok();
    let first = pdf_bytes(&site, PDF);
    std::fs::remove_dir_all(site.path(".folio-cache")).unwrap();
    let again = site.build_ok();
    assert_eq!(again.pdfs.typeset, 1, "typeset again, not from the cache");
    assert_eq!(pdf_bytes(&site, PDF), first, "byte-identical");
}

#[test]
fn a_template_error_names_the_template_line() {
    let site = site();
    site.write(
        "site.toml",
        SITE_TOML.replace(
            "language = \"en\"\n",
            "language = \"en\"\ntheme = \"mine\"\n",
        ),
    );
    site.write(
        "themes/mine/pdf/report.typ",
        "#let art = json(\"/article.json\")\n\n#art.title\n#unknown-function(1)\n",
    );
    let errors = site.build_err();
    let shown = show(&errors);
    assert!(shown.contains("pdf/report.typ"), "{shown}");
    assert!(shown.contains(":4"), "line 4: {shown}");
    assert!(shown.contains("unknown variable"), "{shown}");
}

#[test]
fn a_template_cannot_read_files() {
    let site = site();
    site.write(
        "site.toml",
        SITE_TOML.replace(
            "language = \"en\"\n",
            "language = \"en\"\ntheme = \"mine\"\n",
        ),
    );
    site.write("themes/mine/pdf/report.typ", "#read(\"/etc/passwd\")\n");
    let shown = show(&site.build_err());
    assert!(
        shown.contains("not found") || shown.contains("denied"),
        "{shown}"
    );
}

// ----- reading the PDFs back -------------------------------------------------

/// The PDF tools, or None (with a SKIPPED line) when one is missing.
fn tools(test: &str) -> Option<()> {
    let missing: Vec<&str> = ["pdfinfo", "pdffonts", "pdftotext", "qpdf"]
        .into_iter()
        .filter(|t| Command::new(t).arg("-v").output().is_err())
        .collect();
    if missing.is_empty() {
        return Some(());
    }
    if std::env::var_os("FOLIO_REQUIRE_PDFTOOLS").is_some_and(|v| v == "1") {
        panic!(
            "FOLIO_REQUIRE_PDFTOOLS=1 but {} not found",
            missing.join(", ")
        );
    }
    println!(
        "SKIPPED pdf test {test}: {} not found (apt-get install poppler-utils qpdf)",
        missing.join(", ")
    );
    None
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name).args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{name} {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text_of(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Each of `words` in `text`, in that order.
fn in_order(text: &str, words: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for w in words {
        match flat[from..].find(w) {
            Some(at) => from += at + w.len(),
            None => panic!("`{w}` not found (in order) in:\n{flat}"),
        }
    }
}

#[test]
fn the_pdf_holds_the_report() {
    if tools("the_pdf_holds_the_report").is_none() {
        return;
    }
    let site = site();
    site.build_ok();
    let file = site.output_file(PDF);
    let info = tool("pdfinfo", &[], &file);
    assert!(info.contains("Border Trade After the Closures"), "{info}");
    assert!(info.contains("Anum Malik"), "{info}");
    assert!(
        info.contains("Trade, Pakistan") || info.contains("Trade"),
        "{info}"
    );
    let fonts = tool("pdffonts", &[], &file);
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "every font embedded: {line}");
    }
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = text_of(&file);
    in_order(
        &text,
        &[
            "Border Trade After the Closures",
            "Anum Malik",
            "Senior Fellow, CDS",
            "The views expressed are the author",
            "Findings",
            "Trade fell by a third",
            "Recommendations",
            // At the foot of the page, numbered by first citation.
            "1State Bank of Pakistan, trade data, 2025.",
            "2Interviews in Peshawar, March 2025.",
        ],
    );
    assert!(text.contains("Cite as"), "{text}");
    // The catalog's language and the links' targets, as qpdf reads them
    // (the objects are compressed in the file).
    let objects = tool("qpdf", &["--json", "--json-key=qpdf"], &file);
    assert!(
        objects.contains(r#""/Lang": "u:en""#),
        "the language is set"
    );
    assert!(
        objects.contains(r#""/URI": "u:https://example.gov.pk/data""#),
        "a live link"
    );
    // The XMP metadata stream is stored uncompressed.
    let raw = String::from_utf8_lossy(&pdf_bytes(&site, PDF)).into_owned();
    assert!(
        raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "PDF/UA-1 is claimed"
    );
}

#[test]
fn a_hostile_title_prints_as_text() {
    if tools("a_hostile_title_prints_as_text").is_none() {
        return;
    }
    let site = site();
    let hostile = r#"#read("/etc/passwd") #import "x" $x^2$ \\back\\slash <l> @ref"#;
    site.write(
        "content/reports/border-trade.md",
        REPORT
            .replace(
                "title: \"Border Trade After the Closures\"",
                &format!("title: '{hostile}'"),
            )
            .replace("Trade fell", "#set page(fill: red) $y$ Trade fell"),
    );
    site.build_ok();
    let text = text_of(&site.output_file(PDF));
    assert!(!text.contains("root:x:0:0"), "no file was read");
    in_order(
        &text,
        &["#read(\"/etc/passwd\") #import \"x\" $x^2$ \\\\back\\\\slash <l> @ref"],
    );
    assert!(
        text.contains("#set page(fill: red) $y$ Trade fell"),
        "{text}"
    );
}

#[test]
fn an_urdu_report_extracts_urdu() {
    if tools("an_urdu_report_extracts_urdu").is_none() {
        return;
    }
    let site = site();
    site.write(
        "content/reports/border-trade.ur.md",
        "---\ntitle: سرحدی تجارت\ndate: 2025-05-01\nauthors: [anum-malik]\n---\n\n## نتائج\n\nتجارت میں ایک تہائی کمی آئی۔\n",
    );
    site.build_ok();
    let file = site.output_file("/ur/reports/border-trade/border-trade.pdf");
    let text = text_of(&file);
    assert!(text.contains("سرحدی تجارت"), "{text}");
    assert!(text.contains("تجارت میں ایک تہائی کمی آئی"), "{text}");
    let fonts = tool("pdffonts", &[], &file);
    assert!(fonts.contains("NotoNaskhArabic"), "{fonts}");
}

#[test]
fn the_sample_brief_has_a_pdf() {
    let site = sample_site();
    let report = site.build_ok();
    assert!(report.pdfs.typeset >= 1);
    let url = "/policy-briefs/verification-mechanisms/verification-mechanisms.pdf";
    assert!(pdf_bytes(&site, url).starts_with(b"%PDF-"));
    if tools("the_sample_brief_has_a_pdf").is_none() {
        return;
    }
    let text = text_of(&site.output_file(url));
    in_order(
        &text,
        &[
            "Trust, but Verify",
            "CDS Research Team",
            "Options",
            "Recommendations",
        ],
    );
}

#[test]
fn init_keeps_the_cache_out_of_git() {
    let (_tmp, dir) = crate::workflows::site_with_ci("github");
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/.folio-cache/"), "{ignore}");
}

/// A 1×1 PNG.
const PNG: [u8; 70] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 96, 248, 95, 15, 0, 2,
    135, 1, 128, 235, 71, 186, 146, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn figures_are_numbered_with_caption_and_source() {
    if tools("figures_are_numbered_with_caption_and_source").is_none() {
        return;
    }
    let site = site();
    site.remove("content/reports/border-trade.md");
    site.write(
        "content/reports/border-trade/index.md",
        REPORT.replace(
            "## Recommendations",
            "![Trade by year](chart.png \"Trade across Torkham, 2023-2024\")\n\nSource: State Bank of Pakistan.\n\n## Recommendations",
        ),
    );
    site.write("content/reports/border-trade/chart.png", PNG);
    site.build_ok();
    let file = site.output_file(PDF);
    let text = text_of(&file);
    in_order(
        &text,
        &[
            "Figure 1: Trade across Torkham, 2023-2024",
            "Source: State Bank of Pakistan.",
            "Recommendations",
        ],
    );
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&file)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&images.stdout);
    assert!(list.lines().count() > 2, "the image is embedded: {list}");
}

#[test]
fn a_correction_is_on_the_cover_and_in_the_log() {
    if tools("a_correction_is_on_the_cover_and_in_the_log").is_none() {
        return;
    }
    let site = site();
    site.write(
        "content/reports/border-trade.md",
        REPORT.replacen(
            "\n---\n",
            "\ncorrections:\n  - date: 2025-07-01\n    text: \"The April figure was *85* million, not 58.\"\n  - date: 2025-07-09\n    kind: retraction\n    text: \"The survey behind this report was flawed.\"\n---\n",
            1,
        ),
    );
    site.build_ok();
    let text = text_of(&site.output_file(PDF));
    // The cover: the latest entry and the retraction; then the log at the
    // end, oldest first, after the body and before the closing page.
    in_order(
        &text,
        &[
            "Retraction: 9 July 2025",
            "This article has been retracted",
            "Open the crossings again.",
            "Corrections and updates",
            "Correction, 1 July 2025",
            "The April figure was 85 million, not 58.",
            "Retraction, 9 July 2025",
            "The survey behind this report was flawed.",
            "About",
        ],
    );
}

/// A preview that knows which article an edit touched goes through that
/// article's PDF alone (not every PDF of the site on every save); the other
/// pages keep showing their PDF's size.
#[test]
fn a_preview_edit_makes_only_its_own_pdf() {
    use folio::content::Changes;
    use folio::output::PreviewOutput;
    use folio::pipeline::{Pipeline, Settings};
    let site = site();
    site.write(
        "content/reports/r2.md",
        REPORT.replace("Border Trade", "Report 2"),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = PreviewOutput::new(dir.path()).unwrap();
    let settings = Settings {
        drafts: false,
        future: false,
        base_url: None,
        now: Some(crate::common::now()),
        keep: true,
        progress: None,
    };
    let mut p = Pipeline::new(&site.root, settings);
    let first = p.run(&out).unwrap_or_else(|f| panic!("{}", show(&f.0)));
    assert_eq!((first.pdfs.typeset, first.pdfs.reused), (2, 0));
    let size_line = |url: &str| {
        let html = std::fs::read_to_string(dir.path().join(url).join("index.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        text(one(&doc, "a[href$=\".pdf\"]"))
    };
    let before = size_line("reports/r2");

    let mut edit = |path: &str, text: String| {
        site.write(path, text);
        let files = [std::path::PathBuf::from(path)];
        p.run_with(&out, Changes::Files(&files))
            .unwrap_or_else(|f| panic!("{}", show(&f.0)))
    };
    let report = edit(
        "content/reports/border-trade.md",
        REPORT.replace("Trade fell", "Trade dropped"),
    );
    assert_eq!((report.pdfs.typeset, report.pdfs.reused), (1, 0));
    let note = edit(
        "content/commentary/note.md",
        "---\ntitle: A note\ndate: 2025-05-02\nauthors: [anum-malik]\n---\n\nA longer note.\n"
            .into(),
    );
    assert_eq!((note.pdfs.typeset, note.pdfs.reused), (0, 0));
    assert_eq!(
        size_line("reports/r2"),
        before,
        "r2's page lost its PDF's size"
    );
}
