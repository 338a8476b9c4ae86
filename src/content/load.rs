//! Part of the content stage: the stage itself, step by step. Walk
//! `content/` (or, for a preview whose edits touched only known files, keep
//! the last walk); read the markdown files (only the changed ones, for a
//! preview); read the section, author and series files; resolve every
//! article, in parallel (only the changed ones, while nothing they depend
//! on changed); then gather the site's tags and series, the files beside
//! the markdown and those of `static/`. Every problem found becomes a
//! [`Diagnostic`]; loading goes on so that one build reports them all.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::article::{Context, Resolved, resolve};
use super::frontmatter;
use super::gather::{self, Fresh};
use super::walk::{FileKind, Inventory, Langs, SourceFile, walk};
use super::{CONTENT_DIR, LoadOptions, STATIC_DIR, Site, page, site_files, urls};
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// What changed since the last load, for a preview.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// Not known: read everything.
    Unknown,
    /// These files (relative to the site root) changed, and nothing else.
    Files(&'a [PathBuf]),
}

/// What one load keeps for the next (`serve`): the last walk, each
/// markdown file as read and each article as resolved (in the walk's
/// order), and the sections, authors and series as read.
#[derive(Default)]
pub struct Cache {
    walk: Option<Walk>,
    frame: Option<Frame>,
    gathered: Option<gather::Gathered>,
}

/// The last walk of `content/`, and what became of each markdown file.
struct Walk {
    inventory: Inventory,
    errors: Vec<Diagnostic>,
    /// Absolute path -> its place in `inventory.markdown`.
    index: HashMap<PathBuf, usize>,
    files: Vec<Option<Arc<SourceFile>>>,
    resolved: Vec<Option<Resolution>>,
}

struct Resolution {
    /// The text it was resolved from (the same allocation while unchanged).
    text: Arc<str>,
    context: u64,
    resolved: Arc<Resolved>,
}

/// The files that frame the articles, as last read: reused while neither
/// they nor site.toml changed.
struct Frame {
    key: u64,
    /// Kept alive, so that the addresses in `key` are not reused.
    _files: Vec<Arc<SourceFile>>,
    site: Site,
    errors: Vec<Diagnostic>,
}

/// Reads `root/content` into a [`Site`], or every error found on the way.
pub fn load(root: &Path, config: &Config, opts: &LoadOptions) -> (Site, Vec<Diagnostic>) {
    load_with(root, config, opts, &mut Cache::default(), Changes::Unknown)
}

/// As [`load`], reusing what `cache` kept from the last load where
/// `changes` says nothing touched it.
pub fn load_with(
    root: &Path,
    config: &Config,
    opts: &LoadOptions,
    cache: &mut Cache,
    changes: Changes<'_>,
) -> (Site, Vec<Diagnostic>) {
    let changed: Option<HashSet<PathBuf>> = match changes {
        Changes::Unknown => None,
        Changes::Files(files) => Some(files.iter().map(|p| root.join(p)).collect()),
    };
    let (mut walk, walk_kept) =
        walk_again_if_needed(root, config, cache.walk.take(), changed.as_ref());
    let mut errors = walk.errors.clone();
    read(root, &mut walk, changed.as_ref(), &mut errors);

    let (mut site, frame_kept) = frame(config, &walk, &mut cache.frame, &mut errors);
    let ctx = Context {
        config,
        opts,
        sections: &site.sections,
        authors: &site.authors,
    };
    let fresh = resolve_all(&ctx, &mut walk);
    let kept = cache.gathered.take().filter(|_| walk_kept && frame_kept);
    // Only articles count; a file that could not be read this time has none.
    let resolved: Vec<Option<&Arc<Resolved>>> = walk
        .resolved
        .iter()
        .zip(&walk.files)
        .map(|(r, f)| {
            let article = f
                .as_ref()
                .is_some_and(|f| matches!(f.kind, FileKind::Article { .. }));
            r.as_ref().filter(|_| article).map(|r| &r.resolved)
        })
        .collect();
    let gathered = gather::gather(kept, &resolved, &fresh, &mut site);
    errors.extend(gathered.errors.iter().cloned());
    cache.gathered = Some(gathered);
    let page_files: Vec<&Arc<SourceFile>> = walk
        .files
        .iter()
        .flatten()
        .filter(|f| matches!(f.kind, FileKind::Page { .. }))
        .collect();
    if !config.edition.is_default {
        keep_named_authors(&mut site);
    }
    let (pages, drafts) = page::pages(&page_files, &site.root, opts.drafts, &mut errors);
    site.pages = pages;
    site.drafts_skipped += drafts;
    urls::assets(&mut site, &walk.inventory.other_files);
    if config.edition.is_default {
        urls::statics(&mut site, &root.join(STATIC_DIR), &mut errors);
    }
    cache.walk = Some(walk);
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    (site, errors)
}

/// The last walk when every changed file under `content/` is a markdown
/// file it knows and still there (an edit); else a new walk, which keeps
/// the texts of the files that did not change. True when it is the last.
fn walk_again_if_needed(
    root: &Path,
    config: &Config,
    last: Option<Walk>,
    changed: Option<&HashSet<PathBuf>>,
) -> (Walk, bool) {
    let content = root.join(CONTENT_DIR);
    let edits_only = match (changed, &last) {
        (Some(changed), Some(last)) => changed
            .iter()
            .filter(|p| p.starts_with(&content))
            .all(|p| last.index.contains_key(p) && p.is_file()),
        _ => false,
    };
    if edits_only && let Some(last) = last {
        return (last, true);
    }
    let mut errors = Vec::new();
    let langs = Langs {
        default: &config.language,
        others: config.languages.keys().map(String::as_str).collect(),
    };
    let mut inventory = walk(root, &content, &langs, &mut errors);
    edition_files(&mut inventory, config);
    let index: HashMap<PathBuf, usize> = inventory
        .markdown
        .iter()
        .enumerate()
        .map(|(i, m)| (m.abs.clone(), i))
        .collect();
    let mut files = vec![None; inventory.markdown.len()];
    let mut resolved: Vec<Option<Resolution>> = Vec::new();
    resolved.resize_with(files.len(), || None);
    if let (Some(changed), Some(mut last)) = (changed, last) {
        for (path, &i) in &index {
            let Some(&j) = last.index.get(path) else {
                continue;
            };
            if !changed.contains(path) {
                files[i] = last.files[j].take();
                resolved[i] = last.resolved[j].take();
            }
        }
    }
    let walk = Walk {
        inventory,
        errors,
        index,
        files,
        resolved,
    };
    (walk, false)
}

/// In an edition other than the default one, the profiles of the authors
/// its articles name: the others have nothing to list in this language.
fn keep_named_authors(site: &mut Site) {
    let named: HashSet<String> = site
        .articles
        .iter()
        .flat_map(|a| &a.authors)
        .filter_map(|b| match b {
            super::Byline::Profile(slug) => Some(slug.clone()),
            super::Byline::Inline(_) => None,
        })
        .collect();
    site.authors.retain(|slug, _| named.contains(slug));
}

/// Keeps the files of `config`'s edition: the default language's files
/// (no suffix) for the site itself; for another language, its articles and
/// pages, its translations of section, author and series files and, where
/// it has none, the default language's (so a section keeps its title). A
/// section of another edition is published only when something of that
/// language is in it.
fn edition_files(inventory: &mut Inventory, config: &Config) {
    let edition = &config.edition;
    if edition.is_default {
        inventory.markdown.retain(|m| m.lang.is_none());
        return;
    }
    let mine = |m: &super::walk::Markdown| m.lang.as_deref() == Some(edition.lang.as_str());
    let translated: HashSet<PathBuf> = inventory
        .markdown
        .iter()
        .filter(|m| mine(m))
        .map(|m| m.base.clone())
        .collect();
    inventory.markdown.retain(|m| match m.kind {
        FileKind::Article { .. } | FileKind::Page { .. } => mine(m),
        FileKind::SectionIndex { .. } | FileKind::Author | FileKind::Series => {
            mine(m) || (m.lang.is_none() && !translated.contains(&m.base))
        }
    });
    let used: Vec<&Path> = inventory
        .markdown
        .iter()
        .filter_map(|m| match &m.kind {
            FileKind::Article { dir, .. } if mine(m) => Some(dir.as_path()),
            FileKind::SectionIndex { dir } if mine(m) => Some(dir.as_path()),
            _ => None,
        })
        .collect();
    inventory
        .section_dirs
        .retain(|d| d.as_os_str().is_empty() || used.iter().any(|u| u.starts_with(d)));
}

/// Reads the markdown files that changed (every file, when changes are
/// not known) into `walk.files`; the others are kept as read.
fn read(
    root: &Path,
    walk: &mut Walk,
    changed: Option<&HashSet<PathBuf>>,
    errors: &mut Vec<Diagnostic>,
) {
    match changed {
        None => walk.files.iter_mut().for_each(|f| *f = None),
        Some(changed) => {
            for path in changed {
                if let Some(&i) = walk.index.get(path) {
                    walk.files[i] = None;
                }
            }
        }
    }
    let needed: Vec<usize> = (0..walk.files.len())
        .filter(|&i| walk.files[i].is_none())
        .collect();
    let markdown = &walk.inventory.markdown;
    let fresh: Vec<(usize, Result<SourceFile, Diagnostic>)> = needed
        .par_iter()
        .map(|&i| (i, SourceFile::read(root, &markdown[i])))
        .collect();
    for (i, r) in fresh {
        match r {
            Ok(f) => walk.files[i] = Some(Arc::new(f)),
            Err(e) => errors.push(e),
        }
    }
}

/// Sections, author profiles and series descriptions: as last time when
/// site.toml and the files they come from are the same (then true).
fn frame(
    config: &Config,
    walk: &Walk,
    kept: &mut Option<Frame>,
    errors: &mut Vec<Diagnostic>,
) -> (Site, bool) {
    let files: Vec<Arc<SourceFile>> = walk
        .files
        .iter()
        .flatten()
        .filter(|f| {
            matches!(
                f.kind,
                FileKind::SectionIndex { .. } | FileKind::Author | FileKind::Series
            )
        })
        .cloned()
        .collect();
    let key = {
        let mut h = DefaultHasher::new();
        config.source.hash(&mut h);
        walk.inventory.section_dirs.hash(&mut h);
        for f in &files {
            (Arc::as_ptr(&f.text) as *const u8 as usize).hash(&mut h);
        }
        h.finish()
    };
    if let Some(frame) = kept.as_ref().filter(|f| f.key == key) {
        errors.extend(frame.errors.iter().cloned());
        return (frame.site.clone(), true);
    }
    let mut site = Site {
        root: config.edition.root.clone(),
        ..Site::default()
    };
    let mut own_errors = Vec::new();
    let mut section_files = HashMap::new();
    for f in &files {
        match &f.kind {
            FileKind::SectionIndex { dir } => {
                section_files.insert(dir.clone(), f.as_ref());
            }
            FileKind::Author => site_files::author(config, f, &mut site, &mut own_errors),
            FileKind::Series => site_files::series(config, f, &mut site, &mut own_errors),
            FileKind::Article { .. } | FileKind::Page { .. } => {}
        }
    }
    site_files::sections(
        config,
        &walk.inventory.section_dirs,
        &section_files,
        &mut site,
        &mut own_errors,
    );
    errors.extend(own_errors.iter().cloned());
    *kept = Some(Frame {
        key,
        _files: files,
        site: site.clone(),
        errors: own_errors,
    });
    (site, false)
}

/// Every article resolved, in parallel: as last time when its text and
/// everything it reads besides are the same, else parsed and resolved.
/// The resolutions stay in `walk.resolved` (by place in the walk); returns
/// what was resolved afresh, with what was there before.
fn resolve_all(ctx: &Context<'_>, walk: &mut Walk) -> Vec<Fresh> {
    let key = ctx.key();
    let now = ctx.opts.now;
    let kept = &walk.resolved;
    let stale: Vec<(usize, &Arc<SourceFile>)> = walk
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, f.as_ref()?)))
        .filter(|(i, f)| {
            matches!(f.kind, FileKind::Article { .. })
                && !kept[*i].as_ref().is_some_and(|r| {
                    r.context == key && Arc::ptr_eq(&r.text, &f.text) && r.resolved.holds_at(now)
                })
        })
        .collect();
    let made: Vec<(usize, Arc<str>, Arc<Resolved>)> = stale
        .par_iter()
        .map(|&(i, f)| {
            let header = f
                .split()
                .ok()
                .map(|split| frontmatter::parse(&f.rel, &f.text, &split));
            (i, f.text.clone(), Arc::new(resolve(ctx, f, header)))
        })
        .collect();
    made.into_iter()
        .map(|(i, text, resolved)| {
            let after = resolved.clone();
            let before = walk.resolved[i].replace(Resolution {
                text,
                context: key,
                resolved,
            });
            Fresh {
                before: before.map(|b| b.resolved),
                after,
            }
        })
        .collect()
}
