//! One module per subcommand, each with its `Args` and `run()`, and the
//! shared way of printing findings.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

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
    let mut err = std::io::stderr().lock();
    for diag in &d.0 {
        let _ = writeln!(err, "{diag}\n");
    }
}

/// The folder the command was started in.
pub fn current_dir() -> Result<PathBuf, ExitCode> {
    std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current folder: {e}");
        ExitCode::from(EXIT_USAGE)
    })
}
