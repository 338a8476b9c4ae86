//! Part of the route table: who claims each output file. Compared as output
//! files, so `/index.html` and `/` are the same page. A page claimed twice
//! is an error on the later claimant, naming the first and pointing at the
//! line that asked for the address (`slug:`, `aliases:`); a copied file
//! where a page is written gives way to the page.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Route, RouteKind};
use crate::content::{CONTENT_DIR, Site};
use crate::diagnostics::Diagnostic;
use crate::scheme;

/// What asked for a file.
#[derive(Debug, Clone)]
pub(super) enum Owner {
    /// folio itself (home, feeds, indexes, tag pages, later list pages).
    Folio,
    /// A section folder, by index.
    Folder(usize),
    /// An author profile, by slug.
    Author(String),
    /// An article, by index.
    Article(usize),
    /// An alias of an article, by the article's index.
    Alias(usize),
    /// A standalone page, by index.
    Page(usize),
    /// An alias of a page, by the page's index.
    PageAlias(usize),
    /// A file copied as it is.
    Copy,
}

pub(super) struct Claims<'a> {
    site: &'a Site,
    routes: Vec<Route>,
    owners: HashMap<String, Owner>,
    /// Folders (as output-file prefixes) where lists grow their later pages.
    reserved_below: Vec<String>,
    errors: Vec<Diagnostic>,
}

impl<'a> Claims<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        Claims {
            site,
            routes: Vec::with_capacity(site.articles.len() * 2 + 64),
            owners: HashMap::with_capacity(site.articles.len() * 2 + 64),
            reserved_below: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub(super) fn folio(&mut self, url: &str, kind: RouteKind) {
        self.claim(url, kind, Owner::Folio);
    }

    /// An address folio keeps for itself without writing anything there (yet).
    pub(super) fn reserve(&mut self, url: &str) {
        self.owners
            .entry(scheme::file_of(url))
            .or_insert(Owner::Folio);
    }

    /// No alias may be written below `prefix`: a list grows its pages there.
    pub(super) fn reserve_below(&mut self, prefix: &str) {
        let file = scheme::file_of(prefix);
        let dir = file.trim_end_matches("index.html").to_string();
        self.reserved_below.push(dir);
    }

    /// Claims `url` for `owner`; false (and an error) when it is taken.
    pub(super) fn claim(&mut self, url: &str, kind: RouteKind, owner: Owner) -> bool {
        let file = scheme::file_of(url);
        if let Some(first) = self.owners.get(&file) {
            let error = self.clash(url, &owner, first);
            self.errors.push(error);
            return false;
        }
        self.owners.insert(file.clone(), owner);
        self.routes.push(Route {
            url: url.to_string(),
            file,
            kind,
        });
        true
    }

    /// Claims an article's page; false when another has it.
    pub(super) fn article(&mut self, url: &str, i: usize) -> bool {
        self.claim(url, RouteKind::Article(i), Owner::Article(i))
    }

    pub(super) fn page(&mut self, url: &str, i: usize) {
        self.claim(url, RouteKind::Page(i), Owner::Page(i));
    }

    pub(super) fn alias(&mut self, url: &str, article: usize, alias: usize) {
        let (kind, owner) = (RouteKind::Alias(article, alias), Owner::Alias(article));
        self.old_address(url, kind, owner);
    }

    pub(super) fn page_alias(&mut self, url: &str, page: usize, alias: usize) {
        let (kind, owner) = (RouteKind::PageAlias(page, alias), Owner::PageAlias(page));
        self.old_address(url, kind, owner);
    }

    /// An old address: nothing may be there, not even a list's later page.
    fn old_address(&mut self, url: &str, kind: RouteKind, owner: Owner) {
        let file = scheme::file_of(url);
        let under_a_list = self
            .reserved_below
            .iter()
            .any(|dir| file.starts_with(dir.as_str()));
        if under_a_list && !self.owners.contains_key(&file) {
            let error = self.clash(url, &owner, &Owner::Folio);
            self.errors.push(error);
            return;
        }
        self.claim(url, kind, owner);
    }

    /// A copied file: dropped where something else is already written.
    pub(super) fn copy(&mut self, url: &str, kind: RouteKind) {
        let file = scheme::file_of(url);
        if self.owners.contains_key(&file) {
            return;
        }
        self.owners.insert(file.clone(), Owner::Copy);
        self.routes.push(Route {
            url: url.to_string(),
            file,
            kind,
        });
    }

    pub(super) fn finish(self) -> (Vec<Route>, Vec<Diagnostic>) {
        (self.routes, self.errors)
    }

    /// The source file an owner stands for, as a user should read it.
    fn source(&self, owner: &Owner) -> PathBuf {
        match owner {
            Owner::Folio | Owner::Copy => PathBuf::from("(a page folio writes itself)"),
            Owner::Folder(i) => PathBuf::from(CONTENT_DIR).join(&self.site.sections[*i].key),
            Owner::Author(slug) => self
                .site
                .authors
                .get(slug)
                .map(|a| a.bio.source.clone())
                .unwrap_or_default(),
            Owner::Article(i) | Owner::Alias(i) => self.site.articles[*i].source.clone(),
            Owner::Page(i) | Owner::PageAlias(i) => self.site.pages[*i].source.clone(),
        }
    }

    fn clash(&self, url: &str, second: &Owner, first: &Owner) -> Diagnostic {
        let is_alias = matches!(second, Owner::Alias(..) | Owner::PageAlias(..));
        let what = if is_alias {
            format!("the alias {url}")
        } else {
            url.to_string()
        };
        let help = if is_alias {
            "remove this alias: that address belongs to another page"
        } else {
            "give one of them another `slug:` (or rename the file or folder)"
        };
        let d = Diagnostic::error(
            self.source(second),
            format!(
                "{what} would be written twice: by this file and by {}",
                self.source(first).display()
            ),
        )
        .help(help);
        match second {
            Owner::Article(i) => self.site.articles[*i].header.point("slug", d),
            Owner::Alias(i) => self.site.articles[*i].header.point("aliases", d),
            Owner::Page(i) => self.site.pages[*i].header.point("slug", d),
            Owner::PageAlias(i) => self.site.pages[*i].header.point("aliases", d),
            Owner::Author(slug) => match self.site.authors.get(slug) {
                Some(a) => a.header.point("", d),
                None => d,
            },
            _ => d,
        }
    }
}
