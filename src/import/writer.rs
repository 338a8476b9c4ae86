//! Writing imported files into the site: always `create_new`, so nothing
//! that exists is ever replaced (a second import skips what the first one
//! wrote), and never an author's e-mail address.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::frontmatter;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    /// It was there already; left untouched.
    Existed,
}

/// The site being imported into.
#[derive(Debug)]
pub struct SiteFiles {
    pub root: PathBuf,
    /// Lower-case e-mail addresses that must not appear in any file.
    secrets: Vec<String>,
}

pub const REDACTED: &str = "[e-mail address removed]";

impl SiteFiles {
    pub fn new(root: &Path) -> Self {
        SiteFiles {
            root: root.to_path_buf(),
            secrets: Vec::new(),
        }
    }

    pub fn keep_secret(&mut self, email: &str) {
        let e = email.trim().to_ascii_lowercase();
        if e.contains('@') && !self.secrets.contains(&e) {
            self.secrets.push(e);
        }
    }

    /// `text` with every secret address replaced; true if one was found.
    pub fn redact(&self, text: &str) -> (String, bool) {
        let mut out = text.to_string();
        let mut found = false;
        for s in &self.secrets {
            // Case-insensitive search; ASCII lower-casing keeps byte offsets.
            loop {
                let lower = out.to_ascii_lowercase();
                let Some(i) = lower.find(s.as_str()) else {
                    break;
                };
                out.replace_range(i..i + s.len(), REDACTED);
                found = true;
            }
        }
        (out, found)
    }

    /// Creates `rel` (relative to the root) with `text`, unless it exists.
    pub fn write_new(&self, rel: &Path, text: &str) -> std::io::Result<Outcome> {
        let (text, _) = self.redact(text);
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                Ok(Outcome::Created)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Outcome::Existed),
            Err(e) => Err(e),
        }
    }

    /// Copies `from` to `rel`, unless `rel` exists.
    pub fn copy_new(&self, from: &Path, rel: &Path) -> std::io::Result<Outcome> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut src = std::fs::File::open(from)?;
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                std::io::copy(&mut src, &mut f)?;
                Ok(Outcome::Created)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Outcome::Existed),
            Err(e) => Err(e),
        }
    }

    pub fn exists(&self, rel: &Path) -> bool {
        self.root.join(rel).exists()
    }

    /// The `title` (or an author's `name`) in the header of an existing
    /// file, to tell an earlier import of the same item from another file.
    pub fn existing_title(&self, rel: &Path) -> Option<String> {
        let text = std::fs::read_to_string(self.root.join(rel)).ok()?;
        let split = frontmatter::split(rel, &text).ok()?;
        let v: serde_json::Value = frontmatter::parse(rel, &text, &split).ok()?;
        v.get("title")
            .or_else(|| v.get("name"))
            .and_then(|t| t.as_str())
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_and_redacts() {
        let dir = tempfile::tempdir().unwrap();
        let mut site = SiteFiles::new(dir.path());
        site.keep_secret("Anum@Example.org");
        let rel = Path::new("content/a.md");
        assert_eq!(
            site.write_new(rel, "---\ntitle: \"A\"\n---\nMail ANUM@example.org\n")
                .unwrap(),
            Outcome::Created
        );
        assert_eq!(site.write_new(rel, "other").unwrap(), Outcome::Existed);
        let text = std::fs::read_to_string(dir.path().join(rel)).unwrap();
        assert!(text.contains(REDACTED) && !text.to_lowercase().contains("anum@"));
        assert_eq!(site.existing_title(rel).as_deref(), Some("A"));
    }
}
