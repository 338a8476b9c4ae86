//! The built site as the bucket should hold it: one entry per file, with
//! its key, its headers and the MD5 of the bytes that would be uploaded
//! (S3's ETag of an object put in one piece), found on all cores.

use std::io::Write;
use std::path::{Path, PathBuf};

use md5::{Digest, Md5};
use rayon::prelude::*;

use super::DeployError;
use super::rules::{Headers, Rules};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// The object's key: the prefix and the file's path in the site.
    pub key: String,
    /// Where the file is.
    pub path: PathBuf,
    pub headers: Headers,
    /// Hex MD5 of the bytes as uploaded (compressed, with gzip).
    pub md5: String,
    /// Bytes as uploaded.
    pub size: u64,
}

/// Every file under `site` (except folio's output marker), keyed under `prefix`.
pub fn scan(site: &Path, prefix: &str, rules: &Rules) -> Result<Vec<LocalFile>, DeployError> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(site)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry =
            entry.map_err(|e| DeployError::new(format!("cannot read the built site: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative_key(site, entry.path())?;
        if rel == crate::output::MARKER {
            continue;
        }
        found.push((rel, entry.into_path()));
    }
    found
        .into_par_iter()
        .map(|(rel, path)| {
            let headers = rules.headers(&rel);
            let body = body(&path, headers.gzip)?;
            Ok(LocalFile {
                key: format!("{prefix}{rel}"),
                md5: hex(&Md5::digest(&body)),
                size: body.len() as u64,
                path,
                headers,
            })
        })
        .collect()
}

/// The bytes uploaded for a file: as built, or gzip-compressed. The
/// compression is deterministic (no time or name in the header), so an
/// unchanged file has an unchanged MD5 on the next run.
pub fn body(path: &Path, gzip: bool) -> Result<Vec<u8>, DeployError> {
    let bytes = std::fs::read(path)
        .map_err(|e| DeployError::new(format!("cannot read {}: {e}", path.display())))?;
    if !gzip {
        return Ok(bytes);
    }
    let mut z = flate2::GzBuilder::new().operating_system(255).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    z.write_all(&bytes)
        .and_then(|()| z.finish())
        .map_err(|e| DeployError::new(format!("cannot compress {}: {e}", path.display())))
}

/// `a/b.html` for `site/a/b.html`: the key of a file in the bucket.
fn relative_key(site: &Path, path: &Path) -> Result<String, DeployError> {
    let rel = path.strip_prefix(site).unwrap_or(path);
    let mut parts = Vec::new();
    for c in rel.components() {
        match c.as_os_str().to_str() {
            Some(s) => parts.push(s),
            None => {
                return Err(DeployError::new(format!(
                    "{} has a name that is not UTF-8 and cannot be a key in a bucket",
                    path.display()
                )));
            }
        }
    }
    Ok(parts.join("/"))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_keys_files_under_the_prefix_and_skips_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.path().join("style.css"), "").unwrap();
        std::fs::write(dir.path().join(crate::output::MARKER), "x").unwrap();
        let rules = Rules {
            index_dirs: vec![],
            gzip: false,
        };
        let files = scan(dir.path(), "site/", &rules).unwrap();
        let keys: Vec<&str> = files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["site/a/b/index.html", "site/style.css"]);
        // The MD5 of no bytes, as S3 reports it for an empty object.
        assert_eq!(files[1].md5, "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn gzip_is_the_same_bytes_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("index.html");
        std::fs::write(&f, "<p>".repeat(1000)).unwrap();
        let a = body(&f, true).unwrap();
        assert_eq!(a, body(&f, true).unwrap());
        // No modification time in the header (bytes 4..8).
        assert_eq!(a[4..8], [0, 0, 0, 0]);
        assert!(a.len() < 3000);
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&a[..]), &mut plain)
            .unwrap();
        assert_eq!(plain, "<p>".repeat(1000));
    }
}
