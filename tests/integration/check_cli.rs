//! `folio check` through the binary: the sample site, text and JSON output,
//! exit status, `--strict` and `--explain`.

use crate::common::{fixture, sample_site};

fn findings(stdout: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    v.as_array().expect("a JSON array").clone()
}

#[test]
fn the_sample_site_has_one_repeated_passage_and_nothing_else() {
    let site = sample_site();
    let run = site.folio(&["check", "--format", "json"]);
    assert_eq!(
        run.code,
        Some(0),
        "warnings alone do not fail: {}",
        run.debug()
    );
    let found = findings(&run.stdout);
    assert_eq!(found.len(), 2, "{}", run.stdout);
    for f in &found {
        assert_eq!(f["code"], "repeated-passage", "{f}");
        assert_eq!(f["severity"], "warning", "{f}");
        assert_eq!(f["file"], "content/commentary/istanbul-talks.md", "{f}");
        assert_eq!(f["line"], 52, "the 'Look inward' point: {f}");
        let line = f["source_line"].as_str().unwrap();
        assert!(
            line.contains("Look inward")
                || line.contains("frontier resilience")
                || line.contains("diplomacy.rritory"),
            "{f}"
        );
    }
    let copy = found
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("diplomacy.rritory"))
        .expect("the glued fragment is named");
    // The copy starts at the fragment "rritory".
    let line = copy["source_line"].as_str().unwrap();
    let col = copy["column"].as_u64().unwrap() as usize;
    let rest: String = line.chars().skip(col - 1).take(7).collect();
    assert_eq!(rest, "rritory");
}

#[test]
fn text_output_points_at_the_line_and_sums_up() {
    let site = sample_site();
    let run = site.folio(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stdout
            .contains("content/commentary/istanbul-talks.md:52:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(": warning[repeated-passage]: "),
        "{}",
        run.stdout
    );
    assert!(
        // The paragraph is one long line: shown as a window around the caret.
        run.stdout
            .contains("52 | …trengthens its hand in diplomacy.rritory without"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("^^^^"), "{}", run.stdout);
    assert!(
        run.stdout.trim_end().ends_with("2 warnings in 1 file"),
        "{}",
        run.stdout
    );
}

#[test]
fn strict_fails_on_warnings() {
    let site = sample_site();
    let run = site.folio(&["check", "--strict"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
}

#[test]
fn errors_fail_and_clean_sites_pass() {
    let bad = fixture("check-links-bad");
    let run = bad.folio(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        findings(&run.stdout)
            .iter()
            .all(|f| f["severity"] == "error")
    );
    let good = fixture("check-links-good");
    let run = good.folio(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(
        run.stdout.contains("no problems found in 3 articles"),
        "{}",
        run.stdout
    );
    let run = good.folio(&["check", "--format", "json"]);
    assert!(findings(&run.stdout).is_empty(), "{}", run.stdout);
}

#[test]
fn content_errors_are_reported_as_the_build_reports_them() {
    let site = fixture("check-links-good");
    site.write(
        "content/commentary/typo.md",
        "---\ntitle: Typo\ndate: 2025-01-01\nauthors: [alice-ahmd]\nsummary: \"S.\"\n---\n\nText.\n",
    );
    let check = site.folio(&["check"]);
    let build = site.folio(&["build"]);
    assert_eq!(
        (check.code, build.code),
        (Some(1), Some(1)),
        "{}\n{}",
        check.debug(),
        build.debug()
    );
    let first = |s: &str| {
        s.lines()
            .find(|l| l.contains("unknown author"))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no unknown-author line in:\n{s}"))
    };
    assert_eq!(first(&check.stdout), first(&build.stderr));
    assert!(
        check.stdout.contains("did you mean `alice-ahmed`?"),
        "{}",
        check.stdout
    );
}

#[test]
fn explain_describes_a_lint_and_refuses_unknown_codes() {
    let site = fixture("check-links-good");
    let run = site.folio(&["check", "--explain", "repeated-passage"]);
    assert_eq!(run.code, Some(0), "{}", run.debug());
    assert!(run.stdout.contains("[check]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("check: {repeated-passage: off}"),
        "{}",
        run.stdout
    );
    let all = site.folio(&["check", "--explain", "all"]);
    for lint in folio::check::LINTS {
        assert!(all.stdout.contains(lint.code), "{}", all.stdout);
        // docs/check.md documents every code.
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/check.md"),
        )
        .unwrap();
        assert!(
            docs.contains(&format!("`{}`", lint.code)),
            "docs/check.md lacks {}",
            lint.code
        );
    }
    let run = site.folio(&["check", "--explain", "repeated-pasage"]);
    assert_eq!(run.code, Some(2), "{}", run.debug());
    assert!(
        run.stderr.contains("did you mean `repeated-passage`?"),
        "{}",
        run.stderr
    );
}
