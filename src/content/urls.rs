//! Part of the content stage: the files published as they are. Attachments
//! and files in section folders get the URL of the folder they sit in, the
//! files of `static/` the site's root; aliases and attachment paths written
//! in front matter are checked before any path is joined.

use std::path::{Path, PathBuf};

use super::Asset;
use super::load::{CONTENT_DIR, Loader};
use super::walk::static_files;
use crate::diagnostics::Diagnostic;
use crate::routes::scheme;

impl Loader<'_> {
    pub(super) fn assets(&mut self, files: &[(PathBuf, PathBuf, PathBuf)]) {
        for (abs, owner, below) in files {
            let base = self.url_of_folder(owner);
            let Some(base) = base else { continue };
            let below = below.to_string_lossy().replace('\\', "/");
            self.site.assets.push(Asset {
                from: abs.clone(),
                url: scheme::file_below(&base, &below),
            });
        }
    }

    /// The files of `static/`, published at the site's root.
    pub(super) fn statics(&mut self, dir: &Path) {
        match static_files(dir) {
            Ok(files) => {
                self.site.statics = files
                    .into_iter()
                    .map(|(from, rel)| Asset {
                        from,
                        url: scheme::static_file(&rel),
                    })
                    .collect();
            }
            Err((path, e)) => self.errors.push(Diagnostic::error(
                path.strip_prefix(dir.parent().unwrap_or(dir))
                    .unwrap_or(&path),
                format!("cannot read this: {e}"),
            )),
        }
    }

    /// URL of a section folder or of the article of a bundle folder.
    pub(super) fn url_of_folder(&self, folder: &Path) -> Option<String> {
        if let Some(s) = self
            .site
            .sections
            .iter()
            .find(|s| Path::new(&s.key) == folder)
        {
            return Some(s.url.clone());
        }
        let source = PathBuf::from(CONTENT_DIR).join(folder).join("index.md");
        self.site
            .articles
            .iter()
            .find(|a| a.source == source)
            .map(|a| a.url.clone())
    }
}

/// A site path from front matter, checked segment by segment; returns it
/// as `/a/b/` (or `/a/b.html` for a file name).
pub fn alias_path(value: &str) -> Result<String, String> {
    let trimmed = value.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Err("the path is empty".into());
    }
    for seg in trimmed.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Err(format!("`{value}` has an empty, `.` or `..` part"));
        }
        if let Some(c) = seg
            .chars()
            .find(|c| matches!(c, '\\' | '%' | '?' | '#') || c.is_control() || c.is_whitespace())
        {
            return Err(format!("`{value}` contains `{}`", c.escape_default()));
        }
    }
    let is_file = trimmed
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    Ok(if is_file {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_are_checked() {
        assert_eq!(alias_path("/old/path").unwrap(), "/old/path/");
        assert_eq!(alias_path("news/item.html").unwrap(), "/news/item.html");
        assert!(alias_path("/../etc").is_err());
        assert!(alias_path("a\\b").is_err());
        assert!(alias_path("/%2e%2e/x").is_err());
    }
}
