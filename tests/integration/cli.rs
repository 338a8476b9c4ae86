//! The `folio` binary: exit status (0 success, 1 content errors, 2 usage
//! errors), how errors are printed, and finding the site (`--root`, or
//! upwards from the current folder).

use crate::common::*;

#[test]
fn build_succeeds_with_status_0() {
    let site = fixture("minimal");
    let run = site.folio(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(run.stdout.contains("Built 1 article ("), "{}", run.debug());
    assert!(site.exists("/commentary/hello/"));
    // Warnings (the fixture has an author no article names) may be printed;
    // errors may not.
    assert!(!run.stderr.contains("error"), "{}", run.debug());
}

/// Parses `path:line:column: error: message` into its parts.
fn parse_header(line: &str) -> Option<(String, usize, usize, String)> {
    let (place, message) = line.split_once(": error: ")?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line_no = parts.next()?.parse().ok()?;
    let path = parts.next()?.to_string();
    Some((path, line_no, column, message.to_string()))
}

#[test]
fn content_errors_exit_1_with_file_line_column_snippet_and_caret() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/bad-date.md",
        "---\ntitle: X\ndate: 2025-13-45\n---\n",
    );
    site.write(
        "content/commentary/stranger.md",
        "---\ntitle: Y\ndate: 2025-11-05\nauthors:\n  - alice-ahmed\n  - bob-bakr\n---\n",
    );
    let run = site.folio(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    let lines: Vec<&str> = run.stderr.lines().collect();

    let headers: Vec<(usize, (String, usize, usize, String))> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((i, parse_header(l)?)))
        .collect();
    let places: Vec<(String, usize, usize)> = headers
        .iter()
        .map(|(_, (p, l, c, _))| (p.clone(), *l, *c))
        .collect();
    assert_eq!(
        places,
        [
            ("content/commentary/bad-date.md".to_string(), 3, 7),
            ("content/commentary/stranger.md".to_string(), 6, 5),
        ],
        "{}",
        run.debug()
    );
    for (i, (_, line_no, column, message)) in &headers {
        assert!(!message.is_empty());
        // Then: a gutter line, the source line, and a caret under the column.
        let number = line_no.to_string();
        let source = lines[i + 2];
        let source_prefix = format!("{number} | ");
        assert!(
            source.starts_with(&source_prefix),
            "no source line after {}: {}",
            lines[*i],
            run.debug()
        );
        let caret = lines[i + 3];
        let caret_at = caret
            .find('^')
            .unwrap_or_else(|| panic!("no caret: {}", run.debug()));
        assert_eq!(
            caret_at,
            source_prefix.len() + column - 1,
            "caret misplaced:\n{source}\n{caret}"
        );
    }
    assert!(
        lines[headers[0].0 + 2].ends_with("date: 2025-13-45"),
        "{}",
        run.debug()
    );
    assert!(
        run.stderr.contains("= help: did you mean `bob-baker`?"),
        "{}",
        run.debug()
    );
    let last = lines.iter().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert_eq!(*last, "2 errors in 2 files; nothing was written");
    assert!(!site.public().exists());
}

#[test]
fn caret_counts_characters_not_bytes() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/urdu.md",
        "---\ntitle: \"پاکستان\"\ndate: 2025-11-05\nslug: \"پاکستان/x\"\n---\n",
    );
    let run = site.folio(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    let lines: Vec<&str> = run.stderr.lines().collect();
    let i = lines
        .iter()
        .position(|l| parse_header(l).is_some())
        .unwrap();
    let (_, line_no, column, _) = parse_header(lines[i]).unwrap();
    // Column 8: the text after the opening quote.
    assert_eq!((line_no, column), (4, 8), "{}", run.debug());
    let caret = lines[i + 3];
    let caret_col = caret.chars().position(|c| c == '^').unwrap();
    assert_eq!(caret_col, "4 | ".len() + 7, "{}", run.debug());
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = fixture("minimal");
    let run = site.folio(&["build", "--no-such-flag"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(run.stderr.contains("--no-such-flag"), "{}", run.debug());
    assert!(!site.public().exists());
}

#[test]
fn unknown_command_and_no_command_are_usage_errors() {
    let site = fixture("minimal");
    assert_eq!(site.folio(&["frobnicate"]).code, Some(2));
    assert_eq!(site.folio(&[]).code, Some(2));
}

#[test]
fn bad_base_url_is_a_usage_error() {
    let site = fixture("minimal");
    let run = site.folio(&["build", "--base-url", "example.org"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
}

#[test]
fn root_works_from_another_folder() {
    let site = fixture("minimal");
    let elsewhere = site.tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let home = std::ffi::OsStr::new(NO_HOME);
    let run = run_folio(
        &["build", "--root", "../site"],
        &elsewhere,
        &[("HOME", home)],
    );
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(site.exists("/commentary/hello/"));
    assert!(
        !elsewhere.join("public").exists(),
        "wrote into the current folder"
    );
    let absolute = site.root.display().to_string();
    let run = run_folio(
        &["build", "--root", &absolute],
        &elsewhere,
        &[("HOME", home)],
    );
    assert_eq!(run.code, Some(0), "{}", run.debug());
}

#[test]
fn root_without_site_toml_is_a_usage_error() {
    let site = fixture("minimal");
    let run = site.folio(&["build", "--root", "content"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(run.stderr.contains("site.toml"), "{}", run.debug());
}

#[test]
fn the_site_is_found_upwards_from_a_subfolder() {
    let site = fixture("minimal");
    let sub = site.path("content/commentary");
    let run = run_folio(&["build"], &sub, &[("HOME", std::ffi::OsStr::new(NO_HOME))]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(site.exists("/commentary/hello/"));
    assert!(!sub.join("public").exists());
}

#[test]
fn no_site_found_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_folio(
        &["build"],
        dir.path(),
        &[("HOME", std::ffi::OsStr::new(NO_HOME))],
    );
    assert_ne!(run.code, Some(0), "{}", run.debug());
    assert!(run.stderr.contains("site.toml"), "{}", run.debug());
}

#[test]
fn drafts_and_future_flags() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/later.md",
        "---\ntitle: Later\ndate: 2999-01-01\n---\n",
    );
    site.write(
        "content/commentary/unfinished.md",
        "---\ntitle: Unfinished\ndate: 2025-01-01\ndraft: true\n---\n",
    );
    let run = site.folio(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stdout
            .contains("content/commentary/later.md is scheduled for 2999-01-01"),
        "{}",
        run.debug()
    );
    assert!(
        run.stdout.contains("1 draft was left out"),
        "{}",
        run.debug()
    );
    assert!(!site.exists("/commentary/later/"));
    assert!(!site.exists("/commentary/unfinished/"));

    let run = site.folio(&["build", "--drafts", "--future"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(site.exists("/commentary/later/"));
    assert!(site.exists("/commentary/unfinished/"));
}

#[test]
fn base_url_flag_changes_permalinks() {
    let site = fixture("minimal");
    let run = site.folio(&["build", "--base-url", "https://staging.example.net"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let doc = site.page("/commentary/hello/");
    let canonical = attr(one(&doc, "link[rel=\"canonical\"]"), "href").unwrap();
    assert_eq!(canonical, "https://staging.example.net/commentary/hello/");
}
