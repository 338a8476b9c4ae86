//! Inputs made to hurt: what a bad paste or a broken export gives folio.
//! Each builds to what it says (or is refused at its line) at a size that
//! cost the square of it before; `bench/pathological.py` times the large
//! versions. No test here measures a clock.

use std::path::Path;

use crate::common::*;

fn article(header: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"Bad input\"\ndate: 2025-11-05\nauthors: [alice-ahmed]\n{header}---\n\n{body}\n"
    )
}

fn tags(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("t{i}")).collect()
}

#[test]
fn more_than_a_hundred_tags_is_an_error_at_the_tags_line() {
    let site = fixture("minimal");
    let flow = format!("tags: [{}]\n", tags(101).join(", "));
    site.write("content/commentary/flow.md", article(&flow, "Text."));
    let block: String = tags(150).iter().map(|t| format!("  - {t}\n")).collect();
    site.write(
        "content/commentary/block.md",
        article(&format!("summary: Short.\ntags:\n{block}"), "Text."),
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    for e in &errors {
        assert!(e.is_error(), "{e}");
        let (tags_line, count) = if e.file == Path::new("content/commentary/flow.md") {
            (5, 101)
        } else {
            assert_eq!(e.file, Path::new("content/commentary/block.md"), "{e}");
            (6, 150)
        };
        assert_eq!(e.line, tags_line, "{e}");
        assert_eq!(
            e.message,
            format!("this article has {count} tags; an article may have at most 100")
        );
        assert!(
            e.source_line.as_deref().unwrap().starts_with("tags:"),
            "{e}"
        );
        assert!(
            e.help.as_deref().unwrap().contains("keep the few tags"),
            "{e}"
        );
    }
}

#[test]
fn a_hundred_tags_build_and_every_feed_lists_them() {
    let site = fixture("minimal");
    let header = format!("tags: [{}]\n", tags(100).join(", "));
    site.write("content/commentary/many.md", article(&header, "Text."));
    site.build_ok();
    let page = site.page("/tags/t99/");
    assert!(!select(&page, "a[href='/commentary/many/']").is_empty());
    let feed = site.read("/tags/t0/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let categories = doc
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .count();
    assert_eq!(categories, 100);
}

#[test]
fn identical_headings_get_numbered_ids() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/headings.md",
        article("", &"## Heading\n\nText.\n\n".repeat(2_000)),
    );
    site.build_ok();
    let page = site.page("/commentary/headings/");
    let ids: Vec<String> = select(&page, ".article-body h2[id]")
        .into_iter()
        .filter_map(|h| attr(h, "id").map(str::to_string))
        .collect();
    assert_eq!(ids.len(), 2_000);
    assert_eq!(ids[0], "heading");
    assert_eq!(ids[1], "heading-1");
    assert_eq!(ids[1_999], "heading-1999");
}

#[test]
fn a_one_word_paste_builds_and_is_reported_once() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/paste.md",
        article("", &"word ".repeat(20_000)),
    );
    let report = site.build_ok();
    let of = |code: &str| -> Vec<String> {
        report
            .warnings
            .warnings()
            .filter(|d| d.code == Some(code))
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        of("doubled-word"),
        ["repeated word: “word” 20000 times in a row"]
    );
    // Five repeated passages listed (each at both copies), the rest counted.
    assert_eq!(of("repeated-passage").len(), 10);
    let page = site.page("/commentary/paste/");
    assert_eq!(texts(&page, ".article-body p").len(), 1);
}
