//! Writing front matter that folio's own parser reads back to exactly the
//! strings given, whatever they hold: every string is double-quoted, with
//! YAML's escapes for quotes, backslashes, line breaks and every character
//! YAML does not allow raw.

/// `s` as a YAML double-quoted scalar.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let n = c as u32;
                if n <= 0xFFFF {
                    out.push_str(&format!("\\u{n:04X}"));
                } else {
                    out.push_str(&format!("\\U{n:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters outside YAML's printable set, and those some YAML readers
/// take as line breaks or byte-order marks.
fn needs_escape(c: char) -> bool {
    let n = c as u32;
    n < 0x20
        || (0x7F..=0x9F).contains(&n)
        || matches!(n, 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF)
        || (0xD800..=0xDFFF).contains(&n)
}

/// A header being written, key by key, in the order given.
#[derive(Debug, Default)]
pub struct Header {
    text: String,
}

impl Header {
    pub fn new() -> Self {
        Header::default()
    }

    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        self.text.push_str(&format!("{key}: {}\n", quote(value)));
        self
    }

    pub fn opt_string(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            self.string(key, v);
        }
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.text.push_str(&format!("{key}: {value}\n"));
        self
    }

    pub fn int(&mut self, key: &str, value: i64) -> &mut Self {
        self.text.push_str(&format!("{key}: {value}\n"));
        self
    }

    /// A list of strings in flow style (`[“a”, “b”]`); nothing when empty.
    pub fn list(&mut self, key: &str, values: &[String]) -> &mut Self {
        if values.is_empty() {
            return self;
        }
        let items: Vec<String> = values.iter().map(|v| quote(v)).collect();
        self.text
            .push_str(&format!("{key}: [{}]\n", items.join(", ")));
        self
    }

    /// A comment line, for an editor reading the file.
    pub fn comment(&mut self, text: &str) -> &mut Self {
        for line in text.lines() {
            self.text.push_str(&format!("# {line}\n"));
        }
        self
    }

    /// The whole file: the header between `---` lines, then the body.
    pub fn file(&self, body: &str) -> String {
        let body = body.trim_matches('\n');
        if body.is_empty() {
            format!("---\n{}---\n", self.text)
        } else {
            format!("---\n{}---\n\n{body}\n", self.text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_needs() {
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(quote("x\ny"), r#""x\ny""#);
        assert_eq!(quote("\u{85}"), r#""\u0085""#);
        assert_eq!(quote("ü: #"), "\"ü: #\"");
    }
}
