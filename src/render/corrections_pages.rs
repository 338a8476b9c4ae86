//! Part of the render stage: the edition's `/corrections/` page and its
//! Atom feed, every correction of its published articles, newest first,
//! each entry made as the article's own log makes it ([`super::corrections`]).

use serde::Serialize;
use tera::Context;

use super::corrections::{CorrectionValue, value};
use super::machine::xml_text;
use super::pages::Pages;
use crate::content::Correction;
use crate::diagnostics::Diagnostic;
use crate::routes::Route;
use crate::scheme;

/// The template that makes the feed of corrections (the site's other feeds
/// are made by `atom.xml`, whose entries are articles).
const FEED_TEMPLATE: &str = "corrections.xml";

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
