//! Figures and footnotes on the web page (issue 19): a titled image alone
//! in its paragraph is a `<figure>` with its caption and source line,
//! numbered in reports; footnotes are gathered under a "Notes" heading with
//! a link back to every citation; both in the edition's words.

use crate::common::*;

/// The bilingual fixture with `files` written into it, built.
fn site_with(files: &[(&str, &str)]) -> TestSite {
    let site = fixture("bilingual");
    for (path, text) in files {
        site.write(path, text);
    }
    site.build_ok();
    site
}

fn article(kind: &str, title: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2025-11-02\nauthors: [alice-ahmed]\ntype: {kind}\n---\n\n{body}"
    )
}

const FIGURE: &str = "Before.\n\n\
![Bar chart of remittances by year](chart.svg \"Remittances, 2015–2025\")\n\n\
Source: State Bank of Pakistan.\n\n\
![Untitled](chart.svg)\n\n\
After.\n";

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";

#[test]
fn a_titled_image_becomes_a_figure_with_caption_and_source_line() {
    let site = site_with(&[
        ("content/analysis/chart.svg", SVG),
        (
            "content/analysis/figure.md",
            &article("commentary", "Figure", FIGURE),
        ),
    ]);
    let doc = site.page("/analysis/figure/");
    let figure = one(&doc, ".article-body figure");
    let caption = figure.select(&sel(":scope > figcaption")).next().unwrap();
    assert_eq!(text(caption), "Remittances, 2015–2025");
    let img = figure.select(&sel(":scope > img")).next().unwrap();
    assert_eq!(attr(img, "alt"), Some("Bar chart of remittances by year"));
    assert_eq!(attr(img, "src"), Some("/analysis/chart.svg"));
    let source = figure.select(&sel(".figure-source")).next().unwrap();
    assert_eq!(text(source), "Source: State Bank of Pakistan.");
    // A commentary does not number its figures.
    assert_eq!(count(&doc, ".figure-number"), 0);
    // The source line is only in the figure; the untitled image stays an
    // image in a paragraph.
    let paragraphs = texts(&doc, ".article-body > p");
    assert!(
        !paragraphs.iter().any(|p| p.contains("State Bank")),
        "{paragraphs:?}"
    );
    assert_eq!(count(&doc, ".article-body figure"), 1);
    assert_eq!(count(&doc, ".article-body p > img[alt=\"Untitled\"]"), 1);
}

#[test]
fn figures_are_numbered_only_in_reports_briefs_and_working_papers() {
    let two = "![A](chart.svg \"One\")\n\n![B](chart.svg \"Two\")\n";
    let site = site_with(&[
        ("content/analysis/chart.svg", SVG),
        ("content/analysis/r.md", &article("report", "R", two)),
        ("content/analysis/b.md", &article("brief", "B", two)),
        ("content/analysis/w.md", &article("working-paper", "W", two)),
        ("content/analysis/c.md", &article("commentary", "C", two)),
        ("content/analysis/a.md", &article("analysis", "A", two)),
    ]);
    for url in ["/analysis/r/", "/analysis/b/", "/analysis/w/"] {
        let doc = site.page(url);
        assert_eq!(
            texts(&doc, ".article-body figure figcaption"),
            ["Figure 1: One", "Figure 2: Two"],
            "{url}"
        );
        assert_eq!(texts(&doc, "figcaption .figure-number")[1], "Figure 2:");
    }
    for url in ["/analysis/c/", "/analysis/a/"] {
        let doc = site.page(url);
        assert_eq!(
            texts(&doc, ".article-body figure figcaption"),
            ["One", "Two"],
            "{url}"
        );
    }
}

const NOTES: &str = "## Notes\n\n\
First claim.[^b] Second claim.[^a] The first again.[^b]\n\n\
[^a]: Alpha note.\n\n\
[^b]: Beta note.\n";

#[test]
fn notes_come_under_a_heading_with_links_back_to_every_citation() {
    let site = site_with(&[("content/analysis/notes.md", &article("report", "N", NOTES))]);
    let doc = site.page("/analysis/notes/");
    let section = one(&doc, ".article-body section.footnotes");
    let heading = section.select(&sel(":scope > h2")).next().unwrap();
    assert_eq!(text(heading), "Notes");
    // The author's own "Notes" heading keeps `notes`; the section's differs.
    assert_eq!(attr(heading, "id"), Some("notes-1"));
    assert_eq!(attr(section, "aria-labelledby"), Some("notes-1"));
    // Numbered in the order of first citation: b is 1, a is 2.
    assert_eq!(texts(&doc, "sup.footnote-ref a"), ["1", "2", "1"]);
    let items: Vec<String> = select(&doc, "section.footnotes ol > li")
        .into_iter()
        .map(|li| li.select(&sel("p")).next().map(text).unwrap_or_default())
        .collect();
    assert!(items[0].starts_with("Beta note."), "{items:?}");
    assert!(items[1].starts_with("Alpha note."), "{items:?}");
    // One link back per citation, each labelled.
    let labels: Vec<Vec<&str>> = select(&doc, "section.footnotes ol > li")
        .into_iter()
        .map(|li| {
            li.select(&sel("a.footnote-backref"))
                .map(|a| attr(a, "aria-label").unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        labels,
        [
            vec!["Back to reference 1", "Back to reference 1 (citation 2)"],
            vec!["Back to reference 2"]
        ]
    );
    // Every reference reaches its note and every note its references.
    let to_notes = assert_anchors_resolve(&doc, "sup.footnote-ref a");
    assert_eq!(to_notes, ["b", "a", "b"]);
    let back = assert_anchors_resolve(&doc, "a.footnote-backref");
    let citations: Vec<String> = select(&doc, "sup.footnote-ref a")
        .into_iter()
        .map(|a| attr(a, "id").unwrap().to_string())
        .collect();
    let mut sorted = back.clone();
    sorted.sort();
    let mut cited = citations.clone();
    cited.sort();
    assert_eq!(sorted, cited);
    // Not in the table of contents: it lists the author's sections.
    assert_eq!(texts(&doc, "nav.toc a"), ["Notes"]);
    assert_eq!(
        attr(one(&doc, "nav.toc a"), "href"),
        Some("#notes"),
        "the author's heading"
    );
}

#[test]
fn ids_stay_unique_when_labels_look_alike() {
    let body = "## Intro\n\n\
Text[^a] and[^a] and[^a-2] and[^intro] and[^fn:1] and[^x y] and[^A].\n\n\
[^a]: One.\n\n[^a-2]: Two.\n\n[^intro]: Three.\n\n[^fn:1]: Four.\n\n[^x y]: Five.\n";
    let site = site_with(&[("content/analysis/ids.md", &article("analysis", "I", body))]);
    let doc = site.page("/analysis/ids/");
    let all = ids(&doc);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "duplicate ids: {all:?}");
    // `[^A]` is `[^a]`: labels match regardless of case.
    assert_eq!(count(&doc, "section.footnotes ol > li"), 5);
    assert_eq!(
        select(&doc, "section.footnotes ol > li")[0]
            .select(&sel("a.footnote-backref"))
            .count(),
        3
    );
    assert_anchors_resolve(&doc, "sup.footnote-ref a");
    assert_anchors_resolve(&doc, "a.footnote-backref");
    // Labels that are ids keep them; the rest get numbers.
    let note_ids: Vec<&str> = select(&doc, "section.footnotes ol > li")
        .into_iter()
        .map(|li| attr(li, "id").unwrap())
        .collect();
    assert_eq!(note_ids, ["a", "a-2", "fn:3", "fn:4", "fn:5"]);
}

#[test]
fn the_urdu_edition_uses_its_own_words() {
    let body = "متن۔[^n]\n\n\
![چارٹ](chart.svg \"ترسیلات زر، 2015–2025\")\n\n\
ماخذ: اسٹیٹ بینک۔[^n]\n\n\
![چارٹ](chart.svg \"دوسری شکل\")\n\nSource: not the Urdu word.\n\n\
[^n]: ایک نوٹ۔\n";
    let site = site_with(&[
        ("content/analysis/chart.svg", SVG),
        (
            "content/analysis/urdu.ur.md",
            &article("report", "اردو", body),
        ),
    ]);
    let doc = site.page("/ur/analysis/urdu/");
    assert_eq!(
        texts(&doc, ".article-body figure figcaption"),
        ["شکل 1: ترسیلات زر، 2015–2025", "شکل 2: دوسری شکل"]
    );
    let sources = texts(&doc, ".article-body figure .figure-source");
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].starts_with("ماخذ: اسٹیٹ بینک۔"), "{sources:?}");
    assert_eq!(text(one(&doc, "section.footnotes h2")), "حواشی");
    let labels: Vec<&str> = select(&doc, "a.footnote-backref")
        .into_iter()
        .map(|a| attr(a, "aria-label").unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "حوالہ 1 پر واپس جائیں",
            "حوالہ 1 پر واپس جائیں (حوالہ نمبر 2)"
        ]
    );
    // The citation inside the source line links back too.
    assert_anchors_resolve(&doc, "a.footnote-backref");
    assert_eq!(count(&doc, "figure .figure-source sup.footnote-ref"), 1);
}

#[test]
fn the_sample_brief_has_a_figure_and_notes() {
    let site = sample_site();
    site.build_ok();
    let doc = site.page("/policy-briefs/refugee-returns/");
    let caption = texts(&doc, ".article-body figure figcaption");
    assert_eq!(caption.len(), 1);
    assert!(caption[0].starts_with("Figure 1: Returns"), "{caption:?}");
    assert!(site.exists("/policy-briefs/refugee-returns/returns-by-month.svg"));
    assert_eq!(count(&doc, "section.footnotes ol > li"), 2);
    assert_anchors_resolve(&doc, "a.footnote-backref");
    assert_anchors_resolve(&doc, "sup.footnote-ref a");
}
