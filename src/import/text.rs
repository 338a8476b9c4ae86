//! Plain text out of the little pieces of HTML an export stores in titles,
//! terms, names and excerpts: tags dropped, entities decoded the way a
//! browser decodes them, white space collapsed.

/// The text a browser would show for `html`, on one line.
pub fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return collapse_whitespace(html);
    }
    // html5ever (already used by mdka) knows every named entity and every
    // way a tag can be written; a hand-made table would miss some.
    let fragment = scraper::Html::parse_fragment(html);
    let text: String = fragment.root_element().text().collect();
    collapse_whitespace(&text)
}

/// Runs of white space (newlines included) become one space; the ends are trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` shortened to about `max` characters for a report line.
pub fn excerpt(s: &str, max: usize) -> String {
    let one_line = collapse_whitespace(s);
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_markup_and_entities() {
        assert_eq!(
            plain_text("Hello &amp; <em>welcome</em> &#8211; caf&eacute;&nbsp;!"),
            "Hello & welcome – café !"
        );
        assert_eq!(plain_text("a &lt;b&gt; tag"), "a <b> tag");
        assert_eq!(plain_text("  two\n lines "), "two lines");
    }

    #[test]
    fn excerpts_are_cut() {
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("ab", 3), "ab");
    }
}
