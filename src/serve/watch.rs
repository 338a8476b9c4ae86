//! Part of `serve`: watching the site's files. Debounced, so a burst of
//! saves (or an editor's write-temporary-then-rename) is one rebuild; editor
//! leftovers (`.swp`, `~`, `.#name`, `4913`) and the output folder never
//! trigger one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::content::is_ignored_name;

/// The folders whose changes rebuild the site, besides `site.toml`.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static"];

/// How long the watcher waits for a burst of saves to end.
const DEBOUNCE: Duration = Duration::from_millis(120);

pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<String>,
}

/// A batch of changed files (relative to the site root), or a watcher error.
pub type Batch = Result<Vec<PathBuf>, String>;

impl Watcher {
    /// Starts watching `root`; batches of relevant changes arrive on the
    /// returned channel. `output` (the site's own output folder) is ignored.
    pub fn start(
        root: &Path,
        output: Option<PathBuf>,
    ) -> Result<(Watcher, mpsc::Receiver<Batch>), String> {
        let (tx, rx) = mpsc::channel();
        let root_for_events = root.to_path_buf();
        let debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
            let batch = match res {
                Ok(events) => {
                    let mut paths: Vec<PathBuf> = events
                        .iter()
                        .filter(|e| is_change(&e.kind))
                        .flat_map(|e| e.paths.iter())
                        .filter_map(|p| relevant(&root_for_events, output.as_deref(), p))
                        .collect();
                    paths.sort();
                    paths.dedup();
                    if paths.is_empty() {
                        return;
                    }
                    Ok(paths)
                }
                Err(errors) => Err(errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")),
            };
            let _ = tx.send(batch);
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        w.debouncer
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
                if self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
                {
                    self.watched.insert(dir.to_string());
                }
            } else if !exists {
                self.watched.remove(*dir);
            }
        }
    }
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
    let is_config = first == CONFIG_FILE && components.next().is_none();
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
}
