//! `folio init DIR`: a new, working site; `folio init --theme DIR`: a copy of
//! the default theme to change. Both refuse a folder that is not empty.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use folio::scaffold::{self, Refusal};

use super::{EXIT_CONTENT, EXIT_USAGE, term};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  folio init my-site --title \"Centre for Development and Stability\" --base-url https://cds.example.org\n  folio init --theme themes/house   (then theme = \"house\" in site.toml)\n\nWithout --title or --base-url, folio asks for them on a terminal."
)]
pub struct Args {
    /// The folder to create (or an empty one)
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The site's name, as its pages show it [default: from the folder's name]
    #[arg(long, value_name = "TEXT", conflicts_with = "theme")]
    title: Option<String>,
    /// The address the site will be published at, e.g. https://cds.example.org
    #[arg(long, value_name = "URL", conflicts_with = "theme")]
    base_url: Option<String>,
    /// Write the default theme's templates, styles and words into DIR instead
    #[arg(long)]
    theme: bool,
}

pub fn run(args: Args) -> ExitCode {
    let dir = &args.dir;
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
        Ok(report) => {
            println!("Created a new site in {}:", dir.display());
            for f in &report.files {
                println!("  {}", f.display());
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
