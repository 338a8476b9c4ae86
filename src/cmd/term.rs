//! The terminal: colours (when the output is a terminal and `NO_COLOR` is
//! not set, or with `--color always`), findings printed with them, and the
//! progress bar of a long build. Everything is written through anstream,
//! which drops the colours where they are not wanted.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use folio::Diagnostic;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const NOTE: Style = AnsiColor::Cyan.on_default().bold();
pub const DONE: Style = AnsiColor::Green.on_default().bold();
const PLACE: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// Applies `--color`: `auto` (the default) leaves it to anstream, which
/// colours only a terminal and honours `NO_COLOR` and `CLICOLOR_FORCE`.
pub fn set_color(choice: clap::ColorChoice) {
    match choice {
        clap::ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        clap::ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        clap::ColorChoice::Auto => {}
    }
}

/// A finding as the library prints it, with its kind, place, caret and
/// help coloured.
pub fn styled(d: &Diagnostic) -> String {
    let plain = d.to_string();
    let kind_style = if d.is_error() { ERROR } else { WARNING };
    let kind = match (d.is_error(), d.code) {
        (true, Some(code)) => format!("error[{code}]"),
        (true, None) => "error".to_string(),
        (false, Some(code)) => format!("warning[{code}]"),
        (false, None) => "warning".to_string(),
    };
    let mut out = String::with_capacity(plain.len() + 64);
    for (i, line) in plain.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i == 0 {
            let marker = format!(": {kind}: ");
            match line.find(&marker) {
                Some(at) => out.push_str(&format!(
                    "{PLACE}{}{PLACE:#}: {kind_style}{kind}{kind_style:#}: {PLACE}{}{PLACE:#}",
                    &line[..at],
                    &line[at + marker.len()..]
                )),
                None => out.push_str(line),
            }
        } else if let Some(help) = line.strip_prefix("  = help:") {
            out.push_str(&format!(
                "  {GUTTER}={GUTTER:#} {PLACE}help:{PLACE:#}{help}"
            ));
        } else if let Some((gutter, text)) = line.split_once(" |")
            && gutter.chars().all(|c| c == ' ' || c.is_ascii_digit())
        {
            let is_caret = !text.trim().is_empty() && text.trim().chars().all(|c| c == '^');
            if is_caret {
                out.push_str(&format!(
                    "{GUTTER}{gutter} |{GUTTER:#}{kind_style}{text}{kind_style:#}"
                ));
            } else {
                out.push_str(&format!("{GUTTER}{gutter} |{GUTTER:#}{text}"));
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `error: message` (and its help) for a failure that is not about a place
/// in a file: no site here, a refused folder.
pub fn plain_error(message: &str, help: Option<&str>) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{ERROR}error{ERROR:#}: {PLACE}{message}{PLACE:#}");
    if let Some(help) = help {
        let _ = writeln!(err, "  {GUTTER}={GUTTER:#} {PLACE}help:{PLACE:#} {help}");
    }
}

/// `note: ...` on stdout.
pub fn note(text: &str) {
    let _ = writeln!(anstream::stdout().lock(), "{NOTE}note{NOTE:#}: {text}");
}

/// `path` as the user would type it: relative to the current folder when
/// inside it, with a trailing `/` for a folder.
pub fn shown_folder(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let mut s = if shown.as_os_str().is_empty() {
        ".".to_string()
    } else {
        shown.display().to_string()
    };
    if !s.ends_with(std::path::MAIN_SEPARATOR) {
        s.push(std::path::MAIN_SEPARATOR);
    }
    s
}

/// `1,204`: a count as people read it.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 article", "9 articles".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Per-stage timings, one per line, aligned: `--timings`.
pub fn timings(laps: &[(&'static str, Duration)]) -> String {
    let width = laps.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    laps.iter()
        .map(|(name, d)| {
            format!(
                "  {DIM}{name:<width$}{DIM:#} {:>7.1} ms\n",
                d.as_secs_f64() * 1000.0
            )
        })
        .collect()
}

/// The progress bar of a build: on stderr, shown only once the build has
/// taken a second and only on a terminal; fed by the library's progress
/// hook (step, done, total).
pub struct BuildProgress {
    bar: ProgressBar,
    state: Arc<Mutex<State>>,
    /// What the bar counts ("pages", "files").
    unit: &'static str,
}

struct State {
    finished: bool,
    step: String,
}

impl BuildProgress {
    pub fn start() -> BuildProgress {
        BuildProgress::counting("pages")
    }

    /// A bar that counts `unit` ("files").
    pub fn counting(unit: &'static str) -> BuildProgress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let state = Arc::new(Mutex::new(State {
            finished: false,
            step: String::new(),
        }));
        if std::io::stderr().is_terminal() {
            let (bar, state) = (bar.clone(), state.clone());
            let started = Instant::now();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(1).saturating_sub(started.elapsed()));
                let state = state.lock().unwrap_or_else(|e| e.into_inner());
                if !state.finished {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        BuildProgress { bar, state, unit }
    }

    /// The hook to hand to the library.
    pub fn hook(&self) -> folio::pipeline::Progress {
        let (bar, state, unit) = (self.bar.clone(), self.state.clone(), self.unit);
        folio::pipeline::Progress(Arc::new(move |step: &str, done: usize, total: usize| {
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            if state.step != step {
                state.step = step.to_string();
                let template = if total > 0 {
                    format!("{{spinner}} {{msg:<9}} [{{bar:30}}] {{pos}}/{{len}} {unit}")
                } else {
                    "{spinner} {msg}".to_string()
                };
                if let Ok(style) = ProgressStyle::with_template(&template) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_message(step.to_string());
                bar.set_length(total as u64);
            }
            bar.set_position(done as u64);
        }))
    }

    /// Removes the bar (if it was shown) before anything else is printed.
    pub fn finish(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.finished = true;
        self.bar.finish_and_clear();
    }
}
