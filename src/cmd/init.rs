//! `folio init DIR`: a new, working site; `folio init --theme DIR`: a copy of
//! the default theme to change. Both refuse a folder that is not empty.
//! `--ci github|gitlab` adds the workflow that publishes the site, to a new
//! site or (DIR being a site, `.` by default) to an existing one.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio::scaffold::{self, CiHost, Refusal};

use super::{EXIT_CONTENT, EXIT_USAGE, term};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  folio init my-site --title \"Centre for Development and Stability\" --base-url https://cds.example.org\n  folio init my-site --ci github    (a new site, with its GitHub Pages workflow)\n  folio init --ci gitlab            (in a site's folder: only the workflow)\n  folio init --theme themes/house   (then theme = \"house\" in site.toml)\n\nWithout --title or --base-url, folio asks for them on a terminal."
)]
pub struct Args {
    /// The folder to create (or an empty one); with --ci, a site's folder
    /// [default with --ci: .]
    #[arg(value_name = "DIR", required_unless_present = "ci")]
    dir: Option<PathBuf>,
    /// The site's name, as its pages show it [default: from the folder's name]
    #[arg(long, value_name = "TEXT", conflicts_with = "theme")]
    title: Option<String>,
    /// The address the site will be published at, e.g. https://cds.example.org
    #[arg(long, value_name = "URL", conflicts_with = "theme")]
    base_url: Option<String>,
    /// Write the default theme's templates, styles and words into DIR instead
    #[arg(long)]
    theme: bool,
    /// Also write the workflow that builds and publishes the site on GitHub
    /// Pages (.github/workflows/pages.yml) or GitLab Pages (.gitlab-ci.yml);
    /// in an existing site, only the workflow
    #[arg(long, value_name = "HOST", conflicts_with = "theme")]
    ci: Option<Ci>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Ci {
    Github,
    Gitlab,
}

impl From<Ci> for CiHost {
    fn from(ci: Ci) -> CiHost {
        match ci {
            Ci::Github => CiHost::Github,
            Ci::Gitlab => CiHost::Gitlab,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let dir = &args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let ci = args.ci.map(CiHost::from);
    // A site gets only the workflow; a folder with other things in it is
    // refused by init_ci as not a site (rather than as not empty).
    if let Some(host) = ci
        && (dir.join(folio::config::CONFIG_FILE).is_file() || has_files(dir))
    {
        if args.title.is_some() || args.base_url.is_some() {
            term::note("--title and --base-url are for a new site: this one keeps its site.toml");
        }
        return match scaffold::init_ci(dir, host) {
            Ok(file) => {
                println!("Wrote {}", dir.join(&file).display());
                publishing_notes(host, &file);
                ExitCode::SUCCESS
            }
            Err(r) => refused(r),
        };
    }
    if args.theme {
        return match scaffold::init_theme(dir) {
            Ok(files) => {
                println!(
                    "Wrote the default theme ({} files) into {}",
                    files.len(),
                    dir.display()
                );
                let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                let in_themes = dir
                    .parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|p| p == "themes");
                match (name, in_themes) {
                    (Some(name), true) => println!(
                        "To use it, write theme = \"{name}\" in site.toml; files you delete from it come from the built-in theme."
                    ),
                    (Some(name), false) => println!(
                        "To use it, move it to themes/{name}/ in your site and write theme = \"{name}\" in site.toml."
                    ),
                    _ => {}
                }
                ExitCode::SUCCESS
            }
            Err(r) => refused(r),
        };
    }
    // On a terminal, ask for what was not given; elsewhere, the defaults.
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let proposed = scaffold::default_title(dir);
    let title = args.title.unwrap_or_else(|| {
        interactive
            .then(|| ask(&format!("The site's title [{proposed}]: ")))
            .flatten()
            .filter(|t| !t.is_empty())
            .unwrap_or(proposed)
    });
    let base_url = args.base_url.or_else(|| {
        interactive
            .then(|| ask("The address it will be published at, e.g. https://cds.example.org (Enter: decide later): "))
            .flatten()
            .filter(|u| !u.is_empty())
    });
    let placeholder = base_url.is_none();
    let site = scaffold::NewSite {
        title,
        base_url,
        today: chrono::Utc::now().date_naive(),
    };
    match scaffold::init_site(dir, &site) {
        Ok(mut report) => {
            if let Some(host) = ci {
                match scaffold::init_ci(dir, host) {
                    Ok(file) => report.files.push(file),
                    Err(r) => return refused(r),
                }
            }
            println!("Created a new site in {}:", dir.display());
            for f in &report.files {
                println!("  {}", f.display());
            }
            if let Some(host) = ci {
                publishing_notes(host, Path::new(host.path()));
            }
            if placeholder {
                term::note(&format!(
                    "base_url in site.toml is the placeholder {}; write the site's address there before publishing",
                    scaffold::PLACEHOLDER_URL
                ));
            }
            println!(
                "\nNext:\n  cd {}\n  folio serve                  # preview at http://127.0.0.1:1111/\n  folio new {} \"Title\" --author {}\n  folio check                  # before publishing\n  folio build                  # writes the site into public/",
                dir.display(),
                report.section,
                report.author
            );
            ExitCode::SUCCESS
        }
        Err(r) => refused(r),
    }
}

/// Whether `dir` holds anything but a `.git` folder.
fn has_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.flatten().any(|e| e.file_name() != ".git"))
}

/// What is left to do by hand before the workflow publishes.
fn publishing_notes(host: CiHost, file: &Path) {
    if scaffold::this_folio().0 == scaffold::PLACEHOLDER_REPO {
        term::note(&format!(
            "set FOLIO_REPO in {} to the address of folio's git repository",
            file.display()
        ));
    }
    match host {
        CiHost::Github => println!(
            "On GitHub, choose Settings > Pages > Source: \"GitHub Actions\" once; every push to the default branch then publishes the site."
        ),
        CiHost::Gitlab => println!(
            "On GitLab, every push to the default branch publishes the site (Deploy > Pages shows its address)."
        ),
    }
}

fn refused(Refusal { diagnostic, usage }: Refusal) -> ExitCode {
    let _ = writeln!(anstream::stderr().lock(), "{}\n", term::styled(&diagnostic));
    ExitCode::from(if usage { EXIT_USAGE } else { EXIT_CONTENT })
}

/// Asks on stderr, reads one line; None at the end of input.
fn ask(question: &str) -> Option<String> {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question}");
    let _ = err.flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_string()),
    }
}
