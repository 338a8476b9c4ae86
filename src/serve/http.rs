//! Part of `serve`: the HTTP side. Serves files of the preview folder only
//! (decoded, normalised, `..`/backslash/NUL refused), answers only `Host`
//! names that cannot be a rebinding attack, refuses requests that another
//! site's page makes (so no page on the web can read the preview or hold its
//! event stream open), injects the live-reload script and the error overlay
//! into HTML, and streams rebuild events (SSE).

use std::convert::Infallible;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::{Shared, Signal, inject};
use crate::scheme;

pub const SCRIPT_PATH: &str = "/__folio/livereload.js";
pub const EVENTS_PATH: &str = "/__folio/events";

pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    if !host_allowed(req.headers()) {
        return plain(
            StatusCode::FORBIDDEN,
            "folio serve answers only to localhost and IP addresses\n",
        );
    }
    if !same_origin(req.headers()) {
        return plain(
            StatusCode::FORBIDDEN,
            "folio serve answers only its own pages, not requests from another site\n",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let raw_path = req.uri().path();
    let raw_path = match under_base_path(raw_path, &shared.base_path) {
        Ok(path) => path,
        Err(response) => return response,
    };
    match raw_path {
        SCRIPT_PATH => {
            return with_headers(
                Response::new(Body::from(inject::SCRIPT)),
                "text/javascript; charset=utf-8",
            );
        }
        EVENTS_PATH => return events(&shared).into_response(),
        _ => {}
    }
    let Some(relative) = clean_path(raw_path) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "refused: this path leaves the site\n",
        );
    };
    let dir = shared.dir.clone();
    match resolve(&dir, &relative) {
        Some(file) => match tokio::fs::read(&file).await {
            Ok(bytes) => file_response(&shared, &file, bytes, StatusCode::OK),
            Err(_) => not_found(&shared).await,
        },
        None => not_found(&shared).await,
    }
}

/// The request path below the site's base path (`/kpi/about/` -> `/about/`);
/// the preview's own scripts stay at the root. The bare host goes to the
/// site's home; any other path outside the base path is not the site's.
fn under_base_path<'a>(path: &'a str, base_path: &str) -> Result<&'a str, Response> {
    if base_path.is_empty() || path.starts_with("/__folio/") {
        return Ok(path);
    }
    match path.strip_prefix(base_path) {
        Some(rest) if rest.starts_with('/') => Ok(rest),
        _ if path == "/" || path == base_path => {
            let mut r = plain(StatusCode::FOUND, "the site is under its base path\n");
            if let Ok(v) = HeaderValue::from_str(&format!("{base_path}/")) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            Err(r)
        }
        _ => Err(plain(
            StatusCode::NOT_FOUND,
            "not found: this site is previewed under its base_url's path\n",
        )),
    }
}

/// Requests whose Host is a domain name other than localhost are refused:
/// a DNS-rebinding page reaches the preview only under its own domain name.
fn host_allowed(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        // HTTP/1.0 clients may omit it; nothing to rebind then.
        return true;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        })
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
}

/// Whether a request comes from the preview's own pages, or from the reader
/// opening one of them. A browser names the page that made a request in
/// `Origin` (scripts' requests: `fetch`, `EventSource`) and, in every
/// request, says in `Sec-Fetch-Site` whether that page was of another site
/// (`localhost:3000` is the "same site" as `localhost:1111`, but another
/// origin). Going to a preview page from a link elsewhere stays allowed
/// (`Sec-Fetch-Mode: navigate`); a script, image or stream that another
/// page embeds does not. Clients that send neither header (curl, tests)
/// are not browsers acting for a page.
fn same_origin(headers: &HeaderMap) -> bool {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = value("origin") {
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        let host = value("host");
        return matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h));
    }
    match value("sec-fetch-site") {
        Some("cross-site" | "same-site") => value("sec-fetch-mode") == Some("navigate"),
        _ => true,
    }
}

/// The request path as segments under the site, or `None` when it is not a
/// plain path inside it (`..`, `.`, backslashes, NUL, bad encoding).
pub fn clean_path(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s if s.contains(':') => return None,
            s => segments.push(s.to_string()),
        }
    }
    // A trailing slash asks for the folder's index page.
    if decoded.ends_with('/') || segments.is_empty() {
        segments.push(scheme::INDEX_FILE.into());
    }
    Some(segments)
}

/// The file for clean segments, if it exists inside `dir` (symbolic links
/// leading out are refused too).
fn resolve(dir: &Path, segments: &[String]) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for s in segments {
        path.push(s);
    }
    if path.is_dir() {
        path.push(scheme::INDEX_FILE);
    }
    let canonical = path.canonicalize().ok()?;
    let root = dir.canonicalize().ok()?;
    (canonical.starts_with(&root) && canonical.is_file()).then_some(canonical)
}

async fn not_found(shared: &Shared) -> Response {
    let page = shared.dir.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => file_response(shared, &page, bytes, StatusCode::NOT_FOUND),
        Err(_) => {
            let html = inject::page_with_overlay(
                "<!doctype html><title>Not found</title><body><h1>Not found</h1></body>",
                shared,
            );
            let mut r = with_headers(Response::new(Body::from(html)), "text/html; charset=utf-8");
            *r.status_mut() = StatusCode::NOT_FOUND;
            r
        }
    }
}

fn file_response(shared: &Shared, file: &Path, bytes: Vec<u8>, status: StatusCode) -> Response {
    let content_type = crate::output::content_type(file);
    let is_html = content_type.starts_with("text/html");
    let body = if is_html {
        Body::from(inject::page_with_overlay(
            &String::from_utf8_lossy(&bytes),
            shared,
        ))
    } else {
        Body::from(bytes)
    };
    let mut r = with_headers(Response::new(body), &content_type);
    *r.status_mut() = status;
    r
}

fn with_headers(mut r: Response, content_type: &str) -> Response {
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    // A reload must never show a stale page.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = with_headers(Response::new(Body::from(text)), "text/plain; charset=utf-8");
    *r.status_mut() = status;
    r
}

fn events(
    shared: &Shared,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>> + use<>> {
    let hello = Event::default()
        .event("hello")
        .data(shared.build_number().to_string());
    let updates = BroadcastStream::new(shared.signals.subscribe())
        // A lagging receiver just missed some signals; the next one reloads.
        .filter_map(Result::ok)
        .map_while(|s| {
            let (name, n) = match s {
                Signal::Reload(n) => ("reload", n),
                Signal::Css(n) => ("css", n),
                Signal::Shutdown => return None,
            };
            Some(Ok(Event::default().event(name).data(n.to_string())))
        });
    let stream = tokio_stream::once(Ok(hello)).chain(updates);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/..%5csite.toml",
            "/a/%00",
            "/a\\b",
            "relative",
            "/c:/x",
            "/%ff",
        ] {
            assert!(clean_path(bad).is_none(), "{bad} accepted");
        }
        assert_eq!(
            clean_path("/commentary/x/").unwrap(),
            ["commentary", "x", "index.html"]
        );
        assert_eq!(clean_path("/").unwrap(), ["index.html"]);
        assert_eq!(clean_path("/a%20b.pdf").unwrap(), ["a b.pdf"]);
    }

    #[test]
    fn requests_of_other_origins_are_refused() {
        let check = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_static("127.0.0.1:1111"));
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_static(v));
            }
            same_origin(&m)
        };
        // The preview's own pages, and clients that are not browsers.
        assert!(check(&[]));
        assert!(check(&[("origin", "http://127.0.0.1:1111")]));
        assert!(check(&[
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-mode", "cors")
        ]));
        assert!(check(&[
            ("sec-fetch-site", "none"),
            ("sec-fetch-mode", "navigate")
        ]));
        // A link from elsewhere still opens the page.
        assert!(check(&[
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "navigate")
        ]));
        // Another site's scripts, streams and embeds.
        assert!(!check(&[("origin", "https://evil.example")]));
        assert!(!check(&[("origin", "http://localhost:3000")]));
        assert!(!check(&[("origin", "http://127.0.0.1:11110")]));
        assert!(!check(&[("origin", "null")]));
        assert!(!check(&[
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "no-cors")
        ]));
        assert!(!check(&[
            ("sec-fetch-site", "same-site"),
            ("sec-fetch-mode", "cors")
        ]));
    }

    #[test]
    fn only_local_and_ip_hosts() {
        let check = |h: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
            host_allowed(&m)
        };
        assert!(check("127.0.0.1:1111"));
        assert!(check("localhost:1111"));
        assert!(check("[::1]:1111"));
        assert!(check("192.168.1.20:1111"));
        assert!(!check("evil.example:1111"));
        assert!(!check("localhost.evil.example"));
    }
}
