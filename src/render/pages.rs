//! Part of the render stage: every route of the table that is rendered from
//! a template, in parallel, each page sent to the sink as soon as it is
//! ready (the site is never held in memory whole, and writing overlaps
//! rendering). What a page shows comes from the route table's lists.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::{Cards, Link, SectionNav, SeriesRef, TagRef};
use super::languages;
use super::scope::Scope;
use super::{OutputFile, Renderer};
use crate::config::Config;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::edition::View;
use crate::markdown::ArticleHtml;
use crate::routes::{Route, RouteKind};
use crate::scheme;

/// How many articles the home page lists.
const HOME_LATEST: usize = 10;

/// What a render did: pages written, and template errors.
pub struct Rendering {
    pub written: usize,
    pub errors: Vec<Diagnostic>,
}

/// Where rendered pages go (the output stage's staging folder, or a test's list).
pub type Sink<'s> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 's;

/// Renders the routes of edition `r` in `scope` that come from templates,
/// with its compiled templates; article pages too unless
/// `articles_written` ([`ArticlePages`] wrote them already).
pub fn render_site(
    r: &View<'_>,
    renderer: &Renderer,
    sink: &Sink<'_>,
    scope: &Scope,
    articles_written: bool,
) -> Rendering {
    let pages = Pages::new(r, renderer, sink);
    let errors = r
        .routes
        .routes()
        .par_iter()
        .filter(|route| renders(route, scope, articles_written))
        .filter_map(|route| pages.route(route).err())
        .collect();
    Rendering {
        written: pages.written.into_inner(),
        errors,
    }
}

/// Whether [`render_site`] renders `route` (what a progress count asks).
pub fn renders(route: &Route, scope: &Scope, articles_written: bool) -> bool {
    !route.kind.is_copy()
        && scope.wants(&route.kind)
        && !(articles_written && matches!(route.kind, RouteKind::Article(_)))
}

/// Article pages written one by one as the markdown stage compiles their
/// bodies, before the rest of the site: a build then holds no article's
/// HTML longer than it takes to write its page. (A failed build discards
/// them with the rest of its staging folder.)
pub struct ArticlePages<'a> {
    pages: Pages<'a>,
}

impl<'a> ArticlePages<'a> {
    /// `r.html` need not hold the articles: each comes with its page.
    pub fn new(r: &'a View<'a>, renderer: &'a Renderer, sink: &'a Sink<'a>) -> Self {
        ArticlePages {
            pages: Pages::new(r, renderer, sink),
        }
    }

    /// Writes the page of article `i`, whose body is `html`.
    pub fn write(&self, i: usize, html: &ArticleHtml) -> Result<(), Diagnostic> {
        let url = &self.pages.r.site.articles[i].url;
        self.pages.article_with(i, html, url)
    }

    pub fn written(&self) -> usize {
        self.pages.written.load(Ordering::Relaxed)
    }
}

pub(super) struct Pages<'a> {
    /// The edition rendered.
    pub(super) r: &'a View<'a>,
    /// Its compiled templates: the templates step's, not part of the
    /// edition's view (only this step reads them).
    pub(super) renderer: &'a Renderer,
    sink: &'a Sink<'a>,
    written: AtomicUsize,
    pub(super) cards: Cards<'a>,
    nav: Vec<SectionNav<'a>>,
    menu: Vec<MenuEntry>,
}

/// One entry of the site's menu (`menu` in docs/templates.md): from
/// `[[menu]]` in site.toml, then the pages marked `menu:`, by weight.
#[derive(Serialize)]
struct MenuEntry {
    name: String,
    url: String,
}

fn menu(config: &Config, site: &Site) -> Vec<MenuEntry> {
    let mut pages: Vec<_> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.weight, p.menu.clone()?, p.url.clone())))
        .collect();
    pages.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    config
        .menu
        .iter()
        .map(|m| MenuEntry {
            name: m.name.clone(),
            url: m.url.clone(),
        })
        .chain(
            pages
                .into_iter()
                .map(|(_, name, url)| MenuEntry { name, url }),
        )
        .collect()
}

impl<'a> Pages<'a> {
    fn new(r: &'a View<'a>, renderer: &'a Renderer, sink: &'a Sink<'a>) -> Self {
        Pages {
            r,
            renderer,
            sink,
            written: AtomicUsize::new(0),
            cards: Cards::new(&r.site, &r.html.articles, renderer.months()),
            menu: menu(&r.config, &r.site),
            nav: r
                .site
                .sections
                .iter()
                .filter(|s| s.parent == Some(0))
                .map(|s| SectionNav {
                    title: &s.title,
                    url: &s.url,
                    slug: &s.slug,
                    lang: s.fallback_lang.as_deref(),
                })
                .collect(),
        }
    }
}

impl Pages<'_> {
    fn route(&self, route: &Route) -> Result<(), Diagnostic> {
        let url = route.url.as_str();
        match &route.kind {
            RouteKind::Home => self.home(),
            RouteKind::Article(i) => self.article(*i, url),
            RouteKind::Alias(i, _) => {
                let a = &self.r.site.articles[*i];
                self.redirect(&a.title, &a.url, route)
            }
            RouteKind::Page(i) => self.standalone(*i, url),
            RouteKind::PageAlias(i, _) => {
                let p = &self.r.site.pages[*i];
                self.redirect(&p.title, &p.url, route)
            }
            RouteKind::Section { section, page } => self.section(*section, *page, url),
            RouteKind::AuthorIndex => self.author_index(),
            RouteKind::Author { slug, page } => self.author(slug, *page, url),
            RouteKind::TagIndex => self.tag_index(),
            RouteKind::Tag { slug, page } => self.tag(slug, *page, url),
            RouteKind::Series(slug) => self.series(slug, url),
            RouteKind::SeriesIndex => self.series_index(),
            RouteKind::Search => self.search_page(),
            RouteKind::Corrections => self.corrections_page(url),
            RouteKind::Cite(i, format) => self.cite_file(*i, *format, route),
            RouteKind::NotFound => {
                let title = self.t("page_not_found");
                self.page("404.html", url, None, Context::new(), title)
            }
            RouteKind::Feed(feed) => self.feed(feed, route),
            RouteKind::Sitemap => self.sitemap(route),
            RouteKind::Robots => self.robots(route),
            RouteKind::HostRedirects => self.host_redirects(route),
            RouteKind::Asset(_) | RouteKind::Static(_) | RouteKind::ThemeFile(_) => Ok(()),
            // Typeset by the PDF step, before the pages.
            RouteKind::Pdf(_) => Ok(()),
        }
    }

    pub(super) fn t(&self, key: &str) -> String {
        self.renderer.word(key, key)
    }

    /// Renders `template` for `url` with the values every page has.
    pub(super) fn page(
        &self,
        template: &str,
        url: &str,
        description: Option<&str>,
        mut ctx: Context,
        title: String,
    ) -> Result<(), Diagnostic> {
        let config = &self.r.config;
        let page_title = if url == self.r.site.root {
            config.title.clone()
        } else {
            format!("{title} | {}", config.title)
        };
        ctx.insert("page_title", &page_title);
        ctx.insert(
            "page_description",
            &description.or(config.description.as_deref()),
        );
        ctx.insert("current_url", url);
        ctx.insert("permalink", &scheme::absolute(config.base_url(), url));
        ctx.insert("sections", &self.nav);
        ctx.insert("menu", &self.menu);
        ctx.insert("languages", &languages::languages(self.r, url));
        ctx.insert(
            "alternates",
            &languages::alternates(self.r, self.r.edition, url),
        );
        for optional in ["jsonld", "page_feed"] {
            if !ctx.contains_key(optional) {
                ctx.insert(optional, &None::<String>);
            }
        }
        self.emit(template, url, &ctx)
    }

    /// Writes a file that no template makes (a reference file).
    pub(super) fn write_file(&self, path: &str, contents: Vec<u8>) -> Result<(), Diagnostic> {
        (self.sink)(OutputFile {
            path: path.to_string(),
            contents,
        })?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Renders `template` into the file of `url`.
    pub(super) fn emit(&self, template: &str, url: &str, ctx: &Context) -> Result<(), Diagnostic> {
        let mut text = self.renderer.render(template, ctx)?;
        let path = scheme::file_of(url);
        if path.ends_with(".html") {
            text = super::subpath::under_base_path(text, self.r.config.base_path(), &path)?;
        }
        (self.sink)(OutputFile {
            path,
            contents: text.into_bytes(),
        })?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn article(&self, i: usize, url: &str) -> Result<(), Diagnostic> {
        self.article_with(i, &self.r.html.articles[i], url)
    }

    fn article_with(&self, i: usize, html: &ArticleHtml, url: &str) -> Result<(), Diagnostic> {
        let site = &self.r.site;
        let a = &site.articles[i];
        let series = a.series.as_ref().and_then(|slug| {
            let s = site.series.get(slug)?;
            let parts = self.r.routes.lists.series_parts(slug);
            let at = parts.iter().position(|&j| j == i)?;
            let link = |j: Option<&usize>| {
                j.map(|&j| Link {
                    title: &site.articles[j].title,
                    url: &site.articles[j].url,
                    lang: None,
                })
            };
            Some(SeriesRef {
                title: &s.title,
                slug: &s.slug,
                url: &s.url,
                lang: s.fallback_lang.as_deref(),
                part: at + 1,
                total: parts.len(),
                prev: link(at.checked_sub(1).and_then(|p| parts.get(p))),
                next: link(parts.get(at + 1)),
            })
        });
        let config = &self.r.config;
        let mut page = self
            .cards
            .article(i, html, config.base_url(), &config.title, series);
        let description = crate::escape::strip_tags(page.card.summary_html);
        page.cite = Some(self.cite_block(i, &description));
        page.related = self.related(i);
        page.corrections = super::corrections::of_article(a, self.renderer);
        page.pdf_size = self
            .r
            .pdf_sizes
            .get(&i)
            .copied()
            .map(super::context::size_label);
        page.stale_translation = super::corrections::stale_translation(
            self.r.editions,
            self.r.edition,
            i,
            self.renderer,
        );
        let mut ctx = Context::new();
        ctx.insert("jsonld", &self.article_jsonld(i, &description));
        ctx.insert("article", &page);
        self.page(
            "article.html",
            url,
            Some(&description),
            ctx,
            a.title.clone(),
        )
    }

    /// A standalone page (About, Team).
    fn standalone(&self, i: usize, url: &str) -> Result<(), Diagnostic> {
        let p = &self.r.site.pages[i];
        let html = self.r.html.pages.get(i).and_then(Option::as_ref);
        #[derive(Serialize)]
        struct PageValues<'a> {
            title: &'a str,
            url: &'a str,
            summary: Option<&'a str>,
            content: &'a str,
            toc: &'a [crate::markdown::TocEntry],
            lang: Option<&'a str>,
        }
        let mut ctx = Context::new();
        ctx.insert(
            "page",
            &PageValues {
                title: &p.title,
                url: &p.url,
                summary: p.summary.as_deref(),
                content: html.map_or("", |h| h.html.as_str()),
                toc: html.map_or(&[], |h| h.toc.as_slice()),
                lang: p.lang.as_deref(),
            },
        );
        self.page("page.html", url, p.summary.as_deref(), ctx, p.title.clone())
    }

    fn home(&self) -> Result<(), Diagnostic> {
        let site = &self.r.site;
        let latest = self.cards.list(0..site.articles.len().min(HOME_LATEST));
        #[derive(Serialize)]
        struct Home<'a> {
            title: Option<&'a str>,
            content: Option<&'a str>,
        }
        let mut ctx = Context::new();
        ctx.insert(
            "home",
            &Home {
                title: site.home.as_ref().and_then(|h| h.title.as_deref()),
                content: self.r.html.home.as_ref().map(|h| h.html.as_str()),
            },
        );
        ctx.insert_value("latest", latest);
        let website = super::jsonld::website(&self.r.config, &self.r.site.root);
        ctx.insert("jsonld", &super::jsonld::script_safe(&website));
        let title = self.r.config.title.clone();
        self.page("home.html", &self.r.site.root, None, ctx, title)
    }

    /// Page `n` of a list: the cards of its members on that page, the
    /// paginator, and the list's own values (added by `values`).
    pub(super) fn list_page(
        &self,
        list: ListPage<'_>,
        values: impl FnOnce(&mut Context),
    ) -> Result<(), Diagnostic> {
        #[derive(Serialize)]
        struct Paginator {
            current: usize,
            total: usize,
            prev_url: Option<String>,
            next_url: Option<String>,
        }
        let per_page = list.per_page.max(1);
        let total = scheme::page_count(list.members.len(), per_page);
        let n = list.page;
        let articles = self.cards.list(
            list.members
                .iter()
                .skip((n - 1) * per_page)
                .take(per_page)
                .copied(),
        );
        let mut ctx = Context::new();
        values(&mut ctx);
        ctx.insert_value("articles", articles);
        ctx.insert(
            "paginator",
            &Paginator {
                current: n,
                total,
                prev_url: (n > 1).then(|| scheme::list_page(list.url, n - 1)),
                next_url: (n < total).then(|| scheme::list_page(list.url, n + 1)),
            },
        );
        let title = if n == 1 {
            list.title.to_string()
        } else {
            format!("{} ({} {n})", list.title, self.t("page"))
        };
        let page_url = scheme::list_page(list.url, n);
        self.page(list.template, &page_url, list.description, ctx, title)
    }

    fn section(&self, idx: usize, page: usize, _url: &str) -> Result<(), Diagnostic> {
        let site = &self.r.site;
        let s = &site.sections[idx];
        let subsections: Vec<Link> = site
            .sections
            .iter()
            .filter(|c| c.parent == Some(idx))
            .map(|c| Link {
                title: &c.title,
                url: &c.url,
                lang: c.fallback_lang.as_deref(),
            })
            .collect();
        #[derive(Serialize)]
        struct SectionValues<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            feed_url: String,
            description: Option<&'a str>,
            content: Option<&'a str>,
            /// The language of title, description and text when they stand
            /// in for a missing translation.
            lang: Option<&'a str>,
        }
        let values = SectionValues {
            title: &s.title,
            slug: &s.slug,
            url: &s.url,
            feed_url: scheme::feed(&s.url),
            description: s.text.description.as_deref(),
            content: self.r.html.sections[idx].as_ref().map(|h| h.html.as_str()),
            lang: s.fallback_lang.as_deref(),
        };
        let list = ListPage {
            template: "section.html",
            url: &s.url,
            title: &s.title,
            description: s.text.description.as_deref(),
            members: &self.r.routes.lists.sections[idx],
            per_page: s.paginate_by.unwrap_or(self.r.config.paginate_by),
            page,
        };
        let feed = self.page_feed(&s.title, &s.url);
        self.list_page(list, |ctx| {
            ctx.insert("section", &values);
            ctx.insert("subsections", &subsections);
            ctx.insert("page_feed", &feed);
        })
    }

    fn tag(&self, slug: &str, page: usize, _url: &str) -> Result<(), Diagnostic> {
        let Some(tag) = self.r.site.tags.get(slug) else {
            return Ok(());
        };
        let tag = TagRef {
            name: &tag.name,
            slug: &tag.slug,
            url: &tag.url,
        };
        let list = ListPage {
            template: "tag.html",
            url: tag.url,
            title: tag.name,
            description: None,
            members: self.r.routes.lists.by_tag(slug),
            per_page: self.r.config.paginate_by,
            page,
        };
        let feed = self.page_feed(tag.name, tag.url);
        self.list_page(list, |ctx| {
            ctx.insert("tag", &tag);
            ctx.insert("page_feed", &feed);
        })
    }

    fn tag_index(&self) -> Result<(), Diagnostic> {
        #[derive(Serialize)]
        struct TagCount<'a> {
            #[serde(flatten)]
            tag: TagRef<'a>,
            count: usize,
        }
        let mut index: Vec<TagCount> = self
            .r
            .routes
            .lists
            .tags
            .iter()
            .filter_map(|(slug, members)| {
                let tag = self.r.site.tags.get(slug)?;
                Some(TagCount {
                    tag: TagRef {
                        name: &tag.name,
                        slug: &tag.slug,
                        url: &tag.url,
                    },
                    count: members.len(),
                })
            })
            .collect();
        index.sort_by_cached_key(|t| t.tag.name.to_lowercase());
        let mut ctx = Context::new();
        ctx.insert("tags", &index);
        let url = scheme::tags(&self.r.site.root);
        self.page("tags.html", &url, None, ctx, self.t("tags"))
    }

    fn series(&self, slug: &str, url: &str) -> Result<(), Diagnostic> {
        let Some(s) = self.r.site.series.get(slug) else {
            return Ok(());
        };
        #[derive(Serialize)]
        struct SeriesValues<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            description_html: Option<&'a str>,
            /// The language of title and description when this edition
            /// lacks their translation.
            lang: Option<&'a str>,
        }
        let parts = self.r.routes.lists.series_parts(slug);
        let cards = self.cards.list(parts.iter().copied());
        let mut ctx = Context::new();
        ctx.insert(
            "series",
            &SeriesValues {
                title: &s.title,
                slug: &s.slug,
                url: &s.url,
                description_html: self.r.html.series.get(slug).and_then(Option::as_deref),
                lang: s.fallback_lang.as_deref(),
            },
        );
        ctx.insert_value("articles", cards);
        self.page(
            "series.html",
            url,
            s.description.as_deref(),
            ctx,
            s.title.clone(),
        )
    }
}

/// One page of a paginated list of articles.
pub(super) struct ListPage<'a> {
    pub(super) template: &'a str,
    pub(super) url: &'a str,
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) members: &'a [usize],
    pub(super) per_page: usize,
    pub(super) page: usize,
}
