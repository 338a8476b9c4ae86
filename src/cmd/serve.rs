//! `folio serve`: the local preview. Prints one line per rebuild and the
//! errors of a failed one; the browser shows the same errors over the page.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use folio::serve::{self, ServeError, ServeEvent, ServeOptions};

use folio::Diagnostics;

use super::{
    EXIT_CONTENT, EXIT_USAGE, WARNINGS_SHOWN, find_site, print_diagnostics, print_warnings,
};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Port to listen on [default: 1111, or the next free one]
    #[arg(long, short)]
    port: Option<u16>,
    /// Address to listen on; anything but a loopback address shows the preview to your network
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    bind: IpAddr,
    /// Open the preview in the default browser
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> ExitCode {
    let root = match find_site(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone on your network can see the preview, drafts included",
            args.bind
        );
    }
    let opts = ServeOptions {
        bind: args.bind,
        port: args.port.unwrap_or(serve::DEFAULT_PORT),
        port_explicit: args.port.is_some(),
        ..ServeOptions::new(&root)
    };
    let open = args.open;
    let report: serve::Reporter = Arc::new(move |event| print_event(event, open));
    match serve::start(opts, report) {
        Ok(server) => {
            server.wait();
            println!("Stopped; the preview folder was removed.");
            ExitCode::SUCCESS
        }
        Err(e @ ServeError::PortInUse { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

fn print_event(event: ServeEvent, open: bool) {
    let mut out = std::io::stdout().lock();
    match event {
        ServeEvent::Listening {
            url, port_taken, ..
        } => {
            if let Some(p) = port_taken {
                let _ = writeln!(out, "Port {p} is in use; using the next free one.");
            }
            let _ = writeln!(
                out,
                "Serving the preview at {url} (drafts and scheduled articles included). Ctrl-C stops."
            );
            if open {
                open_browser(&url);
            }
        }
        ServeEvent::Built {
            changed,
            pages,
            articles,
            everything,
            took,
            timings,
            warnings,
        } => {
            // After an edit, the warnings about the files just saved.
            let shown = if changed.is_empty() {
                warnings
            } else {
                Diagnostics(
                    warnings
                        .0
                        .into_iter()
                        .filter(|w| changed.contains(&w.file))
                        .collect(),
                )
            };
            print_warnings(&shown, WARNINGS_SHOWN);
            let what = describe(&changed);
            let scope = if everything {
                "all pages"
            } else {
                "changed pages"
            };
            let _ = writeln!(
                out,
                "{what}: wrote {pages} pages ({scope}, {articles} articles) in {:.0} ms ({})",
                took.as_secs_f64() * 1000.0,
                timings
                    .iter()
                    .map(|(n, d)| format!("{n} {:.0}", d.as_secs_f64() * 1000.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        ServeEvent::Failed {
            changed,
            diagnostics,
        } => {
            print_diagnostics(&diagnostics);
            eprintln!(
                "{}: {}; the preview keeps the last good build",
                describe(&changed),
                diagnostics.error_summary()
            );
        }
        ServeEvent::WatchError(e) => eprintln!("warning: file watching: {e}"),
    }
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "Initial build".to_string(),
        [one] => format!("Changed {}", one.display()),
        [one, rest @ ..] => format!("Changed {} and {} more", one.display(), rest.len()),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}
