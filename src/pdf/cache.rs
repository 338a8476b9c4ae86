//! Finished PDFs kept between builds, in a folder beside the site
//! (`.folio-cache/pdf/` by default), named by a hash of everything that goes
//! into one: the article's data, the template, the fonts, the images, and
//! folio's and typst's versions. Same inputs, same name; a changed input is
//! a new name, so an entry is never stale. The cache only saves time: a
//! build that cannot read or write it typesets instead, and says nothing.

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};

/// What a cache key is made of, fed piece by piece.
pub struct Key(Md5);

impl Key {
    pub fn new() -> Key {
        let mut h = Md5::new();
        // A new folio or typst may typeset the same inputs differently.
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(b"\0typst 0.15.1\0");
        Key(h)
    }

    /// Adds one input; its length goes first, so that pieces cannot run
    /// into each other ("ab" + "c" differs from "a" + "bc").
    pub fn add(&mut self, bytes: &[u8]) -> &mut Key {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::new()
    }
}

/// The cache folder's PDF entries.
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache in `dir`, or none (`None`: always typeset).
    pub fn new(dir: Option<PathBuf>) -> Cache {
        Cache { dir }
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(format!("{key}.pdf")))
    }

    /// The PDF made before from the inputs `key` stands for.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.path(key)?).ok()?;
        // A file cut short (a build killed while writing) is not a PDF.
        bytes.trim_ascii_end().ends_with(b"%%EOF").then_some(bytes)
    }

    /// Keeps `pdf` under `key`: written beside its place and renamed, so
    /// that a reader never sees half a file. Failures are ignored.
    pub fn put(&self, key: &str, pdf: &[u8]) {
        let (Some(dir), Some(path)) = (&self.dir, self.path(key)) else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, pdf).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Removes the entries of the cache in `dir` that `keep` (the keys of this
/// build's PDFs) does not name: the cache holds the PDFs of the site as it
/// now is, not every version an edit left behind. Only files named like
/// entries are touched.
pub fn prune(dir: &Path, keep: &std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(key) = name.to_str().and_then(|n| n.strip_suffix(".pdf")) else {
            continue;
        };
        let entry = key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit());
        if entry && !keep.contains(key) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The cache folder of the site at `root`: `dir` from `[pdf] cache_dir`,
/// relative to the site.
pub fn folder(root: &Path, dir: &Path) -> PathBuf {
    root.join(dir).join("pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_depends_on_every_piece_and_their_bounds() {
        let key = |parts: &[&[u8]]| {
            let mut k = Key::new();
            for p in parts {
                k.add(p);
            }
            k.finish()
        };
        assert_eq!(key(&[b"a", b"b"]), key(&[b"a", b"b"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_ne!(key(&[b"a"]), key(&[b"b"]));
        assert_eq!(key(&[]).len(), 32);
    }

    #[test]
    fn cache_round_trip_and_truncated_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path().join("pdf")));
        assert!(cache.get("k").is_none());
        cache.put("k", b"%PDF-1.7\n...%%EOF\n");
        assert_eq!(cache.get("k").unwrap(), b"%PDF-1.7\n...%%EOF\n");
        std::fs::write(dir.path().join("pdf/t.pdf"), b"%PDF-1.7\n...").unwrap();
        assert!(cache.get("t").is_none());
        let keep: std::collections::HashSet<String> = ["c".repeat(32)].into();
        let dir_path = dir.path().join("pdf");
        for name in [
            "c".repeat(32),
            "a".repeat(32),
            "b".repeat(32),
            "notes".into(),
        ] {
            std::fs::write(dir_path.join(format!("{name}.pdf")), b"x").unwrap();
        }
        prune(&dir_path, &keep);
        let mut left: Vec<_> = std::fs::read_dir(&dir_path)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!("{}.pdf", "c".repeat(32)),
                "k.pdf".into(),
                "notes.pdf".into(),
                "t.pdf".into()
            ]
        );
        let none = Cache::new(None);
        none.put("k", b"x");
        assert!(none.get("k").is_none());
    }
}
