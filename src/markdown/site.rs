//! Part of the markdown stage: every piece of markdown of a [`Site`] turned
//! into HTML, articles in parallel.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::links::LinkIndex;
use super::{Rendered, render_inline, render_with};
use crate::content::{Article, Byline, PageText, Site};

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
    pub articles: Vec<ArticleHtml>,
    pub sections: Vec<Option<String>>,
    pub home: Option<String>,
    /// Author slug -> (note, biography).
    pub authors: std::collections::BTreeMap<String, (Option<String>, Option<String>)>,
    pub series: std::collections::BTreeMap<String, Option<String>>,
}

/// Rendered bodies kept between builds (by `serve`), keyed by the body text
/// and the page URL, so an unchanged article is not rendered again.
#[derive(Default)]
pub struct BodyCache(Mutex<HashMap<u64, Arc<Rendered>>>);

impl BodyCache {
    /// Also keyed by the site's pages and files, which source links
    /// (`../analysis/x.md`) resolve against.
    fn key(a: &Article, links: &LinkIndex) -> u64 {
        let mut h = DefaultHasher::new();
        (&a.body, &a.url, links.fingerprint()).hash(&mut h);
        h.finish()
    }

    fn get_or_render(&self, a: &Article, links: &LinkIndex) -> Arc<Rendered> {
        let key = Self::key(a, links);
        if let Some(r) = self.0.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return r;
        }
        let rewrite = |dest: &str| links.rewrite(&a.source, &a.url, dest);
        let r = Arc::new(render_with(&a.body, &a.url, &rewrite));
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, r.clone());
        }
        r
    }

    /// Forgets bodies that are no longer in the site.
    fn retain(&self, site: &Site, links: &LinkIndex) {
        let live: std::collections::HashSet<u64> =
            site.articles.iter().map(|a| Self::key(a, links)).collect();
        if let Ok(mut m) = self.0.lock() {
            m.retain(|k, _| live.contains(k));
        }
    }
}

pub fn render_site(site: &Site, cache: &BodyCache) -> SiteHtml {
    let links = LinkIndex::new(site);
    let articles = site
        .articles
        .par_iter()
        .map(|a| render_article(site, a, cache, &links))
        .collect();
    cache.retain(site, &links);
    SiteHtml {
        articles,
        sections: site
            .sections
            .iter()
            .map(|s| page_html(&s.text, &s.url, &links))
            .collect(),
        home: site.home.as_ref().and_then(|h| page_html(h, "/", &links)),
        authors: site
            .authors
            .iter()
            .map(|(slug, a)| {
                let note = a.person.note.as_deref().map(render_inline);
                (slug.clone(), (note, page_html(&a.bio, &a.url, &links)))
            })
            .collect(),
        series: site
            .series
            .iter()
            .map(|(slug, s)| (slug.clone(), s.description.as_deref().map(render_inline)))
            .collect(),
    }
}

fn page_html(text: &PageText, url: &str, links: &LinkIndex) -> Option<String> {
    let rewrite = |dest: &str| links.rewrite(&text.source, url, dest);
    (!text.body.trim().is_empty()).then(|| render_with(&text.body, url, &rewrite).html)
}

fn render_article(site: &Site, a: &Article, cache: &BodyCache, links: &LinkIndex) -> ArticleHtml {
    let body = cache.get_or_render(a, links);
    let summary_html = match &a.summary {
        Some(s) => render_inline(s),
        None => body.summary_html.clone(),
    };
    ArticleHtml {
        summary_html,
        disclaimer_html: a.disclaimer.as_deref().map(render_inline),
        author_note_html: author_note(site, a).map(|n| render_inline(&n)),
        body,
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
