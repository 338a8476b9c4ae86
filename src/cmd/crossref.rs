//! `folio crossref`: writes the Crossref deposit of the site's
//! publications with a DOI to standard output or to `-o FILE` (never into
//! the public site), and says on stderr what it holds.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use folio::Diagnostics;
use folio::crossref::{self, Options};

use super::term::{DONE, ERROR};
use super::{EXIT_CONTENT, EXIT_USAGE, current_dir, find_site, print_diagnostics};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Write the deposit to FILE (outside the output folder); default: standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only publications published or updated on or after DATE (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Only DOIs matching PATTERN (`*` any text, `?` one character), e.g. '10.5555/cds.2025.*'
    #[arg(long, value_name = "PATTERN")]
    doi: Option<String>,
    /// The deposit's timestamp (a number that grows with every deposit), for
    /// repeatable output; default: the clock, as yyyymmddhhmmssSSS
    #[arg(long, value_name = "N")]
    timestamp: Option<u64>,
}

pub fn run(args: Args) -> ExitCode {
    let cwd = match current_dir() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let root = match find_site(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let now = Utc::now();
    let destination = match &args.output {
        None => None,
        Some(file) => {
            let config = match folio::config::load(&root) {
                Ok(c) => c,
                Err(errors) => return refuse(Diagnostics(errors)),
            };
            match crossref::destination(&root, &config, &cwd, file) {
                Ok(path) => Some(path),
                Err(d) => {
                    super::term::plain_error(&d.message, d.help.as_deref());
                    return ExitCode::from(EXIT_USAGE);
                }
            }
        }
    };
    let opts = Options {
        since: args.since,
        doi: args.doi,
        timestamp: args
            .timestamp
            .unwrap_or_else(|| crossref::clock_timestamp(now)),
        now,
    };
    let deposit = match crossref::deposit(&root, &opts) {
        Ok(d) => d,
        Err(errors) => {
            let mut d = Diagnostics(errors);
            d.sort();
            return refuse(d);
        }
    };
    let written = match &destination {
        None => std::io::stdout().lock().write_all(deposit.xml.as_bytes()),
        Some(path) => std::fs::write(path, &deposit.xml),
    };
    if let Err(e) = written {
        let place = destination
            .as_ref()
            .map_or("standard output".into(), |p| p.display().to_string());
        super::term::plain_error(&format!("cannot write the deposit to {place}: {e}"), None);
        return ExitCode::from(EXIT_CONTENT);
    }
    let n = deposit.dois.len();
    let into = destination.map_or(String::new(), |p| format!(" into {}", p.display()));
    let _ = writeln!(
        anstream::stderr().lock(),
        "{DONE}Deposit {}{DONE:#} ({n} {}, schema {}){into}",
        deposit.batch_id,
        if n == 1 { "DOI" } else { "DOIs" },
        crossref::SCHEMA_VERSION,
    );
    ExitCode::SUCCESS
}

fn refuse(errors: Diagnostics) -> ExitCode {
    print_diagnostics(&errors);
    let _ = writeln!(
        anstream::stderr().lock(),
        "{ERROR}{}{ERROR:#}; no deposit was written",
        errors.error_summary()
    );
    ExitCode::from(EXIT_CONTENT)
}
