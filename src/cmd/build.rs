//! `folio build`: the whole pipeline into the output folder. Prints the
//! warnings, then one line: what was built, how long it took, where it went
//! (`--timings` adds each stage; `--quiet` prints errors only). A build
//! that takes more than a second shows a progress bar on a terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use folio::{BuildFailure, BuildOptions, BuildReport};

use super::term::{self, DONE, ERROR};
use super::{
    EXIT_CONTENT, EXIT_USAGE, WARNINGS_SHOWN, current_dir, find_site, print_diagnostics,
    print_warnings,
};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Where to write the site; default: output_dir from site.toml
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Use this address instead of base_url from site.toml
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include articles marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include articles dated in the future
    #[arg(long)]
    future: bool,
    /// Replace the output folder even if folio did not write it
    #[arg(long)]
    force: bool,
    /// Also print how long each stage of the build took
    #[arg(long, short = 'v', visible_alias = "verbose", conflicts_with = "quiet")]
    timings: bool,
    /// Print errors only: no warnings, notes or summary
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> ExitCode {
    let cwd = match current_dir() {
        Ok(d) => d,
        Err(code) => return code,
    };
    if let Some(url) = &args.base_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        term::plain_error(
            "--base-url must be an absolute http(s) address",
            Some("e.g. --base-url https://cds.example.org"),
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let root = match find_site(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    on_signal(|| {
        folio::output::abandon_builds();
        eprintln!();
        term::plain_error(
            "interrupted: the build stopped and removed what it had written",
            Some("the previous output is as it was; run `folio build` again to finish"),
        );
    });
    let progress = (!args.quiet).then(term::BuildProgress::start);
    let opts = BuildOptions {
        root: Some(root),
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        force: args.force,
        keep_old_output: true,
        progress: progress.as_ref().map(term::BuildProgress::hook),
        ..BuildOptions::new(&cwd)
    };
    let started = Instant::now();
    let result = folio::build(&opts);
    let took = started.elapsed();
    if let Some(p) = &progress {
        p.finish();
    }
    match result {
        Ok(report) => {
            super::cleanup::in_background(&report.old_output);
            if !args.quiet {
                print_report(&report, took, args.timings, &cwd);
            }
            ExitCode::SUCCESS
        }
        Err(failure) => print_failure(&failure),
    }
}

/// Ctrl-C or SIGTERM during a build: without this the process would die
/// with its staging folder (up to gigabytes) left beside the output. Now
/// `tidy` runs (the build's own removes the staging folder, so the previous
/// output stays as it was) and the process exits as a shell expects.
/// The handlers are in place before this returns, so no signal slips past
/// them into the default action.
pub(super) fn on_signal(tidy: impl FnOnce() + Send + 'static) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let Some(mut signals) = runtime.block_on(async { Signals::register() }) else {
        return;
    };
    std::thread::spawn(move || {
        let code = runtime.block_on(signals.next());
        tidy();
        std::process::exit(code);
    });
}

/// The signals that stop a build, each with the exit code a shell expects
/// of a process it stopped (128 + the signal's number).
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn register() -> Option<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Some(Signals {
            interrupt: signal(SignalKind::interrupt()).ok()?,
            terminate: signal(SignalKind::terminate()).ok()?,
        })
    }

    #[cfg(unix)]
    async fn next(&mut self) -> i32 {
        tokio::select! {
            _ = self.interrupt.recv() => 130,
            _ = self.terminate.recv() => 143,
        }
    }

    #[cfg(not(unix))]
    fn register() -> Option<Signals> {
        Some(Signals {})
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> i32 {
        let _ = tokio::signal::ctrl_c().await;
        130
    }
}

fn print_report(report: &BuildReport, took: Duration, timings: bool, cwd: &Path) {
    print_warnings(&report.warnings, WARNINGS_SHOWN);
    for (file, date) in &report.scheduled {
        term::note(&format!(
            "{} is scheduled for {} and was left out (use --future to include it)",
            file.display(),
            date.iso()
        ));
    }
    if report.drafts_skipped > 0 {
        let n = report.drafts_skipped;
        term::note(&format!(
            "{n} draft{} left out (use --drafts to include {})",
            if n == 1 { " was" } else { "s were" },
            if n == 1 { "it" } else { "them" },
        ));
    }
    let mut out = anstream::stdout().lock();
    let _ = writeln!(
        out,
        "{DONE}Built{DONE:#} {} ({}) in {:.2} s → {}",
        term::count(report.articles, "article", "articles"),
        term::count(report.pages, "page", "pages"),
        took.as_secs_f64(),
        term::shown_folder(&report.output, cwd)
    );
    let pdfs = report.pdfs;
    if pdfs.typeset + pdfs.reused > 0 {
        let _ = writeln!(
            out,
            "PDF edition: {} typeset, {} unchanged from the cache",
            pdfs.typeset, pdfs.reused,
        );
    }
    if timings {
        let _ = write!(out, "{}", term::timings(&report.timings));
    }
}

/// Prints a failed build's errors and summary; returns the exit status.
pub fn print_failure(failure: &BuildFailure) -> ExitCode {
    print_diagnostics(&failure.diagnostics);
    let _ = writeln!(
        anstream::stderr().lock(),
        "{ERROR}{}{ERROR:#}; nothing was written",
        failure.diagnostics.error_summary()
    );
    ExitCode::from(if failure.usage {
        EXIT_USAGE
    } else {
        EXIT_CONTENT
    })
}
