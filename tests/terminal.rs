//! What the `folio` binary prints, and the library's progress hook that
//! feeds the progress bar of a long build.

mod common;

use std::sync::{Arc, Mutex};

use common::*;

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
            "templates",
            "markdown",
            "links",
            "render",
            "copy"
        ]
    );
    let render: Vec<(usize, usize)> = calls
        .iter()
        .filter(|(s, _, _)| s == "render")
        .map(|(_, d, t)| (*d, *t))
        .collect();
    let total = render[0].1;
    assert_eq!(total, report.pages, "{render:?}");
    assert_eq!(render.first(), Some(&(0, total)));
    let mut done: Vec<usize> = render.iter().map(|(d, _)| *d).collect();
    done.sort();
    assert_eq!(done, (0..=total).collect::<Vec<_>>());
}
