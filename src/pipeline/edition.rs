//! Part of the pipeline: one edition of the site (one language) through
//! the steps before rendering, and what a preview keeps of it between runs.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::steps;
use crate::check::FindingsCache;
use crate::config::Config;
use crate::content::{self, Changes, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{BodyCache, SiteHtml};
use crate::render::{Renderer, Theme};
use crate::routes::RouteTable;

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
    /// The routes (and so the links) are those of the last run.
    pub(super) same_shape: bool,
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
                same_shape: true,
            },
            None => Model {
                routes: Arc::new(steps::routes(config, &site, theme, errors)),
                site,
                same_shape: false,
            },
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
