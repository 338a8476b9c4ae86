//! Standalone pages: `content/about.md`, or a top-level folder with an
//! `index.md` and the pages and files in it. Title and body, a place in the
//! menu, old addresses; no date or byline; in the sitemap, never in feeds
//! or lists; a page and a section cannot share an address.

use crate::common::{TestSite, attr, fixture, select, show, text, texts};

fn site_with_pages() -> TestSite {
    let site = fixture("minimal");
    site.write(
        "content/about.md",
        "---\ntitle: About us\nmenu: true\nweight: 2\naliases: [/who-we-are/]\nsummary: \"Who we are.\"\n---\n\nThe Centre was founded in 2001.\n\n## Our mission\n\nStability.\n",
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact the Centre\nmenu: \"Write to us\"\nweight: 1\n---\n\nWrite to us.\n",
    );
    site.write(
        "content/team/index.md",
        "---\ntitle: Our team\n---\n\n![The team](photo.jpg)\n\nSee [the board](board.md).\n",
    );
    site.write("content/team/photo.jpg", "not really a jpeg");
    site.write(
        "content/team/board.md",
        "---\ntitle: The board\n---\n\nBack to [about](../about.md#our-mission).\n",
    );
    site.write(
        "content/unfinished.md",
        "---\ntitle: Not yet\ndraft: true\n---\n\nLater.\n",
    );
    site
}

#[test]
fn pages_are_published_with_their_title_and_body() {
    let site = site_with_pages();
    site.build_ok();
    let about = site.page("/about/");
    assert_eq!(texts(&about, "main h1"), ["About us"]);
    assert!(text(select(&about, "main .article-body")[0]).contains("founded in 2001"));
    assert_eq!(
        attr(select(&about, "meta[name=description]")[0], "content"),
        Some("Who we are.")
    );
    // A page folder: its index, a page inside it, and its files.
    assert_eq!(texts(&site.page("/team/"), "main h1"), ["Our team"]);
    assert_eq!(texts(&site.page("/team/board/"), "main h1"), ["The board"]);
    assert!(site.exists("/team/photo.jpg"));
    // Source links between pages become their addresses.
    let team = site.page("/team/");
    assert_eq!(
        attr(select(&team, ".article-body a")[0], "href"),
        Some("/team/board/")
    );
    let board = site.page("/team/board/");
    assert_eq!(
        attr(select(&board, ".article-body a")[0], "href"),
        Some("/about/#our-mission")
    );
}

#[test]
fn pages_marked_menu_are_in_the_menu_by_weight() {
    let site = site_with_pages();
    site.build_ok();
    let home = site.page("/");
    let nav: Vec<String> = texts(&home, ".site-nav a");
    let contact = nav
        .iter()
        .position(|n| n == "Write to us")
        .expect("contact in the menu");
    let about = nav
        .iter()
        .position(|n| n == "About us")
        .expect("about in the menu");
    assert!(contact < about, "weight 1 before weight 2: {nav:?}");
    assert!(
        !nav.iter().any(|n| n == "Our team"),
        "not marked menu: {nav:?}"
    );
}

#[test]
fn pages_are_in_the_sitemap_but_never_in_feeds_or_lists() {
    let site = site_with_pages();
    site.build_ok();
    let sitemap = site.read("/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for url in ["/about/", "/contact/", "/team/", "/team/board/"] {
        assert!(
            locs.iter().any(|l| l.ends_with(url)),
            "{url} not in {locs:?}"
        );
    }
    let feed = site.read("/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert!(!titles.iter().any(|t| t.contains("About")), "{titles:?}");
    let home = site.page("/");
    assert!(
        !texts(&home, ".card-title")
            .iter()
            .any(|t| t.contains("About"))
    );
}

#[test]
fn a_page_keeps_its_old_address_and_a_draft_waits() {
    let site = site_with_pages();
    site.build_ok();
    let old = site.page("/who-we-are/");
    let refresh = attr(select(&old, "meta[http-equiv=refresh]")[0], "content").unwrap();
    assert!(refresh.ends_with("/about/"), "{refresh}");
    assert!(
        !site.exists("/unfinished/"),
        "a draft page is not published"
    );
    let mut opts = site.options();
    opts.drafts = true;
    site.build_ok_with(&opts);
    assert!(site.exists("/unfinished/"));
}

#[test]
fn a_page_and_a_section_cannot_share_an_address() {
    let site = fixture("minimal");
    site.write(
        "content/commentary.md",
        "---\ntitle: Commentary page\n---\n\nText.\n",
    );
    let errors = site.build_err();
    let clash = errors
        .iter()
        .find(|e| e.message.contains("/commentary/ would be written twice"))
        .unwrap_or_else(|| panic!("no clash reported:\n{}", show(&errors)));
    assert_eq!(clash.file, std::path::Path::new("content/commentary.md"));
    assert!(clash.message.contains("content/commentary"), "{clash}");
}

#[test]
fn a_page_header_is_checked_like_any_other() {
    let site = fixture("minimal");
    site.write("content/about.md", "---\ndate: 2025-01-01\n---\n\nText.\n");
    let errors = site.build_err();
    let unknown = errors
        .iter()
        .find(|e| e.file.ends_with("about.md") && e.message.contains("date"))
        .unwrap_or_else(|| panic!("{}", show(&errors)));
    assert_eq!(unknown.line, 2, "{unknown}");
    assert!(
        unknown.help.as_deref().unwrap_or("").contains("title"),
        "the help names the page keys: {unknown}"
    );
}

#[test]
fn a_broken_anchor_into_a_page_is_found() {
    let site = site_with_pages();
    site.write(
        "content/commentary/linking.md",
        "---\ntitle: Linking\ndate: 2025-10-01\nsummary: Links.\n---\n\nSee [our mission](/about/#no-such-part).\n",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.code == Some("broken-anchor") && e.message.contains("/about/")),
        "{}",
        show(&errors)
    );
}
