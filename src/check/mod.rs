//! The check step: content lints, after the content stage and beside the
//! markdown stage. `folio check` runs every lint over the whole site (drafts
//! and scheduled articles included) and reports them with the errors the
//! build itself would stop on; `folio build` runs the same lints on what it
//! publishes, prints their warnings and stops on their errors, so the two
//! always agree. Each lint has a stable code ([`LINTS`]), a default level,
//! and can be switched off or raised in `[check]` of site.toml or in an
//! article's `check:` front matter.
//!
//! One file per family: [`links`] (internal links and anchors), [`repeated`]
//! (passages pasted twice), [`metadata`] (summaries, authors, series),
//! [`accessibility`], [`hygiene`] (editorial slips) and [`external`] (links
//! to other sites, only on request). [`text`] holds what they share.

mod accessibility;
mod external;
mod hygiene;
mod links;
mod metadata;
mod repeated;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::config::{self, Config, LintLevel};
use crate::content::{self, Article, LintSetting, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, did_you_mean, plural};
use crate::render::theme::Theme;

pub use external::ExternalOptions;

/// One lint: its code, default level and what `--explain` says.
#[derive(Debug)]
pub struct Lint {
    pub code: &'static str,
    pub default: LintLevel,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub explanation: &'static str,
}

/// Every lint, in the order of docs/check.md.
pub const LINTS: &[Lint] = &[
    Lint {
        code: "broken-link",
        default: LintLevel::Error,
        summary: "a link to a page, file or source (.md) path of the site that does not exist",
        explanation: "Links inside the site are checked against what the build writes: pages (/commentary/x/), attachments and section files (data.csv beside the article), files in static/, and markdown source paths (../analysis/x.md), which the build turns into the page's URL. A link to a draft or a scheduled article is reported too, because the build leaves its target out. Fix the path, or publish the page it points to.",
    },
    Lint {
        code: "broken-anchor",
        default: LintLevel::Error,
        summary: "a link to a #heading that is not on the page it points to",
        explanation: "Anchors (#why-closures-matter) are checked against the heading ids of the target article (as the build makes them from the heading text, or {#id} written after a heading), its footnotes, ids in its raw HTML and the ids of the theme's templates. Renaming a heading changes its id: update the link, or give the heading a fixed id with `## Heading {#old-id}`.",
    },
    Lint {
        code: "repeated-passage",
        default: LintLevel::Warning,
        summary: "a run of 8 or more words that occurs twice in one article, or a sentence glued to a fragment of another",
        explanation: "A passage pasted twice is the commonest slip of copy-editing: the same eight or more words, in the same order, twice in one article (tables and code are not compared), or a sentence that runs straight into the tail of a word from elsewhere (\"diplomacy.rritory without\"). Both places are reported. Delete the copy; if the repetition is deliberate (a refrain, a quoted clause), switch the lint off for the article with `check: {repeated-passage: off}`.",
    },
    Lint {
        code: "missing-summary",
        default: LintLevel::Warning,
        summary: "an article without `summary:` (or `<!-- more -->`), so feeds and lists show its first paragraph",
        explanation: "Feeds, list pages, search results and social cards show an article's summary. Without `summary:` in the front matter or a `<!-- more -->` marker in the text, folio uses the first paragraph, which is rarely written to stand alone. Add a one- or two-sentence `summary:`.",
    },
    Lint {
        code: "unused-author",
        default: LintLevel::Warning,
        summary: "an author profile in content/authors/ that no article names",
        explanation: "A profile that no article (drafts and scheduled ones included) lists in `authors:` publishes an author page with nothing on it; usually the articles misspell the slug or use an inline author instead. Name the author in an article, or delete the profile. (An `authors:` entry without a profile is an error that stops the build.)",
    },
    Lint {
        code: "series-gap",
        default: LintLevel::Warning,
        summary: "the parts of a series (\"part 2\" in titles or subtitles) have a gap, a duplicate, or are out of date order",
        explanation: "Articles of one `series:` that say which part they are (\"Border economies, part 2\" in the subtitle or title) should be numbered 1, 2, 3 ... without gaps or duplicates, and dated in that order, because the series page lists them oldest first. Renumber the parts, fix a date, or add the missing part to the series.",
    },
    Lint {
        code: "missing-alt",
        default: LintLevel::Warning,
        summary: "an image without alt text",
        explanation: "Screen readers read the alt text instead of showing the image, and search engines index it. Write what the image shows: `![Monthly exports, January to June 2025](chart.png)`; for `image:` in the front matter, add `image_alt:`; for raw HTML, an `alt=\"...\"` attribute (alt=\"\" marks a purely decorative image).",
    },
    Lint {
        code: "heading-skip",
        default: LintLevel::Warning,
        summary: "a heading that skips a level (## followed by ####)",
        explanation: "Readers of screen readers move through a page by its heading levels; a skipped level reads as a missing section. The title is the page's only level 1, so the body starts with `##`, then `###` below it. Use the next level down.",
    },
    Lint {
        code: "vague-link-text",
        default: LintLevel::Warning,
        summary: "a link whose text is \"here\", \"click here\", \"this link\", \"read more\" ...",
        explanation: "Link text is read out alone by screen readers and weighed by search engines; \"here\" says nothing about where the link goes. Put the link on the words that name the target: \"see [the CDS brief on verification](/policy-briefs/verification-mechanisms/)\".",
    },
    Lint {
        code: "table-header",
        default: LintLevel::Warning,
        summary: "a table without a header row",
        explanation: "A table's header row tells screen-reader users what each column holds. In a markdown table the first row is the header: write column names there rather than leaving it empty; in a raw HTML table, use <th> cells.",
    },
    Lint {
        code: "doubled-word",
        default: LintLevel::Warning,
        summary: "the same word twice in a row (\"the the\")",
        explanation: "A doubled word is almost always a typing slip, easy to miss when reading. Delete one of them. Words that are often doubled on purpose (\"that that\", \"had had\") are not reported.",
    },
    Lint {
        code: "unbalanced",
        default: LintLevel::Warning,
        summary: "a paragraph with an opening quote or bracket that is never closed, or a closing one never opened",
        explanation: "Within one paragraph (or heading or list item) every ( [ and opening double quote should be closed. An unclosed one usually means a sentence was cut or pasted incompletely. Straight double quotes are counted too; single quotes are not (they double as apostrophes), and list markers such as \"a)\" are allowed.",
    },
    Lint {
        code: "empty-section",
        default: LintLevel::Warning,
        summary: "a heading with nothing under it before the next heading of the same or a higher level",
        explanation: "A heading followed straight by another heading of its level (or the end of the article) announces a section that is not there: text was lost or is still to be written. Write the section or delete the heading.",
    },
    Lint {
        code: "long-title",
        default: LintLevel::Warning,
        summary: "a title longer than 110 characters",
        explanation: "Search results, feeds, social cards and citation managers cut or wrap long titles. Keep the title to 110 characters or fewer and move the rest into `subtitle:`.",
    },
    Lint {
        code: "future-date",
        default: LintLevel::Warning,
        summary: "a date in the future on an article not marked `scheduled: true` (or an `updated` date in the future)",
        explanation: "`folio build` leaves out an article dated in the future until that day. If that is intended, say so with `scheduled: true` in the front matter; otherwise the date is probably a typo (2052 for 2025). An `updated:` date in the future is always a mistake.",
    },
    Lint {
        code: "external-link",
        default: LintLevel::Warning,
        summary: "a link to another site that answers with an error or cannot be reached (only with --external)",
        explanation: "With `folio check --external`, every distinct http(s) address in article bodies, author profiles and attachments is requested once (HEAD, then GET if HEAD fails), a few at a time and with a time limit, and the ones that answer 4xx/5xx or not at all are reported at every place they appear. Update or remove the link; a page that moved can often be found on the Internet Archive.",
    },
];

/// The lint with this code.
pub fn lint(code: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.code == code)
}

/// Every lint code, for "did you mean" and listings.
pub fn codes() -> impl Iterator<Item = &'static str> {
    LINTS.iter().map(|l| l.code)
}

/// What a lint run covers.
#[derive(Debug, Clone)]
pub struct Scope {
    /// "Now", for future dates.
    pub now: DateTime<Utc>,
    /// True when every article of the site was loaded (drafts and scheduled
    /// ones included, and none failed), so that lints about the site as a
    /// whole (an author no one uses, a gap in a series) can be judged.
    pub complete: bool,
    /// Judge the site as it will be published: a link to a draft or a
    /// scheduled article is broken. `build` sets this off, since it has
    /// either left such articles out or been asked to include them.
    pub publication: bool,
}

/// Runs every lint on a loaded site. The findings carry their codes and the
/// level the site and each article ask for; switched-off ones are dropped.
/// Mistakes in the lint settings themselves (unknown codes) are errors.
pub fn lint_site(
    root: &Path,
    config: &Config,
    site: &Site,
    theme: Option<&Theme>,
    scope: &Scope,
) -> Diagnostics {
    lint_site_with(root, config, site, theme, scope, None)
}

/// What an earlier lint run found, so that `serve` re-lints only the
/// articles an edit touched. Findings of an unchanged article are reused
/// while nothing a link can point to (URLs, heading ids) has changed.
#[derive(Default)]
pub struct LintMemo {
    /// Article source -> its findings.
    findings: HashMap<std::path::PathBuf, Arc<Vec<Diagnostic>>>,
    /// Article source -> the heading ids of its page.
    ids: HashMap<std::path::PathBuf, HashSet<String>>,
    /// [`links::SiteLinks::fingerprint`] of that run.
    targets: u64,
    /// Articles changed since that run; `None`: treat all as changed.
    changed: Option<HashSet<std::path::PathBuf>>,
}

impl LintMemo {
    /// Says which articles (by source) changed since the last run; `None`
    /// when that is not known (everything is linted again).
    pub fn mark_changed(&mut self, changed: Option<HashSet<std::path::PathBuf>>) {
        self.changed = changed;
    }

    fn unchanged(&self, a: &Article) -> bool {
        self.changed
            .as_ref()
            .is_some_and(|c| !c.contains(&a.source))
    }
}

fn lint_site_with(
    root: &Path,
    config: &Config,
    site: &Site,
    theme: Option<&Theme>,
    scope: &Scope,
    memo: Option<&mut LintMemo>,
) -> Diagnostics {
    let mut out = settings_errors(root, config, site);
    let ids = |a: &Article| -> HashSet<String> {
        let known = memo
            .as_ref()
            .filter(|m| m.unchanged(a))
            .and_then(|m| m.ids.get(&a.source).cloned());
        known.unwrap_or_else(|| crate::markdown::links::body_ids(&a.body))
    };
    let ctx = links::SiteLinks::with_ids(root, config, site, theme, scope.publication, &ids);
    let targets = ctx.fingerprint();
    let reuse = memo.as_ref().is_some_and(|m| m.targets == targets);
    let per_article: Vec<Arc<Vec<Diagnostic>>> = site
        .articles
        .par_iter()
        .map(|a| {
            if reuse
                && let Some(found) = memo
                    .as_ref()
                    .filter(|m| m.unchanged(a))
                    .and_then(|m| m.findings.get(&a.source))
            {
                return found.clone();
            }
            let body = text::Body::new(&a.source, &a.body, a.body_line);
            let mut found = Vec::new();
            ctx.check_body(&body, &a.url, Some(a), &mut found);
            repeated::check(&body, &mut found);
            accessibility::check(root, a, &body, &mut found);
            hygiene::check(root, a, &body, scope, &mut found);
            metadata::check_article(root, a, &body, &mut found);
            Arc::new(found)
        })
        .collect();
    if let Some(m) = memo {
        m.targets = targets;
        m.findings = site
            .articles
            .iter()
            .zip(&per_article)
            .map(|(a, f)| (a.source.clone(), f.clone()))
            .collect();
        m.ids = site
            .articles
            .iter()
            .filter_map(|a| Some((a.source.clone(), ctx.ids_of(&a.url)?.clone())))
            .collect();
        m.changed = None;
    }
    let mut found: Vec<Diagnostic> = per_article.iter().flat_map(|f| f.iter().cloned()).collect();
    for s in &site.sections {
        if !s.text.body.trim().is_empty() {
            let body = text::Body::new(&s.text.source, &s.text.body, s.text.body_line);
            ctx.check_body(&body, &s.url, None, &mut found);
        }
    }
    for a in site.authors.values() {
        if !a.bio.body.trim().is_empty() {
            let body = text::Body::new(&a.bio.source, &a.bio.body, a.bio.body_line);
            ctx.check_body(&body, &a.url, None, &mut found);
        }
    }
    if scope.complete {
        metadata::check_site(root, site, &mut found);
    }
    out.extend(apply_levels(config, site, found));
    out.sort();
    out
}

/// Sets each finding's severity from its lint's level (article setting,
/// else site.toml, else the default); drops those switched off.
fn apply_levels(config: &Config, site: &Site, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Only articles with their own settings; keyed by the path's text,
    // which hashes much faster than a Path, component by component.
    let by_file: HashMap<&std::ffi::OsStr, &[LintSetting]> = site
        .articles
        .iter()
        .filter(|a| !a.lints.is_empty())
        .map(|a| (a.source.as_os_str(), a.lints.as_slice()))
        .collect();
    found
        .into_iter()
        .filter_map(|mut d| {
            let Some(code) = d.code else { return Some(d) };
            let article = by_file
                .get(d.file.as_os_str())
                .and_then(|s| s.iter().find(|s| s.code == code))
                .map(|s| s.level);
            let level = article
                .or_else(|| config.check.get(code).copied())
                .or_else(|| lint(code).map(|l| l.default))
                .unwrap_or(LintLevel::Warning);
            d.severity = match level {
                LintLevel::Off => return None,
                LintLevel::Warning => Severity::Warning,
                LintLevel::Error => Severity::Error,
            };
            Some(d)
        })
        .collect()
}

/// Unknown lint codes in `[check]` of site.toml or in an article's `check:`.
fn settings_errors(root: &Path, config: &Config, site: &Site) -> Diagnostics {
    let mut out = Diagnostics::default();
    let help = |code: &str| match did_you_mean(code, codes()) {
        Some(m) => {
            format!("did you mean `{m}`? (`folio check --explain CODE` describes each lint)")
        }
        None => format!("lint codes: {}", codes().collect::<Vec<_>>().join(", ")),
    };
    let unknown: Vec<&String> = config.check.keys().filter(|c| lint(c).is_none()).collect();
    if !unknown.is_empty() {
        let text = std::fs::read_to_string(root.join(config::CONFIG_FILE)).unwrap_or_default();
        for code in unknown {
            let line = text
                .lines()
                .position(|l| {
                    let l = l.trim_start().trim_start_matches(['"', '\'']);
                    l.strip_prefix(code.as_str()).is_some_and(|r| {
                        r.trim_start_matches(['"', '\''])
                            .trim_start()
                            .starts_with('=')
                    })
                })
                .map_or(0, |i| i + 1);
            let mut d = Diagnostic::error(
                config::CONFIG_FILE,
                format!("`{code}` in [check] is not a lint code"),
            )
            .help(help(code));
            if line > 0 {
                let column = text.lines().nth(line - 1).map_or(1, |l| {
                    l.chars().take_while(|c| c.is_whitespace()).count() + 1
                });
                d = d.at(&text, line, column).width(code.chars().count());
            }
            out.push(d);
        }
    }
    for a in &site.articles {
        for s in a.lints.iter().filter(|s| lint(&s.code).is_none()) {
            let text = std::fs::read_to_string(root.join(&a.source)).unwrap_or_default();
            let mut d = Diagnostic::error(
                &a.source,
                format!("`{}` in `check:` is not a lint code", s.code),
            )
            .help(help(&s.code));
            if let Some(line_text) = text.lines().nth(s.line.saturating_sub(1)) {
                let column = line_text
                    .find(s.code.as_str())
                    .map_or(s.column, |i| line_text[..i].chars().count() + 1);
                d = d.at(&text, s.line, column).width(s.code.chars().count());
            }
            out.push(d);
        }
    }
    out
}

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
/// front matter, templates) and every lint, over every article including
/// drafts and scheduled ones.
pub fn check(opts: &CheckOptions) -> Result<CheckReport, CheckFailure> {
    let root = config::find_root(opts.root.as_deref(), &opts.cwd).map_err(|d| CheckFailure {
        diagnostic: d,
        usage: opts.root.is_some(),
    })?;
    let mut report = CheckReport {
        root: root.clone(),
        diagnostics: Diagnostics::default(),
        articles: 0,
        external_checked: 0,
    };
    let config = match config::load(&root) {
        Ok(c) => c,
        Err(errors) => {
            report.diagnostics.extend(errors);
            report.diagnostics.sort();
            return Ok(report);
        }
    };
    let load_opts = content::LoadOptions {
        drafts: true,
        future: true,
        now: opts.now,
    };
    let (site, content_errors) = content::load(&root, &config, &load_opts);
    let complete = content_errors.is_empty();
    report.diagnostics.extend(content_errors);
    let theme = match crate::render::theme::load(&root, &config) {
        Ok(t) => {
            if let Err(e) = crate::render::Renderer::new(&t, &config) {
                report.diagnostics.extend(e);
            }
            Some(t)
        }
        Err(e) => {
            report.diagnostics.extend(e);
            None
        }
    };
    let scope = Scope {
        now: opts.now,
        complete,
        publication: true,
    };
    report
        .diagnostics
        .extend(lint_site(&root, &config, &site, theme.as_ref(), &scope));
    if let Some(ext) = &opts.external {
        let (found, checked) = external::check(&root, &site, ext);
        report.external_checked = checked;
        report
            .diagnostics
            .extend(apply_levels(&config, &site, found));
    }
    report.articles = site.articles.len();
    report.diagnostics.sort();
    Ok(report)
}

/// The findings as a JSON array: one object per finding with `file`,
/// `line`, `column`, `width`, `severity`, `code`, `message`, `help` and
/// `source_line` (null where unknown). Field names are stable.
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
                })
            })
            .collect(),
    )
}

/// The lints `build` runs on the site it publishes, with the scope it can
/// judge (site-wide lints only when no article was left out).
pub fn for_build(
    root: &Path,
    config: &Config,
    site: &Site,
    theme: Option<&Theme>,
    now: DateTime<Utc>,
    memo: Option<&mut LintMemo>,
) -> Diagnostics {
    let scope = Scope {
        now,
        complete: site.drafts_skipped == 0 && site.scheduled.is_empty(),
        publication: false,
    };
    lint_site_with(root, config, site, theme, &scope, memo)
}

/// Default time limit for one external request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
