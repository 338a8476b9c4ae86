//! `folio check --external` against a small HTTP server this test starts on
//! 127.0.0.1: each distinct address is requested once, HEAD then GET, and
//! failures are reported at every place they are written.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{TestSite, empty_site, now, show};
use folio::check::ExternalOptions;
use folio::check_command::{self, CheckOptions};

/// A server that answers `/ok` (200), `/missing` (404) and `/no-head` (405
/// to HEAD, 200 to GET), records every request, and stops when told or
/// after a minute at most.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, halt) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !halt.load(Ordering::Relaxed) && Instant::now() < deadline {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                stream.set_nonblocking(false).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) if line == "\r\n" => break,
                        Ok(_) => {}
                    }
                }
                let mut parts = first.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                log.lock().unwrap().push(format!("{method} {path}"));
                let status = match (method, path) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    ("GET", "/no-head") => "200 OK",
                    _ => "404 Not Found",
                };
                let body = if method == "GET" { "hello" } else { "" };
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Server {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn site(server: &Server) -> TestSite {
    let site = empty_site();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://t.example.org\"\n",
    );
    site.write(
        "content/authors/alice-ahmed.md",
        "---\nname: Alice Ahmed\n---\n\nAlice.\n",
    );
    let article = |title: &str, body: String| {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2025-10-01\nauthors: [alice-ahmed]\nsummary: \"S.\"\n---\n\n{body}"
        )
    };
    site.write(
        "content/commentary/one.md",
        article(
            "One",
            format!(
                "See [a good page]({}), [a missing page]({}) and [a fussy server]({}).\n",
                server.url("/ok"),
                server.url("/missing"),
                server.url("/no-head")
            ),
        ),
    );
    site.write(
        "content/commentary/two.md",
        article(
            "Two",
            format!(
                "Again [the good page]({}) and [the missing page]({}).\n\nAnd [a closed port](http://127.0.0.1:1/).\n",
                server.url("/ok"),
                server.url("/missing")
            ),
        ),
    );
    site
}

fn check_external(site: &TestSite) -> check_command::CheckReport {
    let opts = CheckOptions {
        root: Some(site.root.clone()),
        now: now(),
        external: Some(ExternalOptions {
            timeout: Duration::from_secs(10),
            concurrency: 2,
        }),
        ..CheckOptions::new(&site.root)
    };
    check_command::check(&opts).unwrap()
}

#[test]
fn each_address_is_requested_once_and_failures_reported_everywhere() {
    let server = Server::start();
    let site = site(&server);
    let report = check_external(&site);
    let d = &report.diagnostics.0;
    assert_eq!(report.external_checked, 4, "{}", show(d));
    let missing: Vec<_> = d
        .iter()
        .filter(|d| d.message.contains("/missing"))
        .collect();
    assert_eq!(missing.len(), 2, "reported at both places:\n{}", show(d));
    assert!(missing.iter().all(|d| d.code == Some("external-link")));
    assert!(
        missing[0].message.contains("answers 404 Not Found"),
        "{}",
        missing[0]
    );
    let closed = d
        .iter()
        .find(|d| d.message.contains("127.0.0.1:1/"))
        .unwrap();
    assert!(closed.message.contains("could not be reached"), "{closed}");
    assert_eq!(d.len(), 3, "{}", show(d));
    assert!(
        !d.iter()
            .any(|d| d.message.contains("/ok") || d.message.contains("/no-head"))
    );

    let mut requests = server.requests.lock().unwrap().clone();
    requests.sort();
    assert_eq!(
        requests,
        [
            "GET /missing",
            "GET /no-head",
            "HEAD /missing",
            "HEAD /no-head",
            "HEAD /ok"
        ],
        "HEAD once per address, GET only when HEAD failed"
    );
}

#[test]
fn without_the_flag_nothing_is_requested() {
    let server = Server::start();
    let site = site(&server);
    let run = site.folio(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(server.requests.lock().unwrap().is_empty());
    let run = site.folio(&["check", "--external", "--format", "json"]);
    assert_eq!(
        run.code,
        Some(0),
        "external links are warnings: {}",
        run.debug()
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3, "{}", run.stdout);
}
