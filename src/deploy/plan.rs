//! The difference between the built site and the bucket: what to upload,
//! what to replace, what to delete and why, in the order it is done.
//!
//! A file is unchanged when the bucket lists it with an ETag equal to the
//! MD5 of the bytes folio would upload. That holds for an object put in one
//! piece, which is how folio puts every file; an ETag ending in `-N` (an
//! object some other tool uploaded in N parts) is no MD5, so that file is
//! replaced, once.

use std::collections::HashMap;
use std::fmt;

use super::local::LocalFile;
#[cfg(doc)]
use super::rules::Headers;

/// What happens to one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The bucket does not have it.
    Upload,
    /// The bucket has other bytes under it.
    Replace,
    /// The site no longer has it (only with `--delete`).
    Delete,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that a plan lines up in columns (`{:<7}`).
        f.pad(match self {
            Action::Upload => "upload",
            Action::Replace => "replace",
            Action::Delete => "delete",
        })
    }
}

/// Why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    New,
    Changed,
    /// Uploaded in parts by another tool: its ETag is not an MD5.
    Multipart,
    /// The service listed no ETag.
    NoEtag,
    Gone,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Reason::New => "new",
            Reason::Changed => "content changed",
            Reason::Multipart => "uploaded in parts, cannot be compared",
            Reason::NoEtag => "the bucket lists no checksum for it",
            Reason::Gone => "no longer in the site",
        })
    }
}

/// One thing to do.
#[derive(Debug, Clone)]
pub struct Step {
    pub key: String,
    pub action: Action,
    pub reason: Reason,
    /// The file to put (an index into [`Plan::files`]); none for a delete.
    pub file: Option<usize>,
}

/// Everything a deploy would do.
#[derive(Debug)]
pub struct Plan {
    pub files: Vec<LocalFile>,
    /// In the order they are done: by [`Headers::wave`] (hashed files,
    /// other files, pages and feeds), then deletes; by key within each.
    pub steps: Vec<Step>,
    /// Files the bucket already has, byte for byte.
    pub unchanged: usize,
    /// Keys under the prefix the site no longer has, left in place
    /// because `--delete` was not given.
    pub kept: Vec<String>,
}

impl Plan {
    /// How many steps do `action`.
    pub fn count(&self, action: Action) -> usize {
        self.steps.iter().filter(|s| s.action == action).count()
    }

    /// Bytes to upload.
    pub fn upload_bytes(&self) -> u64 {
        self.steps
            .iter()
            .filter_map(|s| s.file)
            .map(|i| self.files[i].size)
            .sum()
    }
}

/// Compares the site's files with the bucket's objects (key -> ETag).
pub fn diff(
    files: Vec<LocalFile>,
    mut remote: HashMap<String, Option<String>>,
    delete: bool,
) -> Plan {
    let mut puts = Vec::new();
    let mut unchanged = 0;
    for (i, f) in files.iter().enumerate() {
        let reason = match remote.remove(&f.key) {
            None => Some(Reason::New),
            Some(None) => Some(Reason::NoEtag),
            Some(Some(etag)) => {
                let etag = etag.trim_matches('"');
                if etag.contains('-') {
                    Some(Reason::Multipart)
                } else if etag.eq_ignore_ascii_case(&f.md5) {
                    None
                } else {
                    Some(Reason::Changed)
                }
            }
        };
        let Some(reason) = reason else {
            unchanged += 1;
            continue;
        };
        let step = Step {
            key: f.key.clone(),
            action: if reason == Reason::New {
                Action::Upload
            } else {
                Action::Replace
            },
            reason,
            file: Some(i),
        };
        puts.push(step);
    }
    let mut gone: Vec<String> = remote.into_keys().collect();
    gone.sort();
    let (deletes, kept) = if delete {
        (gone, Vec::new())
    } else {
        (Vec::new(), gone)
    };
    puts.sort_by_cached_key(|s| (s.file.map_or(0, |i| files[i].headers.wave), s.key.clone()));
    let mut steps = puts;
    steps.extend(deletes.into_iter().map(|key| Step {
        key,
        action: Action::Delete,
        reason: Reason::Gone,
        file: None,
    }));
    Plan {
        files,
        steps,
        unchanged,
        kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::rules::Rules;

    fn file(key: &str, md5: &str) -> LocalFile {
        let rules = Rules {
            index_dirs: vec!["pagefind/".into()],
            gzip: false,
        };
        LocalFile {
            key: key.into(),
            path: key.into(),
            headers: rules.headers(key),
            md5: md5.into(),
            size: 1,
        }
    }

    fn remote(entries: &[(&str, Option<&str>)]) -> HashMap<String, Option<String>> {
        entries
            .iter()
            .map(|(k, e)| (k.to_string(), e.map(str::to_string)))
            .collect()
    }

    #[test]
    fn compares_etags_and_orders_hashed_files_first_pages_last_deletes_at_the_end() {
        let files = vec![
            file("a/index.html", "aa"),
            file("style.css", "cc"),
            file("same.js", "11"),
            file("parts.bin", "22"),
            file("new.png", "33"),
            file("pagefind/fragment/en_1.pf_fragment", "44"),
        ];
        let bucket = remote(&[
            ("a/index.html", Some("\"ab\"")),
            ("style.css", None),
            ("same.js", Some("\"11\"")),
            ("parts.bin", Some("\"22-3\"")),
            ("old/index.html", Some("\"ff\"")),
        ]);
        let plan = diff(files, bucket, true);
        let steps: Vec<(&str, Action, Reason)> = plan
            .steps
            .iter()
            .map(|s| (s.key.as_str(), s.action, s.reason))
            .collect();
        assert_eq!(
            steps,
            [
                (
                    "pagefind/fragment/en_1.pf_fragment",
                    Action::Upload,
                    Reason::New
                ),
                ("new.png", Action::Upload, Reason::New),
                ("parts.bin", Action::Replace, Reason::Multipart),
                ("style.css", Action::Replace, Reason::NoEtag),
                ("a/index.html", Action::Replace, Reason::Changed),
                ("old/index.html", Action::Delete, Reason::Gone),
            ]
        );
        assert_eq!(plan.unchanged, 1);
        assert!(plan.kept.is_empty());
    }

    #[test]
    fn without_delete_extra_keys_are_kept_and_listed() {
        let plan = diff(
            vec![file("a.css", "AA")],
            remote(&[("a.css", Some("\"aa\"")), ("b.css", Some("\"bb\""))]),
            false,
        );
        assert!(plan.steps.is_empty(), "{:?}", plan.steps);
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.kept, ["b.css"]);
    }
}
