//! Part of the content stage: standalone pages (About, Team, Contact). A
//! `.md` file directly under `content/`, or a top-level folder with an
//! `index.md` and no `_index.md` and everything in it: each `.md` there is
//! a page below the folder's own (`content/about/team.md` is
//! `/about/team/`). A page has a title and a body, and may be in the site's
//! menu; it has no date, byline or citation, and is in no feed or list.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::fields::Fields;
use super::frontmatter;
use super::slug::{slugify, validate};
use super::walk::{FileKind, SourceFile};
use super::{HeaderKeys, Page, SharedText};
use crate::diagnostics::Diagnostic;
use crate::scheme;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageHeader {
    title: Option<Spanned<String>>,
    summary: Option<String>,
    menu: Option<MenuSetting>,
    weight: Option<i64>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    draft: Option<bool>,
    lang: Option<String>,
    slug: Option<Spanned<String>>,
}

/// `menu: true` (shown under its title) or `menu: "Short name"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum MenuSetting {
    Shown(bool),
    Named(String),
}

/// Every page, parents before children (a nested page's URL is below its
/// folder's page); drafts only with `drafts`.
pub(super) fn pages(
    files: &[&Arc<SourceFile>],
    root: &str,
    drafts: bool,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Arc<Page>>, usize) {
    let mut files: Vec<&Arc<SourceFile>> = files.to_vec();
    // Shallow first, so that a folder's page comes before the pages in it.
    files.sort_by_key(|f| (f.rel.components().count(), f.rel.clone()));
    let mut folder_urls: HashMap<PathBuf, String> = HashMap::new();
    let mut pages = Vec::new();
    let mut drafts_skipped = 0;
    for f in files {
        let FileKind::Page { dir, bundle } = &f.kind else {
            continue;
        };
        // The folder whose page this one sits below.
        let above = if *bundle {
            dir.parent().unwrap_or(Path::new("")).to_path_buf()
        } else {
            dir.clone()
        };
        let parent_url = folder_urls
            .get(&above)
            .cloned()
            .unwrap_or_else(|| folder_url(root, &above));
        let Some(page) = page(f, *bundle, &parent_url, errors) else {
            continue;
        };
        if *bundle {
            folder_urls.insert(dir.clone(), page.url.clone());
        }
        if page.draft && !drafts {
            drafts_skipped += 1;
            continue;
        }
        pages.push(Arc::new(page));
    }
    (pages, drafts_skipped)
}

/// The URL a folder of pages has before its `index.md` says otherwise.
fn folder_url(root: &str, dir: &Path) -> String {
    let mut url = root.to_string();
    for c in dir.components() {
        url = scheme::page(&url, &slugify(&c.as_os_str().to_string_lossy()));
    }
    url
}

fn page(
    file: &SourceFile,
    bundle: bool,
    parent_url: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Page> {
    let split = match file.split() {
        Ok(s) => s,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let h: PageHeader = match frontmatter::parse(&file.rel, &file.text, &split) {
        Ok(h) => h,
        Err(e) => {
            errors.extend(e);
            return None;
        }
    };
    let mut f = Fields::new(file, &split);
    let title = match h.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        _ => {
            f.missing(
                "title",
                "add a line such as `title: \"About us\"` to the header",
            );
            String::new()
        }
    };
    let slug = match h.slug {
        Some(s) => {
            let p = frontmatter::position(s, &split);
            validate(&p.value).unwrap_or_else(|why| {
                f.push_at(
                    format!("invalid slug: {why}"),
                    p.line,
                    p.column,
                    p.value.chars().count(),
                    "a slug is one URL segment of lower-case letters, digits and `-`",
                );
                String::new()
            })
        }
        None => {
            let name = if bundle {
                file.base.parent().and_then(|p| p.file_name())
            } else {
                file.base.file_stem()
            };
            let name = name
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let slug = slugify(&name);
            if slug.is_empty() {
                f.push_at(
                    format!("cannot make a URL from the file name `{name}`"),
                    1,
                    1,
                    3,
                    "add `slug: some-words` to the header, or rename the file with Latin letters",
                );
            }
            slug
        }
    };
    let aliases = f.aliases(h.aliases, "/about-us/");
    let failed = !f.errors.is_empty();
    errors.append(&mut f.errors);
    if failed {
        return None;
    }
    let menu = match h.menu {
        Some(MenuSetting::Shown(true)) => Some(title.clone()),
        Some(MenuSetting::Named(name)) if !name.trim().is_empty() => Some(name.trim().to_string()),
        _ => None,
    };
    Some(Page {
        source: file.rel.clone(),
        translation: file.translation_key(),
        url: scheme::page(parent_url, &slug),
        slug,
        title,
        summary: h.summary.filter(|s| !s.trim().is_empty()),
        menu,
        weight: h.weight.unwrap_or(0),
        aliases,
        draft: h.draft.unwrap_or(false),
        lang: h.lang,
        body: SharedText::new(&file.text, split.body_start),
        body_line: split.body_line,
        header: HeaderKeys::read(&split, &file.text),
    })
}
