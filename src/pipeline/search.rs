//! Part of the pipeline: the search step's records, made from the site and
//! its compiled bodies, and the index written into the output. A preview
//! keeps the fingerprint of what it indexed last and skips the step while
//! nothing that is indexed has changed (a template, a stylesheet, a draft,
//! a scheduled piece, an unpublished file); the fingerprint is hashed from
//! the site as it is, without copying any text.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::content::{Article, Byline, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::SiteHtml;
use crate::output::OutputTarget;
use crate::render::OutputFile;
use crate::routes::scheme;
use crate::search::{self, Record};

/// A fingerprint of everything the index of `site` would hold: the same,
/// and the index a preview has is the one it would build.
pub(super) fn fingerprint(
    site: &Site,
    html: &SiteHtml,
    words: &toml::Table,
    language: &str,
) -> u64 {
    let mut h = DefaultHasher::new();
    language.hash(&mut h);
    for k in ["by", "and", "comma", "months"] {
        words.get(k).map(|v| v.to_string()).hash(&mut h);
    }
    for (a, html) in indexed(site, html) {
        (&a.url, &a.title, &a.date, &a.tags, a.section).hash(&mut h);
        for name in names(site, a) {
            name.hash(&mut h);
        }
        a.tags
            .iter()
            .filter_map(|t| site.tags.get(t))
            .for_each(|t| t.name.hash(&mut h));
        site.sections.get(a.section).map(|s| &s.title).hash(&mut h);
        (&html.summary_html, &html.body.text).hash(&mut h);
    }
    h.finish()
}

/// The articles the index holds: published, neither drafts nor scheduled.
fn indexed<'a>(
    site: &'a Site,
    html: &'a SiteHtml,
) -> impl Iterator<Item = (&'a Article, &'a crate::markdown::ArticleHtml)> {
    site.articles
        .iter()
        .zip(&html.articles)
        .filter(|(a, _)| !a.draft && !a.scheduled)
        .map(|(a, h)| (a.as_ref(), h.as_ref()))
}

/// The names of an article's byline, in order.
fn names<'a>(site: &'a Site, a: &'a Article) -> impl Iterator<Item = &'a str> {
    a.authors.iter().filter_map(|b| match b {
        Byline::Profile(slug) => site.authors.get(slug).map(|p| p.person.name.as_str()),
        Byline::Inline(p) => Some(p.name.as_str()),
    })
}

/// What the step did.
pub(super) struct Indexed {
    /// The files written (relative to the output), none when skipped.
    pub files: Option<Vec<String>>,
    pub fingerprint: u64,
}

/// Indexes the published articles of `site` (never drafts or scheduled
/// pieces) into `target`, unless their records' fingerprint is `last`.
pub(super) fn run(
    site: &Site,
    html: &SiteHtml,
    words: &toml::Table,
    language: &str,
    last: Option<u64>,
    target: &dyn OutputTarget,
) -> Result<Indexed, Diagnostic> {
    let fingerprint = fingerprint(site, html, words, language);
    if last == Some(fingerprint) {
        return Ok(Indexed {
            files: None,
            fingerprint,
        });
    }
    let records = records(site, html, words);
    let folder = scheme::file_of(scheme::SEARCH_INDEX);
    let folder = folder.trim_end_matches("index.html");
    let mut written = Vec::new();
    for f in search::index(&records, language)? {
        let path = format!("{folder}{}", f.path);
        target.write(&OutputFile {
            path: path.clone(),
            contents: f.contents,
        })?;
        written.push(path);
    }
    Ok(Indexed {
        files: Some(written),
        fingerprint,
    })
}

/// One record per published article, newest first.
fn records(site: &Site, html: &SiteHtml, words: &toml::Table) -> Vec<Record> {
    let word = |k: &str, default: &str| {
        words
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or(default)
            .to_string()
    };
    let (by, and, comma) = (word("by", "By"), word("and", "and"), word("comma", ", "));
    let months: Vec<String> = words
        .get("months")
        .and_then(|m| m.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    indexed(site, html)
        .map(|(a, h)| {
            let names: Vec<&str> = names(site, a).collect();
            Record {
                url: a.url.clone(),
                title: a.title.clone(),
                byline: byline(&names, &by, &and, &comma),
                date: a.date.iso(),
                date_display: a.date.display(&months),
                section: site
                    .sections
                    .get(a.section)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                tags: a
                    .tags
                    .iter()
                    .filter_map(|t| site.tags.get(t).map(|t| t.name.clone()))
                    .collect(),
                summary: plain(&h.summary_html),
                body: h.body.text.clone(),
            }
        })
        .collect()
}

/// "By A, B and C" in the theme's words.
fn byline(names: &[&str], by: &str, and: &str, comma: &str) -> String {
    match names {
        [] => String::new(),
        [one] => format!("{by} {one}"),
        [rest @ .., last] => format!("{by} {} {and} {last}", rest.join(comma)),
    }
}

/// The text of a summary's HTML.
fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    #[test]
    fn bylines_in_words() {
        assert_eq!(super::byline(&["A"], "By", "and", ", "), "By A");
        assert_eq!(
            super::byline(&["A", "B", "C"], "By", "and", ", "),
            "By A, B and C"
        );
    }
}
