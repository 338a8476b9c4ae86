//! The table of contents: built from `##`/`###`, every link resolves to a
//! heading of the page, `toc: false` removes it.

use crate::common::*;

#[test]
fn every_toc_link_points_to_an_id_on_the_page() {
    let site = fixture("toc");
    site.build_ok();
    let doc = site.page("/commentary/with-toc/");
    let toc = one(&doc, "nav.toc");
    let targets = assert_anchors_resolve(&doc, "nav.toc a[href^=\"#\"]");
    assert_eq!(targets.len(), 6, "{targets:?}");
    // Every link is in-page.
    assert_eq!(toc.select(&sel("a")).count(), targets.len());
    // Ids are unique in the page, so each link has one target.
    let all = ids(&doc);
    for t in &targets {
        assert_eq!(
            all.iter().filter(|i| *i == t).count(),
            1,
            "id `{t}` is not unique: {all:?}"
        );
    }
    // Each target is the heading the link names.
    for a in toc.select(&sel("a")) {
        let id = &attr(a, "href").unwrap()[1..];
        let heading = one(&doc, &format!("[id=\"{id}\"]"));
        assert!(
            matches!(heading.value().name(), "h2" | "h3"),
            "#{id} is a <{}>",
            heading.value().name()
        );
        assert_eq!(text(heading), text(a));
    }
}

#[test]
fn level_three_headings_are_nested_under_their_level_two() {
    let site = fixture("toc");
    site.build_ok();
    let doc = site.page("/commentary/with-toc/");
    let top: Vec<String> = select(&doc, "nav.toc > ol > li > a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(top, ["First Part", "Second Part", "First Part"]);
    let items = select(&doc, "nav.toc > ol > li");
    let children: Vec<Vec<String>> = items
        .iter()
        .map(|li| li.select(&sel(":scope > ol > li > a")).map(text).collect())
        .collect();
    assert_eq!(
        children,
        [
            vec!["Detail A".to_string(), "Detail B".to_string()],
            vec!["Detail A".to_string()],
            vec![]
        ]
    );
    // `####` is not in the table; explicit `{#id}` is kept.
    let targets = assert_anchors_resolve(&doc, "nav.toc a");
    assert!(
        !texts(&doc, "nav.toc a")
            .iter()
            .any(|t| t.contains("Too deep"))
    );
    assert!(targets.contains(&"custom-id".to_string()), "{targets:?}");
    // Repeated headings get distinct ids.
    let mut unique = targets.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        targets.len(),
        "duplicate targets: {targets:?}"
    );
}

#[test]
fn toc_false_removes_the_table() {
    let site = fixture("toc");
    site.build_ok();
    let doc = site.page("/commentary/no-toc/");
    assert_eq!(count(&doc, "nav.toc"), 0);
    // The heading itself is still there, with its id.
    let h = one(&doc, ".article-body h2");
    assert_eq!(text(h), "A Heading");
    assert!(attr(h, "id").is_some_and(|i| !i.is_empty()));
}
