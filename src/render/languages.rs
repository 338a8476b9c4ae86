//! Part of the render stage: what a page says about its other languages.
//! The language switcher (`languages`: every edition, linking to this
//! page's translation or, where there is none, to that edition's home) and
//! the `hreflang` alternates search engines read (`alternates`: the page
//! itself and each translation, absolute, with `x-default` for the default
//! language's version). A site in one language has neither.

use serde::Serialize;

use crate::config::direction;
use crate::edition::View;
use crate::scheme;

/// One entry of the language switcher (`languages` in docs/templates.md).
#[derive(Serialize)]
pub(super) struct LanguageLink<'a> {
    /// The language code (`ur`), for `hreflang` and `lang`.
    lang: &'a str,
    /// The language's name for itself (`اردو`).
    name: &'a str,
    dir: &'static str,
    url: &'a str,
    /// This page's own language.
    current: bool,
    /// `url` is this page in that language, not that edition's home.
    translated: bool,
}

/// One `<link rel="alternate" hreflang>` (`alternates`).
#[derive(Serialize)]
pub(super) struct Alternate {
    hreflang: String,
    /// Absolute.
    url: String,
}

/// The language switcher for the page at `url`.
pub(super) fn languages<'a>(r: &'a View<'a>, url: &'a str) -> Vec<LanguageLink<'a>> {
    let list = &r.editions.list;
    if list.len() < 2 {
        return Vec::new();
    }
    let translations = r.editions.translations(r.edition, url);
    list.iter()
        .enumerate()
        .map(|(e, other)| {
            let edition = &other.config.edition;
            let found = match translations {
                Some(urls) => urls[e].as_deref(),
                None if e == r.edition => Some(url),
                None => None,
            };
            LanguageLink {
                lang: &edition.lang,
                name: &edition.name,
                dir: direction(&edition.lang),
                url: found.unwrap_or(&edition.root),
                current: e == r.edition,
                translated: found.is_some(),
            }
        })
        .collect()
}

/// The alternates of the page at `url` of edition `edition`: empty when it
/// has no translation.
pub(super) fn alternates(r: &View<'_>, edition: usize, url: &str) -> Vec<Alternate> {
    let Some(urls) = r.editions.translations(edition, url) else {
        return Vec::new();
    };
    let base = r.config.base_url();
    let mut out: Vec<Alternate> = r
        .editions
        .list
        .iter()
        .zip(urls)
        .filter_map(|(e, url)| {
            Some(Alternate {
                hreflang: e.config.edition.lang.clone(),
                url: scheme::absolute(base, url.as_deref()?),
            })
        })
        .collect();
    if let Some(default) = urls.first().and_then(Option::as_deref) {
        out.push(Alternate {
            hreflang: "x-default".into(),
            url: scheme::absolute(base, default),
        });
    }
    out
}
