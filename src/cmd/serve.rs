//! `folio serve`: the local preview. Prints one line per rebuild and the
//! errors of a failed one; the browser shows the same errors over the page.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::{ExitCode, Stdio};
use std::sync::Arc;

use folio::serve::{self, ServeError, ServeEvent, ServeOptions};

use folio::Diagnostics;

use super::term::{self, DONE, ERROR, WARNING};
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
    /// Also print how long each stage of a rebuild took
    #[arg(long, short = 'v', visible_alias = "verbose", conflicts_with = "quiet")]
    timings: bool,
    /// Print only the address and errors: no line per rebuild, no warnings
    #[arg(long, short)]
    quiet: bool,
}

/// What to print besides errors.
#[derive(Clone, Copy)]
struct Shown {
    open: bool,
    timings: bool,
    quiet: bool,
}

pub fn run(args: Args) -> ExitCode {
    let root = match find_site(args.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if !args.bind.is_loopback() {
        let _ = writeln!(
            anstream::stderr().lock(),
            "{WARNING}warning{WARNING:#}: listening on {}: anyone on your network can see the preview, drafts included",
            args.bind
        );
    }
    let opts = ServeOptions {
        bind: args.bind,
        port: args.port.unwrap_or(serve::DEFAULT_PORT),
        port_explicit: args.port.is_some(),
        ..ServeOptions::new(&root)
    };
    let shown = Shown {
        open: args.open,
        timings: args.timings,
        quiet: args.quiet,
    };
    let report: serve::Reporter = Arc::new(move |event| print_event(event, shown));
    match serve::start(opts, report) {
        Ok(server) => {
            server.wait();
            println!("Stopped; the preview folder was removed.");
            ExitCode::SUCCESS
        }
        Err(e @ ServeError::PortInUse { .. }) => {
            term::plain_error(&e.to_string(), None);
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => {
            term::plain_error(&e.to_string(), None);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

fn print_event(event: ServeEvent, say: Shown) {
    let mut out = anstream::stdout().lock();
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
            if say.open {
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
            if say.quiet {
                return;
            }
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
                "{DONE}{what}{DONE:#}: wrote {} ({scope}, {}) in {:.0} ms",
                term::count(pages, "page", "pages"),
                term::count(articles, "article", "articles"),
                took.as_secs_f64() * 1000.0,
            );
            if say.timings {
                let _ = write!(out, "{}", term::timings(&timings));
            }
        }
        ServeEvent::Indexed { took, rebuilt } => {
            if say.timings && rebuilt {
                let _ = writeln!(
                    out,
                    "  search index     {:.1} ms (after the reload)",
                    took.as_secs_f64() * 1000.0
                );
            }
        }
        ServeEvent::Failed {
            changed,
            diagnostics,
        } => {
            print_diagnostics(&diagnostics);
            let _ = writeln!(
                anstream::stderr().lock(),
                "{}: {ERROR}{}{ERROR:#}; the preview keeps the last good build",
                describe(&changed),
                diagnostics.error_summary()
            );
        }
        ServeEvent::WatchError(e) => {
            let _ = writeln!(
                anstream::stderr().lock(),
                "{WARNING}warning{WARNING:#}: file watching: {e}"
            );
        }
    }
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "Initial build".to_string(),
        [one] => format!("Changed {}", one.display()),
        [one, rest @ ..] => format!("Changed {} and {} more", one.display(), rest.len()),
    }
}

/// Opens `url` in the default browser, quietly: the address is on the line
/// above, so when no browser can be opened (no display, no opener) there is
/// nothing to add, and the opener's own messages are not shown.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        // Without a display, xdg-open can only fail, loudly.
        let display = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
        if !display {
            return;
        }
        "xdg-open"
    };
    let child = std::process::Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reaped in the background; its exit status tells nothing to add.
        std::thread::spawn(move || child.wait());
    }
}
