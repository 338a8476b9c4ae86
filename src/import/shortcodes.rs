//! WordPress shortcodes, which only WordPress itself can render: captions
//! become figures with their caption, embeds become links to what they
//! showed, and every other shortcode stays in the text and is listed.

use super::report::{Note, NoteKind};
use super::tags::escape_attr;
use super::text::excerpt;

/// Shortcodes that show a video, post, map or sound from another site.
const EMBEDS: &[&str] = &[
    "embed",
    "video",
    "audio",
    "youtube",
    "vimeo",
    "soundcloud",
    "tweet",
    "twitter",
    "instagram",
    "playlist",
    "googlemaps",
    "spotify",
    "facebook",
];

/// Names taken as shortcodes even without attributes or a closing tag.
const KNOWN: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "contact-form",
    "contact-form-7",
    "gravityform",
    "pdf-embedder",
    "toc",
    "button",
    "column",
    "columns",
    "fusion_builder_container",
    "vc_row",
    "vc_column",
    "et_pb_section",
    "su_note",
    "ninja_form",
];

/// One shortcode found in the text.
struct Found {
    name: String,
    attrs: Vec<(String, String)>,
    /// Text between `[name]` and `[/name]`, if it is closed.
    content: Option<String>,
    /// Byte range of the whole shortcode.
    range: std::ops::Range<usize>,
}

/// Rewrites captions and embeds; leaves other shortcodes and lists them.
pub fn rewrite(html: &str, notes: &mut Vec<Note>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(off) = html[i..].find('[') {
        let at = i + off;
        out.push_str(&html[i..at]);
        // `[[name]]` is how WordPress writes a shortcode as text.
        if html[at..].starts_with("[[")
            && let Some(end) = html[at + 2..].find("]]")
        {
            out.push_str(&html[at + 1..at + 2 + end + 1]);
            i = at + 2 + end + 2;
            continue;
        }
        match parse(html, at) {
            Some(sc) => {
                out.push_str(&render(&sc, &html[sc.range.clone()], notes));
                i = sc.range.end;
            }
            None => {
                out.push('[');
                i = at + 1;
            }
        }
    }
    out.push_str(&html[i..]);
    out
}

fn render(sc: &Found, original: &str, notes: &mut Vec<Note>) -> String {
    let attr = |k: &str| {
        sc.attrs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    match sc.name.as_str() {
        "caption" | "wp_caption" => caption(sc.content.as_deref().unwrap_or(""), attr("caption")),
        name if EMBEDS.contains(&name) => {
            let url = ["url", "src", "mp4", "href", "id", "0"]
                .iter()
                .find_map(|k| attr(k))
                .map(str::to_string)
                .or_else(|| sc.content.as_deref().map(|c| c.trim().to_string()))
                .filter(|u| !u.is_empty());
            notes.push(Note::new(NoteKind::Embed, excerpt(original, 160)));
            match url {
                Some(u) if u.starts_with("http") => {
                    let u = escape_attr(&u);
                    format!("\n\n<p><a href=\"{u}\">{u}</a></p>\n\n")
                }
                _ => original.to_string(),
            }
        }
        _ => {
            notes.push(Note::new(NoteKind::Shortcode, excerpt(original, 160)));
            original.to_string()
        }
    }
}

/// `[caption]<a><img></a> Text[/caption]` -> a figure with its caption.
fn caption(content: &str, attr_caption: Option<&str>) -> String {
    let content = content.trim();
    let lower = content.to_ascii_lowercase();
    let image_end = if lower.starts_with("<a") {
        lower.find("</a>").map(|e| e + 4)
    } else if lower.starts_with("<img") {
        super::tags::start_tags(content).first().map(|t| t.end)
    } else {
        None
    };
    let (image, text) = match image_end {
        Some(e) => (&content[..e], content[e..].trim()),
        None => (content, ""),
    };
    let text = match attr_caption {
        Some(c) if text.is_empty() => escape_attr(c),
        _ => text.to_string(),
    };
    format!("\n\n<figure>{image}<figcaption>{text}</figcaption></figure>\n\n")
}

/// A shortcode starting at `at` (which holds `[`), if it is one.
fn parse(html: &str, at: usize) -> Option<Found> {
    let rest = &html[at + 1..];
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = rest[name.len()..].chars().next()?;
    if !(after_name.is_whitespace() || after_name == ']' || after_name == '/') {
        return None;
    }
    let close_rel = bracket_end(&rest[name.len()..])?;
    let inner = &rest[name.len()..name.len() + close_rel];
    let self_closing = inner.trim_end().ends_with('/');
    let attrs = parse_attrs(inner.trim_end_matches('/'));
    let open_end = at + 1 + name.len() + close_rel + 1;
    let lname = name.to_ascii_lowercase();
    let closing = format!("[/{name}]");
    let (content, end) = match (!self_closing)
        .then(|| html[open_end..].find(&closing))
        .flatten()
    {
        Some(c) => (
            Some(html[open_end..open_end + c].to_string()),
            open_end + c + closing.len(),
        ),
        None => (None, open_end),
    };
    let looks_like = !attrs.is_empty() && attrs.iter().any(|(k, _)| k.parse::<usize>().is_err());
    let known = KNOWN.contains(&lname.as_str()) || EMBEDS.contains(&lname.as_str());
    if !(known || looks_like || content.is_some()) {
        return None;
    }
    Some(Found {
        name: lname,
        attrs,
        content,
        range: at..end,
    })
}

/// Offset of the `]` closing an opening tag, quotes respected.
fn bracket_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ']') => return Some(i),
            (None, '[') => return None,
            _ => {}
        }
    }
    None
}

/// `a="1" b='2' c=3 positional` -> pairs; positional values get "0", "1"...
fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.trim().char_indices().peekable();
    let s = s.trim();
    let mut positional = 0;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut key_end = start;
        while let Some(&(j, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key_end = j + c.len_utf8();
            chars.next();
        }
        let key = &s[start..key_end];
        if chars.peek().is_some_and(|&(_, c)| c == '=') {
            chars.next();
            let value = match chars.peek() {
                Some(&(j, q)) if q == '"' || q == '\'' => {
                    chars.next();
                    let close = s[j + 1..].find(q).map_or(s.len(), |e| j + 1 + e);
                    while chars.peek().is_some_and(|&(k, _)| k <= close) {
                        chars.next();
                    }
                    s[j + 1..close].to_string()
                }
                Some(&(j, _)) => {
                    let mut e = j;
                    while let Some(&(k, c)) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        e = k + c.len_utf8();
                        chars.next();
                    }
                    s[j..e].to_string()
                }
                None => String::new(),
            };
            out.push((key.to_ascii_lowercase(), value));
        } else if !key.is_empty() {
            let k = positional.to_string();
            positional += 1;
            out.push((k, key.trim_matches(['"', '\'']).to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_become_figures() {
        let mut notes = Vec::new();
        let out = rewrite(
            r#"[caption id="attachment_7" align="alignnone" width="300"]<a href="/big.jpg"><img src="/cat.jpg" alt="A cat" /></a> A <em>very</em> good cat[/caption]"#,
            &mut notes,
        );
        assert!(out.contains(r#"<figure><a href="/big.jpg"><img src="/cat.jpg" alt="A cat" /></a><figcaption>A <em>very</em> good cat</figcaption></figure>"#), "{out}");
        assert!(notes.is_empty());
    }

    #[test]
    fn embeds_become_links_and_others_stay() {
        let mut notes = Vec::new();
        let out = rewrite(
            "Watch: [embed]https://www.youtube.com/watch?v=abc[/embed] and [gallery ids=\"1,2\"] [sic] [[caption]] [1]",
            &mut notes,
        );
        assert!(
            out.contains(r#"<a href="https://www.youtube.com/watch?v=abc">"#),
            "{out}"
        );
        assert!(
            out.contains("[gallery ids=\"1,2\"] [sic] [caption] [1]"),
            "{out}"
        );
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].kind, NoteKind::Embed);
        assert_eq!(notes[1].kind, NoteKind::Shortcode);
    }
}
