//! The arguments of a Liquid tag as Liquid splits them (quoted, single-
//! quoted, `key=value`, an unquoted value being a variable), and which of
//! them name an image file.

/// The first argument, keyed or not, that names an image file.
pub(super) fn image_arg(words: &[Arg]) -> Option<String> {
    words
        .iter()
        .filter_map(Arg::literal_value)
        .find(|v| is_image(v))
}

pub(super) fn keyed(words: &[Arg], keys: &[&str]) -> Option<String> {
    words
        .iter()
        .find(|w| w.key.as_deref().is_some_and(|k| keys.contains(&k)))
        .and_then(Arg::literal_value)
}

const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "svg", "webp", "avif", "bmp", "tif", "tiff",
];

pub(super) fn is_image(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// One argument of a tag: `"a b"`, `key="v"`, `key=variable`.
#[derive(Debug, PartialEq)]
pub(super) struct Arg {
    pub key: Option<String>,
    pub value: String,
    pub quoted: bool,
}

impl Arg {
    /// The value when it is text rather than a Liquid variable: quoted, or
    /// unquoted but plainly a path (`image=/img/a.jpg`). `{{ site.baseurl }}`
    /// inside it is dropped; any other output makes it unknown.
    pub fn literal_value(&self) -> Option<String> {
        if !(self.quoted || self.value.contains('/') || is_image(&self.value)) {
            return None;
        }
        let mut v = self.value.clone();
        while let Some(start) = v.find("{{") {
            let end = v[start..].find("}}").map(|e| start + e + 2)?;
            let inner = v[start + 2..end - 2].trim_matches('-').trim().to_string();
            v.replace_range(start..end, &super::output(&inner)?);
        }
        Some(v)
    }
}

/// `"a b" key="v" c` -> a b, key=v, c; quotes may hold spaces and the
/// other quote, and a backslash escapes the closing one.
pub(super) fn split_args(s: &str) -> Vec<Arg> {
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
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c == '"' || c == '\'' {
                quoted = true;
                chars.next();
                while let Some(d) = chars.next() {
                    if d == '\\' && chars.peek() == Some(&c) {
                        word.push(c);
                        chars.next();
                    } else if d == c {
                        break;
                    } else {
                        word.push(d);
                    }
                }
            } else if c == '=' && key.is_none() {
                chars.next();
                key = Some(std::mem::take(&mut word));
                quoted = false;
            } else if c.is_whitespace() || c == ',' {
                break;
            } else {
                word.push(c);
                chars.next();
            }
        }
        out.push(Arg {
            key,
            value: word,
            quoted,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split_like_liquid() {
        let a =
            split_args(r#"params.html cool="param with spaces" single='has "quotes"' local=var"#);
        let shown: Vec<(Option<&str>, &str, bool)> = a
            .iter()
            .map(|a| (a.key.as_deref(), a.value.as_str(), a.quoted))
            .collect();
        assert_eq!(
            shown,
            [
                (None, "params.html", false),
                (Some("cool"), "param with spaces", true),
                (Some("single"), "has \"quotes\"", true),
                (Some("local"), "var", false),
            ]
        );
    }
}
