//! Just enough HTML scanning to rewrite what the converter must not see as
//! it is: finding tags, reading and replacing attribute values. Works on
//! byte offsets of the original text, so everything else is kept verbatim.

/// An HTML start tag found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Byte offsets of `<` and just past `>`.
    pub start: usize,
    pub end: usize,
    /// Lower-case element name.
    pub name: String,
}

/// Every start tag (`<a …>`, `<img …/>`) in `html`, in order. Comments and
/// end tags are skipped; a `>` inside a quoted attribute does not end a tag.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let Some(&next) = bytes.get(start + 1) else {
            break;
        };
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if !next.is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let Some(end) = tag_end(html, start) else {
            break;
        };
        let name: String = html[start + 1..end]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        out.push(Tag { start, end, name });
        i = end;
    }
    out
}

/// Offset just past the `>` closing the tag opened at `start`.
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (j, c) in html[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(start + j + 1),
            _ => {}
        }
    }
    None
}

/// An attribute of a tag: its name and the byte range of its value
/// (inside the quotes), relative to the tag text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub value: std::ops::Range<usize>,
    /// The whole `name="value"`, to remove it.
    pub whole: std::ops::Range<usize>,
}

/// The attributes of one tag's text (`<a href="x" id=y>`).
pub fn attributes(tag: &str) -> Vec<Attr> {
    let b = tag.as_bytes();
    let mut out = Vec::new();
    // Skip `<name`.
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            let (value, after) = match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let close = tag[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    (i + 1..close, (close + 1).min(b.len()))
                }
                _ => {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (s..i, i)
                }
            };
            out.push(Attr {
                name,
                value,
                whole: name_start..after,
            });
            i = after;
        } else {
            out.push(Attr {
                name,
                value: i..i,
                whole: name_start..i,
            });
        }
        if name_start == i {
            i += 1;
        }
    }
    out
}

/// The value of attribute `name` in a tag's text, with `&amp;` and the
/// like decoded.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    attributes(tag)
        .into_iter()
        .find(|a| a.name == name)
        .and_then(|a| tag.get(a.value))
        .map(decode_attr)
}

/// The entities URLs and captions in attributes usually carry.
pub fn decode_attr(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    crate::import::text::plain_text(&v.replace('<', "&lt;"))
}

/// `s` safe inside a double-quoted attribute.
pub fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Offset just past the `</name>` that closes the element whose start tag
/// ends at `from` (nested elements of the same name counted).
pub fn element_end(html: &str, name: &str, from: usize) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 1usize;
    let mut i = from;
    loop {
        let next_close = lower[i..].find(&close)? + i;
        let next_open = lower[i..].find(&open).map(|o| o + i);
        match next_open {
            Some(o) if o < next_close && is_name_end(&lower, o + open.len()) => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                let end = lower[next_close..].find('>')? + next_close + 1;
                if depth == 0 {
                    return Some(end);
                }
                i = end;
            }
        }
    }
}

fn is_name_end(s: &str, at: usize) -> bool {
    s.as_bytes()
        .get(at)
        .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_and_attributes() {
        let html = r#"<p class=x>a <a href="/x?a=1&amp;b=2" title='y > z'>b</a><!-- <img src=no> --><img src=pic.jpg /></p>"#;
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "a", "img"]);
        let a = &html[tags[1].start..tags[1].end];
        assert_eq!(attr(a, "href").as_deref(), Some("/x?a=1&b=2"));
        assert_eq!(attr(a, "title").as_deref(), Some("y > z"));
        let img = &html[tags[2].start..tags[2].end];
        assert_eq!(attr(img, "src").as_deref(), Some("pic.jpg"));
    }

    #[test]
    fn element_end_counts_nesting() {
        let html = "<ol><li><ol><li>x</li></ol></li></ol>after";
        assert_eq!(element_end(html, "ol", 4), Some(html.len() - 5));
    }
}
