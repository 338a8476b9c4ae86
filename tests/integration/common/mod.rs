//! Helpers shared by the integration tests: fixture sites copied into a
//! temporary folder, builds through the library with a fixed "now", parsed
//! output pages, and runs of the compiled `folio` binary.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use folio::{BuildFailure, BuildOptions, BuildReport, Diagnostic};
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The moment every test build takes as "now": 2025-12-01T00:00:00Z.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap()
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// A fixture site copied into `<temp>/site`; the temporary folder around it
/// can stand in for a home folder.
pub struct TestSite {
    pub tmp: TempDir,
    pub root: PathBuf,
}

/// Copies `tests/fixtures/<name>` into a fresh temporary folder.
pub fn fixture(name: &str) -> TestSite {
    let src = fixtures_dir().join(name);
    assert!(src.is_dir(), "no fixture {}", src.display());
    let site = empty_site();
    copy_dir(&src, &site.root);
    site
}

/// An empty site folder (nothing in it yet) inside a temporary folder.
pub fn empty_site() -> TestSite {
    let tmp = tempfile::Builder::new()
        .prefix("folio-test-")
        .tempdir()
        .unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    // Canonical, so paths compare equal to what folio reports.
    let root = root.canonicalize().unwrap();
    TestSite { tmp, root }
}

/// The sample CDS site at the repository root (site.toml + content/ only).
pub fn sample_site() -> TestSite {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = empty_site();
    std::fs::copy(repo.join("site.toml"), site.root.join("site.toml")).unwrap();
    copy_dir(&repo.join("content"), &site.root.join("content"));
    site
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestSite {
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or replaces) a file of the site, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    /// Build options as `folio build --root <site>` would make them, with the fixed "now".
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: Some(self.root.clone()),
            now: now(),
            ..BuildOptions::new(&self.root)
        }
    }

    pub fn build_with(&self, opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
        folio::build(opts)
    }

    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        folio::build(&self.options())
    }

    /// Builds and panics, showing every diagnostic, when the build fails.
    pub fn build_ok(&self) -> BuildReport {
        self.build_ok_with(&self.options())
    }

    pub fn build_ok_with(&self, opts: &BuildOptions) -> BuildReport {
        match folio::build(opts) {
            Ok(r) => r,
            Err(f) => panic!("build failed:\n{}", show(&f.diagnostics.0)),
        }
    }

    /// Builds, expects a failure, and returns its errors.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match folio::build(&self.options()) {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(f) => f.diagnostics.0,
        }
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// The output file of `url` (`/a/b/` -> public/a/b/index.html).
    pub fn output_file(&self, url: &str) -> PathBuf {
        let rel = url.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            self.public().join(rel).join("index.html")
        } else {
            self.public().join(rel)
        }
    }

    pub fn exists(&self, url: &str) -> bool {
        self.output_file(url).is_file()
    }

    pub fn read(&self, url: &str) -> String {
        let p = self.output_file(url);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// The page at `url`, parsed.
    pub fn page(&self, url: &str) -> Html {
        Html::parse_document(&self.read(url))
    }

    /// Runs the binary in the site folder.
    pub fn folio(&self, args: &[&str]) -> Run {
        run_folio(
            args,
            &self.root,
            &[("HOME", self.tmp.path().join("no-home").as_os_str())],
        )
    }
}

/// A home folder that does not exist, for runs of the binary.
pub const NO_HOME: &str = "/nonexistent-folio-test-home";

/// Diagnostics as the binary would print them, for assertion messages.
pub fn show(d: &[Diagnostic]) -> String {
    d.iter().map(|d| format!("{d}\n")).collect()
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn debug(&self) -> String {
        format!(
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `folio args...` in `cwd` with extra environment variables.
pub fn run_folio(args: &[&str], cwd: &Path, env: &[(&str, &std::ffi::OsStr)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(args).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd)
}

/// Runs a prepared command of the `folio` binary to its end.
pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().expect("cannot run the folio binary");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file below `dir`, by relative path, with its bytes (symbolic
/// links are not followed).
pub fn snapshot_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                // Recorded, not followed: its target as the "contents".
                let target = std::fs::read_link(&p).unwrap();
                let key = p.strip_prefix(base).unwrap().to_path_buf();
                out.insert(key, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that look like folio's staging or set-aside folders.
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".folio-staging-") || n.contains(".folio-old-"))
        .collect()
}

// ----- HTML ------------------------------------------------------------------

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// The elements matching `css`.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

/// The one element matching `css`; panics if there are none or several.
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

pub fn count(doc: &Html, css: &str) -> usize {
    doc.select(&sel(css)).count()
}

/// The text of an element, with whitespace collapsed.
pub fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The texts of every element matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    select(doc, css).into_iter().map(text).collect()
}

pub fn attr<'a>(e: ElementRef<'a>, name: &str) -> Option<&'a str> {
    e.value().attr(name)
}

/// `content` of `<meta name=...>` or `<meta property=...>`.
pub fn meta(doc: &Html, key: &str) -> Option<String> {
    select(doc, "meta")
        .into_iter()
        .find(|m| attr(*m, "name") == Some(key) || attr(*m, "property") == Some(key))
        .and_then(|m| attr(m, "content").map(str::to_string))
}

/// Every id in the document.
pub fn ids(doc: &Html) -> Vec<String> {
    select(doc, "[id]")
        .into_iter()
        .filter_map(|e| attr(e, "id").map(str::to_string))
        .collect()
}

/// Asserts that every in-page link of `css` (e.g. `nav.toc a`) points to an
/// element id of the page; returns the targets in order.
pub fn assert_anchors_resolve(doc: &Html, css: &str) -> Vec<String> {
    let ids = ids(doc);
    let mut targets = Vec::new();
    for a in select(doc, css) {
        let href = attr(a, "href").expect("link without href");
        let id = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("`{href}` is not an in-page link"));
        assert!(!id.is_empty(), "empty anchor in {css}");
        assert!(
            ids.iter().any(|i| i == id),
            "`{href}` points to no element id (ids: {ids:?})"
        );
        targets.push(id.to_string());
    }
    targets
}
