//! Which pages a site has: home, sections with pagination, authors, tags,
//! series, 404, article bundles with their files, drafts and scheduled
//! articles.

use std::collections::BTreeSet;

use crate::common::*;
use scraper::Html;

fn built() -> TestSite {
    let site = fixture("pages");
    site.build_ok();
    site
}

#[test]
fn home_page_lists_the_latest_articles() {
    let site = built();
    let doc = site.page("/");
    assert_eq!(text(one(&doc, "h1")), "Welcome to the Pages Test");
    assert!(text(one(&doc, ".intro-text")).contains("The home page text."));
    let titles = texts(&doc, ".latest .card-title");
    assert_eq!(
        titles[..2],
        ["Second Look".to_string(), "First Look".to_string()]
    );
    assert_eq!(text(one(&doc, "head > title")), "Pages Test");
}

#[test]
fn every_page_kind_is_written() {
    let site = built();
    for url in [
        "/",
        "/commentary/",
        "/commentary/first-look/",
        "/commentary/second-look/",
        "/briefs/",
        "/briefs/brief-1/",
        "/analysis/",
        "/analysis/trade-flows/",
        "/authors/",
        "/authors/alice-ahmed/",
        "/authors/bob-baker/",
        "/tags/",
        "/tags/pakistan/",
        "/tags/water-security/",
        "/series/border-economies/",
        "/404.html",
        "/style.css",
        "/atom.xml",
        "/commentary/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
    ] {
        assert!(site.exists(url), "{url} was not written");
    }
}

#[test]
fn each_html_page_has_exactly_one_h1() {
    let site = built();
    for (path, bytes) in snapshot_files(&site.public()) {
        if path.extension().is_some_and(|x| x == "html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
            assert_eq!(
                count(&doc, "h1"),
                1,
                "{} has {} h1 elements",
                path.display(),
                count(&doc, "h1")
            );
        }
    }
}

#[test]
fn the_article_title_is_the_only_h1() {
    let site = built();
    let doc = site.page("/commentary/first-look/");
    assert_eq!(texts(&doc, "h1"), ["First Look"]);
    assert_eq!(count(&doc, "article h1"), 1);
}

#[test]
fn section_pages_are_paginated() {
    let site = built();
    let pages = ["/briefs/", "/briefs/page/2/", "/briefs/page/3/"];
    let mut seen = Vec::new();
    for (n, url) in pages.iter().enumerate() {
        assert!(site.exists(url), "{url} was not written");
        let doc = site.page(url);
        let titles = texts(&doc, ".card-title");
        assert_eq!(titles.len(), if n < 2 { 2 } else { 1 }, "{url}: {titles:?}");
        seen.extend(titles);
        // Links to the previous and next page exist and lead to written pages.
        for a in select(&doc, "nav.pagination a") {
            let href = attr(a, "href").unwrap();
            assert!(
                site.exists(href),
                "{url} links to {href}, which was not written"
            );
        }
        let next = select(&doc, "nav.pagination a[rel=\"next\"]")
            .first()
            .and_then(|a| attr(*a, "href"));
        let prev = select(&doc, "nav.pagination a[rel=\"prev\"]")
            .first()
            .and_then(|a| attr(*a, "href"));
        assert_eq!(next, pages.get(n + 1).copied(), "{url}");
        assert_eq!(prev, n.checked_sub(1).map(|p| pages[p]), "{url}");
    }
    // Newest first, each article once.
    assert_eq!(
        seen,
        ["Brief 5", "Brief 4", "Brief 3", "Brief 2", "Brief 1"]
    );
    assert!(!site.exists("/briefs/page/4/"));
    assert!(
        !site.exists("/briefs/page/1/"),
        "page 1 is the section's own URL"
    );
}

#[test]
fn section_page_lists_its_articles_only() {
    let site = built();
    let doc = site.page("/commentary/");
    assert_eq!(text(one(&doc, "h1")), "Commentary");
    assert_eq!(texts(&doc, ".card-title"), ["Second Look", "First Look"]);
    assert_eq!(count(&doc, "nav.pagination"), 0);
}

#[test]
fn author_pages_and_author_index() {
    let site = built();
    let alice = site.page("/authors/alice-ahmed/");
    assert_eq!(text(one(&alice, "h1")), "Alice Ahmed");
    assert_eq!(text(one(&alice, ".affiliation")), "Test Institute");
    assert!(text(one(&alice, ".bio")).contains("Alice writes a biography."));
    let mut titles = texts(&alice, ".card-title");
    titles.sort();
    assert_eq!(titles, ["First Look", "Second Look", "Trade Flows"]);

    let index = site.page("/authors/");
    let links: Vec<(String, String)> = select(&index, "a.person-name")
        .into_iter()
        .map(|a| (text(a), attr(a, "href").unwrap().to_string()))
        .collect();
    // Sorted by family name.
    assert_eq!(
        links,
        [
            (
                "Alice Ahmed".to_string(),
                "/authors/alice-ahmed/".to_string()
            ),
            ("Bob Baker".to_string(), "/authors/bob-baker/".to_string()),
        ]
    );
}

#[test]
fn tag_pages_and_tag_index() {
    let site = built();
    let tag = site.page("/tags/pakistan/");
    assert_eq!(text(one(&tag, "h1")), "Pakistan");
    assert_eq!(texts(&tag, ".card-title"), ["Second Look", "First Look"]);
    let water = site.page("/tags/water-security/");
    assert_eq!(text(one(&water, "h1")), "Water Security");
    assert_eq!(texts(&water, ".card-title"), ["First Look"]);

    let index = site.page("/tags/");
    let hrefs: Vec<&str> = select(&index, "main a[rel=\"tag\"]")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert_eq!(hrefs, ["/tags/pakistan/", "/tags/water-security/"]);
    // The article links to its tags.
    let article = site.page("/commentary/first-look/");
    let tag_links: Vec<&str> = select(&article, ".article-tags a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert_eq!(tag_links, ["/tags/pakistan/", "/tags/water-security/"]);
}

#[test]
fn series_page_lists_parts_oldest_first() {
    let site = built();
    let doc = site.page("/series/border-economies/");
    assert_eq!(text(one(&doc, "h1")), "Border economies");
    assert_eq!(texts(&doc, ".card-title"), ["First Look", "Second Look"]);
    assert_eq!(texts(&doc, ".lede em"), ["borders"]);
    let article = site.page("/commentary/second-look/");
    let nav = one(&article, "nav.series-nav");
    assert_eq!(
        attr(nav.select(&sel("a")).next().unwrap(), "href"),
        Some("/series/border-economies/")
    );
    assert!(text(nav).contains("Part 2 of 2"), "{}", text(nav));
}

#[test]
fn not_found_page() {
    let site = built();
    let doc = site.page("/404.html");
    assert_eq!(text(one(&doc, "h1")), "Page not found");
    assert!(
        select(&doc, "meta[name=\"robots\"]")
            .iter()
            .any(|m| attr(*m, "content") == Some("noindex"))
    );
}

#[test]
fn bundle_is_a_page_and_its_files_are_copied() {
    let site = built();
    let doc = site.page("/analysis/trade-flows/");
    assert_eq!(text(one(&doc, "h1")), "Trade Flows");
    let data = site.public().join("analysis/trade-flows/data.csv");
    assert_eq!(
        std::fs::read(&data).unwrap(),
        std::fs::read(site.path("content/analysis/trade-flows/data.csv")).unwrap()
    );
    // The relative link in the body resolves next to the page.
    let href = attr(one(&doc, ".article-body a"), "href").unwrap();
    assert_eq!(href, "data.csv");
    // A bundle folder is not a section.
    assert!(!site.exists("/analysis/trade-flows/page/2/"));
    assert!(!site.public().join("analysis/trade-flows/index.md").exists());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = fixture("pages");
    let report = site.build_ok();
    assert!(!site.exists("/commentary/draft-piece/"));
    assert_eq!(report.drafts_skipped, 1);
    assert!(!texts(&site.page("/commentary/"), ".card-title").contains(&"Draft Piece".to_string()));

    let report = site.build_ok_with(&folio::BuildOptions {
        drafts: true,
        ..site.options()
    });
    assert_eq!(report.drafts_skipped, 0);
    let doc = site.page("/commentary/draft-piece/");
    assert_eq!(text(one(&doc, "h1")), "Draft Piece");
    assert_eq!(count(&doc, ".draft-banner"), 1, "a draft is marked as such");
}

#[test]
fn future_articles_are_scheduled_unless_asked_for() {
    let site = fixture("pages");
    let report = site.build_ok();
    assert!(!site.exists("/commentary/coming-soon/"));
    let scheduled: Vec<(String, String)> = report
        .scheduled
        .iter()
        .map(|(p, d)| (p.display().to_string(), d.iso()))
        .collect();
    assert_eq!(
        scheduled,
        [(
            "content/commentary/coming-soon.md".to_string(),
            "2026-03-01".to_string()
        )]
    );
    assert!(!texts(&site.page("/"), ".card-title").contains(&"Coming Soon".to_string()));

    let report = site.build_ok_with(&folio::BuildOptions {
        future: true,
        ..site.options()
    });
    assert!(report.scheduled.is_empty());
    let doc = site.page("/commentary/coming-soon/");
    assert_eq!(text(one(&doc, "h1")), "Coming Soon");
}

#[test]
fn scheduling_depends_on_now() {
    // The same article is published once "now" has passed its date.
    let site = fixture("pages");
    let later = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 0, 0, 0).unwrap();
    let report = site.build_ok_with(&folio::BuildOptions {
        now: later,
        ..site.options()
    });
    assert!(report.scheduled.is_empty());
    assert!(site.exists("/commentary/coming-soon/"));
}

/// Local `href`/`src` of every HTML page that lead to no file of the output.
fn broken_links(site: &TestSite) -> BTreeSet<String> {
    let files = snapshot_files(&site.public());
    let written: BTreeSet<String> = files.keys().map(|p| format!("/{}", p.display())).collect();
    let mut broken = BTreeSet::new();
    for (path, bytes) in &files {
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let page_url = format!("/{}", path.display());
        let page_dir = &page_url[..=page_url.rfind('/').unwrap()];
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for e in select(&doc, "[href], [src]") {
            let link = attr(e, "href").or_else(|| attr(e, "src")).unwrap();
            if link.starts_with('#') || link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let link = link.split(['#', '?']).next().unwrap();
            let mut target = if link.starts_with('/') {
                link.to_string()
            } else {
                format!("{page_dir}{link}")
            };
            if target.ends_with('/') {
                target.push_str("index.html");
            }
            if !written.contains(&target) {
                broken.insert(format!("{page_url} -> {link}"));
            }
        }
    }
    broken
}

fn assert_no_broken_links(site: &TestSite) {
    let broken = broken_links(site);
    assert!(
        broken.is_empty(),
        "links to files that were not written:\n{}",
        broken.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_local_link_resolves() {
    let site = built();
    assert_no_broken_links(&site);
}

/// A summary taken from the body's first paragraph is shown on list pages
/// (home, section, author, tag): a link relative to the article must still
/// lead to the article's file there.
#[test]
fn relative_links_in_summaries_resolve_on_list_pages() {
    let site = fixture("pages");
    site.write(
        "content/analysis/trade-flows/index.md",
        "---\ntitle: \"Trade Flows\"\ndate: 2025-07-15\nauthors: [alice-ahmed]\n---\n\nSee [the data](data.csv).\n",
    );
    site.build_ok();
    // The article page itself is fine.
    let doc = site.page("/analysis/trade-flows/");
    assert_eq!(attr(one(&doc, ".article-body a"), "href"), Some("data.csv"));
    assert_no_broken_links(&site);
}

#[test]
fn author_page_shows_the_biography_or_else_the_note_never_both() {
    let site = fixture("minimal");
    site.write(
        "content/authors/alice-ahmed.md",
        "---\nname: Alice Ahmed\nnote: \"The author, Alice Ahmed, writes for the Test Institute.\"\n---\n\nAlice writes about water.\n",
    );
    site.write(
        "content/authors/bob-baker.md",
        "---\nname: Bob Baker\nnote: \"The author, Bob Baker, is a guest.\"\n---\n",
    );
    site.write(
        "content/commentary/bob.md",
        "---\ntitle: Bob's\ndate: 2025-11-05\nauthors: [bob-baker]\n---\n\nText.\n",
    );
    site.build_ok();
    let alice = site.page("/authors/alice-ahmed/");
    assert_eq!(texts(&alice, ".bio"), ["Alice writes about water."]);
    assert!(
        !site
            .read("/authors/alice-ahmed/")
            .contains("writes for the Test Institute"),
        "the note is shown beside the biography"
    );
    let bob = site.page("/authors/bob-baker/");
    assert_eq!(texts(&bob, ".bio"), ["The author, Bob Baker, is a guest."]);
    // The note is still under the articles.
    let article = site.page("/commentary/hello/");
    assert!(text(one(&article, "aside.author-note")).contains("writes for the Test Institute"));
}

#[test]
fn every_page_links_a_favicon_that_exists() {
    // The theme's by default.
    let site = fixture("minimal");
    site.build_ok();
    for url in ["/", "/commentary/hello/", "/authors/", "/404.html"] {
        let doc = site.page(url);
        let href = attr(one(&doc, "link[rel=\"icon\"]"), "href").unwrap();
        assert_eq!(href, "/favicon.svg", "{url}");
    }
    assert!(site.read("/favicon.svg").starts_with("<svg"));
    // The site's own, from static/.
    site.write("static/favicon.png", b"\x89PNG fake".as_slice());
    site.build_ok();
    let doc = site.page("/");
    assert_eq!(
        attr(one(&doc, "link[rel=\"icon\"]"), "href"),
        Some("/favicon.png")
    );
    assert!(site.exists("/favicon.png"));
    // Named in site.toml.
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[theme]\nfavicon = \"/brand/icon.svg\"\n"),
    );
    site.write("static/brand/icon.svg", "<svg/>");
    site.build_ok();
    let doc = site.page("/");
    let icon = one(&doc, "link[rel=\"icon\"]");
    assert_eq!(attr(icon, "href"), Some("/brand/icon.svg"));
    assert_eq!(attr(icon, "type"), Some("image/svg+xml"));
}

#[test]
fn the_footer_credit_can_be_switched_off() {
    let site = fixture("minimal");
    site.build_ok();
    assert_eq!(text(one(&site.page("/"), ".colophon")), "Built with folio");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[theme]\ncredit = false\n"));
    site.build_ok();
    for url in ["/", "/commentary/hello/", "/404.html"] {
        assert_eq!(count(&site.page(url), ".colophon"), 0, "{url}");
    }
    // Anything but true or false is a mistake in site.toml, said so.
    site.write("site.toml", format!("{toml}\n[theme]\ncredit = \"no\"\n"));
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(
        errors[0].message,
        "`credit` under [theme] must be true or false"
    );
    assert_eq!(errors[0].line, 8, "{}", errors[0]);
}
