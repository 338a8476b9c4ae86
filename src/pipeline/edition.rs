//! Part of the pipeline: one edition of the site (one language) through
//! the steps before rendering, and what a preview keeps of it between runs.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Clock, steps};
use crate::check::FindingsCache;
use crate::config::Config;
use crate::content::{self, Changes, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{BodyCache, SiteHtml};
use crate::render::{Render, Renderer};
use crate::routes::{Editions, RouteTable};
use crate::theme::Theme;

pub(super) struct Prepared {
    pub(super) config: Config,
    pub(super) theme_key: u64,
    pub(super) theme: Theme,
    pub(super) renderer: Renderer,
}

/// The last successful run, to diff the next against and to reuse.
pub(super) struct Published {
    pub(super) site: Site,
    pub(super) html: SiteHtml,
    pub(super) routes: Arc<RouteTable>,
    pub(super) related: Arc<Vec<Vec<usize>>>,
    /// What the preview's search index is made from (a fingerprint), once
    /// the work to make it was handed out.
    pub(super) search: Option<u64>,
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
    pub(super) last: Option<Published>,
}

/// One edition's model after the first steps of a run.
pub(super) struct Model {
    pub(super) site: Site,
    pub(super) routes: Arc<RouteTable>,
    /// Each article's related reading (see [`crate::render::related`]).
    pub(super) related: Arc<Vec<Vec<usize>>>,
    /// The routes (and so the links) are those of the last run.
    pub(super) same_shape: bool,
}

impl Model {
    /// What the render step reads of edition `edition` of `editions`,
    /// with the bodies in `html`.
    pub(super) fn render<'a>(
        &'a self,
        prepared: &'a Prepared,
        html: &'a SiteHtml,
        editions: &'a Editions<'a>,
        edition: usize,
    ) -> Render<'a> {
        Render {
            config: &prepared.config,
            site: &self.site,
            routes: &self.routes,
            html,
            renderer: &prepared.renderer,
            editions,
            edition,
            related: &self.related,
        }
    }
}

impl EditionState {
    pub(super) fn new(lang: &str) -> EditionState {
        EditionState {
            lang: lang.to_string(),
            ..EditionState::default()
        }
    }

    /// The content stage for this edition.
    pub(super) fn content(
        &mut self,
        root: &std::path::Path,
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

    /// The route table: the last one while the site's shape is the same.
    pub(super) fn routes(
        &self,
        config: &Config,
        site: Site,
        theme: Option<&Theme>,
        keep: bool,
        errors: &mut Vec<Diagnostic>,
    ) -> Model {
        let kept = self
            .last
            .as_ref()
            .filter(|l| keep && steps::same_shape(&l.site, &site));
        match kept {
            Some(l) => Model {
                routes: l.routes.clone(),
                site,
                related: Arc::default(),
                same_shape: true,
            },
            None => Model {
                routes: Arc::new(steps::routes(config, &site, theme, errors)),
                site,
                related: Arc::default(),
                same_shape: false,
            },
        }
    }

    /// Each article's related reading: the last run's while the shape is
    /// the same (the same tags, authors, sections and order).
    pub(super) fn related(&self, model: &Model, keep: bool) -> Arc<Vec<Vec<usize>>> {
        match self.last.as_ref().filter(|_| keep && model.same_shape) {
            Some(l) => l.related.clone(),
            None => Arc::new(crate::render::related::related(
                &model.site,
                &model.routes.lists,
            )),
        }
    }

    /// Compiles the templates unless the theme and site.toml are those of
    /// the last run; returns true when they were compiled (everything must
    /// be rendered again).
    pub(super) fn templates(
        &mut self,
        config: &Config,
        theme: Result<Theme, Vec<Diagnostic>>,
        errors: &mut Vec<Diagnostic>,
    ) -> bool {
        let theme = match theme {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                return true;
            }
        };
        let theme_key = steps::theme_key(&theme);
        let reuse = self.prepared.as_ref().is_some_and(|p| {
            p.config.source == config.source
                && p.config.head == config.head
                && p.config.edition == config.edition
                && p.theme_key == theme_key
        });
        if reuse {
            return false;
        }
        match Renderer::new(&theme, config) {
            Ok(renderer) => {
                self.prepared = Some(Prepared {
                    config: config.clone(),
                    theme_key,
                    theme,
                    renderer,
                });
                self.last = None;
            }
            Err(e) => errors.extend(e),
        }
        true
    }
}

impl super::Pipeline {
    /// The steps that make each edition's model: theme, content, routes
    /// and templates, each timed over every edition. True when the
    /// templates were compiled (everything must be rendered again).
    pub(super) fn models(
        &mut self,
        configs: &[Config],
        now: DateTime<Utc>,
        changes: Changes<'_>,
        clock: &mut Clock,
        step: &dyn Fn(&str, usize, usize),
        errors: &mut Vec<Diagnostic>,
    ) -> (Vec<Model>, bool) {
        step("theme", 0, 0); // progress hook
        let themes: Vec<_> = configs
            .iter()
            .map(|c| crate::theme::load(&self.root, c))
            .collect();
        clock.lap("theme");
        step("content", 0, 0); // progress hook
        let opts = load_options(&self.settings, now);
        let keep = self.settings.keep;
        let mut sites = Vec::with_capacity(configs.len());
        for (state, c) in self.editions.iter_mut().zip(configs) {
            let (site, found) = state.content(&self.root, c, &opts, keep, changes);
            errors.extend(found);
            sites.push(site);
        }
        clock.lap("content");
        step("routes", 0, 0); // progress hook
        let mut models: Vec<Model> = self
            .editions
            .iter()
            .zip(configs)
            .zip(sites)
            .zip(&themes)
            .map(|(((state, c), site), theme)| {
                state.routes(c, site, theme.as_ref().ok(), keep, errors)
            })
            .collect();
        clock.lap("routes");
        step("related", 0, 0); // progress hook
        for (state, m) in self.editions.iter().zip(&mut models) {
            m.related = state.related(m, keep);
        }
        clock.lap("related");
        step("templates", 0, 0); // progress hook
        let mut everything = false;
        for ((state, c), theme) in self.editions.iter_mut().zip(configs).zip(themes) {
            everything |= state.templates(c, theme, errors);
        }
        clock.lap("templates");
        (models, everything)
    }
}

/// The states for `configs`' editions: the last ones where the languages
/// are the same, in the same order; else new ones.
pub(super) fn align(states: &mut Vec<EditionState>, configs: &[Config]) {
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

/// The content stage's options for a run at `now`.
pub(super) fn load_options(settings: &super::Settings, now: DateTime<Utc>) -> content::LoadOptions {
    content::LoadOptions {
        drafts: settings.drafts,
        future: settings.future,
        now,
    }
}
