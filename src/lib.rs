//! folio: a static-site generator for think-tank publishing.
//!
//! [`pipeline`] runs the steps in the order docs/architecture.md states
//! (its one statement, with the map of the modules and the floors their
//! imports keep to); [`build()`] runs it once into a staging folder,
//! [`check_command`] up to rendering, [`serve`] again after every save;
//! [`deploy`] puts a built site into object storage. The library never
//! prints: it returns [`Diagnostics`] and reports for the binary to show.

// A Diagnostic is built once per mistake on a cold path; boxing it would
// only add noise to every `?`.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod check_command;
pub mod cite;
pub mod config;
pub mod content;
pub mod crossref;
pub mod deploy;
pub mod diagnostics;
pub mod edition;
pub mod escape;
pub mod import;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod publication;
pub mod render;
pub mod routes;
pub mod safe_url;
pub mod scaffold;
pub mod scheme;
pub mod search;
pub mod serve;
pub mod theme;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use diagnostics::{Diagnostic, Diagnostics};

/// What `folio build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// `--root`; when absent the site is found upwards from `cwd`.
    pub root: Option<PathBuf>,
    pub cwd: PathBuf,
    /// `--output`; else `output_dir` from site.toml.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    pub force: bool,
    /// The moment that decides what is scheduled.
    pub now: DateTime<Utc>,
    /// Leave the previous output, moved aside, for the caller to remove
    /// (see [`BuildReport::old_output`]) instead of removing it before
    /// returning: the command line removes it in the background.
    pub keep_old_output: bool,
    /// Told of each step and of the pages rendered (a progress bar).
    pub progress: Option<pipeline::Progress>,
}

impl BuildOptions {
    pub fn new(cwd: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: None,
            cwd: cwd.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            force: false,
            now: Utc::now(),
            keep_old_output: false,
            progress: None,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub root: PathBuf,
    pub output: PathBuf,
    pub pages: usize,
    pub files_written: usize,
    pub articles: usize,
    pub warnings: Diagnostics,
    /// Future-dated articles left out (see `--future`).
    pub scheduled: Vec<(PathBuf, content::PubDate)>,
    pub drafts_skipped: usize,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The files of the search index (relative to the output), written by
    /// the search step below each edition's [`scheme::search_index`]: the only
    /// files of a build that are not routes, since their names are hashes
    /// of what they hold.
    pub search_files: Vec<String>,
    /// The previous output and leftovers of interrupted builds, moved aside
    /// and still to be removed ([`output::remove_old_output`]); only with
    /// [`BuildOptions::keep_old_output`].
    pub old_output: Vec<PathBuf>,
    /// PDFs typeset in this build, and PDFs taken unchanged from the cache.
    pub pdfs: pdf::Stats,
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Diagnostics,
    /// True when the command line, not the content, was at fault (exit 2).
    pub usage: bool,
}

impl BuildFailure {
    fn content(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Self {
        let mut d = Diagnostics(diagnostics.into_iter().collect());
        d.sort();
        BuildFailure {
            diagnostics: d,
            usage: false,
        }
    }
}

/// Runs the whole pipeline into a staging folder and swaps it in place of
/// the output; on any error, nothing is written.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let root = config::find_root(opts.root.as_deref(), &opts.cwd).map_err(|d| BuildFailure {
        diagnostics: Diagnostics(vec![d]),
        usage: opts.root.is_some(),
    })?;
    let mut pipeline = pipeline::Pipeline::new(
        &root,
        pipeline::Settings {
            drafts: opts.drafts,
            future: opts.future,
            base_url: opts.base_url.clone(),
            now: Some(opts.now),
            keep: false,
            progress: opts.progress.clone(),
        },
    );
    let config = pipeline
        .load_config()
        .map_err(|f| BuildFailure::content(f.0))?;
    let explicit = opts.output.as_ref().map(|o| opts.cwd.join(o));
    let output_dir =
        output::check_configured_output(&root, &config, explicit.as_deref(), opts.force).map_err(
            |d| BuildFailure {
                diagnostics: Diagnostics(vec![d]),
                usage: opts.output.is_some(),
            },
        )?;
    let checked = started.elapsed();

    let staged =
        output::StagedOutput::begin(&output_dir).map_err(|d| BuildFailure::content([d]))?;
    let outcome = pipeline
        .run(&staged)
        .map_err(|f| BuildFailure::content(f.0))?;
    let swap = Instant::now();
    let committed = staged.commit().map_err(|d| BuildFailure::content([d]))?;
    let mut old_output = output::leftovers(&output_dir);
    old_output.extend(committed.old);
    if !opts.keep_old_output {
        for old in old_output.drain(..) {
            output::remove_old_output(&old);
        }
    }

    let mut timings = vec![("output check", checked)];
    timings.extend(outcome.timings);
    timings.push(("swap", swap.elapsed()));
    Ok(BuildReport {
        root,
        output: output_dir,
        pages: outcome.pages,
        files_written: committed.files,
        articles: outcome.articles,
        warnings: outcome.warnings.to_diagnostics(),
        scheduled: outcome.scheduled,
        drafts_skipped: outcome.drafts_skipped,
        timings,
        old_output,
        search_files: outcome.search_files.unwrap_or_default(),
        pdfs: outcome.pdfs,
    })
}

/// The site root a command should work on (for commands other than build).
pub fn site_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, Diagnostic> {
    config::find_root(explicit, cwd)
}
