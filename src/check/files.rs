//! Part of the check step: every file a page names exists. An article's
//! `pdf:` and `image:` that name a file of the site (rather than another
//! site's address) must be a file the build publishes: an attachment in
//! its bundle, a file of its section folder, of `static/` or of the theme
//! (a name alone is the file beside the markdown, as the content stage
//! resolved it).
//! A missing one is an error that no setting switches off (the page would
//! offer a "Download PDF" that leads nowhere, and tell Google Scholar so).
//!
//! The hint for a missing file, here and for a broken link or image in a
//! body ([`super::links`]), is the nearest file that does exist: the one
//! whose name is closest, among the files of the folder it was looked for
//! in and of the page's own folder, then of `static/`.

use std::collections::HashMap;
use std::path::Path;

use crate::content::{Article, Site};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::edition::View;
use crate::safe_url;

/// The files a site publishes as they are, by the folder URL they sit in.
pub struct Files<'a> {
    by_folder: HashMap<&'a str, Vec<&'a str>>,
    /// Every file name, with the file's source and URL: for a file that
    /// moved to another folder, or is published elsewhere than named.
    by_name: HashMap<&'a str, Vec<(&'a Path, &'a str)>>,
}

/// `/a/b/c.png` -> (`/a/b/`, `c.png`).
fn split(url: &str) -> (&str, &str) {
    match url.rfind('/') {
        Some(i) => (&url[..=i], &url[i + 1..]),
        None => ("/", url),
    }
}

impl<'a> Files<'a> {
    /// The files of `sites`: every edition's, since a translation's
    /// bundle shares the files published with the original.
    pub fn new(sites: impl Iterator<Item = &'a Site>) -> Self {
        let mut files = Files {
            by_folder: HashMap::new(),
            by_name: HashMap::new(),
        };
        for site in sites {
            for asset in site.assets.iter().chain(&site.statics) {
                let (folder, name) = split(&asset.url);
                files.by_folder.entry(folder).or_default().push(&asset.url);
                let named = files.by_name.entry(name).or_default();
                named.push((asset.from.as_path(), asset.url.as_str()));
            }
        }
        files
    }

    /// Where the file `written` beside the markdown `source` is published,
    /// when it is a file of the site.
    pub fn beside(&self, source: &Path, written: &str) -> Option<&'a str> {
        let path = source.parent()?.join(written);
        let name = path.file_name()?.to_str()?;
        self.by_name
            .get(name)?
            .iter()
            .find(|(from, _)| from.ends_with(&path))
            .map(|(_, url)| *url)
    }

    /// The URL of the existing file nearest to the missing `url`, looked
    /// for from the page at `page_url`: a close name in `url`'s folder,
    /// the page's folder or the one above it (a plain article's section),
    /// then anywhere in `static/`'s root; else the same name elsewhere.
    pub fn nearest(&self, url: &str, page_url: &str) -> Option<&'a str> {
        let (folder, name) = split(url);
        let (page_folder, _) = split(page_url);
        let above = split(page_folder.trim_end_matches('/')).0;
        for dir in [folder, page_folder, above, "/"] {
            let Some(urls) = self.by_folder.get(dir) else {
                continue;
            };
            let names = urls.iter().map(|u| split(u).1);
            if let Some(m) = did_you_mean(name, names) {
                return urls.iter().copied().find(|u| split(u).1 == m);
            }
        }
        self.by_name
            .get(name)
            .and_then(|files| files.iter().map(|(_, u)| *u).min_by_key(|u| u.len()))
    }
}

/// How to write `found` in place of `written` (which led to the missing
/// `url`): only the name changed when it is in the same folder.
pub fn as_written(written: &str, url: &str, found: &str) -> String {
    let (folder, _) = split(url);
    let (found_folder, found_name) = split(found);
    if folder == found_folder {
        let (written_folder, _) = split(written);
        if written.contains('/') {
            return format!("{written_folder}{found_name}");
        }
        return found_name.to_string();
    }
    found.to_string()
}

/// `pdf:` and `image:` of article `a` that name no file of the site.
pub fn check_article(c: &View<'_>, files: &Files<'_>, a: &Article, out: &mut Vec<Diagnostic>) {
    for (key, value) in [("pdf", &a.pdf), ("image", &a.image)] {
        let Some(url) = value.as_deref() else {
            continue;
        };
        if safe_url::has_scheme(url) || url.starts_with("//") {
            continue;
        }
        if c.routes.find(url).is_some() || c.editions.elsewhere(c.edition, url) {
            continue;
        }
        let written = a.header.value(key).unwrap_or(url);
        let beside = (!written.starts_with('/'))
            .then(|| files.beside(&a.source, written))
            .flatten();
        let help = match (beside, files.nearest(url, &a.url)) {
            (Some(found), _) => {
                let translated = a
                    .source
                    .file_name()
                    .is_some_and(|n| n != "index.md" && n.to_string_lossy().starts_with("index."));
                let why = if translated {
                    " (a translation's bundle shares the original's files)"
                } else {
                    ""
                };
                format!(
                    "`{written}` beside the article is published at {found}{why}: write `{key}: {found}`"
                )
            }
            (None, Some(found)) => format!(
                "did you mean `{key}: {}`? (the nearest file that exists)",
                as_written(written, url, found)
            ),
            (None, None) => "a name alone is a file beside the article's markdown (in its bundle folder, or in its section's folder); a path from / is a file in static/: correct the name, or add the file".to_string(),
        };
        let what = if key == "pdf" { "PDF" } else { "image" };
        let d = Diagnostic::error(
            &a.source,
            format!(
                "the {what} `{written}` named in `{key}:` does not exist (looked for at {url})"
            ),
        )
        .help(help);
        out.push(a.header.point(key, d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Asset;

    fn files(urls: &[&str]) -> Site {
        Site {
            assets: urls
                .iter()
                .map(|u| Asset {
                    from: format!("/src{u}").into(),
                    url: u.to_string(),
                })
                .collect(),
            ..Site::default()
        }
    }

    #[test]
    fn the_nearest_file_is_beside_the_page_first() {
        let site = files(&[
            "/analysis/tanker/tanker-spend.svg",
            "/analysis/tanker/other.csv",
            "/analysis/chart.png",
            "/tanker-spend.svg",
            "/files/report-2024.pdf",
        ]);
        let f = Files::new(std::iter::once(&site));
        assert_eq!(
            f.nearest("/analysis/tanker/tanker-spend.png", "/analysis/tanker/"),
            Some("/analysis/tanker/tanker-spend.svg")
        );
        // A plain article's files sit in its section's folder.
        assert_eq!(
            f.nearest("/analysis/x/chart.png", "/analysis/x/"),
            Some("/analysis/chart.png")
        );
        assert_eq!(
            f.nearest("/reports/y/report-2024.pdf", "/reports/y/"),
            Some("/files/report-2024.pdf")
        );
        assert_eq!(f.nearest("/a/b/zzz.bin", "/a/b/"), None);
        assert_eq!(
            f.beside(Path::new("analysis/tanker/index.ur.md"), "tanker-spend.svg"),
            Some("/analysis/tanker/tanker-spend.svg")
        );
        assert_eq!(
            as_written(
                "tanker-spend.png",
                "/analysis/tanker/tanker-spend.png",
                "/analysis/tanker/tanker-spend.svg"
            ),
            "tanker-spend.svg"
        );
        assert_eq!(
            as_written("img/a.png", "/s/x/img/a.png", "/s/x/img/b.png"),
            "img/b.png"
        );
        assert_eq!(as_written("a.png", "/s/x/a.png", "/s/a.png"), "/s/a.png");
    }
}
