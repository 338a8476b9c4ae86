//! Part of the render stage: what a page says about its other languages.
//! The language switcher (`languages`: every edition, linking to this
//! page's translation or, where there is none, to that edition's home) and
//! the `hreflang` alternates search engines read (`alternates`: the page
//! itself and each translation, absolute, with `x-default` for the default
//! language's version). A site in one language has neither.

use serde::Serialize;

use crate::config::direction;
use crate::routes::Editions;
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
pub(super) fn languages<'a>(
    editions: &'a Editions<'a>,
    current: usize,
    url: &'a str,
) -> Vec<LanguageLink<'a>> {
    let list = &editions.list;
    if list.len() < 2 {
        return Vec::new();
    }
    let translations = editions.translations(current, url);
    list.iter()
        .enumerate()
        .map(|(e, other)| {
            let edition = other.edition;
            let found = match translations {
                Some(urls) => urls[e].as_deref(),
                None if e == current => Some(url),
                None => None,
            };
            LanguageLink {
                lang: &edition.lang,
                name: &edition.name,
                dir: direction(&edition.lang),
                url: found.unwrap_or(&edition.root),
                current: e == current,
                translated: found.is_some(),
            }
        })
        .collect()
}

/// The alternates of the page at `url` of edition `edition` of a site
/// published at `base_url`: empty when it has no translation.
pub(super) fn alternates(
    editions: &Editions<'_>,
    base_url: &str,
    edition: usize,
    url: &str,
) -> Vec<Alternate> {
    let Some(urls) = editions.translations(edition, url) else {
        return Vec::new();
    };
    let mut out: Vec<Alternate> = editions
        .list
        .iter()
        .zip(urls)
        .filter_map(|(e, url)| {
            Some(Alternate {
                hreflang: e.edition.lang.clone(),
                url: scheme::absolute(base_url, url.as_deref()?),
            })
        })
        .collect();
    if let Some(default) = urls.first().and_then(Option::as_deref) {
        out.push(Alternate {
            hreflang: "x-default".into(),
            url: scheme::absolute(base_url, default),
        });
    }
    out
}
