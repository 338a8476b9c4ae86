//! folio: a static-site generator for think-tank publishing.
//!
//! The pipeline runs one way, stage by stage:
//! [`config`] -> [`content`] -> [`markdown`] -> [`render`] -> [`output`].
//! [`build()`] strings the stages together. The library never prints: it
//! returns [`Diagnostics`] and a [`BuildReport`] for `main` to show.

// A Diagnostic is built once per mistake on a cold path; boxing it would
// only add noise to every `?`.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod render;

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

/// Runs the whole pipeline; on any error, nothing is written.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let root = config::find_root(opts.root.as_deref(), &opts.cwd).map_err(|d| BuildFailure {
        diagnostics: Diagnostics(vec![d]),
        usage: opts.root.is_some(),
    })?;
    let mut config = config::load(&root).map_err(BuildFailure::content)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    let output_arg = opts
        .output
        .clone()
        .unwrap_or_else(|| config.output_dir.clone());
    let output_arg = if opts.output.is_some() && output_arg.is_relative() {
        opts.cwd.join(&output_arg)
    } else {
        output_arg
    };
    let output_dir =
        output::check_output_dir(&root, &output_arg, opts.force).map_err(|d| BuildFailure {
            diagnostics: Diagnostics(vec![d]),
            usage: opts.output.is_some(),
        })?;
    lap("config", &mut timings);

    let load_opts = content::LoadOptions {
        drafts: opts.drafts,
        future: opts.future,
        now: opts.now,
    };
    let (site, content_errors) = content::load(&root, &config, &load_opts);
    let theme = render::theme::load(&root, &config);
    lap("content", &mut timings);

    let renderer = theme
        .as_ref()
        .ok()
        .map(|t| render::Renderer::new(t, &config));
    let mut errors = content_errors;
    match (&theme, renderer) {
        (Err(e), _) => errors.extend(e.iter().cloned()),
        (Ok(_), Some(Err(e))) => errors.extend(e),
        _ => {}
    }
    let (theme, renderer) = match (theme, errors.is_empty()) {
        (Ok(t), true) => {
            let r = render::Renderer::new(&t, &config).map_err(BuildFailure::content)?;
            (t, r)
        }
        _ => return Err(BuildFailure::content(errors)),
    };
    lap("templates", &mut timings);

    let html = markdown::render_site(&site);
    lap("markdown", &mut timings);

    let staged =
        output::StagedOutput::begin(&output_dir).map_err(|d| BuildFailure::content([d]))?;
    let static_dir = root.join("static");
    staged
        .copy_files(&site.assets, &static_dir)
        .map_err(|d| BuildFailure::content([d]))?;
    let sink = |f: render::OutputFile| staged.write(&f);
    let (pages, render_errors) = render::render_site(&config, &site, &html, &renderer, &sink);
    if !render_errors.is_empty() {
        return Err(BuildFailure::content(render_errors));
    }
    let mut extra = output::machine_files(&config, &site, &html);
    for (path, file) in &theme.statics {
        // A site's own static/style.css replaces the theme's.
        if !static_dir.join(path).exists() {
            extra.push(render::OutputFile {
                path: path.clone(),
                contents: file.bytes.clone(),
            });
        }
    }
    for f in &extra {
        staged.write(f).map_err(|d| BuildFailure::content([d]))?;
    }
    lap("render and write", &mut timings);

    let files_written = staged.commit().map_err(|d| BuildFailure::content([d]))?;
    lap("swap", &mut timings);

    Ok(BuildReport {
        root,
        output: output_dir,
        pages,
        files_written,
        articles: site.articles.len(),
        warnings: Diagnostics::default(),
        scheduled: site.scheduled,
        drafts_skipped: site.drafts_skipped,
        timings,
    })
}

/// The site root a command should work on (for commands other than build).
pub fn site_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, Diagnostic> {
    config::find_root(explicit, cwd)
}
