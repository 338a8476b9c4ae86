//! Where imported things go: slugs for file names, the section folder, and
//! old addresses (permalinks) turned into aliases that folio accepts.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::writer::SiteFiles;
use crate::content::CONTENT_DIR;
use crate::content::slug::{slugify, validate};
use crate::scheme;

/// The section folder from `--section`: one or more valid URL segments,
/// not a reserved folder.
pub fn section_folder(name: &str) -> Result<String, String> {
    let trimmed = name.trim().trim_matches('/');
    let mut parts = Vec::new();
    for seg in trimmed.split('/') {
        let seg = validate(seg).map_err(|why| format!("`{name}` cannot be a section: {why}"))?;
        parts.push(seg);
    }
    if matches!(
        parts.first().map(String::as_str),
        Some("authors" | "series")
    ) {
        return Err(format!(
            "content/{}/ is reserved for author profiles or series",
            parts[0]
        ));
    }
    Ok(parts.join("/"))
}

/// A slug for a file name: the export's own slug (percent-decoded and
/// transliterated), else one from the title, else `fallback`.
pub fn slug_for(given: &str, title: &str, fallback: &str) -> String {
    let decoded = percent_decode(given).unwrap_or_else(|| given.to_string());
    for candidate in [decoded.as_str(), title, fallback] {
        let s = slugify(candidate);
        if let Ok(valid) = validate(&s) {
            return valid;
        }
    }
    // slugify of `fallback` is always valid; this is only a last resort.
    "item".to_string()
}

/// Percent-decoding of a URL path; None when the bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Why an old address cannot become an alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAliasable {
    /// `/?p=123`: a static site cannot redirect by query string.
    QueryString,
    /// The home page, or a path folio refuses (with the reason).
    Invalid(String),
}

/// The path of an old address (absolute URL or site path), decoded, as an
/// alias folio accepts (`/2019/03/old-title/`).
pub fn old_url_alias(link: &str) -> Result<String, NotAliasable> {
    let link = link.trim();
    let path = match link.find("://") {
        Some(i) => {
            let rest = &link[i + 3..];
            rest.find(['/', '?', '#']).map_or("/", |j| &rest[j..])
        }
        None => link,
    };
    let path = path.split('#').next().unwrap_or("");
    if let Some((_, query)) = path.split_once('?')
        && !query.is_empty()
    {
        return Err(NotAliasable::QueryString);
    }
    let path = path.split('?').next().unwrap_or("");
    let decoded = percent_decode(path)
        .ok_or_else(|| NotAliasable::Invalid(format!("`{path}` is not UTF-8 once decoded")))?;
    let decoded: String = decoded.nfc().collect();
    if decoded.trim_matches('/').is_empty() {
        return Err(NotAliasable::Invalid(
            "it is the home page of the old site".into(),
        ));
    }
    // The checks the build applies to `aliases:`, so an alias written here
    // is one the build accepts.
    crate::content::alias_path(&decoded).map_err(NotAliasable::Invalid)
}

/// Where one imported item goes.
#[derive(Debug)]
pub struct Placement {
    /// `base`, or `base-2`, ... when that was taken.
    pub slug: String,
    pub url: String,
    /// The markdown file, relative to the site's root.
    pub rel: PathBuf,
    /// That file is there already, with the item's title: imported before.
    pub existing: bool,
}

/// The first free place for the item titled `title` in the content folder
/// `dir` ("" for `content/` itself): the slug `base`, else `base-2`,
/// `base-3`, ... A slug is taken when an earlier item of this import has
/// its URL (kept in `urls`), when `refused` says so, or when a file there
/// holds another title. A new item is a file, or a folder with `index.md`
/// when `bundle`. Both importers place items here, asking the URL scheme
/// for the address.
pub fn place(
    files: &SiteFiles,
    urls: &mut HashSet<String>,
    dir: &str,
    base: &str,
    title: &str,
    bundle: bool,
    refused: impl Fn(&str) -> bool,
) -> Placement {
    let folder = Path::new(CONTENT_DIR).join(dir);
    let dir_url = scheme::folder(scheme::HOME, dir);
    for k in 1.. {
        let slug = if k == 1 {
            base.to_string()
        } else {
            format!("{base}-{k}")
        };
        let url = scheme::article(&dir_url, &slug);
        if urls.contains(&url) || refused(&slug) {
            continue;
        }
        let flat = folder.join(format!("{slug}.md"));
        let index = folder.join(&slug).join("index.md");
        let found = [&flat, &index].into_iter().find(|f| files.exists(f));
        let (rel, existing) = match found {
            Some(f) if files.existing_title(f).as_deref() != Some(title) => continue,
            Some(f) => (f.clone(), true),
            None if bundle => (index, false),
            None => (flat, false),
        };
        urls.insert(url.clone());
        return Placement {
            slug,
            url,
            rel,
            existing,
        };
    }
    unreachable!("some numbered slug is always free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_become_aliases() {
        assert_eq!(
            old_url_alias("https://old.example.org/2019/03/hello-world/").unwrap(),
            "/2019/03/hello-world/"
        );
        assert_eq!(
            old_url_alias("https://old.example.org/news/%D9%BE%D8%A7%DA%A9/").unwrap(),
            "/news/پاک/"
        );
        assert_eq!(
            old_url_alias("http://x.org/?p=12"),
            Err(NotAliasable::QueryString)
        );
        assert!(matches!(
            old_url_alias("http://x.org/"),
            Err(NotAliasable::Invalid(_))
        ));
        assert!(old_url_alias("http://x.org/a%2Fb/../c/").is_err());
        assert_eq!(old_url_alias("/old.html").unwrap(), "/old.html");
    }

    #[test]
    fn slugs_and_sections() {
        assert_eq!(slug_for("%d9%be%d8%a7%da%a9", "x", "post-1"), "pkh");
        assert_eq!(slug_for("", "Über uns!", "page-2"), "uber-uns");
        assert_eq!(slug_for("", "!!!", "page-2"), "page-2");
        assert_eq!(section_folder("/posts/").unwrap(), "posts");
        assert!(section_folder("authors").is_err());
        assert!(section_folder("../x").is_err());
    }
}
