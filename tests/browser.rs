//! `folio serve` in a real browser: headless Chromium driven through
//! chromedriver (WebDriver). The page must follow edits on disk with no
//! navigation from the test: a new title, then the error overlay for a broken
//! header, then the fixed page, keeping its scroll position.
//!
//! Needs Debian's `chromium` and `chromium-driver` packages
//! (`apt-get install chromium chromium-driver`; `.ci/run` installs them).
//! Screenshots are saved under `target/tmp/browser-artifacts/`.

mod common;
#[path = "support/http.rs"]
mod http;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use folio::serve::{self, ServeOptions};
use http::{request, wait_for};
use serde_json::{Value, json};

const LIMIT: Duration = Duration::from_secs(30);

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A chromedriver process and one browser session in it.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let ready = wait_for(LIMIT, || {
            std::net::TcpStream::connect(addr).ok()?;
            let r = request(addr, "GET", "/status", &addr.to_string(), None);
            (r.status == 200).then_some(())
        });
        assert!(ready.is_some(), "chromedriver did not start");
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--window-size=1000,700", format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let mut b = Browser {
            driver,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("a session id").to_string();
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let r = request(
            self.addr,
            method,
            path,
            &self.addr.to_string(),
            body.as_deref(),
        );
        let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        assert!(
            r.status == 200,
            "WebDriver {method} {path}: {} {v}",
            r.status
        );
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({"url": url})),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({"script": script, "args": []})),
        )
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let v = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            None,
        );
        let png = base64_decode(v.as_str().unwrap_or(""));
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Polls a script until it returns a truthy value; returns that value.
    fn until(&self, what: &str, script: &str) -> Value {
        let v = wait_for(LIMIT, || {
            let t = std::time::Instant::now();
            let v = self.js(script);
            if std::env::var_os("FOLIO_DEBUG_BROWSER").is_some() {
                eprintln!("{what}: {v} in {:?}", t.elapsed());
            }
            let truthy = !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0));
            truthy.then_some(v)
        });
        v.unwrap_or_else(|| {
            let state = self.js(
                "return {h1: document.querySelector('h1') && document.querySelector('h1').textContent, \
                 marker: !!window.folioMarker, ready: document.readyState, scrollY: window.scrollY, \
                 overlay: !!document.getElementById('folio-error-overlay'), scripts: document.scripts.length}",
            );
            panic!("the browser never showed {what}; the page now: {state}")
        })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                &self.addr.to_string(),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = s.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (d << (18 - 6 * i)));
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

#[test]
fn the_open_page_follows_edits_errors_and_fixes() {
    let (Some(chromium), Some(chromedriver)) = (
        find(&["chromium", "chromium-browser"]),
        find(&["chromedriver"]),
    ) else {
        if std::env::var_os("FOLIO_SKIP_BROWSER_TESTS").is_some() {
            eprintln!("skipped: FOLIO_SKIP_BROWSER_TESTS is set");
            return;
        }
        panic!(
            "this test needs headless Chromium and chromedriver: on Debian, \
             `apt-get install chromium chromium-driver` (.ci/run does this); \
             set FOLIO_SKIP_BROWSER_TESTS=1 to skip it knowingly"
        );
    };

    let site = common::fixture("minimal");
    let path = "content/commentary/hello.md";
    // A long page, so that keeping the scroll position means something.
    let long_body: String = (1..=60)
        .map(|i| format!("Paragraph {i} of a long article.\n\n"))
        .collect();
    let original = std::fs::read_to_string(site.path(path)).unwrap() + &long_body;
    site.write(path, &original);

    let opts = ServeOptions {
        port: 0,
        port_explicit: true,
        ..ServeOptions::new(&site.root)
    };
    let server = serve::start(opts, Arc::new(|_| {})).expect("server starts");
    let browser = Browser::start(&chromium, &chromedriver);
    browser.goto(&format!("{}commentary/hello/", server.url));
    browser.until("the article", "return document.querySelector('h1') && document.querySelector('h1').textContent === 'Hello, world'");
    let shot = browser.screenshot("article.png");
    eprintln!("screenshot: {}", shot.display());

    // Scroll down and mark this document: a reload replaces it.
    browser.js("window.scrollTo(0, 600); window.folioMarker = true; return true;");
    site.write(
        path,
        original.replacen("title: \"Hello, world\"", "title: \"Hello from disk\"", 1),
    );
    browser.until(
        "the new title",
        "return !window.folioMarker && document.readyState === 'complete' && document.querySelector('h1').textContent === 'Hello from disk'",
    );
    let scrolled = browser.until(
        "the old scroll position",
        "return window.scrollY > 500 ? window.scrollY : 0",
    );
    assert!(scrolled.as_f64().unwrap_or(0.0) > 500.0);

    site.write(
        path,
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

    site.write(path, &original);
    browser.until(
        "the page without the overlay",
        "return document.readyState === 'complete' && !document.getElementById('folio-error-overlay') && document.querySelector('h1').textContent === 'Hello, world'",
    );
    drop(browser);
    server.stop();
}
