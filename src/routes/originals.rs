//! Part of the route table: the original of a translation. An article of
//! another edition (`x.ur.md`) translates the default edition's article
//! from the same file name (`x.md`); a notice on the translation, and a
//! lint, say when the original changed after it (see
//! [`crate::content::corrections::stale_since`]).

use super::{Editions, RouteKind};
use crate::content::Article;

/// A translation's original and the language it is written in.
pub struct Original<'a> {
    pub article: &'a Article,
    pub lang: &'a str,
}

impl<'a> Editions<'a> {
    /// The original of article `i` of edition `edition`; None in the
    /// default edition, or for an article that has no original there.
    pub fn original(&self, edition: usize, i: usize) -> Option<Original<'a>> {
        if edition == 0 {
            return None;
        }
        let a = self.list.get(edition)?.site.articles.get(i)?;
        let url = self.translations(edition, &a.url)?.first()?.as_ref()?;
        let default = self.list.first()?;
        let RouteKind::Article(j) = default.routes.find(url)?.kind else {
            return None;
        };
        Some(Original {
            article: default.site.articles.get(j)?,
            lang: &default.edition.lang,
        })
    }
}
