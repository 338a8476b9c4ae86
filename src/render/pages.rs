//! Part of the render stage: which pages a site has, at which URL, with
//! which template and values.

use std::collections::BTreeMap;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::{Cards, Link, SectionNav, SeriesRef, TagRef};
use super::scope::Scope;
use super::{OutputFile, Renderer};
use crate::config::Config;
use crate::content::{Byline, Site, SortBy};
use crate::diagnostics::Diagnostic;
use crate::escape::escape_html as escape_attr;
use crate::markdown::SiteHtml;

/// How many articles the home page lists.
const HOME_LATEST: usize = 10;

/// What a render did: pages written, every page path of the site (written
/// or not), and template errors.
pub struct Rendering {
    pub written: usize,
    pub paths: Vec<String>,
    pub errors: Vec<Diagnostic>,
}

/// Renders the pages in `scope`, each sent to `sink` as soon as it is ready.
pub fn render_site(
    config: &Config,
    site: &Site,
    html: &SiteHtml,
    renderer: &Renderer,
    sink: &Sink<'_>,
    scope: &Scope,
) -> Rendering {
    let pages = Pages {
        sink,
        scope,
        paths: Mutex::new(Vec::new()),
        written: AtomicUsize::new(0),
        config,
        site,
        html,
        renderer,
        cards: Cards {
            site,
            html: &html.articles,
            months: renderer.months(),
        },
        nav: site
            .sections
            .iter()
            .filter(|s| s.parent == Some(0))
            .map(|s| SectionNav {
                title: &s.title,
                url: &s.url,
                slug: &s.slug,
            })
            .collect(),
    };
    // Each page goes to the sink as soon as it is rendered: the site is never
    // held in memory whole, and writing overlaps rendering.
    let mut results: Vec<Result<(), Diagnostic>> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| pages.article(i))
        .collect();
    results.push(pages.home());
    results.par_extend(
        (1..site.sections.len())
            .into_par_iter()
            .flat_map_iter(|i| pages.section(i)),
    );
    let (by_author, by_tag) = pages.memberships();
    results.extend(pages.authors(&by_author));
    results.extend(pages.tags(&by_tag));
    results.extend(pages.series());
    results.push(if scope.lists() {
        pages.page(
            "404.html",
            "404.html",
            None,
            Context::new(),
            pages.t("page_not_found"),
        )
    } else {
        pages.skip("404.html")
    });
    results.extend(pages.aliases());

    let errors = results.into_iter().filter_map(Result::err).collect();
    Rendering {
        written: pages.written.into_inner(),
        paths: pages.paths.into_inner().unwrap_or_default(),
        errors,
    }
}

/// Article indices by slug (of an author or a tag), newest first.
type Members<'a> = BTreeMap<&'a str, Vec<usize>>;

/// One paginated list of articles.
struct PagedList<'a> {
    /// False when the scope leaves this list alone: its URLs are only listed.
    wanted: bool,
    template: &'a str,
    url: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    members: &'a [usize],
    per_page: usize,
}

/// Where rendered pages go (the output stage's staging folder, or a test's list).
pub type Sink<'s> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 's;

struct Pages<'a> {
    sink: &'a Sink<'a>,
    scope: &'a Scope,
    paths: Mutex<Vec<String>>,
    written: AtomicUsize,
    config: &'a Config,
    site: &'a Site,
    html: &'a SiteHtml,
    renderer: &'a Renderer,
    cards: Cards<'a>,
    nav: Vec<SectionNav<'a>>,
}

use crate::content::slug::url_to_file as file_for;

impl Pages<'_> {
    fn t(&self, key: &str) -> String {
        self.renderer
            .words
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }

    /// Renders `template` for `url` with the values every page has.
    fn page(
        &self,
        template: &str,
        url: &str,
        description: Option<&str>,
        mut ctx: Context,
        title: String,
    ) -> Result<(), Diagnostic> {
        self.skip(url)?;
        let page_title = if url == "/" {
            self.config.title.clone()
        } else {
            format!("{title} | {}", self.config.title)
        };
        ctx.insert("page_title", &page_title);
        ctx.insert(
            "page_description",
            &description.or(self.config.description.as_deref()),
        );
        ctx.insert("current_url", url);
        ctx.insert("permalink", &format!("{}{url}", self.config.base_url()));
        ctx.insert("sections", &self.nav);
        let html = self.renderer.render(template, &ctx)?;
        self.emit(OutputFile {
            path: file_for(url),
            contents: html.into_bytes(),
        })
    }

    /// Lists a page's file without rendering it.
    fn skip(&self, url: &str) -> Result<(), Diagnostic> {
        if let Ok(mut p) = self.paths.lock() {
            p.push(file_for(url));
        }
        Ok(())
    }

    fn emit(&self, file: OutputFile) -> Result<(), Diagnostic> {
        (self.sink)(file)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn article(&self, i: usize) -> Result<(), Diagnostic> {
        let a = &self.site.articles[i];
        if !self.scope.article(i) {
            return self.skip(&a.url);
        }
        let series = a.series.as_ref().and_then(|slug| {
            let s = self.site.series.get(slug)?;
            let parts = self.series_parts(slug);
            let part = parts.iter().position(|&j| j == i)? + 1;
            Some(SeriesRef {
                title: &s.title,
                slug: &s.slug,
                url: &s.url,
                part,
                total: parts.len(),
            })
        });
        let page = self
            .cards
            .article(i, self.config.base_url(), &self.config.title, series);
        let mut ctx = Context::new();
        ctx.insert("article", &page);
        let description = strip_tags(page.summary_html);
        self.page(
            "article.html",
            &a.url,
            Some(&description),
            ctx,
            a.title.clone(),
        )
    }

    /// Indices of a series' articles in reading order (oldest first).
    fn series_parts(&self, slug: &str) -> Vec<usize> {
        let mut parts: Vec<usize> = (0..self.site.articles.len())
            .filter(|&j| self.site.articles[j].series.as_deref() == Some(slug))
            .collect();
        parts.reverse();
        parts
    }

    fn home(&self) -> Result<(), Diagnostic> {
        if !self.scope.lists() {
            return self.skip("/");
        }
        let latest: Vec<_> = (0..self.site.articles.len().min(HOME_LATEST))
            .map(|i| self.cards.card(i))
            .collect();
        #[derive(Serialize)]
        struct Home<'a> {
            title: Option<&'a str>,
            content: Option<&'a str>,
        }
        let mut ctx = Context::new();
        ctx.insert(
            "home",
            &Home {
                title: self.site.home.as_ref().and_then(|h| h.title.as_deref()),
                content: self.html.home.as_deref(),
            },
        );
        ctx.insert("latest", &latest);
        self.page("home.html", "/", None, ctx, self.config.title.clone())
    }

    /// The pages of one list (a section, an author, a tag): `per_page`
    /// cards each, at `url`, `url/page/2/`, ..., rendered in parallel.
    /// `values` adds the list's own variables to every page.
    fn paginated(
        &self,
        list: PagedList<'_>,
        values: &(dyn Fn(&mut Context) + Sync),
    ) -> Vec<Result<(), Diagnostic>> {
        #[derive(Serialize)]
        struct Paginator {
            current: usize,
            total: usize,
            prev_url: Option<String>,
            next_url: Option<String>,
        }
        let total = list.members.len().div_ceil(list.per_page).max(1);
        let page_url = |n: usize| {
            if n == 1 {
                list.url.to_string()
            } else {
                format!("{}page/{n}/", list.url)
            }
        };
        if !list.wanted {
            return (1..=total).map(|n| self.skip(&page_url(n))).collect();
        }
        (1..=total)
            .into_par_iter()
            .map(|n| {
                let chunk = list
                    .members
                    .iter()
                    .skip((n - 1) * list.per_page)
                    .take(list.per_page);
                let articles: Vec<_> = chunk.map(|&i| self.cards.card(i)).collect();
                let mut ctx = Context::new();
                values(&mut ctx);
                ctx.insert("articles", &articles);
                ctx.insert(
                    "paginator",
                    &Paginator {
                        current: n,
                        total,
                        prev_url: (n > 1).then(|| page_url(n - 1)),
                        next_url: (n < total).then(|| page_url(n + 1)),
                    },
                );
                let title = if n == 1 {
                    list.title.to_string()
                } else {
                    format!("{} ({} {n})", list.title, self.t("page"))
                };
                self.page(list.template, &page_url(n), list.description, ctx, title)
            })
            .collect()
    }

    fn section(&self, idx: usize) -> Vec<Result<(), Diagnostic>> {
        let s = &self.site.sections[idx];
        let mut members: Vec<usize> = (0..self.site.articles.len())
            .filter(|&i| self.site.articles[i].section == idx)
            .collect();
        match s.sort_by {
            SortBy::Date => {}
            SortBy::Title => members.sort_by_key(|&i| self.site.articles[i].title.to_lowercase()),
            SortBy::Weight => members.sort_by_key(|&i| self.site.articles[i].weight),
        }
        let subsections: Vec<Link> = self
            .site
            .sections
            .iter()
            .filter(|c| c.parent == Some(idx))
            .map(|c| Link {
                title: &c.title,
                url: &c.url,
            })
            .collect();
        #[derive(Serialize)]
        struct SectionValues<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            description: Option<&'a str>,
            content: Option<&'a str>,
        }
        let values = SectionValues {
            title: &s.title,
            slug: &s.slug,
            url: &s.url,
            description: s.text.description.as_deref(),
            content: self.html.sections[idx].as_deref(),
        };
        let list = PagedList {
            wanted: self.scope.section(idx),
            template: "section.html",
            url: &s.url,
            title: &s.title,
            description: s.text.description.as_deref(),
            members: &members,
            per_page: s.paginate_by.unwrap_or(self.config.paginate_by).max(1),
        };
        self.paginated(list, &|ctx| {
            ctx.insert("section", &values);
            ctx.insert("subsections", &subsections);
        })
    }

    /// Article indices by author slug and by tag slug, newest first.
    fn memberships(&self) -> (Members<'_>, Members<'_>) {
        let mut by_author: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in self.site.articles.iter().enumerate() {
            for b in &a.authors {
                if let Byline::Profile(slug) = b {
                    by_author.entry(slug).or_default().push(i);
                }
            }
            for t in &a.tags {
                by_tag.entry(t).or_default().push(i);
            }
        }
        (by_author, by_tag)
    }

    fn authors(&self, by_author: &BTreeMap<&str, Vec<usize>>) -> Vec<Result<(), Diagnostic>> {
        #[derive(Serialize)]
        struct AuthorValues<'a> {
            name: &'a str,
            slug: &'a str,
            url: &'a str,
            affiliation: Option<&'a str>,
            role: Option<&'a str>,
            note_html: Option<&'a str>,
            orcid: Option<&'a str>,
            photo: Option<&'a str>,
            links: &'a [crate::content::LinkEntry],
            bio_html: Option<&'a str>,
            count: usize,
        }
        let mut index: Vec<(AuthorValues, &[usize], Option<String>)> = self
            .site
            .authors
            .iter()
            .map(|(slug, a)| {
                let articles = by_author
                    .get(slug.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let (note, bio) = self
                    .html
                    .authors
                    .get(slug)
                    .map(|(n, b)| (n.as_deref(), b.as_deref()))
                    .unwrap_or((None, None));
                let p = &a.person;
                let values = AuthorValues {
                    name: &p.name,
                    slug,
                    url: &a.url,
                    affiliation: p.affiliation.as_deref(),
                    role: p.role.as_deref(),
                    note_html: note,
                    orcid: p.orcid.as_deref(),
                    photo: p.photo.as_deref(),
                    links: &p.links,
                    bio_html: bio,
                    count: articles.len(),
                };
                let description = p
                    .affiliation
                    .as_deref()
                    .map(|aff| format!("{}, {aff}", p.name));
                (values, articles, description)
            })
            .collect();
        let mut out: Vec<_> = index
            .par_iter()
            .flat_map_iter(|(values, members, description)| {
                let list = PagedList {
                    wanted: self.scope.named(|d| &d.authors, values.slug),
                    template: "author.html",
                    url: values.url,
                    title: values.name,
                    description: description.as_deref(),
                    members,
                    per_page: self.config.paginate_by,
                };
                self.paginated(list, &|ctx| ctx.insert("author", values))
            })
            .collect();
        index.sort_by(|(a, ..), (b, ..)| {
            let fa = self.site.authors[a.slug].person.family().to_lowercase();
            let fb = self.site.authors[b.slug].person.family().to_lowercase();
            fa.cmp(&fb).then_with(|| a.name.cmp(b.name))
        });
        let index: Vec<&AuthorValues> = index.iter().map(|(v, ..)| v).collect();
        let mut ctx = Context::new();
        ctx.insert("authors", &index);
        out.push(if self.scope.lists() {
            self.page("authors.html", "/authors/", None, ctx, self.t("authors"))
        } else {
            self.skip("/authors/")
        });
        out
    }

    fn tags(&self, by_tag: &BTreeMap<&str, Vec<usize>>) -> Vec<Result<(), Diagnostic>> {
        #[derive(Serialize)]
        struct TagCount<'a> {
            #[serde(flatten)]
            tag: TagRef<'a>,
            count: usize,
        }
        let mut index: Vec<(TagCount, &[usize])> = by_tag
            .iter()
            .filter_map(|(slug, members)| {
                let tag = self.site.tags.get(*slug)?;
                let tag = TagRef {
                    name: &tag.name,
                    slug: &tag.slug,
                    url: &tag.url,
                };
                Some((
                    TagCount {
                        tag,
                        count: members.len(),
                    },
                    members.as_slice(),
                ))
            })
            .collect();
        let mut out: Vec<_> = index
            .par_iter()
            .flat_map_iter(|(t, members)| {
                let list = PagedList {
                    wanted: self.scope.named(|d| &d.tags, t.tag.slug),
                    template: "tag.html",
                    url: t.tag.url,
                    title: t.tag.name,
                    description: None,
                    members,
                    per_page: self.config.paginate_by,
                };
                self.paginated(list, &|ctx| ctx.insert("tag", &t.tag))
            })
            .collect();
        index.sort_by_key(|(t, _)| t.tag.name.to_lowercase());
        let index: Vec<&TagCount> = index.iter().map(|(t, _)| t).collect();
        let mut ctx = Context::new();
        ctx.insert("tags", &index);
        out.push(if self.scope.lists() {
            self.page("tags.html", "/tags/", None, ctx, self.t("tags"))
        } else {
            self.skip("/tags/")
        });
        out
    }

    fn series(&self) -> Vec<Result<(), Diagnostic>> {
        #[derive(Serialize)]
        struct SeriesValues<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            description_html: Option<&'a str>,
        }
        let mut out = Vec::new();
        for (slug, s) in &self.site.series {
            let parts = self.series_parts(slug);
            if parts.is_empty() {
                continue;
            }
            if !self.scope.named(|d| &d.series, slug) {
                out.push(self.skip(&s.url));
                continue;
            }
            let cards: Vec<_> = parts.iter().map(|&i| self.cards.card(i)).collect();
            let mut ctx = Context::new();
            ctx.insert(
                "series",
                &SeriesValues {
                    title: &s.title,
                    slug: &s.slug,
                    url: &s.url,
                    description_html: self.html.series.get(slug).and_then(Option::as_deref),
                },
            );
            ctx.insert("articles", &cards);
            out.push(self.page(
                "series.html",
                &s.url,
                s.description.as_deref(),
                ctx,
                s.title.clone(),
            ));
        }
        out
    }

    /// Old addresses: a page that sends readers and search engines on.
    fn aliases(&self) -> Vec<Result<(), Diagnostic>> {
        let mut out = Vec::new();
        for (i, a) in self.site.articles.iter().enumerate() {
            let target = format!("{}{}", self.config.base_url(), a.url);
            let target = escape_attr(&target);
            for alias in &a.aliases {
                out.push(self.skip(alias));
                if !self.scope.article(i) {
                    continue;
                }
                let html = format!(
                    "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
                     <link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\">\
                     <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
                     <body><p><a href=\"{target}\">{title}</a></p></body></html>\n",
                    lang = escape_attr(&self.config.language),
                    title = escape_attr(&a.title),
                );
                out.push(self.emit(OutputFile {
                    path: file_for(alias),
                    contents: html.into_bytes(),
                }));
            }
        }
        out
    }
}

/// Plain text of a small HTML snippet, for meta descriptions.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/commentary/x/"), "commentary/x/index.html");
        assert_eq!(file_for("/404.html"), "404.html");
    }

    #[test]
    fn strip_tags_decodes_entities() {
        assert_eq!(strip_tags("<p>A &amp; <em>B</em></p>"), "A & B");
    }
}
