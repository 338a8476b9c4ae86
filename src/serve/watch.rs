//! Part of `serve`: watching the site's files. Every relevant change is
//! passed on at once; the rebuild loop ([`next_batch`]) turns an editor's
//! burst of events (write a temporary file, rename it over the original)
//! into one rebuild by waiting only until the burst goes quiet, and what
//! arrives during a rebuild becomes the next one. Editor leftovers (`.swp`,
//! `~`, `.#name`, `4913`) and the output folder never trigger one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::{CONFIG_FILE, HEAD_FILE};
use crate::content::is_ignored_name;

/// The folders whose changes rebuild the site, besides `site.toml`.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static"];

/// A burst of events is over when none came for this long. Editors write a
/// file in one go, so this is short: it only keeps the events of one save
/// (truncate, write, rename) in one rebuild.
const QUIET: Duration = Duration::from_millis(8);
/// A burst that never goes quiet (a copy of many files) is cut here.
const LONGEST_BURST: Duration = Duration::from_millis(60);

pub struct Watcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watched: BTreeSet<String>,
}

/// Changed files (relative to the site root), or a watcher error.
pub type Batch = Result<Vec<PathBuf>, String>;

impl Watcher {
    /// Starts watching `root`; relevant changes arrive on the returned
    /// channel as they happen. `output` (the site's own output folder) is
    /// ignored.
    pub fn start(
        root: &Path,
        output: Option<PathBuf>,
    ) -> Result<(Watcher, mpsc::Receiver<Batch>), String> {
        let (tx, rx) = mpsc::channel();
        let root_for_events = root.to_path_buf();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let batch = match res {
                Ok(event) if is_change(&event.kind) => {
                    let paths: Vec<PathBuf> = event
                        .paths
                        .iter()
                        .filter_map(|p| relevant(&root_for_events, output.as_deref(), p))
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Ok(paths)
                }
                Ok(_) => return,
                Err(e) => Err(e.to_string()),
            };
            let _ = tx.send(batch);
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        let mut w = Watcher {
            watcher,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        w.watch_new_dirs();
        Ok((w, rx))
    }

    /// Watches the site's folders that exist now and were not watched yet
    /// (a `templates/` created while serving, or one deleted and re-created).
    pub fn watch_new_dirs(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if exists && !self.watched.contains(*dir) {
                if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir.to_string());
                }
            } else if !exists {
                self.watched.remove(*dir);
            }
        }
    }
}

/// What to rebuild for: the changes that arrived before `first` and with
/// it, gathered until the burst goes quiet. Returns the changed files
/// (sorted, once each) and the watcher errors met.
pub fn next_batch(first: Batch, batches: &mpsc::Receiver<Batch>) -> (Vec<PathBuf>, Vec<String>) {
    let (mut changed, mut errors) = (Vec::new(), Vec::new());
    let mut take = |b: Batch| match b {
        Ok(paths) => changed.extend(paths),
        Err(e) => errors.push(e),
    };
    take(first);
    let started = Instant::now();
    loop {
        let left = LONGEST_BURST.saturating_sub(started.elapsed());
        match batches.recv_timeout(QUIET.min(left)) {
            Ok(b) if !left.is_zero() => take(b),
            Ok(b) => {
                take(b);
                break;
            }
            Err(_) => break,
        }
    }
    changed.sort();
    changed.dedup();
    (changed, errors)
}

/// Reading a file (which every build does) is not a change.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(m)) => !matches!(m, MetadataKind::AccessTime),
        _ => true,
    }
}

/// The path relative to the root, when a change there matters.
fn relevant(root: &Path, output: Option<&Path>, path: &Path) -> Option<PathBuf> {
    if output.is_some_and(|o| path.starts_with(o)) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut components = rel.components();
    let first = components
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let is_config = (first == CONFIG_FILE || first == HEAD_FILE) && components.next().is_none();
    if !is_config && !WATCHED_DIRS.contains(&first.as_str()) {
        return None;
    }
    let leftover = rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()));
    (!leftover).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_matter() {
        let root = Path::new("/site");
        let out = Some(Path::new("/site/public"));
        let r = |p: &str| relevant(root, out, Path::new(p));
        assert_eq!(r("/site/content/a.md"), Some(PathBuf::from("content/a.md")));
        assert_eq!(r("/site/site.toml"), Some(PathBuf::from("site.toml")));
        assert_eq!(r("/site/head.html"), Some(PathBuf::from("head.html")));
        assert_eq!(
            r("/site/templates/article.html"),
            Some(PathBuf::from("templates/article.html"))
        );
        for ignored in [
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/.#a.md",
            "/site/content/4913",
            "/site/README.md",
            "/elsewhere/content/a.md",
        ] {
            assert_eq!(r(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn a_burst_is_one_batch_and_a_later_change_another() {
        let (tx, rx) = mpsc::channel();
        let send = |p: &str| tx.send(Ok(vec![PathBuf::from(p)])).unwrap();
        send("content/b.md");
        send("content/a.md");
        send("content/b.md");
        let first = rx.recv().unwrap();
        let (changed, errors) = next_batch(first, &rx);
        assert_eq!(
            changed,
            [PathBuf::from("content/a.md"), PathBuf::from("content/b.md")]
        );
        assert!(errors.is_empty());
        std::thread::sleep(QUIET * 3);
        send("content/c.md");
        let (changed, _) = next_batch(rx.recv().unwrap(), &rx);
        assert_eq!(changed, [PathBuf::from("content/c.md")]);
    }
}
