//! Part of the check step: `broken-link` and `broken-anchor`. Every link and
//! image in a body that stays inside the site is checked against what the
//! build writes: pages (with their pagination), attachments, files in
//! `static/` and the theme's, feeds; source paths (`../analysis/x.md`)
//! through the same [`LinkIndex`] the build rewrites them with; `#anchors`
//! against the ids of the target article and of the theme's templates.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, Tag};
use rayon::prelude::*;

use super::text::Body;
use crate::config::Config;
use crate::content::{Article, Byline, Site};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::links::{Dest, LinkIndex, SourceLink, body_ids, classify, html_ids, join_url};
use crate::render::theme::Theme;

/// What links may point to.
pub struct SiteLinks<'a> {
    index: LinkIndex,
    /// Every URL the build writes (pages and files).
    urls: HashSet<String>,
    /// Page URLs, for "did you mean".
    pages: Vec<String>,
    /// Article URL -> the article and the ids its page has.
    articles: HashMap<&'a str, (&'a Article, HashSet<String>)>,
    /// Ids every page has (from the templates).
    template_ids: HashSet<String>,
    /// Report links to drafts and scheduled articles (when judging the
    /// site for publication, as `folio check` does).
    held_back: bool,
}

impl<'a> SiteLinks<'a> {
    /// What the site's links may point to; each article's heading ids come
    /// from `ids` (which may remember them from an earlier run).
    pub fn with_ids(
        root: &Path,
        config: &Config,
        site: &'a Site,
        theme: Option<&Theme>,
        held_back: bool,
        ids: &(dyn Fn(&Article) -> HashSet<String> + Sync),
    ) -> Self {
        let mut urls: HashSet<String> = HashSet::new();
        let mut pages: Vec<String> = Vec::new();
        let mut page = |url: String, urls: &mut HashSet<String>| {
            pages.push(url.clone());
            urls.insert(url);
        };
        let pages_of = |members: usize, per_page: usize| members.div_ceil(per_page.max(1)).max(1);
        page("/".into(), &mut urls);
        for file in ["/404.html", "/atom.xml", "/sitemap.xml", "/robots.txt"] {
            urls.insert(file.into());
        }
        for (i, s) in site.sections.iter().enumerate().skip(1) {
            let members = site.articles.iter().filter(|a| a.section == i).count();
            let per_page = s.paginate_by.unwrap_or(config.paginate_by);
            page(s.url.clone(), &mut urls);
            for n in 2..=pages_of(members, per_page) {
                page(format!("{}page/{n}/", s.url), &mut urls);
            }
            urls.insert(format!("{}atom.xml", s.url));
        }
        for a in &site.articles {
            page(a.url.clone(), &mut urls);
            for alias in &a.aliases {
                urls.insert(alias.clone());
            }
        }
        let mut by_author: HashMap<&str, usize> = HashMap::new();
        let mut by_tag: HashMap<&str, usize> = HashMap::new();
        for a in &site.articles {
            for b in &a.authors {
                if let Byline::Profile(slug) = b {
                    *by_author.entry(slug).or_default() += 1;
                }
            }
            for t in &a.tags {
                *by_tag.entry(t).or_default() += 1;
            }
        }
        page("/authors/".into(), &mut urls);
        for (slug, a) in &site.authors {
            page(a.url.clone(), &mut urls);
            let n = by_author.get(slug.as_str()).copied().unwrap_or(0);
            for p in 2..=pages_of(n, config.paginate_by) {
                page(format!("{}page/{p}/", a.url), &mut urls);
            }
        }
        page("/tags/".into(), &mut urls);
        for (slug, t) in &site.tags {
            let Some(&n) = by_tag.get(slug.as_str()) else {
                continue;
            };
            page(t.url.clone(), &mut urls);
            for p in 2..=pages_of(n, config.paginate_by) {
                page(format!("{}page/{p}/", t.url), &mut urls);
            }
        }
        for (slug, s) in &site.series {
            if site
                .articles
                .iter()
                .any(|a| a.series.as_deref() == Some(slug))
            {
                page(s.url.clone(), &mut urls);
            }
        }
        let index = LinkIndex::new(site);
        for asset in &site.assets {
            urls.insert(format!("/{}", asset.to.trim_start_matches('/')));
        }
        let static_dir = root.join("static");
        for entry in walkdir::WalkDir::new(&static_dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = entry.path().strip_prefix(&static_dir) {
                urls.insert(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
            }
        }
        let mut template_ids = HashSet::new();
        match theme {
            Some(theme) => {
                urls.extend(theme.statics.keys().map(|k| format!("/{k}")));
                for (_, _, file) in &theme.templates {
                    template_ids.extend(html_ids(&String::from_utf8_lossy(&file.bytes)));
                }
            }
            None => {
                for (path, bytes) in crate::scaffold::default_theme_files() {
                    if let Some(out) = path.strip_prefix("static/") {
                        urls.insert(format!("/{out}"));
                    } else if path.starts_with("templates/") {
                        template_ids.extend(html_ids(&String::from_utf8_lossy(bytes)));
                    }
                }
            }
        }
        let articles = site
            .articles
            .par_iter()
            .map(|a| (a.url.as_str(), (a, ids(a))))
            .collect();
        SiteLinks {
            index,
            urls,
            pages,
            articles,
            template_ids,
            held_back,
        }
    }

    /// A fingerprint of everything a link can point to: the URLs written
    /// and the ids of every article page.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut urls: Vec<&String> = self.urls.iter().collect();
        urls.sort();
        let mut h = DefaultHasher::new();
        urls.hash(&mut h);
        let mut pages: Vec<(&&str, Vec<&String>)> = self
            .articles
            .iter()
            .map(|(url, (_, ids))| {
                let mut ids: Vec<&String> = ids.iter().collect();
                ids.sort();
                (url, ids)
            })
            .collect();
        pages.sort();
        pages.hash(&mut h);
        h.finish()
    }

    /// The heading ids of the article page at `url`.
    pub fn ids_of(&self, url: &str) -> Option<&HashSet<String>> {
        self.articles.get(url).map(|(_, ids)| ids)
    }

    fn exists(&self, url: &str) -> bool {
        if self.urls.contains(url) {
            return true;
        }
        // Servers answer /a/b with /a/b/ and /a/b/index.html with /a/b/.
        if !url.ends_with('/') && self.urls.contains(&format!("{url}/")) {
            return true;
        }
        url.strip_suffix("index.html")
            .is_some_and(|dir| dir.ends_with('/') && self.urls.contains(dir))
    }

    /// Checks every link and image of a body published at `page_url`.
    pub fn check_body(
        &self,
        body: &Body<'_>,
        page_url: &str,
        from: Option<&Article>,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut own_ids: Option<HashSet<String>> = None;
        for (e, r) in &body.events {
            let dest = match e {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => continue,
            };
            // Point at the destination as written, else at the link.
            let written = &body.text[r.clone()];
            let (offset, width) = match written.find(dest.as_ref()) {
                Some(i) if !dest.is_empty() => (r.start + i, dest.len()),
                _ => (r.start, r.end - r.start),
            };
            let report = |message: String, help: String, code: &'static str| {
                body.at(Diagnostic::warning(body.file, message), offset, width)
                    .code(code)
                    .help(help)
            };
            match classify(dest) {
                Dest::External => {}
                Dest::SamePage { fragment } => {
                    if fragment.is_empty() {
                        continue;
                    }
                    let ids = own_ids.get_or_insert_with(|| body_ids(body.text));
                    if !ids.contains(fragment) && !self.template_ids.contains(fragment) {
                        out.push(report(
                            format!("broken anchor: this page has no heading or element with the id `{fragment}`"),
                            anchor_help(fragment, ids),
                            "broken-anchor",
                        ));
                    }
                }
                Dest::Path { path, fragment } => {
                    let target = match self.index.resolve_source(body.file, &path) {
                        SourceLink::Url(url) => url,
                        SourceLink::MissingPage(missing) => {
                            let help = match did_you_mean(&missing, self.index_sources()) {
                                Some(m) => format!("did you mean `{m}`?"),
                                None => "a source path names a markdown file relative to this one, e.g. ../analysis/torkham-trade-flows/index.md".into(),
                            };
                            out.push(report(
                                format!("broken link: there is no {missing}"),
                                help,
                                "broken-link",
                            ));
                            continue;
                        }
                        SourceLink::NotSource => match join_url(page_url, &path) {
                            Some(url) if self.exists(&url) => url,
                            Some(url) => {
                                let help = match did_you_mean(&url, self.pages.iter().map(String::as_str)) {
                                    Some(m) => format!("did you mean `{m}`?"),
                                    None => "link to a page by its address (/commentary/istanbul-talks/), to a file beside the article by its name (data.csv), or to a file in static/ as /name".into(),
                                };
                                out.push(report(
                                    format!("broken link: there is no page or file at {url}"),
                                    help,
                                    "broken-link",
                                ));
                                continue;
                            }
                            None => {
                                out.push(report(
                                    format!("broken link: `{path}` leads above the site's root"),
                                    "remove the extra `../`".into(),
                                    "broken-link",
                                ));
                                continue;
                            }
                        },
                    };
                    let key = if target.ends_with('/') || target.contains('.') {
                        target.clone()
                    } else {
                        format!("{target}/")
                    };
                    let key = key.strip_suffix("index.html").unwrap_or(&key);
                    let Some((article, ids)) = self.articles.get(key) else {
                        continue;
                    };
                    if let Some(finding) = held_back(article, from).filter(|_| self.held_back) {
                        out.push(report(finding.0, finding.1, "broken-link"));
                        continue;
                    }
                    if !fragment.is_empty()
                        && !ids.contains(fragment)
                        && !self.template_ids.contains(fragment)
                    {
                        out.push(report(
                            format!("broken anchor: {} has no heading or element with the id `{fragment}`", article.url),
                            anchor_help(fragment, ids),
                            "broken-anchor",
                        ));
                    }
                }
            }
        }
    }

    fn index_sources(&self) -> impl Iterator<Item = &str> {
        self.articles
            .values()
            .map(|(a, _)| a.source.to_str().unwrap_or(""))
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

fn anchor_help(fragment: &str, ids: &HashSet<String>) -> String {
    match did_you_mean(fragment, ids.iter().map(String::as_str)) {
        Some(m) => format!("did you mean `#{m}`?"),
        None => "anchors are made from heading text (## Why it matters -> #why-it-matters); give a heading a fixed id with `## Heading {#my-id}`".into(),
    }
}
