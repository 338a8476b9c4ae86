//! Writing the site, for the render and copy steps. Everything goes into a staging
//! folder beside the output folder, which replaces the output only when all
//! of it was written; a failed build leaves the previous site untouched and
//! no staging folder behind. folio writes nowhere else.
//!
//! A build that is killed cannot tidy up after itself, so a staging folder
//! carries the output marker from its first moment, locked for as long as
//! its build runs: a later build removes any such folder whose lock nobody
//! holds (the operating system drops a lock with its process, however the
//! process ended), and never a folder without the marker.

mod preview;

pub use preview::PreviewOutput;

/// Somewhere a build writes: a staging folder (`build`) or the live preview
/// folder (`serve`). Both are written from many threads at once.
pub trait OutputTarget: Sync {
    /// Writes one rendered file.
    fn write(&self, f: &OutputFile) -> Result<(), Diagnostic>;
    /// Copies the file at `from` to `to` (relative to the output, `/`-separated).
    fn copy(&self, from: &Path, to: &str) -> Result<(), Diagnostic>;
}

use std::path::{Component, Path, PathBuf};

use std::collections::HashSet;
use std::fs::File;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;

/// A file folio leaves in its output so that it knows, next time, that the
/// folder is its own and may be replaced.
pub const MARKER: &str = ".folio-output";
const MARKER_TEXT: &str =
    "This folder is written by `folio build`; it is replaced on every build.\n";

/// Folders of the site that an output folder must never be, or contain.
const PROTECTED: &[&str] = &["content", "themes", "templates", "static"];

/// Checks that `output` is a folder folio may replace, and returns its
/// absolute path. `force` allows replacing a non-empty folder folio did not write.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let output_abs = if output.is_absolute() {
        output.to_path_buf()
    } else {
        root.join(output)
    };
    let out = canonical_even_if_missing(&output_abs);
    let root_c = canonical_even_if_missing(root);
    let shown = output.display().to_string();
    let refuse = |why: String| {
        Diagnostic::error(
            &shown,
            format!("refusing to use `{shown}` as the output folder: {why}"),
        )
        .help("choose a folder of its own for the built site, e.g. --output public")
    };
    if out.parent().is_none() {
        return Err(refuse("it is the root of the file system".into()));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        let home = canonical_even_if_missing(&home);
        if home.starts_with(&out) {
            return Err(refuse("it is, or contains, your home folder".into()));
        }
    }
    if root_c.starts_with(&out) {
        return Err(refuse("it is, or contains, the site itself".into()));
    }
    for name in PROTECTED {
        let p = root_c.join(name);
        if p.starts_with(&out) || out.starts_with(&p) {
            return Err(refuse(format!("it overlaps the site's {name}/ folder")));
        }
    }
    if out.is_file() {
        return Err(refuse("it is a file".into()));
    }
    if out.is_dir() && !force && !out.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                &shown,
                format!(
                    "`{shown}` already exists and was not written by folio; it would be replaced"
                ),
            )
            .help("move it away, choose another --output, or pass --force to replace it"));
        }
    }
    Ok(out)
}

/// The output folder of a build: `explicit` (`--output`, already made
/// absolute) when given, else `output_dir` of site.toml; checked as
/// [`check_output_dir`] does. A refusal of the configured folder points at
/// its line in site.toml.
pub fn check_configured_output(
    root: &Path,
    config: &crate::config::Config,
    explicit: Option<&Path>,
    force: bool,
) -> Result<PathBuf, Diagnostic> {
    if let Some(out) = explicit {
        return check_output_dir(root, out, force);
    }
    check_output_dir(root, &config.output_dir, force).map_err(|d| {
        let help = d.help.clone().unwrap_or_default();
        let help = if config.sets("output_dir") {
            format!("{help}; or set another `output_dir` in site.toml")
        } else {
            format!(
                "{help}; `public` is the default: set `output_dir` in site.toml to choose another"
            )
        };
        config.point("output_dir", d).help(help)
    })
}

/// The canonical form of `p`, resolving the part that exists, so that
/// symbolic links and `..` cannot disguise a protected folder.
fn canonical_even_if_missing(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalise(&out);
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return normalise(p),
        }
    }
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A build in progress: files go into a staging folder beside the output,
/// which replaces the output only on [`StagedOutput::commit`]. Dropped
/// without a commit (an error, a panic), it removes the staging folder.
pub struct StagedOutput {
    out: PathBuf,
    staging: PathBuf,
    written: AtomicUsize,
    /// Folders of the staging tree already made: a site writes tens of
    /// thousands of files into a few thousand folders, and asking the file
    /// system to make an existing folder again costs a system call each.
    folders: RwLock<HashSet<PathBuf>>,
    /// The marker inside the staging folder, held locked while the build
    /// runs: what tells a later build that this folder is still in use.
    _lock: File,
    committed: bool,
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        forget_in_progress(&self.staging);
    }
}

/// Staging folders of this process's builds in progress, for
/// [`abandon_builds`].
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set once the process is being stopped: no file is written after it.
static ABANDONED: AtomicBool = AtomicBool::new(false);

fn forget_in_progress(staging: &Path) {
    if let Ok(mut v) = IN_PROGRESS.lock() {
        v.retain(|p| p != staging);
    }
}

/// Removes the staging folders of every build in progress in this process
/// and refuses any later write, for a process about to exit on a signal
/// (Ctrl-C, SIGTERM). The previous outputs are untouched. Returns how many
/// folders were removed.
pub fn abandon_builds() -> usize {
    ABANDONED.store(true, Ordering::SeqCst);
    let stagings = IN_PROGRESS.lock().map(|v| v.clone()).unwrap_or_default();
    for staging in &stagings {
        // The build's threads may still be making folders while this runs:
        // a few passes catch what they added.
        for _ in 0..3 {
            if std::fs::remove_dir_all(staging).is_ok() || !staging.exists() {
                break;
            }
        }
    }
    stagings.len()
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
        .help("nothing was replaced; the previous output is intact")
}

impl StagedOutput {
    /// Creates an empty staging folder for `out` (an already checked path).
    pub fn begin(out: &Path) -> Result<StagedOutput, Diagnostic> {
        let parent = out.parent().unwrap_or(Path::new("."));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error("cannot create the output's parent folder", parent, e))?;
        let staging = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging)
            .map_err(|e| io_error("cannot create the staging folder", &staging, e))?;
        let lock = lock_marker(&staging)
            .map_err(|e| io_error("cannot write the staging folder's marker", &staging, e))?;
        if let Ok(mut v) = IN_PROGRESS.lock() {
            v.push(staging.clone());
        }
        Ok(StagedOutput {
            out: out.to_path_buf(),
            staging,
            written: AtomicUsize::new(0),
            folders: RwLock::default(),
            _lock: lock,
            committed: false,
        })
    }
}

impl OutputTarget for StagedOutput {
    /// Writes one file; safe to call from many threads.
    fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        refuse_if_abandoned()?;
        let path = safe_join(&self.staging, &f.path).ok_or_else(|| {
            Diagnostic::error(&f.path, "refusing to write outside the output folder")
        })?;
        self.make_parent(&path)?;
        std::fs::write(&path, &f.contents).map_err(|e| io_error("cannot write", &path, e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, from: &Path, to: &str) -> Result<(), Diagnostic> {
        refuse_if_abandoned()?;
        let path = safe_join(&self.staging, to)
            .ok_or_else(|| Diagnostic::error(to, "refusing to write outside the output folder"))?;
        self.make_parent(&path)?;
        std::fs::copy(from, &path).map_err(|e| io_error("cannot copy", from, e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Writes the output marker into a new staging folder and locks it; the
/// lock lasts as long as the returned file is open.
fn lock_marker(staging: &Path) -> std::io::Result<File> {
    let marker = staging.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT)?;
    let file = File::open(&marker)?;
    file.lock()?;
    Ok(file)
}

fn refuse_if_abandoned() -> Result<(), Diagnostic> {
    if ABANDONED.load(Ordering::Relaxed) {
        return Err(Diagnostic::error(
            "",
            "the build was interrupted; nothing was written",
        ));
    }
    Ok(())
}

impl StagedOutput {
    fn make_parent(&self, path: &Path) -> Result<(), Diagnostic> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let known = self.folders.read().is_ok_and(|f| f.contains(parent));
        if !known {
            create_parent(path).map_err(|(p, e)| io_error("cannot create a folder", &p, e))?;
            if let Ok(mut f) = self.folders.write() {
                f.insert(parent.to_path_buf());
            }
        }
        Ok(())
    }
}

/// What a committed build leaves behind.
#[derive(Debug)]
pub struct Committed {
    /// Files written.
    pub files: usize,
    /// The previous output, moved aside, still to be removed (see
    /// [`remove_old_output`]); it no longer matters to anyone.
    pub old: Option<PathBuf>,
}

/// The word in the name of a previous output moved aside: `.public.folio-old-123`.
const OLD_MARK: &str = ".folio-old-";
/// The word in the name of a build's staging folder: `.public.folio-staging-123`.
const STAGING_MARK: &str = ".folio-staging-";

impl StagedOutput {
    /// Swaps the staging folder in place of the output. The previous
    /// output is moved aside and left to the caller to remove, so that its
    /// removal (tens of thousands of files) is not part of the build.
    pub fn commit(mut self) -> Result<Committed, Diagnostic> {
        refuse_if_abandoned()?;
        let out = self.out.clone();
        let old = self.staging.with_file_name(
            self.staging
                .file_name()
                .map(|n| n.to_string_lossy().replace("folio-staging", "folio-old"))
                .unwrap_or_default(),
        );
        let had_old = out.exists();
        if had_old {
            std::fs::rename(&out, &old)
                .map_err(|e| io_error("cannot move the previous output aside", &out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &out) {
            if had_old {
                let _ = std::fs::rename(&old, &out);
            }
            return Err(io_error("cannot move the new output into place", &out, e));
        }
        self.committed = true;
        Ok(Committed {
            files: self.written.load(Ordering::Relaxed),
            old: had_old.then_some(old),
        })
    }
}

/// Removes a previous output moved aside by [`StagedOutput::commit`], or
/// the staging folder of a build that was killed, and nothing else: a
/// folder whose name does not say it is one, or a staging folder without
/// folio's marker or still locked by a running build, is left alone.
pub fn remove_old_output(dir: &Path) -> bool {
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return false;
    };
    let removable = name.contains(OLD_MARK) || (name.contains(STAGING_MARK) && abandoned(dir));
    if removable && dir.is_dir() {
        remove_tree_parallel(dir);
    }
    removable
}

/// Whether `staging` is a staging folder folio made (it holds the marker)
/// whose build no longer runs (nobody holds the marker's lock).
fn abandoned(staging: &Path) -> bool {
    let marker = staging.join(MARKER);
    if !marker.is_file() {
        return false;
    }
    File::open(&marker).is_ok_and(|f| f.try_lock().is_ok())
}

/// What earlier builds of `out` left beside it: previous outputs moved
/// aside but not yet removed, and the staging folders of builds that were
/// killed (see [`remove_old_output`] for how those are recognised).
pub fn leftovers(out: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let old = format!(".{name}{OLD_MARK}");
    let staging = format!(".{name}{STAGING_MARK}");
    std::fs::read_dir(parent)
        .map(|d| {
            d.flatten()
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.starts_with(&old) || (n.starts_with(&staging) && abandoned(&e.path()))
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// Removes a folder's subfolders on all cores: a large site's previous
/// output has tens of thousands of files.
fn remove_tree_parallel(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn create_parent(path: &Path) -> Result<(), (PathBuf, std::io::Error)> {
    match path.parent() {
        Some(p) => std::fs::create_dir_all(p).map_err(|e| (p.to_path_buf(), e)),
        None => Ok(()),
    }
}

/// The `Content-Type` a file of the site is served with, by its name: the
/// preview server and `folio deploy` both send this. Text is UTF-8.
pub fn content_type(file: &Path) -> String {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    if mime.type_() == "text"
        || mime.essence_str() == "application/javascript"
        || mime.essence_str() == "application/xml"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// Joins a `/`-separated relative path under `base`, refusing anything that
/// could leave it. Paths are validated earlier; this is the last guard.
pub fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut out = base.to_path_buf();
    for seg in rel.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == "."
            || seg == ".."
            || seg.contains('\\')
            || seg.contains(':')
            || seg.chars().any(char::is_control)
        {
            return None;
        }
        out.push(seg);
    }
    (out != base).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let base = Path::new("/tmp/out");
        assert_eq!(
            safe_join(base, "a/b/index.html").unwrap(),
            Path::new("/tmp/out/a/b/index.html")
        );
        assert!(safe_join(base, "../x").is_none());
        assert!(safe_join(base, "a/../../x").is_none());
        assert!(safe_join(base, "a\\..\\x").is_none());
        assert!(safe_join(base, "").is_none());
    }
}
