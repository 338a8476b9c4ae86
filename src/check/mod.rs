//! The check step: content lints, beside the markdown stage. Each article's
//! lints read the events of the markdown stage's one parse of its body
//! ([`lint_article`], called from that stage); once every body is parsed,
//! [`findings`] checks the links against the route table, runs the lints
//! about the site as a whole and applies the levels. `folio build` runs
//! them on what it publishes, prints their warnings and stops on their
//! errors; `folio check` ([`check`]) runs the same pipeline up to rendering
//! over the whole site (drafts and scheduled articles included), so the two
//! always agree. Each lint has a stable code ([`LINTS`]), a default level,
//! and can be switched off or raised in `[check]` of site.toml or in an
//! article's `check:` front matter. Lints read nothing from disk.
//!
//! One file per family: [`links`] (internal links and anchors), [`files`]
//! (the files an article's `pdf:` and `image:` name), [`repeated`]
//! (passages pasted twice), [`metadata`] (summaries, authors, series),
//! [`accessibility`], [`hygiene`] (editorial slips) and [`external`] (links
//! to other sites, only on request). [`text`] holds what they share;
//! `folio check` itself is driven from a floor above (`check_command`).

mod accessibility;
pub(crate) mod external;
mod files;
mod findings;
mod hygiene;
mod links;
mod lints;
mod metadata;
mod repeated;
mod stale;
mod template_tags;
mod text;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::config::{Config, LintLevel};
use crate::content::{Article, LintSetting, PageText, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::edition::View;
use crate::markdown::Parsed;

pub use external::ExternalOptions;
pub use findings::{Findings, FindingsCache};
pub use lints::{LINTS, Lint, codes, lint};

/// Default time limit for one external request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a lint run covers.
#[derive(Debug, Clone)]
pub struct LintScope {
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
    /// The language of the edition judged (an article may say its own).
    pub lang: String,
}

impl LintScope {
    /// A fingerprint of what an article's own lints judge by besides the
    /// article: the day, and the scope. (An article whose date passes
    /// changes itself: it is no longer scheduled.)
    pub fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.now.date_naive(), self.publication, &self.lang).hash(&mut h);
        h.finish()
    }
}

/// The lints of one article, on the markdown stage's parse of its body:
/// every lint but the links (checked once all pages are known) and the
/// lints about the site as a whole. Levels are applied later.
pub fn lint_article(scope: &LintScope, a: &Article, parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    let body = text::Body::new(&a.source, parsed, a.body_line);
    let mut found = Vec::new();
    repeated::check(&body, &mut found);
    accessibility::check(a, &body, &mut found);
    hygiene::check(a, &body, scope, &mut found);
    metadata::check_article(a, &body, &mut found);
    found
}

/// Everything the check finds in edition `c` (a link may lead into
/// another) once every body is parsed: each article's own findings (`own`,
/// from the markdown stage) with its broken links and anchors, the lints
/// about the site as a whole, and mistakes in the lint settings; with each
/// finding's level applied and those switched off dropped. A preview passes
/// a `cache`: an article whose body and link targets are unchanged keeps
/// its findings while `model_key` (a fingerprint of the routes, the theme
/// and site.toml: with the ids of every page, what a link can reach) is
/// the same.
pub fn findings(
    c: &View<'_>,
    scope: &LintScope,
    model_key: u64,
    own: Vec<Arc<Vec<Diagnostic>>>,
    cache: Option<&mut FindingsCache>,
) -> Findings {
    let links = links::SiteLinks::new(c, scope.publication);
    let epoch = {
        let mut h = DefaultHasher::new();
        (model_key, scope.key()).hash(&mut h);
        for a in &c.html.articles {
            a.body.ids_key.hash(&mut h);
        }
        h.finish()
    };
    let kept = cache.as_deref();
    let made: Vec<(Arc<Vec<Diagnostic>>, bool)> = c
        .site
        .articles
        .par_iter()
        .zip(&c.html.articles)
        .zip(own)
        .map(|((a, h), own)| {
            if let Some(found) = kept.and_then(|k| k.get(a, h, epoch)) {
                return (found, false);
            }
            // Kept by a preview's cache: copied; else taken as they are.
            let mut f = Arc::try_unwrap(own).unwrap_or_else(|kept| kept.as_ref().clone());
            let src = links::Source {
                file: &a.source,
                text: &a.body,
                first_line: a.body_line,
                page_url: &a.url,
                rendered: &h.body,
                article: Some(a),
            };
            links.check(&src, &mut f);
            files::check_article(c, &links.files, a, &mut f);
            let mut d = Diagnostics(leveled(&c.config, &a.lints, f));
            d.sort();
            (Arc::new(d.0), true)
        })
        .collect();
    if let Some(cache) = cache {
        let new = c
            .site
            .articles
            .iter()
            .zip(&c.html.articles)
            .zip(&made)
            .filter(|(_, (_, fresh))| *fresh)
            .map(|((a, h), (g, _))| (a.clone(), h.clone(), g.clone()))
            .collect();
        cache.keep(new, epoch, &c.html.articles);
    }
    let groups: Vec<Arc<Vec<Diagnostic>>> = made.into_iter().map(|(g, _)| g).collect();
    let mut other = Vec::new();
    let pages = c
        .site
        .sections
        .iter()
        .zip(&c.html.sections)
        .map(|(s, h)| (&s.text, &s.url, h.as_ref()))
        .chain(c.site.authors.values().map(|a| {
            (
                &a.bio,
                &a.url,
                c.html.authors.get(&a.slug).and_then(|h| h.1.as_ref()),
            )
        }));
    let standalone: Vec<PageText> = c
        .site
        .pages
        .iter()
        .map(|p| PageText {
            title: None,
            description: None,
            body: p.body.to_string(),
            body_line: p.body_line,
            source: p.source.clone(),
        })
        .collect();
    let pages = pages.chain(
        standalone
            .iter()
            .zip(&c.site.pages)
            .zip(&c.html.pages)
            .map(|((t, p), h)| (t, &p.url, h.as_ref())),
    );
    for (text, url, rendered) in pages {
        if let Some(rendered) = rendered {
            let src = links::Source {
                file: &text.source,
                text: &text.body,
                first_line: text.body_line,
                page_url: url,
                rendered,
                article: None,
            };
            links.check(&src, &mut other);
        }
    }
    if scope.complete {
        let all = c.editions.list.iter().map(|e| &e.site);
        metadata::check_site(&c.site, all, &mut other);
        metadata::untranslated_text(&c.config, &c.site, &mut other);
        stale::stale_translations(c, &mut other);
    }
    metadata::untranslated_words(&c.theme, &c.config.edition.lang, &mut other);
    let mut other = apply_levels(&c.config, &c.site, other);
    other.extend(settings_errors(&c.config, &c.site).0);
    Findings { groups, other }
}

/// One article's findings with its levels applied (its own `check:`
/// settings, else site.toml's, else the lint's default).
fn leveled(config: &Config, settings: &[LintSetting], found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter_map(|d| {
            let own = d
                .code
                .and_then(|code| settings.iter().find(|s| s.code == code))
                .map(|s| s.level);
            with_level(config, own, d)
        })
        .collect()
}

/// `d` with the severity of its lint's level; None when switched off.
fn with_level(config: &Config, own: Option<LintLevel>, mut d: Diagnostic) -> Option<Diagnostic> {
    let Some(code) = d.code else { return Some(d) };
    let level = own
        .or_else(|| config.check.get(code).copied())
        .or_else(|| lint(code).map(|l| l.default))
        .unwrap_or(LintLevel::Warning);
    d.severity = match level {
        LintLevel::Off => return None,
        LintLevel::Warning => Severity::Warning,
        LintLevel::Error => Severity::Error,
    };
    Some(d)
}

/// Sets each finding's severity from its lint's level (article setting,
/// else site.toml, else the default); drops those switched off.
pub(crate) fn apply_levels(
    config: &Config,
    site: &Site,
    found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
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
        .filter_map(|d| {
            let own = d.code.and_then(|code| {
                by_file
                    .get(d.file.as_os_str())
                    .and_then(|s| s.iter().find(|s| s.code == code))
                    .map(|s| s.level)
            });
            with_level(config, own, d)
        })
        .collect()
}

/// Unknown lint codes in `[check]` of site.toml or in an article's `check:`.
fn settings_errors(config: &Config, site: &Site) -> Diagnostics {
    let mut out = Diagnostics::default();
    let help = |code: &str| match did_you_mean(code, codes()) {
        Some(m) => {
            format!("did you mean `{m}`? (`folio check --explain CODE` describes each lint)")
        }
        None => format!("lint codes: {}", codes().collect::<Vec<_>>().join(", ")),
    };
    for code in config.check.keys().filter(|c| lint(c).is_none()) {
        let d = Diagnostic::error(
            crate::config::CONFIG_FILE,
            format!("`{code}` in [check] is not a lint code"),
        )
        .help(help(code));
        out.push(config.point(code, d));
    }
    for a in &site.articles {
        for s in a.lints.iter().filter(|s| lint(&s.code).is_none()) {
            let column = s
                .text
                .find(s.code.as_str())
                .map_or(s.column, |i| s.text[..i].chars().count() + 1);
            let d = Diagnostic::error(
                &a.source,
                format!("`{}` in `check:` is not a lint code", s.code),
            )
            .help(help(&s.code))
            .at(&s.text, 1, column)
            .line_number(s.line)
            .width(s.code.chars().count());
            out.push(d);
        }
    }
    out
}
