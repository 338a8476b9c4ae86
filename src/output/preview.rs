//! Part of the output stage, for `serve` only: the live preview folder.
//! Rebuilds write into it in place, each file replaced atomically (written
//! beside, then renamed) so the server never sends half a page; files a
//! rebuild no longer produces are removed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::{OutputTarget, io_error, safe_join};
use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use crate::routes::RouteTable;

/// A file's modification time and length: enough to tell it changed.
type Stamp = (Option<SystemTime>, u64);

pub struct PreviewOutput {
    dir: PathBuf,
    /// (source file, output path) -> its stamp when last copied.
    copied: Mutex<HashMap<(PathBuf, String), Stamp>>,
    /// The routes of the last run, edition by edition.
    previous: Mutex<Option<Vec<Arc<RouteTable>>>>,
    /// The files of the search index the preview has (not routes: the
    /// search step names them).
    search_files: Mutex<HashSet<String>>,
}

impl PreviewOutput {
    pub fn new(dir: &Path) -> Result<PreviewOutput, Diagnostic> {
        std::fs::create_dir_all(dir)
            .map_err(|e| io_error("cannot create the preview folder", dir, e))?;
        Ok(PreviewOutput {
            dir: dir.to_path_buf(),
            copied: Mutex::new(HashMap::new()),
            previous: Mutex::new(None),
            search_files: Mutex::new(HashSet::new()),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn replace(
        &self,
        rel: &str,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let path = safe_join(&self.dir, rel).ok_or_else(|| {
            Diagnostic::error(rel, "refusing to write outside the preview folder")
        })?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("cannot create a folder", parent, e))?;
        }
        let tmp = path.with_file_name(format!(
            ".{}.folio-tmp",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        write(&tmp).map_err(|e| io_error("cannot write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io_error("cannot write", &path, e))
    }

    /// Removes every file the routes do not list, and the folders left
    /// empty. After the first time only the files of the last run's routes
    /// that these lack are looked at (none, when the routes are the same):
    /// no walk of a large site.
    /// The files of the search index are the search step's: see
    /// [`PreviewOutput::replace_search_index`].
    pub fn remove_stale(&self, routes: &[Arc<RouteTable>]) {
        let previous = self
            .previous
            .lock()
            .ok()
            .and_then(|mut p| p.replace(routes.to_vec()));
        fn files(tables: &[Arc<RouteTable>]) -> HashSet<&str> {
            tables.iter().flat_map(|t| t.files()).collect()
        }
        match previous {
            Some(previous)
                if previous.len() == routes.len()
                    && previous.iter().zip(routes).all(|(a, b)| Arc::ptr_eq(a, b)) => {}
            Some(previous) => {
                let keep = files(routes);
                for gone in files(&previous).into_iter().filter(|f| !keep.contains(f)) {
                    if let Some(path) = safe_join(&self.dir, gone) {
                        let _ = std::fs::remove_file(&path);
                        // Then the folders it leaves empty, up to the top.
                        let mut dir = path.parent();
                        while let Some(d) = dir.filter(|d| *d != self.dir) {
                            if std::fs::remove_dir(d).is_err() {
                                break;
                            }
                            dir = d.parent();
                        }
                    }
                }
            }
            None => {
                let search = self
                    .search_files
                    .lock()
                    .map(|s| s.clone())
                    .unwrap_or_default();
                let keep = routes
                    .iter()
                    .flat_map(|t| t.files())
                    .chain(search.iter().map(String::as_str));
                self.remove_unlisted(&keep.collect())
            }
        }
    }

    /// The search index just written (`files`) replaces the one before:
    /// its files that are not in the new one are removed.
    pub fn replace_search_index(&self, files: &[String]) {
        let Ok(mut old) = self.search_files.lock() else {
            return;
        };
        let new: HashSet<String> = files.iter().cloned().collect();
        for gone in old.difference(&new) {
            if let Some(path) = safe_join(&self.dir, gone) {
                let _ = std::fs::remove_file(path);
            }
        }
        *old = new;
    }

    fn remove_unlisted(&self, keep: &HashSet<&str>) {
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let Ok(rel) = entry.path().strip_prefix(&self.dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                dirs.push(entry.path().to_path_buf());
            } else if !keep.contains(rel.as_str()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        // Deepest first; remove_dir fails harmlessly on folders still in use.
        for d in dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

impl OutputTarget for PreviewOutput {
    fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        // Unchanged pages keep their file (and their modification time).
        if let Some(path) = safe_join(&self.dir, &f.path)
            && std::fs::read(&path).is_ok_and(|old| old == f.contents)
        {
            return Ok(());
        }
        self.replace(&f.path, |tmp| std::fs::write(tmp, &f.contents))
    }

    /// Copies unless the same source (by modification time and length) was
    /// copied there before: a rebuild does not copy every PDF again.
    fn copy(&self, from: &Path, to: &str) -> Result<(), Diagnostic> {
        let meta = std::fs::metadata(from).map_err(|e| io_error("cannot read", from, e))?;
        let stamp = (meta.modified().ok(), meta.len());
        let key = (from.to_path_buf(), to.to_string());
        let fresh = self
            .copied
            .lock()
            .map(|m| m.get(&key) == Some(&stamp))
            .unwrap_or(false);
        if fresh && safe_join(&self.dir, to).is_some_and(|p| p.exists()) {
            return Ok(());
        }
        self.replace(to, |tmp| std::fs::copy(from, tmp).map(|_| ()))?;
        if let Ok(mut m) = self.copied.lock() {
            m.insert(key, stamp);
        }
        Ok(())
    }
}
