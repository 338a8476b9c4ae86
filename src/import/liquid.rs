//! Liquid in Jekyll and Eleventy posts: the tags whose meaning is clear
//! (images, figures, code blocks, links to other posts, the site's base
//! URL) become markdown; every other tag stays in the text and is listed.

use super::report::{Note, NoteKind};
use super::text::excerpt;

/// Converts the Liquid of `body`; `post_url` gives the new URL of a post
/// named by its file (`2019-03-04-slug`), when it was imported.
pub fn convert(
    body: &str,
    post_url: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<Note>,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while let Some(off) = body[i..].find(['{']) {
        let at = i + off;
        out.push_str(&body[i..at]);
        let rest = &body[at..];
        let (close, is_tag) = if rest.starts_with("{%") {
            ("%}", true)
        } else if rest.starts_with("{{") {
            ("}}", false)
        } else {
            out.push('{');
            i = at + 1;
            continue;
        };
        let Some(end) = rest.find(close).map(|e| at + e + 2) else {
            out.push_str(rest);
            return out;
        };
        let whole = &body[at..end];
        let inner = whole[2..whole.len() - 2].trim().trim_matches('-').trim();
        if is_tag && (inner == "raw" || inner == "comment") {
            let closing = if inner == "raw" {
                "endraw"
            } else {
                "endcomment"
            };
            let stop = find_tag(body, end, closing);
            if inner == "raw" {
                out.push_str(&body[end..stop.map_or(body.len(), |s| s.0)]);
            }
            i = stop.map_or(body.len(), |s| s.1);
            continue;
        }
        let converted = if is_tag {
            tag(inner, post_url)
        } else {
            output(inner)
        };
        match converted {
            Some(text) => out.push_str(&text),
            None => {
                notes.push(Note::new(NoteKind::Liquid, excerpt(whole, 160)));
                out.push_str(whole);
            }
        }
        i = end;
    }
    out.push_str(&body[i..]);
    out
}

/// Start and end offsets of `{% name %}` after `from`.
fn find_tag(body: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(off) = body[i..].find("{%") {
        let at = i + off;
        let end = body[at..].find("%}").map(|e| at + e + 2)?;
        if body[at + 2..end - 2].trim().trim_matches('-').trim() == name {
            return Some((at, end));
        }
        i = end;
    }
    None
}

/// `{{ site.baseurl }}` and `{{ "/x" | relative_url }}`: the site path.
fn output(inner: &str) -> Option<String> {
    if matches!(inner, "site.baseurl" | "site.url" | "site.base_url") {
        return Some(String::new());
    }
    let (value, filter) = inner.split_once('|')?;
    let filter = filter.trim();
    if !matches!(filter, "relative_url" | "absolute_url" | "url") {
        return None;
    }
    let v = value.trim().trim_matches(['"', '\'']);
    (!v.contains(['{', '}', ' '])).then(|| v.to_string())
}

fn tag(inner: &str, post_url: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let words = split_args(args);
    match name {
        "highlight" => Some(format!("```{}", words.first().map_or("", |w| w.1.as_str()))),
        "endhighlight" => Some("```".into()),
        "image" | "img" => {
            let src = words.first()?.1.clone();
            let alt = words.get(1).map_or(String::new(), |w| w.1.clone());
            Some(format!("![{}]({src})", alt.replace(['[', ']'], "")))
        }
        "include" => {
            let get = |keys: &[&str]| {
                words
                    .iter()
                    .find(|(k, _)| k.as_deref().is_some_and(|k| keys.contains(&k)))
                    .map(|w| w.1.clone())
            };
            let src = get(&["image", "src", "url", "file", "path", "img"])?;
            let alt = get(&["alt", "title", "description"]).unwrap_or_default();
            let mut md = format!("![{}]({src})", alt.replace(['[', ']'], ""));
            if let Some(c) = get(&["caption"]).filter(|c| !c.is_empty()) {
                md.push_str(&format!("\n\n*{}*", c.trim()));
            }
            Some(md)
        }
        "post_url" => post_url(words.first()?.1.trim_end_matches(".md")),
        "link" => {
            let file = &words.first()?.1;
            let stem = file
                .rsplit('/')
                .next()?
                .rsplit_once('.')
                .map_or(file.as_str(), |s| s.0);
            post_url(stem)
        }
        _ => None,
    }
}

/// `"a b" key="v" c` -> [(None, "a b"), (Some("key"), "v"), (None, "c")].
fn split_args(s: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut key = None;
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c == '"' || c == '\'' {
                chars.next();
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    word.push(d);
                }
            } else if c == '=' && key.is_none() {
                chars.next();
                key = Some(std::mem::take(&mut word));
            } else if c.is_whitespace() || c == ',' {
                break;
            } else {
                word.push(c);
                chars.next();
            }
        }
        out.push((key, word));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_tags_are_converted_and_others_listed() {
        let mut notes = Vec::new();
        let urls = |s: &str| (s == "2019-03-04-hello").then(|| "/posts/hello/".to_string());
        let out = convert(
            "{% image \"/img/a.png\" \"A map\" %}\n{% include figure.html image=\"/b.jpg\" caption=\"Border\" alt=\"Trucks\" %}\n[x]({% post_url 2019-03-04-hello %}) [y]({{ site.baseurl }}/about/)\n{% highlight rust %}\nfn x() {}\n{% endhighlight %}\n{% raw %}{{ kept }}{% endraw %}\n{% youtube abc %}",
            &urls,
            &mut notes,
        );
        assert_eq!(
            out,
            "![A map](/img/a.png)\n![Trucks](/b.jpg)\n\n*Border*\n[x](/posts/hello/) [y](/about/)\n```rust\nfn x() {}\n```\n{{ kept }}\n{% youtube abc %}"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].kind, NoteKind::Liquid);
    }
}
