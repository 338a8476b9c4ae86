//! Part of the content stage: where things are published. Attachments and
//! section files get their URLs; two things that would write one file are an
//! error naming both; aliases are checked before any path is joined.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Asset;
use super::load::{CONTENT_DIR, Loader};
use super::slug::url_to_file;
use crate::diagnostics::Diagnostic;

impl Loader<'_> {
    pub(super) fn assets(&mut self, files: &[(PathBuf, PathBuf, PathBuf)]) {
        for (abs, owner, below) in files {
            let base = self.url_of_folder(owner);
            let Some(base) = base else { continue };
            let below = below.to_string_lossy().replace('\\', "/");
            self.site.assets.push(Asset {
                from: abs.clone(),
                to: format!("{}{below}", base.trim_start_matches('/')),
            });
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

    /// Two things that would be written at one URL: an error naming both.
    /// Two things that would write one file: an error naming both. Compared
    /// as output files, so `/index.html` and `/` are the same page.
    pub(super) fn check_urls(&mut self) {
        let folio = PathBuf::from("(a page folio writes itself)");
        let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut own = vec![
            "/".to_string(),
            "/404.html".into(),
            "/atom.xml".into(),
            "/sitemap.xml".into(),
            "/robots.txt".into(),
            "/authors/".into(),
            "/tags/".into(),
            "/series/".into(),
        ];
        // List pages continue at URL/page/N/; nothing else may live there.
        let mut list_prefixes: Vec<String> = Vec::new();
        for s in self.site.sections.iter().skip(1) {
            own.push(format!("{}atom.xml", s.url));
            list_prefixes.push(format!("{}page/", s.url));
        }
        for t in self.site.tags.values() {
            own.push(t.url.clone());
            list_prefixes.push(format!("{}page/", t.url));
        }
        for s in self.site.series.values() {
            own.push(s.url.clone());
        }
        for url in own {
            owners.insert(url_to_file(&url), folio.clone());
        }
        let mut claims: Vec<(String, PathBuf, bool)> = Vec::new();
        for s in self.site.sections.iter().skip(1) {
            claims.push((
                s.url.clone(),
                PathBuf::from(CONTENT_DIR).join(&s.key),
                false,
            ));
        }
        for a in self.site.authors.values() {
            claims.push((a.url.clone(), a.bio.source.clone(), false));
            list_prefixes.push(format!("{}page/", a.url));
        }
        for a in &self.site.articles {
            claims.push((a.url.clone(), a.source.clone(), false));
            for alias in &a.aliases {
                claims.push((alias.clone(), a.source.clone(), true));
            }
        }
        let list_prefixes: Vec<String> = list_prefixes
            .iter()
            .map(|p| url_to_file(p).trim_end_matches("index.html").to_string())
            .collect();
        for (url, source, is_alias) in claims {
            let file = url_to_file(&url);
            let clash = owners.get(&file).cloned().or_else(|| {
                (is_alias && list_prefixes.iter().any(|p| file.starts_with(p.as_str())))
                    .then(|| folio.clone())
            });
            let Some(first) = clash else {
                owners.insert(file, source);
                continue;
            };
            let what = if is_alias {
                format!("the alias {url}")
            } else {
                url.clone()
            };
            let (line, column, text) =
                self.claim_pos
                    .get(&source)
                    .cloned()
                    .unwrap_or((1, 1, "---".into()));
            let help = if is_alias {
                "remove this alias: that address belongs to another page"
            } else {
                "give one of them another `slug:` (or rename the file or folder)"
            };
            let mut d = Diagnostic::error(
                &source,
                format!(
                    "{what} would be written twice: by this file and by {}",
                    first.display()
                ),
            )
            .help(help);
            d.line = line;
            d.column = column;
            d.source_line = Some(text);
            self.errors.push(d);
        }
    }
}

/// A site path from front matter, checked segment by segment; returns it
/// as `/a/b/` (or `/a/b.html` for a file name).
pub(super) fn alias_path(value: &str) -> Result<String, String> {
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
