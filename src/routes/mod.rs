//! Between the content stage and rendering: the route table. For every page
//! and file the site will have (articles, lists with their pagination, the
//! indexes, feeds, sitemap, robots.txt, the 404 page, alias redirects and
//! the hosts' `_redirects`, attachments, static and theme files) it says the
//! URL, the output file and what the route is. Rendering, link checking, feeds, the sitemap, the
//! preview's clean-up and collision errors all read this one table, so a new
//! kind of output is added here once. The URL scheme itself is [`crate::scheme`].

mod claims;
mod lists;

use std::collections::HashMap;

use crate::config::Config;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::scheme;

use claims::Claims;
pub use lists::Lists;

/// Where Netlify and Cloudflare Pages look for redirect rules: the root of
/// what they publish, whatever the site's path.
pub const HOST_REDIRECTS: &str = "/_redirects";

/// What a route publishes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RouteKind {
    Home,
    /// An article page, by index into `Site::articles`.
    Article(usize),
    /// A redirect from an old address: article index, alias index.
    Alias(usize, usize),
    /// A standalone page, by index into `Site::pages`.
    Page(usize),
    /// A redirect from an old address of a page: page index, alias index.
    PageAlias(usize, usize),
    /// Page `page` (from 1) of a section's list.
    Section {
        section: usize,
        page: usize,
    },
    AuthorIndex,
    /// Page `page` of an author's profile and list.
    Author {
        slug: String,
        page: usize,
    },
    TagIndex,
    Tag {
        slug: String,
        page: usize,
    },
    Series(String),
    /// The index of series.
    SeriesIndex,
    /// The search page (its index files are written by the search step,
    /// below [`scheme::search_index`]).
    Search,
    /// The edition's log of corrections (`/corrections/`).
    Corrections,
    /// A reference file beside an article page: article index, format.
    Cite(usize, CiteFormat),
    /// The PDF edition of an article (by index), written by the PDF step.
    Pdf(usize),
    NotFound,
    Feed(Feed),
    Sitemap,
    Robots,
    /// The old addresses of every edition as host rules (`_redirects`),
    /// when site.toml asks for them (`[deploy] redirects`).
    HostRedirects,
    /// A file copied as it is: an attachment (index into `Site::assets`).
    Asset(usize),
    /// A file of `static/` (index into `Site::statics`).
    Static(usize),
    /// A static file of the theme, by its path there.
    ThemeFile(String),
}

/// Which articles a feed carries. The site's feed is published twice, as
/// Atom and as RSS 2.0: the template is the one named as the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Feed {
    Site,
    Section(usize),
    /// An author's articles, by profile slug.
    Author(String),
    /// A tag's articles, by tag slug.
    Tag(String),
    /// The edition's corrections, one entry each (`/corrections/atom.xml`).
    Corrections,
}

/// The format of a reference file beside an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CiteFormat {
    Bibtex,
    Ris,
    CslJson,
}

impl CiteFormat {
    pub const ALL: [CiteFormat; 3] = [CiteFormat::Bibtex, CiteFormat::Ris, CiteFormat::CslJson];

    pub fn extension(self) -> &'static str {
        match self {
            CiteFormat::Bibtex => "bib",
            CiteFormat::Ris => "ris",
            CiteFormat::CslJson => "json",
        }
    }
}

impl RouteKind {
    /// Pages rendered from a template (not copied, not machine files).
    pub fn is_page(&self) -> bool {
        matches!(
            self,
            RouteKind::Home
                | RouteKind::Article(_)
                | RouteKind::Page(_)
                | RouteKind::Section { .. }
                | RouteKind::AuthorIndex
                | RouteKind::Author { .. }
                | RouteKind::TagIndex
                | RouteKind::Tag { .. }
                | RouteKind::Series(_)
                | RouteKind::SeriesIndex
                | RouteKind::Search
                | RouteKind::Corrections
                | RouteKind::NotFound
        )
    }

    /// Files copied from disk or from the theme rather than rendered.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            RouteKind::Asset(_) | RouteKind::Static(_) | RouteKind::ThemeFile(_)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub url: String,
    /// The output file, relative to the output folder, `/`-separated.
    pub file: String,
    pub kind: RouteKind,
}

/// Every route of a site, and the lists they are made from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RouteTable {
    routes: Vec<Route>,
    /// Output file -> index in `routes`.
    by_file: HashMap<String, usize>,
    pub lists: Lists,
}

impl RouteTable {
    /// The routes of `site`; `theme_files` are the theme's static files (by
    /// path). Two pages claiming one file are errors naming both; a copied
    /// file where a page is written gives way to the page.
    pub fn build(
        config: &Config,
        site: &Site,
        theme_files: &[&str],
    ) -> (RouteTable, Vec<Diagnostic>) {
        let lists = Lists::of(site);
        let mut claims = Claims::new(site);
        folio_pages(config, site, &lists, &mut claims);
        content_pages(config, site, &lists, &mut claims);
        for (i, a) in site.assets.iter().enumerate() {
            claims.copy(&a.url, RouteKind::Asset(i));
        }
        for (i, s) in site.statics.iter().enumerate() {
            claims.copy(&s.url, RouteKind::Static(i));
        }
        // Files are the site's: the default edition publishes them.
        let theme_files = if config.edition.is_default {
            theme_files
        } else {
            &[]
        };
        for path in theme_files {
            claims.copy(
                &scheme::static_file(path),
                RouteKind::ThemeFile(path.to_string()),
            );
        }
        let (routes, errors) = claims.finish();
        let by_file = routes
            .iter()
            .enumerate()
            .map(|(i, r)| (r.file.clone(), i))
            .collect();
        (
            RouteTable {
                routes,
                by_file,
                lists,
            },
            errors,
        )
    }

    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The output files, in route order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().map(|r| r.file.as_str())
    }

    /// The route that answers `url`, as a web server would (`/a/b` and
    /// `/a/b/index.html` both reach the page `/a/b/`).
    pub fn find(&self, url: &str) -> Option<&Route> {
        scheme::variants(url)
            .find_map(|u| self.by_file.get(&scheme::file_of(&u)))
            .map(|&i| &self.routes[i])
    }

    /// The URLs of the rendered pages, for "did you mean".
    pub fn page_urls(&self) -> impl Iterator<Item = &str> {
        self.routes
            .iter()
            .filter(|r| r.kind.is_page())
            .map(|r| r.url.as_str())
    }
}

/// Pages and files folio writes of its own accord: they come first, so that
/// content claiming their place is the one told.
fn folio_pages(config: &Config, site: &Site, lists: &Lists, claims: &mut Claims) {
    let root = &site.root;
    claims.folio(root, RouteKind::Home);
    if config.edition.is_default {
        claims.folio(scheme::NOT_FOUND, RouteKind::NotFound);
        claims.folio(scheme::SITEMAP, RouteKind::Sitemap);
        claims.folio(scheme::ROBOTS, RouteKind::Robots);
        if config.deploy.redirects.is_some() {
            claims.folio(HOST_REDIRECTS, RouteKind::HostRedirects);
        }
        // The other editions live below their roots: nothing of this one may.
        for code in config.languages.keys() {
            let other = scheme::edition_root(Some(code));
            claims.reserve(&other);
            claims.reserve_below(&other);
        }
    }
    claims.folio(&scheme::feed(root), RouteKind::Feed(Feed::Site));
    claims.folio(&scheme::rss(root), RouteKind::Feed(Feed::Site));
    claims.folio(&scheme::authors(root), RouteKind::AuthorIndex);
    claims.folio(&scheme::tags(root), RouteKind::TagIndex);
    claims.folio(&scheme::series_index(root), RouteKind::SeriesIndex);
    if config.search.enabled {
        claims.folio(&scheme::search(root), RouteKind::Search);
    }
    let corrections = scheme::corrections(root);
    claims.folio(&corrections, RouteKind::Corrections);
    claims.folio(
        &scheme::feed(&corrections),
        RouteKind::Feed(Feed::Corrections),
    );
    // The search step writes its files there: nothing else may.
    let index = scheme::search_index(root);
    claims.reserve(&index);
    claims.reserve_below(&index);
    for (i, s) in site.sections.iter().enumerate().skip(1) {
        claims.folio(&scheme::feed(&s.url), RouteKind::Feed(Feed::Section(i)));
    }
    for slug in lists.authors.keys() {
        if let Some(a) = site.authors.get(slug) {
            let feed = RouteKind::Feed(Feed::Author(slug.clone()));
            claims.folio(&scheme::feed(&a.url), feed);
        }
    }
    for (slug, members) in &lists.tags {
        let Some(tag) = site.tags.get(slug) else {
            continue;
        };
        paginated(
            claims,
            &tag.url,
            members.len(),
            config.paginate_by,
            None,
            |page| RouteKind::Tag {
                slug: slug.clone(),
                page,
            },
        );
        claims.folio(
            &scheme::feed(&tag.url),
            RouteKind::Feed(Feed::Tag(slug.clone())),
        );
    }
    for (slug, s) in &site.series {
        if !lists.series_parts(slug).is_empty() {
            claims.folio(&s.url, RouteKind::Series(slug.clone()));
        }
    }
}

/// Pages that content asks for: sections, author profiles, standalone
/// pages, articles and their old addresses.
fn content_pages(config: &Config, site: &Site, lists: &Lists, claims: &mut Claims) {
    for (i, s) in site.sections.iter().enumerate().skip(1) {
        let per_page = s.paginate_by.unwrap_or(config.paginate_by);
        let folder = Some(claims::Owner::Folder(i));
        paginated(
            claims,
            &s.url,
            lists.sections[i].len(),
            per_page,
            folder,
            |page| RouteKind::Section { section: i, page },
        );
    }
    for (slug, a) in &site.authors {
        let owner = Some(claims::Owner::Author(slug.clone()));
        let members = lists.by_author(slug).len();
        paginated(claims, &a.url, members, config.paginate_by, owner, |page| {
            RouteKind::Author {
                slug: slug.clone(),
                page,
            }
        });
    }
    for (i, p) in site.pages.iter().enumerate() {
        claims.page(&p.url, i);
        for (j, alias) in p.aliases.iter().enumerate() {
            claims.page_alias(alias, i, j);
        }
    }
    for (i, a) in site.articles.iter().enumerate() {
        // Its reference files go with the page: an article that lost its
        // address to another has no files to clash too.
        let claimed = claims.article(&a.url, i);
        for format in CiteFormat::ALL.into_iter().filter(|_| claimed) {
            let url = scheme::cite_file(&a.url, format.extension());
            claims.folio(&url, RouteKind::Cite(i, format));
        }
        if claimed && a.pdf_typeset {
            claims.folio(&crate::scheme::pdf(&a.url, &a.slug), RouteKind::Pdf(i));
        }
        for (j, alias) in a.aliases.iter().enumerate() {
            claims.alias(alias, i, j);
        }
    }
}

/// The pages of one list: the first claimed by `owner` (folio itself when
/// `None`), the later ones by folio; the folder of later pages is reserved.
fn paginated(
    claims: &mut Claims,
    url: &str,
    members: usize,
    per_page: usize,
    owner: Option<claims::Owner>,
    kind: impl Fn(usize) -> RouteKind,
) {
    for page in 1..=scheme::page_count(members, per_page) {
        let page_url = scheme::list_page(url, page);
        match (&owner, page) {
            (Some(o), 1) => {
                claims.claim(&page_url, kind(page), o.clone());
            }
            _ => claims.folio(&page_url, kind(page)),
        }
    }
    claims.reserve_below(&scheme::list_pages_prefix(url));
}
