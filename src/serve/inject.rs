//! Part of `serve`: what the preview adds to served HTML (never to the files
//! `folio build` writes): the live-reload script and, while the latest build
//! has errors, an overlay listing them over the last good page.

use super::Shared;
use crate::escape::escape_html as escape;

/// The live-reload client; served at `/__folio/livereload.js`, no CDN.
pub const SCRIPT: &str = include_str!("livereload.js");

/// The start of the tag added to every served page.
const SCRIPT_OPEN: &str = "<script src=\"/__folio/livereload.js\"";

/// The tag added to every served page. It carries the number of the build
/// the page comes from, so that a page opened just before a rebuild
/// finished reloads when its event stream connects, rather than missing
/// that rebuild.
pub fn script_tag(build: u64) -> String {
    format!("{SCRIPT_OPEN} data-build=\"{build}\"></script>")
}

/// `html` with the script (and the overlay, if the last build failed) added
/// before `</body>`.
pub fn page_with_overlay(html: &str, shared: &Shared) -> String {
    let overlay = shared.overlay();
    let mut addition = String::new();
    if let Some(text) = overlay {
        addition.push_str(&overlay_html(&text));
    }
    addition.push_str(&script_tag(shared.build_number()));
    match find_body_end(html) {
        Some(i) => format!("{}{addition}{}", &html[..i], &html[i..]),
        None => format!("{html}{addition}"),
    }
}

fn find_body_end(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    lower.rfind("</body>")
}

/// The error overlay: the same text the terminal shows, escaped.
pub fn overlay_html(text: &str) -> String {
    format!(
        "<div id=\"folio-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;background:rgba(24,24,27,.97);color:#fafafa;padding:2rem;\
         font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">\
         <p style=\"margin:0 0 .5rem;font:600 18px/1.3 system-ui,sans-serif;color:#fca5a5\">The latest build failed</p>\
         <p style=\"margin:0 0 1rem;color:#fafafa;font:14px/1.4 system-ui,sans-serif\">Fix the file and save: this page reloads by itself. \
         Underneath is the last good version.</p>\
         <pre style=\"white-space:pre-wrap;margin:0;padding:1rem;border:1px solid #52525b;border-radius:4px;\
         background:#09090b;color:#fafafa;font:inherit;max-width:none\">{}</pre></div>",
        escape(text)
    )
}

/// Removes what [`page_with_overlay`] added, for comparing served pages
/// with built ones.
pub fn strip_injection(html: &str) -> String {
    let html = match html.find(SCRIPT_OPEN) {
        Some(a) => match html[a..].find("</script>") {
            Some(b) => format!("{}{}", &html[..a], &html[a + b + "</script>".len()..]),
            None => html.to_string(),
        },
        None => html.to_string(),
    };
    match (
        html.find("<div id=\"folio-error-overlay\""),
        html.find("</pre></div>"),
    ) {
        (Some(a), Some(b)) if b > a => {
            format!("{}{}", &html[..a], &html[b + "</pre></div>".len()..])
        }
        _ => html,
    }
}
