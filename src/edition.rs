//! One view of an edition, read by every step after the routes. A site
//! published in several languages is one [`Edition`] per language: its
//! site.toml as that language reads it, its theme, its content (articles,
//! standalone pages, sections, authors, tags, series, files), its route
//! table, each article's related reading and its compiled bodies. The
//! pipeline makes them step by step and holds them side by side in
//! [`Editions`]; the link check, the render step, the file copy, the search
//! index and a preview's diff each read one through a [`View`], which also
//! shows the others: which pages are translations of one another (for the
//! language switcher and the `hreflang` alternates), every edition's routes
//! for the one sitemap, and whether a link into another edition leads
//! somewhere. (The compiled templates are the render step's own, and the
//! findings the link step's output: neither is read by another step.)

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Article;
use crate::content::Site;
use crate::markdown::SiteHtml;
use crate::routes::{RouteKind, RouteTable};
use crate::theme::Theme;

/// One edition of the site (one language), as the steps make it.
pub struct Edition {
    /// site.toml as this edition reads it (its language, its root, its title).
    pub config: Arc<Config>,
    /// The templates, static files and words of the theme.
    pub theme: Arc<Theme>,
    /// The content: articles, standalone pages, sections, authors, tags.
    pub site: Site,
    /// Every file of the edition (a preview shares the last run's while
    /// the site's shape is the same).
    pub routes: Arc<RouteTable>,
    /// Each article's related reading (what the render step's `related`
    /// found): empty in a check, which renders nothing.
    pub related: Arc<Vec<Vec<usize>>>,
    /// The compiled bodies, index-aligned with the site; empty until the
    /// markdown step has run (a build writes each article's page as its
    /// body is compiled and keeps no article's HTML).
    pub html: SiteHtml,
    /// The size in bytes of each PDF the PDF step made, by article index
    /// (what "Download PDF" shows); empty in a check.
    pub pdf_sizes: HashMap<usize, u64>,
}

/// Every edition of the site, the default language's first.
pub struct Editions {
    pub list: Vec<Edition>,
    translations: Translations,
}

/// One edition of [`Editions`], the one a step works on, with the others
/// beside it; reads as the [`Edition`] itself.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub editions: &'a Editions,
    /// Its position in `editions.list`.
    pub edition: usize,
}

impl Deref for View<'_> {
    type Target = Edition;

    fn deref(&self) -> &Edition {
        &self.editions.list[self.edition]
    }
}

/// What makes two pages of different editions the same page in two
/// languages: an article or standalone page from the same file name
/// (`x.md`, `x.ur.md`), a section from the same folder, an author, tag or
/// series by slug, and the home page and indexes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Home,
    Article(String),
    Page(String),
    Section(String),
    Authors,
    Author(String),
    Tags,
    Tag(String),
    Series(String),
    Corrections,
}

#[derive(Default)]
struct Translations {
    /// Per edition: a page's URL -> its group.
    by_url: Vec<HashMap<String, usize>>,
    /// Per group: its page's URL in each edition that has it.
    groups: Vec<Vec<Option<String>>>,
}

impl Editions {
    /// The editions as given (the default language's first). A site in one
    /// language has no translations to find, and does not look.
    pub fn new(list: Vec<Edition>) -> Editions {
        let translations = if list.len() > 1 {
            Translations::of(&list)
        } else {
            Translations::default()
        };
        Editions { list, translations }
    }

    /// The page at `url` of edition `edition` in every edition (by
    /// position), where there is one; None when it has no translation.
    pub fn translations(&self, edition: usize, url: &str) -> Option<&[Option<String>]> {
        let group = *self.translations.by_url.get(edition)?.get(url)?;
        let urls = &self.translations.groups[group];
        (urls.iter().flatten().count() > 1).then_some(urls.as_slice())
    }

    /// Edition `edition`, seen beside the others.
    pub fn view(&self, edition: usize) -> View<'_> {
        View {
            editions: self,
            edition,
        }
    }

    /// Whether another edition than `edition` publishes something at `url`.
    pub fn elsewhere(&self, edition: usize, url: &str) -> bool {
        self.list
            .iter()
            .enumerate()
            .any(|(i, e)| i != edition && e.routes.find(url).is_some())
    }
}

impl Translations {
    fn of(list: &[Edition]) -> Translations {
        let mut groups: HashMap<Identity, usize> = HashMap::new();
        let mut t = Translations::default();
        for (e, edition) in list.iter().enumerate() {
            let mut by_url = HashMap::new();
            for r in edition.routes.routes() {
                let Some(identity) = identity(&edition.site, &r.kind) else {
                    continue;
                };
                let group = *groups.entry(identity).or_insert_with(|| {
                    t.groups.push(vec![None; list.len()]);
                    t.groups.len() - 1
                });
                t.groups[group][e] = Some(r.url.clone());
                by_url.insert(r.url.clone(), group);
            }
            t.by_url.push(by_url);
        }
        t
    }
}

fn identity(site: &Site, kind: &RouteKind) -> Option<Identity> {
    Some(match kind {
        RouteKind::Home => Identity::Home,
        RouteKind::Article(i) => Identity::Article(site.articles[*i].translation.clone()),
        RouteKind::Page(i) => Identity::Page(site.pages[*i].translation.clone()),
        RouteKind::Section { section, page: 1 } => {
            Identity::Section(site.sections[*section].key.clone())
        }
        RouteKind::AuthorIndex => Identity::Authors,
        RouteKind::Author { slug, page: 1 } => Identity::Author(slug.clone()),
        RouteKind::TagIndex => Identity::Tags,
        RouteKind::Tag { slug, page: 1 } => Identity::Tag(slug.clone()),
        RouteKind::Series(slug) => Identity::Series(slug.clone()),
        RouteKind::Corrections => Identity::Corrections,
        _ => return None,
    })
}

// The original of a translation: an article of another edition (`x.ur.md`)
// translates the default edition's article from the same file name (`x.md`);
// a notice on the translation, and a lint, say when the original changed
// after it (see [`crate::content::corrections::stale_since`]).

/// A translation's original and the language it is written in.
pub struct Original<'a> {
    pub article: &'a Article,
    pub lang: &'a str,
}

impl Editions {
    /// The original of article `i` of edition `edition`; None in the
    /// default edition, or for an article that has no original there.
    pub fn original(&self, edition: usize, i: usize) -> Option<Original<'_>> {
        if edition == 0 {
            return None;
        }
        let a = self.list.get(edition)?.site.articles.get(i)?;
        let url = self.translations(edition, &a.url)?.first()?.as_ref()?;
        let default = self.list.first()?;
        let RouteKind::Article(j) = default.routes.find(url)?.kind else {
            return None;
        };
        Some(Original {
            article: default.site.articles.get(j)?,
            lang: &default.config.edition.lang,
        })
    }
}
