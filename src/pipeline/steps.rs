//! Part of the pipeline: the steps themselves, each over every edition,
//! in the order [`super::Pipeline`] runs them (the markdown step is in
//! [`super::compile`], the search step in [`super::search`]). Each step
//! reuses what a preview kept where it may ([`super::state`]).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{self, Findings};
use crate::config::Config;
use crate::content::{self, Changes, Site};
use crate::diagnostics::Diagnostic;
use crate::edition::{Edition, Editions};
use crate::markdown::LinkIndex;
use crate::output::OutputTarget;
use crate::render::{self, OutputFile, Scope};
use crate::routes::{RouteKind, RouteTable};
use crate::theme::{self, Theme};

use super::changes;
use super::compile::Own;
use super::state::EditionState;

/// Each edition's theme; `None` where it could not be read (its errors in
/// `errors`).
pub(super) fn themes(
    root: &Path,
    configs: &[Arc<Config>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Option<Arc<Theme>>> {
    configs
        .iter()
        .map(|c| match theme::load(root, c) {
            Ok(theme) => Some(Arc::new(theme)),
            Err(e) => {
                errors.extend(e);
                None
            }
        })
        .collect()
}

/// Each edition's content.
pub(super) fn content(
    states: &mut [EditionState],
    root: &Path,
    configs: &[Arc<Config>],
    opts: &content::LoadOptions,
    keep: bool,
    changes: Changes<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Site> {
    let mut sites = Vec::with_capacity(configs.len());
    for (state, c) in states.iter_mut().zip(configs) {
        let (site, found) = state.content(root, c, opts, keep, changes);
        errors.extend(found);
        sites.push(site);
    }
    sites
}

/// Each edition's route table, and whether it is the last run's (the
/// site's shape is the same).
pub(super) fn routes(
    states: &[EditionState],
    configs: &[Arc<Config>],
    sites: &[Site],
    themes: &[Option<Arc<Theme>>],
    keep: bool,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(Arc<RouteTable>, bool)> {
    states
        .iter()
        .zip(configs)
        .zip(sites.iter().zip(themes))
        .map(|((state, c), (site, theme))| state.routes(c, site, theme.as_deref(), keep, errors))
        .collect()
}

/// Each edition's related reading; none in a check, which renders nothing.
pub(super) fn related(
    states: &[EditionState],
    sites: &[Site],
    routes: &[(Arc<RouteTable>, bool)],
    keep: bool,
    check: bool,
) -> Vec<Arc<Vec<Vec<usize>>>> {
    states
        .iter()
        .zip(sites.iter().zip(routes))
        .map(|(state, (site, (routes, same)))| match check {
            true => Arc::default(),
            false => state.related(site, routes, *same, keep),
        })
        .collect()
}

/// Each edition's templates compiled (unless they are the last run's);
/// true when any were (everything must be rendered again).
pub(super) fn templates(
    states: &mut [EditionState],
    configs: &[Arc<Config>],
    themes: &[Option<Arc<Theme>>],
    errors: &mut Vec<Diagnostic>,
) -> bool {
    let mut everything = false;
    for ((state, c), theme) in states.iter_mut().zip(configs).zip(themes) {
        everything |= state.templates(c, theme.as_deref(), errors);
    }
    everything
}

/// The editions as the steps so far made them, for the steps that follow:
/// their bodies are compiled next. An edition whose theme could not be
/// read (a check goes on) has the empty theme.
pub(super) fn editions(
    configs: Vec<Arc<Config>>,
    themes: Vec<Option<Arc<Theme>>>,
    sites: Vec<Site>,
    routes: Vec<(Arc<RouteTable>, bool)>,
    related: Vec<Arc<Vec<Vec<usize>>>>,
) -> Editions {
    let list = configs
        .into_iter()
        .zip(themes)
        .zip(sites)
        .zip(routes)
        .zip(related)
        .map(
            |((((config, theme), site), (routes, _)), related)| Edition {
                config,
                theme: theme.unwrap_or_default(),
                site,
                routes,
                related,
                html: Default::default(),
                pdf_sizes: HashMap::new(),
            },
        )
        .collect();
    Editions::new(list)
}

/// The index source links are resolved with: the last run's while every
/// edition's shape is the same.
pub(super) fn link_index(
    states: &[EditionState],
    editions: &Editions,
    same_shape: &[bool],
    keep: bool,
) -> Arc<LinkIndex> {
    let last = states.first().and_then(|s| s.last.as_ref());
    match last {
        Some(last) if keep && same_shape.iter().all(|same| *same) => last.html.links.clone(),
        _ => Arc::new(LinkIndex::new(editions.list.iter().map(|e| &e.site))),
    }
}

/// Every edition's lints and link checks, the markdown step's own
/// findings handed over; a preview keeps each edition's in its cache.
pub(super) fn links(
    states: &mut [EditionState],
    editions: &Editions,
    own: Own,
    keep: bool,
) -> Vec<Findings> {
    let mut found = Vec::with_capacity(editions.list.len());
    for (e, (state, (own, scope))) in states.iter_mut().zip(own).enumerate() {
        let view = editions.view(e);
        let key = match (&state.prepared, keep) {
            (Some(p), true) => model_key(editions, p.theme_key, &view.config),
            _ => 0,
        };
        let cache = keep.then_some(&mut state.findings);
        found.push(check::findings(&view, &scope, key, own, cache));
    }
    found
}

/// What the findings of a run depend on besides the bodies: every
/// edition's routes (shared while the site's shape is the same, so their
/// addresses stand for them), the theme and site.toml.
fn model_key(editions: &Editions, theme_key: u64, config: &Config) -> u64 {
    let mut h = DefaultHasher::new();
    for e in &editions.list {
        (Arc::as_ptr(&e.routes) as usize).hash(&mut h);
    }
    (theme_key, &config.source, &config.head.html).hash(&mut h);
    h.finish()
}

/// What each edition must re-render: what changed since its last run, or
/// everything (the first run, a change that touches every page, or a page
/// added, moved or removed in one language, which changes the switcher
/// and alternates of its translations, and the sitemap).
pub(super) fn dirty(
    states: &[EditionState],
    editions: &[Edition],
    same_shape: &[bool],
    everything: bool,
) -> Vec<Scope> {
    let across = editions.len() > 1 && same_shape.iter().any(|same| !same);
    // A translation says when its original changed after it: an original
    // corrected or updated re-renders the other editions' pages.
    let redated = match (
        states.first().and_then(|s| s.last.as_ref()),
        editions.first(),
    ) {
        (Some(old), Some(new)) => changes::redated(&old.site, &new.site),
        _ => false,
    };
    editions
        .iter()
        .zip(states)
        .enumerate()
        .map(|(e, (new, state))| {
            let all = everything || across || (e > 0 && redated);
            match (&state.last, all) {
                (Some(last), false) => changes::between(last, new),
                _ => Scope::Everything,
            }
        })
        .collect()
}

/// How many pages [`render`] will write.
pub(super) fn to_render(editions: &Editions, dirty: &[Scope], keep: bool) -> usize {
    editions
        .list
        .iter()
        .zip(dirty)
        .map(|(e, d)| {
            let routes = e.routes.routes().iter();
            routes.filter(|r| render::renders(r, d, !keep)).count()
        })
        .sum()
}

/// Renders into `sink` the pages of each edition its scope in `dirty`
/// wants (in a build, all but the article pages the markdown step wrote);
/// returns how many were written.
pub(super) fn render(
    states: &[EditionState],
    editions: &Editions,
    dirty: &[Scope],
    keep: bool,
    sink: &render::Sink<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    let mut pages = 0;
    for (e, state) in states.iter().enumerate() {
        let Some(prepared) = &state.prepared else {
            continue;
        };
        let view = editions.view(e);
        let rendering = render::render_site(&view, &prepared.renderer, sink, &dirty[e], !keep);
        if !rendering.errors.is_empty() {
            return Err(rendering.errors);
        }
        pages += rendering.written;
    }
    Ok(pages)
}

/// The files the routes copy as they are: attachments, `static/`, and the
/// theme's static files, in parallel.
pub(super) fn copy(editions: &Editions, target: &dyn OutputTarget) -> Result<(), Diagnostic> {
    for e in &editions.list {
        copy_files(&e.site, &e.routes, &e.theme, target)?;
    }
    Ok(())
}

fn copy_files(
    site: &Site,
    routes: &RouteTable,
    theme: &Theme,
    target: &dyn OutputTarget,
) -> Result<(), Diagnostic> {
    routes.routes().par_iter().try_for_each(|r| match &r.kind {
        RouteKind::Asset(i) => target.copy(&site.assets[*i].from, &r.file),
        RouteKind::Static(i) => target.copy(&site.statics[*i].from, &r.file),
        RouteKind::ThemeFile(path) => match theme.statics.get(path) {
            Some(file) => target.write(&OutputFile {
                path: r.file.clone(),
                contents: file.bytes.clone(),
            }),
            None => Ok(()),
        },
        _ => Ok(()),
    })
}

/// Every edition's PDF edition typeset (or taken from the cache) and
/// written, each PDF's size noted on its article for the page that links
/// it (the edition's `pdf_sizes`); in a build, the cache entries no edition used are removed. A
/// preview that knows which files an edit touched, all of them articles
/// (or files in an article's folder), makes only those articles' PDFs
/// again: going through every PDF of a large site on each save took
/// seconds. The others keep the size the last run found.
#[cfg(feature = "pdf")]
pub(super) fn pdf(
    root: &Path,
    editions: &mut Editions,
    states: &[EditionState],
    target: &dyn OutputTarget,
    changes: Changes<'_>,
) -> Result<crate::pdf::Stats, Vec<Diagnostic>> {
    let edited = match changes {
        Changes::Files(files) if states.iter().all(|s| s.last.is_some()) => {
            let articles: Vec<&Path> = editions
                .list
                .iter()
                .flat_map(|e| e.site.articles.iter().map(|a| a.source.as_path()))
                .collect();
            let of_an_article = |f: &Path| articles.iter().any(|a| belongs_to(f, a));
            files.iter().all(|f| of_an_article(f)).then_some(files)
        }
        _ => None,
    };
    let mut stats = crate::pdf::Stats::default();
    let mut used = Vec::new();
    for (e, state) in editions.list.iter_mut().zip(states) {
        let Some(prepared) = &state.prepared else {
            continue;
        };
        let mut sizes = match (edited, &state.last) {
            (Some(_), Some(last)) => last_sizes(&e.site, last),
            _ => HashMap::new(),
        };
        let ed = crate::pdf::Edition {
            root,
            config: &e.config,
            theme: &e.theme,
            citations: &prepared.renderer.citations,
        };
        let only = |a: &content::Article| {
            edited.is_none_or(|files| files.iter().any(|f| belongs_to(f, &a.source)))
        };
        let only: Option<&dyn Fn(&content::Article) -> bool> = edited.map(|_| &only as _);
        let (made, new) = crate::pdf::typeset_site(&ed, &e.site, target, &mut used, only)?;
        stats.add(made);
        sizes.extend(new);
        e.pdf_sizes = sizes;
    }
    // Every edition shares the site's cache: what none of them used goes
    // (a preview that made only some PDFs does not know the rest).
    if let (None, Some(e)) = (edited, editions.list.first()) {
        let dir = crate::pdf::cache::folder(root, &e.config.pdf.cache_dir);
        crate::pdf::cache::prune(&dir, &used.into_iter().collect());
    }
    Ok(stats)
}

/// Whether the changed file `f` is the article at `source` or a file of
/// its folder (a bundle's `index.md` and its images).
#[cfg(feature = "pdf")]
fn belongs_to(f: &Path, source: &Path) -> bool {
    f == source
        || (source.file_stem().is_some_and(|s| s == "index")
            && source.parent().is_some_and(|dir| f.starts_with(dir)))
}

/// The PDF sizes the last run noted, for the articles of `site` that still
/// have a PDF (those made again are noted anew).
#[cfg(feature = "pdf")]
fn last_sizes(site: &Site, last: &Edition) -> HashMap<usize, u64> {
    let by_source: HashMap<&Path, u64> = last
        .pdf_sizes
        .iter()
        .filter_map(|(&i, &size)| Some((last.site.articles.get(i)?.source.as_path(), size)))
        .collect();
    site.articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.pdf_typeset)
        .filter_map(|(i, a)| Some((i, *by_source.get(a.source.as_path())?)))
        .collect()
}

/// Without the `pdf` feature there is no PDF edition to make.
#[cfg(not(feature = "pdf"))]
pub(super) fn pdf(
    _: &Path,
    _: &mut Editions,
    _: &[EditionState],
    _: &dyn OutputTarget,
    _: Changes<'_>,
) -> Result<crate::pdf::Stats, Vec<Diagnostic>> {
    Ok(crate::pdf::Stats::default())
}
