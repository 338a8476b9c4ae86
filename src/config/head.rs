//! Part of the config stage: `[head]`, what the web person adds to the
//! `<head>` of every page, from site.toml or from `head.html` beside it.

use std::path::Path;

use serde::Deserialize;

use super::{CONFIG_FILE, Config};
use crate::diagnostics::Diagnostic;

/// A file beside site.toml whose HTML goes into every page's `<head>`, for
/// snippets too long to keep in a TOML string.
pub const HEAD_FILE: &str = "head.html";

/// `[head]`: what the web person adds to the `<head>` of every page of
/// every edition (analytics, site verification, a font). Trusted HTML, as
/// templates are: it comes from the site's owners, never from content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadConfig {
    #[serde(default)]
    pub html: Option<String>,
}

/// Takes `head.html` beside site.toml as `[head] html`; both at once would
/// leave the reader guessing which one wins, so that is an error.
pub(super) fn read_head_file(root: &Path, config: &mut Config) -> Result<(), Vec<Diagnostic>> {
    let path = root.join(HEAD_FILE);
    if !path.is_file() {
        return Ok(());
    }
    let html = std::fs::read(&path)
        .map_err(|e| format!("cannot read it: {e}"))
        .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8 text".to_string()))
        .map_err(|why| {
            vec![
                Diagnostic::error(HEAD_FILE, format!("{HEAD_FILE}: {why}"))
                    .help("save it as UTF-8 text, or remove it"),
            ]
        })?;
    if config.head.html.is_some() {
        return Err(vec![config.point(
            "html",
            Diagnostic::error(
                CONFIG_FILE,
                format!("[head] html is set here and {HEAD_FILE} exists too; folio takes one of them"),
            )
            .help(format!("keep the snippet in one place: move it into {HEAD_FILE}, or delete that file")),
        )]);
    }
    config.head.html = Some(html);
    Ok(())
}
