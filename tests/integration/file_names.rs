//! Names of files and folders that folio cannot publish: not UTF-8 (an
//! archive unpacked from another system), or with a line break or another
//! control character, or (for a file published under its own name) `:` or
//! `\`. Each is an error naming the path, in the build and in `folio
//! check`, all at once; never an article published in the wrong place, two
//! attachments made one, or "refusing to write outside the output folder".

use std::path::{Path, PathBuf};

use crate::common::*;
use folio::Diagnostic;

/// The error about `path` (as shown: `�` for bytes that are not UTF-8).
fn about<'a>(errors: &'a [Diagnostic], path: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|e| e.file == Path::new(path))
        .unwrap_or_else(|| panic!("no error about {path}:\n{}", show(errors)))
}

fn help(e: &Diagnostic) -> &str {
    e.help.as_deref().unwrap_or("")
}

/// The minimal site with a bundle (`content/commentary/bundle/index.md`).
fn site_with_bundle() -> TestSite {
    let site = fixture("minimal");
    let hello = std::fs::read_to_string(site.path("content/commentary/hello.md")).unwrap();
    site.write(
        "content/commentary/bundle/index.md",
        hello.replace("title:", "slug: bundle\ntitle:"),
    );
    site
}

#[cfg(unix)]
fn raw(site: &TestSite, rel: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    site.root.join(std::ffi::OsStr::from_bytes(rel))
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_errors_in_build_and_check() {
    let site = site_with_bundle();
    let hello = std::fs::read(site.path("content/commentary/hello.md")).unwrap();
    std::fs::create_dir_all(raw(&site, b"content/sec-\xff")).unwrap();
    std::fs::write(raw(&site, b"content/sec-\xff/a.md"), &hello).unwrap();
    std::fs::write(raw(&site, b"content/commentary/bundle/dup-\xfe.pdf"), "one").unwrap();
    std::fs::write(raw(&site, b"content/commentary/bundle/dup-\xff.pdf"), "two").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::fs::write(raw(&site, b"static/caf\xe9.css"), "a {}").unwrap();

    let errors = site.build_err();
    assert_eq!(errors.len(), 4, "{}", show(&errors));
    let folder = about(&errors, "content/sec-\u{fffd}");
    assert_eq!(
        folder.message,
        "this folder has a name that is not UTF-8 text: `sec-\\xFF` (byte 0xFF cannot be read)"
    );
    assert!(help(folder).starts_with("rename it"), "{folder}");
    let dups: Vec<&Diagnostic> = errors
        .iter()
        .filter(|e| e.file == Path::new("content/commentary/bundle/dup-\u{fffd}.pdf"))
        .collect();
    assert_eq!(dups.len(), 2, "each attachment has its own error");
    assert!(
        dups[0]
            .message
            .ends_with("`dup-\\xFE.pdf` (byte 0xFE cannot be read)")
    );
    assert!(
        dups[1]
            .message
            .ends_with("`dup-\\xFF.pdf` (byte 0xFF cannot be read)")
    );
    let css = about(&errors, "static/caf\u{fffd}.css");
    assert!(
        css.message
            .starts_with("this file has a name that is not UTF-8"),
        "{css}"
    );
    assert!(!site.public().exists(), "nothing is written");

    let run = site.folio(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    let found: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = found
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/commentary/bundle/dup-\u{fffd}.pdf",
            "content/commentary/bundle/dup-\u{fffd}.pdf",
            "content/sec-\u{fffd}",
            "static/caf\u{fffd}.css"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_line_break_in_an_attachments_name_is_named() {
    let site = site_with_bundle();
    site.write("content/commentary/bundle/annual\nreport.pdf", "pdf");
    site.write("content/commentary/bundle/tab\there.png", "png");
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    let e = about(&errors, "content/commentary/bundle/annual\\nreport.pdf");
    assert_eq!(
        e.message,
        "this file has a line break in its name: `annual\\nreport.pdf`"
    );
    assert_eq!(help(e), "rename it without the line break");
    let e = about(&errors, "content/commentary/bundle/tab\\there.png");
    assert_eq!(
        e.message,
        "this file has a tab in its name: `tab\\there.png`"
    );
    for e in &errors {
        assert!(!e.message.contains("outside the output folder"), "{e}");
    }
}

#[test]
fn a_line_break_in_a_folder_or_article_name_is_named() {
    let site = fixture("minimal");
    let hello = std::fs::read(site.path("content/commentary/hello.md")).unwrap();
    site.write("content/new\nsection/a.md", &hello);
    site.write("content/commentary/two\rlines.md", &hello);
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    let e = about(&errors, "content/new\\nsection");
    assert!(e.message.starts_with("this folder has a line break"), "{e}");
    about(&errors, "content/commentary/two\\rlines.md");
}

#[test]
fn a_colon_in_a_published_name_is_named_and_a_section_folder_may_have_one() {
    let site = site_with_bundle();
    site.write("content/commentary/bundle/chart:2025.png", "png");
    site.write("static/a\\b.css", "a {}");
    let hello = std::fs::read(site.path("content/commentary/hello.md")).unwrap();
    site.write("content/q&a: notes/a.md", &hello);
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    let e = about(&errors, "content/commentary/bundle/chart:2025.png");
    assert_eq!(
        e.message,
        "the name `chart:2025.png` has `:` in it, which a published file's name cannot have"
    );
    assert!(help(e).starts_with("rename it without the `:`"), "{e}");
    about(&errors, "static/a\\b.css");
}
