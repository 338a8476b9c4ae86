//! Part of the render stage: which routes a render writes. `serve`
//! re-renders only the pages an edit touched (the pipeline works that out);
//! `build` writes everything.

use std::collections::HashSet;

use crate::routes::RouteKind;

/// Which routes a render writes.
#[derive(Debug)]
pub enum Scope {
    Everything,
    Only(Box<Dirty>),
}

/// The pages an edit touched, as indices and slugs of the new site.
#[derive(Debug, Default)]
pub struct Dirty {
    /// Article pages (and their aliases' redirects).
    pub articles: HashSet<usize>,
    /// Articles whose card (what lists and related reading show) changed.
    pub cards: HashSet<usize>,
    pub sections: HashSet<usize>,
    pub authors: HashSet<String>,
    pub tags: HashSet<String>,
    pub series: HashSet<String>,
    /// The home page, the indexes of authors and tags, the 404 page.
    pub lists: bool,
    /// The feeds and the sitemap.
    pub feeds: bool,
}

impl Scope {
    pub fn wants(&self, kind: &RouteKind) -> bool {
        let Scope::Only(d) = self else {
            return true;
        };
        match kind {
            RouteKind::Article(i) | RouteKind::Alias(i, _) | RouteKind::Cite(i, _) => {
                d.articles.contains(i)
            }
            // Pages change rarely: a change to one renders everything.
            RouteKind::Page(_) | RouteKind::PageAlias(..) => false,
            RouteKind::Section { section, .. } => d.sections.contains(section),
            RouteKind::Author { slug, .. } => d.authors.contains(slug),
            RouteKind::Tag { slug, .. } => d.tags.contains(slug),
            RouteKind::Series(slug) => d.series.contains(slug),
            RouteKind::Home
            | RouteKind::AuthorIndex
            | RouteKind::TagIndex
            | RouteKind::SeriesIndex
            | RouteKind::Corrections => d.lists,
            RouteKind::NotFound | RouteKind::Robots | RouteKind::Search => false,
            // Written by the PDF step, not rendered.
            RouteKind::Pdf(_) => false,
            RouteKind::Feed(_) | RouteKind::Sitemap => d.feeds,
            // One small file from every edition's aliases: always fresh.
            RouteKind::HostRedirects => true,
            RouteKind::Asset(_) | RouteKind::Static(_) | RouteKind::ThemeFile(_) => true,
        }
    }
}
