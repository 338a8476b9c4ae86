//! Stage 3 of the pipeline: markdown -> HTML with pulldown-cmark. Adds
//! stable heading ids, a table of contents from `##`/`###`, highlighted code,
//! a summary, and word count. Bodies are trusted (editors write them), so
//! their raw HTML passes through; front-matter snippets are not trusted and
//! go through [`render_inline`], which escapes raw HTML.

mod highlight;
pub mod links;
mod site;

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use highlight::{CLASS_PREFIX, highlight_css};
pub use site::{ArticleHtml, BodyCache, SiteHtml, render_site};

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 220;
const MORE_MARKER: &str = "<!-- more -->";

/// One entry of a table of contents: a `##` heading and its `###` children.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
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
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a whole article body. `page_url` is where the page is published:
/// relative links in the summary are made site-absolute with it, because the
/// summary is also shown on list pages at other URLs.
pub fn render(body: &str, page_url: &str) -> Rendered {
    render_with(body, page_url, &|_| None)
}

/// As [`render`], replacing each link or image destination for which
/// `rewrite` has another (source paths such as `../analysis/x.md`, see
/// [`links::LinkIndex::rewrite`]).
pub fn render_with(
    body: &str,
    page_url: &str,
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(body, options())
        .map(|e| links::rewrite_event(e, rewrite))
        .collect();
    let toc = assign_heading_ids(&mut events);
    let events = highlight_code_blocks(events);
    let word_count = count_words(&events);

    let summary_html = match body.find(MORE_MARKER) {
        Some(i) => {
            let mut html = String::new();
            let events = Parser::new_ext(&body[..i], options())
                .map(|e| links::rewrite_event(e, rewrite))
                .map(|e| absolute_links(e, page_url));
            pulldown_cmark::html::push_html(&mut html, events);
            html
        }
        None => first_paragraph(&events, page_url),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html,
        toc,
        summary_html,
        word_count,
        reading_time: word_count.div_ceil(WORDS_PER_MINUTE).max(1),
    }
}

/// Front-matter markdown (summary, disclaimer, author note): links and
/// emphasis work, raw HTML is shown as text.
pub fn render_inline(text: &str) -> String {
    let events = Parser::new_ext(
        text,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION,
    )
    .map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim_end().to_string()
}

/// Gives every heading an id (its own `{#id}`, else one made from its text,
/// made unique) and collects the `##`/`###` ones into a table of contents.
fn assign_heading_ids(events: &mut [Event]) -> Vec<TocEntry> {
    let mut used: HashSet<String> = HashSet::new();
    // Explicit ids win: reserve them first so generated ones avoid them.
    for e in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            used.insert(id.to_string());
        }
    }
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.clone();
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title = plain_text(&events[i + 1..end]);
            let id = match explicit {
                Some(id) => id.to_string(),
                None => {
                    let id = unique_id(&title, &mut used);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    id
                }
            };
            let entry = TocEntry {
                id,
                title,
                children: Vec::new(),
            };
            match level {
                HeadingLevel::H2 => toc.push(entry),
                HeadingLevel::H3 => match toc.last_mut() {
                    Some(parent) => parent.children.push(entry),
                    None => toc.push(entry),
                },
                _ => {}
            }
            i = end;
        }
        i += 1;
    }
    toc
}

fn unique_id(title: &str, used: &mut HashSet<String>) -> String {
    let mut base = crate::content::slug::slugify(title);
    if base.is_empty() {
        base = "section".into();
    }
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
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

fn count_words(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

/// A relative link or image made site-absolute against `page_url`.
fn absolute_links<'a>(e: Event<'a>, page_url: &str) -> Event<'a> {
    let fix = |url: &str| -> Option<String> {
        let relative =
            !(url.starts_with('/') || url.starts_with('#') || url.contains(':') || url.is_empty());
        relative.then(|| format!("{page_url}{url}"))
    };
    links::rewrite_event(e, &fix)
}

fn first_paragraph(events: &[Event], page_url: &str) -> String {
    let Some(start) = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return String::new();
    };
    let end = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map_or(events.len(), |p| start + p + 1);
    // Footnote references would point at nothing on a list page.
    let events = events[start..end]
        .iter()
        .filter(|e| !matches!(e, Event::FootnoteReference(_)))
        .cloned()
        .map(|e| absolute_links(e, page_url));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim_end().to_string()
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
    fn summary_is_first_paragraph_or_more_marker() {
        let r = render("First *para*.[^1]\n\nSecond.\n\n[^1]: note\n", "/s/a/");
        assert_eq!(r.summary_html, "<p>First <em>para</em>.</p>");
        let r = render("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n", "/s/a/");
        let r2 = render("See [data](data.csv) and [x](/x/).\n", "/s/a/");
        assert_eq!(
            r2.summary_html,
            "<p>See <a href=\"/s/a/data.csv\">data</a> and <a href=\"/x/\">x</a>.</p>"
        );
        assert!(r.summary_html.contains("Two."));
        assert!(!r.summary_html.contains("Three."));
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
    fn counts_words_and_reading_time() {
        let r = render(&"word ".repeat(500), "/s/a/");
        assert_eq!(r.word_count, 500);
        assert_eq!(r.reading_time, 3);
    }
}
