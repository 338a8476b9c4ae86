//! Part of the render stage: corrections as templates see them. An
//! article's record ([`ArticleCorrections`]: the latest entry for the notice
//! at the top, the whole log, whether it is retracted) is made here, once,
//! for every output that shows it (the article page, and the PDF edition's
//! cover); so is a translation's notice that its original changed since
//! ([`StaleTranslation`]). The edition's `/corrections/` page and its Atom
//! feed are `corrections_pages.rs`'s. The words and markup are the theme's
//! (`corrections.html`, `corrections.xml`, the `correction_*` words).

use serde::Serialize;

use super::Renderer;
use crate::content::{Article, Correction, corrections::stale_since};
use crate::edition::Editions;
use crate::markdown::render_inline;
use crate::scheme;

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

pub(super) fn value(
    a: &Article,
    c: &Correction,
    months: &[String],
    words: &Renderer,
) -> CorrectionValue {
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
