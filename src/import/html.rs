//! WordPress post HTML to folio markdown. WordPress-only constructs are
//! rewritten first (shortcodes, `<!--more-->`, footnotes, embeds); classic
//! posts get WordPress's paragraphs (wpautop); links are handed to the
//! caller to rewrite; mdka does the conversion; placeholders come back as
//! markdown footnotes, the summary marker and the raw HTML that was kept.

use super::footnotes;
use super::report::{Note, NoteKind};
use super::shortcodes;
use super::tags::{attributes, element_end, escape_attr, start_tags};
use super::text::excerpt;

/// What a body became.
#[derive(Debug, Default)]
pub struct Converted {
    pub markdown: String,
    pub notes: Vec<Note>,
}

/// Elements markdown cannot hold; kept as raw HTML (bodies are trusted).
const RAW: &[&str] = &[
    "iframe", "script", "object", "embed", "video", "audio", "form",
];

/// Gutenberg blocks whose HTML the converter turns into plain markdown.
const PLAIN_BLOCKS: &[&str] = &[
    "paragraph",
    "heading",
    "list",
    "list-item",
    "image",
    "quote",
    "table",
    "separator",
    "more",
    "footnotes",
    "group",
    "columns",
    "column",
    "code",
    "preformatted",
    "pullquote",
    "freeform",
    "spacer",
    "verse",
    "gallery",
];

const MORE: &str = "FOLIOMOREZ";

fn raw_placeholder(n: usize) -> String {
    format!("FOLIORAW{n}Z")
}

/// Converts a post's `content:encoded`. `footnotes_meta` is Gutenberg's
/// `footnotes` post meta (JSON); `rewrite_url` gets every `href` and `src`
/// and returns a replacement, or None to keep it.
pub fn convert(
    html: &str,
    footnotes_meta: Option<&str>,
    rewrite_url: &mut dyn FnMut(&str) -> Option<String>,
) -> Converted {
    let mut notes = Vec::new();
    let gutenberg = html.contains("<!-- wp:");
    let mut html = if gutenberg {
        blocks(html, &mut notes)
    } else {
        html.to_string()
    };
    html = shortcodes::rewrite(&html, &mut notes);
    html = more_marker(&html, &mut notes);
    if !gutenberg {
        html = wpautop(&html);
    }
    let (with_placeholders, raw) = keep_raw(&html, &mut notes);
    let (html, defs) = footnotes::extract(&with_placeholders, footnotes_meta, &mut notes);
    let html = rewrite_urls(&html, rewrite_url);
    let mut md = to_markdown(&html);
    md = restore(&md, &raw, defs.len());
    if !defs.is_empty() {
        md.push_str("\n\n");
        for (i, def) in defs.iter().enumerate() {
            md.push_str(&footnote_text(i + 1, &rewrite_urls(def, rewrite_url)));
        }
    }
    Converted {
        markdown: tidy(&md),
        notes,
    }
}

/// HTML to markdown with mdka; ids are not kept as anchors (WordPress's
/// ids are its own and would litter the text).
pub fn to_markdown(html: &str) -> String {
    let opts = mdka::ConversionOptions::default().preserve_ids(false);
    mdka::html_to_markdown_with(html, &opts)
}

/// An excerpt or other short HTML as one line of inline markdown.
pub fn inline_markdown(html: &str) -> String {
    super::text::collapse_whitespace(&to_markdown(html))
}

fn footnote_text(n: usize, html: &str) -> String {
    let md = to_markdown(&format!("<p>{html}</p>"));
    let mut lines = md.trim().lines();
    let mut out = format!("[^{n}]: {}\n", lines.next().unwrap_or("").trim());
    for l in lines {
        if l.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("    {l}\n"));
        }
    }
    out
}

/// Gutenberg: embed blocks become links; blocks the converter does not
/// know are listed. The block comments themselves are dropped by mdka.
fn blocks(html: &str, notes: &mut Vec<Note>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(off) = html[i..].find("<!-- wp:") {
        let at = i + off;
        out.push_str(&html[i..at]);
        let Some(close) = html[at..].find("-->").map(|e| at + e + 3) else {
            break;
        };
        let comment = &html[at + 8..close - 3];
        let name = comment
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        let is_embed = name == "embed" || name.starts_with("core-embed/");
        if is_embed {
            let url = comment
                .find('{')
                .and_then(|j| {
                    serde_json::from_str::<serde_json::Value>(
                        comment[j..].trim_end_matches('/').trim(),
                    )
                    .ok()
                })
                .and_then(|v| v.get("url").and_then(|u| u.as_str()).map(str::to_string));
            let end_marker = format!("<!-- /wp:{name} -->");
            let block_end = html[close..]
                .find(&end_marker)
                .map(|e| close + e + end_marker.len());
            if let (Some(url), Some(end)) = (url, block_end) {
                notes.push(Note::new(NoteKind::Embed, url.clone()));
                let u = escape_attr(&url);
                out.push_str(&format!("\n\n<p><a href=\"{u}\">{u}</a></p>\n\n"));
                i = end;
                continue;
            }
        } else if !name.is_empty()
            && !PLAIN_BLOCKS.contains(&name.trim_start_matches("core/"))
            && !name.starts_with('/')
        {
            notes.push(Note::new(NoteKind::Block, format!("wp:{name}")));
        }
        out.push_str(&html[at..close]);
        i = close;
    }
    out.push_str(&html[i..]);
    out
}

/// `<!--more-->` (perhaps with its own link text) becomes folio's summary
/// marker; `<!--nextpage-->` has no equivalent and is dropped.
fn more_marker(html: &str, notes: &mut Vec<Note>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    let mut seen = false;
    while let Some(off) = html[i..].find("<!--") {
        let at = i + off;
        out.push_str(&html[i..at]);
        let end = html[at..].find("-->").map_or(html.len(), |e| at + e + 3);
        let body = html[at + 4..end.saturating_sub(3).max(at + 4)].trim();
        if body == "more" || body.starts_with("more ") {
            if !seen {
                out.push_str(&format!("\n\n<p>{MORE}</p>\n\n"));
            }
            seen = true;
        } else if body == "nextpage" {
            notes.push(Note::new(
                NoteKind::Changed,
                "<!--nextpage--> page break removed: the article is one page",
            ));
        } else {
            out.push_str(&html[at..end]);
        }
        i = end;
    }
    out.push_str(&html[i..]);
    out
}

/// Minimal wpautop: blank lines separate paragraphs, a single newline inside a paragraph is a
/// <br />, lines that start or end with a block-level tag and everything inside <pre> pass through.
pub fn wpautop(src: &str) -> String {
    const BLOCK: &[&str] = &[
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "hr",
        "dl",
        "dt",
        "dd",
        "section",
        "address",
        "!--",
        "iframe",
        "script",
        "style",
        "form",
    ];
    let tag = |s: &str| {
        s.trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '!' && c != '-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let is_block = |l: &str| {
        (l.starts_with('<') && BLOCK.contains(&tag(&l[1..]).as_str()))
            || (l.ends_with('>')
                && l.rfind('<')
                    .is_some_and(|i| BLOCK.contains(&tag(&l[i + 1..]).as_str())))
    };
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", para.join("<br />\n")));
            para.clear();
        }
    };
    let (mut out, mut para, mut in_pre) = (String::new(), Vec::new(), false);
    for line in src.lines() {
        let t = line.trim();
        if in_pre || t.starts_with("<pre") {
            if !in_pre {
                flush(&mut para, &mut out);
            }
            in_pre = !t.contains("</pre>");
            out.push_str(line);
            out.push('\n');
        } else if t.is_empty() || is_block(t) {
            flush(&mut para, &mut out);
            out.push_str(line);
            out.push('\n');
        } else {
            para.push(t);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Takes out the elements of [`RAW`] (iframes, scripts, …), leaving a
/// placeholder paragraph; returns them to put back after conversion.
fn keep_raw(html: &str, notes: &mut Vec<Note>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut kept = Vec::new();
    let mut i = 0;
    for t in start_tags(html) {
        if t.start < i || !RAW.contains(&t.name.as_str()) {
            continue;
        }
        let self_closed = t.name == "embed" || html[t.start..t.end].ends_with("/>");
        let end = if self_closed {
            Some(t.end)
        } else {
            element_end(html, &t.name, t.end)
        };
        let Some(end) = end else { continue };
        out.push_str(&html[i..t.start]);
        let raw = html[t.start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        notes.push(Note::new(NoteKind::Embed, excerpt(&raw, 160)));
        out.push_str(&format!("\n\n<p>{}</p>\n\n", raw_placeholder(kept.len())));
        kept.push(raw);
        i = end;
    }
    out.push_str(&html[i..]);
    (out, kept)
}

/// Hands every `href` and `src` to `rewrite`; drops `srcset`/`sizes`,
/// which list the old site's resized copies of an image.
pub fn rewrite_urls(html: &str, rewrite: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    for t in start_tags(html) {
        let tag = &html[t.start..t.end];
        let attrs = attributes(tag);
        if !attrs
            .iter()
            .any(|a| matches!(a.name.as_str(), "href" | "src" | "srcset" | "sizes"))
        {
            continue;
        }
        out.push_str(&html[i..t.start]);
        let mut j = 0;
        for a in attrs {
            match a.name.as_str() {
                "href" | "src" => {
                    let value = super::tags::decode_attr(&tag[a.value.clone()]);
                    if let Some(new) = rewrite(&value) {
                        out.push_str(&tag[j..a.whole.start]);
                        out.push_str(&format!("{}=\"{}\"", a.name, escape_attr(&new)));
                        j = a.whole.end;
                    }
                }
                "srcset" | "sizes" => {
                    out.push_str(tag[j..a.whole.start].trim_end());
                    j = a.whole.end;
                }
                _ => {}
            }
        }
        out.push_str(&tag[j..]);
        i = t.end;
    }
    out.push_str(&html[i..]);
    out
}

/// Puts back what the placeholders stood for.
fn restore(md: &str, raw: &[String], footnotes: usize) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        if line.trim() == MORE {
            out.push_str("<!-- more -->\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    // Highest numbers first, so FOLIORAW1Z never matches inside FOLIORAW12Z.
    for n in (0..raw.len()).rev() {
        out = out.replace(&raw_placeholder(n), &raw[n]);
    }
    for n in (1..=footnotes).rev() {
        out = out.replace(&footnotes::placeholder(n), &format!("[^{n}]"));
    }
    out
}

/// At most one blank line in a row, no trailing spaces, one final newline.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.lines() {
        let l = if line.ends_with("  ") && !line.trim().is_empty() {
            line // a hard line break: two spaces kept
        } else {
            line.trim_end()
        };
        if l.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(l);
        out.push('\n');
    }
    out.trim_matches('\n').to_string() + "\n"
}
