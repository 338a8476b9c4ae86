//! Stage 3 of the pipeline: markdown -> HTML with pulldown-cmark. Each body
//! is parsed once, with the source offset of every event; that one parse
//! gives the heading ids and table of contents, the ids and links a page
//! has (for the link check), the events the lints read ([`Parsed`]), and
//! the HTML with highlighted code, a summary and a word count. Bodies are
//! trusted (editors write them), so their raw HTML passes through;
//! front-matter snippets are not trusted and go through [`render_inline`],
//! which escapes raw HTML.

pub mod figures;
mod headings;
mod highlight;
pub mod links;
pub mod notes;
mod site;
mod summary;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::safe_url::is_safe_link;

pub use highlight::{CLASS_PREFIX, highlight_css};
pub use links::LinkIndex;
pub use site::{ArticleHtml, BodyCache, Emit, Inspect, SiteHtml, StageOptions, render_site};

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 220;

/// One entry of a table of contents: a `##` heading and its `###` children.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link or image destination as written in a body, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub dest: String,
    /// Byte offset in the body of the destination as written (else of the
    /// whole link), and its length.
    pub offset: usize,
    pub len: usize,
}

/// A markdown body turned into HTML and what was learnt on the way.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The text before `<!-- more -->`, else the first paragraph.
    pub summary_html: String,
    pub word_count: usize,
    pub reading_time: usize,
    /// Every id the page's body defines: headings (as numbered here),
    /// footnotes, and `id="..."` in raw HTML.
    pub ids: HashSet<String>,
    /// A fingerprint of `ids`, to tell cheaply whether links into this
    /// page must be checked again.
    pub ids_key: u64,
    /// Every link and image, in order.
    pub links: Vec<BodyLink>,
    /// The body as plain text, blocks on lines of their own (what the
    /// search index reads).
    pub text: String,
}

/// A body parsed once: its text and events with their byte ranges, heading
/// ids already assigned. What the lints read.
pub struct Parsed<'a> {
    pub text: &'a str,
    pub events: Vec<(Event<'a>, Range<usize>)>,
}

/// The options every body is parsed with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

impl<'a> Parsed<'a> {
    /// Parses `text` and gives every heading its id; returns the table of
    /// contents too.
    pub fn new(text: &'a str) -> (Parsed<'a>, Vec<TocEntry>) {
        let mut events: Vec<(Event<'a>, Range<usize>)> = Parser::new_ext(text, options())
            .into_offset_iter()
            .collect();
        let toc = headings::assign_ids(&mut events);
        (Parsed { text, events }, toc)
    }
}

/// What to do with a body besides reading its ids and links.
pub struct Compile<'r> {
    /// Where the page is published: relative links in the summary are made
    /// site-absolute with it, because the summary is also shown on list
    /// pages at other URLs.
    pub page_url: &'r str,
    /// Replaces a link or image destination (source paths such as
    /// `../analysis/x.md`, see [`links::LinkIndex::rewrite`]).
    pub rewrite: &'r dyn Fn(&str) -> Option<String>,
    /// False when only ids, links and lints are wanted (`folio check`).
    pub html: bool,
}

/// Renders a whole body, handing the parsed events to `inspect` first.
pub fn compile(body: &str, how: &Compile<'_>, inspect: &mut dyn FnMut(&Parsed<'_>)) -> Rendered {
    let (parsed, toc) = Parsed::new(body);
    let (ids, ids_key) = page_ids(&parsed.events);
    let mut links = body_links(&parsed);
    links.extend(links::raw_images(&parsed));
    links.sort_by_key(|l| l.offset);
    inspect(&parsed);
    let mut out = Rendered {
        toc,
        ids,
        ids_key,
        links,
        ..Rendered::default()
    };
    if !how.html {
        return out;
    }
    let rewrite = how.rewrite;
    let events: Vec<Event> = parsed
        .events
        .into_iter()
        .map(|(e, _)| links::rewrite_event(e, rewrite))
        .collect();
    out.summary_html = summary::of(&events, how.page_url);
    out.text = text_of(&events);
    let events = highlight_code_blocks(events);
    out.word_count = count_words(&events);
    out.reading_time = out.word_count.div_ceil(WORDS_PER_MINUTE).max(1);
    out.html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// Renders a body with no links to rewrite and nothing to inspect.
pub fn render(body: &str, page_url: &str) -> Rendered {
    let how = Compile {
        page_url,
        rewrite: &|_| None,
        html: true,
    };
    compile(body, &how, &mut |_| {})
}

/// Front-matter markdown (summary, disclaimer, author note): links and
/// emphasis work, raw HTML is shown as text, and a link or image whose
/// address fails [`crate::safe_url`]'s rule (`javascript:`, `data:`, ...)
/// is shown as its text, never as a live link.
pub fn render_inline(text: &str) -> String {
    // Links do not nest, so one flag tells which end closes a dropped link.
    let mut dropped_link = false;
    let mut in_dropped_image = 0usize;
    let events = Parser::new_ext(
        text,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION,
    )
    .filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_link(dest_url) => {
            dropped_link = true;
            None
        }
        Event::End(TagEnd::Link) if dropped_link => {
            dropped_link = false;
            None
        }
        // An unsafe image shows its description as text.
        Event::Start(Tag::Image { ref dest_url, .. })
            if in_dropped_image > 0 || !is_safe_link(dest_url) =>
        {
            in_dropped_image += 1;
            None
        }
        Event::End(TagEnd::Image) if in_dropped_image > 0 => {
            in_dropped_image -= 1;
            None
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim_end().to_string()
}

/// Every id the HTML of a body defines (headings, footnotes, raw HTML
/// ids), and a fingerprint of them in the order they come.
fn page_ids(events: &[(Event, Range<usize>)]) -> (HashSet<String>, u64) {
    let mut ids = Vec::new();
    for (e, _) in events {
        match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => ids.push(id.to_string()),
            Event::Start(Tag::FootnoteDefinition(name)) => ids.push(name.to_string()),
            Event::Html(h) | Event::InlineHtml(h) => ids.extend(links::html_ids(h)),
            _ => {}
        }
    }
    let mut h = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&ids, &mut h);
    (ids.into_iter().collect(), std::hash::Hasher::finish(&h))
}

/// Every link and image destination with the place it is written.
fn body_links(parsed: &Parsed<'_>) -> Vec<BodyLink> {
    parsed
        .events
        .iter()
        .filter_map(|(e, r)| {
            let dest = match e {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => return None,
            };
            // Point at the destination as written, else at the link.
            let written = &parsed.text[r.clone()];
            let (offset, len) = match written.find(dest.as_ref()) {
                Some(i) if !dest.is_empty() => (r.start + i, dest.len()),
                _ => (r.start, r.end - r.start),
            };
            Some(BodyLink {
                dest: dest.to_string(),
                offset,
                len,
            })
        })
        .collect()
}

fn highlight_code_blocks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None;
    for e in events {
        match e {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    out.push(Event::Html(CowStr::from(highlight::code_block(
                        &lang, &text,
                    ))));
                }
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, text)) = code.as_mut() {
                    text.push_str(&t);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The text of a body's events: words as written, a line break after each
/// block, raw HTML left out.
fn text_of(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => s.push('\n'),
            _ => {}
        }
    }
    s
}

fn count_words(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => words_in(t),
            _ => 0,
        })
        .sum()
}

/// Words separated by white space (as `split_whitespace` counts them),
/// judged byte by byte where the text is ASCII.
fn words_in(t: &str) -> usize {
    let bytes = t.as_bytes();
    let (mut n, mut i, mut in_word) = (0, 0, false);
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            (matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C), 1)
        } else {
            t[i..]
                .chars()
                .next()
                .map_or((true, 1), |c| (c.is_whitespace(), c.len_utf8()))
        };
        if !space && !in_word {
            n += 1;
        }
        in_word = !space;
        i += len;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = render(
            "## Intro\n\ntext\n\n### Detail\n\n## Intro\n\n#### Deep\n",
            "/s/a/",
        );
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1"]);
        assert_eq!(r.toc[0].children[0].id, "detail");
        assert!(r.html.contains("<h2 id=\"intro\">Intro</h2>"));
        assert!(r.html.contains("<h4 id=\"deep\">"));
    }

    #[test]
    fn explicit_ids_are_kept() {
        let r = render("## Intro {#start}\n\n## Start\n", "/s/a/");
        assert_eq!(r.toc[0].id, "start");
        assert_eq!(r.toc[1].id, "start-1");
    }

    #[test]
    fn twenty_thousand_identical_headings_render() {
        let r = render(&"## Heading\n\n".repeat(20_000), "/s/a/");
        assert_eq!(r.toc.len(), 20_000);
        assert_eq!(r.toc[19_999].id, "heading-19999");
    }

    #[test]
    fn ids_and_links_of_a_body() {
        let r = render(
            "## Intro\n\nText[^n] <span id=\"here\">x</span> and [a](/x/#y).\n\n[^n]: Note\n",
            "/s/a/",
        );
        for id in ["intro", "n", "here"] {
            assert!(r.ids.contains(id), "{id} in {:?}", r.ids);
        }
        assert_eq!(r.links.len(), 1);
        let l = &r.links[0];
        assert_eq!(l.dest, "/x/#y");
        assert_eq!(
            &"## Intro\n\nText[^n] <span id=\"here\">x</span> and [a](/x/#y).\n\n[^n]: Note\n"
                [l.offset..l.offset + l.len],
            "/x/#y"
        );
    }

    #[test]
    fn unsafe_links_in_front_matter_are_text() {
        let html = render_inline("See [details](javascript:alert(3)) and [x](/ok/).");
        assert_eq!(html, "<p>See details and <a href=\"/ok/\">x</a>.</p>");
        for bad in [
            "[a](JavaScript:alert(1))",
            "[a](java\tscript:alert(1))",
            "[a](data:text/html,x)",
            "[a](vbscript:x)",
            "<javascript:alert(1)>",
            "![alt](javascript:x)",
            "[a](&#106;avascript:alert(1))",
        ] {
            let html = render_inline(bad);
            assert!(
                !html.contains("href") && !html.contains("src"),
                "{bad} -> {html}"
            );
        }
        for good in [
            "[a](https://x.org/)",
            "[a](mailto:a@b.org)",
            "[a](../x/)",
            "[a](#n)",
        ] {
            assert!(render_inline(good).contains("href"), "{good}");
        }
    }

    #[test]
    fn inline_markdown_escapes_html() {
        let html = render_inline("See [this](/x/) <script>alert(1)</script>");
        assert!(html.contains("<a href=\"/x/\">this</a>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn code_is_highlighted_with_prefixed_classes() {
        let r = render("```python\nx = 1\n```\n", "/s/a/");
        assert!(r.html.contains("<pre class=\"hl-code\""), "{}", r.html);
        assert!(r.html.contains("hl-"), "{}", r.html);
        let r = render("```nosuchlang\n<b>\n```\n", "/s/a/");
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            "  a  b ",
            "Pakistan’s “role”\u{a0}now",
            "a\u{2003}b\tc\u{b}d",
            "ü ü",
        ] {
            assert_eq!(words_in(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    #[test]
    fn counts_words_and_reading_time() {
        let r = render(&"word ".repeat(500), "/s/a/");
        assert_eq!(r.word_count, 500);
        assert_eq!(r.reading_time, 3);
    }

    #[test]
    fn checking_alone_writes_no_html() {
        let how = Compile {
            page_url: "/a/",
            rewrite: &|_| None,
            html: false,
        };
        let mut seen = 0;
        let r = compile("## A\n\nText.\n", &how, &mut |p| seen = p.events.len());
        assert!(r.html.is_empty());
        assert!(seen > 0);
        assert!(r.ids.contains("a"));
    }
}
