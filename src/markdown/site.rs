//! Part of the markdown stage: every piece of markdown of a [`Site`] turned
//! into HTML, articles in parallel, each body parsed once and its events
//! handed to the lints on the way. A preview keeps each article's result
//! ([`BodyCache`]) while the article itself and what its HTML reads (the
//! site's pages, the authors' notes, the lints' rules) stay the same.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::links::LinkIndex;
use super::{Compile, Parsed, Rendered, Words, compile, render_inline};
use crate::content::{Article, PageText, Site};
use crate::diagnostics::Diagnostic;

/// What reads each article's parsed body besides the HTML writer: the lints
/// of the check step. Called with the article's index.
pub type Inspect<'a> = dyn Fn(usize, &Parsed<'_>) -> Vec<Diagnostic> + Sync + 'a;

/// Called with each article as soon as it is compiled (by index): a build
/// writes its page then, and the stage keeps the body without its HTML.
pub type Emit<'a> = dyn Fn(usize, &ArticleHtml) + Sync + 'a;

/// The HTML of one article: body, and the snippets around it.
#[derive(Debug, Clone, Default)]
pub struct ArticleHtml {
    pub body: Arc<Rendered>,
    /// The front-matter summary, else the body's.
    pub summary_html: String,
    pub disclaimer_html: Option<String>,
    pub author_note_html: Option<String>,
}

/// HTML for everything in a site, index-aligned with its vectors.
#[derive(Debug, Default)]
pub struct SiteHtml {
    pub articles: Vec<Arc<ArticleHtml>>,
    /// Per section, the text of its `_index.md`.
    pub sections: Vec<Option<Rendered>>,
    /// Per standalone page, its body.
    pub pages: Vec<Option<Rendered>>,
    pub home: Option<Rendered>,
    /// Author slug -> (note, biography).
    pub authors: BTreeMap<String, (Option<String>, Option<Rendered>)>,
    pub series: BTreeMap<String, Option<String>>,
    /// Source files and copied files by where they sit, which source links
    /// (`../analysis/x.md`) were resolved with.
    pub links: Arc<LinkIndex>,
}

/// Articles compiled in an earlier run (by `serve`), by the address of the
/// article they were compiled from: an article the content stage kept is
/// the same allocation, so finding it costs one lookup.
#[derive(Default)]
pub struct BodyCache(Mutex<HashMap<usize, Compiled>>);

#[derive(Clone)]
struct Compiled {
    /// Kept alive, so that its address is not reused by another article.
    article: Arc<Article>,
    /// [`Context::key`] of the run it was made in.
    context: u64,
    html: Arc<ArticleHtml>,
    findings: Arc<Vec<Diagnostic>>,
}

/// An article's HTML and what the lints found in it.
type Made = (Arc<ArticleHtml>, Arc<Vec<Diagnostic>>);

fn address(a: &Arc<Article>) -> usize {
    Arc::as_ptr(a) as usize
}

impl BodyCache {
    /// Adds what was compiled in this run. Entries of articles that were
    /// replaced are only cleared out now and then: they cost memory, not
    /// time, and a pass over every article on every save would cost time.
    fn keep(&self, site: &Site, new: Vec<Compiled>) {
        let Ok(mut map) = self.0.lock() else { return };
        for c in new {
            map.insert(address(&c.article), c);
        }
        if map.len() > site.articles.len() + site.articles.len() / 4 + 16 {
            let live: std::collections::HashSet<usize> =
                site.articles.iter().map(address).collect();
            map.retain(|k, _| live.contains(k));
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
    /// Where source links point: built from the site, or the last run's
    /// when the site's shape is unchanged.
    pub links: Arc<LinkIndex>,
    /// What to do with each article compiled in this run (its page is
    /// written, for a build); its body's HTML is then dropped.
    pub emit: Option<&'a Emit<'a>>,
    /// The theme's words for figures and notes, in the edition's language.
    pub words: &'a Words,
}

/// Everything an article's HTML and findings read besides the article.
struct Context {
    links: u64,
    notes: u64,
    lints: u64,
    html: bool,
    words: u64,
}

impl Context {
    fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.links, self.notes, self.lints, self.html, self.words).hash(&mut h);
        h.finish()
    }
}

/// Every article's HTML, and what [`Inspect`] found in each.
pub fn render_site(
    site: &Site,
    opts: &StageOptions<'_>,
    inspect: &Inspect<'_>,
) -> (SiteHtml, Vec<Arc<Vec<Diagnostic>>>) {
    let links = &opts.links;
    let context = Context {
        links: links.fingerprint(),
        notes: notes_key(site),
        lints: opts.lints_key,
        html: opts.html,
        words: {
            let mut h = DefaultHasher::new();
            opts.words.hash(&mut h);
            h.finish()
        },
    }
    .key();
    // Kept results, looked up once; only what changed is compiled.
    let kept: Vec<Option<Made>> = match opts.cache.and_then(|c| c.0.lock().ok()) {
        Some(map) => site
            .articles
            .iter()
            .map(|a| {
                map.get(&address(a))
                    .filter(|c| c.context == context && Arc::ptr_eq(&c.article, a))
                    .map(|c| (c.html.clone(), c.findings.clone()))
            })
            .collect(),
        None => vec![None; site.articles.len()],
    };
    let made: Vec<(Made, Option<Compiled>)> = site
        .articles
        .par_iter()
        .zip(kept)
        .enumerate()
        .map(|(i, (a, kept))| match kept {
            Some(made) => (made, None),
            None => {
                let c = compile_article(site, i, a, opts, context, inspect);
                ((c.html.clone(), c.findings.clone()), Some(c))
            }
        })
        .collect();
    let mut articles = Vec::with_capacity(made.len());
    let mut findings = Vec::with_capacity(made.len());
    let mut new = Vec::new();
    for ((html, found), compiled) in made {
        articles.push(html);
        findings.push(found);
        new.extend(compiled);
    }
    if let Some(cache) = opts.cache {
        cache.keep(site, new);
    }
    let html = SiteHtml {
        articles,
        sections: site
            .sections
            .iter()
            .map(|s| page_html(&s.text, &s.url, links, opts))
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| {
                let text = PageText {
                    title: None,
                    description: None,
                    body: p.body.to_string(),
                    body_line: p.body_line,
                    source: p.source.clone(),
                };
                page_html(&text, &p.url, links, opts)
            })
            .collect(),
        home: site
            .home
            .as_ref()
            .and_then(|h| page_html(h, crate::scheme::HOME, links, opts)),
        authors: site
            .authors
            .iter()
            .map(|(slug, a)| {
                let note = a.person.note.as_deref().map(render_inline);
                let bio = page_html(&a.bio, &a.url, links, opts);
                (slug.clone(), (note, bio))
            })
            .collect(),
        series: site
            .series
            .iter()
            .map(|(slug, s)| (slug.clone(), s.description.as_deref().map(render_inline)))
            .collect(),
        links: links.clone(),
    };
    (html, findings)
}

/// A fingerprint of the authors' notes, which articles' notes are made of.
fn notes_key(site: &Site) -> u64 {
    let mut h = DefaultHasher::new();
    for (slug, a) in &site.authors {
        (slug, &a.person.note).hash(&mut h);
    }
    h.finish()
}

fn page_html(
    text: &PageText,
    url: &str,
    links: &LinkIndex,
    opts: &StageOptions<'_>,
) -> Option<Rendered> {
    if text.body.trim().is_empty() {
        return None;
    }
    let rewrite = |dest: &str| links.rewrite(&text.source, url, dest);
    let how = Compile {
        page_url: url,
        rewrite: &rewrite,
        html: opts.html,
        words: opts.words,
        number_figures: false,
    };
    Some(compile(&text.body, &how, &mut |_| {}))
}

fn compile_article(
    site: &Site,
    i: usize,
    a: &Arc<Article>,
    opts: &StageOptions<'_>,
    context: u64,
    inspect: &Inspect<'_>,
) -> Compiled {
    let links = &opts.links;
    let rewrite = |dest: &str| links.rewrite(&a.source, &a.url, dest);
    let how = Compile {
        page_url: &a.url,
        rewrite: &rewrite,
        html: opts.html,
        words: opts.words,
        number_figures: super::figures::numbers_figures(a.kind),
    };
    let mut findings = Vec::new();
    let body = Arc::new(compile(&a.body, &how, &mut |parsed| {
        findings = inspect(i, parsed);
    }));
    let mut html = if opts.html {
        ArticleHtml {
            summary_html: match &a.summary {
                Some(s) => render_inline(s),
                None => body.summary_html.clone(),
            },
            disclaimer_html: a.disclaimer.as_deref().map(render_inline),
            author_note_html: site.author_note(a).map(|n| render_inline(&n)),
            body,
        }
    } else {
        ArticleHtml {
            body,
            ..ArticleHtml::default()
        }
    };
    if let Some(emit) = opts.emit {
        emit(i, &html);
        if let Some(body) = Arc::get_mut(&mut html.body) {
            body.html = String::new();
        }
    }
    Compiled {
        article: a.clone(),
        context,
        html: Arc::new(html),
        findings: Arc::new(findings),
    }
}
