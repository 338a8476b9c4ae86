//! Part of the render stage: the values templates see. Each struct here is
//! documented for theme authors in `docs/templates.md`; keep the two in step.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::content::{Article, Byline, Person, Site};
use crate::markdown::{ArticleHtml, TocEntry};

#[derive(Serialize, Clone)]
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

#[derive(Serialize, Clone)]
pub struct TagRef<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
}

/// A name in a byline.
#[derive(Serialize, Clone)]
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

/// An article in a list.
#[derive(Serialize, Clone)]
pub struct Card<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub url: &'a str,
    pub date: String,
    pub date_display: String,
    pub kind: &'static str,
    pub section: Link<'a>,
    pub authors: Vec<AuthorRef<'a>>,
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

#[derive(Serialize)]
pub struct ArticlePage<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub url: &'a str,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub kind: &'static str,
    pub section: Link<'a>,
    pub authors: Vec<AuthorRef<'a>>,
    pub author_note_html: Option<&'a str>,
    /// The language of the author note when it is not the page's: made
    /// from profiles that this edition lacks a translation of.
    pub author_note_lang: Option<&'a str>,
    pub disclaimer_html: Option<&'a str>,
    pub summary_html: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub tags: Vec<TagRef<'a>>,
    pub series: Option<SeriesRef<'a>>,
    pub reading_time: usize,
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
    pub draft: bool,
    pub scheduled: bool,
    pub scholar: Scholar,
    /// Set by the page renderer: "Cite this" and related reading.
    pub cite: Option<CiteBlock>,
    pub related: Vec<RelatedRef<'a>>,
}

/// An article under "Related reading": what its header says (a page is
/// written as soon as its own body is compiled, before the others' are).
#[derive(Serialize)]
pub struct RelatedRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: String,
    pub date_display: String,
    pub kind: &'static str,
    pub section: Link<'a>,
    pub authors: Vec<AuthorRef<'a>>,
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

    pub fn related_ref(&self, i: usize) -> RelatedRef<'a> {
        let a = &self.site.articles[i];
        RelatedRef {
            title: &a.title,
            url: &a.url,
            date: a.date.iso(),
            date_display: a.date.display(&self.months),
            kind: a.kind.as_str(),
            section: self.section(a),
            authors: self.authors(a),
        }
    }

    pub fn card(&self, i: usize) -> Card<'a> {
        let a = &self.site.articles[i];
        let h = &self.html[i];
        Card {
            title: &a.title,
            subtitle: a.subtitle.as_deref(),
            url: &a.url,
            date: a.date.iso(),
            date_display: a.date.display(&self.months),
            kind: a.kind.as_str(),
            section: self.section(a),
            authors: self.authors(a),
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
            title: &a.title,
            subtitle: a.subtitle.as_deref(),
            url: &a.url,
            permalink: format!("{base_url}{}", a.url),
            date: a.date.iso(),
            date_display: a.date.display(&self.months),
            updated: a.updated.map(|d| d.iso()),
            updated_display: a.updated.map(|d| d.display(&self.months)),
            kind: a.kind.as_str(),
            section: self.section(a),
            authors: self.authors(a),
            author_note_html: h.author_note_html.as_deref(),
            author_note_lang: self.author_note_lang(a),
            disclaimer_html: h.disclaimer_html.as_deref(),
            summary_html: &h.summary_html,
            content: &h.body.html,
            toc: if a.toc { &h.body.toc } else { &[] },
            tags: self.tags(a),
            series,
            reading_time: h.body.reading_time,
            word_count: h.body.word_count,
            pdf: a.pdf.as_deref(),
            pdf_size: a.pdf_size.map(crate::pdf::size_label),
            image: a.image.as_deref(),
            image_alt: a.image_alt.as_deref(),
            doi: a.doi.as_deref(),
            lang: a.lang.as_deref(),
            dir: a.lang.as_deref().map(crate::config::direction),
            report_number: a.report_number.as_deref(),
            draft: a.draft,
            scheduled: a.scheduled,
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
