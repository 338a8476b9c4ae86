//! The output folder: a failed build leaves the previous output as it was
//! (and no staging folder behind); folio refuses output folders that are, or
//! contain, the site, its source folders, `/` or the home folder, and a
//! non-empty folder it did not write unless `--force` is given.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::common::*;

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = fixture("pages");
    site.build_ok();
    let before = snapshot_files(&site.public());
    assert!(before.len() > 10, "{:?}", before.keys().collect::<Vec<_>>());

    // Break one article and one author, and change another article so that
    // a successful build would have changed the output.
    site.write(
        "content/commentary/first-look.md",
        "---\ntitle: First Look\ndate: 2025-13-45\n---\n",
    );
    site.write(
        "content/authors/bob-baker.md",
        "---\naffiliation: nowhere\n---\n",
    );
    site.write(
        "content/briefs/brief-1.md",
        "---\ntitle: \"Brief One, Renamed\"\ndate: 2025-08-01\n---\n",
    );
    let errors = site.build_err();
    assert!(errors.len() >= 2, "{}", show(&errors));

    let after = snapshot_files(&site.public());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the set of files changed"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{} changed", path.display());
    }
    assert!(
        leftovers(&site.root).is_empty(),
        "left behind: {:?}",
        leftovers(&site.root)
    );
}

#[test]
fn a_template_error_also_leaves_the_previous_output() {
    let site = fixture("override");
    site.build_ok();
    let before = snapshot_files(&site.public());
    site.write("templates/article.html", "{% extends \"base.html\" %}\n{% block content %}{{ article.nope }}{% endblock content %}\n");
    assert!(site.build().is_err());
    assert_eq!(before, snapshot_files(&site.public()));
    assert!(
        leftovers(&site.root).is_empty(),
        "left behind: {:?}",
        leftovers(&site.root)
    );
}

#[test]
fn a_successful_build_replaces_the_output_and_leaves_nothing_else() {
    let site = fixture("minimal");
    site.build_ok();
    // A stale file of the previous build disappears on the next one.
    site.remove("content/commentary/hello.md");
    site.write(
        "content/commentary/renamed.md",
        "---\ntitle: Renamed\ndate: 2025-11-05\n---\n",
    );
    site.build_ok();
    assert!(!site.exists("/commentary/hello/"));
    assert!(site.exists("/commentary/renamed/"));
    assert!(site.public().join(".folio-output").is_file(), "no marker");
    assert!(
        leftovers(&site.root).is_empty(),
        "left behind: {:?}",
        leftovers(&site.root)
    );
}

// ----- refused output folders ------------------------------------------------

/// Every file below `dir`, to compare the whole tree before and after a run.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot_files(dir)
}

/// Runs `folio build --output <output>` in the site and checks that it was
/// refused with `why` in the message, and that nothing changed on disk.
fn assert_refused(site: &TestSite, output: &str, home: &OsStr, why: &str) {
    let before = tree(site.tmp.path());
    let run = run_folio(
        &["build", "--output", output],
        &site.root,
        &[("HOME", home)],
    );
    assert_eq!(run.code, Some(2), "--output {output}: {}", run.debug());
    assert!(
        run.stderr.contains("refusing to use"),
        "--output {output}: {}",
        run.debug()
    );
    assert!(
        run.stderr.contains(why),
        "--output {output}: expected `{why}`: {}",
        run.debug()
    );
    assert!(
        run.stderr.trim_end().ends_with("nothing was written"),
        "{}",
        run.debug()
    );
    let after = tree(site.tmp.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "--output {output} changed files"
    );
    assert!(before == after, "--output {output} changed file contents");
}

/// The minimal site with something in every protected folder.
fn full_site() -> TestSite {
    let site = fixture("minimal");
    site.write("static/robots-extra.txt", "keep me\n");
    site.write("templates/partial-notes.txt", "keep me\n");
    site.write("themes/other/theme.toml", "name = \"other\"\n");
    site
}

fn no_home() -> &'static OsStr {
    OsStr::new(NO_HOME)
}

#[test]
fn refuses_the_site_root() {
    let site = full_site();
    assert_refused(&site, ".", no_home(), "the site itself");
    let root = site.root.display().to_string();
    assert_refused(&site, &root, no_home(), "the site itself");
}

#[test]
fn refuses_content_and_folders_inside_it() {
    let site = full_site();
    assert_refused(&site, "content", no_home(), "content/");
    assert_refused(&site, "content/commentary", no_home(), "content/");
    assert_refused(&site, "content/new-folder", no_home(), "content/");
}

#[test]
fn refuses_themes_templates_and_static() {
    let site = full_site();
    assert_refused(&site, "themes", no_home(), "themes/");
    assert_refused(&site, "themes/other", no_home(), "themes/");
    assert_refused(&site, "templates", no_home(), "templates/");
    assert_refused(&site, "static", no_home(), "static/");
}

#[test]
fn refuses_protected_folders_even_when_they_do_not_exist_yet() {
    let site = fixture("minimal");
    assert_refused(&site, "static", no_home(), "static/");
    assert!(!site.path("static").exists());
}

#[test]
fn refuses_a_parent_of_the_site_root() {
    let site = full_site();
    assert_refused(&site, "..", no_home(), "the site itself");
    let parent = site.tmp.path().display().to_string();
    assert_refused(&site, &parent, no_home(), "the site itself");
    // Disguised with `..` inside the path.
    assert_refused(&site, "public/../..", no_home(), "the site itself");
}

#[test]
fn refuses_the_file_system_root() {
    let site = full_site();
    assert_refused(&site, "/", no_home(), "root of the file system");
}

#[test]
fn refuses_the_home_folder() {
    let site = full_site();
    // A home folder that contains the site.
    let home = site.tmp.path().to_path_buf();
    assert_refused(
        &site,
        &home.display().to_string(),
        home.as_os_str(),
        "home folder",
    );
    // A home folder beside the site, with files in it.
    let home = site.tmp.path().join("someone");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/thesis.txt"), "years of work\n").unwrap();
    assert_refused(
        &site,
        &home.display().to_string(),
        home.as_os_str(),
        "home folder",
    );
    // Or a folder that contains it.
    assert_refused(
        &site,
        &site.tmp.path().display().to_string(),
        home.as_os_str(),
        "home folder",
    );
    assert_eq!(
        std::fs::read_to_string(home.join("Documents/thesis.txt")).unwrap(),
        "years of work\n"
    );
}

#[cfg(unix)]
#[test]
fn refuses_a_symbolic_link_to_a_protected_folder() {
    let site = full_site();
    let link = site.tmp.path().join("innocent-looking");
    std::os::unix::fs::symlink(site.path("content"), &link).unwrap();
    assert_refused(&site, &link.display().to_string(), no_home(), "content/");
    assert!(site.path("content/commentary/hello.md").is_file());
}

#[test]
fn output_dir_in_site_toml_is_checked_too() {
    let site = fixture("minimal");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("output_dir = \"content\"\n{toml}"));
    let failure = site.build().unwrap_err();
    assert!(
        !failure.usage,
        "a setting of site.toml is not a usage error"
    );
    let e = &failure.diagnostics.0[0];
    assert!(e.message.contains("refusing to use"), "{e}");
    assert!(site.path("content/commentary/hello.md").is_file());
    // The binary says so with exit status 1.
    let run = site.folio(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
}

#[test]
fn a_non_empty_folder_folio_did_not_write_needs_force() {
    let site = fixture("minimal");
    site.write("out/keep.txt", "not folio's\n");
    let run = site.folio(&["build", "--output", "out"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(
        run.stderr.contains("was not written by folio"),
        "{}",
        run.debug()
    );
    assert!(run.stderr.contains("--force"), "{}", run.debug());
    assert_eq!(
        std::fs::read_to_string(site.path("out/keep.txt")).unwrap(),
        "not folio's\n"
    );
    assert!(!site.path("out/index.html").exists());

    let run = site.folio(&["build", "--output", "out", "--force"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(site.path("out/commentary/hello/index.html").is_file());
    assert!(
        !site.path("out/keep.txt").exists(),
        "the folder was replaced"
    );

    // Now it is folio's own: no --force needed. (The previous output is
    // removed in the background: give it time.)
    let run = site.folio(&["build", "--output", "out"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let left = wait_for_no_leftovers(&site);
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn the_default_output_folder_is_protected_the_same_way() {
    let site = fixture("minimal");
    site.write("public/index.html", "hand-written\n");
    let failure = site.build().unwrap_err();
    assert!(
        failure.diagnostics.0[0]
            .message
            .contains("was not written by folio"),
        "{}",
        show(&failure.diagnostics.0)
    );
    assert_eq!(
        std::fs::read_to_string(site.path("public/index.html")).unwrap(),
        "hand-written\n"
    );
    site.build_ok_with(&folio::BuildOptions {
        force: true,
        ..site.options()
    });
    assert!(site.exists("/commentary/hello/"));
}

#[test]
fn an_empty_folder_is_accepted_without_force() {
    let site = fixture("minimal");
    std::fs::create_dir_all(site.path("out")).unwrap();
    let run = site.folio(&["build", "--output", "out"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(site.path("out/index.html").is_file());
}

#[test]
fn an_output_folder_outside_the_site_is_fine() {
    let site = fixture("minimal");
    let out = site.tmp.path().join("www");
    let report = site.build_ok_with(&folio::BuildOptions {
        output: Some(out.clone()),
        ..site.options()
    });
    assert_eq!(report.output, out);
    assert!(out.join("commentary/hello/index.html").is_file());
    assert!(!site.public().exists(), "wrote the default folder too");
    assert!(
        leftovers(site.tmp.path()).is_empty(),
        "left behind: {:?}",
        leftovers(site.tmp.path())
    );
}

#[test]
fn a_build_that_fails_while_writing_leaves_no_staging_folder() {
    let site = fixture("minimal");
    site.build_ok();
    let before = snapshot_files(&site.public());
    // A static file where a page's folder must go: writing the page fails
    // after the staging folder was created and partly filled.
    site.write("static/commentary", "a file, not a folder\n");
    let failure = site.build().unwrap_err();
    assert!(!failure.diagnostics.0.is_empty());
    assert!(failure.diagnostics.0.iter().all(|d| d.is_error()));
    assert_eq!(
        before,
        snapshot_files(&site.public()),
        "the previous output changed"
    );
    assert!(
        leftovers(&site.root).is_empty(),
        "left behind: {:?}",
        leftovers(&site.root)
    );
}

/// Waits (up to a minute) until no staging folder or previous output is
/// left beside the site's output: the previous one goes in the background.
fn wait_for_no_leftovers(site: &TestSite) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !leftovers(&site.root).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    leftovers(&site.root)
}

#[test]
fn the_previous_output_is_removed_after_the_command_returns() {
    let site = full_site();
    for _ in 0..2 {
        let run = site.folio(&["build"]);
        assert_eq!(run.code, Some(0), "{}", run.debug());
        // The new site is complete the moment the command returns.
        assert!(site.exists("/commentary/hello/"), "{}", run.debug());
    }
    // The old one, moved aside, goes in the background.
    let left = wait_for_no_leftovers(&site);
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn only_previous_outputs_are_removed_in_the_background() {
    let site = full_site();
    site.write("notes/keep.txt", "mine");
    let run = site.folio(&["remove-old-output", "notes"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        site.path("notes/keep.txt").is_file(),
        "a folder not named as an old output was removed"
    );
    site.write(".public.folio-old-1/index.html", "old");
    let run = site.folio(&["remove-old-output", ".public.folio-old-1"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(!site.path(".public.folio-old-1").exists());
}

// ----- interrupted and killed builds ------------------------------------------

/// A staging folder as a build leaves it when it is killed outright
/// (SIGKILL, the kernel's out-of-memory killer): files, and, when folio
/// made it, the marker.
fn fake_staging(site: &TestSite, pid: u32, marker: bool) -> PathBuf {
    let dir = site.path(&format!(".public.folio-staging-{pid}"));
    std::fs::create_dir_all(dir.join("commentary/hello")).unwrap();
    std::fs::write(dir.join("commentary/hello/index.html"), "half").unwrap();
    if marker {
        std::fs::write(dir.join(folio::output::MARKER), "").unwrap();
    }
    dir
}

#[test]
fn the_next_build_removes_what_killed_builds_left_and_nothing_else() {
    let site = fixture("minimal");
    site.build_ok();
    let killed = fake_staging(&site, 4_000_000, true);
    let not_folios = fake_staging(&site, 4_000_001, false);
    // A build still running (here: this test holding its marker's lock).
    let running = fake_staging(&site, 4_000_002, true);
    let lock = std::fs::File::open(running.join(folio::output::MARKER)).unwrap();
    lock.lock().unwrap();

    site.build_ok();
    assert!(
        !killed.exists(),
        "a killed build's staging folder is still there"
    );
    assert!(
        not_folios.is_dir(),
        "removed a folder without folio's marker"
    );
    assert!(
        running.is_dir(),
        "removed the staging folder of a running build"
    );
    assert!(site.exists("/commentary/hello/"));

    // The command line removes them in the background, by the same rule.
    drop(lock);
    let run = site.folio(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let left = wait_for_no_leftovers_but(&site, &not_folios);
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(not_folios.is_dir());
}

/// Waits (up to a minute) until only `kept` is left beside the output.
fn wait_for_no_leftovers_but(site: &TestSite, kept: &Path) -> Vec<String> {
    let kept = kept.file_name().unwrap().to_string_lossy().into_owned();
    let others = || -> Vec<String> {
        leftovers(&site.root)
            .into_iter()
            .filter(|n| *n != kept)
            .collect()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !others().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    others()
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_its_staging_folder() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let site = fixture("minimal");
        site.build_ok();
        let before = snapshot_files(&site.public());
        // Enough articles that the build is still writing when the signal
        // comes (a few seconds even for a release binary).
        for i in 0..3000 {
            site.write(
                &format!("content/commentary/a-{i}.md"),
                format!(
                    "---\ntitle: \"Article {i}\"\ndate: 2025-11-05\nauthors: [alice-ahmed]\n---\n\nText {i} of an article about water and trade.\n"
                ),
            );
        }
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("build")
            .current_dir(&site.root)
            .env("HOME", site.tmp.path().join("no-home"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let staging = site.path(&format!(".public.folio-staging-{}", child.id()));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !staging.join(folio::output::MARKER).exists() && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(staging.is_dir(), "the build made no staging folder");
        let kill = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(code),
            "SIG{signal}: the build was not interrupted: {stderr}"
        );
        assert!(stderr.contains("interrupted"), "{stderr}");
        assert!(!staging.exists(), "SIG{signal} left {}", staging.display());
        assert!(
            leftovers(&site.root).is_empty(),
            "left behind: {:?}",
            leftovers(&site.root)
        );
        assert_eq!(
            before,
            snapshot_files(&site.public()),
            "SIG{signal}: the previous output changed"
        );
    }
}
