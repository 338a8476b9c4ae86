//! `folio crossref`: the Crossref deposit for the publications that have a
//! `doi`, so that a think tank registering DOIs sends Crossref what its
//! pages already say instead of writing XML by hand.
//!
//! Every edition's articles are read; each `doi` is checked (the site's
//! prefix, one work per DOI, a type Crossref registers as a report), the
//! selection (`--since`, `--doi`) is made, and each publication becomes a
//! `report-paper` record ([`xml`]). Addresses come from the route table
//! and the URL scheme, never rebuilt here. The library writes no file:
//! the command puts the text where it was told ([`destination`] refuses
//! the public site).

mod settings;
mod xml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

pub use settings::{Settings, is_doi_prefix};
pub use xml::{Contributor, Record, SCHEMA_VERSION};

use crate::config::{self, Config};
use crate::content::{self, Article, ArticleType, Byline, Person, Site};
use crate::diagnostics::Diagnostic;
use crate::scheme;

/// What `folio crossref` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only publications published or updated on or after this day.
    pub since: Option<NaiveDate>,
    /// Only DOIs matching this pattern (`*` any text, `?` one character).
    pub doi: Option<String>,
    /// The deposit's timestamp; the batch id is made from it.
    pub timestamp: u64,
    /// "Now", for what is scheduled.
    pub now: DateTime<Utc>,
}

/// A deposit ready to be written.
#[derive(Debug, Clone)]
pub struct Deposit {
    pub xml: String,
    pub batch_id: String,
    /// The DOIs deposited, in the file's order.
    pub dois: Vec<String>,
}

/// Crossref's timestamp for `now`: `yyyymmddhhmmssSSS`, which grows with
/// every later deposit as Crossref requires.
pub fn clock_timestamp(now: DateTime<Utc>) -> u64 {
    now.format("%Y%m%d%H%M%S%3f")
        .to_string()
        .parse()
        .unwrap_or(0)
}

/// Reads the site at `root` and makes its deposit, or every error found.
pub fn deposit(root: &Path, opts: &Options) -> Result<Deposit, Vec<Diagnostic>> {
    let config = config::load(root)?;
    let settings = settings::check(&config)?;
    let load = content::LoadOptions {
        drafts: false,
        future: false,
        now: opts.now,
    };
    let mut errors = config.refused.clone();
    let editions: Vec<(Config, Site)> = config
        .editions()
        .into_iter()
        .map(|c| {
            let (site, found) = content::load(root, &c, &load);
            errors.extend(found);
            (c, site)
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    make(&settings, &editions, opts)
}

/// The deposit of `editions`' publications with a DOI (those `opts`
/// selects), after checking every DOI of the site.
pub fn make(
    settings: &Settings,
    editions: &[(Config, Site)],
    opts: &Options,
) -> Result<Deposit, Vec<Diagnostic>> {
    let works: Vec<(&Config, &Site, &Article)> = editions
        .iter()
        .flat_map(|(c, s)| {
            s.articles
                .iter()
                .filter(|a| a.doi.is_some())
                .map(move |a| (c, s, &**a))
        })
        .collect();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, &Article> = BTreeMap::new();
    for (_, _, a) in &works {
        let doi = bare(a);
        if let Err(d) = check_doi(settings, a, doi) {
            errors.push(d);
            continue;
        }
        match seen.get(&doi.to_ascii_lowercase()) {
            Some(first) => errors.extend(duplicate(first, a)),
            None => {
                seen.insert(doi.to_ascii_lowercase(), a);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let records: Vec<Record> = works
        .iter()
        .filter(|(_, _, a)| selected(a, opts))
        .map(|(c, s, a)| record(c, s, a))
        .collect();
    if records.is_empty() {
        return Err(vec![nothing_selected(works.len(), opts)]);
    }
    let batch_id = format!("folio-{}", opts.timestamp);
    let publisher = editions.first().map_or("", |(c, _)| c.title.as_str());
    Ok(Deposit {
        xml: xml::write(settings, publisher, &batch_id, opts.timestamp, &records),
        dois: records.iter().map(|r| r.doi.clone()).collect(),
        batch_id,
    })
}

fn bare(a: &Article) -> &str {
    crate::cite::bare_doi(a.doi.as_deref().unwrap_or(""))
}

/// An error at the article's `doi` line.
fn at_doi(a: &Article, message: String, help: String) -> Diagnostic {
    a.header
        .point("doi", Diagnostic::error(&a.source, message))
        .help(help)
}

/// A DOI Crossref would take for this article: the site's prefix, and a
/// type it registers as a report.
fn check_doi(s: &Settings, a: &Article, doi: &str) -> Result<(), Diagnostic> {
    let prefix = &s.doi_prefix;
    let parts = doi
        .split_once('/')
        .filter(|(p, suffix)| is_doi_prefix(p) && !suffix.is_empty());
    let Some((p, suffix)) = parts else {
        return Err(at_doi(
            a,
            format!("`{doi}` is not a DOI"),
            format!("a DOI is the prefix, a slash and a suffix, such as {prefix}/cds.2025.02"),
        ));
    };
    if p != prefix {
        return Err(at_doi(
            a,
            format!("the DOI `{doi}` is outside the site's prefix {prefix}"),
            format!(
                "Crossref registers only DOIs under the member's prefix: write {prefix}/{suffix}, \
                 or, if this DOI was registered elsewhere, remove it or change doi_prefix in [crossref] of site.toml"
            ),
        ));
    }
    if matches!(a.kind, ArticleType::Commentary | ArticleType::Event) {
        let kind = if a.kind == ArticleType::Event {
            "an event"
        } else {
            "commentary"
        };
        return Err(at_doi(
            a,
            format!("this article is {kind}, which folio does not deposit with Crossref"),
            "folio deposits reports, briefs, working papers and analysis as Crossref report-papers: \
             if this is one, say so with `type: report` (or brief, working-paper, analysis); \
             else remove the `doi`"
                .into(),
        ));
    }
    Ok(())
}

/// The two errors of a DOI given twice: one at each place, naming the other.
fn duplicate(first: &Article, again: &Article) -> [Diagnostic; 2] {
    let place = |a: &Article| match a.header.value("doi") {
        Some(_) => {
            let d = a.header.point("doi", Diagnostic::error(&a.source, ""));
            format!("{}:{}", a.source.display(), d.line)
        }
        None => a.source.display().to_string(),
    };
    let help =
        "a DOI names one work: give each its own (a translation too), or remove the repeated one";
    [
        at_doi(
            first,
            format!(
                "the DOI `{}` is also given in {}",
                bare(first),
                place(again)
            ),
            help.into(),
        ),
        at_doi(
            again,
            format!(
                "the DOI `{}` is also given in {}",
                bare(again),
                place(first)
            ),
            help.into(),
        ),
    ]
}

/// Whether `--since` and `--doi` select the article.
fn selected(a: &Article, opts: &Options) -> bool {
    let recent = opts.since.is_none_or(|since| {
        a.date.day() >= since || a.updated.as_ref().is_some_and(|u| u.day() >= since)
    });
    let matches = opts
        .doi
        .as_deref()
        .is_none_or(|pattern| glob(&pattern.to_ascii_lowercase(), &bare(a).to_ascii_lowercase()));
    recent && matches
}

fn nothing_selected(with_doi: usize, opts: &Options) -> Diagnostic {
    let d = Diagnostic::error(content::CONTENT_DIR, "there is nothing to deposit");
    if with_doi == 0 {
        d.help("no published article has a `doi`: add `doi: <prefix>/<suffix>` to the front matter of the reports to register")
    } else {
        let mut why = Vec::new();
        if let Some(s) = opts.since {
            why.push(format!("published or updated since {s}"));
        }
        if let Some(p) = &opts.doi {
            why.push(format!("with a DOI matching `{p}`"));
        }
        d.help(format!(
            "{with_doi} articles have a DOI, but none {}",
            why.join(" and ")
        ))
    }
}

/// `pattern` against `text`: `*` any run of characters, `?` one.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The record of one article of edition `c`.
fn record(c: &Config, site: &Site, a: &Article) -> Record {
    use chrono::Datelike;
    let day = a.date.day();
    Record {
        title: a.title.clone(),
        subtitle: a.subtitle.clone(),
        contributors: a
            .authors
            .iter()
            .filter_map(|b| match b {
                Byline::Profile(slug) => site.authors.get(slug).map(|p| contributor(&p.person)),
                Byline::Inline(p) => Some(contributor(p)),
            })
            .collect(),
        abstract_text: summary(a),
        published: (day.year(), day.month(), day.day()),
        language: config::primary(a.lang.as_deref().unwrap_or(&c.edition.lang)),
        report_number: a.report_number.clone(),
        doi: bare(a).to_string(),
        url: scheme::absolute(c.base_url(), &a.url),
        pdf: pdf_url(c, a),
    }
}

fn contributor(p: &Person) -> Contributor {
    if p.organization {
        return Contributor::Organization(p.name.clone());
    }
    Contributor::Person {
        given: p.given().map(str::to_string),
        surname: p.family().to_string(),
        affiliation: p.affiliation.clone(),
        ror: p.ror.clone(),
        orcid: p.orcid.clone(),
    }
}

/// The summary as plain text: `summary:` (inline markdown), else what the
/// body gives as its summary.
fn summary(a: &Article) -> Option<String> {
    let html = match &a.summary {
        Some(s) => crate::markdown::render_inline(s),
        None => crate::markdown::render(&a.body, &a.url).summary_html,
    };
    let text = crate::escape::strip_tags(&html);
    (!text.is_empty()).then_some(text)
}

/// The absolute address of the article's PDF edition, when it has one:
/// the one place the deposit learns it (today the `pdf:` file; a
/// typeset edition can be named here later).
pub fn pdf_url(c: &Config, a: &Article) -> Option<String> {
    let pdf = a.pdf.as_deref()?;
    Some(crate::scheme::resolve(c.base_url(), pdf, &a.url))
}

/// Where `-o FILE` may write: anywhere but the public site, that is the
/// output folder and `static/` (copied into it). `file` is as given, relative to `cwd`.
pub fn destination(
    root: &Path,
    config: &Config,
    cwd: &Path,
    file: &Path,
) -> Result<PathBuf, Diagnostic> {
    let file = cwd.join(file);
    let canonical = |p: &Path| -> PathBuf {
        // The file may not exist yet: resolve its nearest existing folder.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        c.extend(rest.iter().rev());
        c
    };
    let target = canonical(&file);
    for (folder, what) in [
        (root.join(&config.output_dir), "the output folder"),
        (
            root.join(content::STATIC_DIR),
            "static/, which is copied into the output",
        ),
    ] {
        if target.starts_with(canonical(&folder)) {
            return Err(Diagnostic::error(
                file.clone(),
                format!("the deposit would be written into {what}, and so published"),
            )
            .help("a deposit is sent to Crossref, not published: write it elsewhere, e.g. -o deposit.xml"));
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_stars_and_question_marks() {
        assert!(glob("10.5555/*", "10.5555/cds.2025.02"));
        assert!(glob("*2025*", "10.5555/cds.2025.02"));
        assert!(glob("10.5555/cds.2025.0?", "10.5555/cds.2025.02"));
        assert!(!glob("10.5555/cds.2024*", "10.5555/cds.2025.02"));
        assert!(!glob("10.5555/cds", "10.5555/cds.2025"));
        assert!(glob("*", ""));
    }

    #[test]
    fn clock_timestamps_grow_to_the_millisecond() {
        let t = DateTime::parse_from_rfc3339("2026-12-07T01:02:03.456Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(clock_timestamp(t), 20261207010203456);
    }
}
