//! The content step: walk `content/`, read every front-matter header
//! and resolve references (authors, disclaimers, series, URLs) into a
//! [`Site`]: plain data that the markdown and render stages read.

mod article;
pub mod corrections;
pub mod date;
pub mod extra;
mod fields;
pub mod frontmatter;
mod gather;
mod headers;
pub mod identifiers;
pub mod key_names;
mod keys;
mod load;
mod names;
mod page;
mod pdf;
mod shape;
mod site_files;
pub mod slug;
mod urls;
mod walk;
mod yaml_words;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use crate::publication::ArticleType;
pub use corrections::{Correction, CorrectionKind};
pub use date::PubDate;
pub use extra::Shown;
pub use frontmatter::LinkEntry;
pub use keys::HeaderKeys;
pub use load::{Cache, Changes, load, load_with};
pub use names::title_from_name;
pub use pdf::{PdfSetting, PdfSettingText};
#[cfg(test)]
pub(crate) use shape::sample as shape_sample;
pub use urls::alias_path;
pub use walk::is_ignored_name;

// The folders of a site, here rather than in load.rs because every part of
// the stage names them.
pub const CONTENT_DIR: &str = "content";
/// Files copied as they are to the root of the site.
pub const STATIC_DIR: &str = "static";
const AUTHORS_DIR: &str = "authors";
const SERIES_DIR: &str = "series";

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub drafts: bool,
    pub future: bool,
    /// "Now", for deciding what is scheduled; fixed by the caller so a build is reproducible.
    pub now: DateTime<Utc>,
}

/// Everything `content/` says, validated and cross-referenced.
#[derive(Debug, Default, Clone)]
pub struct Site {
    /// Where this edition of the site is published: `/`, or `/<code>/`
    /// for a language other than the site's own ([`crate::config::Edition`]).
    pub root: String,
    /// The home page text (`content/_index.md`), when there is one.
    pub home: Option<PageText>,
    /// Every section, parents before children. The key of an article's
    /// section is its position here.
    pub sections: Vec<Section>,
    /// Published articles, newest first; shared, so that a preview keeps an
    /// unchanged article from one build to the next.
    pub articles: Vec<Arc<Article>>,
    /// Standalone pages (About, Team), parents before children.
    pub pages: Vec<Arc<Page>>,
    pub authors: BTreeMap<String, AuthorProfile>,
    pub tags: BTreeMap<String, Tag>,
    pub series: BTreeMap<String, Series>,
    /// Files that are not markdown (bundle attachments, images in sections),
    /// copied to the output as they are.
    pub assets: Vec<Asset>,
    /// The files of `static/`, copied to the output root as they are.
    pub statics: Vec<Asset>,
    /// Future-dated articles left out of this build.
    pub scheduled: Vec<(PathBuf, PubDate)>,
    /// Drafts left out of this build.
    pub drafts_skipped: usize,
}

/// Markdown text with the file line it starts on (for positions in errors).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: String,
    pub body_line: usize,
    pub source: PathBuf,
}

/// A folder of `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Path of the folder relative to `content/`, with `/` separators ("analysis/economy").
    pub key: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub text: PageText,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub disclaimer: Option<DisclaimerSource>,
    pub kind: Option<ArticleType>,
    /// `scholar:`: Google Scholar tags on or off for its articles.
    pub scholar: Option<bool>,
    /// `pdf:`: a PDF edition for its articles, whatever their type.
    pub pdf: Option<PdfSetting>,
    pub parent: Option<usize>,
    /// The default language's code when this edition shows the default
    /// language's text for want of a translation (another edition without
    /// ``_index.<code>.md``); None when the text is in the edition's own language. Pages
    /// mark such text with its language, so that it is read, and laid out,
    /// as what it is.
    pub fallback_lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortBy {
    Date,
    Title,
    Weight,
}

/// A disclaimer setting as written, before the cascade is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisclaimerSource {
    None,
    Markdown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Relative to the site root, for messages.
    pub source: PathBuf,
    /// What its translations share: its path under `content/` without the
    /// language suffix (`commentary/x.md` for `commentary/x.ur.md`).
    pub translation: String,
    pub section: usize,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: PubDate,
    pub updated: Option<PubDate>,
    pub authors: Vec<Byline>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub series: Option<String>,
    /// After the site -> section -> article cascade: markdown, or none.
    pub disclaimer: Option<String>,
    pub author_note: Option<String>,
    pub toc: bool,
    pub draft: bool,
    pub scheduled: bool,
    pub aliases: Vec<String>,
    pub weight: i64,
    pub kind: ArticleType,
    pub report_number: Option<String>,
    pub pdf: Option<String>,
    /// folio typesets `pdf` itself (the PDF edition, made by a later step).
    pub pdf_typeset: bool,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub doi: Option<String>,
    pub lang: Option<String>,
    /// Whether the page carries Google Scholar's `citation_*` tags: the
    /// article's `scholar:`, else its section's, else by type (on for
    /// reports, briefs, working papers and analysis; off for commentary
    /// and events, which Scholar does not take as scholarly work).
    pub scholar: bool,
    /// The markdown after the header; shared, not copied, between the
    /// stages and the builds of a preview.
    pub body: SharedText,
    pub body_line: usize,
    /// Where each key of the header is written.
    pub header: HeaderKeys,
    /// `check:` in the front matter: lint settings for this article alone.
    pub lints: Vec<LintSetting>,
    /// `scheduled: true`: the future `date` is intended.
    pub marked_scheduled: bool,
    /// The header's keys templates see as written: `extra` and the keys
    /// folio only shows ([`extra`]).
    pub shown: Shown,
    /// `corrections:`, oldest first (see [`corrections`]).
    pub corrections: Vec<Correction>,
}

/// The end of a file's text from some offset on (an article's body after
/// its header), sharing the text as read rather than copying it.
#[derive(Clone)]
pub struct SharedText {
    file: Arc<str>,
    start: usize,
}

impl SharedText {
    /// The text of `file` from byte `start` (a char boundary) on.
    pub fn new(file: &Arc<str>, start: usize) -> SharedText {
        let start = if file.is_char_boundary(start) {
            start
        } else {
            0
        };
        SharedText {
            file: file.clone(),
            start,
        }
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.file[self.start..]
    }
}

impl Eq for SharedText {}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.file, &other.file) && self.start == other.start) || **self == **other
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> SharedText {
        SharedText {
            file: Arc::from(s),
            start: 0,
        }
    }
}

/// A standalone page: title and body, no date or byline; in the sitemap,
/// never in feeds or lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative to the site root, for messages.
    pub source: PathBuf,
    /// What its translations share (see [`Article::translation`]).
    pub translation: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    /// The name it has in the site's menu, when it is there.
    pub menu: Option<String>,
    /// Its place in the menu: lower first.
    pub weight: i64,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub lang: Option<String>,
    pub body: SharedText,
    pub body_line: usize,
    pub header: HeaderKeys,
}

/// One `code: level` of an article's `check:` setting, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintSetting {
    pub code: String,
    pub level: crate::config::LintLevel,
    pub line: usize,
    pub column: usize,
    /// The line it is written on.
    pub text: String,
}

/// One name of a byline.
// An article has a few bylines, each read once: boxing the inline person
// (larger since profiles carry a ROR id) would only add noise where they
// are made and matched.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Byline {
    /// A slug of `content/authors/`.
    Profile(String),
    /// Written in the article itself; it has no author page.
    Inline(Person),
}

/// What is known about a person or organisation that writes for the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    /// The ORCID iD, bare (`0000-0002-1825-0097`) and checked.
    pub orcid: Option<String>,
    /// The affiliation's ROR id, bare (`03yrm5c26`) and checked.
    pub ror: Option<String>,
    pub photo: Option<String>,
    pub links: Vec<LinkEntry>,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub organization: bool,
}

impl Person {
    /// The family name for sorting and citations: as given, else the last
    /// word of the name; an organisation's whole name.
    pub fn family(&self) -> &str {
        if self.organization {
            return &self.name;
        }
        self.family_name
            .as_deref()
            .unwrap_or_else(|| self.name.rsplit(' ').next().unwrap_or(&self.name))
    }

    /// The given names, when the person is not an organisation.
    pub fn given(&self) -> Option<&str> {
        if self.organization {
            return None;
        }
        if let Some(g) = &self.given_name {
            return Some(g);
        }
        let family = self.family();
        let rest = self.name.strip_suffix(family)?.trim();
        (!rest.is_empty()).then_some(rest)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthorProfile {
    pub slug: String,
    pub url: String,
    pub person: Person,
    pub bio: PageText,
    /// Where each key of the profile's header is written.
    pub header: HeaderKeys,
    /// The default language's code when this edition shows the default
    /// language's text for want of a translation (another edition without
    /// ``<slug>.<code>.md``); None when the text is in the edition's own language. Pages
    /// mark such text with its language, so that it is read, and laid out,
    /// as what it is.
    pub fallback_lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// The default language's code when this edition shows the default
    /// language's text for want of a translation (another edition without
    /// ``series/<slug>.<code>.md``); None when the text is in the edition's own language. Pages
    /// mark such text with its language, so that it is read, and laid out,
    /// as what it is.
    pub fallback_lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute path of the file to copy.
    pub from: PathBuf,
    /// The URL it is published at (see [`crate::scheme`]).
    pub url: String,
}

impl Site {
    /// The article's own `author_note`, else the notes of its authors, one
    /// paragraph each, in byline order.
    pub fn author_note(&self, a: &Article) -> Option<String> {
        if let Some(note) = &a.author_note {
            return Some(note.clone());
        }
        let notes: Vec<&str> = a
            .authors
            .iter()
            .filter_map(|b| match b {
                Byline::Profile(slug) => self.authors.get(slug)?.person.note.as_deref(),
                Byline::Inline(p) => p.note.as_deref(),
            })
            .collect();
        (!notes.is_empty()).then(|| notes.join("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_name_falls_back_to_last_word_but_not_for_organisations() {
        let p = Person {
            name: "Anum Malik".into(),
            ..Person::default()
        };
        assert_eq!((p.family(), p.given()), ("Malik", Some("Anum")));
        let o = Person {
            name: "CDS Research Team".into(),
            organization: true,
            ..Person::default()
        };
        assert_eq!((o.family(), o.given()), ("CDS Research Team", None));
        let k = Person {
            name: "Ayesha Siddiqa Khan".into(),
            family_name: Some("Siddiqa Khan".into()),
            ..Person::default()
        };
        assert_eq!((k.family(), k.given()), ("Siddiqa Khan", Some("Ayesha")));
    }

    #[test]
    fn folder_names_imply_types() {
        assert_eq!(
            ArticleType::from_folder("policy-briefs"),
            Some(ArticleType::Brief)
        );
        assert_eq!(ArticleType::from_folder("events"), Some(ArticleType::Event));
        assert_eq!(
            ArticleType::from_folder("analysis"),
            Some(ArticleType::Analysis)
        );
        assert_eq!(
            ArticleType::from_folder("regional-analysis"),
            Some(ArticleType::Analysis)
        );
        assert_eq!(
            ArticleType::from_folder("working-papers"),
            Some(ArticleType::WorkingPaper)
        );
        assert_eq!(ArticleType::from_folder("news"), None);
    }
}
