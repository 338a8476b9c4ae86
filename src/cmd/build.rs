//! `folio build`: the whole pipeline into the output folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use folio::{BuildFailure, BuildOptions, BuildReport};

use super::{
    EXIT_CONTENT, EXIT_USAGE, WARNINGS_SHOWN, current_dir, print_diagnostics, print_warnings,
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
}

pub fn run(args: Args) -> ExitCode {
    let cwd = match current_dir() {
        Ok(d) => d,
        Err(code) => return code,
    };
    if let Some(url) = &args.base_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        eprintln!(
            "error: --base-url must be an absolute http(s) address, e.g. https://cds.example.org"
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let opts = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        force: args.force,
        keep_old_output: true,
        ..BuildOptions::new(cwd)
    };
    match folio::build(&opts) {
        Ok(report) => {
            super::cleanup::in_background(&report.old_output);
            print_report(&report);
            ExitCode::SUCCESS
        }
        Err(failure) => print_failure(&failure),
    }
}

fn print_report(report: &BuildReport) {
    print_warnings(&report.warnings, WARNINGS_SHOWN);
    let mut out = std::io::stdout().lock();
    for (file, date) in &report.scheduled {
        let _ = writeln!(
            out,
            "note: {} is scheduled for {} and was left out (use --future to include it)",
            file.display(),
            date.iso()
        );
    }
    if report.drafts_skipped > 0 {
        let _ = writeln!(
            out,
            "note: {} draft{} left out (use --drafts to include {})",
            report.drafts_skipped,
            if report.drafts_skipped == 1 {
                " was"
            } else {
                "s were"
            },
            if report.drafts_skipped == 1 {
                "it"
            } else {
                "them"
            },
        );
    }
    let total: f64 = report.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let stages: Vec<String> = report
        .timings
        .iter()
        .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
        .collect();
    let _ = writeln!(
        out,
        "Built {} articles into {} pages in {:.2} s ({}) -> {}",
        report.articles,
        report.pages,
        total,
        stages.join(", "),
        report.output.display()
    );
}

/// Prints a failed build's errors and summary; returns the exit status.
pub fn print_failure(failure: &BuildFailure) -> ExitCode {
    print_diagnostics(&failure.diagnostics);
    eprintln!(
        "{}; nothing was written",
        failure.diagnostics.error_summary()
    );
    ExitCode::from(if failure.usage {
        EXIT_USAGE
    } else {
        EXIT_CONTENT
    })
}
