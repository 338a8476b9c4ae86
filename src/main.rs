//! The `folio` command: parses arguments, calls the library, prints what it
//! reports, and sets the exit status (0 success, 1 content or configuration
//! errors, 2 usage errors). This is the only place that prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use folio::{BuildFailure, BuildOptions, Diagnostics};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "A static-site generator for think-tank publishing"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default)
    Build(BuildArgs),
}

#[derive(Args)]
struct BuildArgs {
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot read the current folder: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(url) = &args.base_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        eprintln!(
            "error: --base-url must be an absolute http(s) address, e.g. https://cds.example.org"
        );
        return ExitCode::from(2);
    }
    let opts = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        force: args.force,
        ..BuildOptions::new(cwd)
    };
    match folio::build(&opts) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
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
                    "note: {} draft{} left out (use --drafts to include them)",
                    report.drafts_skipped,
                    if report.drafts_skipped == 1 {
                        " was"
                    } else {
                        "s were"
                    }
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
            ExitCode::SUCCESS
        }
        Err(failure) => fail(failure),
    }
}

fn print_diagnostics(d: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for diag in &d.0 {
        let _ = writeln!(err, "{diag}\n");
    }
}

fn fail(failure: BuildFailure) -> ExitCode {
    print_diagnostics(&failure.diagnostics);
    let _ = writeln!(
        std::io::stderr(),
        "{}; nothing was written",
        failure.diagnostics.error_summary()
    );
    ExitCode::from(if failure.usage { 2 } else { 1 })
}
