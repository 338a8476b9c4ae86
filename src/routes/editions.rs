//! Part of the route table: the editions of a site side by side. A site
//! published in several languages is one [`Site`] and one route table per
//! language; what a page of one edition needs of the others is here: which
//! pages are translations of one another (for the language switcher and
//! the `hreflang` alternates), every edition's routes for the one sitemap,
//! and whether a link into another edition leads somewhere.

use std::collections::HashMap;

use super::{RouteKind, RouteTable};
use crate::config::Edition;
use crate::content::Site;

/// One edition: its language, its site and its routes.
#[derive(Clone, Copy)]
pub struct EditionRoutes<'a> {
    pub edition: &'a Edition,
    pub site: &'a Site,
    pub routes: &'a RouteTable,
}

/// Every edition of the site, the default language's first.
pub struct Editions<'a> {
    pub list: Vec<EditionRoutes<'a>>,
    translations: Translations,
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

impl<'a> Editions<'a> {
    /// The editions as given (the default language's first). A site in one
    /// language has no translations to find, and does not look.
    pub fn new(list: Vec<EditionRoutes<'a>>) -> Editions<'a> {
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

    /// Whether another edition than `edition` publishes something at `url`.
    pub fn elsewhere(&self, edition: usize, url: &str) -> bool {
        self.list
            .iter()
            .enumerate()
            .any(|(i, e)| i != edition && e.routes.find(url).is_some())
    }
}

impl Translations {
    fn of(list: &[EditionRoutes<'_>]) -> Translations {
        let mut groups: HashMap<Identity, usize> = HashMap::new();
        let mut t = Translations::default();
        for (e, edition) in list.iter().enumerate() {
            let mut by_url = HashMap::new();
            for r in edition.routes.routes() {
                let Some(identity) = identity(edition.site, &r.kind) else {
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
