//! Part of the render stage: the files machines read, and old addresses.
//! Atom feeds (the site's, each section's, author's and tag's), the site's
//! RSS 2.0 twin, the sitemap, `robots.txt` and the hosts' `_redirects`, each
//! made by the template named as its file, and the redirect pages of aliases
//! (`redirect.html`): their values are prepared here from the route table,
//! their markup is the theme's, so a theme can change any of them. Drafts never appear in feeds
//! or the sitemap, even in a build made with `--drafts`.

use serde::Serialize;
use tera::Context;

use super::languages::{Alternate, alternates};
use super::pages::Pages;
use crate::content::{Article, Byline};
use crate::diagnostics::Diagnostic;
use crate::routes::{Feed, Route, RouteKind};
use crate::scheme;

/// What `atom.xml` sees as `feed`.
#[derive(Serialize)]
struct FeedValues<'a> {
    title: String,
    subtitle: Option<String>,
    language: &'a str,
    /// The feed's own absolute URL.
    url: String,
    /// The absolute URL of the page the feed follows.
    page_url: String,
    updated: String,
    /// `updated` as RFC 2822, for RSS.
    updated_rfc2822: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    published: String,
    /// `published` as RFC 2822, for RSS.
    published_rfc2822: String,
    updated: String,
    /// Retracted: the theme marks the title.
    retracted: bool,
    authors: Vec<String>,
    tags: Vec<FeedTag>,
    summary_html: String,
}

/// A feed entry's category: the tag's slug and name.
#[derive(Serialize)]
struct FeedTag {
    term: String,
    label: String,
}

/// One line of `_redirects`.
#[derive(Serialize)]
struct HostRule {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct SitemapEntry {
    url: String,
    lastmod: Option<String>,
    /// The page in every language it has (none when it has one).
    alternates: Vec<Alternate>,
}

impl Pages<'_> {
    pub(super) fn feed(&self, feed: &Feed, route: &Route) -> Result<(), Diagnostic> {
        let (config, site) = (&self.r.config, &self.r.site);
        let lists = &self.r.routes.lists;
        let published = |members: &[usize]| -> Vec<usize> {
            members
                .iter()
                .copied()
                .filter(|&i| !site.articles[i].draft)
                .collect()
        };
        let titled = |name: &str| format!("{name} | {}", config.title);
        // Every article the feed follows, newest first.
        let (title, page_url, members): (String, &str, Vec<usize>) = match feed {
            Feed::Site => (config.title.clone(), &site.root, lists.published.clone()),
            Feed::Section(idx) => {
                let s = &site.sections[*idx];
                let members = lists
                    .published
                    .iter()
                    .copied()
                    .filter(|&i| site.articles[i].section == *idx)
                    .collect();
                (titled(&s.title), &s.url, members)
            }
            Feed::Author(slug) => match site.authors.get(slug) {
                Some(a) => (
                    titled(&a.person.name),
                    &a.url,
                    published(lists.by_author(slug)),
                ),
                None => return Ok(()),
            },
            Feed::Tag(slug) => match site.tags.get(slug) {
                Some(t) => (titled(&t.name), &t.url, published(lists.by_tag(slug))),
                None => return Ok(()),
            },
            Feed::Corrections => return self.corrections_feed(route),
        };
        let base = config.base_url();
        let latest = members
            .iter()
            .map(|&i| site.articles[i].last_modified())
            .max();
        let updated = latest.map_or_else(|| "1970-01-01T00:00:00+00:00".into(), |d| d.rfc3339());
        let updated_rfc2822 = latest.map_or_else(
            || "Thu, 01 Jan 1970 00:00:00 +0000".into(),
            |d| d.at.to_rfc2822(),
        );
        let entries = members
            .iter()
            .take(config.feed_entries)
            .map(|&i| self.feed_entry(i))
            .collect();
        let values = FeedValues {
            title: xml_text(&title),
            subtitle: config.description.as_deref().map(xml_text),
            language: &config.edition.lang,
            url: scheme::absolute(base, &route.url),
            page_url: scheme::absolute(base, page_url),
            updated,
            updated_rfc2822,
            entries,
        };
        let mut ctx = Context::new();
        ctx.insert("feed", &values);
        self.emit(template_of(route), &route.url, &ctx)
    }

    fn feed_entry(&self, i: usize) -> FeedEntry {
        let site = &self.r.site;
        let a = &site.articles[i];
        let authors = a
            .authors
            .iter()
            .filter_map(|b| match b {
                Byline::Profile(slug) => site.authors.get(slug).map(|p| p.person.name.as_str()),
                Byline::Inline(p) => Some(p.name.as_str()),
            })
            .map(xml_text)
            .collect();
        FeedEntry {
            title: xml_text(&a.title),
            url: scheme::absolute(self.r.config.base_url(), &a.url),
            published: a.date.rfc3339(),
            published_rfc2822: a.date.at.to_rfc2822(),
            updated: latest_change(a),
            retracted: a.retracted(),
            authors,
            tags: self
                .cards
                .tags(a)
                .iter()
                .map(|t| FeedTag {
                    term: xml_text(t.slug),
                    label: xml_text(t.name),
                })
                .collect(),
            // Feed readers resolve its site-relative links against the host.
            summary_html: xml_text(
                &super::subpath::under_base_path(
                    self.r.html.articles[i].summary_html.clone(),
                    self.r.config.base_path(),
                    &a.url,
                )
                .unwrap_or_else(|_| self.r.html.articles[i].summary_html.clone()),
            ),
        }
    }

    /// Every page a search engine should know, in every language, with
    /// the date of its last change where there is one and its translations.
    pub(super) fn sitemap(&self, route: &Route) -> Result<(), Diagnostic> {
        let base = self.r.config.base_url();
        let mut listed: Vec<(usize, u8, usize, SitemapEntry)> = Vec::new();
        for (e, edition) in self.r.editions.list.iter().enumerate() {
            let (site, routes) = (&edition.site, &edition.routes);
            for (n, r) in routes.routes().iter().enumerate() {
                let Some((group, lastmod)) = sitemap_place(site, routes, &r.kind) else {
                    continue;
                };
                let entry = SitemapEntry {
                    url: scheme::absolute(base, &r.url),
                    lastmod,
                    alternates: alternates(self.r, e, &r.url),
                };
                listed.push((e, group, n, entry));
            }
        }
        listed.sort_by_key(|(e, group, n, _)| (*e, *group, *n));
        let entries: Vec<SitemapEntry> = listed.into_iter().map(|(.., e)| e).collect();
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        self.emit(template_of(route), &route.url, &ctx)
    }

    pub(super) fn robots(&self, route: &Route) -> Result<(), Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert(
            "sitemap_url",
            &scheme::absolute(self.r.config.base_url(), scheme::SITEMAP),
        );
        self.emit(template_of(route), &route.url, &ctx)
    }

    /// The old addresses of every edition as the host's rules: `rules`, each
    /// with `from` and `to` (site paths, percent-encoded as the hosts
    /// require), and `status` (`301`, or `301!` where the host must be told
    /// to pass over the redirect page at the old address).
    pub(super) fn host_redirects(&self, route: &Route) -> Result<(), Diagnostic> {
        let Some(format) = self.r.config.deploy.redirects else {
            return Ok(());
        };
        let mut rules = Vec::new();
        for edition in &self.r.editions.list {
            let site = &edition.site;
            for r in edition.routes.routes() {
                let to = match r.kind {
                    RouteKind::Alias(i, _) => &site.articles[i].url,
                    RouteKind::PageAlias(i, _) => &site.pages[i].url,
                    _ => continue,
                };
                // As the host is asked for them: under the site's base path.
                let base_path = self.r.config.base_path();
                rules.push(HostRule {
                    from: path_encoded(&scheme::published(base_path, &r.url)),
                    to: path_encoded(&scheme::published(base_path, to)),
                });
            }
        }
        let mut ctx = Context::new();
        ctx.insert("rules", &rules);
        ctx.insert("status", format.status());
        self.emit(template_of(route), &route.url, &ctx)
    }

    /// An old address: a page that sends readers and search engines on.
    /// `route`, an old address of the page titled `title` at `url`.
    pub(super) fn redirect(&self, title: &str, url: &str, route: &Route) -> Result<(), Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert("target", &scheme::absolute(self.r.config.base_url(), url));
        self.emit("redirect.html", &route.url, &ctx)
    }
}

/// A site path as `_redirects` needs it: every byte outside ASCII's
/// printable letters percent-encoded (Netlify requires it, and a space
/// would end the field). Alias paths never hold `%`, `?`, `#` or spaces
/// (the content stage refuses them), so nothing is encoded twice.
fn path_encoded(path: &str) -> String {
    const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(path, ENCODED).to_string()
}

/// Where a route goes in the sitemap (home, sections and pages, articles,
/// the indexes and lists), with its last change; None when it is not listed.
fn sitemap_place(
    site: &crate::content::Site,
    routes: &crate::routes::RouteTable,
    kind: &RouteKind,
) -> Option<(u8, Option<String>)> {
    Some(match kind {
        RouteKind::Home => (0, None),
        RouteKind::Section { page: 1, .. } => (1, None),
        RouteKind::Page(_) => (1, None),
        RouteKind::Article(i) if !site.articles[*i].draft => {
            (2, Some(latest_change(&site.articles[*i])))
        }
        // The PDF edition, right after its page.
        RouteKind::Pdf(i) if !site.articles[*i].draft => {
            (2, Some(latest_change(&site.articles[*i])))
        }
        RouteKind::AuthorIndex => (3, None),
        RouteKind::Author { page: 1, .. } => (4, None),
        RouteKind::TagIndex if !routes.lists.tags.is_empty() => (5, None),
        RouteKind::Tag { page: 1, .. } => (6, None),
        RouteKind::SeriesIndex
            if site
                .series
                .keys()
                .any(|s| !routes.lists.series_parts(s).is_empty()) =>
        {
            (7, None)
        }
        RouteKind::Series(_) => (8, None),
        RouteKind::Corrections => (9, None),
        _ => return None,
    })
}

/// A machine file is made by the template named as the file itself
/// (`atom.xml`, `sitemap.xml`, `robots.txt`, `_redirects`), wherever the URL scheme
/// puts it.
fn template_of(route: &Route) -> &str {
    route.file.rsplit('/').next().unwrap_or(&route.file)
}

fn latest_change(a: &Article) -> String {
    a.last_modified().rfc3339()
}

/// Text without the characters XML 1.0 cannot carry at all.
pub(super) fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::path_encoded;

    #[test]
    fn redirect_paths_are_ascii_and_keep_their_slashes() {
        assert_eq!(path_encoded("/news/2019/old.html"), "/news/2019/old.html");
        assert_eq!(path_encoded("/ur/پانی/"), "/ur/%D9%BE%D8%A7%D9%86%DB%8C/");
        assert_eq!(path_encoded("/a b/"), "/a%20b/");
        assert_eq!(path_encoded("/café/"), "/caf%C3%A9/");
    }
}
