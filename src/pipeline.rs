//! The pipeline as a whole, as a list of named, timed steps:
//!
//! ```text
//! config -> theme -> content -> routes -> templates -> markdown (+ lints)
//!        -> links (+ site lints) -> render -> copy
//! ```
//!
//! `folio build` runs every step once into a staging folder; `folio check`
//! runs the same steps up to, not including, rendering ([`Pipeline::check`]),
//! so it refuses exactly what the build refuses; `serve` keeps a
//! [`Pipeline`] between saves, which keeps what a later run can reuse (the
//! compiled templates, compiled bodies and their lint findings, the previous
//! site and routes) and re-renders only the pages an edit touched.

mod changes;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::check::{self, SiteCheck};
use crate::config::{self, Config};
use crate::content::{self, PubDate, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, BodyCache, SiteHtml, StageOptions};
use crate::output::OutputTarget;
use crate::render::{self, OutputFile, Render, Renderer, Scope, Theme};
use crate::routes::{RouteKind, RouteTable};

/// What every run of a pipeline includes and assumes.
#[derive(Debug, Clone)]
pub struct Settings {
    pub drafts: bool,
    pub future: bool,
    /// Replaces `base_url` from site.toml (e.g. a staging server, the preview).
    pub base_url: Option<String>,
    /// The moment that decides what is scheduled; `None`: the clock at each run.
    pub now: Option<DateTime<Utc>>,
    /// Keep compiled bodies for the next run (`serve`); a one-off build
    /// would only pay for the copies.
    pub keep: bool,
}

/// What one run did.
#[derive(Debug)]
pub struct Outcome {
    /// Pages rendered and written in this run.
    pub pages: usize,
    pub articles: usize,
    /// Every file of the site as it now stands, relative to the output.
    pub paths: HashSet<String>,
    /// True when everything was rendered (first run, templates, site.toml).
    pub everything: bool,
    pub warnings: Diagnostics,
    pub scheduled: Vec<(PathBuf, PubDate)>,
    pub drafts_skipped: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why a run wrote nothing (or, for a template error, not everything).
#[derive(Debug)]
pub struct Failure(pub Vec<Diagnostic>);

/// What `folio check` learns: every error and finding, and the model of the
/// site as far as it could be made.
pub struct Checked {
    pub diagnostics: Diagnostics,
    /// None when site.toml itself could not be read.
    pub config: Option<Config>,
    pub site: Site,
    pub routes: RouteTable,
    pub html: SiteHtml,
    pub timings: Vec<(&'static str, Duration)>,
}

struct Prepared {
    config: Config,
    theme_key: u64,
    theme: Theme,
    renderer: Renderer,
}

/// The site of the last successful run, to diff the next against.
struct Published {
    site: Site,
    html: SiteHtml,
}

pub struct Pipeline {
    root: PathBuf,
    settings: Settings,
    prepared: Option<Prepared>,
    bodies: BodyCache,
    last: Option<Published>,
}

/// Stage timings, lap by lap.
struct Clock {
    at: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            at: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        self.laps.push((name, self.at.elapsed()));
        self.at = Instant::now();
    }
}

impl Pipeline {
    pub fn new(root: &Path, settings: Settings) -> Pipeline {
        Pipeline {
            root: root.to_path_buf(),
            settings,
            prepared: None,
            bodies: BodyCache::default(),
            last: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration of the last successful run.
    pub fn config(&self) -> Option<&Config> {
        self.prepared.as_ref().map(|p| &p.config)
    }

    /// Reads the configuration (with `--base-url` applied).
    pub fn load_config(&self) -> Result<Config, Failure> {
        let mut config = config::load(&self.root).map_err(Failure)?;
        if let Some(url) = &self.settings.base_url {
            config.base_url = url.clone();
        }
        Ok(config)
    }

    fn now(&self) -> DateTime<Utc> {
        self.settings.now.unwrap_or_else(Utc::now)
    }

    /// Runs every step, writing into `target` what changed since the last
    /// successful run (everything, the first time).
    pub fn run(&mut self, target: &dyn OutputTarget) -> Result<Outcome, Failure> {
        let mut clock = Clock::start();
        let config = self.load_config()?;
        clock.lap("config");
        let theme = render::theme::load(&self.root, &config);
        clock.lap("theme");
        let now = self.now();
        let (site, mut errors) = self.content(&config, now);
        clock.lap("content");
        let routes = routes(&config, &site, theme.as_ref().ok(), &mut errors);
        clock.lap("routes");
        let everything = self.templates(&config, theme, &mut errors);
        clock.lap("templates");
        if !errors.is_empty() {
            return Err(Failure(errors));
        }
        let Some(prepared) = self.prepared.as_ref() else {
            return Err(Failure(vec![Diagnostic::error(
                "templates",
                "the templates could not be prepared",
            )]));
        };
        let scope = check::Scope {
            now,
            complete: site.drafts_skipped == 0 && site.scheduled.is_empty(),
            publication: false,
        };
        let cache = self.settings.keep.then_some(&self.bodies);
        let mut html = markdown_stage(&site, &scope, true, cache);
        clock.lap("markdown");
        let own = html.take_findings();
        let warnings = check::findings(
            &SiteCheck {
                config: &prepared.config,
                site: &site,
                routes: &routes,
                html: &html,
                theme: &prepared.theme,
                scope: &scope,
            },
            own,
        );
        clock.lap("links");
        if warnings.has_errors() {
            return Err(Failure(warnings.0));
        }

        let dirty = match (&self.last, everything) {
            (Some(last), false) => changes::between(
                &changes::Version {
                    site: &last.site,
                    html: &last.html,
                },
                &changes::Version {
                    site: &site,
                    html: &html,
                },
            ),
            _ => Scope::Everything,
        };
        let model = Render {
            config: &prepared.config,
            site: &site,
            routes: &routes,
            html: &html,
            renderer: &prepared.renderer,
        };
        let sink = |f: OutputFile| target.write(&f);
        let rendering = render::render_site(&model, &sink, &dirty);
        if !rendering.errors.is_empty() {
            return Err(Failure(rendering.errors));
        }
        clock.lap("render");
        copy_files(&site, &routes, &prepared.theme, target).map_err(|d| Failure(vec![d]))?;
        clock.lap("copy");

        let outcome = Outcome {
            pages: rendering.written,
            articles: site.articles.len(),
            paths: routes.files().map(str::to_string).collect(),
            everything: matches!(dirty, Scope::Everything),
            warnings,
            scheduled: site.scheduled.clone(),
            drafts_skipped: site.drafts_skipped,
            timings: clock.laps,
        };
        self.last = Some(Published { site, html });
        Ok(outcome)
    }

    /// Runs the steps before rendering over the whole site, drafts and
    /// scheduled articles included, and collects everything they find: the
    /// errors that would stop a build (site.toml, front matter, URLs claimed
    /// twice, templates) and every lint, judged for publication.
    pub fn check(&mut self) -> Checked {
        let mut clock = Clock::start();
        let mut checked = Checked {
            diagnostics: Diagnostics::default(),
            config: None,
            site: Site::default(),
            routes: RouteTable::default(),
            html: SiteHtml::default(),
            timings: Vec::new(),
        };
        let config = match self.load_config() {
            Ok(c) => c,
            Err(Failure(errors)) => {
                checked.diagnostics.extend(errors);
                return checked;
            }
        };
        clock.lap("config");
        let theme = render::theme::load(&self.root, &config);
        clock.lap("theme");
        let now = self.now();
        let (site, mut errors) = self.content(&config, now);
        let complete = errors.is_empty();
        clock.lap("content");
        let routes = routes(&config, &site, theme.as_ref().ok(), &mut errors);
        clock.lap("routes");
        let theme = match theme {
            Ok(t) => {
                if let Err(e) = Renderer::new(&t, &config) {
                    errors.extend(e);
                }
                t
            }
            Err(e) => {
                errors.extend(e);
                Theme::default()
            }
        };
        clock.lap("templates");
        let scope = check::Scope {
            now,
            complete,
            publication: true,
        };
        let mut html = markdown_stage(&site, &scope, false, None);
        clock.lap("markdown");
        let own = html.take_findings();
        let findings = check::findings(
            &SiteCheck {
                config: &config,
                site: &site,
                routes: &routes,
                html: &html,
                theme: &theme,
                scope: &scope,
            },
            own,
        );
        clock.lap("links");
        checked.diagnostics.extend(errors);
        checked.diagnostics.extend(findings.0);
        checked.diagnostics.sort();
        checked.config = Some(config);
        checked.site = site;
        checked.routes = routes;
        checked.html = html;
        checked.timings = clock.laps;
        checked
    }

    fn content(&self, config: &Config, now: DateTime<Utc>) -> (Site, Vec<Diagnostic>) {
        let opts = content::LoadOptions {
            drafts: self.settings.drafts,
            future: self.settings.future,
            now,
        };
        content::load(&self.root, config, &opts)
    }

    /// Compiles the templates unless the theme and site.toml are those of
    /// the last run; returns true when they were compiled (everything must
    /// be rendered again).
    fn templates(
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
        let theme_key = theme_key(&theme);
        let reuse = self
            .prepared
            .as_ref()
            .is_some_and(|p| p.config.source == config.source && p.theme_key == theme_key);
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

/// The route table, its collisions added to `errors`.
fn routes(
    config: &Config,
    site: &Site,
    theme: Option<&Theme>,
    errors: &mut Vec<Diagnostic>,
) -> RouteTable {
    let theme_files: Vec<&str> = theme
        .map(|t| t.statics.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let (routes, collisions) = RouteTable::build(config, site, &theme_files);
    errors.extend(collisions);
    routes
}

/// Every body parsed once: HTML (when wanted), ids, links, and each
/// article's own lint findings.
fn markdown_stage(
    site: &Site,
    scope: &check::Scope,
    html: bool,
    cache: Option<&BodyCache>,
) -> SiteHtml {
    let opts = StageOptions {
        html,
        cache,
        lints_key: scope.key(),
    };
    let lint = |i: usize, parsed: &markdown::Parsed<'_>| {
        check::lint_article(scope, &site.articles[i], parsed)
    };
    markdown::render_site(site, &opts, &lint)
}

/// The files the routes copy as they are: attachments, `static/`, and the
/// theme's static files, in parallel.
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
