//! Part of the markdown stage: links as editors write them, resolved to the
//! URLs the build writes. A link to a source file (`../analysis/x.md`,
//! `index.md` of a bundle, `_index.md` of a section, an author's file) becomes
//! the URL of its page; a link to a file beside the article that the browser
//! would not find from the page's URL (`chart.png` next to
//! `content/commentary/x.md`) becomes the URL the file is copied to. Links that
//! already work are left exactly as written.
//!
//! `folio check` uses the same [`LinkIndex`], so a link the build rewrites is
//! one the check accepts.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag};

use crate::content::Site;

/// What a link destination is, before looking anything up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest<'a> {
    /// Empty, or only `#fragment`: a place on the same page.
    SamePage { fragment: &'a str },
    /// `https://...`, `mailto:`, `//host/...`: not the site's business.
    External,
    /// A path with its `?query` removed and `#fragment` split off.
    Path { path: String, fragment: &'a str },
}

/// Splits a destination into what the checks and rewrites need.
pub fn classify(dest: &str) -> Dest<'_> {
    let dest = dest.trim();
    let (before, fragment) = match dest.split_once('#') {
        Some((b, f)) => (b, f),
        None => (dest, ""),
    };
    if before.is_empty() {
        return Dest::SamePage { fragment };
    }
    if before.starts_with("//") || has_scheme(before) {
        return Dest::External;
    }
    let path = before.split('?').next().unwrap_or(before);
    Dest::Path {
        path: percent_decode(path),
        fragment,
    }
}

/// `scheme:` before any `/`: http:, https:, mailto:, tel:, data:, ...
fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `%20` and friends decoded; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// `.`, `..` and empty segments of a `/`-separated path resolved; None when
/// `..` would climb above the start.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The URL a page-relative `path` reaches from `page_url` (`/a/b/` + `c.png`
/// -> `/a/b/c.png`), with a trailing `/` kept.
pub fn join_url(page_url: &str, path: &str) -> Option<String> {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = match page_url.rfind('/') {
            Some(i) => &page_url[..=i],
            None => "/",
        };
        format!("{dir}{path}")
    };
    let slash = joined.ends_with('/') || joined.ends_with("/.") || joined.ends_with("/..");
    let clean = normalise(&joined)?;
    Some(match (clean.is_empty(), slash) {
        (true, _) => "/".to_string(),
        (false, true) => format!("/{clean}/"),
        (false, false) => format!("/{clean}"),
    })
}

/// Source files and copied files of a site, by where they sit.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Markdown source, relative to the site root with `/` ("content/analysis/x.md") -> page URL.
    pages: HashMap<String, String>,
    /// URLs of every copied file ("/analysis/x/data.csv").
    asset_urls: HashSet<String>,
    /// File name -> (source path, URL) of the copied files with that name.
    assets_by_name: HashMap<String, Vec<(PathBuf, String)>>,
    /// Changes whenever a page or file is added, removed or moved.
    fingerprint: u64,
}

/// What a link that names a source file leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceLink {
    /// The URL to link to instead.
    Url(String),
    /// The markdown file it names does not exist (root-relative path given).
    MissingPage(String),
    /// Not a source link (not `.md`, and no file of the site by that path).
    NotSource,
}

fn key(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl LinkIndex {
    /// The index of every edition's sources (the files of one language
    /// have names of their own, `x.md` and `x.ur.md`, so one index serves all).
    pub fn new<'a>(sites: impl Iterator<Item = &'a Site>) -> Self {
        let mut index = LinkIndex::default();
        for site in sites {
            index.add(site);
        }
        let mut pages: Vec<(&String, &String)> = index.pages.iter().collect();
        pages.sort();
        let mut assets: Vec<&String> = index.asset_urls.iter().collect();
        assets.sort();
        let mut h = DefaultHasher::new();
        (pages, assets).hash(&mut h);
        index.fingerprint = h.finish();
        index
    }

    fn add(&mut self, site: &Site) {
        let index = self;
        for a in &site.articles {
            index.pages.insert(key(&a.source), a.url.clone());
        }
        for s in &site.sections {
            index.pages.insert(key(&s.text.source), s.url.clone());
        }
        for p in &site.pages {
            index.pages.insert(key(&p.source), p.url.clone());
        }
        for a in site.authors.values() {
            index.pages.insert(key(&a.bio.source), a.url.clone());
        }
        for asset in &site.assets {
            let url = asset.url.clone();
            index.asset_urls.insert(url.clone());
            if let Some(name) = asset.from.file_name() {
                index
                    .assets_by_name
                    .entry(name.to_string_lossy().into_owned())
                    .or_default()
                    .push((asset.from.clone(), url));
            }
        }
    }

    /// A hash of every source path and URL the index knows: rendered bodies
    /// can be reused while it stays the same.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Is `url` a file the build copies (an attachment or a section's file)?
    pub fn is_asset(&self, url: &str) -> bool {
        self.asset_urls.contains(url)
    }

    /// The URL of the page whose markdown is `source` (root-relative).
    pub fn page_of(&self, source: &Path) -> Option<&str> {
        self.pages.get(&key(source)).map(String::as_str)
    }

    /// Resolves `path` written in the body of `source` (root-relative) as a
    /// path between source files.
    pub fn resolve_source(&self, source: &Path, path: &str) -> SourceLink {
        let is_md = path
            .rsplit('/')
            .next()
            .is_some_and(|n| n.to_ascii_lowercase().ends_with(".md"));
        let target = if let Some(rest) = path.strip_prefix('/') {
            // A site-absolute source path names a file under content/.
            let rest = rest.strip_prefix("content/").unwrap_or(rest);
            normalise(&format!("content/{rest}"))
        } else {
            let dir = key(source.parent().unwrap_or(Path::new("")));
            normalise(&format!("{dir}/{path}"))
        };
        let Some(target) = target else {
            return if is_md {
                SourceLink::MissingPage(path.to_string())
            } else {
                SourceLink::NotSource
            };
        };
        if is_md {
            return match self.pages.get(&target) {
                Some(url) => SourceLink::Url(url.clone()),
                None => SourceLink::MissingPage(target),
            };
        }
        let name = target.rsplit('/').next().unwrap_or(&target);
        let found = self.assets_by_name.get(name).and_then(|candidates| {
            candidates
                .iter()
                .filter(|(from, _)| from.ends_with(Path::new(&target)))
                .min_by_key(|(from, _)| from.as_os_str().len())
        });
        match found {
            Some((_, url)) => SourceLink::Url(url.clone()),
            None => SourceLink::NotSource,
        }
    }

    /// The destination to write instead of `dest` in the page at `page_url`
    /// made from `source`, or None to keep it as written.
    pub fn rewrite(&self, source: &Path, page_url: &str, dest: &str) -> Option<String> {
        let Dest::Path { path, fragment } = classify(dest) else {
            return None;
        };
        let is_md = path.to_ascii_lowercase().ends_with(".md");
        if !is_md {
            // A link that reaches a copied file from the page stays as it is.
            let reached = join_url(page_url, &path)?;
            if self.asset_urls.contains(&reached) || path.starts_with('/') {
                return None;
            }
        }
        match self.resolve_source(source, &path) {
            SourceLink::Url(url) if fragment.is_empty() => Some(url),
            SourceLink::Url(url) => Some(format!("{url}#{fragment}")),
            _ => None,
        }
    }
}

/// Replaces link and image destinations for which `rewrite` has a new one.
pub fn rewrite_event<'a>(e: Event<'a>, rewrite: &dyn Fn(&str) -> Option<String>) -> Event<'a> {
    match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = rewrite(&dest_url).map(CowStr::from).unwrap_or(dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = rewrite(&dest_url).map(CowStr::from).unwrap_or(dest_url);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

/// The literal values of `id="..."` (or `id='...'`) attributes in `html`.
pub fn html_ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("id=") {
        let at = from + i;
        from = at + 3;
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = &html[at + 3..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            let value = &rest[1..1 + end];
            if !value.contains(['{', '}']) {
                out.push(value.to_string());
            }
        }
    }
    out
}

/// The `src` of every `<img>` in the body's raw HTML, with its place: the
/// link check treats them as it treats `![](...)` images.
pub fn raw_images(parsed: &super::Parsed<'_>) -> Vec<super::BodyLink> {
    let mut out = Vec::new();
    for (e, r) in &parsed.events {
        if !matches!(e, Event::Html(_) | Event::InlineHtml(_)) {
            continue;
        }
        // Raw HTML passes through as written: find it in the source, so
        // that the offsets are the source's.
        let written = &parsed.text[r.clone()];
        for (start, end) in img_sources(written) {
            out.push(super::BodyLink {
                dest: written[start..end].to_string(),
                offset: r.start + start,
                len: end - start,
            });
        }
    }
    out
}

/// Byte ranges of the `src` values of the `<img>` tags in `html`.
fn img_sources(html: &str) -> Vec<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let at = from + i + 4;
        let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        from = at;
        if !lower[at..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/') {
            continue;
        }
        if let Some(range) = attribute(&lower, at, end, "src") {
            out.push(range);
        }
    }
    out
}

/// The byte range of the value of attribute `name` between `from` and `to`
/// of a tag (`lower` is lower-case ASCII, so offsets are the original's).
fn attribute(lower: &str, from: usize, to: usize, name: &str) -> Option<(usize, usize)> {
    let tag = &lower[from..to];
    let mut search = 0;
    while let Some(i) = tag[search..].find(name) {
        let at = search + i;
        search = at + name.len();
        if !tag[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = tag[search..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let start = tag.len() - value.len();
        let (start, len) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (start + 1, value[1..].find(q)?),
            _ => (
                start,
                value
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(value.len()),
            ),
        };
        return Some((from + start, from + start + len));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Article, Asset};

    fn site() -> Site {
        let mut site = Site::default();
        let article = |source: &str, url: &str| {
            std::sync::Arc::new(Article {
                source: source.into(),
                url: url.into(),
                ..crate::content::shape_sample()
            })
        };
        site.articles
            .push(article("content/analysis/x.md", "/analysis/x/"));
        site.articles.push(article(
            "content/analysis/trade/index.md",
            "/analysis/trade/",
        ));
        site.articles
            .push(article("content/commentary/a.md", "/commentary/a/"));
        site.assets.push(Asset {
            from: "/site/content/analysis/trade/data.csv".into(),
            url: "/analysis/trade/data.csv".into(),
        });
        site.assets.push(Asset {
            from: "/site/content/commentary/chart.png".into(),
            url: "/commentary/chart.png".into(),
        });
        site
    }

    #[test]
    fn raw_images_are_found_with_their_places() {
        let text = "Text <IMG alt=x SRC=\"/a/b.png\"> and\n\n<p><img data-src=no src='c d.svg'/></p>\n\n`<img src=code.png>`\n";
        let (parsed, _) = crate::markdown::Parsed::new(text);
        let images = raw_images(&parsed);
        let found: Vec<(&str, &str)> = images
            .iter()
            .map(|l| (l.dest.as_str(), &text[l.offset..l.offset + l.len]))
            .collect();
        assert_eq!(found, [("/a/b.png", "/a/b.png"), ("c d.svg", "c d.svg")]);
        assert_eq!(img_sources("<img src=x.png>"), [(9, 14)]);
        assert!(img_sources("<imgx src=a>").is_empty());
    }

    #[test]
    fn source_links_become_page_urls() {
        let index = LinkIndex::new(std::iter::once(&site()));
        let from = Path::new("content/commentary/a.md");
        assert_eq!(
            index.rewrite(from, "/commentary/a/", "../analysis/x.md"),
            Some("/analysis/x/".into())
        );
        assert_eq!(
            index.rewrite(from, "/commentary/a/", "../analysis/trade/index.md#table-1"),
            Some("/analysis/trade/#table-1".into())
        );
        assert_eq!(
            index.rewrite(from, "/commentary/a/", "/analysis/x.md"),
            Some("/analysis/x/".into())
        );
        // A file beside the article that the page URL would miss.
        assert_eq!(
            index.rewrite(from, "/commentary/a/", "chart.png"),
            Some("/commentary/chart.png".into())
        );
        // Links that work already are kept.
        let bundle = Path::new("content/analysis/trade/index.md");
        assert_eq!(index.rewrite(bundle, "/analysis/trade/", "data.csv"), None);
        assert_eq!(index.rewrite(from, "/commentary/a/", "/analysis/x/"), None);
        assert_eq!(
            index.rewrite(from, "/commentary/a/", "https://x.org/a.md"),
            None
        );
        assert_eq!(
            index.resolve_source(from, "../analysis/nope.md"),
            SourceLink::MissingPage("content/analysis/nope.md".into())
        );
    }

    #[test]
    fn urls_join_and_normalise() {
        assert_eq!(join_url("/a/b/", "c.png").unwrap(), "/a/b/c.png");
        assert_eq!(join_url("/a/b/", "../c/").unwrap(), "/a/c/");
        assert_eq!(join_url("/a/b/", "..").unwrap(), "/a/");
        assert_eq!(join_url("/a/", "../../x"), None);
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
        assert_eq!(classify("mailto:x@y.org"), Dest::External);
        assert_eq!(classify("#top"), Dest::SamePage { fragment: "top" });
    }
}
