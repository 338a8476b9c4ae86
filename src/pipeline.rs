//! The pipeline as a whole, as a list of named, timed steps:
//!
//! ```text
//! config -> theme -> content -> routes -> related -> templates
//!        -> markdown (+ lints) -> links (+ site lints) -> render -> copy
//!        -> search
//! ```
//!
//! `folio build` runs every step once into a staging folder; `folio check`
//! runs the same steps up to, not including, rendering ([`Pipeline::check`]),
//! so it refuses exactly what the build refuses; `serve` keeps a
//! [`Pipeline`] between saves, which keeps what a later run can reuse (the
//! compiled templates, compiled bodies and their lint findings, the previous
//! site and routes) and re-renders only the pages an edit touched.

mod changes;
mod search;
mod steps;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering}; // progress hook
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::check::{self, Findings, FindingsCache, SiteCheck};
use crate::config::{self, Config};
use crate::content::{self, Changes, PubDate, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, ArticleHtml, BodyCache, LinkIndex, SiteHtml};
use crate::output::OutputTarget;
use crate::render::{self, ArticlePages, OutputFile, Render, Renderer, Scope, Theme};
use crate::routes::RouteTable;

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
    /// Told of each step as it starts, and of pages as they are rendered.
    pub progress: Option<Progress>, // progress hook
}

// progress hook: called with (step, done, total) at the start of each step
// of `run` (done = total = 0) and as pages are rendered (0..=total).
pub type ProgressFn = dyn Fn(&str, usize, usize) + Send + Sync; // progress hook
#[derive(Clone)]
pub struct Progress(pub Arc<ProgressFn>); // progress hook
impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress") // progress hook
    }
}

/// What one run did.
#[derive(Debug)]
pub struct Outcome {
    /// Pages rendered and written in this run.
    pub pages: usize,
    pub articles: usize,
    /// Every file of the site as it now stands (shared with the next run
    /// while the site's shape is the same).
    pub routes: Arc<RouteTable>,
    /// True when everything was rendered (first run, templates, site.toml).
    pub everything: bool,
    pub warnings: Findings,
    pub scheduled: Vec<(PathBuf, PubDate)>,
    pub drafts_skipped: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// The files the search step wrote (below the route table's search
    /// index folder, not routes themselves: their names are known only
    /// once the index is built); `None` when the index was kept as it was.
    pub search_files: Option<Vec<String>>,
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

/// The last successful run, to diff the next against and to reuse.
struct Published {
    site: Site,
    html: SiteHtml,
    routes: Arc<RouteTable>,
    related: Arc<Vec<Vec<usize>>>,
    /// A fingerprint of what the search index was made from, when the
    /// preview has one.
    search: Option<u64>,
}

pub struct Pipeline {
    root: PathBuf,
    settings: Settings,
    prepared: Option<Prepared>,
    bodies: BodyCache,
    content: content::Cache,
    findings: FindingsCache,
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
            content: content::Cache::default(),
            findings: FindingsCache::default(),
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
        self.run_with(target, Changes::Unknown)
    }

    /// As [`Pipeline::run`], told which files changed since the last run
    /// (a preview's watcher knows): what they do not touch is reused.
    pub fn run_with(
        &mut self,
        target: &dyn OutputTarget,
        changes: Changes<'_>,
    ) -> Result<Outcome, Failure> {
        let progress = self.settings.progress.clone(); // progress hook
        let step = |name: &str, done, total| {
            if let Some(p) = &progress {
                (p.0)(name, done, total) // progress hook
            }
        };
        let mut clock = Clock::start();
        step("config", 0, 0); // progress hook
        let config = self.load_config()?;
        clock.lap("config");
        step("theme", 0, 0); // progress hook
        let theme = render::theme::load(&self.root, &config);
        clock.lap("theme");
        let now = self.now();
        step("content", 0, 0); // progress hook
        let (site, mut errors) = self.content(&config, now, changes);
        clock.lap("content");
        step("routes", 0, 0); // progress hook
        let kept = self
            .last
            .as_ref()
            .filter(|l| self.settings.keep && steps::same_shape(&l.site, &site));
        let (routes, links) = match kept {
            Some(l) => (l.routes.clone(), l.html.links.clone()),
            None => (
                Arc::new(steps::routes(
                    &config,
                    &site,
                    theme.as_ref().ok(),
                    &mut errors,
                )),
                Arc::new(LinkIndex::new(&site)),
            ),
        };
        clock.lap("routes");
        step("related", 0, 0); // progress hook
        // The same shape is the same tags, authors, sections and order.
        let related = match kept {
            Some(l) => l.related.clone(),
            None => Arc::new(render::related::related(&site, &routes.lists)),
        };
        clock.lap("related");
        step("templates", 0, 0); // progress hook
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
        let keep = self.settings.keep;
        // A build writes each article's page as soon as its body is
        // compiled, and keeps no article's HTML; a preview keeps them all
        // and renders what changed afterwards.
        let no_html = SiteHtml::default();
        let early = Render {
            config: &prepared.config,
            site: &site,
            routes: &routes,
            html: &no_html,
            renderer: &prepared.renderer,
            related: &related,
        };
        let write = |f: OutputFile| target.write(&f);
        let articles = (!keep).then(|| ArticlePages::new(&early, &write));
        let early_errors = Mutex::new(Vec::new());
        let compiled = AtomicUsize::new(0); // progress hook
        let total = site.articles.len(); // progress hook
        step("markdown", 0, total); // progress hook
        let emit = |i: usize, h: &ArticleHtml| {
            step(
                "markdown",
                compiled.fetch_add(1, Ordering::Relaxed) + 1,
                total,
            ); // progress hook
            if let Some(pages) = &articles
                && let Err(e) = pages.write(i, h)
                && let Ok(mut errors) = early_errors.lock()
            {
                errors.push(e);
            }
        };
        let cache = keep.then_some(&self.bodies);
        let emit: Option<&markdown::Emit<'_>> = (!keep).then_some(&emit);
        let (html, own) = steps::markdown(&site, &scope, true, cache, links, emit);
        let early_errors = early_errors.into_inner().unwrap_or_default();
        if !early_errors.is_empty() {
            return Err(Failure(early_errors));
        }
        clock.lap("markdown");
        step("links", 0, 0); // progress hook
        // The routes are shared while the site's shape is the same: their
        // address stands for them.
        let model_key = {
            let mut h = DefaultHasher::new();
            let routes_id = Arc::as_ptr(&routes) as usize;
            (routes_id, prepared.theme_key, &prepared.config.source).hash(&mut h);
            h.finish()
        };
        let check = SiteCheck {
            config: &prepared.config,
            site: &site,
            routes: &routes,
            html: &html,
            theme: &prepared.theme,
            scope: &scope,
            model_key,
        };
        let warnings = check::findings(&check, own, keep.then_some(&mut self.findings));
        clock.lap("links");
        if warnings.has_errors() {
            return Err(Failure(warnings.to_diagnostics().0));
        }

        let dirty = match (&self.last, everything) {
            (Some(last), false) => changes::between(
                &changes::Version {
                    site: &last.site,
                    html: &last.html,
                    related: &last.related,
                },
                &changes::Version {
                    site: &site,
                    html: &html,
                    related: &related,
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
            related: &related,
        };
        let wanted = |r: &&crate::routes::Route| {
            let written = !keep && matches!(r.kind, crate::routes::RouteKind::Article(_));
            !r.kind.is_copy() && dirty.wants(&r.kind) && !written
        }; // progress hook
        let total = routes.routes().iter().filter(wanted).count(); // progress hook
        let done = AtomicUsize::new(0); // progress hook
        step("render", 0, total); // progress hook
        let sink = |f: OutputFile| {
            step("render", done.fetch_add(1, Ordering::Relaxed) + 1, total); // progress hook
            target.write(&f)
        };
        let rendering = render::render_site(&model, &sink, &dirty, !keep);
        if !rendering.errors.is_empty() {
            return Err(Failure(rendering.errors));
        }
        clock.lap("render");
        step("copy", 0, 0); // progress hook
        steps::copy_files(&site, &routes, &prepared.theme, target).map_err(|d| Failure(vec![d]))?;
        clock.lap("copy");
        // A preview reloads its pages first and indexes afterwards
        // ([`Pipeline::search`]); a build indexes now, as a step of its own.
        let indexed = if keep {
            None
        } else {
            step("search", 0, 0); // progress hook
            let words = &prepared.renderer.words;
            let language = &prepared.config.language;
            let indexed = search::run(&site, &html, words, language, None, target)
                .map_err(|d| Failure(vec![d]))?;
            clock.lap("search");
            Some(indexed)
        };

        let outcome = Outcome {
            pages: rendering.written + articles.as_ref().map_or(0, ArticlePages::written),
            articles: site.articles.len(),
            routes: routes.clone(),
            everything: matches!(dirty, Scope::Everything),
            warnings,
            scheduled: site.scheduled.clone(),
            drafts_skipped: site.drafts_skipped,
            timings: clock.laps,
            search_files: indexed.and_then(|i| i.files),
        };
        if keep {
            let search = self.last.as_ref().and_then(|l| l.search);
            self.last = Some(Published {
                site,
                html,
                routes,
                related,
                search,
            });
        }
        Ok(outcome)
    }

    /// For a preview ([`Settings::keep`]), after [`Pipeline::run_with`]:
    /// brings the search index up to date with the last successful run,
    /// unless nothing it holds has changed. Run after the pages are
    /// reloaded, so that a save on a large archive does not wait for the
    /// index. Returns the files written (`None`: the index was kept) and
    /// how long it took.
    pub fn search(
        &mut self,
        target: &dyn OutputTarget,
    ) -> Result<(Option<Vec<String>>, Duration), Failure> {
        let started = Instant::now();
        let (Some(last), Some(prepared)) = (self.last.as_mut(), self.prepared.as_ref()) else {
            return Ok((None, started.elapsed()));
        };
        let words = &prepared.renderer.words;
        let language = &prepared.config.language;
        let indexed = search::run(&last.site, &last.html, words, language, last.search, target)
            .map_err(|d| Failure(vec![d]))?;
        last.search = Some(indexed.fingerprint);
        Ok((indexed.files, started.elapsed()))
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
        let (site, mut errors) = self.content(&config, now, Changes::Unknown);
        let complete = errors.is_empty();
        clock.lap("content");
        let routes = steps::routes(&config, &site, theme.as_ref().ok(), &mut errors);
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
        let links = Arc::new(LinkIndex::new(&site));
        let (html, own) = steps::markdown(&site, &scope, false, None, links, None);
        clock.lap("markdown");
        let check = SiteCheck {
            config: &config,
            site: &site,
            routes: &routes,
            html: &html,
            theme: &theme,
            scope: &scope,
            model_key: 0,
        };
        let findings = check::findings(&check, own, None);
        clock.lap("links");
        checked.diagnostics.extend(errors);
        checked.diagnostics.extend(findings.to_diagnostics().0);
        checked.diagnostics.sort();
        checked.config = Some(config);
        checked.site = site;
        checked.routes = routes;
        checked.html = html;
        checked.timings = clock.laps;
        checked
    }

    fn content(
        &mut self,
        config: &Config,
        now: DateTime<Utc>,
        changes: Changes<'_>,
    ) -> (Site, Vec<Diagnostic>) {
        let opts = content::LoadOptions {
            drafts: self.settings.drafts,
            future: self.settings.future,
            now,
        };
        if self.settings.keep {
            content::load_with(&self.root, config, &opts, &mut self.content, changes)
        } else {
            content::load(&self.root, config, &opts)
        }
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
        let theme_key = steps::theme_key(&theme);
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
