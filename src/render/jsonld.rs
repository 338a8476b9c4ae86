//! Part of the render stage: schema.org structured data (JSON-LD) for
//! search engines. Article pages by publication type (`OpinionNewsArticle`,
//! `AnalysisNewsArticle`, `Report` with its `reportNumber`,
//! `ScholarlyArticle`, `Event`), each author a `Person` (or an
//! `Organization`) with their page, affiliation and `sameAs` links, the
//! publisher an `Organization` from site.toml; author pages a
//! `ProfilePage`; the home page a `WebSite` with its search. Built with
//! serde_json, so it is valid JSON whatever the text holds, then made safe
//! inside `<script>` ([`script_safe`]).

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::content::{Article, ArticleType, AuthorProfile, Byline, Person, Site};
use crate::scheme;

/// JSON text that cannot end its `<script>` element or open a comment:
/// `<`, `>` and `&` are written as JSON's `\u` escapes, which read back as
/// the same characters.
pub fn script_safe(v: &Value) -> String {
    let text = serde_json::to_string(v).unwrap_or_else(|_| "{}".into());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The site as an `Organization`: name (in the edition's language), the
/// site's address and logo.
pub fn publisher(config: &Config) -> Value {
    let base = config.base_url();
    let mut o = Map::new();
    o.insert("@type".into(), json!("Organization"));
    o.insert("name".into(), json!(config.title));
    o.insert("url".into(), json!(scheme::absolute(base, scheme::HOME)));
    let logo = config.theme_options();
    if let Some(logo) = logo.get("logo").and_then(|v| v.as_str()) {
        o.insert(
            "logo".into(),
            json!({ "@type": "ImageObject", "url": scheme::resolve(base, logo, scheme::HOME) }),
        );
    }
    Value::Object(o)
}

/// What the structured data of one article says beyond the article itself.
pub struct ArticleFacts<'a> {
    pub summary: &'a str,
    /// The article's language: its `lang`, else its edition's.
    pub language: &'a str,
    pub section: &'a str,
    pub tags: Vec<&'a str>,
    pub series: Option<(&'a str, String)>,
}

/// The JSON-LD of an article page.
pub fn article(config: &Config, site: &Site, a: &Article, facts: &ArticleFacts<'_>) -> Value {
    let base = config.base_url();
    let url = scheme::absolute(base, &a.url);
    let kind = match a.kind {
        ArticleType::Commentary => "OpinionNewsArticle",
        ArticleType::Analysis => "AnalysisNewsArticle",
        ArticleType::Report | ArticleType::Brief => "Report",
        ArticleType::WorkingPaper => "ScholarlyArticle",
        ArticleType::Event => "Event",
    };
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert("@type".into(), json!(kind));
    o.insert("url".into(), json!(url));
    o.insert("name".into(), json!(a.title));
    if !facts.summary.is_empty() {
        o.insert("description".into(), json!(facts.summary));
    }
    o.insert("inLanguage".into(), json!(facts.language));
    let authors: Vec<Value> = a
        .authors
        .iter()
        .filter_map(|b| byline(config, site, b))
        .collect();
    if a.kind == ArticleType::Event {
        // An event has a start and organisers, not a headline and authors.
        o.insert("startDate".into(), json!(a.date.iso()));
        o.insert("organizer".into(), publisher(config));
        if !authors.is_empty() {
            o.insert("contributor".into(), Value::Array(authors));
        }
        return Value::Object(o);
    }
    o.insert("headline".into(), json!(a.title));
    if let Some(s) = &a.subtitle {
        o.insert("alternativeHeadline".into(), json!(s));
    }
    o.insert("mainEntityOfPage".into(), json!(url));
    o.insert("datePublished".into(), json!(a.date.iso()));
    o.insert("dateModified".into(), json!(a.last_modified().iso()));
    if !a.corrections.is_empty() {
        o.insert("correction".into(), corrections(a));
    }
    o.insert("author".into(), Value::Array(authors));
    o.insert("publisher".into(), publisher(config));
    o.insert("articleSection".into(), json!(facts.section));
    if !facts.tags.is_empty() {
        o.insert("keywords".into(), json!(facts.tags));
    }
    if let Some(n) = &a.report_number
        && kind == "Report"
    {
        o.insert("reportNumber".into(), json!(n));
    }
    if let Some(doi) = &a.doi {
        let doi = crate::cite::bare_doi(doi);
        o.insert("identifier".into(), json!(format!("https://doi.org/{doi}")));
    }
    if let Some(img) = &a.image {
        o.insert("image".into(), json!(scheme::resolve(base, img, &a.url)));
    }
    if let Some(pdf) = &a.pdf {
        let media = json!({
            "@type": "MediaObject",
            "contentUrl": scheme::resolve(base, pdf, &a.url),
            "encodingFormat": "application/pdf",
        });
        o.insert("associatedMedia".into(), media);
    }
    if let Some((title, url)) = &facts.series {
        let series = json!({ "@type": "CreativeWorkSeries", "name": title, "url": url });
        o.insert("isPartOf".into(), series);
    }
    Value::Object(o)
}

/// An author page: a `ProfilePage` whose main entity is the person.
pub fn profile(config: &Config, a: &AuthorProfile) -> Value {
    let base = config.base_url();
    json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": scheme::absolute(base, &a.url),
        "name": a.person.name,
        "mainEntity": person(base, &a.person, Some(&a.url)),
    })
}

/// An edition's home page (`root`): the site in its language, with the
/// search engines can send people to.
pub fn website(config: &Config, root: &str) -> Value {
    let base = config.base_url();
    let mut site = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "url": scheme::absolute(base, root),
        "inLanguage": config.edition.lang,
        "publisher": publisher(config),
    });
    if config.search.enabled {
        site["potentialAction"] = json!({
            "@type": "SearchAction",
            "target": format!("{}?q={{search_term_string}}", scheme::absolute(base, &scheme::search(root))),
            "query-input": "required name=search_term_string",
        });
    }
    site
}

fn byline(config: &Config, site: &Site, b: &Byline) -> Option<Value> {
    let base = config.base_url();
    Some(match b {
        Byline::Profile(slug) => {
            let p = site.authors.get(slug)?;
            person(base, &p.person, Some(&p.url))
        }
        Byline::Inline(p) => person(base, p, None),
    })
}

/// A `Person` (or an `Organization` for an institutional author) with
/// their author page, affiliation, role and other profiles (`sameAs`).
fn person(base: &str, p: &Person, page: Option<&str>) -> Value {
    let mut o = Map::new();
    let kind = if p.organization {
        "Organization"
    } else {
        "Person"
    };
    o.insert("@type".into(), json!(kind));
    o.insert("name".into(), json!(p.name));
    if let Some(url) = page {
        o.insert("url".into(), json!(scheme::absolute(base, url)));
    }
    if !p.organization {
        if let Some(g) = p.given() {
            o.insert("givenName".into(), json!(g));
        }
        o.insert("familyName".into(), json!(p.family()));
        if let Some(r) = &p.role {
            o.insert("jobTitle".into(), json!(r));
        }
        if p.affiliation.is_some() || p.ror.is_some() {
            o.insert("affiliation".into(), affiliation(p));
        }
    }
    let mut same_as: Vec<String> = Vec::new();
    if let Some(orcid) = &p.orcid {
        same_as.push(orcid_url(orcid));
    }
    same_as.extend(
        p.links
            .iter()
            .filter(|l| l.url.starts_with("https://") || l.url.starts_with("http://"))
            .map(|l| l.url.clone()),
    );
    if !same_as.is_empty() {
        o.insert("sameAs".into(), json!(same_as));
    }
    Value::Object(o)
}

/// The person's affiliation as an `Organization`: its name and, with a
/// ROR id, that id's address as its `identifier`.
fn affiliation(p: &Person) -> Value {
    let mut o = Map::new();
    o.insert("@type".into(), json!("Organization"));
    if let Some(name) = &p.affiliation {
        o.insert("name".into(), json!(name));
    }
    if let Some(ror) = &p.ror {
        let url = format!("{}{ror}", crate::content::identifiers::ROR_RESOLVER);
        o.insert("identifier".into(), json!(url));
    }
    Value::Object(o)
}

/// An ORCID iD as its URL (`0000-0002-1825-0097` or the URL itself).
pub fn orcid_url(orcid: &str) -> String {
    let o = orcid.trim();
    if o.starts_with("http") {
        o.to_string()
    } else {
        format!("https://orcid.org/{o}")
    }
}

/// An article's corrections as schema.org `CorrectionComment`s, oldest
/// first: the text as plain text (it is markdown in front matter), the day.
fn corrections(a: &Article) -> Value {
    let items = a.corrections.iter().map(|c| {
        let text = crate::escape::strip_tags(&crate::markdown::render_inline(&c.text));
        json!({
            "@type": "CorrectionComment",
            "text": text,
            "datePublished": c.date.iso(),
        })
    });
    Value::Array(items.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script() {
        let v = json!({ "name": "</script><!-- \"x\" & y" });
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
