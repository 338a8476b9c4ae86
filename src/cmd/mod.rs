//! One module per subcommand, each with its `Args` and `run()`, and the
//! shared way of printing findings.

pub mod build;
pub mod check;
pub mod cleanup;
pub mod completions;
pub mod crossref;
pub mod deploy;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
pub mod term;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use folio::Diagnostics;

/// Exit status for content or configuration errors.
pub const EXIT_CONTENT: u8 = 1;
/// Exit status for usage errors (bad arguments, refused folders).
pub const EXIT_USAGE: u8 = 2;

/// Prints every diagnostic, each followed by a blank line, to stderr.
pub fn print_diagnostics(d: &Diagnostics) {
    let mut err = anstream::stderr().lock();
    for diag in &d.0 {
        let _ = writeln!(err, "{}\n", term::styled(diag));
    }
}

/// Warnings a build prints before summing up the rest: a large archive can
/// have thousands, and `folio check` lists them all.
pub const WARNINGS_SHOWN: usize = 30;

/// Prints at most `limit` warnings, then how many more there are.
pub fn print_warnings(d: &Diagnostics, limit: usize) {
    let mut err = anstream::stderr().lock();
    for diag in d.0.iter().take(limit) {
        let _ = writeln!(err, "{}\n", term::styled(diag));
    }
    if d.0.len() > limit {
        let _ = writeln!(
            err,
            "... and {} more warnings; `folio check` lists them all\n",
            d.0.len() - limit
        );
    }
}

/// The site folder a command works on: `--root`, else found upwards from
/// the current folder. On failure, prints why and gives the exit status.
pub fn find_site(root: Option<&std::path::Path>) -> Result<PathBuf, ExitCode> {
    let cwd = current_dir()?;
    folio::site_root(root, &cwd).map_err(|d| {
        // Not a mistake in a file: no `site.toml:` in front, no "1 error".
        term::plain_error(&d.message, d.help.as_deref());
        ExitCode::from(if root.is_some() {
            EXIT_USAGE
        } else {
            EXIT_CONTENT
        })
    })
}

/// The folder the command was started in.
pub fn current_dir() -> Result<PathBuf, ExitCode> {
    std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current folder: {e}");
        ExitCode::from(EXIT_USAGE)
    })
}
