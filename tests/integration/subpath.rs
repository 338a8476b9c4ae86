//! A site published under a path (`base_url = "https://example.org/kpi/"`,
//! a GitHub Pages project site, a `/research/` folder of a larger site):
//! every address a page writes is under that path, the search index's
//! results too, the link check still passes, `folio serve` previews under
//! the same path, and in Chromium every page kind of both editions loads
//! with nothing missing from a server that has nothing at `/`.

use std::path::Path;

use crate::browser_theme::html_pages;
use crate::common::*;
use crate::support::chromium::{Chromium, chromium_or_skip};
use crate::support::http::{get, wait_for};
use crate::support::static_server::StaticServer;

/// Every site-relative address in the pages of `public`, with its page.
fn site_relative_addresses(public: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in snapshot_files(public) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for attr_name in ["href", "src", "action", "data-index", "srcset"] {
            for e in select(&doc, &format!("[{attr_name}]")) {
                let value = attr(e, attr_name).unwrap_or_default();
                for candidate in value.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or("");
                    if url.starts_with('/') && !url.starts_with("//") {
                        out.push((path.display().to_string(), url.to_string()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_address_a_page_writes_is_under_the_base_path() {
    let site = sample_site();
    let report = site.build_ok_with(&folio::BuildOptions {
        base_url: Some("https://example.org/kpi/".into()),
        ..site.options()
    });
    let public = site.public();
    let found = site_relative_addresses(&public);
    assert!(found.len() > 500, "only {} addresses", found.len());
    let outside: Vec<&(String, String)> = found
        .iter()
        .filter(|(_, u)| !u.starts_with("/kpi/"))
        .collect();
    assert!(
        outside.is_empty(),
        "not under /kpi/: {:?}",
        &outside[..outside.len().min(20)]
    );
    // Every one of them is a file of the output, below the path.
    let missing: Vec<&(String, String)> = found
        .iter()
        .filter(|(_, u)| {
            let rel = u
                .trim_start_matches("/kpi/")
                .split(['?', '#'])
                .next()
                .unwrap_or("");
            let file = public.join(rel);
            // A page, a file, or the search index's folder.
            !(file.is_file()
                || file.join("index.html").is_file()
                || file.join("pagefind.js").is_file())
        })
        .collect();
    assert!(missing.is_empty(), "no such file: {missing:?}");
    // Absolute addresses carry it too, and the link check found nothing.
    let page = site.page("/commentary/istanbul-talks/");
    let canonical = attr(one(&page, "link[rel=canonical]"), "href").unwrap();
    assert_eq!(
        canonical,
        "https://example.org/kpi/commentary/istanbul-talks/"
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("<loc>https://example.org/commentary"),
        "{sitemap}"
    );
    let broken: Vec<_> = report
        .warnings
        .0
        .iter()
        .filter(|d| d.code == Some("broken-link"))
        .collect();
    assert!(broken.is_empty(), "{}", show(&report.warnings.0));
}

#[test]
fn a_site_at_the_hosts_root_is_written_as_before() {
    let site = sample_site();
    site.build_ok();
    let found = site_relative_addresses(&site.public());
    assert!(found.iter().all(|(_, u)| !u.starts_with("/kpi/")));
    let doc = site.page("/search/");
    assert_eq!(
        attr(one(&doc, "form.search-form"), "data-index"),
        Some("/pagefind/")
    );
}

#[test]
fn the_preview_serves_the_site_under_its_path() {
    let site = fixture("minimal");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    let toml: String = toml
        .lines()
        .map(|l| {
            if l.starts_with("base_url") {
                "base_url = \"https://example.org/kpi/\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write("site.toml", toml);
    let opts = folio::serve::ServeOptions {
        port: 0,
        port_explicit: true,
        bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        ..folio::serve::ServeOptions::new(&site.root)
    };
    let server = folio::serve::start(opts, std::sync::Arc::new(|_| {})).expect("starts");
    let addr = server.address;
    assert!(server.url.ends_with("/kpi/"), "{}", server.url);
    wait_for(std::time::Duration::from_secs(60), || {
        (server.builds() > 0).then_some(())
    });
    let home = get(addr, "/kpi/");
    assert_eq!(home.status, 200, "{}", home.text());
    let doc = scraper::Html::parse_document(&home.text());
    let links: Vec<String> = select(&doc, "a[href^='/']")
        .into_iter()
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|l| l.starts_with("/kpi/")), "{links:?}");
    assert_eq!(get(addr, "/kpi/commentary/hello/").status, 200);
    let root = get(addr, "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/kpi/"));
    assert_eq!(get(addr, "/commentary/hello/").status, 404);
    assert_eq!(get(addr, "/__folio/livereload.js").status, 200);
    server.stop();
}

#[test]
fn every_page_kind_loads_under_a_sub_path_in_the_browser() {
    let name = "every_page_kind_loads_under_a_sub_path_in_the_browser";
    let Some(executable) = chromium_or_skip(name) else {
        return;
    };
    let site = sample_site();
    let public = site.public();
    let server = StaticServer::start_under(&public, "/sub/path");
    site.build_ok_with(&folio::BuildOptions {
        base_url: Some(format!("{}/sub/path/", server.url)),
        ..site.options()
    });
    let pages = html_pages(&public);
    assert!(pages.len() > 30, "{pages:?}");
    assert!(pages.iter().any(|p| p.starts_with("/ur/")), "{pages:?}");
    let browser = Chromium::start(&executable, "sub-path");
    let problems = browser.record_problems();
    for page in &pages {
        browser.goto(&format!("{}/sub/path{page}", server.url));
        browser.until(
            &format!("{page} loaded"),
            "return document.readyState === 'complete'",
        );
    }
    // Search, in both editions: the index loads and its results link
    // under the path.
    for (search, word) in [("/search/", "Istanbul"), ("/ur/search/", "استنبول")] {
        let url = format!("{}/sub/path{search}?q={word}", server.url);
        browser.goto(&url);
        browser.until(
            &format!("results on {search}"),
            "return document.querySelectorAll('.search-results .card-title a').length > 0",
        );
        let hrefs = browser.js(
            "return Array.from(document.querySelectorAll('.search-results .card-title a')).map(a => a.getAttribute('href'))",
        );
        let hrefs: Vec<String> = serde_json::from_value(hrefs).unwrap();
        assert!(
            hrefs.iter().all(|h| h.starts_with("/sub/path/")),
            "{search}: {hrefs:?}"
        );
        browser.goto(&format!("{}{}", server.url, hrefs[0]));
        browser.until("the result", "return document.readyState === 'complete'");
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let shot = browser.screenshot("last-page.png");
    let problems = problems.lock().unwrap().clone();
    assert!(
        problems.is_empty(),
        "problems under a sub-path:\n{}\n(screenshot {})",
        problems.join("\n"),
        shot.display()
    );
    let requests = server.requests();
    let failed: Vec<_> = requests.iter().filter(|(_, s)| *s != 200).collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
    assert!(
        requests.iter().all(|(p, _)| p.starts_with("/sub/path/")),
        "asked outside the path: {:?}",
        requests
            .iter()
            .filter(|(p, _)| !p.starts_with("/sub/path/"))
            .collect::<Vec<_>>()
    );
    eprintln!(
        "{} pages, {} requests under /sub/path/, none failed",
        pages.len(),
        requests.len()
    );
}
