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
//! indexes on threads of its own while the markdown step still compiles
//! bodies and the pages are rendered: pagefind's work then overlaps
//! folio's, not follows it. pagefind builds one index on one thread, so a
//! large archive's index is built in parts ([`part_count`]), side by side,
//! which the search page merges.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, mpsc};

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
    /// Retracted (see `content/corrections.rs`): the results mark it.
    pub retracted: bool,
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

/// A file of the index, relative to the folder of its part.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// The part of the index the file belongs to (0: the first).
    pub part: usize,
    pub path: String,
    pub contents: Vec<u8>,
}

/// The most parts an index is built in, whatever its size: each part is
/// a pagefind index of its own that the search page loads and merges.
pub const MAX_PARTS: usize = 8;

/// How many parts an index of `records` records is built in, each of at
/// most `part_size` records (`[search] part_size`) unless that would make
/// more than [`MAX_PARTS`]. pagefind builds an index on one thread; the
/// parts are built side by side, on all cores.
pub fn part_count(records: usize, part_size: usize) -> usize {
    records.div_ceil(part_size.max(1)).clamp(1, MAX_PARTS)
}

/// How an index is built in parts: how many, and how many at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parting {
    /// How many parts the index is built in ([`part_count`]).
    pub parts: usize,
    /// The most parts built at once, each on a core of its own.
    pub at_once: usize,
}

impl Parting {
    /// `parts` parts, as many at once as the machine has cores: a build,
    /// which has nothing else to do with them.
    pub fn all_cores(parts: usize) -> Parting {
        Parting {
            parts,
            at_once: cores(),
        }
    }

    /// `parts` parts, leaving one core free: a preview's index is built
    /// in the background, and the next save must not wait for a core.
    pub fn beside(parts: usize) -> Parting {
        Parting {
            parts,
            at_once: cores().saturating_sub(1).max(1),
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The index of `records`, all in `language` (a code such as `en` or
/// `ur`), built in parts as `parting` says, as the files of their folders.
pub fn index(
    records: Vec<Record>,
    language: &str,
    parting: Parting,
) -> Result<Vec<IndexFile>, Diagnostic> {
    let indexer = Indexer::start(language, records.len(), records.len(), parting);
    for (i, r) in records.into_iter().enumerate() {
        indexer.offer(i, Some(r));
    }
    indexer.finish()
}

/// An index built on threads of its own while the records come in, in
/// any order (a build hands each article over as soon as its body is
/// compiled, from whichever thread compiled it): they are taken in the
/// order of their numbers and the n-th record goes to the part that
/// holds its share of the numbers, so the index is the same whatever
/// the order of arrival, and the same as [`index`] makes of the same
/// records.
pub struct Indexer {
    offers: Option<mpsc::Sender<(usize, Option<Record>)>>,
    thread: std::thread::JoinHandle<Result<Vec<IndexFile>, Diagnostic>>,
}

impl Indexer {
    /// An indexer for `expected` numbered offers (0 to `expected - 1`), of
    /// which `records` are records (the rest are left out), in `language`,
    /// built in parts as `parting` says.
    pub fn start(language: &str, expected: usize, records: usize, parting: Parting) -> Indexer {
        let (offers, incoming) = mpsc::channel();
        // pagefind stems words by the primary language: `en` of `en-GB`.
        let language = crate::config::primary(language);
        let plan = Plan {
            expected,
            records,
            parts: parting.parts.max(1),
            at_once: parting.at_once,
        };
        let thread = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || dispatch(&incoming, plan, &language))
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

#[derive(Clone, Copy)]
struct Plan {
    expected: usize,
    records: usize,
    parts: usize,
    at_once: usize,
}

/// What a part's thread is told: a record to add, or that every record
/// is in. A part whose channel closes without the latter (a build that
/// failed) stops without building.
enum ToPart {
    Add(Box<Record>),
    Build,
}

/// The indexer's thread: puts the offers in order as they arrive and
/// hands each record to its part's thread, then collects the parts.
fn dispatch(
    incoming: &mpsc::Receiver<(usize, Option<Record>)>,
    plan: Plan,
    language: &str,
) -> Result<Vec<IndexFile>, Diagnostic> {
    let mut senders = Vec::with_capacity(plan.parts);
    let mut threads = Vec::with_capacity(plan.parts);
    let gate = Arc::new(Gate::new(plan.at_once));
    for part in 0..plan.parts {
        let (send, receive) = mpsc::channel();
        let language = language.to_string();
        let gate = gate.clone();
        let thread = std::thread::Builder::new()
            .name(format!("search-part-{}", part + 1))
            .spawn(move || {
                let _turn = gate.enter(part);
                build_part(&receive, part, &language)
            })
            .map_err(|e| fault("start the indexer", &e))?;
        senders.push(send);
        threads.push(thread);
    }
    let mut waiting = BTreeMap::new();
    let (mut next, mut rank, mut filling) = (0, 0, 0);
    while next < plan.expected {
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
                let part = (rank * plan.parts / plan.records.max(1)).min(plan.parts - 1);
                rank += 1;
                // The parts before it have all their records: they can
                // build while the rest still come in.
                for done in &senders[filling..part] {
                    let _ = done.send(ToPart::Build);
                }
                filling = part;
                let _ = senders[part].send(ToPart::Add(Box::new(r)));
            }
        }
    }
    for s in &senders[filling..] {
        let _ = s.send(ToPart::Build);
    }
    drop(senders);
    let mut files = Vec::new();
    for t in threads {
        let part = t
            .join()
            .unwrap_or_else(|_| Err(fault("index", &"the indexer stopped")))?;
        files.extend(part);
    }
    Ok(files)
}

/// How many parts are built at once: no more than the machine has cores
/// ([`Parting`]), since each holds its whole part in memory until it is
/// written (about 0.25 MiB a record). Part `n` starts once
/// `n + 1 - cores` parts have finished, so no more than `cores` are ever
/// under way; the earliest
/// unfinished part can always go on (every part before it is done), so
/// the parts never wait on each other in a circle.
struct Gate {
    cores: usize,
    finished: Mutex<usize>,
    changed: Condvar,
}

/// A part's turn; it ends (and lets the next part in) when dropped,
/// whether the part was built or failed.
struct Turn<'a>(&'a Gate);

impl Gate {
    fn new(cores: usize) -> Gate {
        Gate {
            cores: cores.max(1),
            finished: Mutex::new(0),
            changed: Condvar::new(),
        }
    }

    fn enter(&self, part: usize) -> Turn<'_> {
        if let Ok(mut finished) = self.finished.lock() {
            while part >= *finished + self.cores {
                match self.changed.wait(finished) {
                    Ok(f) => finished = f,
                    Err(_) => break,
                }
            }
        }
        Turn(self)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if let Ok(mut finished) = self.0.finished.lock() {
            *finished += 1;
        }
        self.0.changed.notify_all();
    }
}

fn fault(what: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error("search index", format!("cannot {what}: {e}"))
        .help("this is a fault in folio or pagefind, not in your content; please report it")
}

/// One part's thread: adds its records in the order they come, then
/// builds the part's index.
fn build_part(
    incoming: &mpsc::Receiver<ToPart>,
    part: usize,
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
        loop {
            match incoming.recv() {
                Ok(ToPart::Add(r)) => add(&mut idx, *r, language).await?,
                Ok(ToPart::Build) => break,
                Err(_) => {
                    return Err(fault(
                        "index",
                        &"the build stopped before every article was in",
                    ));
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
                part,
                path: f.filename.to_string_lossy().replace('\\', "/"),
                contents: f.contents,
            })
            .filter(|f| part == 0 || !is_client_code(&f.path))
            .collect())
    })
}

/// Whether an index file is pagefind's client code (its search API,
/// worker, UI scripts and styles) rather than index data. The search page
/// loads the client from the first part only and merges the other parts'
/// data into it, so the other parts leave their copies out (about 520 KB
/// each).
fn is_client_code(path: &str) -> bool {
    !path.contains('/')
        && path.starts_with("pagefind")
        && (path.ends_with(".js") || path.ends_with(".css"))
}

async fn add(idx: &mut PagefindIndex, r: Record, language: &str) -> Result<(), Diagnostic> {
    let content = r.content();
    let mut meta = BTreeMap::from([
        ("title".to_string(), r.title),
        ("byline".to_string(), r.byline),
        ("date".to_string(), r.date_display),
        ("datetime".to_string(), r.date.clone()),
    ]);
    if r.retracted {
        meta.insert("retracted".to_string(), "true".to_string());
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn record(n: usize) -> Record {
        Record {
            url: format!("/commentary/piece-{n}/"),
            title: format!("Piece {n}"),
            byline: "By A".into(),
            date: "2025-01-01".into(),
            date_display: "1 January 2025".into(),
            section: "Commentary".into(),
            tags: vec!["trade".into()],
            summary: String::new(),
            body: format!("Body {n} about trade."),
            retracted: false,
        }
    }

    fn contents(files: &[IndexFile]) -> Vec<(usize, String, Vec<u8>)> {
        let mut all: Vec<_> = files
            .iter()
            .map(|f| (f.part, f.path.clone(), f.contents.clone()))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn an_index_in_parts_is_the_same_whatever_order_the_records_come_in() {
        let in_order = index((0..7).map(record).collect(), "en", Parting::beside(3)).unwrap();
        let indexer = Indexer::start("en", 9, 7, Parting::all_cores(3));
        // Offers 7 and 8 are drafts; the others come last first.
        for i in (0..9).rev() {
            indexer.offer(i, (i < 7).then(|| record(i)));
        }
        let reversed = indexer.finish().unwrap();
        assert_eq!(contents(&in_order), contents(&reversed));
        let parts: std::collections::BTreeSet<usize> = in_order.iter().map(|f| f.part).collect();
        assert_eq!(parts.into_iter().collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn no_more_parts_are_built_at_once_than_the_gate_allows() {
        let gate = Arc::new(Gate::new(2));
        let (alive, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let threads: Vec<_> = (0..6)
            .rev()
            .map(|part| {
                let (gate, alive, most) = (gate.clone(), alive.clone(), most.clone());
                std::thread::spawn(move || {
                    let _turn = gate.enter(part);
                    let now = alive.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    alive.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    #[test]
    fn a_background_index_leaves_a_core_to_the_preview() {
        let (all, beside) = (Parting::all_cores(4), Parting::beside(4));
        assert_eq!((all.parts, beside.parts), (4, 4));
        assert_eq!(all.at_once, cores());
        assert_eq!(beside.at_once, (cores() - 1).max(1));
    }

    #[test]
    fn only_index_data_is_kept_in_parts_after_the_first() {
        for code in [
            "pagefind.js",
            "pagefind-worker.js",
            "pagefind-ui.css",
            "pagefind-highlight.js",
        ] {
            assert!(is_client_code(code), "{code}");
        }
        for data in [
            "pagefind-entry.json",
            "pagefind.en_83a1bedc8b.pf_meta",
            "wasm.en.pagefind",
            "index/en_1.pf_index",
            "fragment/en_2.pf_fragment",
            "filter/en_3.pf_filter",
        ] {
            assert!(!is_client_code(data), "{data}");
        }
    }

    #[test]
    fn parts_grow_with_the_records_up_to_the_most() {
        assert_eq!(part_count(0, 2500), 1);
        assert_eq!(part_count(2500, 2500), 1);
        assert_eq!(part_count(2501, 2500), 2);
        assert_eq!(part_count(1_000_000, 2500), MAX_PARTS);
        assert_eq!(part_count(5, 0), 5);
    }
}
