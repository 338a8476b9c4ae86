//! Part of the pipeline: what wraps every step once, its lap of the
//! timings (`--timings`) and the progress hook (a progress bar), so that
//! the list of steps says nothing else.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Called with (step, done, total) at the start of each step (done = 0;
/// total = 0 but for the steps that count: the articles compiled, the
/// pages rendered) and as each thing counted is done.
pub type ProgressFn = dyn Fn(&str, usize, usize) + Send + Sync;

/// The progress hook a run tells of its steps (a progress bar).
#[derive(Clone)]
pub struct Progress(pub Arc<ProgressFn>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// A run's steps, timed lap by lap and told to the progress hook.
pub(super) struct Clock {
    progress: Option<Progress>,
    at: Instant,
    pub(super) laps: Vec<(&'static str, Duration)>,
}

/// The count of a step that tells the progress hook of each thing done
/// (an article compiled, a page rendered).
pub(super) struct Tick<'c> {
    name: &'static str,
    total: usize,
    done: AtomicUsize,
    progress: Option<&'c Progress>,
}

impl Tick<'_> {
    /// One more done.
    pub(super) fn one(&self) {
        if let Some(p) = self.progress {
            let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
            (p.0)(self.name, done, self.total);
        }
    }
}

impl Clock {
    pub(super) fn start(progress: Option<Progress>) -> Clock {
        Clock {
            progress,
            at: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Runs step `name`: tells the hook it starts, and times it (with
    /// whatever ran since the last step, so the laps add up to the run).
    pub(super) fn step<T>(&mut self, name: &'static str, run: impl FnOnce() -> T) -> T {
        self.counted(name, 0, |_| run())
    }

    /// As [`Clock::step`], for a step of `total` things that tells the
    /// hook of each as it is done.
    pub(super) fn counted<T>(
        &mut self,
        name: &'static str,
        total: usize,
        run: impl FnOnce(&Tick<'_>) -> T,
    ) -> T {
        if let Some(p) = &self.progress {
            (p.0)(name, 0, total);
        }
        let tick = Tick {
            name,
            total,
            done: AtomicUsize::new(0),
            progress: self.progress.as_ref(),
        };
        let out = run(&tick);
        self.laps.push((name, self.at.elapsed()));
        self.at = Instant::now();
        out
    }
}
