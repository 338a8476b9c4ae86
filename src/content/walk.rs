//! Part of the content stage: which files `content/` holds and what each
//! is (article, bundle attachment, section index, author profile), and
//! reading them as text (UTF-8, BOM removed, symbolic links kept inside).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::frontmatter::{self, Split};
use super::names;
use super::{AUTHORS_DIR, CONTENT_DIR, SERIES_DIR};
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FileKind {
    Article {
        dir: PathBuf,
        bundle: bool,
    },
    SectionIndex {
        dir: PathBuf,
    },
    Author,
    Series,
    /// A standalone page: a `.md` directly under `content/` or in a page
    /// folder (`dir`), or the `index.md` of a page folder (`bundle`).
    Page {
        dir: PathBuf,
        bundle: bool,
    },
}

/// The language of a markdown file: `None` for the site's own (`x.md`),
/// else the code of its suffix (`x.ur.md`).
pub(super) type Lang = Option<String>;

/// The languages a site has: its own, and its other editions'.
pub(super) struct Langs<'a> {
    pub(super) default: &'a str,
    pub(super) others: Vec<&'a str>,
}

impl Langs<'_> {
    /// A markdown file's name without its language suffix, and the
    /// language: `x.ur.md` -> (`x.md`, ur). A suffix that is a language
    /// code but not one of the site's is an error (a typo, or a language
    /// to add to site.toml); any other dotted name is a plain name.
    fn split(&self, name: &str) -> Result<(String, Lang), String> {
        let Some(stem) = name.strip_suffix(".md") else {
            return Ok((name.to_string(), None));
        };
        let Some((base, code)) = stem.rsplit_once('.') else {
            return Ok((name.to_string(), None));
        };
        if code == self.default {
            return Ok((format!("{base}.md"), None));
        }
        if self.others.contains(&code) {
            return Ok((format!("{base}.md"), Some(code.to_string())));
        }
        if crate::config::is_language_code(code) {
            return Err(code.to_string());
        }
        Ok((name.to_string(), None))
    }
}

/// A markdown file the walk found.
#[derive(Debug, Clone)]
pub(super) struct Markdown {
    pub(super) abs: PathBuf,
    pub(super) kind: FileKind,
    pub(super) lang: Lang,
    /// `abs` without the language suffix: what names the article (its
    /// slug) and ties its translations together.
    pub(super) base: PathBuf,
}

#[derive(Default)]
pub(super) struct Inventory {
    /// Markdown files with what they are and their language.
    pub(super) markdown: Vec<Markdown>,
    /// Section folders relative to content/ ("" is the root).
    pub(super) section_dirs: Vec<PathBuf>,
    /// Other files with the folder whose URL they sit under
    /// (a section folder, or a bundle folder) and their path below it.
    pub(super) other_files: Vec<(PathBuf, PathBuf, PathBuf)>,
}

/// Names editors' tools leave behind; never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
}

/// Every file and folder of `content/` and what it is: the phases in
/// order, listing ([`entries`]), languages ([`named`]), the folders'
/// layout ([`Layout::of`]) and each entry's place ([`Layout::place`]).
pub(super) fn walk(
    root: &Path,
    content: &Path,
    langs: &Langs<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Inventory {
    let mut inv = Inventory::default();
    if !content.is_dir() {
        errors.push(
            Diagnostic::error(CONTENT_DIR, "there is no content/ folder")
                .help("create content/ next to site.toml and put articles in section folders such as content/commentary/"),
        );
        return inv;
    }
    let entries = entries(root, content, errors);
    let named = named(&entries, root, langs, errors);
    let layout = Layout::of(&named, content);
    for (e, base, lang) in &named {
        let Ok(relative) = e.path().strip_prefix(content) else {
            continue;
        };
        let found = Found {
            entry: e,
            relative: relative.to_path_buf(),
            base,
            lang: lang.clone(),
        };
        layout.place(&mut inv, root, found, errors);
    }
    inv
}

/// Every file and folder below `content`, in name order: editor leftovers
/// skipped; names that cannot be published, symbolic links that lead out
/// of the site and what cannot be read left out, each an error.
fn entries(root: &Path, content: &Path, errors: &mut Vec<Diagnostic>) -> Vec<walkdir::DirEntry> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut escaped = Vec::new();
    // Names that cannot be published: left out with what is below them.
    let mut bad_names = Vec::new();
    let walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && is_ignored_name(&name) {
                return false;
            }
            if e.depth() > 0
                && let Some(d) =
                    names::check(&rel(root, e.path()), e.file_name(), e.file_type().is_dir())
            {
                bad_names.push(d);
                return false;
            }
            if e.path_is_symlink() {
                let inside = e
                    .path()
                    .canonicalize()
                    .map(|p| p.starts_with(&canonical_root))
                    .unwrap_or(false);
                if !inside {
                    escaped.push(e.path().to_path_buf());
                    return false;
                }
            }
            true
        });
    let mut entries = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) => entries.push(e),
            Err(e) => errors.push(unreadable(root, &e)),
        }
    }
    errors.append(&mut bad_names);
    for p in escaped {
        errors.push(
            Diagnostic::error(
                rel(root, &p),
                "this symbolic link points outside the site folder; folio does not follow it",
            )
            .help("copy the file into the site instead of linking to it"),
        );
    }
    entries
}

/// What the walk could not read: a link loop, or the system's error.
fn unreadable(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| rel(root, p))
        .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
    let message = if e.loop_ancestor().is_some() {
        "this symbolic link points to a folder that contains it (a link loop); it was not followed"
            .to_string()
    } else {
        format!("cannot read this: {e}")
    };
    Diagnostic::error(path, message).help("remove the link or point it at a folder inside the site")
}

/// An entry with its name without the language suffix (`index.ur.md` is
/// an index.md) and its language.
type Named<'e> = (&'e walkdir::DirEntry, String, Lang);

/// The entries with their names split from their languages; a name in a
/// language the site does not publish in is an error.
fn named<'e>(
    entries: &'e [walkdir::DirEntry],
    root: &Path,
    langs: &Langs<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Named<'e>> {
    let mut named = Vec::with_capacity(entries.len());
    for e in entries {
        let name = e.file_name().to_string_lossy();
        match langs.split(&name) {
            Ok((base, lang)) => named.push((e, base, lang)),
            Err(code) => errors.push(
                Diagnostic::error(
                    rel(root, e.path()),
                    format!("this file's name says it is in `{code}`, a language the site does not publish in"),
                )
                .at("---", 1, 1)
                .help(format!(
                    "add a [languages.{code}] table to site.toml to publish an edition in it, or rename the file"
                )),
            ),
        }
    }
    named
}

/// What the folders of `content/` are, from the index files they hold.
struct Layout {
    /// Folders holding index.md (relative to content/): an article's
    /// bundle, or a page's at the top; not sections.
    bundles: BTreeSet<PathBuf>,
    /// Top-level bundles without _index.md: all below is pages (each .md,
    /// and each folder with an index.md) and their files.
    page_folders: BTreeSet<PathBuf>,
}

/// One entry of the walk, on its way to its place.
struct Found<'e> {
    entry: &'e walkdir::DirEntry,
    /// Relative to content/.
    relative: PathBuf,
    /// Its name without the language suffix.
    base: &'e str,
    lang: Lang,
}

impl Layout {
    fn of(named: &[Named<'_>], content: &Path) -> Layout {
        // The folders (relative to content/) holding a file `name`, in any language.
        let holding = |name: &str| -> BTreeSet<PathBuf> {
            named
                .iter()
                .filter(|(e, base, _)| e.file_type().is_file() && base == name)
                .filter_map(|(e, _, _)| {
                    e.path()
                        .parent()?
                        .strip_prefix(content)
                        .ok()
                        .map(Path::to_path_buf)
                })
                .collect()
        };
        let mut bundles = holding("index.md");
        bundles.remove(Path::new(""));
        let section_indexes = holding("_index.md");
        let page_folders = bundles
            .iter()
            .filter(|b| b.components().count() == 1 && !section_indexes.contains(*b))
            .cloned()
            .collect();
        Layout {
            bundles,
            page_folders,
        }
    }

    /// The bundle a path (relative to content/) is in, if any.
    fn bundle_of(&self, relative: &Path) -> Option<PathBuf> {
        relative
            .ancestors()
            .skip(1)
            .find(|a| self.bundles.contains(*a))
            .map(Path::to_path_buf)
    }

    /// Whether a path is below a page folder.
    fn in_pages(&self, relative: &Path) -> bool {
        relative
            .components()
            .next()
            .is_some_and(|top| self.page_folders.contains(Path::new(top.as_os_str())))
    }

    /// Adds what `f` is to `inv`: a section folder, a standalone page, an
    /// author or series file, an article, a section index, or a file to
    /// publish beside them.
    fn place(&self, inv: &mut Inventory, root: &Path, f: Found<'_>, errors: &mut Vec<Diagnostic>) {
        let (e, relative, base) = (f.entry, &f.relative, f.base);
        let top = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let reserved = matches!(top.as_deref(), Some(AUTHORS_DIR) | Some(SERIES_DIR));
        if e.file_type().is_dir() {
            if !reserved
                && !self.in_pages(relative)
                && self.bundle_of(&relative.join("x")).is_none()
                && !self.bundles.contains(relative)
            {
                inv.section_dirs.push(f.relative);
            }
            return;
        }
        let is_md = relative.extension().is_some_and(|x| x == "md");
        let parent = relative.parent().unwrap_or(Path::new("")).to_path_buf();
        let top_level_md = is_md && parent.as_os_str().is_empty() && base != "_index.md";
        if top_level_md || (is_md && self.in_pages(relative) && base != "_index.md") {
            let bundle = base == "index.md";
            let kind = FileKind::Page {
                dir: parent,
                bundle,
            };
            inv.push(e.path(), kind, f.lang, base);
        } else if reserved {
            if is_md && parent.components().count() == 1 {
                let kind = if top.as_deref() == Some(AUTHORS_DIR) {
                    FileKind::Author
                } else {
                    FileKind::Series
                };
                inv.push(e.path(), kind, f.lang, base);
            }
        } else if let Some(bundle) = self.bundle_of(relative) {
            in_bundle(inv, root, &f, &parent, bundle, errors);
        } else if is_md {
            let kind = match base == "_index.md" {
                true => FileKind::SectionIndex { dir: parent },
                false => FileKind::Article {
                    dir: parent,
                    bundle: false,
                },
            };
            inv.push(e.path(), kind, f.lang, base);
        } else {
            let name = PathBuf::from(relative.file_name().unwrap_or_default());
            match names::check_published(&rel(root, e.path()), &name) {
                Some(d) => errors.push(d),
                None => inv.other_files.push((e.path().to_path_buf(), parent, name)),
            }
        }
    }
}

/// A file in `bundle`: its article (the bundle's index.md), else a file
/// published beside it.
fn in_bundle(
    inv: &mut Inventory,
    root: &Path,
    f: &Found<'_>,
    parent: &Path,
    bundle: PathBuf,
    errors: &mut Vec<Diagnostic>,
) {
    let path = f.entry.path();
    if f.base == "index.md" && parent == bundle {
        let dir = bundle.parent().unwrap_or(Path::new("")).to_path_buf();
        let kind = FileKind::Article { dir, bundle: true };
        inv.push(path, kind, f.lang.clone(), f.base);
        return;
    }
    let below = f
        .relative
        .strip_prefix(&bundle)
        .unwrap_or(&f.relative)
        .to_path_buf();
    match names::check_published(&rel(root, path), &below) {
        Some(d) => errors.push(d),
        None => inv.other_files.push((path.to_path_buf(), bundle, below)),
    }
}

impl Inventory {
    fn push(&mut self, abs: &Path, kind: FileKind, lang: Lang, base: &str) {
        self.markdown.push(Markdown {
            abs: abs.to_path_buf(),
            kind,
            lang,
            base: abs.with_file_name(base),
        });
    }
}

/// Files to publish as they are, with their `/`-separated paths, and the
/// errors about names that cannot be published.
pub(super) type StaticFiles = (Vec<(PathBuf, String)>, Vec<Diagnostic>);

/// Files under `from` (editor leftovers skipped), in name order, with their
/// `/`-separated paths relative to it; and an error for each name there
/// that cannot be published (with its path from `from`'s parent, the
/// site's root).
pub(super) fn static_files(from: &Path) -> Result<StaticFiles, (PathBuf, std::io::Error)> {
    let mut files = Vec::new();
    let mut bad_names = Vec::new();
    if !from.is_dir() {
        return Ok((files, bad_names));
    }
    let root = from.parent().unwrap_or(from);
    let mut misnamed = Vec::new();
    for entry in walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            let bad = names::check(&rel(root, e.path()), e.file_name(), e.file_type().is_dir());
            let ok = bad.is_none();
            bad_names.extend(bad);
            ok
        })
    {
        let entry =
            entry.map_err(|e| (from.to_path_buf(), std::io::Error::other(e.to_string())))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let below = entry.path().strip_prefix(from).unwrap_or(entry.path());
        match names::check_published(&rel(root, entry.path()), below) {
            Some(d) => misnamed.push(d),
            None => files.push((
                entry.path().to_path_buf(),
                below.to_string_lossy().replace('\\', "/"),
            )),
        }
    }
    bad_names.append(&mut misnamed);
    Ok((files, bad_names))
}

pub(super) fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

#[derive(Debug, Clone)]
pub(super) struct SourceFile {
    /// Relative to the site root, for messages.
    pub(super) rel: PathBuf,
    pub(super) kind: FileKind,
    /// The path without the language suffix (see [`Markdown::base`]).
    pub(super) base: PathBuf,
    /// The whole file, shared with what is read from it (an article's body).
    pub(super) text: std::sync::Arc<str>,
}

impl SourceFile {
    pub(super) fn read(root: &Path, file: &Markdown) -> Result<SourceFile, Diagnostic> {
        let abs = &file.abs;
        let rel = rel(root, abs);
        let bytes = std::fs::read(abs)
            .map_err(|e| Diagnostic::error(&rel, format!("cannot read this file: {e}")))?;
        let text = decode(&rel, bytes)?;
        Ok(SourceFile {
            rel,
            kind: file.kind.clone(),
            base: file.base.clone(),
            text: text.into(),
        })
    }

    /// The path under `content/` without the language suffix, `/`-separated.
    pub(super) fn translation_key(&self) -> String {
        let rel = self
            .rel
            .with_file_name(self.base.file_name().unwrap_or_default());
        let rel = rel.strip_prefix(CONTENT_DIR).unwrap_or(&rel);
        rel.to_string_lossy().replace('\\', "/")
    }

    pub(super) fn split(&self) -> Result<Split<'_>, Diagnostic> {
        frontmatter::split(&self.rel, &self.text)
    }
}

/// UTF-8 text without its BOM, or an error pointing at the first bad byte.
fn decode(rel: &Path, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let (line, column) = crate::diagnostics::line_col(&prefix, prefix.len());
        let mut d = Diagnostic::error(
            rel,
            format!(
                "this file is not UTF-8 text (byte 0x{:02X} cannot be read)",
                bytes[valid]
            ),
        )
        .help("save the file as UTF-8 (in most editors: Save As, encoding \"UTF-8\")");
        d.line = line;
        d.column = column;
        d.source_line = prefix.lines().last().map(|l| format!("{l}…"));
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for n in [".a.md.swp", "a.md~", "#a.md#", "4913", ".DS_Store"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
