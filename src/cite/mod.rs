//! Citations, for the render step. Each article's [`Reference`] is
//! made once from its own metadata (title, authors as the profiles name
//! them, date, publisher, report number, DOI, language) and is the single
//! source of every form of it: the CSL-JSON item of `cite.json`, which is
//! also what hayagriva renders the "Cite this" block from with the site's
//! CSL styles ([`csl`]), and the BibTeX and RIS files ([`bibtex`], [`ris`]),
//! which hayagriva does not write. A reference manager that imports any of
//! the three gets the same record.

pub mod bibtex;
mod csl;
mod locales;
pub mod ris;

use serde_json::{Map, Value, json};

pub use csl::{RenderedStyle, Styles, check_style_names, closest_style, style_by_name};

use crate::config::Config;
use crate::content::{Article, ArticleType, Byline, Person, Site};
use crate::scheme;

/// The reference of article `a`, whose summary reads `summary` (plain text).
pub fn reference(config: &Config, site: &Site, a: &Article, summary: &str) -> Reference {
    use chrono::Datelike;
    let authors: Vec<Name> = a
        .authors
        .iter()
        .filter_map(|b| match b {
            Byline::Profile(slug) => site.authors.get(slug).map(|p| Name::of(&p.person)),
            Byline::Inline(p) => Some(Name::of(p)),
        })
        .collect();
    let day = a.date.day();
    let issued = (day.year(), day.month(), day.day());
    Reference {
        key: Reference::make_key(&authors, issued.0, &a.title),
        kind: a.kind,
        title: a.title.clone(),
        authors,
        issued,
        publisher: config.title.clone(),
        url: scheme::absolute(config.base_url(), &a.url),
        number: a.report_number.clone(),
        doi: a.doi.clone(),
        language: a
            .lang
            .clone()
            .unwrap_or_else(|| config.edition.lang.clone()),
        abstract_text: (!summary.is_empty()).then(|| summary.to_string()),
    }
}

/// A name in an author list, as citation styles need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A person: the family name without its particle, the given names,
    /// and a non-dropping particle ("van der" of "Anna van der Berg").
    Person {
        family: String,
        given: Option<String>,
        particle: Option<String>,
    },
    /// An institution, cited by its whole name and never inverted.
    Organization(String),
}

impl Name {
    /// The citation name of a byline's person or organisation. A family
    /// name whose first words are lower-case ("van der Berg", "de la
    /// Cruz") has them as its particle, as CSL processors read names.
    pub fn of(p: &Person) -> Name {
        if p.organization {
            return Name::Organization(p.name.clone());
        }
        let family = p.family().trim();
        let words: Vec<&str> = family.split_whitespace().collect();
        let lower = |w: &&&str| w.chars().next().is_some_and(char::is_lowercase);
        let particle_words = words.iter().take_while(lower).count();
        let (particle, family) = if particle_words > 0 && particle_words < words.len() {
            (
                Some(words[..particle_words].join(" ")),
                words[particle_words..].join(" "),
            )
        } else {
            (None, family.to_string())
        };
        Name::Person {
            family,
            given: p.given().map(str::to_string),
            particle,
        }
    }

    /// "Berg, Anna van der"-free form: "van der Berg, Anna" (BibTeX and
    /// RIS both read the particle in front of the family name).
    pub fn inverted(&self) -> String {
        self.inverted_with(str::to_string)
    }

    /// [`Name::inverted`] with each part (particle, family name, given
    /// names; an organisation's whole name) written by `part`, as a
    /// format that needs its parts escaped writes them.
    pub fn inverted_with(&self, part: impl Fn(&str) -> String) -> String {
        match self {
            Name::Organization(name) => part(name),
            Name::Person {
                family,
                given,
                particle,
            } => {
                let mut out = String::new();
                if let Some(p) = particle {
                    out.push_str(&part(p));
                    out.push(' ');
                }
                out.push_str(&part(family));
                if let Some(g) = given {
                    out.push_str(", ");
                    out.push_str(&part(g));
                }
                out
            }
        }
    }
}

/// What citing one article says, whatever the format.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The citation key: first author's family name, year, first title word.
    pub key: String,
    pub kind: ArticleType,
    pub title: String,
    pub authors: Vec<Name>,
    /// Year, month, day of publication.
    pub issued: (i32, u32, u32),
    /// The site's name: publisher of every piece, and the website a web
    /// piece is part of.
    pub publisher: String,
    /// The article's absolute URL.
    pub url: String,
    pub number: Option<String>,
    pub doi: Option<String>,
    /// A language code (`en`, `ur`): the article's `lang`, else its edition's.
    pub language: String,
    /// The summary as plain text.
    pub abstract_text: Option<String>,
}

impl Reference {
    /// A key of ASCII letters and digits: `malik2025after`.
    pub fn make_key(authors: &[Name], year: i32, title: &str) -> String {
        let first = authors.first().map_or_else(String::new, |n| match n {
            Name::Person { family, .. } => family.clone(),
            Name::Organization(name) => name.clone(),
        });
        let ascii = |s: &str| -> String {
            deunicode::deunicode(s)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        const SMALL: &[&str] = &["a", "an", "the", "on", "of", "in", "and", "for", "to"];
        let word = title
            .split_whitespace()
            .map(ascii)
            .find(|w| !w.is_empty() && !SMALL.contains(&w.as_str()))
            .unwrap_or_default();
        let author = match ascii(&first) {
            a if a.is_empty() => "anon".to_string(),
            a => a,
        };
        format!("{author}{year}{word}")
    }

    /// The CSL type: reports, briefs and working papers are reports (with
    /// their number); commentary, analysis and event notes are web pages
    /// of the site.
    pub fn csl_type(&self) -> &'static str {
        if self.is_report() {
            "report"
        } else {
            "webpage"
        }
    }

    pub fn is_report(&self) -> bool {
        matches!(
            self.kind,
            ArticleType::Report | ArticleType::Brief | ArticleType::WorkingPaper
        )
    }

    /// The kind of report, as styles print it before the number
    /// ("Policy brief No. CDS-PB-2025-02"); plain reports have none.
    pub fn genre(&self) -> Option<&'static str> {
        match self.kind {
            ArticleType::Brief => Some("Policy brief"),
            ArticleType::WorkingPaper => Some("Working paper"),
            _ => None,
        }
    }

    /// The CSL-JSON item (field names of the CSL-JSON schema), written as
    /// `cite.json` and rendered by the CSL styles.
    pub fn csl_json(&self) -> Value {
        let mut item = Map::new();
        item.insert("id".into(), json!(self.key));
        item.insert("type".into(), json!(self.csl_type()));
        item.insert("title".into(), json!(self.title));
        let authors: Vec<Value> = self.authors.iter().map(csl_name).collect();
        if !authors.is_empty() {
            item.insert("author".into(), Value::Array(authors));
        }
        let (y, m, d) = self.issued;
        item.insert("issued".into(), json!({ "date-parts": [[y, m, d]] }));
        // A report's publisher; a web piece's website (styles print both,
        // so only one is given: the same name twice reads as a mistake).
        if self.is_report() {
            item.insert("publisher".into(), json!(self.publisher));
        } else {
            item.insert("container-title".into(), json!(self.publisher));
        }
        if let Some(n) = &self.number {
            item.insert("number".into(), json!(n));
        }
        if let Some(g) = self.genre() {
            item.insert("genre".into(), json!(g));
        }
        if let Some(doi) = &self.doi {
            item.insert("DOI".into(), json!(doi));
        }
        item.insert("URL".into(), json!(self.url));
        item.insert("language".into(), json!(self.language));
        if let Some(a) = &self.abstract_text {
            item.insert("abstract".into(), json!(a));
        }
        Value::Object(item)
    }

    /// `cite.json`: a CSL-JSON array of one item, as Zotero and pandoc read it.
    pub fn csl_json_file(&self) -> String {
        let mut text = serde_json::to_string_pretty(&Value::Array(vec![self.csl_json()]))
            .unwrap_or_else(|_| "[]".into());
        text.push('\n');
        text
    }
}

fn csl_name(n: &Name) -> Value {
    match n {
        Name::Organization(name) => json!({ "literal": name }),
        Name::Person {
            family,
            given,
            particle,
        } => {
            let mut o = Map::new();
            o.insert("family".into(), json!(family));
            if let Some(g) = given {
                o.insert("given".into(), json!(g));
            }
            if let Some(p) = particle {
                o.insert("non-dropping-particle".into(), json!(p));
            }
            Value::Object(o)
        }
    }
}

/// A DOI as written (`10.1234/x`, or a `https://doi.org/` link) without
/// its resolver, as every format stores it.
pub fn bare_doi(doi: &str) -> &str {
    let d = doi.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ] {
        if let Some(rest) = d.strip_prefix(prefix) {
            return rest;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, family: Option<&str>, given: Option<&str>) -> Person {
        Person {
            name: name.into(),
            family_name: family.map(Into::into),
            given_name: given.map(Into::into),
            ..Person::default()
        }
    }

    #[test]
    fn particles_are_split_from_family_names() {
        let n = Name::of(&person(
            "Anna van der Berg",
            Some("van der Berg"),
            Some("Anna"),
        ));
        assert_eq!(
            n,
            Name::Person {
                family: "Berg".into(),
                given: Some("Anna".into()),
                particle: Some("van der".into())
            }
        );
        assert_eq!(n.inverted(), "van der Berg, Anna");
        let n = Name::of(&person(
            "Mariam Abdul Rauf",
            Some("Abdul Rauf"),
            Some("Mariam"),
        ));
        assert_eq!(n.inverted(), "Abdul Rauf, Mariam");
        let o = Person {
            name: "CDS Research Team".into(),
            organization: true,
            ..Person::default()
        };
        assert_eq!(Name::of(&o), Name::Organization("CDS Research Team".into()));
    }

    #[test]
    fn keys_are_ascii() {
        let authors = vec![Name::Person {
            family: "Çelik".into(),
            given: None,
            particle: None,
        }];
        assert_eq!(
            Reference::make_key(&authors, 2025, "The Öresund “bridge”"),
            "celik2025oresund"
        );
        assert_eq!(Reference::make_key(&[], 2025, ""), "anon2025");
    }

    #[test]
    fn dois_lose_their_resolver() {
        assert_eq!(bare_doi("https://doi.org/10.5555/x"), "10.5555/x");
        assert_eq!(bare_doi("10.5555/x"), "10.5555/x");
    }
}
