//! Part of the check step: accessibility of what editors write.
//! `missing-alt` (an image without alt text, in the body or as `image:`),
//! `heading-skip` (`##` then `####`), `vague-link-text` ("click here") and
//! `table-header` (a table without a header row).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::text::{Body, inner_text};
use crate::content::Article;
use crate::diagnostics::Diagnostic;

/// Link texts that say nothing about where the link goes.
const VAGUE: &[&str] = &[
    "here",
    "click here",
    "click",
    "this",
    "this link",
    "link",
    "read more",
    "more",
    "go here",
    "see here",
    "this page",
];

pub fn check(a: &Article, body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    body_checks(body, out);
    if a.image.is_some() && a.image_alt.as_deref().is_none_or(|s| s.trim().is_empty()) {
        out.push(
            a.header
                .point(
                    "image",
                    Diagnostic::warning(&a.source, "the article's `image` has no alt text"),
                )
                .code("missing-alt")
                .help("add `image_alt:` with a short description of what the image shows"),
        );
    }
}

fn body_checks(body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    let events = body.events;
    // The title is the page's level 1 heading.
    let mut previous = 1u8;
    let mut html_block = String::new();
    let mut html_start = None;
    for (i, (e, r)) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Image { .. }) => {
                let (alt, _) = inner_text(events, i);
                if alt.trim().is_empty() {
                    out.push(
                        body.at(Diagnostic::warning(body.file, "image without alt text"), r.start, r.end - r.start)
                            .code("missing-alt")
                            .help("write what the image shows between the brackets: ![Monthly exports, 2025](chart.png)"),
                    );
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                if level > previous + 1 {
                    let hashes = |n: u8| "#".repeat(n as usize);
                    out.push(
                        body.at(
                            Diagnostic::warning(
                                body.file,
                                format!(
                                    "heading level skipped: `{}` follows `{}`{}",
                                    hashes(level),
                                    hashes(previous),
                                    if previous == 1 { " (the title)" } else { "" }
                                ),
                            ),
                            r.start,
                            level as usize,
                        )
                        .code("heading-skip")
                        .help(format!("use `{}` here: screen-reader users move through a page by its heading levels", hashes(previous + 1))),
                    );
                }
                previous = level;
            }
            Event::Start(Tag::Link { .. }) => {
                let (text, _) = inner_text(events, i);
                let plain = text
                    .trim()
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if VAGUE.contains(&plain.as_str()) {
                    out.push(
                        body.at(
                            Diagnostic::warning(body.file, format!("the link text “{}” does not say where the link goes", text.trim())),
                            r.start,
                            r.end - r.start,
                        )
                        .code("vague-link-text")
                        .help("put the link on words that name its target, e.g. “see [the brief on verification](...)”"),
                    );
                }
            }
            Event::Start(Tag::TableHead) => {
                let (head, _) = inner_text(events, i);
                if head.trim().is_empty() {
                    let start = events[..i]
                        .iter()
                        .rev()
                        .find(|(e, _)| matches!(e, Event::Start(Tag::Table(_))))
                        .map_or(r.start, |(_, r)| r.start);
                    out.push(
                        body.at(
                            Diagnostic::warning(
                                body.file,
                                "table without a header row: its first row is empty",
                            ),
                            start,
                            r.end.saturating_sub(start),
                        )
                        .code("table-header")
                        .help("write the column names in the first row, above the `| --- |` line"),
                    );
                }
            }
            Event::Html(h) => {
                html_start.get_or_insert(r.start);
                html_block.push_str(h);
            }
            Event::End(TagEnd::HtmlBlock) => {
                raw_html(body, &html_block, html_start.unwrap_or(r.start), out);
                html_block.clear();
                html_start = None;
            }
            Event::InlineHtml(h) => raw_html(body, h, r.start, out),
            _ => {}
        }
    }
}

/// `<img>` without `alt`, `<table>` without `<th>`, in raw HTML.
fn raw_html(body: &Body<'_>, html: &str, start: usize, out: &mut Vec<Diagnostic>) {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let at = from + i;
        let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        let tag = &lower[at..end];
        from = end;
        if !tag
            .split(|c: char| c.is_whitespace())
            .any(|a| a.starts_with("alt=") || a == "alt")
        {
            // Raw HTML is passed through as written: its offsets are the source's.
            let offset = start + at;
            out.push(
                body.at(
                    Diagnostic::warning(
                        body.file,
                        "image without alt text (an <img> with no alt attribute)",
                    ),
                    offset,
                    4,
                )
                .code("missing-alt")
                .help("add alt=\"what the image shows\" (alt=\"\" for a purely decorative image)"),
            );
        }
    }
    if lower.contains("<table") && lower.contains("</table") && !lower.contains("<th") {
        out.push(
            body.at(
                Diagnostic::warning(body.file, "table without a header row (no <th> cells)"),
                start,
                6,
            )
            .code("table-header")
            .help("make the cells of the first row <th> instead of <td>"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn codes(md: &str) -> Vec<&'static str> {
        let (parsed, _) = crate::markdown::Parsed::new(md);
        let body = Body::new(Path::new("a.md"), &parsed, 1);
        let mut out = Vec::new();
        body_checks(&body, &mut out);
        out.into_iter().filter_map(|d| d.code).collect()
    }

    #[test]
    fn images_need_alt() {
        assert_eq!(codes("![](chart.png)\n"), ["missing-alt"]);
        assert_eq!(codes("<img src=\"x.png\">\n"), ["missing-alt"]);
        assert!(codes("![Exports by month](chart.png) <img src=x.png alt=\"\">\n").is_empty());
    }

    #[test]
    fn headings_do_not_skip() {
        assert_eq!(codes("## A\n\n#### B\n"), ["heading-skip"]);
        assert_eq!(codes("### A\n"), ["heading-skip"]);
        assert!(codes("## A\n\n### B\n\n## C\n").is_empty());
    }

    #[test]
    fn links_say_where_they_go() {
        assert_eq!(codes("Read it [here](/x/).\n"), ["vague-link-text"]);
        assert_eq!(codes("[Click here!](/x/)\n"), ["vague-link-text"]);
        assert!(codes("Read [the brief](/x/) here.\n").is_empty());
    }

    #[test]
    fn tables_have_headers() {
        assert_eq!(codes("| | |\n| --- | --- |\n| a | b |\n"), ["table-header"]);
        assert_eq!(
            codes("<table><tr><td>a</td></tr></table>\n"),
            ["table-header"]
        );
        assert!(codes("| A | B |\n| --- | --- |\n| a | b |\n").is_empty());
    }
}
