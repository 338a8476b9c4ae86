//! What the `folio` binary prints: one summary line per build (stages with
//! `--timings`), nothing but errors with `--quiet`, colour only where it is
//! wanted, a plain sentence outside a site, shell completions, the help of
//! `new author`, a quiet `--open`; and the library's progress hook that
//! feeds the progress bar.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use crate::common::*;

/// Runs the binary in `cwd` with a clean colour environment plus `env`.
fn folio_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(args)
        .current_dir(cwd)
        .env("HOME", NO_HOME)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    crate::common::run(cmd)
}

const STAGES: &[&str] = &[
    "config",
    "content",
    "templates",
    "markdown",
    "render",
    "copy",
];

#[test]
fn a_build_prints_one_summary_line() {
    let site = fixture("minimal");
    // Give every author an article: no warnings, so stdout is all there is.
    site.write(
        "content/commentary/two.md",
        "---\ntitle: Two\ndate: 2025-11-06\nauthors: [bob-baker]\nsummary: Two.\n---\n\nText.\n",
    );
    let run = folio_in(&site.root, &["build"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.debug());
    let line = lines[0];
    assert!(line.starts_with("Built 2 articles ("), "{line}");
    assert!(line.contains(" pages) in "), "{line}");
    assert!(line.ends_with(" s → public/"), "{line}");
    for stage in STAGES {
        assert!(!line.contains(stage), "stage `{stage}` in {line}");
    }
}

#[test]
fn timings_add_the_stages() {
    let site = fixture("minimal");
    for flag in ["--timings", "-v"] {
        let run = folio_in(&site.root, &["build", flag], &[]);
        assert_eq!(run.code, Some(0), "{}", run.debug());
        assert!(
            run.stdout.starts_with("Built 1 article ("),
            "{}",
            run.debug()
        );
        for stage in STAGES {
            assert!(
                run.stdout
                    .lines()
                    .any(|l| l.trim_start().starts_with(stage) && l.ends_with(" ms")),
                "no `{stage}` line with {flag}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn quiet_prints_errors_only() {
    let site = fixture("minimal");
    // The fixture warns (an author no article names): not shown.
    let run = folio_in(&site.root, &["build", "--quiet"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert_eq!(run.stdout, "", "{}", run.debug());
    assert_eq!(run.stderr, "", "{}", run.debug());
    site.write(
        "content/commentary/bad.md",
        "---\ntitle: X\ndate: 2025-13-45\n---\n",
    );
    let run = folio_in(&site.root, &["build", "-q"], &[]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stderr
            .contains("content/commentary/bad.md:3:7: error: invalid date"),
        "{}",
        run.debug()
    );
    assert!(
        run.stderr
            .contains("1 error in 1 file; nothing was written"),
        "{}",
        run.debug()
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/bad.md",
        "---\ntitle: X\ndate: 2025-13-45\n---\n",
    );
    // Piped: plain text, whatever the environment says about colour, unless forced.
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let run = folio_in(&site.root, &["build"], env);
        assert!(!run.stderr.contains('\u{1b}'), "{env:?}: {}", run.debug());
        assert!(
            run.stderr.contains("bad.md:3:7: error: invalid date"),
            "{}",
            run.debug()
        );
    }
    let run = folio_in(&site.root, &["build", "--color", "always"], &[]);
    assert!(
        run.stderr.contains("\u{1b}[1m\u{1b}[31merror"),
        "no red `error`: {}",
        run.debug()
    );
    let run = folio_in(
        &site.root,
        &["--color", "never", "build"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.debug());
}

#[test]
fn outside_a_site_every_command_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["build"][..],
        &["check"][..],
        &["serve"][..],
        &["new", "commentary", "Title"][..],
        &["new", "author", "a-b", "A B"][..],
        &["deploy"][..],
    ] {
        let run = folio_in(dir.path(), args, &[]);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.debug());
        assert!(
            run.stderr.starts_with(
                "error: no site.toml here or in any folder above: run `folio init DIR` to start a site\n"
            ),
            "{args:?}: {}",
            run.debug()
        );
        assert!(!run.stderr.contains("1 error in 1 file"), "{}", run.debug());
        assert!(!run.stderr.contains("site.toml: error"), "{}", run.debug());
    }
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_folio()"),
        ("zsh", "#compdef folio"),
        ("fish", "complete -c folio"),
        ("elvish", "edit:completion:arg-completer[folio]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = folio_in(dir.path(), &["completions", shell], &[]);
        assert_eq!(run.code, Some(0), "{shell}: {}", run.debug());
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        // Every subcommand is offered.
        for sub in ["build", "serve", "check", "new", "init", "completions"] {
            assert!(run.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    let run = folio_in(dir.path(), &["completions", "tcsh"], &[]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
}

#[test]
fn new_author_help_names_the_slug_and_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let run = folio_in(dir.path(), &["new", "author", "--help"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stdout
            .contains("Usage: folio new author [OPTIONS] <SLUG> <NAME>"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("<TITLE>"), "{}", run.stdout);
    assert!(run.stdout.contains("--family-name"), "{}", run.stdout);
    let run = folio_in(dir.path(), &["new", "--help"], &[]);
    assert!(
        run.stdout.contains("folio new [OPTIONS] <SECTION> <TITLE>"),
        "{}",
        run.stdout
    );
}

/// `folio serve --open` with an opener that complains: started, read up to
/// its address, stopped.
fn serve_open(site: &TestSite, display: Option<&str>) -> (String, bool) {
    let bin = site.tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let marker = site.tmp.path().join("opened");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\ntouch {}\necho 'xdg-open: no method available for opening' >&2\nexit 3\n",
            marker.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(["serve", "--port", "0", "--open"])
        .current_dir(&site.root)
        .env("HOME", NO_HOME)
        .env("PATH", path)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = display {
        cmd.env("DISPLAY", d);
    }
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 && !line.contains("Serving the preview at") {}
    assert!(line.contains("Serving the preview at"), "{line}");
    // Give the opener time to run and complain.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while display.is_some() && !marker.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&output.stderr).into_owned(),
        marker.exists(),
    )
}

#[test]
fn open_stays_quiet_when_no_browser_can_be_opened() {
    let site = fixture("minimal");
    // No display: no opener is tried at all.
    let (stderr, opened) = serve_open(&site, None);
    assert!(!opened, "xdg-open was run without a display");
    assert!(!stderr.contains("xdg-open"), "{stderr}");
    // A display, but the opener fails: its complaint is not shown.
    let (stderr, opened) = serve_open(&site, Some(":99"));
    assert!(opened, "xdg-open was not run");
    assert!(!stderr.contains("no method available"), "{stderr}");
}

#[test]
fn the_progress_hook_hears_every_step_and_every_page() {
    let site = fixture("minimal");
    let calls: Arc<Mutex<Vec<(String, usize, usize)>>> = Arc::default();
    let seen = calls.clone();
    let opts = folio::BuildOptions {
        progress: Some(folio::pipeline::Progress(Arc::new(
            move |step, done, total| {
                seen.lock().unwrap().push((step.to_string(), done, total));
            },
        ))),
        ..site.options()
    };
    let report = site.build_ok_with(&opts);
    let calls = calls.lock().unwrap();
    let mut steps: Vec<&str> = calls.iter().map(|(s, _, _)| s.as_str()).collect();
    steps.dedup();
    assert_eq!(
        steps,
        [
            "config",
            "theme",
            "content",
            "routes",
            "related",
            "templates",
            "pdf",
            "markdown",
            "links",
            "render",
            "copy",
            "search"
        ]
    );
    // Article pages are written as the markdown stage compiles them, the
    // other pages by the render step: between them, every page is heard.
    let of = |step: &str| -> Vec<(usize, usize)> {
        calls
            .iter()
            .filter(|(s, _, _)| s == step)
            .map(|(_, d, t)| (*d, *t))
            .collect()
    };
    let (markdown, render) = (of("markdown"), of("render"));
    assert_eq!(markdown[0].1, report.articles, "{markdown:?}");
    assert_eq!(
        markdown[0].1 + render[0].1,
        report.pages,
        "{markdown:?} {render:?}"
    );
    for steps in [markdown, render] {
        let total = steps[0].1;
        assert_eq!(steps.first(), Some(&(0, total)));
        let mut done: Vec<usize> = steps.iter().map(|(d, _)| *d).collect();
        done.sort();
        assert_eq!(done, (0..=total).collect::<Vec<_>>());
    }
}

#[test]
fn no_progress_bar_when_not_a_terminal() {
    let site = fixture("minimal");
    let run = folio_in(&site.root, &["build"], &[]);
    assert!(!run.stderr.contains('\r'), "{}", run.debug());
    assert!(!run.stderr.contains("pages ["), "{}", run.debug());
}
