//! Part of the markdown stage: every piece of markdown of a [`Site`] turned
//! into HTML, articles in parallel, each body parsed once and its events
//! handed to the lints on the way.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::links::LinkIndex;
use super::{Compile, Parsed, Rendered, compile, render_inline};
use crate::content::{Article, Byline, PageText, Site};
use crate::diagnostics::Diagnostic;

/// What reads each article's parsed body besides the HTML writer: the lints
/// of the check step. Called with the article's index.
pub type Inspect<'a> = dyn Fn(usize, &Parsed<'_>) -> Vec<Diagnostic> + Sync + 'a;

/// The HTML of one article: body, and the snippets around it.
#[derive(Debug, Clone, Default)]
pub struct ArticleHtml {
    pub body: Arc<Rendered>,
    /// The front-matter summary, else the body's.
    pub summary_html: String,
    pub disclaimer_html: Option<String>,
    pub author_note_html: Option<String>,
    /// What [`Inspect`] found in the body (until the check takes them).
    pub findings: Arc<Vec<Diagnostic>>,
}

/// HTML for everything in a site, index-aligned with its vectors.
#[derive(Debug, Default)]
pub struct SiteHtml {
    pub articles: Vec<ArticleHtml>,
    /// Per section, the text of its `_index.md`.
    pub sections: Vec<Option<Rendered>>,
    pub home: Option<Rendered>,
    /// Author slug -> (note, biography).
    pub authors: BTreeMap<String, (Option<String>, Option<Rendered>)>,
    pub series: BTreeMap<String, Option<String>>,
    /// Source files and copied files by where they sit, which source links
    /// (`../analysis/x.md`) were resolved with.
    pub links: LinkIndex,
}

/// Bodies compiled in an earlier run (by `serve`), so an unchanged article
/// is neither rendered nor linted again. An entry is reused while the
/// article is the same (its body is shared, so comparing is cheap), the
/// site's pages and files are the same (source links resolve against
/// them), and the lints judge by the same rules.
#[derive(Default)]
pub struct BodyCache(Mutex<HashMap<PathBuf, Cached>>);

struct Cached {
    article: Article,
    links: u64,
    lints: u64,
    body: Arc<Rendered>,
    findings: Arc<Vec<Diagnostic>>,
}

impl SiteHtml {
    /// Takes what the lints found in each article, leaving none behind.
    pub fn take_findings(&mut self) -> Vec<Arc<Vec<Diagnostic>>> {
        self.articles
            .iter_mut()
            .map(|h| std::mem::take(&mut h.findings))
            .collect()
    }
}

impl BodyCache {
    fn get(
        &self,
        a: &Article,
        links: u64,
        lints: u64,
    ) -> Option<(Arc<Rendered>, Arc<Vec<Diagnostic>>)> {
        let map = self.0.lock().ok()?;
        let c = map.get(&a.source)?;
        (c.links == links && c.lints == lints && c.article == *a)
            .then(|| (c.body.clone(), c.findings.clone()))
    }

    fn put(
        &self,
        a: &Article,
        links: u64,
        lints: u64,
        body: &Arc<Rendered>,
        findings: &Arc<Vec<Diagnostic>>,
    ) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(
                a.source.clone(),
                Cached {
                    article: a.clone(),
                    links,
                    lints,
                    body: body.clone(),
                    findings: findings.clone(),
                },
            );
        }
    }

    /// Forgets articles that are no longer in the site.
    fn retain(&self, site: &Site) {
        let live: std::collections::HashSet<&PathBuf> =
            site.articles.iter().map(|a| &a.source).collect();
        if let Ok(mut m) = self.0.lock() {
            m.retain(|k, _| live.contains(k));
        }
    }
}

/// How the markdown stage runs.
pub struct StageOptions<'a> {
    /// False when only ids, links and lint findings are wanted (`check`).
    pub html: bool,
    pub cache: Option<&'a BodyCache>,
    /// A fingerprint of what the lints judge by besides the article
    /// (today's date, the scope), for the cache.
    pub lints_key: u64,
}

pub fn render_site(site: &Site, opts: &StageOptions<'_>, inspect: &Inspect<'_>) -> SiteHtml {
    let links = LinkIndex::new(site);
    let articles = site
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| render_article(site, i, a, opts, &links, inspect))
        .collect();
    if let Some(cache) = opts.cache {
        cache.retain(site);
    }
    SiteHtml {
        articles,
        sections: site
            .sections
            .iter()
            .map(|s| page_html(&s.text, &s.url, &links, opts.html))
            .collect(),
        home: site
            .home
            .as_ref()
            .and_then(|h| page_html(h, crate::routes::scheme::HOME, &links, opts.html)),
        authors: site
            .authors
            .iter()
            .map(|(slug, a)| {
                let note = a.person.note.as_deref().map(render_inline);
                let bio = page_html(&a.bio, &a.url, &links, opts.html);
                (slug.clone(), (note, bio))
            })
            .collect(),
        series: site
            .series
            .iter()
            .map(|(slug, s)| (slug.clone(), s.description.as_deref().map(render_inline)))
            .collect(),
        links,
    }
}

fn page_html(text: &PageText, url: &str, links: &LinkIndex, html: bool) -> Option<Rendered> {
    if text.body.trim().is_empty() {
        return None;
    }
    let rewrite = |dest: &str| links.rewrite(&text.source, url, dest);
    let how = Compile {
        page_url: url,
        rewrite: &rewrite,
        html,
    };
    Some(compile(&text.body, &how, &mut |_| {}))
}

fn render_article(
    site: &Site,
    i: usize,
    a: &Article,
    opts: &StageOptions<'_>,
    links: &LinkIndex,
    inspect: &Inspect<'_>,
) -> ArticleHtml {
    let fingerprint = links.fingerprint();
    let cached = opts
        .cache
        .and_then(|c| c.get(a, fingerprint, opts.lints_key));
    let (body, findings) = cached.unwrap_or_else(|| {
        let rewrite = |dest: &str| links.rewrite(&a.source, &a.url, dest);
        let how = Compile {
            page_url: &a.url,
            rewrite: &rewrite,
            html: opts.html,
        };
        let mut findings = Vec::new();
        let body = Arc::new(compile(&a.body, &how, &mut |parsed| {
            findings = inspect(i, parsed);
        }));
        let findings = Arc::new(findings);
        if let Some(c) = opts.cache {
            c.put(a, fingerprint, opts.lints_key, &body, &findings);
        }
        (body, findings)
    });
    if !opts.html {
        return ArticleHtml {
            body,
            findings,
            ..ArticleHtml::default()
        };
    }
    let summary_html = match &a.summary {
        Some(s) => render_inline(s),
        None => body.summary_html.clone(),
    };
    ArticleHtml {
        summary_html,
        disclaimer_html: a.disclaimer.as_deref().map(render_inline),
        author_note_html: author_note(site, a).map(|n| render_inline(&n)),
        body,
        findings,
    }
}

/// The article's own `author_note`, else the notes of its authors, one
/// paragraph each, in byline order.
fn author_note(site: &Site, a: &Article) -> Option<String> {
    if let Some(note) = &a.author_note {
        return Some(note.clone());
    }
    let notes: Vec<&str> = a
        .authors
        .iter()
        .filter_map(|b| match b {
            Byline::Profile(slug) => site.authors.get(slug)?.person.note.as_deref(),
            Byline::Inline(p) => p.note.as_deref(),
        })
        .collect();
    (!notes.is_empty()).then(|| notes.join("\n\n"))
}
