//! `folio new SECTION "Title"`: a new article with today's date; `folio new
//! author SLUG "Full Name"`: a new author profile. Never overwrites.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use folio::scaffold::{self, NewArticle, NewAuthor, Refusal};

use super::{EXIT_CONTENT, EXIT_USAGE, current_dir, find_site};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  folio new commentary \"After Istanbul\" --author anum-malik\n  folio new analysis \"Trade at Torkham\" --author daniyal-hassan --bundle\n  folio new author anum-malik \"Anum Malik\" --given-name Anum --family-name Malik"
)]
pub struct Args {
    /// The section folder under content/ (e.g. commentary), or `author`
    #[arg(value_name = "SECTION")]
    section: String,
    /// The article's title (for `new author`: the author's slug)
    #[arg(value_name = "TITLE")]
    title: String,
    /// For `new author` only: the author's full name as bylines show it
    #[arg(value_name = "NAME")]
    name: Option<String>,
    /// An author of the article, by slug (repeat for several, in byline order)
    #[arg(long = "author", value_name = "SLUG")]
    authors: Vec<String>,
    /// Make a folder with index.md, for an article with attachments
    #[arg(long)]
    bundle: bool,
    /// For `new author`: given name(s), for citations
    #[arg(long, value_name = "TEXT")]
    given_name: Option<String>,
    /// For `new author`: family name, for citations and sorting
    #[arg(long, value_name = "TEXT")]
    family_name: Option<String>,
    /// For `new author`: the author's affiliation
    #[arg(long, value_name = "TEXT")]
    affiliation: Option<String>,
    /// For `new author`: an institution, cited by its whole name
    #[arg(long)]
    organization: bool,
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
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
    let author = matches!(args.section.as_str(), "author" | "authors");
    let result = if author {
        new_author(&root, args)
    } else {
        if let Some(extra) = &args.name {
            eprintln!(
                "error: unexpected `{extra}`: `folio new SECTION \"Title\"` takes one title; put a title with spaces in quotes"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        let req = NewArticle {
            section: args.section,
            title: args.title,
            authors: args.authors,
            bundle: args.bundle,
            // The UTC day, so that a new article is never dated in the future.
            today: chrono::Utc::now().date_naive(),
        };
        scaffold::new_article(&root, &req)
    };
    match result {
        Ok(path) => {
            let shown = root.join(&path);
            let rel = shown.strip_prefix(&cwd).unwrap_or(&shown);
            println!("{}", rel.display());
            ExitCode::SUCCESS
        }
        Err(Refusal { diagnostic, usage }) => {
            eprintln!("{diagnostic}\n");
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_CONTENT })
        }
    }
}

// A Refusal is one diagnostic on a cold path, as in the library.
#[allow(clippy::result_large_err)]
fn new_author(root: &std::path::Path, args: Args) -> Result<PathBuf, Refusal> {
    let Some(name) = args.name else {
        return Err(Refusal {
            diagnostic: folio::Diagnostic::error(
                "content/authors",
                "`folio new author` needs the slug and the full name",
            )
            .help("folio new author anum-malik \"Anum Malik\""),
            usage: true,
        });
    };
    let mut req = NewAuthor {
        slug: args.title,
        name: name.clone(),
        given_name: args.given_name,
        family_name: args.family_name,
        affiliation: args.affiliation,
        organization: args.organization,
    };
    if !req.organization && req.given_name.is_none() && req.family_name.is_none() {
        let (given, family) = scaffold::guess_names(&name);
        // The last word is the family name for many names but not all: ask.
        let family = if given.is_some() && std::io::stdin().is_terminal() {
            ask(&format!(
                "Family name of “{name}” (for citations and sorting) [{family}]: "
            ))
            .filter(|a| !a.is_empty())
            .unwrap_or(family)
        } else {
            family
        };
        let given = name
            .trim()
            .strip_suffix(family.as_str())
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_string);
        req.given_name = given;
        req.family_name = Some(family);
    }
    scaffold::new_author(root, &req)
}

fn ask(question: &str) -> Option<String> {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question}");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    Some(line.trim().to_string())
}
