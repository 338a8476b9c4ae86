//! `folio deploy`: builds the site afresh into a temporary folder (with
//! site.toml's base_url, no drafts, nothing scheduled) and puts it into the
//! bucket of `[deploy]`, uploading only what changed. `--dry-run` lists the
//! plan and changes nothing; `--delete` also removes what the site no
//! longer has. Prints one summary line; a progress bar on a terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use folio::deploy::{Action, Deployer, Plan, Report};
use folio::{BuildOptions, Diagnostics};

use super::term::{self, DONE, ERROR, NOTE};
use super::{EXIT_CONTENT, current_dir, find_site, print_diagnostics};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// List what would be uploaded, replaced and deleted, and why; change nothing
    #[arg(long)]
    dry_run: bool,
    /// Also delete objects under the prefix that the site no longer has
    #[arg(long)]
    delete: bool,
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
    let config = match folio::config::load(&root) {
        Ok(c) => c,
        Err(errors) => return refuse(Diagnostics(errors)),
    };
    // Before building: a missing bucket or unusable settings need no build
    // to be found.
    let deployer = match Deployer::connect(&config) {
        Ok(d) => d,
        Err(e) => return remote_failure(&e),
    };
    let Some(site) = build(&root, &cwd) else {
        return ExitCode::from(EXIT_CONTENT);
    };
    let started = Instant::now();
    let plan = match deployer.plan(&site.output, args.delete) {
        Ok(p) => p,
        Err(e) => return remote_failure(&e),
    };
    let target = format!(
        "s3://{}/{}",
        config.deploy.bucket.as_deref().unwrap_or_default(),
        config.deploy.prefix
    );
    if args.dry_run {
        print_plan(&plan, &target);
        return ExitCode::SUCCESS;
    }
    let progress = term::BuildProgress::counting("files");
    let result = deployer.apply(&plan, Some(&progress.hook()));
    progress.finish();
    match result {
        Ok(report) => {
            print_report(&report, &plan, started.elapsed().as_secs_f64(), &target);
            ExitCode::SUCCESS
        }
        Err(e) => remote_failure(&e),
    }
}

/// The site as it is to be published, built into a temporary folder that
/// is removed when this is dropped (or on Ctrl-C).
struct Built {
    output: PathBuf,
    _folder: tempfile::TempDir,
}

fn build(root: &Path, cwd: &Path) -> Option<Built> {
    let folder = match tempfile::Builder::new().prefix("folio-deploy-").tempdir() {
        Ok(f) => f,
        Err(e) => {
            term::plain_error(
                &format!("cannot make a temporary folder to build in: {e}"),
                None,
            );
            return None;
        }
    };
    let path = folder.path().to_path_buf();
    super::build::on_signal(move || {
        folio::output::abandon_builds();
        let _ = std::fs::remove_dir_all(&path);
        eprintln!();
        term::plain_error(
            "interrupted: the deploy stopped",
            Some("every object already put is complete; run `folio deploy` again to finish"),
        );
    });
    let progress = term::BuildProgress::start();
    let opts = BuildOptions {
        root: Some(root.to_path_buf()),
        output: Some(folder.path().join("site")),
        progress: Some(progress.hook()),
        ..BuildOptions::new(cwd)
    };
    let started = Instant::now();
    let result = folio::build(&opts);
    progress.finish();
    match result {
        Ok(report) => {
            super::print_warnings(&report.warnings, super::WARNINGS_SHOWN);
            let _ = writeln!(
                anstream::stdout().lock(),
                "{DONE}Built{DONE:#} {} ({}) in {:.2} s",
                term::count(report.articles, "article", "articles"),
                term::count(report.pages, "page", "pages"),
                started.elapsed().as_secs_f64(),
            );
            Some(Built {
                output: report.output,
                _folder: folder,
            })
        }
        Err(failure) => {
            super::build::print_failure(&failure);
            None
        }
    }
}

fn print_plan(plan: &Plan, target: &str) {
    let mut out = anstream::stdout().lock();
    let width = plan.steps.iter().map(|s| s.key.len()).max().unwrap_or(0);
    for s in &plan.steps {
        let _ = writeln!(out, "{:<7} {:<width$}  ({})", s.action, s.key, s.reason);
    }
    let _ = writeln!(
        out,
        "{NOTE}Dry run{NOTE:#} for {target}: would upload {}, replace {}, delete {}; {} unchanged. Nothing was changed.",
        term::thousands(plan.count(Action::Upload)),
        term::thousands(plan.count(Action::Replace)),
        term::thousands(plan.count(Action::Delete)),
        term::thousands(plan.unchanged),
    );
    note_kept(plan);
}

fn print_report(report: &Report, plan: &Plan, seconds: f64, target: &str) {
    let _ = writeln!(
        anstream::stdout().lock(),
        "{DONE}Deployed{DONE:#}: {} uploaded, {} unchanged, {} deleted in {seconds:.1} s → {target}",
        term::thousands(report.uploaded + report.replaced),
        term::thousands(report.unchanged),
        term::thousands(report.deleted),
    );
    note_kept(plan);
}

/// Says what `--delete` would remove, when it was not given.
fn note_kept(plan: &Plan) {
    if !plan.kept.is_empty() {
        term::note(&format!(
            "{} under the prefix {} not in the site and {} left in place (--delete removes {})",
            term::count(plan.kept.len(), "object", "objects"),
            if plan.kept.len() == 1 { "is" } else { "are" },
            if plan.kept.len() == 1 { "was" } else { "were" },
            if plan.kept.len() == 1 { "it" } else { "them" },
        ));
    }
}

fn refuse(errors: Diagnostics) -> ExitCode {
    print_diagnostics(&errors);
    let _ = writeln!(
        anstream::stderr().lock(),
        "{ERROR}{}{ERROR:#}; nothing was deployed",
        errors.error_summary()
    );
    ExitCode::from(EXIT_CONTENT)
}

fn remote_failure(e: &folio::deploy::DeployError) -> ExitCode {
    term::plain_error(&e.message, e.help.as_deref());
    ExitCode::from(EXIT_CONTENT)
}
