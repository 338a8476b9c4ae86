//! Publishing on hosts: `folio init --ci` in a new and in an existing site
//! (what it writes, what it refuses), and the `_redirects` file of old
//! addresses that Netlify and Cloudflare Pages read (`[deploy] redirects`).
//! The workflows' contents are checked in `workflows`.

use std::collections::BTreeSet;

use crate::common::{TestSite, fixture, snapshot_files};

fn file(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap()
}

#[test]
fn init_ci_in_a_site_writes_only_the_workflow_and_never_replaces_it() {
    let site = fixture("bilingual");
    let before = snapshot_files(&site.root);
    for (host, rel) in [
        ("github", ".github/workflows/pages.yml"),
        ("gitlab", ".gitlab-ci.yml"),
    ] {
        let run = site.folio(&["init", "--ci", host]);
        assert_eq!(run.code, Some(0), "{}", run.debug());
        assert!(run.stdout.contains(rel), "{}", run.debug());
        assert!(site.path(rel).is_file());
    }
    let after = snapshot_files(&site.root);
    let added: Vec<String> = after
        .keys()
        .filter(|k| !before.contains_key(*k))
        .map(|k| k.display().to_string())
        .collect();
    assert_eq!(added, [".github/workflows/pages.yml", ".gitlab-ci.yml"]);
    assert!(
        before.iter().all(|(k, v)| after.get(k) == Some(v)),
        "nothing else changed"
    );

    // Again, with DIR given as `.`: refused, the file as it was.
    site.write(".github/workflows/pages.yml", "# my own changes\n");
    let run = site.folio(&["init", ".", "--ci", "github"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(
        run.stderr.contains(".github/workflows/pages.yml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("rename or delete"), "{}", run.stderr);
    assert_eq!(
        file(&site, ".github/workflows/pages.yml"),
        "# my own changes\n"
    );
}

#[test]
fn init_ci_makes_a_new_site_with_its_workflow_that_builds() {
    let (_tmp, dir) = crate::workflows::site_with_ci("gitlab");
    for f in [
        "site.toml",
        ".gitignore",
        ".gitlab-ci.yml",
        "content/commentary/welcome.md",
    ] {
        assert!(dir.join(f).is_file(), "{f} was not written");
    }
    assert!(!dir.join(".github").exists());
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/"), "{ignore}");
    // The workflow's own command, on the new site.
    let run = crate::common::run_folio(
        &[
            "build",
            "--output",
            "public",
            "--base-url",
            "https://x.example.org/",
        ],
        &dir,
        &[("HOME", std::ffi::OsStr::new(crate::common::NO_HOME))],
    );
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(dir.join("public/index.html").is_file());
}

#[test]
fn init_ci_refuses_a_folder_that_is_not_a_site_and_not_empty() {
    let site = crate::common::empty_site();
    site.write("notes.txt", "mine\n");
    let run = site.folio(&["init", "--ci", "github"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(run.stderr.contains("no site.toml here"), "{}", run.stderr);
    assert!(
        run.stderr.contains("folio init NEW-FOLDER --ci"),
        "{}",
        run.stderr
    );
    assert!(!site.path(".github").exists() && !site.path("site.toml").exists());
    // Without --ci, DIR is still required.
    let run = site.folio(&["init"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
}

/// The bilingual fixture with old addresses: two of an English article,
/// one (in Urdu letters) of an Urdu article, one of a standalone page.
fn site_with_aliases(setting: Option<&str>) -> TestSite {
    let site = fixture("bilingual");
    let add = |rel: &str, aliases: &str| {
        let text = file(&site, rel).replacen("---\n", &format!("---\naliases: {aliases}\n"), 1);
        site.write(rel, text);
    };
    add(
        "content/analysis/trade.md",
        "[/old/trade/, /2019/trade.html]",
    );
    add("content/analysis/markets.ur.md", "[\"/ur/پرانی-منڈیاں/\"]");
    site.write(
        "content/about.md",
        "---\ntitle: \"About\"\naliases: [/about-us/]\n---\n\nWho we are.\n",
    );
    if let Some(value) = setting {
        let toml = file(&site, "site.toml");
        site.write(
            "site.toml",
            format!("{toml}\n[deploy]\nredirects = \"{value}\"\n"),
        );
    }
    site
}

/// `_redirects` as (from, to, status), comments and blank lines aside.
fn rules(site: &TestSite) -> BTreeSet<(String, String, String)> {
    site.read("/_redirects")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "a rule is OLD NEW STATUS: {l:?}");
            (fields[0].into(), fields[1].into(), fields[2].into())
        })
        .collect()
}

const URDU_ALIAS: &str = "/ur/%D9%BE%D8%B1%D8%A7%D9%86%DB%8C-%D9%85%D9%86%DA%88%DB%8C%D8%A7%DA%BA/";

fn expected(status: &str) -> BTreeSet<(String, String, String)> {
    [
        ("/old/trade/", "/analysis/trade/"),
        ("/2019/trade.html", "/analysis/trade/"),
        (URDU_ALIAS, "/ur/analysis/markets/"),
        ("/about-us/", "/about/"),
    ]
    .into_iter()
    .map(|(f, t)| (f.to_string(), t.to_string(), status.to_string()))
    .collect()
}

#[test]
fn every_alias_of_every_edition_is_a_netlify_rule() {
    let site = site_with_aliases(Some("netlify"));
    site.build_ok();
    // Forced: the redirect page that stands at each old address would
    // otherwise be served instead of the rule.
    assert_eq!(rules(&site), expected("301!"));
    // The redirect pages stay, for every other host.
    for old in [
        "/old/trade/",
        "/2019/trade.html",
        "/ur/پرانی-منڈیاں/",
        "/about-us/",
    ] {
        assert!(site.exists(old), "no redirect page at {old}");
    }
    assert!(!site.exists("/ur/_redirects"), "one file, at the root");
}

#[test]
fn cloudflare_rules_are_plain_301s() {
    let site = site_with_aliases(Some("cloudflare"));
    site.build_ok();
    assert_eq!(rules(&site), expected("301"));
}

#[test]
fn without_the_setting_there_is_no_redirects_file() {
    let site = site_with_aliases(None);
    site.build_ok();
    assert!(!site.exists("/_redirects"));
    assert!(site.exists("/old/trade/"));
}

#[test]
fn a_wrong_setting_is_an_error_naming_the_choices() {
    let site = site_with_aliases(Some("apache"));
    let errors = crate::common::show(&site.build_err());
    assert!(errors.contains("site.toml"), "{errors}");
    assert!(
        errors.contains("netlify") && errors.contains("cloudflare"),
        "{errors}"
    );
}

#[test]
fn the_theme_can_override_the_redirects_template() {
    let site = site_with_aliases(Some("netlify"));
    site.write(
        "templates/_redirects",
        "{% for r in rules %}{{ r.from }} {{ r.to }} 302\n{% endfor %}/feed /atom.xml 301\n",
    );
    site.build_ok();
    let text = site.read("/_redirects");
    assert!(
        text.contains("/old/trade/ /analysis/trade/ 302\n"),
        "{text}"
    );
    assert!(text.ends_with("/feed /atom.xml 301\n"), "{text}");
}
