//! Part of the render stage: corrections as templates see them. An
//! article's record ([`ArticleCorrections`]: the latest entry for the notice
//! at the top, the whole log, whether it is retracted) is made here, once,
//! for every output that shows it (the article page, and the PDF edition's
//! cover); so is a translation's notice that its original changed since
//! ([`StaleTranslation`]), the edition's `/corrections/` page and its Atom
//! feed. The words and markup are the theme's (`corrections.html`,
//! `corrections.xml`, the `correction_*` words).

use serde::Serialize;
use tera::Context;

use super::Renderer;
use super::machine::xml_text;
use super::pages::Pages;
use crate::content::{Article, Correction, corrections::stale_since};
use crate::diagnostics::Diagnostic;
use crate::edition::Editions;
use crate::markdown::render_inline;
use crate::routes::Route;
use crate::scheme;

/// The template that makes the feed of corrections (the site's other feeds
/// are made by `atom.xml`, whose entries are articles).
const FEED_TEMPLATE: &str = "corrections.xml";

/// One entry of an article's corrections (`article.corrections.log`).
#[derive(Serialize, Clone)]
pub struct CorrectionValue {
    /// From 1, oldest first.
    pub number: usize,
    /// The entry's id on the article page (`correction-2`).
    pub id: String,
    /// Its address on the article page (`/x/y/#correction-2`).
    pub url: String,
    /// `correction`, `clarification`, `update` or `retraction`.
    pub kind: &'static str,
    /// The theme's word for the kind (`t.correction_kind_<kind>`).
    pub label: String,
    pub date: String,
    pub date_display: String,
    pub text_html: String,
}

/// An article's record of corrections (`article.corrections`).
#[derive(Serialize)]
pub struct ArticleCorrections {
    /// The newest entry: the notice at the top of the page.
    pub latest: CorrectionValue,
    /// Every entry, oldest first (numbers and anchors stay put as entries
    /// are added; the newest is at the top already).
    pub log: Vec<CorrectionValue>,
    pub retracted: bool,
    /// The id of the log on the article page, for the notice's link.
    pub log_id: &'static str,
}

/// A translation whose original changed after it (`article.stale_translation`).
#[derive(Serialize)]
pub struct StaleTranslation {
    pub original_url: String,
    pub original_title: String,
    /// The original's language, to mark its title.
    pub original_lang: String,
    /// The date of the original's latest change.
    pub changed: String,
    pub changed_display: String,
}

fn value(a: &Article, c: &Correction, months: &[String], words: &Renderer) -> CorrectionValue {
    let kind = c.kind.as_str();
    CorrectionValue {
        number: c.number,
        id: format!("correction-{}", c.number),
        url: scheme::correction(&a.url, c.number),
        kind,
        label: words.word(&format!("correction_kind_{kind}"), kind),
        date: c.date.iso(),
        date_display: c.date.display(months),
        text_html: render_inline(&c.text),
    }
}

/// The record of article `a`; None when it has no corrections. The one
/// place an output asks for it.
pub fn of_article(a: &Article, renderer: &Renderer) -> Option<ArticleCorrections> {
    let months = renderer.months();
    let log: Vec<CorrectionValue> = a
        .corrections
        .iter()
        .map(|c| value(a, c, &months, renderer))
        .collect();
    Some(ArticleCorrections {
        latest: log.last()?.clone(),
        retracted: a.retracted(),
        log,
        log_id: "corrections",
    })
}

/// The notice of article `i` of `edition` when its original changed after
/// it was translated.
pub fn stale_translation(
    editions: &Editions,
    edition: usize,
    i: usize,
    renderer: &Renderer,
) -> Option<StaleTranslation> {
    let original = editions.original(edition, i)?;
    let a = editions.list.get(edition)?.site.articles.get(i)?;
    let changed = stale_since(original.article, a)?;
    Some(StaleTranslation {
        original_url: original.article.url.clone(),
        original_title: original.article.title.clone(),
        original_lang: original.lang.to_string(),
        changed: changed.iso(),
        changed_display: changed.display(&renderer.months()),
    })
}

/// An entry of `/corrections/` and its feed: the correction and its article.
#[derive(Serialize)]
struct SiteCorrection<'a> {
    #[serde(flatten)]
    correction: CorrectionValue,
    title: String,
    article_url: &'a str,
    retracted: bool,
    /// As RFC 3339, for the feed.
    updated: String,
}

/// A correction's HTML as shown away from its article (`/corrections/`,
/// the feed): an address relative to the article (`data.csv`) made
/// site-relative (`/analysis/x/data.csv`), so that it leads where it did.
fn away_from(html: &str, article_url: &str) -> String {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let resolve = |v: &str| {
        let relative =
            !(v.is_empty() || v.starts_with(['/', '#', '?']) || crate::safe_url::has_scheme(v));
        relative.then(|| scheme::file_below(article_url, v))
    };
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .append_element_content_handler(element!("[href]", |el| {
            if let Some(to) = el.get_attribute("href").as_deref().and_then(resolve) {
                el.set_attribute("href", &to)?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[src]", |el| {
            if let Some(to) = el.get_attribute("src").as_deref().and_then(resolve) {
                el.set_attribute("src", &to)?;
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

impl Pages<'_> {
    /// Every correction of this edition's published articles, newest first.
    fn site_corrections(&self) -> Vec<SiteCorrection<'_>> {
        let site = &self.r.site;
        let months = self.renderer.months();
        let mut all: Vec<(&Correction, SiteCorrection<'_>)> = self
            .r
            .routes
            .lists
            .published
            .iter()
            .map(|&i| &site.articles[i])
            .filter(|a| !a.draft)
            .flat_map(|a| {
                let months = &months;
                a.corrections.iter().map(move |c| {
                    let mut correction = value(a, c, months, self.renderer);
                    correction.text_html = away_from(&correction.text_html, &a.url);
                    let entry = SiteCorrection {
                        correction,
                        title: a.title.clone(),
                        article_url: &a.url,
                        retracted: a.retracted(),
                        updated: c.date.rfc3339(),
                    };
                    (c, entry)
                })
            })
            .collect();
        all.sort_by_key(|x| std::cmp::Reverse(x.0.date));
        all.into_iter().map(|(_, e)| e).collect()
    }

    /// `/corrections/`: the edition's log of corrections.
    pub(super) fn corrections_page(&self, url: &str) -> Result<(), Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("corrections", &self.site_corrections());
        let feed = super::site_pages::PageFeed {
            title: format!("{} | {}", self.t("corrections"), self.r.config.title),
            url: scheme::feed(url),
        };
        ctx.insert("page_feed", &feed);
        let title = self.t("corrections");
        self.page("corrections.html", url, None, ctx, title)
    }

    /// `/corrections/atom.xml`: one entry per correction, newest first.
    pub(super) fn corrections_feed(&self, route: &Route) -> Result<(), Diagnostic> {
        #[derive(Serialize)]
        struct FeedValues<'a> {
            title: String,
            language: &'a str,
            url: String,
            page_url: String,
            updated: String,
        }
        let (config, site) = (&self.r.config, &self.r.site);
        let base = config.base_url();
        let mut entries = self.site_corrections();
        entries.truncate(config.feed_entries);
        for e in &mut entries {
            // Feed readers resolve site-relative links against the host.
            let html = super::subpath::under_base_path(
                e.correction.text_html.clone(),
                config.base_path(),
                &route.url,
            )
            .unwrap_or_else(|_| e.correction.text_html.clone());
            e.correction.text_html = xml_text(&html);
            e.title = xml_text(&e.title);
        }
        let page_url = scheme::corrections(&site.root);
        let feed = FeedValues {
            title: format!("{} | {}", self.t("corrections"), config.title),
            language: &config.edition.lang,
            url: format!("{base}{}", route.url),
            page_url: format!("{base}{page_url}"),
            updated: entries.first().map_or_else(
                || "1970-01-01T00:00:00+00:00".to_string(),
                |e| e.updated.clone(),
            ),
        };
        let mut ctx = Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("entries", &entries);
        ctx.insert("base_url", base);
        self.emit(FEED_TEMPLATE, &route.url, &ctx)
    }
}
