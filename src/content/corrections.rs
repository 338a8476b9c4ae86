//! Part of the content stage: an article's `corrections:`, the public
//! record of what was corrected after publication. Each entry is read into
//! a [`Correction`] (its date, kind and inline-markdown text) or an error
//! at its place; the list is kept oldest first, so that an entry's number
//! (and its anchor, `#correction-2`, linked from `/corrections/` and the
//! feeds) stays the same when later entries are added.

use serde_saphyr::Spanned;

use super::Article;
use super::date::PubDate;
use super::fields::Fields;
use super::frontmatter;
use crate::config::SiteZone;
use crate::diagnostics::did_you_mean;

/// What kind of change an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectionKind {
    /// A fact, figure or name was wrong and is now right.
    Correction,
    /// Nothing was wrong, but a passage could be misread.
    Clarification,
    /// Something happened since that the article now reflects.
    Update,
    /// The work no longer stands; its text stays, marked.
    Retraction,
}

impl CorrectionKind {
    pub const NAMES: &'static str = "correction, clarification, update, retraction";

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "correction" => Self::Correction,
            "clarification" => Self::Clarification,
            "update" => Self::Update,
            "retraction" => Self::Retraction,
            _ => return None,
        })
    }

    /// The name as written in front matter, and the key of the theme's
    /// word for it (`t.correction_kind_<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correction => "correction",
            Self::Clarification => "clarification",
            Self::Update => "update",
            Self::Retraction => "retraction",
        }
    }
}

/// One entry of an article's public record of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub date: PubDate,
    pub kind: CorrectionKind,
    /// Inline markdown (links, emphasis); raw HTML is shown as text.
    pub text: String,
    /// From 1, oldest first: the entry's anchor on the article page.
    pub number: usize,
}

impl Article {
    /// The date of the article's last change: the latest of its date, its
    /// `updated` and its corrections. Feeds' `updated`, the sitemap's
    /// `lastmod` and JSON-LD's `dateModified` all say this.
    pub fn last_modified(&self) -> PubDate {
        let mut latest = self.updated.unwrap_or(self.date).max(self.date);
        if let Some(c) = self.corrections.last() {
            latest = latest.max(c.date);
        }
        latest
    }

    /// The newest entry of its corrections, shown at the top of its page.
    pub fn latest_correction(&self) -> Option<&Correction> {
        self.corrections.last()
    }

    /// Whether the article has been retracted (it stays published, marked).
    pub fn retracted(&self) -> bool {
        self.corrections
            .iter()
            .any(|c| c.kind == CorrectionKind::Retraction)
    }
}

/// Where an entry's date is written, for errors about the entry.
struct Place {
    line: usize,
    column: usize,
    width: usize,
}

impl Fields<'_> {
    /// `corrections:` read and checked against the article's `date`
    /// (`published`, when it could be read): oldest first.
    pub(super) fn corrections(
        &mut self,
        entries: Vec<Spanned<frontmatter::CorrectionHeader>>,
        published: Option<PubDate>,
        zone: &SiteZone,
    ) -> Vec<Correction> {
        let mut read: Vec<(Correction, Place)> = entries
            .into_iter()
            .filter_map(|e| self.correction(e, published, zone))
            .collect();
        // Oldest first; entries of one day in the order they are written.
        read.sort_by_key(|(c, _)| c.date);
        self.retraction_last(&read);
        read.into_iter()
            .enumerate()
            .map(|(i, (mut c, _))| {
                c.number = i + 1;
                c
            })
            .collect()
    }

    /// One entry, with the place of its date; None (and its errors
    /// recorded) when it cannot stand.
    fn correction(
        &mut self,
        entry: Spanned<frontmatter::CorrectionHeader>,
        published: Option<PubDate>,
        zone: &SiteZone,
    ) -> Option<(Correction, Place)> {
        let at = frontmatter::position(entry, self.split);
        let (h, line, column) = (at.value, at.line, at.column);
        let Some(date) = h.date else {
            self.push_at(
                "this correction has no `date`",
                line,
                column,
                1,
                "add `date: 2025-11-05` to the entry: the day the correction was made",
            );
            return None;
        };
        let date_at = frontmatter::position(date.clone(), self.split);
        let place = Place {
            line: date_at.line,
            column: date_at.column,
            width: date_at.value.chars().count(),
        };
        let date = self.date(date, zone);
        let kind = match h.kind {
            None => Some(CorrectionKind::Correction),
            Some(k) => self.correction_kind(k),
        };
        let text = h.text.map(|t| t.value.trim().to_string());
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            self.push_at(
                "this correction has no `text`",
                line,
                column,
                1,
                "add `text: \"…\"` to the entry: what was wrong and what the article now says",
            );
            return None;
        };
        let (date, kind) = (date?, kind?);
        if let Some(published) = published
            && date.day() < published.day()
        {
            self.push_at(
                format!(
                    "this correction is dated {}, before the article was published ({})",
                    date.iso(),
                    published.iso()
                ),
                place.line,
                place.column,
                place.width,
                "a correction is made after publication: check the year and month, or the article's `date`",
            );
            return None;
        }
        let c = Correction {
            date,
            kind,
            text,
            number: 0,
        };
        Some((c, place))
    }

    /// A retraction is final: an entry dated after it is an error at the
    /// retraction (the notice at the top shows the latest entry).
    fn retraction_last(&mut self, read: &[(Correction, Place)]) {
        let last = read.len();
        for (i, (c, at)) in read.iter().enumerate() {
            if c.kind == CorrectionKind::Retraction && i + 1 != last {
                self.push_at(
                    "a retraction must be the latest entry of `corrections:`",
                    at.line,
                    at.column,
                    at.width,
                    "a retracted article is not corrected further: the notice at the top of the page shows the latest entry, which must be the retraction; date the retraction last, or remove the entries after it",
                );
            }
        }
    }

    fn correction_kind(&mut self, k: Spanned<String>) -> Option<CorrectionKind> {
        let p = frontmatter::position(k, self.split);
        let kind = CorrectionKind::parse(&p.value);
        if kind.is_none() {
            let names = CorrectionKind::NAMES.split(", ");
            let help = match did_you_mean(p.value.trim(), names) {
                Some(m) => format!("did you mean `{m}`? Kinds: {}", CorrectionKind::NAMES),
                None => format!("kinds: {}", CorrectionKind::NAMES),
            };
            self.push_at(
                format!("`{}` is not a kind of correction", p.value),
                p.line,
                p.column,
                p.value.chars().count().max(1),
                help,
            );
        }
        kind
    }
}

/// When `translation` fell behind `original`: the date of the original's
/// latest `updated` or correction, when it is later than every date of the
/// translation (its `date`, `updated` and corrections); None while the
/// translation is as new as its original.
pub fn stale_since(original: &Article, translation: &Article) -> Option<PubDate> {
    let changed = original
        .corrections
        .last()
        .map(|c| c.date)
        .into_iter()
        .chain(original.updated)
        .max()?;
    (changed > translation.last_modified()).then_some(changed)
}
