//! The search step, after rendering: the site's search index, built at
//! build time with pagefind used as a library. Each published article is
//! one record (title, authors, summary, body text, section and tags; never
//! drafts or scheduled pieces), given to pagefind as text with the values
//! a result shows (title, byline, date) rather than as a page to parse, so
//! the index does not depend on the theme's markup. pagefind writes a
//! chunked index that the search page loads piece by piece, which keeps
//! searching fast on large archives.
//!
//! [`index`] takes the records of one language and builds that language's
//! index; a site in several languages calls it once per language, each
//! index in its own folder.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;

/// One article as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site-relative URL of the page: `/commentary/istanbul-talks/`.
    pub url: String,
    pub title: String,
    /// "By Anum Malik and Daniyal Hassan", in the site's words.
    pub byline: String,
    /// ISO date, for sorting and `<time>`.
    pub date: String,
    /// The date as the site prints it.
    pub date_display: String,
    pub section: String,
    pub tags: Vec<String>,
    /// Summary and body as plain text.
    pub summary: String,
    pub body: String,
}

impl Record {
    /// Everything a search matches: title, byline, summary, body, section, tags.
    fn content(&self) -> String {
        let mut text = String::with_capacity(self.body.len() + self.summary.len() + 256);
        for part in [
            &self.title,
            &self.byline,
            &self.summary,
            &self.body,
            &self.section,
        ] {
            text.push_str(part);
            text.push_str("\n\n");
        }
        text.push_str(&self.tags.join(", "));
        text
    }
}

/// A file of the index, relative to the index folder.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// The pagefind index of `records`, all in `language` (a code such as
/// `en` or `ur`), as the files of its folder.
pub fn index(records: &[Record], language: &str) -> Result<Vec<IndexFile>, Diagnostic> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error("search index", format!("cannot {what}: {e}"))
            .help("this is a fault in folio or pagefind, not in your content; please report it")
    };
    // pagefind is async; a runtime of its own, on the calling thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("start the indexer", &e))?;
    let language = primary(language);
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.clone())
            .build();
        let mut idx = PagefindIndex::new(Some(config)).map_err(|e| fail("start pagefind", &e))?;
        for r in records {
            let meta = BTreeMap::from([
                ("title".to_string(), r.title.clone()),
                ("byline".to_string(), r.byline.clone()),
                ("date".to_string(), r.date_display.clone()),
                ("datetime".to_string(), r.date.clone()),
            ]);
            let filters = BTreeMap::from([
                ("section".to_string(), vec![r.section.clone()]),
                ("tag".to_string(), r.tags.clone()),
            ]);
            let sort = BTreeMap::from([("date".to_string(), r.date.clone())]);
            idx.add_custom_record(
                r.url.clone(),
                r.content(),
                language.clone(),
                Some(meta),
                Some(filters),
                Some(sort),
            )
            .await
            .map_err(|e| fail(&format!("index {}", r.url), &e))?;
        }
        let files = idx
            .get_files()
            .await
            .map_err(|e| fail("write the index", &e))?;
        Ok(files
            .into_iter()
            .map(|f| IndexFile {
                path: f.filename.to_string_lossy().replace('\\', "/"),
                contents: f.contents,
            })
            .collect())
    })
}

/// `en` of `en-GB`: pagefind stems words by the primary language.
fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or(language)
        .to_lowercase()
}
