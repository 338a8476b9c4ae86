//! Links in imported bodies: which point at another imported item (and so
//! get its folio URL), which at the old site's uploads, which at pages of
//! the old site that were not imported (listed), and which elsewhere.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::paths::percent_decode;

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An imported item: its new URL (with the link's `#fragment`).
    Item(String),
    /// A file under `wp-content/uploads/`: its path below that folder and
    /// its absolute address on the old site.
    Upload { rel: String, absolute: String },
    /// A page of the old site that was not imported.
    OldSite,
    /// Another site, this page, mail, or a relative path: left alone.
    Elsewhere,
}

/// Old addresses of the imported items and how to recognise the old site.
#[derive(Debug, Default)]
pub struct LinkMap {
    /// Host names of the old site, lower case, without `www.`.
    hosts: Vec<String>,
    /// `scheme://host` of the old site, to make site paths absolute.
    origin: String,
    by_path: HashMap<String, String>,
    by_id: HashMap<String, String>,
}

impl LinkMap {
    /// `urls`: the export's site and blog addresses.
    pub fn new(urls: &[String]) -> Self {
        let mut map = LinkMap::default();
        for u in urls {
            if let Some((scheme, rest)) = u.split_once("://") {
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                if host.is_empty() {
                    continue;
                }
                if map.origin.is_empty() {
                    map.origin = format!("{scheme}://{host}");
                }
                let h = normal_host(host);
                if !map.hosts.contains(&h) {
                    map.hosts.push(h);
                }
            }
        }
        map
    }

    /// Records that the item at `old` (a URL or path) with WordPress id
    /// `id` is now at `new_url`.
    pub fn add(&mut self, old: &str, id: &str, new_url: &str) {
        if let Some(path) = self.site_path(old) {
            let path = path.split(['?', '#']).next().unwrap_or("");
            self.by_path.insert(normal_path(path), new_url.to_string());
        }
        if !id.is_empty() {
            self.by_id.insert(id.to_string(), new_url.to_string());
        }
        // A link already written with the new address (Liquid's post_url).
        self.by_path
            .entry(normal_path(new_url))
            .or_insert_with(|| new_url.to_string());
    }

    /// The new URL of an old address, if it was imported.
    pub fn lookup_path(&self, path: &str) -> Option<&str> {
        self.by_path.get(&normal_path(path)).map(String::as_str)
    }

    /// The path (with query and fragment) of a URL on the old site.
    fn site_path<'a>(&self, url: &'a str) -> Option<&'a str> {
        let url = url.trim();
        let rest = if let Some((scheme, rest)) = url.split_once("://") {
            if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
                return None;
            }
            rest
        } else if let Some(rest) = url.strip_prefix("//") {
            rest
        } else if url.starts_with('/') {
            return Some(url);
        } else {
            return None;
        };
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if !self.hosts.contains(&normal_host(&rest[..host_end])) {
            return None;
        }
        Some(if host_end == rest.len() {
            "/"
        } else {
            &rest[host_end..]
        })
    }

    /// A site path of the old site as an absolute address on it (as
    /// given when it is already absolute, or when the old address is unknown).
    pub fn absolute(&self, url: &str) -> String {
        let u = url.trim();
        if u.starts_with('/') && !u.starts_with("//") && !self.origin.is_empty() {
            format!("{}{u}", self.origin)
        } else {
            u.to_string()
        }
    }

    pub fn resolve(&self, url: &str) -> Target {
        let Some(path) = self.site_path(url) else {
            return Target::Elsewhere;
        };
        let (before, fragment) = match path.split_once('#') {
            Some((b, f)) => (b, format!("#{f}")),
            None => (path, String::new()),
        };
        let (path_only, query) = before.split_once('?').unwrap_or((before, ""));
        if let Some(i) = path_only.find("/wp-content/uploads/") {
            let rel = &path_only[i + "/wp-content/uploads/".len()..];
            let absolute = if url.trim().starts_with('/') && !url.trim().starts_with("//") {
                format!("{}{}", self.origin, url.trim())
            } else {
                url.trim().to_string()
            };
            return Target::Upload {
                rel: percent_decode(rel).unwrap_or_else(|| rel.to_string()),
                absolute,
            };
        }
        for pair in query.split('&') {
            if let Some((k, v)) = pair.split_once('=')
                && matches!(k, "p" | "page_id")
                && let Some(new) = self.by_id.get(v)
            {
                return Target::Item(format!("{new}{fragment}"));
            }
        }
        match self.lookup_path(path_only) {
            Some(new) => Target::Item(format!("{new}{fragment}")),
            None => Target::OldSite,
        }
    }
}

/// `[text](dest)` and `[ref]: dest` destinations handed to `rewrite`.
pub fn rewrite_markdown(md: &str, rewrite: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(md.len());
    let mut i = 0;
    while let Some(off) = md[i..].find("](") {
        let start = i + off + 2;
        out.push_str(&md[i..start]);
        // `<…>` holds an address with spaces or parentheses, whole.
        let angled = md[start..].starts_with('<');
        let end = if angled {
            md[start..]
                .find(['>', '\n'])
                .map_or(md.len(), |e| start + e + 1)
        } else {
            md[start..]
                .find([')', ' ', '\n'])
                .map_or(md.len(), |e| start + e)
        };
        let dest = &md[start..end];
        match rewrite(dest.trim_matches(['<', '>'])) {
            Some(new) if angled => out.push_str(&format!("<{new}>")),
            Some(new) => out.push_str(&new),
            None => out.push_str(dest),
        }
        i = end;
    }
    out.push_str(&md[i..]);
    let mut lines = Vec::new();
    for line in out.lines() {
        let rewritten = line.trim_start().strip_prefix('[').and_then(|rest| {
            let (label, dest) = rest.split_once("]: ")?;
            let (url, title) = dest.split_once(' ').map_or((dest, ""), |(u, t)| (u, t));
            let new = rewrite(url)?;
            Some(format!(
                "[{label}]: {new}{}{title}",
                if title.is_empty() { "" } else { " " }
            ))
        });
        lines.push(rewritten.unwrap_or_else(|| line.to_string()));
    }
    let mut joined = lines.join("\n");
    if out.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

fn normal_host(h: &str) -> String {
    let h = h.to_ascii_lowercase();
    h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
}

/// Decoded, NFC, lower case, with a trailing slash unless it names a file.
fn normal_path(path: &str) -> String {
    let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
    let mut p: String = decoded.nfc().collect::<String>().to_lowercase();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    let last = p.rsplit('/').next().unwrap_or("");
    if !p.ends_with('/') && !last.contains('.') {
        p.push('/');
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_classified() {
        let mut m = LinkMap::new(&["https://www.old.example.org".to_string()]);
        m.add(
            "https://old.example.org/2019/03/hello/",
            "12",
            "/posts/hello/",
        );
        m.add("https://old.example.org/%D9%BE/", "13", "/posts/p/");
        assert_eq!(
            m.resolve("http://www.old.example.org/2019/03/hello#x"),
            Target::Item("/posts/hello/#x".into())
        );
        assert_eq!(m.resolve("/?p=12"), Target::Item("/posts/hello/".into()));
        assert_eq!(
            m.resolve("https://old.example.org/پ/"),
            Target::Item("/posts/p/".into())
        );
        assert_eq!(
            m.resolve("https://old.example.org/category/x/"),
            Target::OldSite
        );
        assert_eq!(
            m.resolve("https://elsewhere.org/2019/03/hello/"),
            Target::Elsewhere
        );
        assert_eq!(m.resolve("#top"), Target::Elsewhere);
        assert_eq!(
            m.resolve("/wp-content/uploads/2019/03/a%20b.jpg"),
            Target::Upload {
                rel: "2019/03/a b.jpg".into(),
                absolute: "https://www.old.example.org/wp-content/uploads/2019/03/a%20b.jpg".into()
            }
        );
    }

    #[test]
    fn angled_addresses_are_rewritten_whole() {
        let mut to_old = |u: &str| Some(format!("https://old.example.org{u}"));
        assert_eq!(
            rewrite_markdown(
                "![A map](</img/map one.png>) and [x](/a) [y](<b>)",
                &mut to_old
            ),
            "![A map](<https://old.example.org/img/map one.png>) and [x](https://old.example.org/a) [y](<https://old.example.orgb>)"
        );
    }
}
