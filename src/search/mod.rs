//! The search step, after rendering: the site's search index, built at
//! build time with pagefind used as a library. Each published article
//! (title, authors, summary, body text, section and tags; never drafts or
//! scheduled pieces) and each published standalone page is one record,
//! given to pagefind as text with the values a result shows (title,
//! byline, date) rather than as a page to parse, so
//! the index does not depend on the theme's markup. pagefind writes a
//! chunked index that the search page loads piece by piece, which keeps
//! searching fast on large archives.
//!
//! [`index`] takes the records of one language and builds that language's
//! index; a site in several languages calls it once per language, each
//! index in its own folder. A build uses an [`Indexer`] instead, which
//! indexes on a thread of its own while the markdown step still compiles
//! bodies and the pages are rendered: pagefind's work then overlaps
//! folio's, not follows it.

use std::collections::BTreeMap;
use std::sync::mpsc;

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
pub fn index(records: Vec<Record>, language: &str) -> Result<Vec<IndexFile>, Diagnostic> {
    let indexer = Indexer::start(language, records.len());
    for (i, r) in records.into_iter().enumerate() {
        indexer.offer(i, Some(r));
    }
    indexer.finish()
}

/// An index built on a thread of its own while the records come in, in
/// any order (a build hands each article over as soon as its body is
/// compiled, from whichever thread compiled it): they are added in the
/// order of their numbers, so the index is the same whatever the order of
/// arrival, and the same as [`index`] makes of the same records.
pub struct Indexer {
    offers: Option<mpsc::Sender<(usize, Option<Record>)>>,
    thread: std::thread::JoinHandle<Result<Vec<IndexFile>, Diagnostic>>,
}

impl Indexer {
    /// An indexer for `expected` numbered offers (0 to `expected - 1`) in
    /// `language`.
    pub fn start(language: &str, expected: usize) -> Indexer {
        let (offers, incoming) = mpsc::channel();
        let language = primary(language);
        let thread = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || build(&incoming, expected, &language))
            .expect("a thread for the search index");
        Indexer {
            offers: Some(offers),
            thread,
        }
    }

    /// Offer number `i`: a record, or `None` for a piece the index leaves
    /// out (a draft).
    pub fn offer(&self, i: usize, record: Option<Record>) {
        if let Some(offers) = &self.offers {
            // The thread only stops early on a fault, which `finish` reports.
            let _ = offers.send((i, record));
        }
    }

    /// The index's files, once every offer is in.
    pub fn finish(mut self) -> Result<Vec<IndexFile>, Diagnostic> {
        self.offers.take();
        self.thread
            .join()
            .unwrap_or_else(|_| Err(fault("index", &"the indexer stopped")))
    }
}

fn fault(what: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error("search index", format!("cannot {what}: {e}"))
        .help("this is a fault in folio or pagefind, not in your content; please report it")
}

/// The indexer's thread: adds the offers in order as they arrive, then
/// builds the index. An indexer dropped before every offer came (a build
/// that failed) stops without building.
fn build(
    incoming: &mpsc::Receiver<(usize, Option<Record>)>,
    expected: usize,
    language: &str,
) -> Result<Vec<IndexFile>, Diagnostic> {
    // pagefind is async; a runtime of its own, on this thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fault("start the indexer", &e))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut idx = PagefindIndex::new(Some(config)).map_err(|e| fault("start pagefind", &e))?;
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        while next < expected {
            let Ok((i, record)) = incoming.recv() else {
                return Err(fault(
                    "index",
                    &"the build stopped before every article was in",
                ));
            };
            waiting.insert(i, record);
            while let Some(record) = waiting.remove(&next) {
                next += 1;
                if let Some(r) = record {
                    add(&mut idx, r, language).await?;
                }
            }
        }
        let files = idx
            .get_files()
            .await
            .map_err(|e| fault("write the index", &e))?;
        Ok(files
            .into_iter()
            .map(|f| IndexFile {
                path: f.filename.to_string_lossy().replace('\\', "/"),
                contents: f.contents,
            })
            .collect())
    })
}

async fn add(idx: &mut PagefindIndex, r: Record, language: &str) -> Result<(), Diagnostic> {
    let content = r.content();
    let meta = BTreeMap::from([
        ("title".to_string(), r.title),
        ("byline".to_string(), r.byline),
        ("date".to_string(), r.date_display),
        ("datetime".to_string(), r.date.clone()),
    ]);
    // A standalone page has no section, tags or date: no empty filter values.
    let mut filters = BTreeMap::new();
    if !r.section.is_empty() {
        filters.insert("section".to_string(), vec![r.section]);
    }
    if !r.tags.is_empty() {
        filters.insert("tag".to_string(), r.tags);
    }
    let sort = BTreeMap::from([("date".to_string(), r.date)]);
    idx.add_custom_record(
        r.url.clone(),
        content,
        language.to_string(),
        Some(meta),
        Some(filters),
        Some(sort),
    )
    .await
    .map_err(|e| fault(&format!("index {}", r.url), &e))?;
    Ok(())
}

/// `en` of `en-GB`: pagefind stems words by the primary language.
fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or(language)
        .to_lowercase()
}
