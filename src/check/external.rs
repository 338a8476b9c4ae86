//! Part of the check step: `external-link`, only with `folio check
//! --external`. Every distinct http(s) address of the site (article bodies,
//! section and author texts, author links, attachments given as addresses)
//! is requested once, HEAD first and GET when HEAD fails, by a few threads at
//! a time, each request with a time limit. An address that answers 4xx/5xx
//! or not at all is reported at every place it is written.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::text::Positions;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::markdown::{Rendered, SiteHtml};

const CODE: &str = "external-link";

/// How `--external` requests addresses.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The limit for one request, redirects included.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: super::DEFAULT_TIMEOUT,
            concurrency: 8,
        }
    }
}

/// Checks every external address; returns the findings and how many
/// distinct addresses were requested.
pub fn check(site: &Site, html: &SiteHtml, opts: &ExternalOptions) -> (Vec<Diagnostic>, usize) {
    let places = collect(site, html);
    let urls: Vec<&str> = places.keys().map(String::as_str).collect();
    let results = probe_all(&urls, opts);
    let mut out = Vec::new();
    for (url, problem) in results {
        let Some(problem) = problem else { continue };
        for place in &places[url] {
            let mut d = place.clone();
            d.message = format!("external link {url} {problem}");
            out.push(
                d.code(CODE)
                    .help("update the address or remove the link (the Internet Archive often has pages that moved)"),
            );
        }
    }
    (out, urls.len())
}

/// Address -> the places it is written (diagnostics without a message yet),
/// from the links the markdown stage collected.
fn collect(site: &Site, html: &SiteHtml) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut places: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    let mut body_links = |file: &Path, text: &str, line: usize, rendered: Option<&Rendered>| {
        let positions = Positions::new(text);
        for link in rendered.map_or(&[][..], |r| r.links.as_slice()) {
            if is_http(&link.dest) {
                let d = positions.point(line, Diagnostic::warning(file, ""), link.offset, link.len);
                places.entry(link.dest.clone()).or_default().push(d);
            }
        }
    };
    for (a, h) in site.articles.iter().zip(&html.articles) {
        body_links(&a.source, &a.body, a.body_line, Some(&h.body));
    }
    for (s, h) in site.sections.iter().zip(&html.sections) {
        body_links(&s.text.source, &s.text.body, s.text.body_line, h.as_ref());
    }
    for a in site.authors.values() {
        let h = html.authors.get(&a.slug).and_then(|h| h.1.as_ref());
        body_links(&a.bio.source, &a.bio.body, a.bio.body_line, h);
    }
    for a in &site.articles {
        for (key, value) in [("pdf", &a.pdf), ("image", &a.image)] {
            if let Some(url) = value.as_deref().filter(|u| is_http(u)) {
                let d = a.header.point(key, Diagnostic::warning(&a.source, ""));
                places.entry(url.to_string()).or_default().push(d);
            }
        }
    }
    for a in site.authors.values() {
        for link in &a.person.links {
            if is_http(&link.url) {
                places
                    .entry(link.url.clone())
                    .or_default()
                    .push(Diagnostic::warning(&a.bio.source, ""));
            }
        }
    }
    places
}

fn is_http(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Requests every address, `opts.concurrency` at a time; None means fine.
fn probe_all<'u>(urls: &[&'u str], opts: &ExternalOptions) -> Vec<(&'u str, Option<String>)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("folio-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(&str, Option<String>)>> = Mutex::new(Vec::with_capacity(urls.len()));
    let workers = opts.concurrency.clamp(1, 32).min(urls.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let problem = probe(&agent, url, opts.timeout).err();
                    if let Ok(mut r) = results.lock() {
                        r.push((url, problem));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort();
    results
}

/// HEAD, then GET when HEAD fails (many servers refuse or mishandle HEAD).
fn probe(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<(), String> {
    if let Ok(r) = agent.head(url).call()
        && r.status().as_u16() < 400
    {
        return Ok(());
    }
    match agent.get(url).call() {
        Ok(r) if r.status().as_u16() < 400 => Ok(()),
        Ok(r) => {
            let status = r.status();
            Err(format!(
                "answers {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string())
        }
        Err(ureq::Error::Timeout(_)) => Err(format!(
            "did not answer within {} seconds",
            timeout.as_secs_f64()
        )),
        Err(e) => Err(format!("could not be reached ({e})")),
    }
}
