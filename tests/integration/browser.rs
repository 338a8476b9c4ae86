//! `folio serve` in a real browser: headless Chromium driven over the
//! DevTools protocol (tests/integration/support/chromium.rs). The open page must follow
//! edits on disk with no navigation from the test: a new title, keeping its
//! scroll position; the error overlay for a broken header, gone once fixed.
//!
//! Needs Chromium (Debian: `apt-get install chromium`, or `CHROME=/path`).
//! Without it each test prints `SKIPPED browser test …` and passes, unless
//! `FOLIO_REQUIRE_BROWSER=1` (set by `.ci/run`). Screenshots are saved under
//! `target/tmp/browser-artifacts/`.

use crate::common;
use crate::support::chromium;

use std::path::Path;
use std::sync::Arc;

use crate::common::TestSite;
use chromium::{Chromium, chromium_or_skip, find_chromium_in};
use folio::serve::{self, ServeOptions, ServerHandle};

const ARTICLE: &str = "content/commentary/hello.md";

/// The minimal fixture with a long article (so that keeping the scroll
/// position means something), served by `folio serve`; returns the site,
/// the article's original text, the server and the article's address.
fn serve_long_article() -> (TestSite, String, ServerHandle, String) {
    let site = common::fixture("minimal");
    let long_body: String = (1..=60)
        .map(|i| format!("Paragraph {i} of a long article.\n\n"))
        .collect();
    let original = std::fs::read_to_string(site.path(ARTICLE)).unwrap() + &long_body;
    site.write(ARTICLE, &original);
    let opts = ServeOptions {
        port: 0,
        port_explicit: true,
        ..ServeOptions::new(&site.root)
    };
    let server = serve::start(opts, Arc::new(|_| {})).expect("server starts");
    let url = format!("{}commentary/hello/", server.url);
    (site, original, server, url)
}

/// Opens `url` and waits for the article and its live-reload connection.
fn open_article(browser: &Chromium, url: &str) {
    browser.goto(url);
    browser.until(
        "the article",
        "const h1 = document.querySelector('h1'); return h1 && h1.textContent === 'Hello, world'",
    );
    browser.until_live();
}

#[test]
fn a_save_reloads_the_open_page_and_keeps_its_scroll_position() {
    let name = "a_save_reloads_the_open_page_and_keeps_its_scroll_position";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let (site, original, server, url) = serve_long_article();
    let browser = Chromium::start(&executable, "reload");
    open_article(&browser, &url);
    let shot = browser.screenshot("article.png");
    eprintln!("screenshot: {}", shot.display());

    // Scroll down and mark this document: a reload replaces it.
    let y =
        browser.js("window.scrollTo(0, 600); window.folioMarker = true; return window.scrollY;");
    assert!(
        y.as_f64().unwrap_or(0.0) > 500.0,
        "the page is too short to scroll: {y}"
    );
    site.write(
        ARTICLE,
        original.replacen("title: \"Hello, world\"", "title: \"Hello from disk\"", 1),
    );
    browser.until(
        "the new title",
        "return !window.folioMarker && document.readyState === 'complete' \
         && document.querySelector('h1').textContent === 'Hello from disk'",
    );
    let scrolled = browser.until(
        "the old scroll position",
        "return window.scrollY > 500 ? window.scrollY : 0",
    );
    assert!(scrolled.as_f64().unwrap_or(0.0) > 500.0);
    let shot = browser.screenshot("reloaded.png");
    eprintln!("screenshot: {}", shot.display());

    drop(browser);
    server.stop();
}

#[test]
fn a_broken_header_shows_the_error_overlay_until_it_is_fixed() {
    let name = "a_broken_header_shows_the_error_overlay_until_it_is_fixed";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let (site, original, server, url) = serve_long_article();
    let browser = Chromium::start(&executable, "overlay");
    open_article(&browser, &url);

    site.write(
        ARTICLE,
        original.replacen("date: 2025-11-05", "date: 2025-11-31", 1),
    );
    let overlay = browser.until(
        "the error overlay",
        "const o = document.getElementById('folio-error-overlay'); return o ? o.textContent : null",
    );
    let overlay = overlay.as_str().unwrap_or("").to_string();
    assert!(
        overlay.contains("content/commentary/hello.md:3:7"),
        "{overlay}"
    );
    assert!(overlay.contains("not a real date"), "{overlay}");
    let shot = browser.screenshot("error-overlay.png");
    eprintln!("screenshot: {}", shot.display());

    // The page with the overlay is a new document: wait for its connection.
    browser.until_live();
    site.write(ARTICLE, &original);
    browser.until(
        "the page without the overlay",
        "return document.readyState === 'complete' && !document.getElementById('folio-error-overlay') \
         && document.querySelector('h1').textContent === 'Hello, world'",
    );
    drop(browser);
    server.stop();
}

// Finding the browser: no browser needed.

fn executable_file(dir: &Path, name: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, "#!/bin/sh\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn chrome_names_the_only_browser_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let on_path = executable_file(dir.path(), "chromium");
    let path = Some(dir.path().as_os_str().to_owned());
    let elsewhere = executable_file(dir.path(), "my-chrome");
    let found = find_chromium_in(Some(elsewhere.clone().into()), path.clone(), &[]);
    assert_eq!(found, Ok(elsewhere));
    // A CHROME that names nothing is not silently replaced by another browser.
    let missing = find_chromium_in(Some("/nonexistent/chrome".into()), path.clone(), &[]);
    assert!(missing.unwrap_err().contains("CHROME=/nonexistent/chrome"));
    // An empty CHROME counts as unset.
    assert_eq!(find_chromium_in(Some("".into()), path, &[]), Ok(on_path));
}

#[test]
fn the_browser_is_looked_for_on_path_then_in_the_usual_places() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&lib).unwrap();
    let path = Some(bin.as_os_str().to_owned());
    let fallback = lib.join("chromium");
    let fallbacks = [fallback.as_path()];

    let none = find_chromium_in(None, path.clone(), &fallbacks);
    assert!(none.unwrap_err().contains("on PATH"));
    // A file that cannot be run is not a browser.
    std::fs::write(bin.join("chromium"), "").unwrap();
    assert!(find_chromium_in(None, path.clone(), &fallbacks).is_err());

    let fallback = executable_file(&lib, "chromium");
    assert_eq!(
        find_chromium_in(None, path.clone(), &fallbacks),
        Ok(fallback)
    );
    let on_path = executable_file(&bin, "chromium-browser");
    assert_eq!(find_chromium_in(None, path, &fallbacks), Ok(on_path));
}
