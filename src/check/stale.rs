//! Part of the check step: `stale-translation`, a translation whose
//! original was corrected or updated after the translation's own latest
//! date. Its page shows a notice (see `render/corrections.rs`); the check
//! says so to the editors, at the translation's date, so that someone
//! brings the translation up to date.

use crate::content::corrections::stale_since;
use crate::diagnostics::Diagnostic;
use crate::edition::View;

/// One finding per article of the viewed edition whose original changed
/// after it.
pub fn stale_translations(v: &View<'_>, out: &mut Vec<Diagnostic>) {
    for (i, a) in v.site.articles.iter().enumerate() {
        let Some(original) = v.editions.original(v.edition, i) else {
            continue;
        };
        let Some(changed) = stale_since(original.article, a) else {
            continue;
        };
        // Point at the key that gives the translation its latest date.
        let own = a.last_modified();
        let key = if a.corrections.last().is_some_and(|c| c.date == own) {
            "corrections"
        } else if a.updated == Some(own) {
            "updated"
        } else {
            "date"
        };
        out.push(
            a.header
                .point(
                    key,
                    Diagnostic::warning(
                        &a.source,
                        format!(
                            "this translation is older than its original: {} was corrected or updated on {}, after this translation's last date ({})",
                            original.article.source.display(),
                            changed.iso(),
                            own.iso()
                        ),
                    ),
                )
                .code("stale-translation")
                .help(format!(
                    "bring the translation up to date with {}, then add `updated: {}` (or later) to this file's front matter; its page tells readers meanwhile",
                    original.article.source.display(),
                    changed.day()
                )),
        );
    }
}
