//! Part of `folio crossref`: the deposit file, a `doi_batch` of Crossref's
//! schema 5.3.1 with one `report-paper` per publication. Written with
//! quick-xml's writer (already a dependency, for `folio import`), which
//! escapes every text and attribute, so that no title or name can change
//! the file's structure. Element order follows the schema's sequences
//! (checked against the schema itself by the tests).

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::Settings;
use crate::content::identifiers::{ORCID_RESOLVER, ROR_RESOLVER};

/// The schema version written, its namespace and where Crossref publishes it.
pub const SCHEMA_VERSION: &str = "5.3.1";
const NAMESPACE: &str = "http://www.crossref.org/schema/5.3.1";
const SCHEMA_LOCATION: &str =
    "http://www.crossref.org/schema/5.3.1 https://www.crossref.org/schemas/crossref5.3.1.xsd";
const JATS: &str = "http://www.ncbi.nlm.nih.gov/JATS1";
const ACCESS_INDICATORS: &str = "http://www.crossref.org/AccessIndicators.xsd";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// One publication as the deposit describes it, every text plain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub title: String,
    pub subtitle: Option<String>,
    pub contributors: Vec<Contributor>,
    pub abstract_text: Option<String>,
    /// Year, month, day of online publication.
    pub published: (i32, u32, u32),
    /// ISO 639-1 code.
    pub language: String,
    pub report_number: Option<String>,
    pub doi: String,
    /// The article's absolute address.
    pub url: String,
    /// The PDF edition's absolute address.
    pub pdf: Option<String>,
}

/// An author in byline order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contributor {
    Person {
        given: Option<String>,
        surname: String,
        affiliation: Option<String>,
        ror: Option<String>,
        orcid: Option<String>,
    },
    Organization(String),
}

/// The whole deposit: head from `settings`, publisher and institution
/// `publisher` (the site's name), one `report-paper` per record.
pub fn write(
    settings: &Settings,
    publisher: &str,
    batch_id: &str,
    timestamp: u64,
    records: &[Record],
) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = document(&mut w, settings, publisher, batch_id, timestamp, records);
    let mut text = String::from_utf8(w.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

fn document(
    w: &mut Writer<Vec<u8>>,
    s: &Settings,
    publisher: &str,
    batch_id: &str,
    timestamp: u64,
    records: &[Record],
) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("doi_batch")
        .with_attributes([
            ("xmlns", NAMESPACE),
            ("xmlns:xsi", XSI),
            ("xmlns:jats", JATS),
            ("xmlns:ai", ACCESS_INDICATORS),
            ("version", SCHEMA_VERSION),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
        ])
        .write_inner_content(|w| {
            w.create_element("head").write_inner_content(|w| {
                text(w, "doi_batch_id", batch_id)?;
                text(w, "timestamp", &timestamp.to_string())?;
                w.create_element("depositor").write_inner_content(|w| {
                    text(w, "depositor_name", &s.depositor)?;
                    text(w, "email_address", &s.email)
                })?;
                text(w, "registrant", &s.registrant)
            })?;
            w.create_element("body").write_inner_content(|w| {
                for r in records {
                    w.create_element("report-paper")
                        .write_inner_content(|w| metadata(w, s, publisher, r))?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn metadata(w: &mut Writer<Vec<u8>>, s: &Settings, publisher: &str, r: &Record) -> io::Result<()> {
    w.create_element("report-paper_metadata")
        .with_attribute(("language", r.language.as_str()))
        .write_inner_content(|w| {
            if !r.contributors.is_empty() {
                w.create_element("contributors").write_inner_content(|w| {
                    for (i, c) in r.contributors.iter().enumerate() {
                        contributor(w, c, if i == 0 { "first" } else { "additional" })?;
                    }
                    Ok(())
                })?;
            }
            w.create_element("titles").write_inner_content(|w| {
                text(w, "title", &r.title)?;
                match &r.subtitle {
                    Some(sub) => text(w, "subtitle", sub),
                    None => Ok(()),
                }
            })?;
            if let Some(a) = &r.abstract_text {
                w.create_element("jats:abstract")
                    .write_inner_content(|w| text(w, "jats:p", a))?;
            }
            let (y, m, d) = r.published;
            w.create_element("publication_date")
                .with_attribute(("media_type", "online"))
                .write_inner_content(|w| {
                    text(w, "month", &format!("{m:02}"))?;
                    text(w, "day", &format!("{d:02}"))?;
                    text(w, "year", &y.to_string())
                })?;
            w.create_element("publisher")
                .write_inner_content(|w| text(w, "publisher_name", publisher))?;
            institution(w, Some(publisher), s.ror.as_deref())?;
            if let Some(n) = &r.report_number {
                w.create_element("publisher_item")
                    .write_inner_content(|w| {
                        w.create_element("identifier")
                            .with_attribute(("id_type", "report-number"))
                            .write_text_content(BytesText::new(&clean(n)))?;
                        Ok(())
                    })?;
            }
            if let Some(l) = &s.license {
                w.create_element("ai:program")
                    .with_attribute(("name", "AccessIndicators"))
                    .write_inner_content(|w| text(w, "ai:license_ref", l))?;
            }
            doi_data(w, r)
        })?;
    Ok(())
}

fn contributor(w: &mut Writer<Vec<u8>>, c: &Contributor, sequence: &str) -> io::Result<()> {
    let attributes = [("sequence", sequence), ("contributor_role", "author")];
    match c {
        Contributor::Organization(name) => {
            w.create_element("organization")
                .with_attributes(attributes)
                .write_text_content(BytesText::new(&clean(name)))?;
        }
        Contributor::Person {
            given,
            surname,
            affiliation,
            ror,
            orcid,
        } => {
            w.create_element("person_name")
                .with_attributes(attributes)
                .write_inner_content(|w| {
                    if let Some(g) = given {
                        text(w, "given_name", g)?;
                    }
                    text(w, "surname", surname)?;
                    if affiliation.is_some() || ror.is_some() {
                        w.create_element("affiliations").write_inner_content(|w| {
                            institution(w, affiliation.as_deref(), ror.as_deref())
                        })?;
                    }
                    match orcid {
                        Some(o) => text(w, "ORCID", &format!("{ORCID_RESOLVER}{o}")),
                        None => Ok(()),
                    }
                })?;
        }
    }
    Ok(())
}

/// An `institution`: its name and its ROR id, at least one of them.
fn institution(w: &mut Writer<Vec<u8>>, name: Option<&str>, ror: Option<&str>) -> io::Result<()> {
    w.create_element("institution").write_inner_content(|w| {
        if let Some(n) = name {
            text(w, "institution_name", n)?;
        }
        if let Some(r) = ror {
            w.create_element("institution_id")
                .with_attribute(("type", "ror"))
                .write_text_content(BytesText::new(&format!("{ROR_RESOLVER}{r}")))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The DOI, the page it resolves to and, with a PDF edition, the PDF for
/// text and data mining.
fn doi_data(w: &mut Writer<Vec<u8>>, r: &Record) -> io::Result<()> {
    w.create_element("doi_data").write_inner_content(|w| {
        text(w, "doi", &r.doi)?;
        text(w, "resource", &r.url)?;
        if let Some(pdf) = &r.pdf {
            w.create_element("collection")
                .with_attribute(("property", "text-mining"))
                .write_inner_content(|w| {
                    w.create_element("item").write_inner_content(|w| {
                        w.create_element("resource")
                            .with_attribute(("mime_type", "application/pdf"))
                            .write_text_content(BytesText::new(&clean(pdf)))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text(w: &mut Writer<Vec<u8>>, tag: &str, value: &str) -> io::Result<()> {
    w.create_element(tag)
        .write_text_content(BytesText::new(&clean(value)))?;
    Ok(())
}

/// Text XML 1.0 can hold: control characters other than tab and line
/// breaks are dropped (front matter may hold them; the file must parse).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            depositor: "D & \"Co\"".into(),
            email: "d@x.org".into(),
            registrant: "R".into(),
            doi_prefix: "10.5555".into(),
            ror: None,
            license: None,
        }
    }

    /// Text built to break out of its element or the file: it reads back
    /// as the same text (control characters dropped), the structure intact.
    #[test]
    fn hostile_text_stays_text() {
        let title = "</title></titles><evil/> \"quoted\" & 'single' ]]> \u{1}\u{b}end";
        let r = Record {
            title: title.into(),
            subtitle: None,
            contributors: vec![Contributor::Organization("<org>".into())],
            abstract_text: Some("a <jats:p>b</jats:p> & c".into()),
            published: (2025, 1, 2),
            language: "en".into(),
            report_number: None,
            doi: "10.5555/x<y>".into(),
            url: "https://x.org/a?b=1&c=2".into(),
            pdf: None,
        };
        let xml = write(&settings(), "P & Q", "folio-1", 1, &[r]);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let text_of = |name: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .unwrap_or_else(|| panic!("no {name}"))
        };
        assert_eq!(
            text_of("title"),
            "</title></titles><evil/> \"quoted\" & 'single' ]]> end"
        );
        assert_eq!(text_of("p"), "a <jats:p>b</jats:p> & c");
        assert_eq!(text_of("organization"), "<org>");
        assert_eq!(text_of("depositor_name"), "D & \"Co\"");
        assert_eq!(text_of("resource"), "https://x.org/a?b=1&c=2");
        assert!(doc.descendants().all(|n| n.tag_name().name() != "evil"));
    }
}
