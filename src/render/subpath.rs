//! Part of the render stage: a site published under a sub-path
//! (`base_url = "https://example.org/research/"`). The route table, the
//! link check and the output folder speak of `/about/`; the reader's
//! browser must ask for `/research/about/`. Rather than every template,
//! theme override and markdown body spelling the path, each rendered page
//! gets it put in front of its site-relative addresses, in one streaming
//! pass over its tags ([`crate::scheme::published`] decides what
//! moves). A site at the root of its host is never touched.

use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::diagnostics::Diagnostic;
use crate::scheme;

/// The attributes that hold one address.
const ADDRESS_ATTRIBUTES: &[&str] = &["href", "src", "action", "poster", "data", "cite"];
/// folio's own: the search page's form names its index folder.
const FOLIO_ATTRIBUTES: &[&str] = &["data-index"];

/// `html` with every site-relative address under `base_path` (no change
/// when it is empty). `file` names the page in an error.
pub fn under_base_path(html: String, base_path: &str, file: &str) -> Result<String, Diagnostic> {
    if base_path.is_empty() {
        return Ok(html);
    }
    let mut handlers = Vec::new();
    for &name in ADDRESS_ATTRIBUTES.iter().chain(FOLIO_ATTRIBUTES) {
        let selector = format!("[{name}]");
        handlers.push(element!(selector, move |el| {
            if let Some(value) = el.get_attribute(name)
                && scheme::is_site_relative(&value)
            {
                el.set_attribute(name, &scheme::published(base_path, &value))?;
            }
            Ok(())
        }));
    }
    handlers.push(element!("[srcset]", move |el| {
        if let Some(value) = el.get_attribute("srcset") {
            el.set_attribute("srcset", &srcset_under(&value, base_path))?;
        }
        Ok(())
    }));
    // Not strict: a body's raw HTML may be the kind of markup that strict
    // mode gives up on, and only attributes are touched here.
    let settings = handlers.into_iter().fold(
        RewriteStrSettings::new()
            .with_strict(false)
            .with_enable_esi_tags(false),
        RewriteStrSettings::append_element_content_handler,
    );
    rewrite_str(&html, settings).map_err(|e| {
        Diagnostic::error(
            file,
            format!(
                "cannot put the site's path `{base_path}` in front of this page's addresses: {e}"
            ),
        )
    })
}

/// A `srcset` (`/a.png 1x, /b.png 2x`) with each candidate's address moved.
fn srcset_under(srcset: &str, base_path: &str) -> String {
    srcset
        .split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start();
            let lead = &candidate[..candidate.len() - trimmed.len()];
            let (url, rest) =
                trimmed.split_at(trimmed.find(char::is_whitespace).unwrap_or(trimmed.len()));
            format!("{lead}{}{rest}", scheme::published(base_path, url))
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn under(html: &str) -> String {
        under_base_path(html.to_string(), "/kpi", "x.html").unwrap()
    }

    #[test]
    fn site_relative_addresses_move_under_the_path() {
        assert_eq!(
            under(
                r#"<a href="/about/">A</a><img src="/i.png" srcset="/i.png 1x, /j.png 2x"><form action="/search/" data-index="/pagefind/"></form>"#
            ),
            r#"<a href="/kpi/about/">A</a><img src="/kpi/i.png" srcset="/kpi/i.png 1x, /kpi/j.png 2x"><form action="/kpi/search/" data-index="/kpi/pagefind/"></form>"#
        );
        assert_eq!(
            under(r#"<link rel="stylesheet" href="/style.css"><script src="/search.js"></script>"#),
            r#"<link rel="stylesheet" href="/kpi/style.css"><script src="/kpi/search.js"></script>"#
        );
    }

    #[test]
    fn other_addresses_and_text_stay() {
        for kept in [
            r#"<a href="https://example.org/x/">x</a>"#,
            r##"<a href="#notes">n</a>"##,
            r#"<a href="//cdn.example/x.js">c</a>"#,
            r#"<a href="x.pdf">p</a>"#,
            r#"<p>/about/ in text, <code>href="/x/"</code></p>"#,
            r#"<script>fetch("/x/")</script>"#,
            r#"<a href="/a?b=1&amp;c=2">q</a>"#,
        ] {
            let expected = kept.replace("\"/a?", "\"/kpi/a?");
            assert_eq!(under(kept), expected, "{kept}");
        }
        let page = "<!doctype html><p>anything</p>".to_string();
        assert_eq!(under_base_path(page.clone(), "", "x").unwrap(), page);
    }
}
