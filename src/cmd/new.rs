//! `folio new SECTION "Title"`: a new article with today's date; `folio new
//! author SLUG "Full Name"`: a new author profile. Never overwrites.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio::scaffold::{self, NewArticle, NewAuthor, Refusal};

use super::{EXIT_CONTENT, EXIT_USAGE, current_dir, find_site, term};

#[derive(clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Author profiles",
    override_usage = "folio new [OPTIONS] <SECTION> <TITLE>\n       folio new author [OPTIONS] <SLUG> <NAME>",
    after_help = "Examples:\n  folio new commentary \"After Istanbul\" --author anum-malik\n  folio new analysis \"Trade at Torkham\" --author daniyal-hassan --bundle\n  folio new author anum-malik \"Anum Malik\" --given-name Anum --family-name Malik"
)]
pub struct Args {
    #[command(subcommand)]
    profile: Option<Profile>,
    /// The section folder under content/ (e.g. commentary)
    #[arg(value_name = "SECTION", required = true)]
    section: Option<String>,
    /// The article's title, in quotes
    #[arg(value_name = "TITLE", required = true)]
    title: Option<String>,
    /// Anything after the title: a title with spaces that lost its quotes
    #[arg(hide = true)]
    extra: Vec<String>,
    /// An author of the article, by slug (repeat for several, in byline order)
    #[arg(long = "author", value_name = "SLUG")]
    authors: Vec<String>,
    /// Make a folder with index.md, for an article with attachments
    #[arg(long)]
    bundle: bool,
    /// The site folder (the one with site.toml); default: found upwards from here
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Profile {
    /// Write a new author profile: folio new author SLUG "Full Name"
    #[command(visible_alias = "authors")]
    Author(AuthorArgs),
}

#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  folio new author mariam-abdul-rauf \"Mariam Abdul Rauf\" --given-name Mariam --family-name \"Abdul Rauf\""
)]
struct AuthorArgs {
    /// The author's slug: the file name in content/authors/ and the one
    /// `authors:` uses, e.g. anum-malik
    #[arg(value_name = "SLUG")]
    slug: String,
    /// The author's full name as bylines show it, in quotes
    #[arg(value_name = "NAME")]
    name: String,
    /// Given name(s), for citations
    #[arg(long, value_name = "TEXT")]
    given_name: Option<String>,
    /// Family name, for citations and sorting (asked for on a terminal)
    #[arg(long, value_name = "TEXT")]
    family_name: Option<String>,
    /// The author's affiliation
    #[arg(long, value_name = "TEXT")]
    affiliation: Option<String>,
    /// An institution, cited by its whole name
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
    let explicit_root = match &args.profile {
        Some(Profile::Author(a)) => a.root.clone(),
        None => args.root.clone(),
    };
    let root = match find_site(explicit_root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let result = match args.profile {
        Some(Profile::Author(a)) => new_author(&root, a),
        None => {
            if let Some(extra) = args.extra.first() {
                term::plain_error(
                    &format!("unexpected `{extra}`: `folio new SECTION \"Title\"` takes one title"),
                    Some("put a title with spaces in quotes"),
                );
                return ExitCode::from(EXIT_USAGE);
            }
            let req = NewArticle {
                section: args.section.unwrap_or_default(),
                title: args.title.unwrap_or_default(),
                authors: args.authors,
                bundle: args.bundle,
                // Today where the site is (`timezone` in site.toml): the
                // day begins there, so the article is not scheduled.
                today: folio::config::load(&root)
                    .map(|c| c.zone.today(chrono::Utc::now()))
                    .unwrap_or_else(|_| chrono::Utc::now().date_naive()),
            };
            scaffold::new_article(&root, &req)
        }
    };
    match result {
        Ok(path) => {
            let shown = root.join(&path);
            let rel = shown.strip_prefix(&cwd).unwrap_or(&shown);
            println!("{}", rel.display());
            ExitCode::SUCCESS
        }
        Err(Refusal { diagnostic, usage }) => {
            let _ = writeln!(anstream::stderr().lock(), "{}\n", term::styled(&diagnostic));
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_CONTENT })
        }
    }
}

// A Refusal is one diagnostic on a cold path, as in the library.
#[allow(clippy::result_large_err)]
fn new_author(root: &Path, args: AuthorArgs) -> Result<PathBuf, Refusal> {
    let name = args.name;
    let mut req = NewAuthor {
        slug: args.slug,
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
