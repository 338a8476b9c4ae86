//! Part of the content stage: the files published as they are. Attachments
//! and files in section folders get the URL of the folder they sit in, the
//! files of `static/` the site's root; aliases and attachment paths written
//! in front matter are checked before any path is joined.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::walk::static_files;
use super::{Asset, CONTENT_DIR, Site};
use crate::diagnostics::Diagnostic;
use crate::safe_url;
use crate::scheme;

/// The files beside the markdown (attachments in bundles of articles and
/// pages, files in section folders): `files` as (absolute path, folder
/// whose URL they sit under, path below it). A file of a bundle whose
/// article or page is not published this time is left out with it.
pub(super) fn assets(site: &mut Site, files: &[(PathBuf, PathBuf, PathBuf)]) {
    if files.is_empty() {
        return;
    }
    let mut folders: HashMap<PathBuf, String> = site
        .sections
        .iter()
        .map(|s| (PathBuf::from(&s.key), s.url.clone()))
        .collect();
    let content = Path::new(CONTENT_DIR);
    let bundles = site
        .articles
        .iter()
        .map(|a| (&a.source, &a.url))
        .chain(site.pages.iter().map(|p| (&p.source, &p.url)));
    for (source, url) in bundles {
        if source.file_name().is_some_and(|n| n == "index.md")
            && let Some(folder) = source.parent().and_then(|p| p.strip_prefix(content).ok())
        {
            folders.entry(folder.to_path_buf()).or_insert(url.clone());
        }
    }
    for (abs, owner, below) in files {
        let Some(base) = folders.get(owner) else {
            continue;
        };
        let below = below.to_string_lossy().replace('\\', "/");
        site.assets.push(Asset {
            from: abs.clone(),
            url: scheme::file_below(base, &below),
        });
    }
}

/// The files of `static/`, published at the site's root.
pub(super) fn statics(site: &mut Site, dir: &Path, errors: &mut Vec<Diagnostic>) {
    match static_files(dir) {
        Ok((files, mut bad_names)) => {
            errors.append(&mut bad_names);
            site.statics = files
                .into_iter()
                .map(|(from, rel)| Asset {
                    from,
                    url: scheme::static_file(&rel),
                })
                .collect();
        }
        Err((path, e)) => errors.push(Diagnostic::error(
            path.strip_prefix(dir.parent().unwrap_or(dir))
                .unwrap_or(&path),
            format!("cannot read this: {e}"),
        )),
    }
}

/// A site path from front matter, checked segment by segment; returns it
/// as `/a/b/` (or `/a/b.html` for a file name).
pub fn alias_path(value: &str) -> Result<String, String> {
    if safe_url::has_scheme(value) {
        let shown = value.escape_debug();
        return Err(match safe_url::check(value, safe_url::Use::Link) {
            Err(refused) => format!(
                "`{shown}` is not a path of this site but an address with an {}",
                refused.describe(safe_url::Use::Link)
            ),
            Ok(()) => format!("`{shown}` is a full address, not a path of this site"),
        });
    }
    let trimmed = value.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Err("the path is empty".into());
    }
    for seg in trimmed.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Err(format!("`{value}` has an empty, `.` or `..` part"));
        }
        if let Some(c) = seg.chars().find(|c| {
            matches!(c, '\\' | '%' | '?' | '#' | ':') || c.is_control() || c.is_whitespace()
        }) {
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
        assert!(alias_path("/a/b:c/").unwrap_err().contains("`:`"));
    }

    #[test]
    fn an_address_is_not_an_alias() {
        for bad in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:alert(1)",
            "data:text/html,x",
        ] {
            let why = alias_path(bad).unwrap_err();
            assert!(why.contains("not a path of this site"), "{why}");
            assert!(why.contains("unsafe scheme"), "{why}");
        }
        let why = alias_path("https://old.example.org/x/").unwrap_err();
        assert!(why.contains("full address"), "{why}");
    }
}
