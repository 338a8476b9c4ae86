//! Part of the pipeline: what it keeps of each edition from run to run (a
//! preview's), and how a step decides to reuse it: the content stage's
//! cache, the route table and related reading while the site's shape is
//! the same, the compiled templates while the theme and site.toml are.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::check::FindingsCache;
use crate::config::Config;
use crate::content::{self, Changes, Site};
use crate::diagnostics::Diagnostic;
use crate::edition::Edition;
use crate::markdown::BodyCache;
use crate::render::Renderer;
use crate::routes::RouteTable;
use crate::theme::Theme;

use super::changes::same_shape;

/// The templates step's output: the compiled templates, kept while the
/// theme and site.toml they were compiled from are the same. Not part of
/// the edition's view: only the render step (and the search records, in
/// the theme's words) read them.
pub(super) struct Prepared {
    /// What they were compiled for.
    pub(super) config: Arc<Config>,
    pub(super) theme_key: u64,
    pub(super) renderer: Renderer,
}

/// What the pipeline keeps of one edition from run to run.
#[derive(Default)]
pub(super) struct EditionState {
    /// The edition's language.
    pub(super) lang: String,
    pub(super) prepared: Option<Prepared>,
    pub(super) bodies: BodyCache,
    pub(super) content: content::Cache,
    pub(super) findings: FindingsCache,
    /// The edition as the last successful run of a preview left it, to
    /// diff the next against and to reuse.
    pub(super) last: Option<Edition>,
    /// What the preview's search index was made from (a fingerprint of
    /// `last`), once the work to make it was handed out.
    pub(super) search: Option<u64>,
}

impl EditionState {
    pub(super) fn new(lang: &str) -> EditionState {
        EditionState {
            lang: lang.to_string(),
            ..EditionState::default()
        }
    }

    /// The content step for this edition: through the cache in a preview.
    pub(super) fn content(
        &mut self,
        root: &Path,
        config: &Config,
        opts: &content::LoadOptions,
        keep: bool,
        changes: Changes<'_>,
    ) -> (Site, Vec<Diagnostic>) {
        if keep {
            content::load_with(root, config, opts, &mut self.content, changes)
        } else {
            content::load(root, config, opts)
        }
    }

    /// The route table, its collisions added to `errors`: the last one
    /// while the site's shape is the same (then true).
    pub(super) fn routes(
        &self,
        config: &Config,
        site: &Site,
        theme: Option<&Theme>,
        keep: bool,
        errors: &mut Vec<Diagnostic>,
    ) -> (Arc<RouteTable>, bool) {
        let kept = self
            .last
            .as_ref()
            .filter(|l| keep && same_shape(&l.site, site));
        if let Some(l) = kept {
            return (l.routes.clone(), true);
        }
        let files: Vec<&str> = theme
            .map(|t| t.statics.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let (routes, collisions) = RouteTable::build(config, site, &files);
        errors.extend(collisions);
        (Arc::new(routes), false)
    }

    /// Each article's related reading: the last run's while the shape is
    /// the same (the same tags, authors, sections and order).
    pub(super) fn related(
        &self,
        site: &Site,
        routes: &RouteTable,
        same_shape: bool,
        keep: bool,
    ) -> Arc<Vec<Vec<usize>>> {
        match self.last.as_ref().filter(|_| keep && same_shape) {
            Some(l) => l.related.clone(),
            None => Arc::new(crate::render::related::related(site, &routes.lists)),
        }
    }

    /// Compiles the templates unless the theme and site.toml are those of
    /// the last run; returns true when they were compiled, or could not be
    /// (everything must be rendered again).
    pub(super) fn templates(
        &mut self,
        config: &Arc<Config>,
        theme: Option<&Theme>,
        errors: &mut Vec<Diagnostic>,
    ) -> bool {
        let Some(theme) = theme else {
            return true;
        };
        let theme_key = theme_key(theme);
        let reuse = self.prepared.as_ref().is_some_and(|p| {
            p.config.source == config.source
                && p.config.head == config.head
                && p.config.edition == config.edition
                && p.theme_key == theme_key
        });
        if reuse {
            return false;
        }
        match Renderer::new(theme, config) {
            Ok(renderer) => {
                self.prepared = Some(Prepared {
                    config: config.clone(),
                    theme_key,
                    renderer,
                });
                self.last = None;
                self.search = None;
            }
            Err(e) => errors.extend(e),
        }
        true
    }
}

/// A fingerprint of everything in the theme, to know when to recompile.
fn theme_key(theme: &Theme) -> u64 {
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

/// The states for `configs`' editions: the last ones where the languages
/// are the same, in the same order; else new ones.
pub(super) fn align(states: &mut Vec<EditionState>, configs: &[Arc<Config>]) {
    let same = states.len() == configs.len()
        && states
            .iter()
            .zip(configs)
            .all(|(s, c)| s.lang == c.edition.lang);
    if !same {
        *states = configs
            .iter()
            .map(|c| EditionState::new(&c.edition.lang))
            .collect();
    }
}
