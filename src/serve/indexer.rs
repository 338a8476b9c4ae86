//! Part of `folio serve`: the search index, brought up to date on a thread
//! of its own. A rebuild reloads the open pages first and hands the
//! indexing here, so that the next save is rebuilt at once even while a
//! large archive is still being indexed. Only the newest work waits: work
//! a newer save made stale is dropped before it starts.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use super::{Reporter, ServeEvent, Shared};
use crate::diagnostics::Diagnostics;
use crate::output::PreviewOutput;
use crate::pipeline::SearchWork;
use crate::search::Parting;

/// What a finished rebuild leaves for the indexer: its number, and the
/// index it needs (`None`: the one already made or on its way will do).
struct Job {
    build: u64,
    work: Option<SearchWork>,
}

#[derive(Default)]
struct Slot {
    job: Option<Job>,
    stopping: bool,
}

/// The indexing thread, and the one job that waits for it.
pub(super) struct Indexer {
    slot: Arc<(Mutex<Slot>, Condvar)>,
}

impl Indexer {
    pub(super) fn start(
        target: Arc<PreviewOutput>,
        shared: Arc<Shared>,
        report: Reporter,
    ) -> std::io::Result<Indexer> {
        let slot: Arc<(Mutex<Slot>, Condvar)> = Arc::default();
        let theirs = slot.clone();
        std::thread::Builder::new()
            .name("folio-search-index".into())
            .spawn(move || run(&theirs, &target, &shared, &report))?;
        Ok(Indexer { slot })
    }

    /// Build `build` is written; `work` is the index it needs, if a new
    /// one. Replaces any job still waiting: its build is covered by this
    /// one, and its work too, unless this one brings newer work.
    pub(super) fn submit(&self, build: u64, work: Option<SearchWork>) {
        let (lock, ready) = &*self.slot;
        let Ok(mut slot) = lock.lock() else {
            return;
        };
        let waiting = slot.job.take().and_then(|j| j.work);
        slot.job = Some(Job {
            build,
            work: work.or(waiting),
        });
        ready.notify_one();
    }

    /// The thread ends after the job it is doing, if any.
    pub(super) fn stop(&self) {
        let (lock, ready) = &*self.slot;
        if let Ok(mut slot) = lock.lock() {
            slot.stopping = true;
            ready.notify_one();
        }
    }
}

fn run(slot: &(Mutex<Slot>, Condvar), target: &PreviewOutput, shared: &Shared, report: &Reporter) {
    let (lock, ready) = slot;
    // The first index is waited for (the site is announced with it), so
    // it takes every core; later ones are built while saves are rebuilt,
    // and leave a core to them.
    let mut parting: fn(usize) -> Parting = Parting::all_cores;
    loop {
        let job = {
            let Ok(mut slot) = lock.lock() else {
                return;
            };
            loop {
                if slot.stopping {
                    return;
                }
                if let Some(job) = slot.job.take() {
                    break job;
                }
                slot = match ready.wait(slot) {
                    Ok(s) => s,
                    Err(_) => return,
                };
            }
        };
        if let Some(work) = job.work {
            let started = Instant::now();
            let result = work.run(target, parting);
            parting = Parting::beside;
            match result {
                Ok(files) => {
                    target.replace_search_index(&files);
                    report(ServeEvent::Indexed {
                        took: started.elapsed(),
                        rebuilt: true,
                    });
                }
                Err(d) => report(ServeEvent::Failed {
                    changed: Vec::new(),
                    diagnostics: Diagnostics(vec![d]),
                }),
            }
        }
        // Builds up to this one are now complete, index included.
        shared.builds.fetch_max(job.build, Ordering::SeqCst);
    }
}
