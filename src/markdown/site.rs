//! Part of the markdown stage: every piece of markdown of a [`Site`] turned
//! into HTML, articles in parallel.

use rayon::prelude::*;

use super::{Rendered, render, render_inline};
use crate::content::{Article, Byline, PageText, Site};

/// The HTML of one article: body, and the snippets around it.
#[derive(Debug, Clone, Default)]
pub struct ArticleHtml {
    pub body: Rendered,
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

pub fn render_site(site: &Site) -> SiteHtml {
    let articles = site
        .articles
        .par_iter()
        .map(|a| render_article(site, a))
        .collect();
    SiteHtml {
        articles,
        sections: site.sections.iter().map(|s| page_html(&s.text)).collect(),
        home: site.home.as_ref().and_then(page_html),
        authors: site
            .authors
            .iter()
            .map(|(slug, a)| {
                let note = a.person.note.as_deref().map(render_inline);
                (slug.clone(), (note, page_html(&a.bio)))
            })
            .collect(),
        series: site
            .series
            .iter()
            .map(|(slug, s)| (slug.clone(), s.description.as_deref().map(render_inline)))
            .collect(),
    }
}

fn page_html(text: &PageText) -> Option<String> {
    (!text.body.trim().is_empty()).then(|| render(&text.body, "/").html)
}

fn render_article(site: &Site, a: &Article) -> ArticleHtml {
    let body = render(&a.body, &a.url);
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
