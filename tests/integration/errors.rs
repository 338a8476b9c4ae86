//! Content errors, through the library: each names the file, the line and
//! the column, says what is wrong and how to fix it; one build reports all.

use std::path::Path;

use crate::common::*;
use folio::Diagnostic;

/// Builds the minimal site with one extra article and returns its errors.
fn errors_for(name: &str, contents: impl AsRef<[u8]>) -> (String, Vec<Diagnostic>) {
    let site = fixture("minimal");
    let rel = format!("content/commentary/{name}.md");
    site.write(&rel, contents);
    (rel, site.build_err())
}

/// The single error of a build, checked to be in `file` at `line:column`.
fn single_error(name: &str, contents: impl AsRef<[u8]>, line: usize, column: usize) -> Diagnostic {
    let (rel, errors) = errors_for(name, contents);
    assert_eq!(errors.len(), 1, "expected one error:\n{}", show(&errors));
    let e = errors.into_iter().next().unwrap();
    assert!(e.is_error(), "{e}");
    assert_eq!(e.file, Path::new(&rel), "{e}");
    assert_eq!((e.line, e.column), (line, column), "wrong position:\n{e}");
    // The printed form starts with `file:line:column: error:` and shows the line.
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{rel}:{line}:{column}: error: ")),
        "{shown}"
    );
    assert!(e.source_line.is_some(), "no source line:\n{e}");
    e
}

fn help(e: &Diagnostic) -> &str {
    e.help.as_deref().unwrap_or("")
}

#[test]
fn malformed_yaml_unclosed_quote() {
    let e = single_error(
        "broken",
        "---\ntitle: \"unterminated\ndate: 2025-11-05\n---\n\nBody.\n",
        2,
        8,
    );
    assert_eq!(e.message, "the quote \" opened here is never closed");
    assert_eq!(e.source_line.as_deref(), Some("title: \"unterminated"));
    assert!(!help(&e).is_empty(), "{e}");
}

#[test]
fn malformed_yaml_unclosed_bracket() {
    let e = single_error(
        "broken",
        "---\ntitle: [unclosed\ndate: 2025-11-05\n---\n\nBody.\n",
        2,
        8,
    );
    assert!(e.message.contains("title"), "{e}");
    assert!(help(&e).contains("quotes"), "{e}");
}

#[test]
fn malformed_yaml_colon_in_an_unquoted_title() {
    let e = single_error(
        "broken",
        "---\ntitle: After Istanbul: what next\ndate: 2025-11-05\n---\n\nBody.\n",
        2,
        22,
    );
    assert!(help(&e).contains("quote"), "{e}");
}

#[test]
fn missing_title() {
    let e = single_error("untitled", "---\ndate: 2025-11-05\n---\n\nBody.\n", 1, 1);
    assert_eq!(e.message, "the front matter has no `title`");
    assert!(help(&e).contains("title:"), "{e}");
}

#[test]
fn missing_date() {
    let e = single_error("undated", "---\ntitle: X\n---\n\nBody.\n", 1, 1);
    assert_eq!(e.message, "the front matter has no `date`");
    assert!(help(&e).contains("date: 2025-11-05"), "{e}");
}

#[test]
fn invalid_date_points_at_the_value() {
    let e = single_error(
        "bad-date",
        "---\ntitle: X\ndate: 2025-13-45\n---\n\nBody.\n",
        3,
        7,
    );
    assert!(e.message.contains("`2025-13-45` is not a real date"), "{e}");
    assert_eq!(e.width, "2025-13-45".len());
    assert!(help(&e).contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn invalid_boolean() {
    let e = single_error(
        "bad-draft",
        "---\ntitle: X\ndate: 2025-11-05\ndraft: maybe\n---\n",
        4,
        8,
    );
    assert_eq!(e.message, "`draft` must be true or false, not `maybe`");
    assert_eq!(help(&e), "write `draft: true` or `draft: false`");
}

#[test]
fn unknown_key_suggests_the_known_one() {
    let e = single_error(
        "typo",
        "---\ntitle: X\ndate: 2025-11-05\nautor: [alice-ahmed]\n---\n\nBody.\n",
        4,
        1,
    );
    assert_eq!(e.message, "unknown key `autor` in the front matter");
    assert_eq!(e.width, "autor".len());
    assert!(
        help(&e).contains("did you mean `authors`"),
        "no suggestion:\n{e}"
    );
}

#[test]
fn unknown_key_titel_suggests_title() {
    let e = single_error(
        "typo",
        "---\ntitel: X\ndate: 2025-11-05\n---\n\nBody.\n",
        2,
        1,
    );
    assert!(
        help(&e).contains("did you mean `title`"),
        "no suggestion:\n{e}"
    );
}

#[test]
fn unknown_author_in_a_block_list() {
    let e = single_error(
        "stranger",
        "---\ntitle: X\ndate: 2025-11-05\nauthors:\n  - alice-ahmed\n  - bob-bakr\n---\n\nBody.\n",
        6,
        5,
    );
    assert!(e.message.contains("unknown author `bob-bakr`"), "{e}");
    assert_eq!(e.width, "bob-bakr".len());
    assert!(help(&e).contains("did you mean `bob-baker`"), "{e}");
    assert_eq!(e.source_line.as_deref(), Some("  - bob-bakr"));
}

#[test]
fn unknown_author_in_a_flow_list() {
    let e = single_error(
        "stranger",
        "---\ntitle: X\ndate: 2025-11-05\nauthors: [alice-ahmed, bob-bakr]\n---\n",
        4,
        24,
    );
    assert!(help(&e).contains("did you mean `bob-baker`"), "{e}");
}

#[test]
fn unknown_author_without_a_close_match_says_how_to_add_one() {
    let e = single_error(
        "stranger",
        "---\ntitle: X\ndate: 2025-11-05\nauthors: [zygmunt]\n---\n",
        4,
        11,
    );
    assert!(help(&e).contains("content/authors/zygmunt.md"), "{e}");
}

#[test]
fn slug_that_would_leave_the_section_is_refused() {
    let e = single_error(
        "escape",
        "---\ntitle: X\ndate: 2025-11-05\nslug: \"../etc\"\n---\n\nBody.\n",
        4,
        // The caret points at the text, not at its opening quote.
        8,
    );
    assert!(e.message.starts_with("invalid slug"), "{e}");
    assert!(e.message.contains('/'), "{e}");
}

#[test]
fn other_bad_slugs_are_refused() {
    for (slug, why) in [
        ("\"..\"", "cannot be a URL segment"),
        ("\"a b\"", "a space"),
        ("Upper", "upper-case"),
        ("nul", "reserved"),
        ("\"a%2f\"", "%"),
    ] {
        let column = if slug.starts_with('"') { 8 } else { 7 };
        let e = single_error(
            "bad-slug",
            format!("---\ntitle: X\ndate: 2025-11-05\nslug: {slug}\n---\n"),
            4,
            column,
        );
        assert!(e.message.contains(why), "slug {slug}: {e}");
    }
}

#[test]
fn duplicate_url_names_both_files_with_a_position() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/one.md",
        "---\ntitle: A\ndate: 2025-11-05\nslug: same\n---\n",
    );
    site.write(
        "content/commentary/two.md",
        "---\ntitle: B\ndate: 2025-11-05\nslug: same\n---\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    let both = format!("{} {}", e.file.display(), e.message);
    assert!(both.contains("content/commentary/one.md"), "{e}");
    assert!(both.contains("content/commentary/two.md"), "{e}");
    assert!(e.message.contains("/commentary/same/"), "{e}");
    // Like every content error: a line and a column (here, of the `slug:`).
    assert!(e.line >= 1 && e.column >= 1, "no line:column in\n{e}");
}

#[test]
fn duplicate_url_from_file_names() {
    // A file and a bundle folder with the same name in one section.
    let site = fixture("minimal");
    site.write(
        "content/commentary/hello/index.md",
        "---\ntitle: B\ndate: 2025-11-05\n---\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let text = errors[0].to_string();
    assert!(text.contains("content/commentary/hello.md"), "{text}");
    assert!(text.contains("content/commentary/hello/index.md"), "{text}");
}

#[test]
fn non_utf8_file_points_at_the_bad_byte() {
    let e = single_error("latin1", b"---\ntitle: caf\xe9\n".as_slice(), 2, 11);
    assert!(e.message.contains("not UTF-8"), "{e}");
    assert!(e.message.contains("0xE9"), "{e}");
    assert!(help(&e).contains("UTF-8"), "{e}");
}

#[test]
fn several_broken_files_are_all_reported_in_one_build() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/a-untitled.md",
        "---\ndate: 2025-11-05\n---\n",
    );
    site.write(
        "content/commentary/b-bad-date.md",
        "---\ntitle: B\ndate: 2025-02-30\n---\n",
    );
    // Two errors in one file.
    site.write(
        "content/commentary/c-two.md",
        "---\ntitle: C\ndate: someday\nauthors: [alice-ahmad]\n---\n",
    );
    site.write("content/commentary/d-latin1.md", b"---\ntitle: D\xff\n");
    let failure = site.build().unwrap_err();
    assert!(!failure.usage);
    let d = &failure.diagnostics;
    let found: Vec<(String, usize, usize)> =
        d.0.iter()
            .map(|e| (e.file.display().to_string(), e.line, e.column))
            .collect();
    assert_eq!(
        found,
        [
            ("content/commentary/a-untitled.md".to_string(), 1, 1),
            ("content/commentary/b-bad-date.md".to_string(), 3, 7),
            ("content/commentary/c-two.md".to_string(), 3, 7),
            ("content/commentary/c-two.md".to_string(), 4, 11),
            ("content/commentary/d-latin1.md".to_string(), 2, 9),
        ],
        "{}",
        show(&d.0)
    );
    assert_eq!(d.error_summary(), "5 errors in 4 files");
    // Nothing was written.
    assert!(!site.public().exists());
}

#[test]
fn broken_author_profile_and_section_index_are_reported_too() {
    let site = fixture("minimal");
    site.write(
        "content/authors/carol-chen.md",
        "---\naffiliation: Somewhere\n---\n",
    );
    site.write(
        "content/commentary/_index.md",
        "---\ntitle: Commentary\nsort_by: popularity\n---\n",
    );
    let errors = site.build_err();
    let found: Vec<(String, usize, usize)> = errors
        .iter()
        .map(|e| (e.file.display().to_string(), e.line, e.column))
        .collect();
    assert_eq!(
        found,
        [
            ("content/authors/carol-chen.md".to_string(), 1, 1),
            ("content/commentary/_index.md".to_string(), 3, 10)
        ],
        "{}",
        show(&errors)
    );
    assert!(errors[0].message.contains("`name`"), "{}", errors[0]);
    assert!(errors[1].message.contains("popularity"), "{}", errors[1]);
}

#[test]
fn site_toml_errors_have_positions() {
    let site = fixture("minimal");
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://test.example.org\"\n\n[disclaimer]\ndefault = \"x\"\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!(e.file, Path::new("site.toml"));
    assert_eq!(e.line, 4, "{e}");
    assert!(e.column >= 1, "{e}");
    assert!(help(e).contains("did you mean `disclaimers`"), "{e}");
}

#[test]
fn a_search_index_in_parts_of_no_records_is_refused_at_its_line() {
    let site = fixture("minimal");
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://test.example.org\"\n\n[search]\npart_size = 0\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!(e.file, Path::new("site.toml"));
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message.contains("part_size"), "{e}");
    assert!(help(e).contains("2500"), "{e}");
}

#[test]
fn bom_and_crlf_build_fine() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/windows.md",
        b"\xEF\xBB\xBF---\r\ntitle: \"Saved on Windows\"\r\ndate: 2025-11-06\r\nauthors: [alice-ahmed]\r\n---\r\n\r\nA paragraph.\r\n\r\n## A heading\r\n\r\nText.\r\n".as_slice(),
    );
    site.build_ok();
    let doc = site.page("/commentary/windows/");
    assert_eq!(text(one(&doc, "h1")), "Saved on Windows");
    assert_eq!(texts(&doc, "nav.toc a"), ["A heading"]);
    assert_eq!(text(one(&doc, "p.byline")), "By Alice Ahmed");
}

#[test]
fn crlf_errors_have_the_same_positions() {
    let e = single_error(
        "crlf",
        "---\r\ntitle: X\r\ndate: 2025-13-45\r\n---\r\n",
        3,
        7,
    );
    assert_eq!(
        e.source_line.as_deref(),
        Some("date: 2025-13-45"),
        "no \\r in the snippet"
    );
}

/// Nine anchors, each a list of nine aliases of the one before (9^9 strings
/// once expanded), as `key: value` lines or as items of a list.
fn laughs(as_items: bool) -> String {
    let mut parts = vec![
        "&a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]".to_string(),
    ];
    for i in 1..9u8 {
        let prev = (b'a' + i - 1) as char;
        let name = (b'a' + i) as char;
        parts.push(format!(
            "&{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        ));
    }
    if as_items {
        format!("tags: [{}]\n", parts.join(", "))
    } else {
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{}: {p}\n", (b'a' + i as u8) as char))
            .collect()
    }
}

#[test]
fn billion_laughs_header_fails() {
    for as_items in [false, true] {
        let header = format!(
            "---\ntitle: X\ndate: 2025-11-05\n{}---\n\nBody.\n",
            laughs(as_items)
        );
        let (rel, errors) = errors_for("lol", header);
        assert_eq!(errors.len(), 1, "{}", show(&errors));
        let e = &errors[0];
        assert_eq!(e.file, Path::new(&rel));
        assert_eq!(e.line, 4, "{e}");
        assert!(e.column >= 1, "{e}");
    }
}

#[test]
fn billion_laughs_in_an_author_profile_fails() {
    let site = fixture("minimal");
    site.write(
        "content/authors/lol.md",
        format!("---\nname: Lol\n{}---\n", laughs(false)),
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].file, Path::new("content/authors/lol.md"));
    assert_eq!(errors[0].line, 3, "{}", errors[0]);
}

#[test]
fn alias_flood_is_refused_as_too_large() {
    let many = std::iter::repeat_n("*a", 100)
        .collect::<Vec<_>>()
        .join(", ");
    let (_, errors) = errors_for(
        "flood",
        format!("---\ntitle: X\ndate: 2025-11-05\ntags: [&a lol, {many}]\n---\n"),
    );
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!(e.line, 4, "{e}");
    assert!(e.column > 1, "{e}");
    assert!(e.message.contains("too large"), "{e}");
    assert!(help(e).contains("`*name`"), "{e}");
}

#[test]
fn unknown_key_in_an_inline_author_lists_the_author_keys() {
    let e = single_error(
        "inline",
        "---\ntitle: X\ndate: 2025-11-05\nauthors: [{name: Y, afiliation: Z}]\n---\n",
        4,
        21,
    );
    assert_eq!(e.message, "unknown key `afiliation` in the front matter");
    // The keys an inline author takes, not those of an article.
    assert!(
        !help(&e).contains("report_number"),
        "help lists the article's keys:\n{e}"
    );
    assert!(help(&e).contains("affiliation"), "{e}");
}

#[test]
fn an_alias_over_a_page_folio_generates_is_an_error() {
    // The home page and a tag page are written by folio; an alias must not
    // silently replace them with a redirect.
    for alias in ["/index.html", "/tags/pakistan/"] {
        let site = fixture("minimal");
        site.write(
            "content/commentary/hello.md",
            format!("---\ntitle: Hello\ndate: 2025-11-05\ntags: [Pakistan]\naliases: [\"{alias}\"]\n---\n\nBody.\n"),
        );
        let result = site.build();
        if result.is_ok() {
            let page = site.read(alias);
            panic!(
                "alias {alias} was accepted and replaced the page with:\n{}",
                &page[..page.len().min(300)]
            );
        }
        let errors = result.unwrap_err().diagnostics.0;
        assert!(
            errors
                .iter()
                .any(|e| e.file == Path::new("content/commentary/hello.md")
                    && e.message.contains(alias)),
            "{}",
            show(&errors)
        );
    }
}

#[test]
fn an_alias_over_another_article_is_an_error() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/other.md",
        "---\ntitle: Other\ndate: 2025-11-05\naliases: [/commentary/hello/]\n---\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(
        errors[0]
            .message
            .contains("/commentary/hello/ would be written twice"),
        "{}",
        errors[0]
    );
}

#[test]
fn an_alias_that_leaves_the_site_is_an_error() {
    let e = single_error(
        "bad-alias",
        "---\ntitle: X\ndate: 2025-11-05\naliases: [\"/../../etc/passwd\"]\n---\n",
        4,
        12,
    );
    assert!(e.message.starts_with("invalid alias"), "{e}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_and_link_loops_are_reported_not_followed() {
    let site = fixture("minimal");
    let outside = site.tmp.path().join("secret.md");
    std::fs::write(
        &outside,
        "---\ntitle: Secret\ndate: 2025-11-05\n---\n\nsecret\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, site.path("content/commentary/linked.md")).unwrap();
    std::fs::create_dir_all(site.tmp.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(
        site.tmp.path().join("elsewhere"),
        site.path("content/outside"),
    )
    .unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/commentary/loop")).unwrap();
    let errors = site.build_err();
    let files: Vec<String> = errors
        .iter()
        .map(|e| e.file.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "content/commentary/linked.md",
            "content/commentary/loop",
            "content/outside"
        ],
        "{}",
        show(&errors)
    );
    assert!(
        errors[0].message.contains("outside the site"),
        "{}",
        errors[0]
    );
    assert!(errors[1].message.contains("loop"), "{}", errors[1]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_inside_the_site_are_followed() {
    let site = fixture("minimal");
    site.write(
        "shared/note.md",
        "---\ntitle: Shared Note\ndate: 2025-11-05\n---\n\nShared.\n",
    );
    std::os::unix::fs::symlink(
        site.path("shared/note.md"),
        site.path("content/commentary/shared-note.md"),
    )
    .unwrap();
    site.build_ok();
    assert_eq!(
        text(one(&site.page("/commentary/shared-note/"), "h1")),
        "Shared Note"
    );
}
