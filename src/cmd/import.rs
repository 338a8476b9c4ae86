//! `folio import wordpress EXPORT.xml` and `folio import jekyll DIR`: runs
//! the library's import with a progress bar on a terminal, prints a summary
//! and writes the whole report with `--report FILE`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio::import::{self, ImportFailure, ImportOptions, ImportReport, Progress};

use super::{EXIT_CONTENT, EXIT_USAGE, current_dir, find_site, print_diagnostics};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  folio import wordpress export.xml\n  folio import wordpress export.xml --section commentary --uploads ~/old-site/wp-content/uploads --report import.md\n  folio import jekyll ~/old-blog/_posts --report import.md"
)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(clap::Subcommand)]
enum Source {
    /// Import a WordPress export (the .xml file of Tools → Export)
    Wordpress {
        /// The export file (WXR)
        #[arg(value_name = "EXPORT.xml")]
        export: PathBuf,
        #[command(flatten)]
        common: Common,
        /// A local copy of the old site's wp-content/uploads folder: the files
        /// the articles use are copied into the site and their links rewritten
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
    },
    /// Import a folder of Jekyll or Eleventy posts (YYYY-MM-DD-slug.md)
    Jekyll {
        /// The posts folder (e.g. _posts), or the site folder that holds it
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Args)]
struct Common {
    /// The section folder under content/ for the articles
    #[arg(long, value_name = "NAME", default_value = import::DEFAULT_SECTION)]
    section: String,
    /// Write the whole report (every item to review) to this markdown file
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let cwd = match current_dir() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let (common, uploads) = match &args.source {
        Source::Wordpress {
            common, uploads, ..
        } => (common, uploads.clone()),
        Source::Jekyll { common, .. } => (common, None),
    };
    let root = match find_site(common.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let report_file = common.report.as_ref().map(|f| cwd.join(f));
    if let Some(f) = &report_file
        && f.exists()
    {
        eprintln!(
            "error: {} already exists; folio never overwrites\n  = help: give --report another file name",
            f.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let opts = ImportOptions {
        root,
        section: common.section.clone(),
        uploads: uploads.map(|u| cwd.join(u)),
    };
    let bar = progress_bar();
    let mut on_progress = |p: Progress| {
        if let Some(b) = &bar {
            b.set_length(p.total.max(1));
            b.set_position(p.done);
            b.set_message(p.phase);
        }
    };
    let result = match &args.source {
        Source::Wordpress { export, .. } => {
            import::import_wordpress(&cwd.join(export), &opts, &mut on_progress)
        }
        Source::Jekyll { dir, .. } => {
            import::import_jekyll(&cwd.join(dir), &opts, &mut on_progress)
        }
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(report) => finish(&report, report_file.as_deref(), &cwd),
        Err(ImportFailure { diagnostic, usage }) => {
            eprintln!("{diagnostic}\n");
            eprintln!("nothing was imported");
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_CONTENT })
        }
    }
}

/// A bar on stderr when it is a terminal; none when piped.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(1);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg:8} [{bar:30}] {percent}%") {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

fn finish(report: &ImportReport, report_file: Option<&Path>, cwd: &Path) -> ExitCode {
    print_diagnostics(&folio::Diagnostics(report.errors.clone()));
    println!("{}", summary(report));
    if let Some(file) = report_file {
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(file)
            .and_then(|mut f| std::io::Write::write_all(&mut f, report.to_markdown().as_bytes()));
        match written {
            Ok(()) => {
                let shown = file.strip_prefix(cwd).unwrap_or(file);
                println!("The full report is in {}", shown.display());
            }
            Err(e) => {
                eprintln!("error: cannot write the report {}: {e}", file.display());
                return ExitCode::from(EXIT_CONTENT);
            }
        }
    }
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CONTENT)
    }
}

/// The few lines printed after an import.
fn summary(r: &ImportReport) -> String {
    let c = &r.counts;
    let mut out = format!(
        "Imported {} into {}/: {} articles and {} pages ({} drafts among them), {} author profiles, {} aliases, {} media files",
        r.source.display(),
        r.section,
        c.articles,
        c.pages,
        c.drafts,
        c.authors,
        c.aliases,
        c.media
    );
    if c.skipped > 0 {
        out.push_str(&format!(
            "\nSkipped {} files that were already there (an earlier import); nothing was overwritten",
            c.skipped
        ));
    }
    if !r.not_imported.is_empty() {
        let parts: Vec<String> = r
            .not_imported
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        out.push_str(&format!("\nNot imported: {}", parts.join(", ")));
    }
    if !r.dropped_keys.is_empty() {
        let parts: Vec<String> = r
            .dropped_keys
            .iter()
            .map(|(key, n)| format!("{key} ({n} files)"))
            .collect();
        out.push_str(&format!(
            "\nFront-matter keys dropped: {}",
            parts.join(", ")
        ));
    }
    let notes = r.note_counts();
    if !notes.is_empty() {
        let parts: Vec<String> = notes
            .iter()
            .map(|(k, n)| format!("{n} × {}", k.label()))
            .collect();
        out.push_str(&format!(
            "\nTo review in {} items: {}",
            r.items.len(),
            parts.join("; ")
        ));
    }
    if let Some(z) = &r.zone_note {
        out.push_str(&format!("\nDates: {z}"));
    }
    if !r.errors.is_empty() {
        out.push_str(&format!(
            "\n{} items could not be imported (see the errors above)",
            r.errors.len()
        ));
    }
    out
}
