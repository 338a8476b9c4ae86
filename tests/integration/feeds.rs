//! Every feed, read back with a feed parser (feed-rs), never grepped: the
//! site's Atom feed and its RSS 2.0 twin, a section's, an author's and a
//! tag's; entries newest first, with their authors and absolute links;
//! drafts never in them; the length from site.toml; and the
//! `<link rel="alternate">` in the heads of the pages they follow.

use crate::common::{TestSite, attr, fixture, sample_site, select};
use feed_rs::model::{Feed, FeedType};

const BASE: &str = "https://cds.example.org";

fn parse(site: &TestSite, url: &str) -> Feed {
    let text = site.read(url);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{url} does not parse: {e}"))
}

fn entry_links(feed: &Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.links.first().map(|l| l.href.clone()).unwrap_or_default())
        .collect()
}

#[test]
fn every_feed_of_the_sample_site_parses_with_absolute_links() {
    let site = sample_site();
    site.build_ok();
    let feeds = [
        "/atom.xml",
        "/rss.xml",
        "/commentary/atom.xml",
        "/authors/anum-malik/atom.xml",
        "/authors/mariam-abdul-rauf/atom.xml",
        "/tags/pakistan/atom.xml",
        "/tags/migration/atom.xml",
    ];
    for url in feeds {
        let feed = parse(&site, url);
        assert!(!feed.entries.is_empty(), "{url} has no entries");
        for link in entry_links(&feed) {
            assert!(link.starts_with(BASE), "{url}: {link} is not absolute");
            let path = link.strip_prefix(BASE).unwrap();
            assert!(site.exists(path), "{url}: {path} is not a page");
        }
        for e in &feed.entries {
            assert!(e.published.is_some(), "{url}: an entry without a date");
            assert!(e.title.is_some(), "{url}: an entry without a title");
        }
        // Newest first.
        let dates: Vec<_> = feed.entries.iter().filter_map(|e| e.published).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{url}: {dates:?}");
    }
    let rss = parse(&site, "/rss.xml");
    assert_eq!(rss.feed_type, FeedType::RSS2);
    let atom = parse(&site, "/atom.xml");
    assert_eq!(atom.feed_type, FeedType::Atom);
    assert_eq!(
        entry_links(&rss),
        entry_links(&atom),
        "RSS is the Atom feed's twin"
    );
}

#[test]
fn an_authors_feed_has_only_their_articles_with_every_author() {
    let site = sample_site();
    site.build_ok();
    let feed = parse(&site, "/authors/anum-malik/atom.xml");
    assert_eq!(
        entry_links(&feed),
        [format!("{BASE}/commentary/istanbul-talks/")]
    );
    let names: Vec<&str> = feed.entries[0]
        .authors
        .iter()
        .map(|p| p.name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Anum Malik"]);
    assert!(feed.title.unwrap().content.starts_with("Anum Malik | "));
    let rss = parse(&site, "/rss.xml");
    let entry = rss
        .entries
        .iter()
        .find(|e| e.links[0].href.ends_with("/commentary/istanbul-talks/"))
        .expect("the commentary is in the RSS feed");
    let names: Vec<&str> = entry
        .authors
        .iter()
        .map(|p| p.name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Anum Malik"], "dc:creator");
}

#[test]
fn a_tags_feed_has_the_tagged_articles() {
    let site = sample_site();
    site.build_ok();
    let feed = parse(&site, "/tags/migration/atom.xml");
    for e in &feed.entries {
        let cats: Vec<&str> = e.categories.iter().map(|c| c.term.as_str()).collect();
        assert!(cats.contains(&"migration"), "{cats:?}");
    }
}

#[test]
fn pages_name_the_feeds_that_follow_them() {
    let site = sample_site();
    site.build_ok();
    let alternates = |url: &str| -> Vec<(String, String)> {
        select(&site.page(url), "head link[rel=alternate]")
            .into_iter()
            .map(|l| {
                (
                    attr(l, "type").unwrap_or("").to_string(),
                    attr(l, "href").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let atom = "application/atom+xml".to_string();
    let rss = "application/rss+xml".to_string();
    for url in ["/", "/commentary/istanbul-talks/", "/about/"] {
        let links = alternates(url);
        assert!(
            links.contains(&(atom.clone(), "/atom.xml".into())),
            "{url}: {links:?}"
        );
        assert!(
            links.contains(&(rss.clone(), "/rss.xml".into())),
            "{url}: {links:?}"
        );
    }
    for (page, feed) in [
        ("/commentary/", "/commentary/atom.xml"),
        ("/authors/anum-malik/", "/authors/anum-malik/atom.xml"),
        ("/tags/pakistan/", "/tags/pakistan/atom.xml"),
    ] {
        let links = alternates(page);
        assert!(
            links.contains(&(atom.clone(), feed.into())),
            "{page}: {links:?}"
        );
        assert!(site.exists(feed), "{feed}");
    }
}

#[test]
fn feed_length_comes_from_site_toml_and_drafts_stay_out() {
    let site = fixture("pages");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("feed_entries = 2\n{toml}"));
    let opts = folio::BuildOptions {
        drafts: true,
        ..site.options()
    };
    site.build_ok_with(&opts);
    for url in ["/atom.xml", "/rss.xml"] {
        let feed = parse(&site, url);
        assert_eq!(feed.entries.len(), 2, "{url}");
    }
    let all = {
        site.write("site.toml", &toml);
        site.build_ok_with(&opts);
        parse(&site, "/atom.xml")
    };
    assert!(
        entry_links(&all).iter().all(|l| !l.contains("draft-piece")),
        "a draft is in the feed"
    );
}
