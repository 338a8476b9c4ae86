//! Part of the render stage: the pages and files added for citing and
//! finding the site's work: the "Cite this" block, related reading and
//! structured data of an article page, its reference files (`cite.bib`,
//! `cite.ris`, `cite.json`), the index of series and the search page.

use serde::Serialize;
use tera::Context;

use super::context::{ArticleRef, CiteBlock, CiteFile};
use super::jsonld;
use super::pages::Pages;
use crate::cite::{self, Reference};
use crate::diagnostics::Diagnostic;
use crate::routes::{CiteFormat, Route};
use crate::scheme;

/// A feed that follows one page (`page_feed` in docs/templates.md): its
/// `<link rel="alternate">` goes in the page's head.
#[derive(Serialize)]
pub(super) struct PageFeed {
    pub title: String,
    pub url: String,
}

impl Pages<'_> {
    /// The reference of article `i`.
    fn reference(&self, i: usize) -> Reference {
        let a = &self.r.site.articles[i];
        let summary = self
            .r
            .html
            .articles
            .get(i)
            .map(|h| crate::escape::strip_tags(&h.summary_html))
            .unwrap_or_default();
        cite::reference(&self.r.config, &self.r.site, a, &summary)
    }

    /// The "Cite this" block of article `i`, whose summary is `summary`.
    pub(super) fn cite_block(&self, i: usize, summary: &str) -> CiteBlock {
        let a = &self.r.site.articles[i];
        let reference = cite::reference(&self.r.config, &self.r.site, a, summary);
        let item = serde_json::from_value(reference.csl_json());
        let styles = match item {
            Ok(item) => self.renderer.citations.render(&item, &reference.language),
            Err(_) => Vec::new(),
        };
        let file = |format: CiteFormat, label: &'static str| CiteFile {
            url: scheme::cite_file(&a.url, format.extension()),
            label,
            format: format.extension(),
        };
        CiteBlock {
            styles,
            files: vec![
                file(CiteFormat::Bibtex, "BibTeX"),
                file(CiteFormat::Ris, "RIS"),
                file(CiteFormat::CslJson, "CSL-JSON"),
            ],
        }
    }

    /// Article `i`'s related reading.
    pub(super) fn related(&self, i: usize) -> Vec<ArticleRef<'_>> {
        self.r
            .related
            .get(i)
            .map(|js| js.iter().map(|&j| self.cards.mention(j)).collect())
            .unwrap_or_default()
    }

    /// The JSON-LD of article `i`, ready for its `<script>`.
    pub(super) fn article_jsonld(&self, i: usize, summary: &str) -> String {
        let (config, site) = (&self.r.config, &self.r.site);
        let a = &site.articles[i];
        let tags: Vec<&str> = a
            .tags
            .iter()
            .filter_map(|t| site.tags.get(t).map(|t| t.name.as_str()))
            .collect();
        let series = a.series.as_ref().and_then(|slug| {
            let s = site.series.get(slug)?;
            Some((
                s.title.as_str(),
                scheme::absolute(config.base_url(), &s.url),
            ))
        });
        let facts = jsonld::ArticleFacts {
            summary,
            language: a.lang.as_deref().unwrap_or(&config.edition.lang),
            section: &site.sections[a.section].title,
            tags,
            series,
        };
        jsonld::script_safe(&jsonld::article(config, site, a, &facts))
    }

    /// `cite.bib`, `cite.ris` or `cite.json` of article `i`.
    pub(super) fn cite_file(
        &self,
        i: usize,
        format: CiteFormat,
        route: &Route,
    ) -> Result<(), Diagnostic> {
        let r = self.reference(i);
        let text = match format {
            CiteFormat::Bibtex => cite::bibtex::write(&r),
            CiteFormat::Ris => cite::ris::write(&r),
            CiteFormat::CslJson => r.csl_json_file(),
        };
        self.write_file(&route.file, text.into_bytes())
    }

    /// `/series/`: every series with its description and number of parts.
    pub(super) fn series_index(&self) -> Result<(), Diagnostic> {
        #[derive(Serialize)]
        struct SeriesEntry<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            description: Option<&'a str>,
            count: usize,
            /// As `series.lang` of a series page.
            lang: Option<&'a str>,
        }
        let lists = &self.r.routes.lists;
        let mut series: Vec<SeriesEntry> = self
            .r
            .site
            .series
            .values()
            .filter(|s| !lists.series_parts(&s.slug).is_empty())
            .map(|s| SeriesEntry {
                title: &s.title,
                slug: &s.slug,
                url: &s.url,
                description: s.description.as_deref(),
                count: lists.series_parts(&s.slug).len(),
                lang: s.fallback_lang.as_deref(),
            })
            .collect();
        series.sort_by_cached_key(|s| s.title.to_lowercase());
        let mut ctx = Context::new();
        ctx.insert("series_list", &series);
        let title = self.t("series_index");
        let url = scheme::series_index(&self.r.site.root);
        self.page("series_index.html", &url, None, ctx, title)
    }

    /// `/search/`: the search box and the results, filled in the browser
    /// from the index the search step writes.
    pub(super) fn search_page(&self) -> Result<(), Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("search_index", &scheme::search_index(&self.r.site.root));
        let title = self.t("search");
        let url = scheme::search(&self.r.site.root);
        self.page("search.html", &url, None, ctx, title)
    }

    /// The feed that follows the list at `list_url`, titled `title`.
    pub(super) fn page_feed(&self, title: &str, list_url: &str) -> PageFeed {
        PageFeed {
            title: format!("{title} | {}", self.r.config.title),
            url: scheme::feed(list_url),
        }
    }
}
