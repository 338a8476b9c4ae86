//! `folio serve` over real HTTP: pages, 404, content types, refused paths
//! and hosts, rebuilds on edit with a reload event, the error overlay, and
//! the incremental preview matching a clean build file for file.

use crate::common;
use crate::support::http;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{TestSite, fixture, sel};
use folio::serve::{self, ServeEvent, ServeOptions, ServerHandle, inject};
use http::{EventStream, get, request, request_with, wait_for};
use scraper::Html;

const LIMIT: Duration = Duration::from_secs(20);

struct Running {
    server: ServerHandle,
    events: Arc<Mutex<Vec<String>>>,
}

/// Starts a server for `site` on a free port; events are recorded as text.
fn start(site: &TestSite) -> Running {
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = events.clone();
    let report: serve::Reporter = Arc::new(move |e: ServeEvent| {
        let line = match e {
            ServeEvent::Built { changed, pages, .. } => format!("built {pages} {changed:?}"),
            ServeEvent::Failed { diagnostics, .. } => {
                format!("failed {}", diagnostics.error_summary())
            }
            // The search index follows each build; not a build itself.
            ServeEvent::Indexed { .. } => return,
            other => format!("{other:?}"),
        };
        log.lock().unwrap().push(line);
    });
    let opts = ServeOptions {
        port: 0,
        port_explicit: true,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        ..ServeOptions::new(&site.root)
    };
    let server = serve::start(opts, report).expect("server starts");
    Running { server, events }
}

impl Running {
    fn addr(&self) -> std::net::SocketAddr {
        self.server.address
    }

    /// Waits until more than `after` builds have finished.
    fn wait_builds(&self, after: u64) {
        let done = wait_for(LIMIT, || (self.server.builds() > after).then_some(()));
        assert!(
            done.is_some(),
            "no rebuild; events: {:?}",
            self.events.lock().unwrap()
        );
    }
}

fn h1(html: &str) -> String {
    let doc = Html::parse_document(html);
    doc.select(&sel("h1"))
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

#[test]
fn serves_pages_with_types_and_no_caching() {
    let site = fixture("minimal");
    let run = start(&site);
    let page = get(run.addr(), "/commentary/hello/");
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let doc = Html::parse_document(&page.text());
    let scripts: Vec<_> = doc
        .select(&sel("script[src]"))
        .filter_map(|s| s.value().attr("src"))
        .collect();
    assert_eq!(
        scripts,
        [serve::SCRIPT_PATH],
        "the reload script is injected once"
    );

    let css = get(run.addr(), "/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    let feed = get(run.addr(), "/atom.xml");
    assert!(
        feed.header("content-type").unwrap().contains("xml"),
        "{:?}",
        feed.headers
    );
    let js = get(run.addr(), serve::SCRIPT_PATH);
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.text().contains("EventSource"));
    run.server.stop();
}

#[test]
fn unknown_paths_get_the_sites_404_page() {
    let site = fixture("minimal");
    let run = start(&site);
    let r = get(run.addr(), "/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let doc = Html::parse_document(&r.text());
    assert_eq!(
        doc.select(&sel("h1")).count(),
        1,
        "the theme's 404 page: {}",
        r.text()
    );
    run.server.stop();
}

#[test]
fn paths_outside_the_preview_are_refused() {
    let site = fixture("minimal");
    let run = start(&site);
    let addr = run.addr();
    let host = addr.to_string();
    for target in [
        "/../site.toml".to_string(),
        "/%2e%2e/site.toml".to_string(),
        "/..%5csite.toml".to_string(),
        "/%2e%2e%2f%2e%2e%2fetc/passwd".to_string(),
        "/commentary/..%2f..%2fsite.toml".to_string(),
        "/%00".to_string(),
        format!("http://{addr}/../site.toml"),
        "/../../../../etc/passwd".to_string(),
    ] {
        let r = request(addr, "GET", &target, &host);
        assert_ne!(r.status, 200, "{target} was served");
        let body = r.text();
        assert!(
            !body.contains("base_url") && !body.contains("root:"),
            "{target} leaked a file: {body}"
        );
    }
    run.server.stop();
}

#[test]
fn foreign_host_names_are_refused() {
    let site = fixture("minimal");
    let run = start(&site);
    let r = request(run.addr(), "GET", "/", "attacker.example:80");
    assert_eq!(r.status, 403);
    let ok = request(
        run.addr(),
        "GET",
        "/",
        &format!("localhost:{}", run.addr().port()),
    );
    assert_eq!(ok.status, 200);
    run.server.stop();
}

#[test]
fn requests_from_another_site_are_refused() {
    let site = fixture("minimal");
    let run = start(&site);
    let host = run.addr().to_string();
    let own = format!("http://{host}");
    for target in ["/__folio/events", "/__folio/livereload.js", "/"] {
        for foreign in [
            vec![("Origin", "https://attacker.example")],
            vec![("Origin", "http://localhost:3000")],
            vec![
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "no-cors"),
            ],
        ] {
            let r = request_with(run.addr(), "GET", target, &host, &foreign);
            assert_eq!(r.status, 403, "{target} with {foreign:?}: {}", r.text());
            assert!(r.header("access-control-allow-origin").is_none());
        }
    }
    // The preview's own pages, and the reader following a link to it.
    let r = request_with(
        run.addr(),
        "GET",
        "/__folio/livereload.js",
        &host,
        &[("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = request_with(
        run.addr(),
        "GET",
        "/",
        &host,
        &[
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Mode", "navigate"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    run.server.stop();
}

#[test]
fn an_edit_is_served_and_announced() {
    let site = fixture("minimal");
    let run = start(&site);
    let mut events = EventStream::open(run.addr(), serve::EVENTS_PATH);
    assert_eq!(events.next_event().as_deref(), Some("hello"));

    let before = run.server.builds();
    let path = "content/commentary/hello.md";
    let text = std::fs::read_to_string(site.path(path)).unwrap();
    let changed = text.replacen("title: \"Hello, world\"", "title: \"Hello again\"", 1);
    assert_ne!(text, changed, "fixture title line changed?");
    site.write(path, changed);
    let event = events.next_event();
    assert_eq!(
        event.as_deref(),
        Some("reload"),
        "events: {:?}",
        run.events.lock().unwrap()
    );
    run.wait_builds(before);
    assert_eq!(
        h1(&get(run.addr(), "/commentary/hello/").text()),
        "Hello again"
    );
    run.server.stop();
}

#[test]
fn a_broken_header_shows_the_overlay_until_fixed() {
    let site = fixture("minimal");
    let run = start(&site);
    let path = "content/commentary/hello.md";
    let good = std::fs::read_to_string(site.path(path)).unwrap();

    let before = run.server.builds();
    site.write(path, good.replacen("date: ", "date: not-a-date ", 1));
    run.wait_builds(before);
    let page = get(run.addr(), "/commentary/hello/").text();
    let doc = Html::parse_document(&page);
    let overlay = doc
        .select(&sel("#folio-error-overlay"))
        .next()
        .expect("overlay shown");
    let text: String = overlay.text().collect();
    assert!(text.contains("content/commentary/hello.md:3:"), "{text}");
    assert!(text.contains("invalid date"), "{text}");
    // The last good page is still underneath.
    assert_eq!(h1(&page), "Hello, world");
    // Every page carries it, the 404 too.
    assert!(
        get(run.addr(), "/nope/")
            .text()
            .contains("folio-error-overlay")
    );

    let before = run.server.builds();
    site.write(path, good);
    run.wait_builds(before);
    assert!(
        !get(run.addr(), "/commentary/hello/")
            .text()
            .contains("folio-error-overlay")
    );
    run.server.stop();
}

#[test]
fn editor_leftovers_do_not_rebuild() {
    let site = fixture("minimal");
    let run = start(&site);
    let before = run.server.builds();
    site.write("content/commentary/.hello.md.swp", "junk");
    site.write("content/commentary/hello.md~", "junk");
    site.write("content/commentary/4913", "");
    // Then a real change, which must be the next (and only) rebuild.
    site.write(
        "content/commentary/new-one.md",
        "---\ntitle: New one\ndate: 2025-11-01\n---\n\nText.\n",
    );
    run.wait_builds(before);
    std::thread::sleep(Duration::from_millis(600));
    let events = run.events.lock().unwrap().clone();
    let rebuilds: Vec<&String> = events.iter().skip(2).collect();
    assert_eq!(rebuilds.len(), 1, "{events:?}");
    assert!(rebuilds[0].contains("new-one.md"), "{events:?}");
    assert!(
        !rebuilds[0].contains(".swp") && !rebuilds[0].contains("4913"),
        "{events:?}"
    );
    run.server.stop();
}

/// Every file of `dir`, relative, `/`-separated.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != folio::output::MARKER)
        .collect()
}

/// One change to a site on disk, and what it is, for messages.
type Edit = (&'static str, Box<dyn Fn(&TestSite)>);

/// Replaces the first `from` by `to` in a file of the site.
fn replace(s: &TestSite, path: &str, from: &str, to: &str) {
    let t = std::fs::read_to_string(s.path(path)).unwrap();
    assert!(t.contains(from), "{path} has no {from:?}");
    s.write(path, t.replacen(from, to, 1));
}

/// The preview, as served, has exactly the files of a clean build, byte
/// for byte (but for the reload script it adds to pages).
fn assert_preview_is_a_clean_build(site: &TestSite, run: &Running, after: &str) {
    let mut opts = site.options();
    opts.drafts = true;
    opts.future = true;
    opts.base_url = Some(format!("http://{}", run.addr()));
    opts.now = chrono::Utc::now();
    opts.output = Some(site.tmp.path().join("clean"));
    opts.force = true;
    let clean = site.build_with(&opts).expect("clean build");
    let built = files(&clean.output);
    let served = files(run.server.preview_dir());
    assert_eq!(
        served, built,
        "after {after}, the preview has other files than a clean build"
    );
    for rel in &built {
        let want = std::fs::read(clean.output.join(rel)).unwrap();
        let r = get(run.addr(), &format!("/{rel}"));
        assert_eq!(r.status, 200, "after {after}: /{rel}");
        let got = if rel.ends_with(".html") {
            inject::strip_injection(&r.text()).into_bytes()
        } else {
            r.body
        };
        assert!(
            got == want,
            "after {after}, /{rel} differs from a clean build:\n--- served\n{}\n--- built\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
    }
}

#[test]
fn incremental_preview_equals_a_clean_build() {
    let site = fixture("pages");
    let run = start(&site);
    let edits: Vec<Edit> = vec![
        (
            "a paragraph edited",
            Box::new(|s| {
                replace(
                    s,
                    "content/commentary/first-look.md",
                    "The first look.",
                    "The first look, longer now.",
                )
            }),
        ),
        (
            "a title edited",
            Box::new(|s| {
                replace(
                    s,
                    "content/commentary/first-look.md",
                    "title: ",
                    "title: Edited ",
                )
            }),
        ),
        (
            "an article added",
            Box::new(|s| {
                s.write(
                "content/commentary/added.md",
                "---\ntitle: Added\ndate: 2025-06-01\ntags: [Brand New Tag]\n---\n\nA new piece.\n",
            )
            }),
        ),
        (
            "a tag changed",
            Box::new(|s| {
                replace(
                    s,
                    "content/commentary/first-look.md",
                    "Water Security",
                    "Trade",
                )
            }),
        ),
        (
            "an article's authors changed",
            Box::new(|s| {
                replace(
                    s,
                    "content/commentary/first-look.md",
                    "[alice-ahmed]",
                    "[bob-baker, alice-ahmed]",
                )
            }),
        ),
        (
            "an author profile edited",
            Box::new(|s| {
                replace(
                    s,
                    "content/authors/alice-ahmed.md",
                    "Test Institute",
                    "Another Institute",
                )
            }),
        ),
        (
            "an article renamed",
            Box::new(|s| {
                std::fs::rename(
                    s.path("content/commentary/added.md"),
                    s.path("content/commentary/renamed.md"),
                )
                .unwrap()
            }),
        ),
        (
            "an article deleted",
            Box::new(|s| s.remove("content/commentary/second-look.md")),
        ),
        (
            "a section's text edited",
            Box::new(|s| {
                let p = "content/briefs/_index.md";
                let t = std::fs::read_to_string(s.path(p)).unwrap();
                s.write(p, format!("{t}\nMore about briefs.\n"));
            }),
        ),
        (
            "a template added",
            Box::new(|s| {
                s.write(
                "templates/article.html",
                "{% extends \"theme/article.html\" %}{% block title %}Override: {{ page_title }}{% endblock title %}",
            )
            }),
        ),
        (
            "a language added, with a translation",
            Box::new(|s| {
                let t = std::fs::read_to_string(s.path("site.toml")).unwrap();
                s.write(
                    "site.toml",
                    format!("{t}\n[languages.ur]\ntitle = \"ٹیسٹ\"\n"),
                );
                s.write(
                    "content/commentary/first-look.ur.md",
                    "---\ntitle: پہلی نظر\ndate: 2025-06-02\n---\n\nپہلی نظر۔\n",
                );
            }),
        ),
        (
            "a translation edited",
            Box::new(|s| {
                replace(
                    s,
                    "content/commentary/first-look.ur.md",
                    "پہلی نظر۔",
                    "پہلی نظر، اب طویل۔",
                )
            }),
        ),
        (
            "a second translation added",
            Box::new(|s| {
                s.write(
                    "content/commentary/renamed.ur.md",
                    "---\ntitle: نیا\ndate: 2025-06-03\n---\n\nنیا مضمون۔\n",
                )
            }),
        ),
        (
            "a translation deleted",
            Box::new(|s| s.remove("content/commentary/first-look.ur.md")),
        ),
        (
            "a static file added",
            Box::new(|s| {
                std::fs::create_dir_all(s.path("static")).unwrap();
                s.write("static/extra.css", "body{}");
            }),
        ),
    ];
    for (what, edit) in edits {
        let before = run.server.builds();
        edit(&site);
        run.wait_builds(before);
        // Settle any second event of the same save.
        std::thread::sleep(Duration::from_millis(300));
        assert_preview_is_a_clean_build(&site, &run, what);
    }
    run.server.stop();
}

#[test]
fn build_output_has_no_reload_script() {
    let site = fixture("minimal");
    site.build_ok();
    for rel in files(&site.public()) {
        if rel.ends_with(".html") {
            let html = std::fs::read_to_string(site.public().join(&rel)).unwrap();
            assert!(!html.contains("__folio"), "{rel} carries preview code");
        }
    }
}

#[test]
fn shutdown_removes_the_preview_and_leaves_public_alone() {
    let site = fixture("minimal");
    site.build_ok();
    let public_before = common::snapshot_files(&site.public());
    let run = start(&site);
    let preview = run.server.preview_dir().to_path_buf();
    assert!(preview.join("index.html").is_file());
    run.server.stop();
    assert!(!preview.exists(), "preview folder left behind");
    assert_eq!(common::snapshot_files(&site.public()), public_before);
}

#[test]
fn a_chosen_port_that_is_taken_is_an_error() {
    let site = fixture("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let opts = ServeOptions {
        port,
        port_explicit: true,
        ..ServeOptions::new(&site.root)
    };
    let err = serve::start(opts, Arc::new(|_| {})).err().expect("refused");
    assert!(err.to_string().contains("--port"), "{err}");
    // Without --port, the next free one is used.
    let opts = ServeOptions {
        port,
        port_explicit: false,
        ..ServeOptions::new(&site.root)
    };
    let server = serve::start(opts, Arc::new(|_| {})).expect("next port");
    assert_ne!(server.address.port(), port);
    server.stop();
}

#[test]
fn drafts_and_scheduled_articles_are_previewed_with_banners() {
    let site = fixture("pages");
    // `serve` decides what is scheduled by the real clock.
    site.write(
        "content/commentary/far-future.md",
        "---\ntitle: Far future\ndate: 2099-01-15\n---\n\nLater.\n",
    );
    let run = start(&site);
    let draft = Html::parse_document(&get(run.addr(), "/commentary/draft-piece/").text());
    let banner: String = draft
        .select(&sel(".draft-banner"))
        .next()
        .expect("draft banner")
        .text()
        .collect();
    assert!(banner.contains("Draft"), "{banner}");

    let soon = get(run.addr(), "/commentary/far-future/");
    assert_eq!(soon.status, 200, "scheduled article previewed");
    let doc = Html::parse_document(&soon.text());
    let banner: String = doc
        .select(&sel(".scheduled-banner"))
        .next()
        .expect("scheduled banner")
        .text()
        .collect();
    assert!(
        banner.starts_with("Scheduled for 15 January 2099"),
        "{banner}"
    );
    run.server.stop();
}

#[test]
fn the_preview_serves_the_search_page_and_its_index() {
    let site = fixture("minimal");
    let run = start(&site);
    assert_eq!(get(run.addr(), "/search/").status, 200);
    let js = get(run.addr(), "/pagefind/pagefind.js");
    assert_eq!(js.status, 200);
    let entry = get(run.addr(), "/pagefind/pagefind-entry.json");
    assert_eq!(entry.status, 200, "{}", entry.text());
    assert!(entry.text().contains("\"languages\""), "{}", entry.text());
    // An edit that changes what is indexed gives a new index, and the old
    // one's files go (the preview then equals a clean build, file for file).
    let builds = run.server.builds();
    let before = std::fs::read_to_string(
        run.server
            .preview_dir()
            .join("pagefind/pagefind-entry.json"),
    )
    .unwrap();
    site.write(
        "content/commentary/hello.md",
        std::fs::read_to_string(site.path("content/commentary/hello.md")).unwrap()
            + "\nA new word: zanzibarite.\n",
    );
    run.wait_builds(builds);
    let after = std::fs::read_to_string(
        run.server
            .preview_dir()
            .join("pagefind/pagefind-entry.json"),
    )
    .unwrap();
    assert_ne!(before, after, "the index did not change");
    assert_preview_is_a_clean_build(&site, &run, "an edit of an indexed body");
}
