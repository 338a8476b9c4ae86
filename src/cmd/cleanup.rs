//! The removal of a previous output, out of the build's way. `folio build`
//! moves the previous site aside when it swaps the new one in; removing
//! tens of thousands of files would add seconds to every build, so a
//! second `folio` process removes them after the build has returned. It
//! removes only folders whose name marks them as a previous output.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

#[derive(clap::Args)]
pub struct Args {
    /// Previous outputs moved aside by `folio build`
    #[arg(value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
}

/// Removes `dirs` in a process of their own, or here when none can be
/// started.
pub fn in_background(dirs: &[PathBuf]) {
    if dirs.is_empty() {
        return;
    }
    let started = std::env::current_exe().ok().and_then(|exe| {
        Command::new(exe)
            .arg("remove-old-output")
            .args(dirs)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()
    });
    if started.is_none() {
        for d in dirs {
            folio::output::remove_old_output(d);
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    for d in &args.dirs {
        folio::output::remove_old_output(d);
    }
    ExitCode::SUCCESS
}
