//! `corrections:` in front matter, read back from the output: the notice at
//! the top of the article and the log at its end (HTML parsed with
//! scraper), JSON-LD's `dateModified` and `correction` (serde_json), the
//! feeds' `updated` (feed-rs) and the sitemap's `lastmod` (roxmltree), the
//! `/corrections/` page and feed of each edition, a retraction marked in
//! every list, a translation whose original changed since, and each kind
//! of bad entry as an error at its place.

use crate::common::*;
use feed_rs::model::Feed;
use folio::Diagnostic;
use folio::check_command::{self, CheckOptions};
use serde_json::Value;

const BASE: &str = "https://test.example.org";

const WATER: &str = r#"---
title: "Sharing the river"
date: 2025-10-20
authors: [bob-baker]
summary: "A treaty would help."
tags: [Water]
corrections:
  - date: 2025-10-28
    kind: clarification
    text: "The *treaty* meant here is the 1960 one. <b>not bold</b>"
  - date: 2025-10-25
    text: "The flow was 40 per cent, not 14 per cent, of the [river](figures.csv)."
---

A treaty would help both sides.
"#;

const RETRACTED: &str = r#"---
title: "A flawed survey"
date: 2025-10-10
authors: [alice-ahmed]
summary: "Survey results."
tags: [Trade]
corrections:
  - date: 2025-10-12
    kind: correction
    text: "A table heading was wrong."
  - date: 2025-11-15
    kind: retraction
    text: "The survey's sample was not what we described; we retract this article."
---

The survey found many things.
"#;

fn site() -> TestSite {
    let site = fixture("bilingual");
    site.write("content/analysis/water.md", WATER);
    site.write("content/analysis/survey.md", RETRACTED);
    site
}

fn jsonld(doc: &scraper::Html) -> Value {
    let script = one(doc, "script[type=\"application/ld+json\"]");
    serde_json::from_str(&script.inner_html()).unwrap()
}

fn feed(site: &TestSite, url: &str) -> Feed {
    let text = site.read(url);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn the_latest_entry_is_noticed_at_the_top_and_every_entry_logged_oldest_first() {
    let site = site();
    site.build_ok();
    let doc = site.page("/analysis/water/");
    let notice = one(&doc, ".correction-notice");
    assert!(
        text(notice).starts_with("Clarification"),
        "{}",
        text(notice)
    );
    assert_eq!(
        attr(one(&doc, ".correction-notice time"), "datetime"),
        Some("2025-10-28")
    );
    let to_log = one(&doc, ".correction-notice a[href='#corrections']");
    assert_eq!(text(to_log), "See all corrections to this article");
    // The notice comes before the article's header, the log after its body.
    let order: Vec<String> = select(
        &doc,
        ".correction-notice, .article-header, .corrections-log",
    )
    .into_iter()
    .map(|e| e.value().attr("class").unwrap().to_string())
    .collect();
    assert_eq!(
        order,
        ["correction-notice", "article-header", "corrections-log"]
    );
    let ids: Vec<&str> = select(&doc, "#corrections li")
        .into_iter()
        .filter_map(|li| attr(li, "id"))
        .collect();
    assert_eq!(ids, ["correction-1", "correction-2"]);
    let dates = select(&doc, "#corrections li time")
        .into_iter()
        .filter_map(|t| attr(t, "datetime"))
        .collect::<Vec<_>>();
    assert_eq!(dates, ["2025-10-25", "2025-10-28"], "oldest first");
    let first = one(&doc, "#correction-1");
    assert!(
        text(first).starts_with("Correction"),
        "kind defaults to correction"
    );
    assert_eq!(count(&doc, "#correction-2 .correction-text em"), 1);
    // Raw HTML in front matter is shown as text, as in `summary`.
    assert_eq!(count(&doc, "#correction-2 b"), 0);
    assert!(text(one(&doc, "#correction-2")).contains("<b>not bold</b>"));
    assert_anchors_resolve(&doc, ".correction-notice a");
    let footer = one(&doc, ".site-footer a[href='/corrections/']");
    assert_eq!(text(footer), "Corrections");
}

#[test]
fn json_ld_says_when_and_what_was_corrected() {
    let site = site();
    site.build_ok();
    let ld = jsonld(&site.page("/analysis/water/"));
    assert_eq!(ld["datePublished"], "2025-10-20");
    assert_eq!(ld["dateModified"], "2025-10-28");
    let c = ld["correction"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["@type"], "CorrectionComment");
    assert_eq!(c[0]["datePublished"], "2025-10-25");
    assert_eq!(
        c[0]["text"],
        "The flow was 40 per cent, not 14 per cent, of the river."
    );
    assert_eq!(c[1]["datePublished"], "2025-10-28");
    // An article without corrections says none.
    let ld = jsonld(&site.page("/analysis/trade/"));
    assert!(ld.get("correction").is_none());
}

#[test]
fn feeds_and_sitemap_date_the_article_by_its_last_correction() {
    let site = site();
    site.build_ok();
    let atom = feed(&site, "/atom.xml");
    let water = atom
        .entries
        .iter()
        .find(|e| e.links[0].href == format!("{BASE}/analysis/water/"))
        .unwrap();
    assert_eq!(
        water.updated.unwrap().to_rfc3339(),
        "2025-10-27T19:00:00+00:00",
        "2025-10-28 in Asia/Karachi"
    );
    assert_eq!(
        water.published.unwrap().to_rfc3339(),
        "2025-10-19T19:00:00+00:00"
    );
    let sitemap = site.read("/sitemap.xml");
    let xml = roxmltree::Document::parse(&sitemap).unwrap();
    let lastmod = xml
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|u| {
            u.children().any(|c| {
                c.has_tag_name("loc") && c.text() == Some(&format!("{BASE}/analysis/water/"))
            })
        })
        .and_then(|u| u.children().find(|c| c.has_tag_name("lastmod")))
        .and_then(|l| l.text())
        .unwrap()
        .to_string();
    assert_eq!(lastmod, "2025-10-28T00:00:00+05:00");
    let listed: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(listed.contains(&"https://test.example.org/corrections/"));
    assert!(listed.contains(&"https://test.example.org/ur/corrections/"));
}

#[test]
fn each_edition_has_its_corrections_page_and_feed() {
    let site = site();
    site.write(
        "content/analysis/markets.ur.md",
        "---\ntitle: \"سرحدی منڈیاں\"\ndate: 2025-11-03\nauthors: [bob-baker]\nsummary: \"خلاصہ\"\ncorrections:\n  - date: 2025-11-05\n    kind: update\n    text: \"نئے اعداد شامل کیے گئے۔\"\n---\n\nمتن۔\n",
    );
    site.build_ok();

    let en = site.page("/corrections/");
    assert_eq!(text(one(&en, "h1")), "Corrections");
    let links: Vec<&str> = select(&en, ".corrections-list .card-title a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    // Newest first, each to its entry in the article's log.
    assert_eq!(
        links,
        [
            "/analysis/survey/#correction-2",
            "/analysis/water/#correction-2",
            "/analysis/water/#correction-1",
            "/analysis/survey/#correction-1",
        ]
    );
    // A link relative to the article still leads beside the article.
    assert_eq!(
        count(
            &en,
            ".corrections-list a[href='/analysis/water/figures.csv']"
        ),
        1
    );
    assert_eq!(
        attr(
            one(&en, "link[rel=alternate][href='/corrections/atom.xml']"),
            "type"
        ),
        Some("application/atom+xml")
    );
    let f = feed(&site, "/corrections/atom.xml");
    assert_eq!(f.entries.len(), 4);
    assert_eq!(
        f.entries[0].id,
        format!("{BASE}/analysis/survey/#correction-2")
    );
    assert!(
        f.entries[0]
            .title
            .as_ref()
            .unwrap()
            .content
            .contains("A flawed survey")
    );
    assert_eq!(
        f.entries[1].updated.unwrap().to_rfc3339(),
        "2025-10-27T19:00:00+00:00"
    );

    let ur = site.page("/ur/corrections/");
    assert_eq!(attr(one(&ur, "html"), "lang"), Some("ur"));
    assert_eq!(text(one(&ur, "h1")), "تصحیحات");
    let links: Vec<&str> = select(&ur, ".corrections-list .card-title a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert_eq!(links, ["/ur/analysis/markets/#correction-1"]);
    assert_eq!(text(one(&ur, ".correction-kind")), "تازہ کاری");
    // Each is the other's translation: the switcher and hreflang say so.
    let other: Vec<&str> = select(&ur, "nav.language-switcher a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert_eq!(other, ["/corrections/", "/ur/corrections/"]);
    assert_eq!(
        count(
            &en,
            "link[rel=alternate][hreflang=ur][href='https://test.example.org/ur/corrections/']"
        ),
        1
    );
    let f = feed(&site, "/ur/corrections/atom.xml");
    assert_eq!(f.entries.len(), 1);
    assert_eq!(f.language.as_deref(), Some("ur"));
}

#[test]
fn a_site_without_corrections_says_so() {
    let site = fixture("bilingual");
    site.build_ok();
    let doc = site.page("/corrections/");
    assert_eq!(
        text(one(&doc, ".empty")),
        "No corrections have been published."
    );
    assert!(feed(&site, "/corrections/atom.xml").entries.is_empty());
}

#[test]
fn a_retraction_is_marked_wherever_the_article_is_listed() {
    let site = site();
    // Related reading: another article of its tag.
    site.write(
        "content/analysis/survey-2.md",
        "---\ntitle: \"Another survey\"\ndate: 2025-10-11\nauthors: [alice-ahmed]\nsummary: \"More.\"\ntags: [Trade]\n---\n\nText.\n",
    );
    site.build_ok();
    let doc = site.page("/analysis/survey/");
    let banner = one(&doc, ".correction-notice.retraction-banner");
    assert!(text(banner).starts_with("This article has been retracted"));
    assert!(text(one(&doc, ".article-body")).contains("The survey found many things."));
    assert_eq!(count(&doc, "article.article.is-retracted"), 1);

    for list in ["/", "/analysis/", "/tags/trade/", "/authors/alice-ahmed/"] {
        let doc = site.page(list);
        let cards: Vec<_> = select(&doc, ".card")
            .into_iter()
            .filter(|c| {
                c.select(&sel(".card-title a"))
                    .any(|a| attr(a, "href") == Some("/analysis/survey/"))
            })
            .collect();
        assert_eq!(cards.len(), 1, "{list} lists the article once");
        let badge = cards[0].select(&sel(".badge-retracted")).next();
        assert_eq!(badge.map(text).as_deref(), Some("Retracted"), "{list}");
        // The others are not marked.
        assert_eq!(count(&doc, ".badge-retracted"), 1, "{list}");
    }
    let related = site.page("/analysis/survey-2/");
    let marked: Vec<String> = select(&related, ".related li")
        .into_iter()
        .filter(|li| li.select(&sel(".badge-retracted")).next().is_some())
        .map(|li| text(li.select(&sel("a")).next().unwrap()))
        .collect();
    assert_eq!(marked, ["A flawed survey"]);

    for url in ["/atom.xml", "/rss.xml", "/tags/trade/atom.xml"] {
        let f = feed(&site, url);
        let titles: Vec<String> = f
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert!(
            titles.contains(&"[Retracted] A flawed survey".to_string()),
            "{url}: {titles:?}"
        );
        assert!(titles.contains(&"Another survey".to_string()), "{url}");
    }
}

fn check_site(site: &TestSite) -> Vec<Diagnostic> {
    let opts = CheckOptions {
        root: Some(site.root.clone()),
        now: now(),
        ..CheckOptions::new(&site.root)
    };
    check_command::check(&opts).unwrap().diagnostics.0
}

fn stale(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter()
        .filter(|d| d.code == Some("stale-translation"))
        .collect()
}

#[test]
fn a_translation_older_than_its_originals_correction_says_so() {
    let site = fixture("bilingual");
    site.write(
        "content/analysis/trade.md",
        "---\ntitle: \"Trade across the border\"\ndate: 2025-11-01\nauthors: [alice-ahmed]\nsummary: \"Trade fell by half.\"\ncorrections:\n  - date: 2025-11-20\n    text: \"Trade fell by a third, not by half.\"\n---\n\nTrade fell by a third.\n",
    );
    site.build_ok();
    let doc = site.page("/ur/analysis/trade/");
    let notice = one(&doc, ".stale-translation");
    assert_eq!(
        text(one(&doc, ".stale-translation strong")),
        "اصل متن بدل گیا ہے"
    );
    let link = notice.select(&sel("a")).next().unwrap();
    assert_eq!(attr(link, "href"), Some("/analysis/trade/"));
    assert_eq!(attr(link, "hreflang"), Some("en"));
    assert_eq!(
        attr(notice.select(&sel("bdi")).next().unwrap(), "lang"),
        Some("en")
    );
    assert_eq!(
        attr(notice.select(&sel("time")).next().unwrap(), "datetime"),
        Some("2025-11-20")
    );
    // The original itself has no such notice.
    assert_eq!(
        count(&site.page("/analysis/trade/"), ".stale-translation"),
        0
    );

    let d = check_site(&site);
    let found = stale(&d);
    assert_eq!(found.len(), 1, "{}", show(&d));
    assert_eq!(
        found[0].file.to_string_lossy(),
        "content/analysis/trade.ur.md"
    );
    assert_eq!((found[0].line, found[0].column), (3, 7), "at `date:`");
    assert!(
        found[0].message.contains("2025-11-20"),
        "{}",
        found[0].message
    );

    // Brought up to date: no notice, no finding.
    let ur = std::fs::read_to_string(site.path("content/analysis/trade.ur.md")).unwrap();
    site.write(
        "content/analysis/trade.ur.md",
        ur.replace(
            "date: 2025-11-02\n",
            "date: 2025-11-02\nupdated: 2025-11-21\n",
        ),
    );
    site.build_ok();
    assert_eq!(
        count(&site.page("/ur/analysis/trade/"), ".stale-translation"),
        0
    );
    assert!(stale(&check_site(&site)).is_empty());
}

#[test]
fn an_updated_original_makes_a_translation_stale_at_its_updated_key() {
    let site = fixture("bilingual");
    let en = std::fs::read_to_string(site.path("content/analysis/trade.md")).unwrap();
    site.write(
        "content/analysis/trade.md",
        en.replace(
            "date: 2025-11-01\n",
            "date: 2025-11-01\nupdated: 2025-11-10\n",
        ),
    );
    let ur = std::fs::read_to_string(site.path("content/analysis/trade.ur.md")).unwrap();
    site.write(
        "content/analysis/trade.ur.md",
        ur.replace(
            "date: 2025-11-02\n",
            "date: 2025-11-02\nupdated: 2025-11-04\n",
        ),
    );
    let d = check_site(&site);
    let found = stale(&d);
    assert_eq!(found.len(), 1, "{}", show(&d));
    assert_eq!(found[0].line, 4, "at `updated:`");
}

fn errors_of(header: &str) -> Vec<Diagnostic> {
    let site = fixture("bilingual");
    site.write(
        "content/analysis/water.md",
        format!("---\ntitle: \"Sharing the river\"\ndate: 2025-10-20\nauthors: [bob-baker]\n{header}---\n\nText.\n"),
    );
    site.build_err()
}

fn places(d: &[Diagnostic]) -> Vec<(usize, usize, String)> {
    d.iter()
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect()
}

#[test]
fn a_misspelt_kind_is_an_error_with_a_suggestion() {
    let d = errors_of("corrections:\n  - date: 2025-10-25\n    kind: corection\n    text: \"x\"\n");
    assert_eq!(
        places(&d),
        [(7, 11, "`corection` is not a kind of correction".to_string())]
    );
    assert!(
        d[0].help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `correction`?")
    );
    assert!(d[0].file.ends_with("content/analysis/water.md"));
}

#[test]
fn every_bad_entry_is_reported_at_once_at_its_place() {
    let d = errors_of(concat!(
        "corrections:\n",
        "  - kind: update\n", // line 6: no date
        "    text: \"x\"\n",
        "  - date: 2025-10-25\n", // line 8: no text
        "  - date: 2025-09-01\n", // line 9: before the article
        "    text: \"x\"\n",
        "  - date: 2025-10-26\n",
        "    kind: retraction\n",
        "    text: \"retracted\"\n",
        "  - date: 2025-10-30\n", // after the retraction
        "    text: \"later\"\n",
    ));
    let found = places(&d);
    assert_eq!(found.len(), 4, "{}", show(&d));
    assert_eq!(found[0].0, 6);
    assert!(found[0].2.contains("no `date`"));
    assert_eq!(found[1].0, 8);
    assert!(found[1].2.contains("no `text`"));
    assert_eq!((found[2].0, found[2].1), (9, 11));
    assert!(
        found[2]
            .2
            .contains("before the article was published (2025-10-20)")
    );
    assert_eq!((found[3].0, found[3].1), (11, 11));
    assert!(found[3].2.contains("retraction must be the latest"));
}

#[test]
fn an_unknown_key_in_an_entry_is_named() {
    let d = errors_of("corrections:\n  - date: 2025-10-25\n    txt: \"x\"\n");
    assert_eq!(d.len(), 1, "{}", show(&d));
    assert_eq!(d[0].line, 7);
    assert!(d[0].message.contains("txt"), "{}", d[0].message);
}

#[test]
fn a_correction_dated_in_the_future_is_a_finding_of_the_check() {
    let site = fixture("bilingual");
    let en = std::fs::read_to_string(site.path("content/analysis/water.md")).unwrap();
    site.write(
        "content/analysis/water.md",
        en.replacen(
            "summary:",
            "corrections:\n  - date: 2026-10-25\n    text: \"x\"\nsummary:",
            1,
        ),
    );
    let d = check_site(&site);
    let future: Vec<&Diagnostic> = d.iter().filter(|d| d.code == Some("future-date")).collect();
    assert_eq!(future.len(), 1, "{}", show(&d));
    assert_eq!(future[0].line, 5, "at `corrections:`");
    assert!(future[0].message.contains("2026-10-25"));
}
