//! The pipeline as a whole, as a list of named, timed steps, in the order
//! docs/architecture.md states (§ The pipeline's order).
//!
//! The steps fill in one view of each edition ([`crate::edition`]), which
//! every later step reads. `folio build` runs every step once into a
//! staging folder; `folio check` runs the same steps up to, not including,
//! rendering ([`Pipeline::check`]), so it refuses exactly what the build
//! refuses; `serve` keeps a [`Pipeline`] between saves, which keeps what a
//! later run can reuse ([`state`]: the compiled templates, compiled bodies
//! and their lint findings, the previous editions) and re-renders only the
//! pages an edit touched ([`changes`]).

mod changes;
mod clock;
mod compile;
mod search;
mod state;
mod steps;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::check::Findings;
use crate::config::{self, Config};
use crate::content::{self, Changes, PubDate};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::edition::{Edition, Editions};
use crate::output::OutputTarget;
use crate::render::{OutputFile, Scope};
use crate::routes::RouteTable;
use clock::Clock;
use compile::Compile;
use state::EditionState;

pub use clock::{Progress, ProgressFn};
pub use search::SearchWork;

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
    pub progress: Option<Progress>,
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
    /// One per language, the default language's first, as far as the
    /// steps could make them (bodies parsed for their ids and links, not
    /// rendered: a check renders nothing).
    pub editions: Vec<Edition>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// The steps of a run, and what a preview keeps of each edition from one
/// run to the next.
pub struct Pipeline {
    root: PathBuf,
    settings: Settings,
    /// One per language, the default language's first.
    editions: Vec<EditionState>,
}

/// What a run is for.
#[derive(Clone, Copy)]
enum Goal<'t> {
    /// `folio build` or a preview: every step, writing into `target`;
    /// stops after the first step that found errors.
    Build {
        target: &'t dyn OutputTarget,
        changes: Changes<'t>,
    },
    /// `folio check`: the steps before rendering, the site judged as it
    /// will be published; goes on to find every error it can.
    Check,
}

/// What the steps every run takes made ([`Pipeline::judge`]).
struct Judged {
    editions: Editions,
    /// Per edition: the routes (and so the links) are the last run's.
    same_shape: Vec<bool>,
    /// The templates were compiled: everything is rendered again.
    everything: bool,
    /// Per edition: the lints and link checks.
    findings: Vec<Findings>,
    /// What a check found besides (a build has stopped on them).
    errors: Vec<Diagnostic>,
    /// The build's search indexers, fed by the markdown step.
    indexers: Vec<crate::search::Indexer>,
    /// Article pages the markdown step wrote.
    pages: usize,
    /// PDFs the PDF step typeset, and those it took from the cache.
    pdfs: crate::pdf::Stats,
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
            .map(|p| &*p.config)
    }

    /// Reads the configuration (with `--base-url` applied).
    pub fn load_config(&self) -> Result<Config, Failure> {
        let mut config = config::load(&self.root).map_err(Failure)?;
        let unknown_styles = crate::cite::check_style_names(&config);
        if !unknown_styles.is_empty() {
            return Err(Failure(unknown_styles));
        }
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
        let keep = self.settings.keep;
        let mut clock = Clock::start(self.settings.progress.clone());
        let config = clock.step("config", || self.load_config())?;
        let run = self.judge(&config, Goal::Build { target, changes }, &mut clock)?;
        let (states, editions) = (&self.editions, &run.editions);
        let dirty = steps::dirty(states, &editions.list, &run.same_shape, run.everything);
        let total = steps::to_render(editions, &dirty, keep);
        let pages = clock.counted("render", total, |tick| {
            let sink = |f: OutputFile| {
                tick.one();
                target.write(&f)
            };
            steps::render(states, editions, &dirty, keep, &sink).map_err(Failure)
        })?;
        clock
            .step("copy", || steps::copy(editions, target))
            .map_err(|d| Failure(vec![d]))?;
        let search_files = match keep {
            true => None, // a preview indexes after its pages are reloaded
            false => Some(clock.step("search", || {
                search::finish(editions, run.indexers, target).map_err(|d| Failure(vec![d]))
            })?),
        };
        let mut outcome = outcome(&run.editions, run.findings, &dirty, clock.laps);
        outcome.pages = run.pages + pages;
        outcome.search_files = search_files;
        outcome.pdfs = run.pdfs;
        if keep {
            self.remember(run.editions);
        }
        Ok(outcome)
    }

    /// Runs the steps before rendering over the whole site, drafts and
    /// scheduled articles included, and collects everything they find: the
    /// errors that would stop a build (site.toml, front matter, URLs claimed
    /// twice, templates) and every lint, judged for publication.
    pub fn check(&mut self) -> Checked {
        let mut clock = Clock::start(self.settings.progress.clone());
        let mut checked = Checked {
            diagnostics: Diagnostics::default(),
            config: None,
            editions: Vec::new(),
            timings: Vec::new(),
        };
        let config = match clock.step("config", || self.load_config()) {
            Ok(c) => c,
            Err(Failure(errors)) => {
                checked.diagnostics.extend(errors);
                return checked;
            }
        };
        checked.diagnostics.extend(config.refused.iter().cloned());
        // A check stops at no step: what it found is all here.
        if let Ok(run) = self.judge(&config, Goal::Check, &mut clock) {
            for found in &run.findings {
                checked.diagnostics.extend(found.to_diagnostics().0);
            }
            checked.diagnostics.extend(run.errors);
            checked.editions = run.editions.list;
        }
        checked.diagnostics.sort();
        checked.config = Some(config);
        checked.timings = clock.laps;
        checked
    }

    /// The steps every run takes, a build's and a check's: from the theme
    /// to the link check, over every edition. A build stops after the
    /// first step that found errors; a check goes on.
    fn judge(
        &mut self,
        config: &Config,
        goal: Goal<'_>,
        clock: &mut Clock,
    ) -> Result<Judged, Failure> {
        let configs: Vec<Arc<Config>> = config.editions().into_iter().map(Arc::new).collect();
        state::align(&mut self.editions, &configs);
        let (root, keep, check) = (&self.root, self.settings.keep, goal.is_check());
        let opts = self.load_options();
        let states = &mut self.editions;
        let mut errors = Vec::new();
        let themes = clock.step("theme", || steps::themes(root, &configs, &mut errors));
        let before = errors.len();
        let sites = clock.step("content", || {
            let changes = goal.changes();
            steps::content(states, root, &configs, &opts, keep, changes, &mut errors)
        });
        // Lints about the site as a whole need all of it (a check's).
        let complete = errors.len() == before;
        let routes = clock.step("routes", || {
            steps::routes(states, &configs, &sites, &themes, keep, &mut errors)
        });
        let related = clock.step("related", || {
            steps::related(states, &sites, &routes, keep, check)
        });
        let everything = clock.step("templates", || {
            steps::templates(states, &configs, &themes, &mut errors)
        });
        // Reported with the content's errors, for one list of them all
        // (a check reports them itself, first).
        goal.stop(&mut errors, &config.refused)?;
        let same_shape: Vec<bool> = routes.iter().map(|(_, same)| *same).collect();
        let mut editions = steps::editions(configs, themes, sites, routes, related);
        // The PDF edition, before the article pages that link it and show
        // its size (a build writes them in the markdown step).
        let pdfs = match goal.target() {
            Some(target) => clock
                .step("pdf", || {
                    let changes = goal.changes();
                    steps::pdf(root, &mut editions, states, target, changes)
                })
                .map_err(failure)?,
            None => crate::pdf::Stats::default(),
        };
        let compile = Compile {
            states,
            target: goal.target().filter(|_| !keep),
            check,
            complete,
            links: steps::link_index(states, &editions, &same_shape, keep),
            now: opts.now,
            keep,
        };
        let total = editions.list.iter().map(|e| e.site.articles.len()).sum();
        let compiled = clock.counted("markdown", total, |tick| {
            compile.run(&editions, tick, &mut errors)
        });
        goal.stop(&mut errors, &[])?;
        for (e, html) in editions.list.iter_mut().zip(compiled.html) {
            e.html = html;
        }
        let findings = clock.step("links", || {
            steps::links(states, &editions, compiled.own, keep)
        });
        if !check && findings.iter().any(Findings::has_errors) {
            return Err(Failure(all(findings).to_diagnostics().0));
        }
        Ok(Judged {
            editions,
            same_shape,
            everything,
            findings,
            errors,
            indexers: compiled.indexers,
            pages: compiled.pages,
            pdfs,
        })
    }

    /// The content step's options for a run.
    fn load_options(&self) -> content::LoadOptions {
        content::LoadOptions {
            drafts: self.settings.drafts,
            future: self.settings.future,
            now: self.now(),
        }
    }

    /// Keeps a preview's editions, to diff the next run against and to
    /// reuse.
    fn remember(&mut self, editions: Editions) {
        for (state, edition) in self.editions.iter_mut().zip(editions.list) {
            state.last = Some(edition);
        }
    }

    /// For a preview ([`Settings::keep`]), after [`Pipeline::run_with`]:
    /// the work that brings the search index up to date with the last
    /// successful run, or `None` when nothing the index holds changed since
    /// the last work handed out (a template, a stylesheet, a draft, a
    /// scheduled piece). Every edition is indexed again when one changed:
    /// pagefind cannot update part of an index.
    pub fn search_work(&mut self) -> Option<SearchWork> {
        search::work(&mut self.editions)
    }
}

impl Goal<'_> {
    fn is_check(&self) -> bool {
        matches!(self, Goal::Check)
    }

    fn changes(&self) -> Changes<'_> {
        match self {
            Goal::Build { changes, .. } => *changes,
            Goal::Check => Changes::Unknown,
        }
    }

    fn target(&self) -> Option<&dyn OutputTarget> {
        match self {
            Goal::Build { target, .. } => Some(*target),
            Goal::Check => None,
        }
    }

    /// A build stops on the `errors` found so far, with `refused` (what
    /// site.toml refused); a check goes on.
    fn stop(&self, errors: &mut Vec<Diagnostic>, refused: &[Diagnostic]) -> Result<(), Failure> {
        if self.is_check() {
            return Ok(());
        }
        errors.extend(refused.iter().cloned());
        if errors.is_empty() {
            return Ok(());
        }
        Err(failure(std::mem::take(errors)))
    }
}

/// What a build's run did, as the editions, their findings and what was
/// rendered (`dirty`) say; the pages written and the search step's files
/// are for the caller to add.
fn outcome(
    editions: &Editions,
    findings: Vec<Findings>,
    dirty: &[Scope],
    timings: Vec<(&'static str, Duration)>,
) -> Outcome {
    let list = &editions.list;
    Outcome {
        pages: 0,
        articles: list.iter().map(|e| e.site.articles.len()).sum(),
        routes: list.iter().map(|e| e.routes.clone()).collect(),
        everything: dirty.iter().all(|d| matches!(d, Scope::Everything)),
        warnings: all(findings),
        scheduled: list.iter().flat_map(|e| e.site.scheduled.clone()).collect(),
        drafts_skipped: list.iter().map(|e| e.site.drafts_skipped).sum(),
        timings,
        search_files: None,
        pdfs: crate::pdf::Stats::default(),
    }
}

/// Every edition's findings as one list (an edition that reads the
/// default language's section or author file finds its mistakes again).
fn all(findings: Vec<Findings>) -> Findings {
    let mut all = Findings::default();
    for found in findings {
        all.extend(found);
    }
    all
}

/// The errors of a run, each said once (an edition that reads the default
/// language's section or author file finds its mistakes again).
fn failure(errors: Vec<Diagnostic>) -> Failure {
    let mut d = Diagnostics(errors);
    d.sort();
    Failure(d.0)
}
