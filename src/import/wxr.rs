//! Streaming a WordPress export (WXR): one author or item at a time, never
//! the whole file in memory, each with the line it starts on so a broken
//! item can be pointed at. Namespaces are matched by URI, and depth is
//! tracked so a comment's `wp:status` never leaks into its post.
//!
//! WordPress has written the `wp` namespace as `http://` and `https://`
//! `wordpress.org/export/1.0/`, `1.1/` and `1.2/`; all of them are the same
//! namespace here (as in the reference importer's `WXR_Parser_XML_Processor`),
//! and a prefix bound to any other URI is not WordPress's, whatever it is
//! called. A file that uses the usual prefixes without declaring them is
//! read as WordPress's SimpleXML parser reads it: as the WXR namespaces.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

/// An author of the export (`<wp:author>`).
#[derive(Debug, Clone, Default)]
pub struct WxrAuthor {
    pub login: String,
    /// Read only so that it can be kept out of everything written.
    pub email: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub line: usize,
}

/// A category or tag of an item.
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// `category` or `post_tag` (others: custom taxonomies).
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// One `<item>`: a post, page, attachment, menu item, …
#[derive(Debug, Clone, Default)]
pub struct WxrItem {
    /// Line of `<item>` in the export.
    pub line: usize,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: String,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_type: String,
    pub post_parent: String,
    pub menu_order: String,
    pub password: String,
    pub attachment_url: String,
    /// RSS `pubDate` (RFC 2822), for an item without `wp:post_date`.
    pub pub_date: String,
    pub terms: Vec<Term>,
    /// Post meta that the import uses (`footnotes`, `_thumbnail_id`).
    pub meta: Vec<(String, String)>,
    pub comments: usize,
    /// A CDATA section of the item held an unescaped `]]>`.
    pub broken_cdata: bool,
}

impl WxrItem {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// What the export holds, in file order.
#[derive(Debug)]
pub enum Record {
    /// An address of the site: the channel's `link`, `wp:base_site_url`
    /// or `wp:base_blog_url`.
    SiteUrl(String),
    /// `wp:wxr_version` of the channel, as written.
    Version(String),
    Author(WxrAuthor),
    Item(Box<WxrItem>),
}

/// Malformed XML, with where it was found.
#[derive(Debug, Clone)]
pub struct WxrError {
    pub line: usize,
    pub message: String,
}

const META_KEPT: &[&str] = &["footnotes", "_thumbnail_id"];

/// Reads records one by one from an export file.
pub struct WxrReader {
    reader: NsReader<BufReader<LineCounter<File>>>,
    buf: Vec<u8>,
    stack: Vec<String>,
    text: String,
    item: Option<WxrItem>,
    author: Option<WxrAuthor>,
    term: Option<Term>,
    meta_key: String,
    pub total_bytes: u64,
}

impl WxrReader {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let file = File::open(path)?;
        let total_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        let counter = LineCounter::new(file);
        let mut reader = NsReader::from_reader(BufReader::with_capacity(CHUNK, counter));
        reader.config_mut().trim_text(false);
        Ok(WxrReader {
            reader,
            buf: Vec::new(),
            stack: Vec::new(),
            text: String::new(),
            item: None,
            author: None,
            term: None,
            meta_key: String::new(),
            total_bytes,
        })
    }

    /// Bytes read so far, for progress.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    fn line(&self) -> usize {
        self.reader
            .get_ref()
            .get_ref()
            .line_at(self.reader.buffer_position())
    }

    fn error(&self, e: impl std::fmt::Display) -> WxrError {
        let at = self.reader.error_position();
        WxrError {
            line: self.reader.get_ref().get_ref().line_at(at),
            message: e.to_string(),
        }
    }

    /// The next author, item or channel field; None at the end.
    pub fn next_record(&mut self) -> Result<Option<Record>, WxrError> {
        loop {
            self.buf.clear();
            let event = self.reader.read_resolved_event_into(&mut self.buf);
            let (ns, event) = match event {
                Ok((ns, e)) => (namespace(&ns), e.into_owned()),
                Err(e) => return Err(self.error(e)),
            };
            match event {
                Event::Start(e) => {
                    let key = element_key(ns, &e);
                    self.text.clear();
                    self.start(&key, &e);
                    self.stack.push(key);
                }
                Event::Empty(e) => {
                    let key = element_key(ns, &e);
                    self.text.clear();
                    self.start(&key, &e);
                    self.stack.push(key);
                    if let Some(r) = self.end() {
                        return Ok(Some(r));
                    }
                }
                Event::End(_) => {
                    if let Some(r) = self.end() {
                        return Ok(Some(r));
                    }
                }
                Event::Text(t) => {
                    let text = t.xml10_content();
                    // `]]>` is not allowed in text: a CDATA section held
                    // one unescaped, and ended there (crazy-cdata.xml).
                    if text.contains("]]>")
                        && let Some(i) = self.item.as_mut()
                    {
                        i.broken_cdata = true;
                    }
                    self.text.push_str(&text);
                }
                Event::CData(c) => self.text.push_str(&c.into_inner()),
                Event::GeneralRef(g) => match g.resolve_char_ref() {
                    Ok(Some(ch)) => self.text.push(ch),
                    _ => {
                        let name = g.into_inner();
                        match resolve_predefined_entity(&name) {
                            Some(s) => self.text.push_str(s),
                            // An HTML entity (`&nbsp;`) where XML knows none:
                            // kept as written, for the HTML reader to decode.
                            None => {
                                self.text.push('&');
                                self.text.push_str(&name);
                                self.text.push(';');
                            }
                        }
                    }
                },
                Event::Eof => return Ok(None),
                _ => {}
            }
        }
    }

    fn start(&mut self, key: &str, e: &quick_xml::events::BytesStart<'_>) {
        let depth = self.stack.len();
        let parent = self.stack.last().map(String::as_str);
        if depth == 2 && key == "item" {
            self.item = Some(WxrItem {
                line: self.line(),
                ..WxrItem::default()
            });
        } else if depth == 2 && key == "wp:author" {
            self.author = Some(WxrAuthor {
                line: self.line(),
                ..WxrAuthor::default()
            });
        } else if depth == 3 && parent == Some("item") && key == "category" {
            let attr = |n: &str| {
                e.try_get_attribute(n)
                    .ok()
                    .flatten()
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .unwrap_or_default()
            };
            self.term = Some(Term {
                domain: attr("domain"),
                nicename: attr("nicename"),
                name: String::new(),
            });
        }
    }

    fn end(&mut self) -> Option<Record> {
        let key = self.stack.pop()?;
        let text = std::mem::take(&mut self.text);
        let depth = self.stack.len();
        let parent = self.stack.last().map(String::as_str);
        match (depth, parent) {
            (2, Some("channel")) if key == "item" => {
                return self.item.take().map(|i| Record::Item(Box::new(i)));
            }
            (2, Some("channel")) if key == "wp:author" => {
                return self.author.take().map(Record::Author);
            }
            (2, Some("channel"))
                if matches!(
                    key.as_str(),
                    "link" | "wp:base_site_url" | "wp:base_blog_url"
                ) =>
            {
                return Some(Record::SiteUrl(text.trim().to_string()));
            }
            (2, Some("channel")) if key == "wp:wxr_version" => {
                return Some(Record::Version(text.trim().to_string()));
            }
            (3, Some("item")) => self.item_field(&key, text),
            (3, Some("wp:author")) => {
                if let Some(a) = self.author.as_mut() {
                    let v = text.trim().to_string();
                    match key.as_str() {
                        "wp:author_login" => a.login = v,
                        "wp:author_email" => a.email = v,
                        "wp:author_display_name" => a.display_name = v,
                        "wp:author_first_name" => a.first_name = v,
                        "wp:author_last_name" => a.last_name = v,
                        _ => {}
                    }
                }
            }
            (4, Some("wp:postmeta")) => match key.as_str() {
                "wp:meta_key" => self.meta_key = text.trim().to_string(),
                "wp:meta_value" if META_KEPT.contains(&self.meta_key.as_str()) => {
                    if let Some(i) = self.item.as_mut() {
                        i.meta.push((std::mem::take(&mut self.meta_key), text));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        None
    }

    fn item_field(&mut self, key: &str, text: String) {
        let Some(item) = self.item.as_mut() else {
            return;
        };
        let slot = match key {
            "title" => &mut item.title,
            "link" => &mut item.link,
            "dc:creator" => &mut item.creator,
            "content:encoded" => &mut item.content,
            "excerpt:encoded" => &mut item.excerpt,
            "wp:post_id" => &mut item.post_id,
            "wp:post_date" => &mut item.post_date,
            "wp:post_date_gmt" => &mut item.post_date_gmt,
            "wp:post_name" => &mut item.post_name,
            "wp:status" => &mut item.status,
            "wp:post_type" => &mut item.post_type,
            "wp:post_parent" => &mut item.post_parent,
            "wp:menu_order" => &mut item.menu_order,
            "wp:post_password" => &mut item.password,
            "wp:attachment_url" => &mut item.attachment_url,
            "pubDate" => &mut item.pub_date,
            "wp:comment" => {
                item.comments += 1;
                return;
            }
            "category" => {
                if let Some(mut t) = self.term.take() {
                    t.name = text.trim().to_string();
                    item.terms.push(t);
                }
                return;
            }
            _ => return,
        };
        *slot = if key == "content:encoded" || key == "excerpt:encoded" {
            text
        } else {
            text.trim().to_string()
        };
    }
}

/// Why a file whose channel has this `wp:wxr_version` is not a WordPress
/// export, if it is not. The reference importer refuses a file without a
/// version, or with one that is not a number: it is some other RSS feed,
/// or its `wp` namespace is not WordPress's, and nothing in it reads right.
pub fn version_problem(version: Option<&str>) -> Option<String> {
    let numeric = |v: &str| {
        v.split_once('.').is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
        })
    };
    match version {
        Some(v) if numeric(v) => None,
        Some(v) => Some(format!(
            "this is not a WordPress export: its WXR version `{v}` is not a number such as 1.2"
        )),
        None => Some("this is not a WordPress export: it has no <wp:wxr_version> in the namespace of WordPress's exports (https://wordpress.org/export/1.2/ or an earlier version)".to_string()),
    }
}

/// The prefix (`wp`, `excerpt`, `content`, `dc`) whose meaning an element's
/// namespace has, or "" for RSS's own elements and anything unknown.
fn namespace(ns: &ResolveResult<'_>) -> &'static str {
    match ns {
        ResolveResult::Bound(Namespace(n)) => prefix_of_uri(n),
        // Undeclared: WordPress's SimpleXML parser takes the usual prefixes
        // as the WXR namespaces; every other one means nothing.
        ResolveResult::Unknown(p) => match p.as_str() {
            "wp" => "wp",
            "excerpt" => "excerpt",
            "content" => "content",
            "dc" => "dc",
            _ => "?",
        },
        ResolveResult::Unbound => "",
    }
}

/// `wp` for every version of the export namespace, with either scheme
/// (`https://wordpress.org/export/1.2/`), `excerpt` for its excerpt
/// namespace, `content` and `dc` for the RSS modules; "?" for other URIs.
fn prefix_of_uri(uri: &str) -> &'static str {
    let Some(rest) = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
    else {
        return "?";
    };
    if let Some(v) = rest.strip_prefix("wordpress.org/export/") {
        let (version, tail) = v.split_once('/').unwrap_or((v, "?"));
        let is_version = !version.is_empty()
            && version
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        return match tail {
            "" if is_version => "wp",
            "excerpt/" if is_version => "excerpt",
            _ => "?",
        };
    }
    match rest {
        "purl.org/rss/1.0/modules/content/" => "content",
        "purl.org/dc/elements/1.1/" => "dc",
        _ => "?",
    }
}

/// The key of an element. An unprefixed element in a default namespace
/// folio does not know is taken as RSS's own (`<item>`, `<title>`).
fn element_key(prefix: &'static str, e: &quick_xml::events::BytesStart<'_>) -> String {
    let name = e.name();
    let prefix = if prefix == "?" && name.prefix().is_none() {
        ""
    } else {
        prefix
    };
    key(prefix, name.local_name().as_ref())
}

/// `wp:post_id`, `content:encoded`, `excerpt:encoded`, `dc:creator`, or the
/// bare local name, whatever prefixes the file happens to use. An element
/// of a foreign namespace keeps a mark, so it never passes for RSS's own.
fn key(prefix: &str, local: &str) -> String {
    match (prefix, local) {
        ("", _) => local.to_string(),
        // The accessibility team's test export writes `wp:wp_author`;
        // the reference importer reads it as `wp:author`.
        ("wp", "wp_author") => "wp:author".to_string(),
        _ => format!("{prefix}:{local}"),
    }
}

const CHUNK: usize = 64 * 1024;
/// Chunks whose newlines are remembered: the parser is never further
/// behind the reading than its buffer, one chunk.
const KEPT: usize = 4;

/// Counts lines as the file is read, keeping the newline offsets of the
/// last few chunks, so the line of a recent position is known without
/// keeping the file.
struct LineCounter<R> {
    inner: R,
    read: u64,
    /// Newlines before the first kept chunk.
    lines_before: usize,
    /// Offsets of newlines in the kept chunks, with each chunk's count.
    chunks: std::collections::VecDeque<Vec<u64>>,
}

impl<R: Read> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            read: 0,
            lines_before: 0,
            chunks: std::collections::VecDeque::new(),
        }
    }

    /// 1-based line of byte offset `at` (which must be recent).
    fn line_at(&self, at: u64) -> usize {
        let kept = self
            .chunks
            .iter()
            .flat_map(|c| c.iter())
            .filter(|&&o| o < at)
            .count();
        self.lines_before + kept + 1
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let base = self.read;
        let newlines: Vec<u64> = buf[..n]
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| base + i as u64)
            .collect();
        self.chunks.push_back(newlines);
        if self.chunks.len() > KEPT
            && let Some(old) = self.chunks.pop_front()
        {
            self.lines_before += old.len();
        }
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_and_scheme_of_the_namespace_is_wordpress_s() {
        for v in ["1.0", "1.1", "1.2"] {
            for scheme in ["http", "https"] {
                let wp = format!("{scheme}://wordpress.org/export/{v}/");
                assert_eq!(prefix_of_uri(&wp), "wp", "{wp}");
                assert_eq!(prefix_of_uri(&format!("{wp}excerpt/")), "excerpt");
            }
        }
        for other in [
            "http://example.com/fake/",
            "http://wordpress.org/export/",
            "http://wordpress.org/export/x/",
            "https://wordpress.org/export/1.2/other/",
            "ftp://wordpress.org/export/1.2/",
        ] {
            assert_eq!(prefix_of_uri(other), "?", "{other}");
        }
        assert_eq!(prefix_of_uri("https://purl.org/dc/elements/1.1/"), "dc");
        assert_eq!(key("wp", "wp_author"), "wp:author");
        assert_eq!(key("?", "post_type"), "?:post_type");
    }

    #[test]
    fn a_version_must_be_a_number() {
        assert_eq!(version_problem(Some("1.2")), None);
        assert!(version_problem(Some("abc")).is_some());
        assert!(version_problem(Some("1.")).is_some());
        assert!(version_problem(None).is_some());
    }
}
