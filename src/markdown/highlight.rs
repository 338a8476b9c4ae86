//! Part of the markdown stage: fenced code highlighted by syntect into CSS
//! classes (the theme ships the matching `highlight.css`). The syntax set is
//! loaded once per process and shared by all threads.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::escape::escape_html as escape;

/// Prefixed classes, so site CSS such as `.comment` cannot clash.
pub const CLASS_PREFIX: &str = "hl-";
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A `<pre>` block for `code`; unknown languages (and any highlighter error)
/// fall back to escaped plain text rather than failing the build.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let inner = highlighted(lang, code).unwrap_or_else(|| escape(code));
    format!("<pre class=\"hl-code\"{lang_attr}><code>{inner}</code></pre>\n")
}

/// The largest block that is highlighted, in bytes. Highlighting costs
/// about 4 µs a byte (a 1 MB block took 4 s), far more than the rest of a
/// page; a listing is a few KB, and a block beyond this is a data dump or
/// a bad paste, shown as plain text.
pub const MAX_HIGHLIGHTED: usize = 100 * 1024;

fn highlighted(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() || code.len() > MAX_HIGHLIGHTED {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for the classes above (InspiredGitHub colours); the default
/// theme's `static/highlight.css` is this text, checked by a test.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_huge_block_is_plain_text() {
        let small = "let x = 1;\n".repeat(100);
        assert!(super::code_block("rust", &small).contains("<span"));
        let huge = "let x = 1;\n".repeat(super::MAX_HIGHLIGHTED / 11 + 1);
        let html = super::code_block("rust", &huge);
        assert!(!html.contains("<span"), "not highlighted");
        assert!(html.starts_with("<pre class=\"hl-code\" data-lang=\"rust\"><code>let x = 1;\n"));
    }

    /// The theme's stylesheet must match the classes the highlighter emits.
    /// To refresh it: `FOLIO_WRITE_HIGHLIGHT_CSS=1 cargo test highlight_css`.
    #[test]
    fn theme_ships_current_highlight_css() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/highlight.css"
        );
        let css = super::highlight_css();
        assert!(css.contains(".hl-"), "no prefixed classes in generated css");
        if std::env::var_os("FOLIO_WRITE_HIGHLIGHT_CSS").is_some() {
            std::fs::write(path, &css).unwrap();
        }
        let shipped = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            shipped, css,
            "themes/default/static/highlight.css is stale; see the comment above"
        );
    }
}
