//! Escaping text for HTML and XML, shared by every stage that writes markup
//! by hand (feeds, redirects, highlighted code, the preview's overlay);
//! templates escape through tera. And the way back: the text of a bit of
//! HTML, for descriptions, structured data and search records.

/// `s` with `& < > " '` escaped: safe in element text and in quoted
/// attributes, in HTML and in XML alike.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of a bit of HTML: tags dropped, the entities escaping writes
/// decoded (a summary as a meta description, JSON-LD, a search record).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    // `&amp;` last: `&amp;lt;` is the text `&lt;`, not `<`.
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn strip_tags_decodes_entities() {
        assert_eq!(super::strip_tags("<p>A &amp; <em>B</em></p>"), "A & B");
        assert_eq!(super::strip_tags("&amp;lt;b&amp;gt; &#x27;"), "&lt;b&gt; '");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
