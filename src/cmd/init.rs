//! `folio init DIR`: a new, working site; `folio init --theme DIR`: a copy of
//! the default theme to change. Both refuse a folder that is not empty.

use std::path::PathBuf;
use std::process::ExitCode;

use folio::scaffold::{self, Refusal};

use super::{EXIT_CONTENT, EXIT_USAGE};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  folio init my-site\n  folio init --theme themes/house   (then theme = \"house\" in site.toml)"
)]
pub struct Args {
    /// The folder to create (or an empty one)
    #[arg(value_name = "DIR")]
    dir: PathBuf,
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
    let today = chrono::Utc::now().date_naive();
    match scaffold::init_site(dir, today) {
        Ok(report) => {
            println!("Created a new site in {}:", dir.display());
            for f in &report.files {
                println!("  {}", f.display());
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
    eprintln!("{diagnostic}\n");
    ExitCode::from(if usage { EXIT_USAGE } else { EXIT_CONTENT })
}
