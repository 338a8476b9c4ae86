//! The default theme in a real browser (headless Chromium over the DevTools
//! protocol, tests/integration/support/chromium.rs), on a *built* site served as a web
//! server would serve `public/`: every page of the sample site loads with
//! nothing missing (no 404 in the console, none at the server, the favicon
//! included); the footer sits at the bottom of a short page; on a phone a
//! long title wraps between words, never inside one; an Urdu article reads
//! right to left, drawn with the Urdu font the theme ships.
//!
//! Needs Chromium, like tests/integration/browser.rs: without it each test prints
//! `SKIPPED browser test …` and passes, unless `FOLIO_REQUIRE_BROWSER=1`.

use crate::common;
use crate::support::chromium;
use crate::support::static_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chromium::{Chromium, chromium_or_skip};
use static_server::StaticServer;

/// Every HTML page under `public` (not the redirects left at old
/// addresses), as the URL path that serves it.
pub(crate) fn html_pages(public: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            // An old address moves on at once: its target is a page of its own.
            let redirect = || {
                std::fs::read_to_string(&path).is_ok_and(|h| h.contains("http-equiv=\"refresh\""))
            };
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|e| e == "html") && !redirect() {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy();
                let url = match rel.strip_suffix("index.html") {
                    Some(dir) => format!("/{dir}"),
                    None => format!("/{rel}"),
                };
                out.push(url);
            }
        }
    }
    let mut out = Vec::new();
    walk(public, public, &mut out);
    out.sort();
    out
}

#[test]
fn every_page_of_the_sample_site_loads_with_nothing_missing() {
    let name = "every_page_of_the_sample_site_loads_with_nothing_missing";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    site.build_ok();
    let public: PathBuf = site.public();
    let pages = html_pages(&public);
    assert!(pages.len() > 30, "only {} pages: {pages:?}", pages.len());
    let server = StaticServer::start(&public);
    let browser = Chromium::start(&executable, "sample-site");
    let problems = browser.record_problems();
    for page in &pages {
        browser.goto(&format!("{}{page}", server.url));
        browser.until(
            &format!("{page} loaded"),
            "return document.readyState === 'complete'",
        );
        // Every page names an icon, and it is there to be served.
        let icon = browser.js(
            "const l = document.querySelector('link[rel=\"icon\"]'); return l && l.getAttribute('href');",
        );
        let icon = icon
            .as_str()
            .unwrap_or_else(|| panic!("{page}: no icon link"));
        assert!(
            public.join(icon.trim_start_matches('/')).is_file(),
            "{page}: the icon {icon} is not in the site"
        );
    }
    // Late requests (the icon is fetched after the load event).
    std::thread::sleep(Duration::from_millis(500));
    let shot = browser.screenshot("last-page.png");
    let problems = problems.lock().unwrap().clone();
    assert!(
        problems.is_empty(),
        "the browser reported problems on the sample site:\n{}\n(screenshot {})",
        problems.join("\n"),
        shot.display()
    );
    let requests = server.requests();
    let missing: Vec<&(String, u16)> = requests.iter().filter(|(_, s)| *s != 200).collect();
    assert!(missing.is_empty(), "not found: {missing:?}");
    assert!(
        requests.iter().any(|(p, _)| p.ends_with(".css")),
        "no stylesheet was requested: {requests:?}"
    );
    eprintln!(
        "{} pages, {} requests, none missing",
        pages.len(),
        requests.len()
    );
}

#[test]
fn the_footer_sits_at_the_bottom_of_a_short_page() {
    let name = "the_footer_sits_at_the_bottom_of_a_short_page";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::fixture("minimal");
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "footer");
    browser.set_viewport(1000, 900, false);
    browser.goto(&format!("{}/tags/", server.url));
    browser.until("the page", "return document.readyState === 'complete'");
    let shot = browser.screenshot("short-page.png");
    let geometry = browser.js(
        "const f = document.querySelector('footer.site-footer').getBoundingClientRect(); \
         return {bottom: f.bottom, top: f.top, height: window.innerHeight, \
                 scroll: document.documentElement.scrollHeight};",
    );
    let get = |k: &str| geometry[k].as_f64().unwrap();
    assert!(
        (get("bottom") - get("height")).abs() <= 1.0,
        "the footer ends at {} in a window {} high (screenshot {})",
        get("bottom"),
        get("height"),
        shot.display()
    );
    assert!(
        get("scroll") <= get("height") + 1.0,
        "a short page scrolls: {geometry}"
    );
}

#[test]
fn a_long_title_wraps_between_words_on_a_phone() {
    let name = "a_long_title_wraps_between_words_on_a_phone";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "phone-title");
    browser.set_viewport(360, 740, true);
    browser.goto(&format!("{}/commentary/istanbul-talks/", server.url));
    browser.until("the article", "return document.readyState === 'complete'");
    let shot = browser.screenshot("title.png");
    let style = browser.js("const s = getComputedStyle(document.querySelector('h1')); \
         return {wrap: s.textWrap || s.textWrapStyle, hyphens: s.hyphens};");
    assert_eq!(style["wrap"], "balance", "{style}");
    assert_eq!(style["hyphens"], "manual", "{style}");
    // Every word of the title is on one line: broken, if at all, between
    // words or after the dash of "Pakistan–Afghanistan".
    let report = browser.js(r#"const h1 = document.querySelector('h1');
           const node = h1.firstChild;
           const text = node.textContent;
           const broken = [];
           const re = /[^\s–-]+/g;
           let m, lines = new Set();
           while ((m = re.exec(text)) !== null) {
             const r = document.createRange();
             r.setStart(node, m.index);
             r.setEnd(node, m.index + m[0].length);
             const rects = Array.from(r.getClientRects()).filter(x => x.width > 0);
             if (rects.length !== 1) broken.push(m[0]);
             rects.forEach(x => lines.add(Math.round(x.top)));
           }
           return {broken, lines: lines.size, text,
                   overflow: document.documentElement.scrollWidth > window.innerWidth,
                   titleOverflow: h1.scrollWidth > h1.clientWidth};"#);
    assert!(
        report["text"]
            .as_str()
            .unwrap_or("")
            .contains("Pakistan–Afghanistan"),
        "{report}"
    );
    assert_eq!(
        report["broken"],
        serde_json::json!([]),
        "words broken across lines (screenshot {}): {report}",
        shot.display()
    );
    assert!(
        report["lines"].as_u64().unwrap_or(0) > 1,
        "the title does not wrap at all at 360 px: {report}"
    );
    assert_eq!(
        report["overflow"], false,
        "the page is wider than the phone"
    );
    assert_eq!(report["titleOverflow"], false, "the title overflows");
}

#[test]
fn urdu_pages_read_right_to_left_in_the_browser() {
    let name = "urdu_pages_read_right_to_left_in_the_browser";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "urdu");
    browser.set_viewport(1000, 900, false);
    let layout = |url: &str| {
        browser.goto(&format!("{}{url}", server.url));
        browser.until("the page", "return document.readyState === 'complete'");
        browser.js("const h1 = document.querySelector('h1'); \
             const r = h1.getBoundingClientRect(); \
             const range = document.createRange(); range.selectNodeContents(h1); \
             const text = range.getBoundingClientRect(); \
             return {dir: getComputedStyle(document.querySelector('article')).direction, \
                     align_right: Math.abs(text.right - r.right) < 2, \
                     align_left: Math.abs(text.left - r.left) < 2};")
    };
    let ur = layout("/ur/commentary/istanbul-talks/");
    let shot = browser.screenshot("urdu-article.png");
    assert_eq!(ur["dir"], "rtl", "{ur} (screenshot {})", shot.display());
    assert_eq!(
        ur["align_right"], true,
        "the Urdu title starts at the right: {ur}"
    );
    let en = layout("/commentary/istanbul-talks/");
    assert_eq!(en["dir"], "ltr", "{en}");
    assert_eq!(en["align_left"], true, "{en}");
}

#[test]
fn urdu_text_is_drawn_with_the_font_the_theme_ships() {
    let name = "urdu_text_is_drawn_with_the_font_the_theme_ships";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = common::sample_site();
    site.build_ok();
    let server = StaticServer::start(&site.public());
    let browser = Chromium::start(&executable, "urdu-font");
    browser.set_viewport(1000, 900, false);
    browser.goto(&format!("{}/ur/commentary/istanbul-talks/", server.url));
    browser.until("the page", "return document.readyState === 'complete'");
    // Waits for the web font: a page is drawn with a fallback until then.
    let loaded = browser.js_async(
        "await document.fonts.ready; \
         const text = document.querySelector('h1').textContent; \
         await document.fonts.load('700 2rem \"Noto Naskh Arabic\"', text); \
         return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family);",
    );
    let shot = browser.screenshot("urdu-article.png");
    assert!(
        loaded.to_string().contains("Noto Naskh Arabic"),
        "the shipped font did not load: {loaded} (screenshot {})",
        shot.display()
    );
    // What actually drew the title and a paragraph: the shipped web font,
    // not a font of this machine (whose Urdu would be boxes if it had none).
    for selector in ["h1", ".article-body p"] {
        let fonts = browser.fonts_drawing(selector);
        let shipped: f64 = fonts
            .iter()
            .filter(|(family, custom, _)| *custom && family.contains("Naskh"))
            .map(|f| f.2)
            .sum();
        let others: f64 = fonts.iter().map(|f| f.2).sum::<f64>() - shipped;
        // Spaces, digits and Latin punctuation stay with the theme's own
        // faces (the font's unicode-range): at most that many glyphs.
        let not_arabic = browser.js(&format!(
            "const e = document.querySelector('{selector}'); \
             const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''); \
             return [...own].filter(c => !/[\\u0600-\\u06FF\\u0750-\\u077F\\uFB50-\\uFDFF\\uFE70-\\uFEFF\\u200C-\\u200F]/.test(c)).length;"
        ));
        let not_arabic = not_arabic.as_f64().unwrap();
        assert!(
            shipped > 0.0 && others <= not_arabic,
            "{selector} was drawn with {fonts:?}, and has {not_arabic} characters outside the Arabic script (screenshot {})",
            shot.display()
        );
    }
    // English pages do not load it.
    browser.goto(&format!("{}/commentary/istanbul-talks/", server.url));
    browser.until("the page", "return document.readyState === 'complete'");
    let links = browser.js("return document.querySelectorAll('link[href$=\"urdu.css\"]').length;");
    assert_eq!(links, 0, "an English page links the Urdu font");
}
