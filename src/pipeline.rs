//! The pipeline as a whole: config -> content -> markdown -> render -> output,
//! each stage timed. A [`Pipeline`] keeps what a later run can reuse (the
//! compiled templates, rendered bodies, the previous site) so that `serve`
//! re-renders only the pages an edit touched. `folio build` runs it once.

use std::collections::{BTreeSet, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::{self, Config};
use crate::content::{self, Byline, PubDate, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, BodyCache};
use crate::output::{self, OutputTarget};
use crate::render::{self, Dirty, OutputFile, Renderer, Scope, Theme};

/// What every run of a pipeline includes and assumes.
#[derive(Debug, Clone)]
pub struct Settings {
    pub drafts: bool,
    pub future: bool,
    /// Replaces `base_url` from site.toml (e.g. a staging server, the preview).
    pub base_url: Option<String>,
    /// The moment that decides what is scheduled; `None`: the clock at each run.
    pub now: Option<DateTime<Utc>>,
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

struct Prepared {
    config_text: String,
    config: Config,
    theme_key: u64,
    theme: Theme,
    renderer: Renderer,
}

pub struct Pipeline {
    root: PathBuf,
    settings: Settings,
    prepared: Option<Prepared>,
    bodies: BodyCache,
    lints: crate::check::LintMemo,
    /// The site of the last successful run, to diff the next one against.
    last: Option<Site>,
}

impl Pipeline {
    pub fn new(root: &Path, settings: Settings) -> Pipeline {
        Pipeline {
            root: root.to_path_buf(),
            settings,
            prepared: None,
            bodies: BodyCache::default(),
            lints: crate::check::LintMemo::default(),
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

    /// Reads the configuration only (for callers that need the output folder
    /// before building).
    pub fn load_config(&self) -> Result<Config, Failure> {
        let mut config = config::load(&self.root).map_err(Failure)?;
        if let Some(url) = &self.settings.base_url {
            config.base_url = url.clone();
        }
        Ok(config)
    }

    /// Runs every stage, writing into `target` what changed since the last
    /// successful run (everything, the first time).
    pub fn run(&mut self, target: &dyn OutputTarget) -> Result<Outcome, Failure> {
        let mut timings = Vec::new();
        let mut clock = Instant::now();
        let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
            timings.push((name, clock.elapsed()));
            clock = Instant::now();
        };

        // config and theme: reused unless their files changed.
        let config_text =
            std::fs::read_to_string(self.root.join(config::CONFIG_FILE)).map_err(|e| {
                Failure(vec![Diagnostic::error(
                    config::CONFIG_FILE,
                    format!("cannot read site.toml: {e}"),
                )])
            })?;
        let config = match &self.prepared {
            Some(p) if p.config_text == config_text => p.config.clone(),
            _ => {
                let mut c = config::parse(&config_text).map_err(Failure)?;
                if let Some(url) = &self.settings.base_url {
                    c.base_url = url.clone();
                }
                c
            }
        };
        let theme = render::theme::load(&self.root, &config);
        lap("config", &mut timings);

        let load_opts = content::LoadOptions {
            drafts: self.settings.drafts,
            future: self.settings.future,
            now: self.settings.now.unwrap_or_else(Utc::now),
        };
        let (site, mut errors) = content::load(&self.root, &config, &load_opts);
        lap("content", &mut timings);

        let theme = match theme {
            Ok(t) => Some(t),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        let mut everything = true;
        if let Some(theme) = theme {
            let theme_key = theme_key(&theme);
            let reuse = self
                .prepared
                .as_ref()
                .is_some_and(|p| p.config_text == config_text && p.theme_key == theme_key);
            if reuse {
                everything = false;
            } else {
                match Renderer::new(&theme, &config) {
                    Ok(renderer) => {
                        self.prepared = Some(Prepared {
                            config_text,
                            config: config.clone(),
                            theme_key,
                            theme,
                            renderer,
                        });
                        self.last = None;
                    }
                    Err(e) => errors.extend(e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(Failure(errors));
        }
        let Some(prepared) = self.prepared.as_ref() else {
            return Err(Failure(vec![Diagnostic::error(
                "templates",
                "the templates could not be prepared",
            )]));
        };
        lap("templates", &mut timings);

        let scope = match (&self.last, everything) {
            (Some(last), false) => changes(last, &site),
            _ => Scope::Everything,
        };
        self.lints.mark_changed(match &scope {
            Scope::Everything => None,
            Scope::Only(d) => Some(
                d.articles
                    .iter()
                    .map(|&i| site.articles[i].source.clone())
                    .collect(),
            ),
        });

        // The lints of `folio check`, on what this run publishes: their
        // errors stop the build, their warnings are reported with it.
        let lints = crate::check::for_build(
            &self.root,
            &config,
            &site,
            Some(&prepared.theme),
            load_opts.now,
            Some(&mut self.lints),
        );
        if lints.has_errors() {
            return Err(Failure(lints.0));
        }
        lap("check", &mut timings);

        let html = markdown::render_site(&site, &self.bodies);
        lap("markdown", &mut timings);

        let everything = matches!(scope, Scope::Everything);
        let static_dir = self.root.join("static");
        let mut paths: HashSet<String> = target
            .copy_files(&site.assets, &static_dir)
            .map_err(|d| Failure(vec![d]))?
            .into_iter()
            .collect();
        let sink = |f: OutputFile| target.write(&f);
        let rendering = render::render_site(
            &prepared.config,
            &site,
            &html,
            &prepared.renderer,
            &sink,
            &scope,
        );
        if !rendering.errors.is_empty() {
            return Err(Failure(rendering.errors));
        }
        paths.extend(rendering.paths);
        let mut extra = output::machine_files(&prepared.config, &site, &html);
        for (path, file) in &prepared.theme.statics {
            // A site's own static/style.css replaces the theme's.
            if !paths.contains(path) {
                extra.push(OutputFile {
                    path: path.clone(),
                    contents: file.bytes.clone(),
                });
            }
        }
        for f in &extra {
            target.write(f).map_err(|d| Failure(vec![d]))?;
            paths.insert(f.path.clone());
        }
        lap("render and write", &mut timings);

        let outcome = Outcome {
            pages: rendering.written,
            articles: site.articles.len(),
            paths,
            everything,
            warnings: lints,
            scheduled: site.scheduled.clone(),
            drafts_skipped: site.drafts_skipped,
            timings,
        };
        self.last = Some(site);
        Ok(outcome)
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

/// The pages that differ between two versions of a site: every page of an
/// added, removed or edited article, and the lists that show it. Anything
/// that appears on every page (sections, authors, series, tags' names)
/// changing means everything.
fn changes(old: &Site, new: &Site) -> Scope {
    let renamed_tag = new
        .tags
        .iter()
        .any(|(slug, t)| old.tags.get(slug).is_some_and(|o| o.name != t.name));
    if old.sections != new.sections
        || old.authors != new.authors
        || old.series != new.series
        || old.home != new.home
        || renamed_tag
    {
        return Scope::Everything;
    }
    let mut dirty = Dirty::default();
    let old_by_source: std::collections::HashMap<&Path, &content::Article> = old
        .articles
        .iter()
        .map(|a| (a.source.as_path(), a))
        .collect();
    let mut seen: BTreeSet<&Path> = BTreeSet::new();
    let touch = |d: &mut Dirty, a: &content::Article| {
        d.sections.insert(a.section);
        d.tags.extend(a.tags.iter().cloned());
        d.series.extend(a.series.iter().cloned());
        for b in &a.authors {
            if let Byline::Profile(slug) = b {
                d.authors.insert(slug.clone());
            }
        }
        d.lists = true;
    };
    for (i, a) in new.articles.iter().enumerate() {
        seen.insert(&a.source);
        match old_by_source.get(a.source.as_path()) {
            Some(o) if *o == a => {}
            Some(o) => {
                dirty.articles.insert(i);
                touch(&mut dirty, o);
                touch(&mut dirty, a);
            }
            None => {
                dirty.articles.insert(i);
                touch(&mut dirty, a);
            }
        }
    }
    for o in &old.articles {
        if !seen.contains(o.source.as_path()) {
            touch(&mut dirty, o);
        }
    }
    // Every part of a touched series shows the series' table of parts.
    for (i, a) in new.articles.iter().enumerate() {
        if a.series.as_ref().is_some_and(|s| dirty.series.contains(s)) {
            dirty.articles.insert(i);
        }
    }
    Scope::Only(Box::new(dirty))
}
