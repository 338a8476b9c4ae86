//! Part of the content stage: the names of files and folders that folio
//! can publish. A name becomes part of a URL and of a file in the output,
//! so it must be text: a name that is not UTF-8 (an archive unpacked from
//! another system) would be published under a name with `�` in it, where
//! two such names become one and an article lands in the wrong section; a
//! control character (a newline pasted into a name) has no place in a URL.
//! The walk of `content/` and of `static/` refuses such a name with the
//! path, at once for every one, before anything is read.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The error for the file or folder (`is_dir`) at `rel` (relative to the
/// site's root) whose name `name` cannot be published, or None when it can.
pub(super) fn check(rel: &Path, name: &OsStr, is_dir: bool) -> Option<Diagnostic> {
    let what = if is_dir { "this folder" } else { "this file" };
    let Some(text) = name.to_str() else {
        return Some(
            Diagnostic::error(
                lossy(rel),
                format!(
                    "{what} has a name that is not UTF-8 text: `{}`{}",
                    shown(name),
                    first_bad_byte(name)
                ),
            )
            .help("rename it, typing the name again: folio makes URLs from names, and a URL is UTF-8 text"),
        );
    };
    let c = text.chars().find(|c| c.is_control())?;
    Some(
        Diagnostic::error(
            lossy(rel),
            format!(
                "{what} has {} in its name: `{}`",
                describe(c),
                text.escape_debug()
            ),
        )
        .help(format!(
            "rename it without the {}",
            describe(c).trim_start_matches("a ")
        )),
    )
}

/// The error for a file published under its own name (an attachment, a
/// file of `static/`) at `rel`, whose path below its folder is `below`,
/// when a part of that path holds `\` or `:`, which the output refuses (a
/// folder separator, and a drive or stream name, on Windows).
pub(super) fn check_published(rel: &Path, below: &Path) -> Option<Diagnostic> {
    below.components().find_map(|part| {
        let Component::Normal(part) = part else {
            return None;
        };
        let text = part.to_str()?;
        let c = text.chars().find(|c| matches!(c, '\\' | ':'))?;
        Some(
            Diagnostic::error(
                lossy(rel),
                format!(
                    "the name `{text}` has `{c}` in it, which a published file's name cannot have"
                ),
            )
            .help(format!(
                "rename it without the `{c}` (a `-` instead, for example)"
            )),
        )
    })
}

/// A path as messages name it: text, with `�` for what is not UTF-8 and a
/// control character written as an escape (`\n`), so that it stays on
/// its line.
pub(super) fn lossy(p: &Path) -> PathBuf {
    let text = p.to_string_lossy();
    let shown: String = text
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    PathBuf::from(shown)
}

/// A name as typed in a terminal: its text, and each byte that is not
/// UTF-8 as `\xFF`.
fn shown(name: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// ` (byte 0xFF cannot be read)`, where the bytes of a name are known.
fn first_bad_byte(name: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        if let Err(e) = std::str::from_utf8(bytes) {
            return format!(" (byte 0x{:02X} cannot be read)", bytes[e.valid_up_to()]);
        }
    }
    String::new()
}

fn describe(c: char) -> String {
    match c {
        '\n' | '\r' => "a line break".into(),
        '\t' => "a tab".into(),
        c => format!("a control character (U+{:04X})", c as u32),
    }
}

/// "policy-briefs" -> "Policy Briefs": a title for a folder or file name
/// that has none of its own.
pub fn title_from_name(folder: &str) -> String {
    folder
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_text_pass() {
        for name in ["a.md", "پاکستان.pdf", "Ça va.png", "a:b.pdf"] {
            assert!(
                check(Path::new(name), OsStr::new(name), false).is_none(),
                "{name}"
            );
        }
    }

    #[test]
    fn control_characters_are_named() {
        let e = check(Path::new("x"), OsStr::new("a\nb.pdf"), false).unwrap();
        assert_eq!(
            e.message,
            "this file has a line break in its name: `a\\nb.pdf`"
        );
        assert_eq!(e.help.as_deref(), Some("rename it without the line break"));
        assert_eq!(e.file, Path::new("x"));
        let e = check(Path::new("c/a\nb.pdf"), OsStr::new("a\nb.pdf"), false).unwrap();
        assert_eq!(e.file, Path::new("c/a\\nb.pdf"));
        let e = check(Path::new("x"), OsStr::new("a\u{7}b"), false).unwrap();
        assert!(e.message.contains("a control character (U+0007)"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_not_utf8_are_shown_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"sec-\xff\xfe");
        let e = check(&Path::new("content").join(name), name, true).unwrap();
        assert_eq!(
            e.message,
            "this folder has a name that is not UTF-8 text: `sec-\\xFF\\xFE` (byte 0xFF cannot be read)"
        );
        assert_eq!(e.file, Path::new("content/sec-\u{fffd}\u{fffd}"));
    }

    #[test]
    fn published_names_have_no_separator_or_drive() {
        assert!(check_published(Path::new("x"), Path::new("img/a.png")).is_none());
        let e = check_published(Path::new("x"), Path::new("img/a:b.png")).unwrap();
        assert!(e.message.contains("`a:b.png` has `:`"), "{e}");
    }

    #[test]
    fn folder_titles() {
        assert_eq!(title_from_name("policy-briefs"), "Policy Briefs");
    }
}
