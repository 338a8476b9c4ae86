//! Search on the built site, in a real browser (headless Chromium over the
//! DevTools protocol) with the site served as a web server serves
//! `public/`: the index the build wrote is queried through pagefind's own
//! API for a word only one body has (and for words only a draft and a
//! scheduled piece have, which must find nothing); a person types
//! "Istanbul" into the search box of the sample site and gets the
//! commentary; `/search/?q=` opens with the search done; an index built in
//! parts is searched as one.
//!
//! Needs Chromium: without it each test prints `SKIPPED browser test …`
//! and passes, unless `FOLIO_REQUIRE_BROWSER=1`.

use crate::common;
use crate::support::chromium;
use crate::support::static_server;

use chromium::{Chromium, chromium_or_skip};
use serde_json::Value;
use static_server::StaticServer;

/// The URLs pagefind finds for `word`, asked from the page's own origin.
fn find(browser: &Chromium, word: &str) -> Vec<String> {
    let found = browser.js_async(&format!(
        "const pf = await import('/pagefind/pagefind.js');
         const r = await pf.search({});
         const data = await Promise.all(r.results.map(x => x.data()));
         return data.map(d => d.url);",
        serde_json::to_string(word).unwrap()
    ));
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_index_finds_a_word_only_one_body_has_and_never_drafts() {
    let name = "the_index_finds_a_word_only_one_body_has_and_never_drafts";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::fixture("minimal");
    site.write(
        "content/commentary/unique.md",
        "---\ntitle: Ordinary title\ndate: 2025-03-01\n---\nA body that mentions zanzibarite once.\n",
    );
    site.write(
        "content/commentary/unfinished.md",
        "---\ntitle: Unfinished\ndate: 2025-03-02\ndraft: true\n---\nOnly the draft says quokkafish.\n",
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\n---\nWrite to the pangolinary desk.\n",
    );
    site.write(
        "content/hidden.md",
        "---\ntitle: Hidden\ndraft: true\n---\nOnly a draft page says wombatorium.\n",
    );
    site.write(
        "content/commentary/later.md",
        "---\ntitle: Later\ndate: 2026-06-01\n---\nOnly the scheduled piece says marmosetine.\n",
    );
    // As a preview builds: drafts and scheduled pieces are on the site,
    // but not in its index.
    let opts = folio::BuildOptions {
        drafts: true,
        future: true,
        ..site.options()
    };
    site.build_ok_with(&opts);
    assert!(site.exists("/commentary/unfinished/"));
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "search-index");
    browser.goto(&format!("{}/search/", server.url));
    assert_eq!(find(&browser, "zanzibarite"), ["/commentary/unique/"]);
    assert_eq!(
        find(&browser, "quokkafish"),
        Vec::<String>::new(),
        "a draft"
    );
    assert_eq!(
        find(&browser, "marmosetine"),
        Vec::<String>::new(),
        "a scheduled piece"
    );
    // Title and byline are indexed as well as the body.
    assert_eq!(find(&browser, "Ordinary"), ["/commentary/unique/"]);
    // Standalone pages are in the index too, draft pages never.
    assert_eq!(find(&browser, "pangolinary"), ["/contact/"]);
    assert_eq!(
        find(&browser, "wombatorium"),
        Vec::<String>::new(),
        "a draft page"
    );
}

#[test]
fn typing_istanbul_into_the_search_box_finds_the_commentary() {
    let name = "typing_istanbul_into_the_search_box_finds_the_commentary";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "search-box");
    let problems = browser.record_problems();
    browser.goto(&format!("{}/about/", server.url));
    browser.type_into("#site-search-q", "Istanbul", true);
    browser.until(
        "the search page with results",
        "return location.pathname === '/search/' && document.querySelectorAll('.search-results li').length > 0",
    );
    let results = browser.js(
        "return Array.from(document.querySelectorAll('.search-results .card')).map(c => ({
           title: c.querySelector('.card-title a').textContent,
           href: c.querySelector('.card-title a').getAttribute('href'),
           byline: (c.querySelector('.byline') || {}).textContent || '',
           date: (c.querySelector('time') || {}).textContent || '',
           excerpt: c.querySelector('.excerpt').innerHTML }));",
    );
    let shot = browser.screenshot("results.png");
    let first = results
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|r| r["href"] == "/commentary/istanbul-talks/")
        })
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "the commentary is not among {results} (screenshot {})",
                shot.display()
            )
        });
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("After Istanbul")
    );
    assert_eq!(first["byline"], "By Anum Malik");
    assert_eq!(first["date"], "5 November 2025");
    assert!(
        first["excerpt"].as_str().unwrap().contains("<mark>"),
        "{first}"
    );
    assert_eq!(
        browser.js("return document.getElementById('search-q').value"),
        Value::from("Istanbul")
    );
    // The results are links a keyboard reaches: Tab from the box goes to
    // the button, then on to the first result.
    browser.press("#search-q", "Tab");
    browser.press("form.search-form button", "Tab");
    let focused = browser.js(
        "const a = document.activeElement; return a && a.closest('.search-results') ? a.getAttribute('href') : (a && a.outerHTML);",
    );
    assert_eq!(
        Some(focused.as_str().unwrap_or("")),
        results[0]["href"].as_str(),
        "Tab does not reach the first result"
    );
    let status = browser.js("return document.querySelector('.search-status').textContent");
    assert!(status.as_str().unwrap().contains("result"), "{status}");
    let problems = problems.lock().unwrap().clone();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_search_url_opens_with_the_search_done() {
    let name = "a_search_url_opens_with_the_search_done";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "search-url");
    browser.goto(&format!("{}/search/?q=verification", server.url));
    browser.until(
        "results",
        "return document.querySelectorAll('.search-results li').length > 0",
    );
    let hrefs = browser.js(
        "return Array.from(document.querySelectorAll('.search-results .card-title a')).map(a => a.getAttribute('href'))",
    );
    assert!(
        hrefs
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "/policy-briefs/verification-mechanisms/"),
        "{hrefs}"
    );
    browser.goto(&format!("{}/search/?q=qzxqvwjkqzx", server.url));
    browser.until(
        "the empty result",
        "return document.querySelector('.search-status').textContent.includes('Nothing')",
    );
}

#[test]
fn the_search_page_finds_articles_in_every_part_of_the_index() {
    let name = "the_search_page_finds_articles_in_every_part_of_the_index";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::fixture("minimal");
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("{config}\n[search]\npart_size = 1\n"));
    for n in 1..=3 {
        site.write(
            &format!("content/commentary/piece-{n}.md"),
            format!("---\ntitle: Piece {n}\ndate: 2025-03-0{n}\n---\nEach piece names the zanzibarite trade.\n"),
        );
    }
    site.build_ok();
    assert!(site.exists("/pagefind/part-4/pagefind-entry.json"));
    // pagefind's client comes from the first part only.
    assert!(site.exists("/pagefind/pagefind.js"));
    assert!(!site.exists("/pagefind/part-4/pagefind.js"));
    assert!(!site.exists("/pagefind/part-4/pagefind-worker.js"));
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "search-parts");
    let problems = browser.record_problems();
    browser.goto(&format!("{}/search/?q=zanzibarite", server.url));
    browser.until(
        "results from every part",
        "return document.querySelectorAll('.search-results li').length >= 3",
    );
    let hrefs = browser.js(
        "return Array.from(document.querySelectorAll('.search-results .card-title a')).map(a => a.getAttribute('href')).sort()",
    );
    assert_eq!(
        hrefs,
        serde_json::json!([
            "/commentary/piece-1/",
            "/commentary/piece-2/",
            "/commentary/piece-3/"
        ])
    );
    let problems = problems.lock().unwrap().clone();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_retracted_article_is_marked_in_the_results() {
    let name = "a_retracted_article_is_marked_in_the_results";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::fixture("minimal");
    site.write(
        "content/commentary/withdrawn.md",
        "---\ntitle: Withdrawn survey\ndate: 2025-03-01\ncorrections:\n  - date: 2025-03-09\n    kind: retraction\n    text: The sample was not what we said.\n---\nThe survey of ocelotine traders.\n",
    );
    site.write(
        "content/commentary/standing.md",
        "---\ntitle: Standing survey\ndate: 2025-03-02\n---\nAnother survey of ocelotine traders.\n",
    );
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "search-retracted");
    browser.goto(&format!("{}/search/?q=ocelotine", server.url));
    browser.until(
        "results",
        "return document.querySelectorAll('.search-results li').length === 2",
    );
    let marked = browser.js(
        "return Array.from(document.querySelectorAll('.search-results .card'))
           .filter(c => c.querySelector('.badge-retracted'))
           .map(c => [c.querySelector('.card-title a').getAttribute('href'),
                      c.querySelector('.badge-retracted').textContent])",
    );
    assert_eq!(
        marked,
        serde_json::json!([["/commentary/withdrawn/", "Retracted"]]),
        "only the retracted one is marked"
    );
}
