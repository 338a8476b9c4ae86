//! A plain static file server for browser tests of a *built* site (what a
//! web server would serve from `public/`), which records every request and
//! its status, so that a test can say that nothing was missing, whether the
//! browser reported it in its console or not.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A server on 127.0.0.1 for one folder, until the process ends.
pub struct StaticServer {
    pub url: String,
    log: Arc<Mutex<Vec<(String, u16)>>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        StaticServer::start_under(root, "")
    }

    /// Serves `root` under the path `prefix` (`/sub/path`) and nothing
    /// outside it, as a host serves a project site or a folder of a larger
    /// site; `url` is then the host's address, without the prefix.
    pub fn start_under(root: &Path, prefix: &str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<(String, u16)>>> = Arc::default();
        let (root, seen) = (root.to_path_buf(), log.clone());
        let prefix = prefix.trim_end_matches('/').to_string();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, seen, prefix) = (root.clone(), seen.clone(), prefix.clone());
                std::thread::spawn(move || answer(stream, &root, &prefix, &seen));
            }
        });
        StaticServer { url, log }
    }

    /// Every request so far: (path, status).
    pub fn requests(&self) -> Vec<(String, u16)> {
        self.log.lock().unwrap().clone()
    }
}

fn answer(stream: TcpStream, root: &Path, prefix: &str, log: &Mutex<Vec<(String, u16)>>) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).unwrap_or(0) == 0 {
        return;
    }
    // The headers: read and dropped.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let below = if prefix.is_empty() {
        Some(path.as_str())
    } else {
        path.strip_prefix(prefix)
            .filter(|rest| rest.starts_with('/'))
    };
    let (status, body, kind) = match below.and_then(|p| file_for(root, p)) {
        Some(file) => (
            200,
            std::fs::read(&file).unwrap_or_default(),
            content_type(&file),
        ),
        None => (
            404,
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            "text/html; charset=utf-8",
        ),
    };
    log.lock().unwrap().push((path, status));
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// The file a URL path names in `root` (`/a/` is `a/index.html`).
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path);
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "txt" | "bib" | "ris" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
