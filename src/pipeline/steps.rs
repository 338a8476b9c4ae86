//! Part of the pipeline: the steps that need more than a line, and the
//! fingerprints that let a preview skip them.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check;
use crate::config::Config;
use crate::content::{Article, Byline, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, BodyCache, LinkIndex, SiteHtml, StageOptions};
use crate::output::OutputTarget;
use crate::render::Scope;
use crate::render::{OutputFile, Theme};
use crate::routes::{RouteKind, RouteTable};

use super::Bodies;
use super::changes::{self, Version};
use super::edition::{EditionState, Model};

/// The route table, its collisions added to `errors`.
pub(super) fn routes(
    config: &Config,
    site: &Site,
    theme: Option<&Theme>,
    errors: &mut Vec<Diagnostic>,
) -> RouteTable {
    let (routes, collisions) = RouteTable::build(config, site, &theme_files(theme));
    errors.extend(collisions);
    routes
}

fn theme_files(theme: Option<&Theme>) -> Vec<&str> {
    theme
        .map(|t| t.statics.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Whether two versions of a site have the same routes and link index:
/// the same sections, authors, tags, series and files, and articles that
/// are the same (shared, when the content stage kept them) or differ only
/// in what neither reads (an edited paragraph). Lists are ordered by date,
/// title and weight, so those count. The theme and site.toml are not
/// compared: when they change, everything is made again anyway.
pub(super) fn same_shape(old: &Site, new: &Site) -> bool {
    let same_profiles = old.authors.len() == new.authors.len()
        && old
            .authors
            .iter()
            .zip(&new.authors)
            .all(|((s, a), (t, b))| s == t && a.url == b.url && a.bio.source == b.bio.source);
    old.articles.len() == new.articles.len()
        && old.sections == new.sections
        && old.pages == new.pages
        && same_profiles
        && old.tags == new.tags
        && old.series.keys().eq(new.series.keys())
        && old.assets == new.assets
        && old.statics == new.statics
        && old
            .articles
            .iter()
            .zip(&new.articles)
            .all(|(a, b)| Arc::ptr_eq(a, b) || same_article_shape(a, b))
}

fn same_article_shape(a: &Article, b: &Article) -> bool {
    a.source == b.source
        && a.url == b.url
        && a.aliases == b.aliases
        && a.section == b.section
        && a.tags == b.tags
        && a.series == b.series
        && a.draft == b.draft
        && a.date == b.date
        && a.title == b.title
        && a.weight == b.weight
        && a.authors
            .iter()
            .map(profile)
            .eq(b.authors.iter().map(profile))
}

fn profile(b: &Byline) -> Option<&str> {
    match b {
        Byline::Profile(slug) => Some(slug),
        Byline::Inline(_) => None,
    }
}

/// Every body parsed once: HTML (when wanted), ids, links, and each
/// article's own lint findings.
pub(super) fn markdown(
    site: &Site,
    scope: &check::Scope,
    html: bool,
    cache: Option<&BodyCache>,
    links: Arc<LinkIndex>,
    emit: Option<&markdown::Emit<'_>>,
    words: &markdown::Words,
) -> (SiteHtml, Vec<Arc<Vec<Diagnostic>>>) {
    let opts = StageOptions {
        html,
        cache,
        lints_key: scope.key(),
        links,
        emit,
        words,
    };
    let lint = |i: usize, parsed: &markdown::Parsed<'_>| {
        check::lint_article(scope, &site.articles[i], parsed)
    };
    markdown::render_site(site, &opts, &lint)
}

/// The files the routes copy as they are: attachments, `static/`, and the
/// theme's static files, in parallel.
pub(super) fn copy_files(
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

/// A fingerprint of everything in the theme, to know when to recompile.
pub(super) fn theme_key(theme: &Theme) -> u64 {
    let mut h = DefaultHasher::new();
    for (layer, name, file) in &theme.templates {
        (*layer as u8, name, &file.bytes).hash(&mut h);
    }
    for (path, file) in &theme.statics {
        (path, &file.bytes).hash(&mut h);
    }
    theme.words.to_string().hash(&mut h);
    h.finish()
}

/// What each edition must re-render: what changed since its last run, or
/// everything (the first run, a change that touches every page, or a page
/// added, moved or removed in one language, which changes the switcher
/// and alternates of its translations, and the sitemap).
pub(super) fn dirty(
    states: &[EditionState],
    models: &[Model],
    bodies: &Bodies,
    everything: bool,
) -> Vec<Scope> {
    let across = models.len() > 1 && models.iter().any(|m| !m.same_shape);
    models
        .iter()
        .zip(bodies)
        .zip(states)
        .map(
            |((m, (html, ..)), state)| match (&state.last, everything || across) {
                (Some(last), false) => changes::between(
                    &Version {
                        site: &last.site,
                        html: &last.html,
                        related: &last.related,
                    },
                    &Version {
                        site: &m.site,
                        html,
                        related: &m.related,
                    },
                ),
                _ => Scope::Everything,
            },
        )
        .collect()
}
