//! Part of the render stage: the values templates see. Each struct here is
//! documented for theme authors in `docs/templates.md`; keep the two in step.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::content::{Article, Byline, Person, Shown, Site};
use crate::markdown::{ArticleHtml, TocEntry};
use crate::scheme;

#[derive(Serialize, Clone, PartialEq)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// The language of `title` when it is not the page's: another edition's
    /// text standing in for a missing translation. Templates mark it
    /// (`lang`, and `dir="auto"` to isolate it); null otherwise.
    pub lang: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct SectionNav<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub slug: &'a str,
    /// The language of `title` when it is not the page's: another edition's
    /// text standing in for a missing translation. Templates mark it
    /// (`lang`, and `dir="auto"` to isolate it); null otherwise.
    pub lang: Option<&'a str>,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct TagRef<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
}

/// A name in a byline.
#[derive(Serialize, Clone, PartialEq)]
pub struct AuthorRef<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub affiliation: Option<&'a str>,
    pub role: Option<&'a str>,
    /// The language of `name` when it is not the page's: another edition's
    /// text standing in for a missing translation. Templates mark it
    /// (`lang`, and `dir="auto"` to isolate it); null otherwise.
    pub lang: Option<&'a str>,
}

/// What every mention of an article shows: its title, address, date, type,
/// section and byline. An entry of "Related reading" is this alone; a card
/// and a page show it and more, flattened, so templates read `title` and
/// `authors` at the same place on all three.
#[derive(Serialize, Clone, PartialEq)]
pub struct ArticleRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: String,
    pub date_display: String,
    pub kind: &'static str,
    pub section: Link<'a>,
    pub authors: Vec<AuthorRef<'a>>,
    /// Retracted: every list and mention marks it (see `render/corrections.rs`).
    pub retracted: bool,
}

/// An article in a list. Everything a list shows of an article is here,
/// so that comparing two cards tells whether the lists must be made again.
#[derive(Serialize, Clone, PartialEq)]
pub struct Card<'a> {
    /// The keys the header shows as written (`extra`, and keys folio only
    /// shows); first, so that a value folio makes of the same name wins.
    #[serde(flatten)]
    pub shown: &'a Shown,
    #[serde(flatten)]
    pub mention: ArticleRef<'a>,
    pub subtitle: Option<&'a str>,
    pub summary_html: &'a str,
    pub reading_time: usize,
    pub tags: Vec<TagRef<'a>>,
    pub draft: bool,
    /// Dated in the future (shown only by `serve` and `build --future`).
    pub scheduled: bool,
}

#[derive(Serialize)]
pub struct SeriesRef<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    /// The language of `title` when it is not the page's: another edition's
    /// text standing in for a missing translation. Templates mark it
    /// (`lang`, and `dir="auto"` to isolate it); null otherwise.
    pub lang: Option<&'a str>,

    pub part: usize,
    pub total: usize,
    /// The part before this one and the part after it, when there are.
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
}

#[derive(Serialize)]
pub struct Scholar {
    /// Whether the page carries Google Scholar's `citation_*` tags (by
    /// type, unless the section or the article says otherwise).
    pub enabled: bool,
    pub authors: Vec<String>,
    /// Each author with their institution and ORCID iD, for
    /// `citation_author_institution` and `citation_author_orcid`.
    pub people: Vec<ScholarAuthor>,
    pub publication_date: String,
    pub publisher: String,
}

#[derive(Serialize)]
pub struct ScholarAuthor {
    /// "Family, Given" (an organisation's whole name).
    pub name: String,
    pub institution: Option<String>,
    /// The ORCID iD as a URL.
    pub orcid: Option<String>,
}

/// "Cite this": the reference in each of the site's styles, and the files.
#[derive(Serialize)]
pub struct CiteBlock {
    pub styles: Vec<crate::cite::RenderedStyle>,
    pub files: Vec<CiteFile>,
}

/// A reference file beside the article page.
#[derive(Serialize)]
pub struct CiteFile {
    pub url: String,
    /// "BibTeX", "RIS", "CSL-JSON".
    pub label: &'static str,
    /// The extension: "bib", "ris", "json".
    pub format: &'static str,
}

/// An article's own page: its card and the rest.
#[derive(Serialize)]
pub struct ArticlePage<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    pub permalink: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub author_note_html: Option<&'a str>,
    /// The language of the author note when it is not the page's: made
    /// from profiles that this edition lacks a translation of.
    pub author_note_lang: Option<&'a str>,
    pub disclaimer_html: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub series: Option<SeriesRef<'a>>,
    pub word_count: usize,
    pub pdf: Option<&'a str>,
    /// The size of the PDF folio typeset ("245 KB"), for the link.
    pub pdf_size: Option<String>,
    pub image: Option<&'a str>,
    pub image_alt: Option<&'a str>,
    pub doi: Option<&'a str>,
    pub lang: Option<&'a str>,
    /// The direction of `lang`, when the article says it.
    pub dir: Option<&'static str>,
    pub report_number: Option<&'a str>,
    pub scholar: Scholar,
    /// Set by the page renderer: "Cite this" and related reading.
    pub cite: Option<CiteBlock>,
    pub related: Vec<ArticleRef<'a>>,
    /// Set by the page renderer (`render/corrections.rs`): the notice, the
    /// log, a retraction; and a translation's notice that its original
    /// changed since.
    pub corrections: Option<super::corrections::ArticleCorrections>,
    pub stale_translation: Option<super::corrections::StaleTranslation>,
}

/// Builds the template values of articles; holds what every page shares.
pub struct Cards<'a> {
    pub site: &'a Site,
    pub html: &'a [Arc<ArticleHtml>],
    pub months: Vec<String>,
    /// Each article's card as a template value, made the first time a list
    /// shows it: an article is on several lists (its section, its tags and
    /// authors, the home page), and a value is shared, not copied.
    values: Vec<OnceLock<tera::Value>>,
}

impl<'a> Cards<'a> {
    pub fn new(site: &'a Site, html: &'a [Arc<ArticleHtml>], months: Vec<String>) -> Self {
        Cards {
            site,
            html,
            months,
            values: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The cards of `members` as one template value (a list).
    pub fn list(&self, members: impl Iterator<Item = usize>) -> tera::Value {
        let values: Vec<tera::Value> = members
            .map(|i| {
                self.values[i]
                    .get_or_init(|| tera::Value::from_serializable(&self.card(i)))
                    .clone()
            })
            .collect();
        tera::Value::from(values)
    }

    pub fn authors(&self, a: &'a Article) -> Vec<AuthorRef<'a>> {
        a.authors
            .iter()
            .filter_map(|b| match b {
                Byline::Profile(slug) => {
                    let p = self.site.authors.get(slug)?;
                    Some(person_ref(
                        &p.person,
                        Some(&p.url),
                        p.fallback_lang.as_deref(),
                    ))
                }
                Byline::Inline(person) => Some(person_ref(person, None, None)),
            })
            .collect()
    }

    pub fn tags(&self, a: &'a Article) -> Vec<TagRef<'a>> {
        a.tags
            .iter()
            .filter_map(|slug| self.site.tags.get(slug))
            .map(|t| TagRef {
                name: &t.name,
                slug: &t.slug,
                url: &t.url,
            })
            .collect()
    }

    pub fn section(&self, a: &'a Article) -> Link<'a> {
        let s = &self.site.sections[a.section];
        Link {
            title: &s.title,
            url: &s.url,
            lang: s.fallback_lang.as_deref(),
        }
    }

    /// What every mention of article `i` shows (an entry of "Related
    /// reading" is this alone: a page is written as soon as its own body
    /// is compiled, before the others' are).
    pub fn mention(&self, i: usize) -> ArticleRef<'a> {
        let a = &self.site.articles[i];
        ArticleRef {
            title: &a.title,
            url: &a.url,
            date: a.date.iso(),
            date_display: a.date.display(&self.months),
            kind: a.kind.as_str(),
            section: self.section(a),
            authors: self.authors(a),
            retracted: a.retracted(),
        }
    }

    /// Article `i` in a list.
    pub fn card(&self, i: usize) -> Card<'a> {
        self.card_with(i, &self.html[i])
    }

    /// Article `i` in a list, its HTML being `h`.
    fn card_with<'h>(&self, i: usize, h: &'h ArticleHtml) -> Card<'h>
    where
        'a: 'h,
    {
        let a = &self.site.articles[i];
        Card {
            shown: &a.shown,
            mention: self.mention(i),
            subtitle: a.subtitle.as_deref(),
            summary_html: &h.summary_html,
            reading_time: h.body.reading_time,
            tags: self.tags(a),
            draft: a.draft,
            scheduled: a.scheduled,
        }
    }

    /// The page values of article `i`, whose HTML is `h`.
    pub fn article<'h>(
        &self,
        i: usize,
        h: &'h ArticleHtml,
        base_url: &str,
        publisher: &str,
        series: Option<SeriesRef<'h>>,
    ) -> ArticlePage<'h>
    where
        'a: 'h,
    {
        let a = &self.site.articles[i];
        ArticlePage {
            card: self.card_with(i, h),
            permalink: scheme::absolute(base_url, &a.url),
            updated: a.updated.map(|d| d.iso()),
            updated_display: a.updated.map(|d| d.display(&self.months)),
            author_note_html: h.author_note_html.as_deref(),
            author_note_lang: self.author_note_lang(a),
            disclaimer_html: h.disclaimer_html.as_deref(),
            content: &h.body.html,
            toc: if a.toc { &h.body.toc } else { &[] },
            series,
            word_count: h.body.word_count,
            pdf: a.pdf.as_deref(),
            pdf_size: None,
            image: a.image.as_deref(),
            image_alt: a.image_alt.as_deref(),
            doi: a.doi.as_deref(),
            lang: a.lang.as_deref(),
            dir: a.lang.as_deref().map(crate::config::direction),
            report_number: a.report_number.as_deref(),
            scholar: Scholar {
                enabled: a.scholar,
                authors: a
                    .authors
                    .iter()
                    .filter_map(|b| self.citation_name(b))
                    .collect(),
                people: a
                    .authors
                    .iter()
                    .filter_map(|b| self.scholar_author(b))
                    .collect(),
                publication_date: a.date.day().format("%Y/%m/%d").to_string(),
                publisher: publisher.to_string(),
            },
            cite: None,
            related: Vec::new(),
            corrections: None,
            stale_translation: None,
        }
    }

    /// The language of the note made from `a`'s profiles, when every
    /// profile that gives one is a stand-in for a missing translation (a
    /// note of mixed languages is left unmarked).
    fn author_note_lang(&self, a: &Article) -> Option<&'a str> {
        if a.author_note.is_some() {
            return None;
        }
        let mut langs = a.authors.iter().filter_map(|b| match b {
            Byline::Profile(slug) => self
                .site
                .authors
                .get(slug)
                .filter(|p| p.person.note.is_some())
                .map(|p| p.fallback_lang.as_deref()),
            Byline::Inline(p) => p.note.as_ref().map(|_| None),
        });
        let first = langs.next()??;
        langs.all(|l| l == Some(first)).then_some(first)
    }

    fn scholar_author(&self, b: &Byline) -> Option<ScholarAuthor> {
        let p = match b {
            Byline::Profile(slug) => &self.site.authors.get(slug)?.person,
            Byline::Inline(p) => p,
        };
        Some(ScholarAuthor {
            name: self.citation_name(b)?,
            institution: p.affiliation.clone(),
            orcid: p.orcid.as_deref().map(super::jsonld::orcid_url),
        })
    }

    /// "Family, Given" as Google Scholar's `citation_author` expects;
    /// organisations by their whole name.
    fn citation_name(&self, b: &Byline) -> Option<String> {
        let p = match b {
            Byline::Profile(slug) => &self.site.authors.get(slug)?.person,
            Byline::Inline(p) => p,
        };
        Some(match p.given() {
            Some(given) => format!("{}, {given}", p.family()),
            None => p.family().to_string(),
        })
    }
}

fn person_ref<'a>(p: &'a Person, url: Option<&'a str>, lang: Option<&'a str>) -> AuthorRef<'a> {
    AuthorRef {
        name: &p.name,
        url,
        affiliation: p.affiliation.as_deref(),
        role: p.role.as_deref(),
        lang,
    }
}

/// A file size as a reader reads it: "246 KB", "1.2 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1000;
    if bytes < KB * KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::content::{ArticleType, Person, PubDate, Section, SortBy, Tag};

    fn site(a: Article) -> Site {
        let mut site = Site::default();
        for name in ["Commentary", "Analysis"] {
            let slug = name.to_lowercase();
            site.sections.push(Section {
                key: slug.clone(),
                url: format!("/{slug}/"),
                slug,
                title: name.into(),
                text: Default::default(),
                sort_by: SortBy::Date,
                paginate_by: None,
                disclaimer: None,
                kind: None,
                pdf: None,
                scholar: None,
                parent: None,
                fallback_lang: None,
            });
        }
        site.tags.insert(
            "trade".into(),
            Tag {
                name: "Trade".into(),
                slug: "trade".into(),
                url: "/tags/trade/".into(),
            },
        );
        site.articles.push(Arc::new(a));
        site
    }

    type Change = fn(&mut Article, &mut ArticleHtml);

    /// One change for each thing a list shows of an article.
    const CHANGES: &[Change] = &[
        |a, _| a.title = "B".into(),
        |a, _| a.subtitle = Some("S".into()),
        |a, _| a.url = "/commentary/b/".into(),
        |a, _| a.date = PubDate::parse("2025-02-03").unwrap(),
        |a, _| a.kind = ArticleType::Analysis,
        |a, _| a.section = 1,
        |a, _| {
            a.authors = vec![Byline::Inline(Person {
                name: "N".into(),
                ..Default::default()
            })]
        },
        |a, _| a.tags = vec!["trade".into()],
        |a, _| a.draft = true,
        |a, _| a.scheduled = true,
        |_, h| h.summary_html = "<p>Other.</p>".into(),
        |_, h| Arc::make_mut(&mut h.body).reading_time = 9,
        |a, _| a.shown = Shown::of(&serde_json::json!({"extra": {"hero": "wide"}})),
        |a, _| {
            a.corrections = vec![crate::content::Correction {
                date: PubDate::parse("2025-03-01").unwrap(),
                kind: crate::content::CorrectionKind::Retraction,
                text: "Withdrawn.".into(),
                number: 1,
            }]
        },
    ];

    fn card_value(a: &Article, h: &ArticleHtml) -> (bool, serde_json::Value) {
        let base = site(crate::content::shape_sample());
        let base_html = [Arc::new(ArticleHtml::default())];
        let changed = site(a.clone());
        let changed_html = [Arc::new(h.clone())];
        let old = Cards::new(&base, &base_html, Vec::new());
        let new = Cards::new(&changed, &changed_html, Vec::new());
        let card = new.card(0);
        (old.card(0) == card, serde_json::to_value(&card).unwrap())
    }

    #[test]
    fn sizes_read_as_readers_read_them() {
        assert_eq!(size_label(245_300), "246 KB");
        assert_eq!(size_label(1_250_000), "1.2 MB");
    }

    #[test]
    fn a_change_to_anything_a_card_shows_is_noticed() {
        let a = crate::content::shape_sample();
        let h = ArticleHtml::default();
        let (same, before) = card_value(&a, &h);
        assert!(same, "an unchanged article has the same card");
        let mut covered = BTreeSet::new();
        for change in CHANGES {
            let (mut a, mut h) = (a.clone(), h.clone());
            change(&mut a, &mut h);
            let (same, after) = card_value(&a, &h);
            assert!(!same, "not noticed: {after}");
            for (key, value) in after.as_object().unwrap() {
                if before[key] != *value {
                    covered.insert(key.clone());
                }
            }
        }
        // A field added to the card needs a change here that shows it.
        let all: BTreeSet<String> = before.as_object().unwrap().keys().cloned().collect();
        assert_eq!(covered, all);
    }

    #[test]
    fn a_change_a_card_does_not_show_leaves_it() {
        let mut a = crate::content::shape_sample();
        a.doi = Some("10.5555/x".into());
        a.aliases = vec!["/old/".into()];
        assert!(card_value(&a, &ArticleHtml::default()).0);
    }
}
