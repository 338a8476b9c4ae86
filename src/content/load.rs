//! Part of the content stage: the stage itself, step by step. Walk
//! `content/` (or, for a preview whose edits touched only known files, keep
//! the last walk); read the markdown files (only the changed ones, for a
//! preview); read the section, author and series files; resolve every
//! article, in parallel (only the changed ones, while nothing they depend
//! on changed); then gather the site's tags and series, the files beside
//! the markdown and those of `static/`. Every problem found becomes a
//! [`Diagnostic`]; loading goes on so that one build reports them all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::article::{Context, LeftOut, Resolved, resolve};
use super::frontmatter::{self, ARTICLE_KEYS};
use super::walk::{FileKind, Inventory, SourceFile, walk};
use super::{Series, Site, Tag, site_files, urls};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::routes::scheme;

pub const CONTENT_DIR: &str = "content";
/// Files copied as they are to the root of the site.
pub const STATIC_DIR: &str = "static";
pub(super) const AUTHORS_DIR: &str = "authors";
pub(super) const SERIES_DIR: &str = "series";

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub drafts: bool,
    pub future: bool,
    /// "Now", for deciding what is scheduled; fixed by the caller so a build is reproducible.
    pub now: DateTime<Utc>,
}

/// What changed since the last load, for a preview.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// Not known: read everything.
    Unknown,
    /// These files (relative to the site root) changed, and nothing else.
    Files(&'a [PathBuf]),
}

/// What one load keeps for the next (`serve`): the last walk, the files as
/// read, and each article as resolved, with the context it was resolved in.
#[derive(Default)]
pub struct Cache {
    walk: Option<(Inventory, Vec<Diagnostic>)>,
    files: HashMap<PathBuf, Arc<SourceFile>>,
    articles: HashMap<PathBuf, Resolution>,
}

struct Resolution {
    /// The text it was resolved from (the same allocation while unchanged).
    text: Arc<str>,
    context: u64,
    resolved: Arc<Resolved>,
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
    let (inventory, walk_errors) = inventory(root, cache, changed.as_ref());
    let mut errors = walk_errors.clone();
    let files = read(root, &inventory, cache, changed.as_ref(), &mut errors);

    let mut site = Site::default();
    let mut section_files = HashMap::new();
    let mut articles = Vec::new();
    for f in &files {
        match &f.kind {
            FileKind::SectionIndex { dir } => {
                section_files.insert(dir.clone(), f.as_ref());
            }
            FileKind::Author => site_files::author(f, &mut site, &mut errors),
            FileKind::Series => site_files::series(f, &mut site, &mut errors),
            FileKind::Article { .. } => articles.push(f.clone()),
        }
    }
    site_files::sections(
        config,
        &inventory.section_dirs,
        &section_files,
        &mut site,
        &mut errors,
    );
    let ctx = Context {
        config,
        opts,
        sections: &site.sections,
        authors: &site.authors,
    };
    let resolved = resolve_all(&ctx, &articles, cache);
    gather(&mut site, &resolved, &mut errors);
    urls::assets(&mut site, &inventory.other_files);
    urls::statics(&mut site, &root.join(STATIC_DIR), &mut errors);
    cache.walk = Some((inventory, walk_errors));
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    (site, errors)
}

/// The last walk when every changed file is a markdown file it knows and
/// still there (an edit); else a new walk.
fn inventory(
    root: &Path,
    cache: &mut Cache,
    changed: Option<&HashSet<PathBuf>>,
) -> (Inventory, Vec<Diagnostic>) {
    let content = root.join(CONTENT_DIR);
    if let (Some(changed), Some((inv, walk_errors))) = (changed, cache.walk.take()) {
        let relevant: Vec<&PathBuf> = changed.iter().filter(|p| p.starts_with(&content)).collect();
        let known: HashSet<&PathBuf> = inv.markdown.iter().map(|(p, _)| p).collect();
        if relevant.iter().all(|p| known.contains(p) && p.is_file()) {
            return (inv, walk_errors);
        }
    }
    let mut errors = Vec::new();
    let inv = walk(root, &content, &mut errors);
    (inv, errors)
}

/// Every markdown file of the inventory, as text: read again when it
/// changed (or when changes are not known), else as last read.
fn read(
    root: &Path,
    inventory: &Inventory,
    cache: &mut Cache,
    changed: Option<&HashSet<PathBuf>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Arc<SourceFile>> {
    let results: Vec<Result<Arc<SourceFile>, Diagnostic>> = inventory
        .markdown
        .par_iter()
        .map(|(abs, kind)| {
            let kept = changed
                .filter(|c| !c.contains(abs))
                .and_then(|_| cache.files.get(abs));
            match kept {
                Some(f) if f.kind == *kind => Ok(f.clone()),
                Some(f) => Ok(Arc::new(SourceFile {
                    kind: kind.clone(),
                    ..f.as_ref().clone()
                })),
                None => SourceFile::read(root, abs, kind.clone()).map(Arc::new),
            }
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut kept = HashMap::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => {
                kept.insert(f.abs.clone(), f.clone());
                files.push(f);
            }
            Err(e) => errors.push(e),
        }
    }
    cache.files = kept;
    files
}

/// Every article resolved, in parallel: as last time when its text and
/// everything it reads besides are the same, else parsed and resolved.
fn resolve_all(
    ctx: &Context<'_>,
    articles: &[Arc<SourceFile>],
    cache: &mut Cache,
) -> Vec<Arc<Resolved>> {
    let key = ctx.key();
    let now = ctx.opts.now;
    let resolved: Vec<Arc<Resolved>> = articles
        .par_iter()
        .map(|f| {
            if let Some(r) = cache.articles.get(&f.abs)
                && r.context == key
                && Arc::ptr_eq(&r.text, &f.text)
                && r.resolved.holds_at(now)
            {
                return r.resolved.clone();
            }
            let header = f
                .split()
                .ok()
                .map(|split| frontmatter::parse(&f.rel, &f.text, &split, ARTICLE_KEYS));
            Arc::new(resolve(ctx, f, header))
        })
        .collect();
    cache.articles = articles
        .iter()
        .zip(&resolved)
        .map(|(f, r)| {
            let entry = Resolution {
                text: f.text.clone(),
                context: key,
                resolved: r.clone(),
            };
            (f.abs.clone(), entry)
        })
        .collect();
    resolved
}

/// The site's articles, newest first, and the tags and series they name
/// (a tag's name as its first article in file order writes it).
fn gather(site: &mut Site, resolved: &[Arc<Resolved>], errors: &mut Vec<Diagnostic>) {
    for r in resolved {
        errors.extend(r.errors.iter().cloned());
        for (slug, name) in &r.tags {
            if !site.tags.contains_key(slug) {
                site.tags.insert(
                    slug.clone(),
                    Tag {
                        url: scheme::tag(slug),
                        slug: slug.clone(),
                        name: name.clone(),
                    },
                );
            }
        }
        if let Some((slug, title)) = &r.series
            && !site.series.contains_key(slug)
        {
            site.series.insert(
                slug.clone(),
                Series {
                    url: scheme::series(slug),
                    slug: slug.clone(),
                    title: title.clone(),
                    description: None,
                },
            );
        }
        match (&r.article, &r.left_out) {
            (Some(a), _) => site.articles.push(a.clone()),
            (None, Some(LeftOut::Draft)) => site.drafts_skipped += 1,
            (None, Some(LeftOut::Scheduled(source, date))) => {
                site.scheduled.push((source.clone(), *date));
            }
            (None, None) => {}
        }
    }
    site.articles
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
}

/// "policy-briefs" -> "Policy Briefs": a title for a folder or file name
/// that has none of its own.
pub fn title_from_name(folder: &str) -> String {
    folder
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_titles() {
        assert_eq!(title_from_name("policy-briefs"), "Policy Briefs");
    }
}
