//! The pipeline as a whole, as a list of named, timed steps:
//!
//! ```text
//! config -> theme -> content -> routes -> related -> templates
//!        -> pdf -> markdown (+ lints) -> links (+ site lints) -> render
//!        -> copy -> search
//! ```
//!
//! `folio build` runs every step once into a staging folder; `folio check`
//! runs the same steps up to, not including, rendering ([`Pipeline::check`]),
//! so it refuses exactly what the build refuses; `serve` keeps a
//! [`Pipeline`] between saves, which keeps what a later run can reuse (the
//! compiled templates, compiled bodies and their lint findings, the previous
//! site and routes) and re-renders only the pages an edit touched.

mod changes;
mod compile;
mod edition;
mod search;

pub use search::SearchWork;
mod steps;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering}; // progress hook
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::check::{self, Findings, FindingsCache, SiteCheck};
use crate::config::{self, Config};
use crate::content::{self, Changes, PubDate, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{LinkIndex, SiteHtml};
use crate::output::OutputTarget;
use crate::render::{self, OutputFile, Renderer, Scope, Theme};
use crate::routes::{EditionRoutes, Editions, RouteTable};
use compile::Compile;
use edition::{EditionState, Prepared, Published};

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
    /// Every file of the site as it now stands, edition by edition
    /// (shared with the next run while the site's shape is the same).
    pub routes: Vec<Arc<RouteTable>>,
    /// True when everything was rendered (first run, templates, site.toml).
    pub everything: bool,
    pub warnings: Findings,
    pub scheduled: Vec<(PathBuf, PubDate)>,
    pub drafts_skipped: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// The files the search step wrote (below each edition's search index
    /// folder, not routes themselves: their names are known only once the
    /// index is built); `None` when a preview left indexing for later.
    pub search_files: Option<Vec<String>>,
    /// How many PDFs this run typeset, and how many it took from the cache.
    pub pdfs: crate::pdf::Stats,
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
    /// One per language, the default language's first.
    pub editions: Vec<CheckedEdition>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// The model of one edition, as far as it could be made.
pub struct CheckedEdition {
    pub site: Site,
    pub routes: RouteTable,
    pub html: SiteHtml,
}

pub struct Pipeline {
    root: PathBuf,
    settings: Settings,
    /// One per language, the default language's first.
    editions: Vec<EditionState>,
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
            editions: Vec::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration of the last successful run.
    pub fn config(&self) -> Option<&Config> {
        self.editions
            .first()
            .and_then(|e| e.prepared.as_ref())
            .map(|p| &p.config)
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
        let configs = config.editions();
        edition::align(&mut self.editions, &configs);
        clock.lap("config");
        let now = self.now();
        let mut errors = Vec::new();
        let (mut models, everything) =
            self.models(&configs, now, changes, &mut clock, &step, &mut errors);
        // Reported with the content's errors, for one list of them all.
        errors.extend(config.refused.iter().cloned());
        if !errors.is_empty() {
            return Err(failure(errors));
        }
        // Taken for the run (the states are read meanwhile), given back after.
        let mut found_before: Vec<FindingsCache> = self
            .editions
            .iter_mut()
            .map(|e| std::mem::take(&mut e.findings))
            .collect();
        let prepared = self.prepared()?;
        // The PDF edition (src/pdf/), before the pages that link it.
        step("pdf", 0, 0); // progress hook
        let pdfs = pdf_step(&self.root, &mut models, &prepared, target)?;
        clock.lap("pdf");
        let keep = self.settings.keep;
        let links = match self.editions[0].last.as_ref() {
            Some(last) if keep && models.iter().all(|m| m.same_shape) => last.html.links.clone(),
            _ => Arc::new(LinkIndex::new(models.iter().map(|m| &m.site))),
        };
        let editions = Editions::new(
            models
                .iter()
                .zip(&prepared)
                .map(|(m, p)| EditionRoutes {
                    edition: &p.config.edition,
                    site: &m.site,
                    routes: &m.routes,
                })
                .collect(),
        );
        let write = |f: OutputFile| target.write(&f);

        // Markdown: every body compiled; a build writes each article's page
        // as soon as its body is, and keeps no article's HTML; a preview
        // keeps them all and renders what changed afterwards.
        let total = models.iter().map(|m| m.site.articles.len()).sum(); // progress hook
        step("markdown", 0, total); // progress hook
        let compiled = AtomicUsize::new(0); // progress hook
        let counted = || {
            step(
                "markdown",
                compiled.fetch_add(1, Ordering::Relaxed) + 1,
                total,
            ) // progress hook
        };
        let compile = Compile {
            states: &self.editions,
            prepared: &prepared,
            editions: &editions,
            links: &links,
            now,
            keep,
            write: &write,
            counted: &counted,
        };
        let (mut bodies, indexers, early_pages) = compile.run(&models, &mut errors);
        if !errors.is_empty() {
            return Err(failure(errors));
        }
        clock.lap("markdown");

        step("links", 0, 0); // progress hook
        let cache = keep.then_some(found_before.as_mut_slice());
        let warnings = findings(&models, &mut bodies, &prepared, &editions, cache);
        clock.lap("links");
        if warnings.has_errors() {
            return Err(Failure(warnings.to_diagnostics().0));
        }

        // Render: the pages an edit touched (everything, the first time).
        // A page added, moved or removed in one language changes the
        // switcher and alternates of its translations, and the sitemap.
        let dirty = steps::dirty(&self.editions, &models, &bodies, everything);
        let total = models
            .iter()
            .zip(&dirty)
            .map(|(m, d)| {
                let routes = m.routes.routes().iter();
                routes.filter(|r| render::renders(r, d, !keep)).count()
            })
            .sum(); // progress hook
        let done = AtomicUsize::new(0); // progress hook
        step("render", 0, total); // progress hook
        let sink = |f: OutputFile| {
            step("render", done.fetch_add(1, Ordering::Relaxed) + 1, total); // progress hook
            target.write(&f)
        };
        let rendered =
            render_editions(&models, &bodies, &prepared, &editions, &dirty, keep, &sink)?;
        let pages = early_pages + rendered;
        clock.lap("render");
        step("copy", 0, 0); // progress hook
        for (e, m) in models.iter().enumerate() {
            steps::copy_files(&m.site, &m.routes, &prepared[e].theme, target)
                .map_err(|d| Failure(vec![d]))?;
        }
        clock.lap("copy");
        // What the build's indexers have left to do (the lap is the wait).
        let search_files = if keep {
            None
        } else {
            step("search", 0, 0); // progress hook
            let files = search::finish(&models, indexers, target).map_err(|d| Failure(vec![d]))?;
            clock.lap("search");
            Some(files)
        };

        drop(editions);
        let outcome = Outcome {
            pages,
            articles: models.iter().map(|m| m.site.articles.len()).sum(),
            routes: models.iter().map(|m| m.routes.clone()).collect(),
            everything: dirty.iter().all(|d| matches!(d, Scope::Everything)),
            warnings,
            scheduled: models
                .iter()
                .flat_map(|m| m.site.scheduled.clone())
                .collect(),
            drafts_skipped: models.iter().map(|m| m.site.drafts_skipped).sum(),
            timings: clock.laps,
            search_files,
            pdfs,
        };
        for (state, found) in self.editions.iter_mut().zip(found_before) {
            state.findings = found;
        }
        if keep {
            self.remember(models, bodies);
        }
        Ok(outcome)
    }

    /// Each edition's compiled templates and configuration.
    fn prepared(&self) -> Result<Vec<&Prepared>, Failure> {
        self.editions
            .iter()
            .map(|e| e.prepared.as_ref())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                Failure(vec![Diagnostic::error(
                    "templates",
                    "the templates could not be prepared",
                )])
            })
    }

    /// Keeps a preview's run, to diff the next against and to reuse.
    fn remember(&mut self, models: Vec<edition::Model>, bodies: Bodies) {
        for ((state, m), (html, ..)) in self.editions.iter_mut().zip(models).zip(bodies) {
            let search = state.last.as_mut().and_then(|l| l.search.take());
            state.last = Some(Published {
                site: m.site,
                html,
                routes: m.routes,
                related: m.related,
                search,
            });
        }
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
            editions: Vec::new(),
            timings: Vec::new(),
        };
        let config = match self.load_config() {
            Ok(c) => c,
            Err(Failure(errors)) => {
                checked.diagnostics.extend(errors);
                return checked;
            }
        };
        checked.diagnostics.extend(config.refused.iter().cloned());
        let configs = config.editions();
        clock.lap("config");
        let themes: Vec<_> = configs
            .iter()
            .map(|c| render::theme::load(&self.root, c))
            .collect();
        clock.lap("theme");
        let now = self.now();
        let opts = edition::load_options(&self.settings, now);
        let mut errors = Vec::new();
        let sites: Vec<Site> = configs
            .iter()
            .map(|c| {
                let (site, found) = content::load(&self.root, c, &opts);
                errors.extend(found);
                site
            })
            .collect();
        let complete = errors.is_empty();
        clock.lap("content");
        let routes: Vec<RouteTable> = configs
            .iter()
            .zip(&sites)
            .zip(&themes)
            .map(|((c, site), theme)| steps::routes(c, site, theme.as_ref().ok(), &mut errors))
            .collect();
        clock.lap("routes");
        let themes: Vec<Theme> = configs
            .iter()
            .zip(themes)
            .map(|(c, theme)| match theme {
                Ok(t) => {
                    if let Err(e) = Renderer::new(&t, c) {
                        errors.extend(e);
                    }
                    t
                }
                Err(e) => {
                    errors.extend(e);
                    Theme::default()
                }
            })
            .collect();
        clock.lap("templates");
        let scope = |c: &Config| check::Scope {
            now,
            complete,
            publication: true,
            lang: c.edition.lang.clone(),
        };
        let links = Arc::new(LinkIndex::new(sites.iter()));
        let (html, mut own): (Vec<SiteHtml>, Vec<_>) = sites
            .iter()
            .zip(&configs)
            .map(|(site, c)| steps::markdown(site, &scope(c), false, None, links.clone(), None))
            .unzip();
        clock.lap("markdown");
        {
            let editions = Editions::new(
                configs
                    .iter()
                    .zip(&sites)
                    .zip(&routes)
                    .map(|((c, site), routes)| EditionRoutes {
                        edition: &c.edition,
                        site,
                        routes,
                    })
                    .collect(),
            );
            for (e, c) in configs.iter().enumerate() {
                let check = SiteCheck {
                    config: c,
                    site: &sites[e],
                    routes: &routes[e],
                    html: &html[e],
                    theme: &themes[e],
                    scope: &scope(c),
                    model_key: 0,
                    editions: &editions,
                    edition: e,
                };
                let findings = check::findings(&check, std::mem::take(&mut own[e]), None);
                checked.diagnostics.extend(findings.to_diagnostics().0);
            }
        }
        clock.lap("links");
        checked.diagnostics.extend(errors);
        checked.diagnostics.sort();
        checked.config = Some(config);
        checked.editions = sites
            .into_iter()
            .zip(routes)
            .zip(html)
            .map(|((site, routes), html)| CheckedEdition { site, routes, html })
            .collect();
        checked.timings = clock.laps;
        checked
    }
}

/// The PDF step: every edition's PDFs typeset (or taken from the cache)
/// and written, their sizes noted on their articles for the pages.
#[cfg(feature = "pdf")]
fn pdf_step(
    root: &Path,
    models: &mut [edition::Model],
    prepared: &[&Prepared],
    target: &dyn OutputTarget,
) -> Result<crate::pdf::Stats, Failure> {
    let mut stats = crate::pdf::Stats::default();
    let mut used = Vec::new();
    for (m, p) in models.iter_mut().zip(prepared) {
        let ed = crate::pdf::Edition {
            root,
            config: &p.config,
            theme: &p.theme,
            citations: &p.renderer.citations,
        };
        let made = crate::pdf::typeset_site(&ed, &mut m.site, target, &mut used);
        stats.add(made.map_err(failure)?);
    }
    // Every edition shares the site's cache: what none of them used goes.
    if let Some(p) = prepared.first() {
        let dir = crate::pdf::cache::folder(root, &p.config.pdf.cache_dir);
        crate::pdf::cache::prune(&dir, &used.into_iter().collect());
    }
    Ok(stats)
}

#[cfg(not(feature = "pdf"))]
fn pdf_step(
    _: &Path,
    _: &mut [edition::Model],
    _: &[&Prepared],
    _: &dyn OutputTarget,
) -> Result<crate::pdf::Stats, Failure> {
    Ok(crate::pdf::Stats::default())
}

/// The errors of a run, each said once (an edition that reads the default
/// language's section or author file finds its mistakes again).
fn failure(errors: Vec<Diagnostic>) -> Failure {
    let mut d = Diagnostics(errors);
    d.sort();
    Failure(d.0)
}

/// What the findings of a run depend on besides the bodies: every
/// edition's routes (shared while the site's shape is the same, so their
/// addresses stand for them), the theme and site.toml.
/// Renders into `sink` the pages of each edition its scope in `dirty`
/// wants (in a build, all but the article pages the markdown step wrote);
/// returns how many were written.
fn render_editions(
    models: &[edition::Model],
    bodies: &Bodies,
    prepared: &[&Prepared],
    editions: &Editions<'_>,
    dirty: &[Scope],
    keep: bool,
    sink: &render::Sink<'_>,
) -> Result<usize, Failure> {
    let mut pages = 0;
    for (e, (m, (html, ..))) in models.iter().zip(bodies).enumerate() {
        let model = m.render(prepared[e], html, editions, e);
        let rendering = render::render_site(&model, sink, &dirty[e], !keep);
        if !rendering.errors.is_empty() {
            return Err(Failure(rendering.errors));
        }
        pages += rendering.written;
    }
    Ok(pages)
}

/// A run's compiled bodies, one per edition: the HTML, the findings the
/// markdown step made on the way, and the scope they were judged in.
type Bodies = Vec<(SiteHtml, Vec<Arc<Vec<Diagnostic>>>, check::Scope)>;

/// Every edition's lints and link checks, the markdown step's own findings
/// handed over (`cache`: what a preview found last time, by edition).
fn findings(
    models: &[edition::Model],
    bodies: &mut Bodies,
    prepared: &[&Prepared],
    editions: &Editions<'_>,
    mut cache: Option<&mut [FindingsCache]>,
) -> Findings {
    let mut all = Findings::default();
    for (e, (m, (html, own, scope))) in models.iter().zip(bodies.iter_mut()).enumerate() {
        let p = prepared[e];
        let check = SiteCheck {
            config: &p.config,
            site: &m.site,
            routes: &m.routes,
            html,
            theme: &p.theme,
            scope,
            model_key: model_key(editions, p),
            editions,
            edition: e,
        };
        let own = std::mem::take(own);
        let found = check::findings(&check, own, cache.as_deref_mut().map(|c| &mut c[e]));
        all.extend(found);
    }
    all
}

fn model_key(editions: &Editions<'_>, p: &Prepared) -> u64 {
    let mut h = DefaultHasher::new();
    for e in &editions.list {
        (std::ptr::from_ref(e.routes) as usize).hash(&mut h);
    }
    (p.theme_key, &p.config.source, &p.config.head.html).hash(&mut h);
    h.finish()
}
