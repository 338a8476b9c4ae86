//! Bylines (order, links, "A, B and C") and the author note (from profiles,
//! overridden by `author_note`).

use crate::common::*;

#[test]
fn three_authors_in_list_order_with_profile_links_only() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/three-authors/");
    let byline = one(&doc, "article header p.byline");

    // Names in the order of `authors:`, whatever their kind.
    let names: Vec<String> = byline
        .select(&sel("a.author, .author-name"))
        .map(text)
        .collect();
    assert_eq!(names, ["Bob Baker", "Carol Chen", "Alice Ahmed"]);

    // Profile authors link to their page; the inline author has no link.
    let links: Vec<(String, String)> = byline
        .select(&sel("a.author"))
        .map(|a| (text(a), attr(a, "href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            ("Bob Baker".to_string(), "/authors/bob-baker/".to_string()),
            (
                "Alice Ahmed".to_string(),
                "/authors/alice-ahmed/".to_string()
            ),
        ]
    );
    let all_links: Vec<String> = byline.select(&sel("a")).map(text).collect();
    assert!(
        !all_links.iter().any(|n| n.contains("Carol")),
        "inline author is linked: {all_links:?}"
    );
    let inline = byline
        .select(&sel(".author-name"))
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(inline, ["Carol Chen"]);

    // The shape readers see.
    assert_eq!(text(byline), "By Bob Baker, Carol Chen and Alice Ahmed");
}

#[test]
fn every_byline_link_leads_to_an_author_page() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/three-authors/");
    for a in select(&doc, "p.byline a.author") {
        let href = attr(a, "href").unwrap();
        assert!(site.exists(href), "{href} was not written");
        let author = site.page(href);
        assert_eq!(text(one(&author, "h1")), text(a));
    }
}

#[test]
fn single_author_byline_has_no_separator() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/profile-note/");
    assert_eq!(text(one(&doc, "p.byline")), "By Alice Ahmed");
}

#[test]
fn author_note_comes_from_the_profile() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/profile-note/");
    let note = one(&doc, "aside.author-note");
    let p = note.select(&sel("p")).map(text).collect::<Vec<_>>();
    assert_eq!(p, ["Alice Ahmed is a senior fellow at the Test Institute."]);
    // The note is inline markdown.
    let em: Vec<String> = note.select(&sel("em")).map(text).collect();
    assert_eq!(em, ["senior fellow"]);
}

#[test]
fn author_notes_of_several_authors_follow_byline_order() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/three-authors/");
    let note = one(&doc, "aside.author-note");
    let paragraphs: Vec<String> = note.select(&sel("p")).map(text).collect();
    assert_eq!(
        paragraphs,
        [
            "Bob Baker writes for the institute as a volunteer.",
            "Alice Ahmed is a senior fellow at the Test Institute.",
        ]
    );
}

#[test]
fn author_note_in_the_article_overrides_the_profile() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/note-override/");
    let note = text(one(&doc, "aside.author-note"));
    assert!(
        note.contains("This piece was written in a personal capacity."),
        "{note}"
    );
    assert!(
        !note.contains("senior fellow"),
        "profile note still shown: {note}"
    );
    assert_eq!(
        texts(&doc, "aside.author-note em"),
        ["in a personal capacity"]
    );
}

#[test]
fn no_note_no_aside() {
    let site = fixture("bylines");
    site.build_ok();
    let doc = site.page("/commentary/no-note/");
    assert_eq!(count(&doc, "aside.author-note"), 0);
    assert_eq!(text(one(&doc, "p.byline")), "By Zara Zaidi");
}
