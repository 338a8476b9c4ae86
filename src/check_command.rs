//! `folio check` itself, the driver beside [`crate::build`]. It runs the pipeline's own
//! steps up to rendering ([`Pipeline::check`]) and the build's check of the
//! output folder, so that it reports everything `folio build` would refuse,
//! then, on request, the links to other sites.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::check::{ExternalOptions, apply_levels, external};
use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, plural};
use crate::pipeline::{Pipeline, Settings};

/// What `folio check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: Option<PathBuf>,
    pub cwd: PathBuf,
    pub now: DateTime<Utc>,
    /// Check links to other sites too (`--external`).
    pub external: Option<ExternalOptions>,
}

impl CheckOptions {
    pub fn new(cwd: impl Into<PathBuf>) -> Self {
        CheckOptions {
            root: None,
            cwd: cwd.into(),
            now: Utc::now(),
            external: None,
        }
    }
}

/// What `folio check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub root: PathBuf,
    pub diagnostics: Diagnostics,
    /// Articles looked at (drafts and scheduled ones included).
    pub articles: usize,
    /// Distinct external addresses requested (with `--external`).
    pub external_checked: usize,
}

impl CheckReport {
    /// "2 errors and 1 warning in 2 files", or "no problems found in 12 articles".
    pub fn summary(&self) -> String {
        let d = &self.diagnostics;
        let errors = d.errors().count();
        let warnings = d.warnings().count();
        if errors + warnings == 0 {
            return format!(
                "no problems found in {} {}",
                self.articles,
                plural(self.articles, "article", "articles")
            );
        }
        let mut files: Vec<&Path> = d.0.iter().map(|d| d.file.as_path()).collect();
        files.sort();
        files.dedup();
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(format!("{errors} {}", plural(errors, "error", "errors")));
        }
        if warnings > 0 {
            parts.push(format!(
                "{warnings} {}",
                plural(warnings, "warning", "warnings")
            ));
        }
        format!(
            "{} in {} {}",
            parts.join(" and "),
            files.len(),
            plural(files.len(), "file", "files")
        )
    }
}

/// Why `folio check` could not look at the site at all.
#[derive(Debug)]
pub struct CheckFailure {
    pub diagnostic: Diagnostic,
    /// True when the command line was at fault (exit status 2).
    pub usage: bool,
}

/// Runs the whole check: the errors the build would stop on (site.toml,
/// the output folder, front matter, URLs, templates) and every lint, over
/// every article including drafts and scheduled ones.
pub fn check(opts: &CheckOptions) -> Result<CheckReport, CheckFailure> {
    let root = config::find_root(opts.root.as_deref(), &opts.cwd).map_err(|d| CheckFailure {
        diagnostic: d,
        usage: opts.root.is_some(),
    })?;
    let mut pipeline = Pipeline::new(
        &root,
        Settings {
            drafts: true,
            future: true,
            base_url: None,
            now: Some(opts.now),
            keep: false,
            progress: None, // progress hook
        },
    );
    let checked = pipeline.check();
    let mut report = CheckReport {
        root: root.clone(),
        diagnostics: checked.diagnostics,
        articles: checked.editions.iter().map(|e| e.site.articles.len()).sum(),
        external_checked: 0,
    };
    if let Some(config) = &checked.config {
        if let Err(d) = crate::output::check_configured_output(&root, config, None, false) {
            report.diagnostics.push(d);
        }
        if let Some(ext) = &opts.external {
            for edition in &checked.editions {
                let (found, checked_urls) = external::check(&edition.site, &edition.html, ext);
                report.external_checked += checked_urls;
                report
                    .diagnostics
                    .extend(apply_levels(config, &edition.site, found));
            }
        }
    }
    report.diagnostics.sort();
    Ok(report)
}

/// The findings as a JSON array: one object per finding with `file`,
/// `line`, `column`, `width`, `severity`, `code`, `message`, `help` and
/// `source_line` (null where unknown; of a long line, the part around the
/// column, which starts `source_from` characters into the line). Field
/// names are stable.
pub fn to_json(d: &Diagnostics) -> serde_json::Value {
    serde_json::Value::Array(
        d.0.iter()
            .map(|d| {
                serde_json::json!({
                    "file": d.file.to_string_lossy().replace('\\', "/"),
                    "line": d.line,
                    "column": d.column,
                    "width": d.width,
                    "severity": match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    "code": d.code,
                    "message": d.message,
                    "help": d.help,
                    "source_line": d.source_line,
                    "source_from": d.source_from,
                })
            })
            .collect(),
    )
}
