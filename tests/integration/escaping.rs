//! All text from front matter is escaped in every context: element text,
//! attributes (meta tags), and snippets of inline markdown.

use crate::common::*;
use scraper::Html;

const TITLE: &str = "<script>alert(1)</script>";

fn built() -> TestSite {
    let site = fixture("escaping");
    site.build_ok();
    site
}

/// Checks that no element smuggled in by front matter exists in `doc` (the
/// JSON-LD block and the search page's own script are folio's).
fn assert_no_injected_elements(doc: &Html, url: &str) {
    assert_eq!(
        count(
            doc,
            "script:not([type=\"application/ld+json\"]):not([src=\"/search.js\"])"
        ),
        0,
        "{url}: a script element reached the page"
    );
    assert_eq!(
        count(doc, "img[onerror]"),
        0,
        "{url}: an img element reached the page"
    );
    // (A citation style's italics are the only ones folio writes.)
    assert_eq!(
        count(doc, "main b, main i") - count(doc, ".citation b, .citation i"),
        0,
        "{url}: markup from front matter was interpreted"
    );
}

#[test]
fn title_is_text_in_title_h1_and_meta_tags() {
    let site = built();
    let doc = site.page("/commentary/xss/");
    assert_no_injected_elements(&doc, "article");

    assert_eq!(text(one(&doc, "h1")), TITLE);
    let title = text(one(&doc, "head > title"));
    assert!(title.starts_with(TITLE), "{title}");
    assert_eq!(meta(&doc, "citation_title").as_deref(), Some(TITLE));
    assert_eq!(meta(&doc, "og:title").as_deref(), Some(TITLE));
    // No attribute or element anywhere carries executable markup.
    for e in select(&doc, "*") {
        for (name, _) in e.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler attribute `{name}` on <{}>",
                e.value().name()
            );
        }
    }
}

#[test]
fn subtitle_summary_and_names_are_escaped() {
    let site = built();
    let doc = site.page("/commentary/xss/");
    assert_eq!(
        text(one(&doc, "p.subtitle")),
        "<img src=x onerror=alert(2)> & \"quotes\""
    );
    let byline = text(one(&doc, "p.byline"));
    assert!(
        byline.contains("Alice <script>alert('name')</script> Ahmed"),
        "{byline}"
    );
    assert!(byline.contains("<script>alert(4)</script>"), "{byline}");
    let description = meta(&doc, "description").unwrap_or_default();
    assert!(
        description.contains("<script>alert(5)</script>"),
        "{description}"
    );
    assert!(!description.contains("<em>"), "{description}");
    let note = text(one(&doc, "aside.author-note"));
    assert!(note.contains("<script>alert(7)</script>"), "{note}");
    let tag_meta: Vec<String> = select(&doc, "meta[property=\"article:tag\"]")
        .into_iter()
        .filter_map(|m| attr(m, "content").map(str::to_string))
        .collect();
    assert_eq!(tag_meta, ["<script>alert(3)</script>"]);
    let authors: Vec<String> = select(&doc, "meta[name=\"citation_author\"]")
        .into_iter()
        .filter_map(|m| attr(m, "content").map(str::to_string))
        .collect();
    assert_eq!(authors.len(), 2);
    assert!(
        authors[1].contains("<script>alert(4)</script>"),
        "{authors:?}"
    );
}

#[test]
fn every_page_of_the_site_is_free_of_injected_markup() {
    let site = built();
    let files = snapshot_files(&site.public());
    let mut pages = 0;
    for (path, bytes) in &files {
        if path.extension().is_some_and(|x| x == "html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            assert_no_injected_elements(&doc, &path.display().to_string());
            pages += 1;
        }
    }
    // Article, home, section, author, authors, tag, tags, series, 404.
    assert!(
        pages >= 9,
        "only {pages} pages: {:?}",
        files.keys().collect::<Vec<_>>()
    );
    // The tag and author pages print the names as text.
    let tags = site.page("/tags/");
    assert!(
        texts(&tags, "main a")
            .iter()
            .any(|t| t == "<script>alert(3)</script>"),
        "{:?}",
        texts(&tags, "main a")
    );
    let author = site.page("/authors/alice-ahmed/");
    assert_eq!(
        text(one(&author, "h1")),
        "Alice <script>alert('name')</script> Ahmed"
    );
    assert_eq!(text(one(&author, ".affiliation")), "<b>Bold</b> Institute");
}

#[test]
fn feeds_escape_front_matter_text() {
    let site = built();
    for feed in ["/atom.xml", "/commentary/atom.xml"] {
        let xml = site.read(feed);
        assert!(
            !xml.contains("<script"),
            "{feed} carries raw markup:\n{xml}"
        );
        assert!(!xml.contains("<img"), "{feed} carries raw markup:\n{xml}");
        assert!(
            xml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"),
            "{feed}:\n{xml}"
        );
    }
}
