//! A deliberately raw HTTP/1.1 client for tests: it sends request targets
//! exactly as written (`/../site.toml`, absolute-form), which ordinary
//! clients normalise away.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method target` with the given Host header, reads the whole
/// response.
pub fn request(addr: SocketAddr, method: &str, target: &str, host: &str) -> Response {
    request_with(addr, method, target, host, &[])
}

/// As [`request`], with more header lines (`("Origin", "http://x")`).
pub fn request_with(
    addr: SocketAddr,
    method: &str,
    target: &str,
    host: &str,
    extra: &[(&str, &str)],
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let extra: String = extra.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    let req =
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut body = Vec::new();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n];
            reader.read_exact(&mut chunk).unwrap();
            body.extend(chunk);
            let mut crlf = String::new();
            reader.read_line(&mut crlf).unwrap();
        }
    } else if let Some(n) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        // Read exactly the body: a server may keep the connection open.
        body = vec![0; n];
        reader.read_exact(&mut body).unwrap();
    } else {
        let _ = reader.read_to_end(&mut body);
    }
    Response {
        status,
        headers,
        body,
    }
}

pub fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target, &addr.to_string())
}

/// Polls `check` until it returns `Some`, for at most `limit`; a bound on
/// waiting, not a timing assertion.
pub fn wait_for<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An open Server-Sent Events stream; `next_event` returns the next event's name.
pub struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    pub fn open(addr: SocketAddr, path: &str) -> EventStream {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        // Skip the response head.
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
        }
        EventStream { reader }
    }

    /// The next `event:` name, or `None` when the stream ends or 20 s pass
    /// (keep-alive comments do not count as events).
    pub fn next_event(&mut self) -> Option<String> {
        let start = Instant::now();
        loop {
            if start.elapsed() > Duration::from_secs(20) {
                return None;
            }
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            if let Some(name) = line.trim().strip_prefix("event:") {
                return Some(name.trim().to_string());
            }
        }
    }
}
