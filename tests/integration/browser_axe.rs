//! Accessibility of every page kind of the sample site, checked by axe-core
//! (the engine behind most accessibility checkers) in headless Chromium:
//! home, a section, every article type (commentary, analysis with a table
//! and a series, a brief with a PDF, an event), a standalone page, an
//! author and the index of authors, a tag and the index of tags, the index
//! of series and a series, the search page with results, and the 404 page;
//! and the record of corrections: a corrected article (the sample's
//! Torkham analysis), a retracted one, a translation whose original changed
//! since, and the `/corrections/` page of both editions.
//! No violation of any rule axe runs by default is allowed.
//!
//! axe-core comes from npm: `.ci/run` installs it and names its
//! `axe.min.js` in `FOLIO_AXE_JS`. Without it (or without Chromium) the
//! test prints `SKIPPED …` and passes, unless `FOLIO_REQUIRE_BROWSER=1`
//! (CI), where a missing axe-core or browser fails it.

use crate::common;
use crate::support::chromium;
use crate::support::static_server;

use std::io::Write;
use std::path::PathBuf;

use chromium::{Chromium, browser_required, chromium_or_skip};
use static_server::StaticServer;

/// axe-core's script: `FOLIO_AXE_JS`, else where `.ci/run` installs it.
fn axe_or_skip(test: &str) -> Option<String> {
    let path = std::env::var_os("FOLIO_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(js) => Some(js),
        Err(e) if browser_required() => panic!(
            "{test}: axe-core is not at {} ({e}); `npm install --prefix target/axe axe-core@4` \
             or set FOLIO_AXE_JS",
            path.display()
        ),
        Err(e) => {
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED {test}: axe-core not found at {} ({e}); install it with \
                 `npm install --prefix target/axe axe-core@4` or set FOLIO_AXE_JS",
                path.display()
            );
            None
        }
    }
}

const PAGES: &[&str] = &[
    "/",
    "/commentary/",
    "/commentary/istanbul-talks/",
    "/analysis/torkham-trade-flows/",
    "/analysis/border-markets-informal-trade/",
    "/policy-briefs/refugee-returns/",
    "/events/border-economies-launch/",
    "/about/",
    "/authors/",
    "/authors/anum-malik/",
    "/tags/",
    "/tags/pakistan/",
    "/series/",
    "/series/border-economies/",
    "/search/?q=Istanbul",
    "/404.html",
    "/corrections/",
    "/ur/corrections/",
    "/commentary/retracted-note/",
    "/ur/commentary/istanbul-talks/",
];

/// A retraction and a change to an original with a translation, added to
/// the sample site for the notices they show.
fn with_corrections(site: &common::TestSite) {
    site.write(
        "content/commentary/retracted-note.md",
        "---\ntitle: \"A note we retracted\"\ndate: 2025-10-01\nauthors: [anum-malik]\nsummary: \"A short note.\"\ntags: [Pakistan]\ncorrections:\n  - date: 2025-10-20\n    kind: retraction\n    text: \"The note relied on a source we could not verify.\"\n---\n\nThe note's text, kept as published.\n",
    );
    let path = site.path("content/commentary/istanbul-talks.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "type: commentary\n",
        "type: commentary\ncorrections:\n  - date: 2025-11-20\n    kind: clarification\n    text: \"The truce was signed in Doha, not agreed there in principle.\"\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
}

#[test]
fn axe_core_finds_no_violation_on_any_page_kind() {
    let name = "axe_core_finds_no_violation_on_any_page_kind";
    let Some(axe) = axe_or_skip(name) else {
        return;
    };
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    with_corrections(&site);
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "axe");
    let mut found = Vec::new();
    for page in PAGES {
        browser.goto(&format!("{}{page}", server.url));
        browser.until(
            &format!("{page} loaded"),
            "return document.readyState === 'complete'",
        );
        if page.starts_with("/search/") {
            browser.until(
                "search results",
                "return document.querySelectorAll('.search-results li').length > 0",
            );
        }
        if browser.js("return typeof window.axe").as_str() != Some("object") {
            browser.js(&format!("{axe}\nreturn true;"));
        }
        let violations = browser.js_async(
            "const r = await axe.run(document, { resultTypes: ['violations'] });
             return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
               v.nodes.map(n => n.target.join(' ')).join(', '));",
        );
        for v in violations.as_array().into_iter().flatten() {
            found.push(format!("{page}: {}", v.as_str().unwrap_or("?")));
        }
    }
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
    eprintln!("axe-core: {} page kinds, no violation", PAGES.len());
}
