//! The reusable pipeline behind `serve`: a second run after an edit gives
//! the same warnings as a fresh run on the same files, though it re-lints
//! only what changed.

use crate::common;

use crate::common::fixture;
use folio::output::PreviewOutput;
use folio::pipeline::{Pipeline, Settings};

fn settings() -> Settings {
    Settings {
        drafts: true,
        future: true,
        base_url: None,
        now: Some(common::now()),
        keep: true,
        progress: None,
    }
}

fn warnings(p: &mut Pipeline, out: &PreviewOutput) -> Vec<String> {
    let outcome = p
        .run(out)
        .unwrap_or_else(|f| panic!("{}", common::show(&f.0)));
    outcome
        .warnings
        .to_diagnostics()
        .0
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn incremental_lints_match_a_fresh_run() {
    let site = fixture("minimal");
    let dir = tempfile::tempdir().unwrap();
    let out = PreviewOutput::new(dir.path()).unwrap();
    let mut kept = Pipeline::new(&site.root, settings());
    let first = warnings(&mut kept, &out);

    // One article gains a doubled word; a new one links to an anchor that
    // does not exist (an error: both runs must fail alike).
    let path = "content/commentary/hello.md";
    let text = std::fs::read_to_string(site.path(path)).unwrap();
    site.write(
        path,
        text.replacen("A first paragraph.", "A first first paragraph.", 1),
    );
    site.write(
        "content/commentary/second.md",
        "---\ntitle: Second\ndate: 2025-10-01\nsummary: A second piece.\n---\n\nSee [the intro](/commentary/hello/#nowhere).\n",
    );
    let again = kept.run(&out);
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh_out = PreviewOutput::new(fresh_dir.path()).unwrap();
    let fresh = Pipeline::new(&site.root, settings()).run(&fresh_out);
    match (again, fresh) {
        (Ok(a), Ok(f)) => {
            let a: Vec<String> = a
                .warnings
                .to_diagnostics()
                .0
                .iter()
                .map(|d| d.to_string())
                .collect();
            let f: Vec<String> = f
                .warnings
                .to_diagnostics()
                .0
                .iter()
                .map(|d| d.to_string())
                .collect();
            assert_eq!(a, f);
            assert_ne!(a, first, "the edit changed nothing?");
            assert!(a.iter().any(|w| w.contains("doubled-word")), "{a:#?}");
        }
        (Err(a), Err(f)) => {
            let a: Vec<String> = a.0.iter().map(|d| d.to_string()).collect();
            let f: Vec<String> = f.0.iter().map(|d| d.to_string()).collect();
            assert_eq!(a, f);
            assert!(a.iter().any(|e| e.contains("nowhere")), "{a:#?}");
        }
        (a, f) => panic!("kept and fresh pipelines disagree: {a:?} / {f:?}"),
    }
}

/// Build and check run one list of steps: the check's are the build's up
/// to the link check, and it renders nothing.
#[test]
fn check_takes_the_build_steps_up_to_rendering() {
    let site = fixture("minimal");
    let dir = tempfile::tempdir().unwrap();
    let out = PreviewOutput::new(dir.path()).unwrap();
    let once = Settings {
        keep: false,
        ..settings()
    };
    let built = Pipeline::new(&site.root, once)
        .run(&out)
        .unwrap_or_else(|f| panic!("{}", common::show(&f.0)));
    let checked = Pipeline::new(&site.root, settings()).check();
    let names = |laps: &[(&'static str, std::time::Duration)]| -> Vec<&'static str> {
        laps.iter().map(|(name, _)| *name).collect()
    };
    let (build, check) = (names(&built.timings), names(&checked.timings));
    let links = build
        .iter()
        .position(|n| *n == "links")
        .expect("a links step");
    // The build typesets the PDF edition before its article pages; a check
    // writes nothing, so it has no such step.
    let judged: Vec<&str> = build[..=links]
        .iter()
        .copied()
        .filter(|n| *n != "pdf")
        .collect();
    assert_eq!(check, judged);
    let pdf = build.iter().position(|n| *n == "pdf").expect("a pdf step");
    assert_eq!(build[pdf + 1], "markdown");
    assert_eq!(build[links + 1..], ["render", "copy", "search"]);
    assert_eq!(checked.editions.len(), 1);
    assert_eq!(
        checked.editions[0].site.articles.len(),
        built.articles,
        "the check sees what the build published"
    );
}

/// A preview re-renders a translation when its original is corrected after
/// it: the translation's page says so at once, not at the next full build.
#[test]
fn correcting_an_original_updates_its_translation_in_a_preview() {
    let site = fixture("bilingual");
    let dir = tempfile::tempdir().unwrap();
    let out = PreviewOutput::new(dir.path()).unwrap();
    let mut kept = Pipeline::new(&site.root, settings());
    let page = dir.path().join("ur/analysis/trade/index.html");
    let notices = |p: &std::path::Path| {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(p).unwrap());
        let sel = scraper::Selector::parse(".stale-translation").unwrap();
        doc.select(&sel).count()
    };
    warnings(&mut kept, &out);
    assert_eq!(notices(&page), 0, "the translation is up to date at first");

    let path = "content/analysis/trade.md";
    let text = std::fs::read_to_string(site.path(path)).unwrap();
    let corrected = text.replacen(
        "\n---\n",
        "\ncorrections:\n  - date: 2025-11-20\n    text: \"A figure was wrong.\"\n---\n",
        1,
    );
    assert_ne!(text, corrected, "the fixture's header changed shape");
    site.write(path, corrected);
    warnings(&mut kept, &out);
    assert_eq!(notices(&page), 1, "the Urdu page was not made again");
}
