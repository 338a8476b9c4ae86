//! Part of the check step: `broken-link` and `broken-anchor`. Every link and
//! image that stays inside the site, as the markdown stage collected them
//! from each body's one parse, is checked against the route table (pages
//! with their pagination, attachments, `static/` and theme files, feeds);
//! source paths (`../analysis/x.md`) through the same [`LinkIndex`] the
//! build rewrites them with; `#anchors` against the ids of the target page
//! and of the theme's templates.

use std::collections::HashSet;
use std::path::Path;

use super::files::{Files, as_written};
use super::text::Positions;
use crate::content::Article;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::edition::View;
use crate::markdown::Rendered;
use crate::markdown::links::{Dest, SourceLink, classify, html_ids, join_url};
use crate::routes::RouteKind;

/// What links may point to.
pub struct SiteLinks<'a> {
    c: &'a View<'a>,
    /// Judged as published: a link to a draft or a scheduled piece is
    /// broken ([`super::Scope::publication`]).
    publication: bool,
    /// Ids every page has (from the templates).
    template_ids: HashSet<String>,
    /// The files of the site, for the nearest one to a missing file.
    pub files: Files<'a>,
}

/// One body whose links are checked.
pub struct Source<'b> {
    pub file: &'b Path,
    pub text: &'b str,
    pub first_line: usize,
    pub page_url: &'b str,
    pub rendered: &'b Rendered,
    /// The article it belongs to, if any (a link from a draft to a draft is fine).
    pub article: Option<&'b Article>,
}

impl<'a> SiteLinks<'a> {
    pub fn new(c: &'a View<'a>, publication: bool) -> Self {
        let mut template_ids = HashSet::new();
        for (_, _, file) in &c.theme.templates {
            template_ids.extend(html_ids(&String::from_utf8_lossy(&file.bytes)));
        }
        SiteLinks {
            c,
            publication,
            template_ids,
            files: Files::new(c.editions.list.iter().map(|e| &e.site)),
        }
    }

    /// Checks every link and image of one body.
    pub fn check(&self, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
        let positions = Positions::new(src.text);
        for link in &src.rendered.links {
            let report = |message: String, help: String, code: &'static str| {
                let d = Diagnostic::warning(src.file, message).code(code).help(help);
                positions.point(src.first_line, d, link.offset, link.len)
            };
            match classify(&link.dest) {
                Dest::External => {}
                Dest::SamePage { fragment } => {
                    let ids = &src.rendered.ids;
                    if !fragment.is_empty()
                        && !ids.contains(fragment)
                        && !self.template_ids.contains(fragment)
                    {
                        out.push(report(
                            format!("broken anchor: this page has no heading or element with the id `{fragment}`"),
                            anchor_help(fragment, ids),
                            "broken-anchor",
                        ));
                    }
                }
                Dest::Path { path, fragment } => {
                    let raw = is_raw_html(src.text, link.offset);
                    if let Some(finding) = self.path(src, &path, fragment, raw) {
                        out.push(report(finding.0, finding.1, finding.2));
                    }
                }
            }
        }
    }

    /// What is wrong with a link to `path#fragment`, if anything; `raw`
    /// for an `<img src>` of raw HTML, which the build writes as it is.
    fn path(
        &self,
        src: &Source<'_>,
        path: &str,
        fragment: &str,
        raw: bool,
    ) -> Option<(String, String, &'static str)> {
        let site = &self.c.site;
        let resolved = if raw {
            SourceLink::NotSource
        } else {
            self.c.html.links.resolve_source(src.file, path)
        };
        let target = match resolved {
            SourceLink::Url(url) => url,
            SourceLink::MissingPage(missing) => {
                let sources = site.articles.iter().filter_map(|a| a.source.to_str());
                let help = match did_you_mean(&missing, sources) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "a source path names a markdown file relative to this one, e.g. ../analysis/torkham-trade-flows/index.md".into(),
                };
                return Some((
                    format!("broken link: there is no {missing}"),
                    help,
                    "broken-link",
                ));
            }
            SourceLink::NotSource => match join_url(src.page_url, path) {
                Some(url)
                    if self.c.routes.find(&url).is_some()
                        || self.c.editions.elsewhere(self.c.edition, &url) =>
                {
                    url
                }
                Some(url) => {
                    let help = match self.nearest(&url, path, src.page_url) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => "link to a page by its address (/commentary/istanbul-talks/), to a file beside the article by its name (data.csv), or to a file in static/ as /name".into(),
                    };
                    return Some((
                        format!("broken link: there is no page or file at {url}"),
                        help,
                        "broken-link",
                    ));
                }
                None => {
                    return Some((
                        format!("broken link: `{path}` leads above the site's root"),
                        "remove the extra `../`".into(),
                        "broken-link",
                    ));
                }
            },
        };
        let kind = self.c.routes.find(&target).map(|r| &r.kind);
        if let Some(RouteKind::Page(i)) = kind {
            let ids = self
                .c
                .html
                .pages
                .get(*i)
                .and_then(Option::as_ref)
                .map(|h| &h.ids);
            return ids.and_then(|ids| self.anchor(fragment, ids, &site.pages[*i].url));
        }
        let Some(RouteKind::Article(i)) = kind else {
            return None;
        };
        let article = &site.articles[*i];
        if self.publication
            && let Some((message, help)) = held_back(article, src.article)
        {
            return Some((message, help, "broken-link"));
        }
        self.anchor(fragment, &self.c.html.articles[*i].body.ids, &article.url)
    }

    /// What to suggest for `path` (leading to `url`), which is nothing: the
    /// nearest file for a file name (`chart.png`), else the nearest page.
    fn nearest(&self, url: &str, path: &str, page_url: &str) -> Option<String> {
        let name = url.rsplit('/').next().unwrap_or("");
        if name.contains('.') {
            let found = self.files.nearest(url, page_url)?;
            return Some(as_written(path, url, found));
        }
        did_you_mean(url, self.c.routes.page_urls()).map(str::to_string)
    }

    /// A finding when `#fragment` is none of the ids of the page at `url`.
    fn anchor(
        &self,
        fragment: &str,
        ids: &HashSet<String>,
        url: &str,
    ) -> Option<(String, String, &'static str)> {
        if fragment.is_empty() || ids.contains(fragment) || self.template_ids.contains(fragment) {
            return None;
        }
        Some((
            format!("broken anchor: {url} has no heading or element with the id `{fragment}`"),
            anchor_help(fragment, ids),
            "broken-anchor",
        ))
    }
}

/// A link to a draft or scheduled article from one that is published
/// sooner: the build leaves the target out.
fn held_back(target: &Article, from: Option<&Article>) -> Option<(String, String)> {
    let from_draft = from.is_some_and(|a| a.draft);
    let from_scheduled = from.is_some_and(|a| a.scheduled);
    if target.draft && !from_draft {
        return Some((
            format!(
                "broken link: {} is a draft, which `folio build` leaves out",
                target.url
            ),
            format!(
                "publish {} first (remove `draft: true`), or remove the link until then",
                target.source.display()
            ),
        ));
    }
    if target.scheduled && !target.draft && !from_scheduled && !from_draft {
        return Some((
            format!(
                "broken link: {} is scheduled for {} and `folio build` leaves it out until then",
                target.url,
                target.date.iso()
            ),
            "remove the link until that day, or schedule this article for the same day".into(),
        ));
    }
    None
}

/// Whether the destination at `offset` of `text` is an attribute value of
/// raw HTML (`src="..."`) rather than a markdown link's.
fn is_raw_html(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or("");
    before
        .trim_end_matches(['"', '\''])
        .trim_end()
        .ends_with('=')
}

fn anchor_help(fragment: &str, ids: &HashSet<String>) -> String {
    match did_you_mean(fragment, ids.iter().map(String::as_str)) {
        Some(m) => format!("did you mean `#{m}`?"),
        None => "anchors are made from heading text (## Why it matters -> #why-it-matters); give a heading a fixed id with `## Heading {#my-id}`".into(),
    }
}
