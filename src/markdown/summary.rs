//! Part of the markdown stage: the summary a body gives when its front
//! matter has none, for lists, feeds and meta descriptions. The text before
//! a `<!-- more -->` comment, else the first paragraph, cut from the body's
//! one parse. Relative links are made site-absolute, because the summary is
//! shown on pages at other URLs.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::links;

const MORE_MARKER: &str = "<!-- more -->";

/// The summary's HTML from a body's events (links already rewritten).
pub(super) fn of(events: &[Event<'_>], page_url: &str) -> String {
    let marker = events.iter().position(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => h.contains(MORE_MARKER),
        _ => false,
    });
    match marker {
        Some(cut) => before(events, cut, page_url),
        None => first_paragraph(events, page_url),
    }
}

/// Everything before event `cut`, with the blocks still open there closed.
fn before(events: &[Event<'_>], cut: usize, page_url: &str) -> String {
    let mut open: Vec<TagEnd> = Vec::new();
    for e in &events[..cut] {
        match e {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    let closing = open
        .into_iter()
        .rev()
        .filter(|t| *t != TagEnd::HtmlBlock)
        .map(Event::End);
    // Footnote references would point at nothing on a list page.
    let events = events[..cut]
        .iter()
        .filter(|e| !matches!(e, Event::FootnoteReference(_)))
        .cloned()
        .chain(closing)
        .map(|e| absolute_links(e, page_url));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn first_paragraph(events: &[Event<'_>], page_url: &str) -> String {
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

/// A relative link or image made site-absolute against `page_url`.
fn absolute_links<'a>(e: Event<'a>, page_url: &str) -> Event<'a> {
    let fix = |url: &str| -> Option<String> {
        let relative =
            !(url.starts_with('/') || url.starts_with('#') || url.contains(':') || url.is_empty());
        relative.then(|| format!("{page_url}{url}"))
    };
    links::rewrite_event(e, &fix)
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn summary_is_first_paragraph_or_more_marker() {
        let r = render("First *para*.[^1]\n\nSecond.\n\n[^1]: note\n", "/s/a/");
        assert_eq!(r.summary_html, "<p>First <em>para</em>.</p>");
        let r = render(
            "One.\n\nTwo.[^n]\n\n<!-- more -->\n\nThree.\n\n[^n]: N.\n",
            "/s/a/",
        );
        assert!(r.summary_html.contains("Two.</p>"), "{}", r.summary_html);
        assert!(!r.summary_html.contains("Three."));
        let r2 = render("See [data](data.csv) and [x](/x/).\n", "/s/a/");
        assert_eq!(
            r2.summary_html,
            "<p>See <a href=\"/s/a/data.csv\">data</a> and <a href=\"/x/\">x</a>.</p>"
        );
    }

    #[test]
    fn a_marker_inside_a_paragraph_closes_it() {
        let r = render("One <!-- more --> two.\n", "/s/a/");
        assert_eq!(r.summary_html, "<p>One </p>\n");
        let r = render("```\n<!-- more -->\n```\n\nText.\n", "/s/a/");
        assert_eq!(r.summary_html, "<p>Text.</p>", "a marker in code is code");
    }
}
