//! Part of the render stage: which pages a site has, at which URL, with
//! which template and values.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::{Cards, Link, SectionNav, SeriesRef, TagRef};
use super::{OutputFile, Renderer};
use crate::config::Config;
use crate::content::{Byline, Site, SortBy};
use crate::diagnostics::Diagnostic;
use crate::markdown::SiteHtml;

/// How many articles the home page lists.
const HOME_LATEST: usize = 10;

/// Renders every page; returns the files and every template error.
pub fn render_site(
    config: &Config,
    site: &Site,
    html: &SiteHtml,
    renderer: &Renderer,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let pages = Pages {
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
    let mut results: Vec<Result<OutputFile, Diagnostic>> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| pages.article(i))
        .collect();
    results.push(pages.home());
    for i in 1..site.sections.len() {
        results.extend(pages.section(i));
    }
    results.extend(pages.authors());
    results.extend(pages.tags());
    results.extend(pages.series());
    results.push(pages.page(
        "404.html",
        "404.html",
        None,
        Context::new(),
        pages.t("page_not_found"),
    ));
    results.extend(pages.aliases());

    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    (files, errors)
}

struct Pages<'a> {
    config: &'a Config,
    site: &'a Site,
    html: &'a SiteHtml,
    renderer: &'a Renderer,
    cards: Cards<'a>,
    nav: Vec<SectionNav<'a>>,
}

/// `/a/b/` -> `a/b/index.html`; `/a.html` stays a file.
fn file_for(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

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
    ) -> Result<OutputFile, Diagnostic> {
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
        Ok(OutputFile {
            path: file_for(url),
            contents: html.into_bytes(),
        })
    }

    fn article(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let a = &self.site.articles[i];
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

    fn home(&self) -> Result<OutputFile, Diagnostic> {
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

    fn section(&self, idx: usize) -> Vec<Result<OutputFile, Diagnostic>> {
        let s = &self.site.sections[idx];
        let mut members: Vec<usize> = (0..self.site.articles.len())
            .filter(|&i| self.site.articles[i].section == idx)
            .collect();
        match s.sort_by {
            SortBy::Date => {}
            SortBy::Title => members.sort_by_key(|&i| self.site.articles[i].title.to_lowercase()),
            SortBy::Weight => members.sort_by_key(|&i| self.site.articles[i].weight),
        }
        let per_page = s.paginate_by.unwrap_or(self.config.paginate_by).max(1);
        let total = members.len().div_ceil(per_page).max(1);
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
        let page_url = |n: usize| {
            if n == 1 {
                s.url.clone()
            } else {
                format!("{}page/{n}/", s.url)
            }
        };
        #[derive(Serialize)]
        struct SectionValues<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            description: Option<&'a str>,
            content: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct Paginator {
            current: usize,
            total: usize,
            prev_url: Option<String>,
            next_url: Option<String>,
        }
        (1..=total)
            .map(|n| {
                let chunk = members.iter().skip((n - 1) * per_page).take(per_page);
                let articles: Vec<_> = chunk.map(|&i| self.cards.card(i)).collect();
                let mut ctx = Context::new();
                ctx.insert(
                    "section",
                    &SectionValues {
                        title: &s.title,
                        slug: &s.slug,
                        url: &s.url,
                        description: s.text.description.as_deref(),
                        content: self.html.sections[idx].as_deref(),
                    },
                );
                ctx.insert("articles", &articles);
                ctx.insert("subsections", &subsections);
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
                    s.title.clone()
                } else {
                    format!("{} ({} {n})", s.title, self.t("page"))
                };
                self.page(
                    "section.html",
                    &page_url(n),
                    s.text.description.as_deref(),
                    ctx,
                    title,
                )
            })
            .collect()
    }

    fn authors(&self) -> Vec<Result<OutputFile, Diagnostic>> {
        let mut by_author: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in self.site.articles.iter().enumerate() {
            for b in &a.authors {
                if let Byline::Profile(slug) = b {
                    by_author.entry(slug).or_default().push(i);
                }
            }
        }
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
        let mut index: Vec<AuthorValues> = Vec::new();
        let mut out = Vec::new();
        for (slug, a) in &self.site.authors {
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
            let cards: Vec<_> = articles.iter().map(|&i| self.cards.card(i)).collect();
            let mut ctx = Context::new();
            ctx.insert("author", &values);
            ctx.insert("articles", &cards);
            let description = p
                .affiliation
                .as_deref()
                .map(|aff| format!("{}, {aff}", p.name));
            out.push(self.page(
                "author.html",
                &a.url,
                description.as_deref(),
                ctx,
                p.name.clone(),
            ));
            index.push(values);
        }
        index.sort_by(|a, b| {
            let fa = self.site.authors[a.slug].person.family().to_lowercase();
            let fb = self.site.authors[b.slug].person.family().to_lowercase();
            fa.cmp(&fb).then_with(|| a.name.cmp(b.name))
        });
        let mut ctx = Context::new();
        ctx.insert("authors", &index);
        out.push(self.page("authors.html", "/authors/", None, ctx, self.t("authors")));
        out
    }

    fn tags(&self) -> Vec<Result<OutputFile, Diagnostic>> {
        let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in self.site.articles.iter().enumerate() {
            for t in &a.tags {
                by_tag.entry(t).or_default().push(i);
            }
        }
        #[derive(Serialize)]
        struct TagCount<'a> {
            #[serde(flatten)]
            tag: TagRef<'a>,
            count: usize,
        }
        let mut out = Vec::new();
        let mut index = Vec::new();
        for (slug, members) in &by_tag {
            let Some(tag) = self.site.tags.get(*slug) else {
                continue;
            };
            let tag_ref = TagRef {
                name: &tag.name,
                slug: &tag.slug,
                url: &tag.url,
            };
            let cards: Vec<_> = members.iter().map(|&i| self.cards.card(i)).collect();
            let mut ctx = Context::new();
            ctx.insert("tag", &tag_ref);
            ctx.insert("articles", &cards);
            out.push(self.page("tag.html", &tag.url, None, ctx, tag.name.clone()));
            index.push(TagCount {
                tag: tag_ref,
                count: members.len(),
            });
        }
        index.sort_by_key(|t| t.tag.name.to_lowercase());
        let mut ctx = Context::new();
        ctx.insert("tags", &index);
        out.push(self.page("tags.html", "/tags/", None, ctx, self.t("tags")));
        out
    }

    fn series(&self) -> Vec<Result<OutputFile, Diagnostic>> {
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
    fn aliases(&self) -> Vec<Result<OutputFile, Diagnostic>> {
        let mut out = Vec::new();
        for a in &self.site.articles {
            let target = format!("{}{}", self.config.base_url(), a.url);
            let target = escape_attr(&target);
            for alias in &a.aliases {
                let html = format!(
                    "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
                     <link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\">\
                     <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
                     <body><p><a href=\"{target}\">{title}</a></p></body></html>\n",
                    lang = escape_attr(&self.config.language),
                    title = escape_attr(&a.title),
                );
                out.push(Ok(OutputFile {
                    path: file_for(alias),
                    contents: html.into_bytes(),
                }));
            }
        }
        out
    }
}

pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
