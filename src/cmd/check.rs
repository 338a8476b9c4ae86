//! `folio check`: every lint, and every error the build would stop on, over
//! the whole site (drafts and scheduled articles included).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use folio::check::{self, ExternalOptions};
use folio::check_command::{self, CheckOptions};
use folio::diagnostics::did_you_mean;

use super::{EXIT_CONTENT, EXIT_USAGE, current_dir, find_site, term};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Exit with status 1 on warnings too, not only on errors
    #[arg(long)]
    strict: bool,
    /// `text` for people, `json` for tools (an array of findings)
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also request every link to another site (HEAD, then GET)
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external address (with --external)
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
    /// Requests to other sites in flight at once (with --external)
    #[arg(long, value_name = "N", default_value_t = 8)]
    jobs: usize,
    /// Explain one lint code (e.g. repeated-passage) and exit; `all` lists them
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let cwd = match current_dir() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let root = match find_site(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = CheckOptions {
        root: Some(root),
        external: args.external.then(|| ExternalOptions {
            timeout: Duration::from_secs(args.timeout.max(1)),
            concurrency: args.jobs.max(1),
        }),
        ..CheckOptions::new(cwd)
    };
    let report = match check_command::check(&opts) {
        Ok(r) => r,
        Err(failure) => {
            let _ = writeln!(
                anstream::stderr().lock(),
                "{}\n",
                term::styled(&failure.diagnostic)
            );
            return ExitCode::from(if failure.usage {
                EXIT_USAGE
            } else {
                EXIT_CONTENT
            });
        }
    };
    let mut out = anstream::stdout().lock();
    match args.format {
        Format::Json => {
            let json = check_command::to_json(&report.diagnostics);
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Text => {
            for d in &report.diagnostics.0 {
                let _ = writeln!(out, "{}\n", term::styled(d));
            }
            let mut summary = report.summary();
            if opts.external.is_some() {
                summary.push_str(&format!(
                    " ({} external {} checked)",
                    report.external_checked,
                    if report.external_checked == 1 {
                        "address"
                    } else {
                        "addresses"
                    }
                ));
            }
            let _ = writeln!(out, "{summary}");
        }
    }
    let failed = report.diagnostics.has_errors()
        || (args.strict && report.diagnostics.warnings().next().is_some());
    if failed {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

fn explain(code: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if code == "all" {
        for l in check::LINTS {
            let _ = writeln!(out, "{:<18} {:<7}  {}", l.code, level(l.default), l.summary);
        }
        return ExitCode::SUCCESS;
    }
    match check::lint(code) {
        Some(l) => {
            let _ = writeln!(
                out,
                "{}: {}\n\n{}\n\nDefault: {}. To change it for the whole site, in site.toml:\n\n    [check]\n    {} = \"off\"        # or \"warning\", \"error\"\n\nFor one article, in its front matter:\n\n    check: {{{}: off}}",
                l.code,
                l.summary,
                l.explanation,
                level(l.default),
                l.code,
                l.code
            );
            ExitCode::SUCCESS
        }
        None => {
            let hint = match did_you_mean(code, check::codes()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!(
                    "lint codes: {}",
                    check::codes().collect::<Vec<_>>().join(", ")
                ),
            };
            term::plain_error(&format!("`{code}` is not a lint code"), Some(&hint));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn level(l: folio::config::LintLevel) -> &'static str {
    match l {
        folio::config::LintLevel::Off => "off",
        folio::config::LintLevel::Warning => "warning",
        folio::config::LintLevel::Error => "error",
    }
}
