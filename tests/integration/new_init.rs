//! `folio init` and `folio new`, end to end through the binary in temporary
//! folders: what a new user types, then `folio build` on the result.

use crate::common;

use std::path::Path;

use crate::common::{Run, empty_site, fixture, run_folio};

fn folio(cwd: &Path, args: &[&str]) -> Run {
    run_folio(
        args,
        cwd,
        &[("HOME", std::ffi::OsStr::new(common::NO_HOME))],
    )
}

#[test]
fn init_then_new_then_build_works() {
    let tmp = tempfile::tempdir().unwrap();
    let run = folio(
        tmp.path(),
        &[
            "init",
            "my-site",
            "--title",
            "Centre for Testing",
            "--base-url",
            "https://testing.example.org/",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stdout.contains("--author editorial-team"),
        "{}",
        run.stdout
    );
    let site = tmp.path().join("my-site");
    for f in [
        "site.toml",
        "content/commentary/welcome.md",
        "content/authors/editorial-team.md",
    ] {
        assert!(site.join(f).is_file(), "{f} was not written");
    }
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(toml.contains("title = \"Centre for Testing\""), "{toml}");
    assert!(
        toml.contains("base_url = \"https://testing.example.org\""),
        "{toml}"
    );
    // A fresh site has nothing to complain about.
    let check = folio(&site, &["check", "--strict"]);
    assert_eq!(check.code, Some(0), "{}", check.debug());

    let new = folio(
        &site,
        &["new", "commentary", "Hello", "--author", "editorial-team"],
    );
    assert_eq!(new.code, Some(0), "{}", new.debug());
    assert_eq!(
        new.stdout.trim(),
        Path::new("content/commentary/hello.md")
            .display()
            .to_string()
    );
    let text = std::fs::read_to_string(site.join("content/commentary/hello.md")).unwrap();
    assert!(text.contains("title: \"Hello\""), "{text}");
    assert!(text.contains("authors: [editorial-team]"), "{text}");
    assert!(
        text.contains(&format!("date: {}", chrono::Utc::now().date_naive())),
        "{text}"
    );
    assert!(
        text.contains("# type: commentary"),
        "the section's defaults: {text}"
    );
    // No empty keys: hints, commented out.
    assert!(!text.contains("summary: \"\""), "{text}");
    assert!(!text.contains("tags: []"), "{text}");
    assert!(text.contains("\n# summary: "), "{text}");
    assert!(text.contains("\n# tags: "), "{text}");
    // And without --author, no empty list either.
    let new = folio(&site, &["new", "commentary", "Unsigned"]);
    assert_eq!(new.code, Some(0), "{}", new.debug());
    let text = std::fs::read_to_string(site.join("content/commentary/unsigned.md")).unwrap();
    assert!(!text.contains("authors: []"), "{text}");

    // init, new, build and check: not one warning.
    let build = folio(&site, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.debug());
    assert_eq!(build.stderr, "", "{}", build.debug());
    assert_eq!(build.stdout.lines().count(), 1, "{}", build.debug());
    assert!(site.join("public/commentary/hello/index.html").is_file());
    assert!(site.join("public/commentary/welcome/index.html").is_file());
    let check = folio(&site, &["check", "--strict"]);
    assert_eq!(check.code, Some(0), "{}", check.debug());
    assert!(
        check.stdout.starts_with("no problems found"),
        "{}",
        check.debug()
    );
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("public/commentary/hello/index.html")).unwrap(),
    );
    assert_eq!(common::text(common::one(&page, "h1")), "Hello");
    assert!(
        !std::fs::read_to_string(site.join("public/commentary/hello/index.html"))
            .unwrap()
            .contains("<!-- more -->\n\nThe rest")
    );

    // The section's description is shown once, not repeated as its text.
    let section = std::fs::read_to_string(site.join("public/commentary/index.html")).unwrap();
    assert_eq!(
        section
            .matches("Short, timely pieces on current events.")
            .count(),
        // The page's description, its og:description, and the lede.
        3,
        "{section}"
    );
    assert!(!section.contains("section-text"), "{section}");
}

#[test]
fn init_without_an_address_says_it_is_a_placeholder() {
    let tmp = tempfile::tempdir().unwrap();
    // Not a terminal: nothing is asked, the defaults are written and said.
    let run = folio(tmp.path(), &["init", "think-tank"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stdout
            .contains("base_url in site.toml is the placeholder https://example.org"),
        "{}",
        run.debug()
    );
    let toml = std::fs::read_to_string(tmp.path().join("think-tank/site.toml")).unwrap();
    assert!(toml.contains("title = \"Think Tank\""), "{toml}");
    assert!(toml.contains("replace this placeholder"), "{toml}");
    // A bad address is refused before anything is written.
    let run = folio(
        tmp.path(),
        &["init", "other", "--base-url", "cds.example.org"],
    );
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(run.stderr.contains("with https://"), "{}", run.debug());
    assert!(!tmp.path().join("other").exists());
}

#[test]
fn new_never_overwrites() {
    let site = fixture("check-links-good");
    let path = site.path("content/commentary/second.md");
    let before = std::fs::read(&path).unwrap();
    let run = site.folio(&["new", "commentary", "Second", "--author", "alice-ahmed"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Nor as a bundle beside the file.
    let run = site.folio(&["new", "commentary", "Second", "--bundle"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(!site.path("content/commentary/second/index.md").exists());
    // An author profile neither.
    let run = site.folio(&["new", "author", "alice-ahmed", "Someone Else"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(
        std::fs::read_to_string(site.path("content/authors/alice-ahmed.md"))
            .unwrap()
            .contains("Alice Ahmed")
    );
}

#[test]
fn new_checks_authors_and_sections_with_hints() {
    let site = fixture("check-links-good");
    let run = site.folio(&["new", "commentary", "Fresh", "--author", "alice-ahmd"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(
        run.stderr.contains("unknown author `alice-ahmd`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `alice-ahmed`?"),
        "{}",
        run.stderr
    );
    let run = site.folio(&["new", "comentary", "Fresh"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(
        run.stderr.contains("did you mean `commentary`?"),
        "{}",
        run.stderr
    );
    assert!(!site.path("content/commentary/fresh.md").exists());
}

#[test]
fn new_bundle_and_new_author_build() {
    let site = fixture("check-links-good");
    let run = site.folio(&[
        "new",
        "author",
        "mariam-abdul-rauf",
        "Mariam Abdul Rauf",
        "--given-name",
        "Mariam",
        "--family-name",
        "Abdul Rauf",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let profile =
        std::fs::read_to_string(site.path("content/authors/mariam-abdul-rauf.md")).unwrap();
    assert!(profile.contains("family_name: \"Abdul Rauf\""), "{profile}");
    let run = site.folio(&[
        "new",
        "analysis",
        "Border Markets: A Survey",
        "--author",
        "mariam-abdul-rauf",
        "--author",
        "alice-ahmed",
        "--bundle",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let file = site.path("content/analysis/border-markets-a-survey/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("authors: [mariam-abdul-rauf, alice-ahmed]"),
        "{text}"
    );
    assert!(
        text.contains("title: \"Border Markets: A Survey\""),
        "{text}"
    );
    let build = site.folio(&["build"]);
    assert_eq!(build.code, Some(0), "{}", build.debug());
    let page = site.page("/analysis/border-markets-a-survey/");
    assert_eq!(
        common::text(common::one(&page, "h1")),
        "Border Markets: A Survey"
    );
    assert!(site.exists("/authors/mariam-abdul-rauf/"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = empty_site();
    site.write("notes.txt", "mine");
    let run = folio(&site.root, &["init", "."]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert!(!site.path("site.toml").exists());
    assert_eq!(
        std::fs::read_to_string(site.path("notes.txt")).unwrap(),
        "mine"
    );
    let run = folio(&site.root, &["init", "--theme", "."]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
}

#[test]
fn init_theme_writes_a_theme_the_site_can_use() {
    let site = fixture("check-links-good");
    let run = site.folio(&["init", "--theme", "themes/house"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(run.stdout.contains("theme = \"house\""), "{}", run.stdout);
    let article = site.path("themes/house/templates/article.html");
    assert!(article.is_file());
    let html = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        html.replacen("<article", "<article data-house=\"yes\"", 1),
    )
    .unwrap();
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}theme = \"house\"\n"));
    let build = site.folio(&["build"]);
    assert_eq!(build.code, Some(0), "{}", build.debug());
    let page = site.page("/commentary/second/");
    assert_eq!(common::count(&page, "article[data-house=\"yes\"]"), 1);
    // A second run refuses to overwrite the theme.
    let again = site.folio(&["init", "--theme", "themes/house"]);
    assert_eq!(again.code, Some(2), "{}", again.debug());
}
