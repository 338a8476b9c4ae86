//! Writing new files for editors: `folio new` (an article or an author
//! profile) and `folio init` (a whole working site, or a copy of the default
//! theme to change). Nothing here ever overwrites: every file is created
//! with `create_new`, and `init` refuses a folder that has anything in it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;

use crate::content::frontmatter::{self, SectionHeader};
use crate::content::slug::{slugify, validate};
use crate::content::{ArticleType, CONTENT_DIR};
use crate::diagnostics::{Diagnostic, did_you_mean};

mod ci;

pub use ci::{CiHost, PLACEHOLDER_REPO, init_ci, this_folio};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The built-in theme's files: (path inside the theme, contents).
pub fn default_theme_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// Why nothing was written.
#[derive(Debug)]
pub struct Refusal {
    pub diagnostic: Diagnostic,
    /// True when the request itself was wrong (exit status 2), false for a
    /// failure to write (exit status 1).
    pub usage: bool,
}

fn refuse(d: Diagnostic) -> Refusal {
    Refusal {
        diagnostic: d,
        usage: true,
    }
}

fn io_failure(path: &Path, e: std::io::Error) -> Refusal {
    Refusal {
        diagnostic: Diagnostic::error(path, format!("cannot write this file: {e}")),
        usage: false,
    }
}

/// A YAML string in double quotes (JSON's escaping is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

/// Creates `path` (relative to `base`) with `contents`; never replaces a file.
fn create(base: &Path, rel: &Path, contents: &str) -> Result<(), Refusal> {
    let path = base.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_failure(rel, e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                refuse(
                    Diagnostic::error(rel, "this file already exists; folio never overwrites")
                        .help("choose another title or name, or delete or rename the existing file first"),
                )
            } else {
                io_failure(rel, e)
            }
        })?;
    f.write_all(contents.as_bytes())
        .map_err(|e| io_failure(rel, e))
}

/// Author slugs that have a profile in `content/authors/`.
pub fn author_slugs(root: &Path) -> BTreeSet<String> {
    let dir = root.join(CONTENT_DIR).join("authors");
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect()
}

/// Section folders under `content/` (with `/` separators), for hints.
fn sections(root: &Path) -> Vec<String> {
    let content = root.join(CONTENT_DIR);
    walkdir::WalkDir::new(&content)
        .min_depth(1)
        .max_depth(3)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir() && !e.path().join("index.md").exists())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&content).ok()?;
            let key = rel.to_string_lossy().replace('\\', "/");
            let top = key.split('/').next().unwrap_or("");
            (!matches!(top, "authors" | "series") && !crate::content::is_ignored_name(top))
                .then_some(key)
        })
        .collect()
}

/// What `folio new SECTION "Title"` should write.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub section: String,
    pub title: String,
    pub authors: Vec<String>,
    /// A folder with `index.md`, for an article with attachments.
    pub bundle: bool,
    /// The article's date.
    pub today: NaiveDate,
}

/// Writes a new article; returns its path relative to the site root.
pub fn new_article(root: &Path, req: &NewArticle) -> Result<PathBuf, Refusal> {
    let section = req.section.trim().trim_matches('/').replace('\\', "/");
    let bad = section.is_empty()
        || Path::new(&section)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)));
    if bad {
        return Err(refuse(
            Diagnostic::error(
                CONTENT_DIR,
                format!("`{}` is not a section folder", req.section),
            )
            .help("name a folder under content/, e.g. `folio new commentary \"Title\"`"),
        ));
    }
    let top = section.split('/').next().unwrap_or("");
    if matches!(top, "authors" | "series") {
        return Err(refuse(
            Diagnostic::error(
                CONTENT_DIR,
                format!("content/{top}/ is reserved; it holds no articles"),
            )
            .help("write an author profile with `folio new author SLUG \"Full Name\"`"),
        ));
    }
    let dir = PathBuf::from(CONTENT_DIR).join(&section);
    if !root.join(&dir).is_dir() {
        let known = sections(root);
        let help = match did_you_mean(&section, known.iter().map(String::as_str)) {
            Some(m) => format!("did you mean `{m}`?"),
            None if known.is_empty() => format!("create the folder first: mkdir {}", dir.display()),
            None => format!(
                "sections: {}; to start a new one, create the folder first: mkdir {}",
                known.join(", "),
                dir.display()
            ),
        };
        return Err(refuse(
            Diagnostic::error(
                &dir,
                format!(
                    "there is no section `{section}`: the folder {} does not exist",
                    dir.display()
                ),
            )
            .help(help),
        ));
    }
    let title = req.title.trim();
    if title.is_empty() {
        return Err(refuse(Diagnostic::error(&dir, "the title is empty").help(
            "write the title in quotes: folio new commentary \"After Istanbul\"",
        )));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(refuse(
            Diagnostic::error(
                &dir,
                format!("cannot make a file name from the title “{title}”"),
            )
            .help("use a title with letters or digits; the file name and address are made from it"),
        ));
    }
    let known = author_slugs(root);
    for a in &req.authors {
        if !known.contains(a) {
            let help = match did_you_mean(a, known.iter().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("create the profile first: folio new author {a} \"Full Name\""),
            };
            return Err(refuse(
                Diagnostic::error(
                    PathBuf::from(CONTENT_DIR)
                        .join("authors")
                        .join(format!("{a}.md")),
                    format!("unknown author `{a}`: there is no content/authors/{a}.md"),
                )
                .help(help),
            ));
        }
    }
    let file = dir.join(format!("{slug}.md"));
    let bundle = dir.join(&slug).join("index.md");
    for existing in [&file, &bundle] {
        if root.join(existing).exists() {
            return Err(refuse(
                Diagnostic::error(
                    existing,
                    "an article with this name already exists; folio never overwrites",
                )
                .help("choose another title, or edit the existing article"),
            ));
        }
    }
    let target = if req.bundle { bundle } else { file };

    let defaults = section_defaults(root, &dir);
    // Only keys with a value: an empty one (`summary: ""`) would be a
    // warning at once. The others are hints, commented out.
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", quoted(title)));
    text.push_str(&format!("date: {}\n", req.today.format("%Y-%m-%d")));
    if req.authors.is_empty() {
        text.push_str("# authors: [anum-malik]   (slugs of content/authors/*.md)\n");
    } else {
        text.push_str(&format!("authors: [{}]\n", req.authors.join(", ")));
    }
    text.push_str(
        "# summary: \"One or two sentences for lists, feeds and search (else the text above <!-- more -->)\"\n",
    );
    text.push_str("# tags: [Pakistan, Diplomacy]\n");
    text.push_str(&defaults);
    text.push_str("---\n\n");
    text.push_str(ARTICLE_BODY);
    create(root, &target, &text)?;
    Ok(target)
}

/// The body of a new article: the opening paragraph is its summary until
/// the header has one.
const ARTICLE_BODY: &str = "The opening paragraph. Lists, feeds and search results show the text above the `<!-- more -->` line as the article's summary, unless the header has a `summary:`.

<!-- more -->

The rest of the article, in markdown. Headings start at `##`.
";

/// Comment lines naming what the section supplies, and the fields its
/// type of publication usually carries.
fn section_defaults(root: &Path, dir: &Path) -> String {
    let index = dir.join("_index.md");
    let mut out = String::new();
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut kind = ArticleType::from_folder(&folder);
    if let Ok(text) = std::fs::read_to_string(root.join(&index))
        && let Ok(split) = frontmatter::split(&index, &text)
        && let Ok(header) = frontmatter::parse::<SectionHeader>(&index, &text, &split)
    {
        if let Some(k) = header.kind.and_then(|k| ArticleType::parse(&k.value)) {
            kind = Some(k);
        }
        if let Some(d) = header.disclaimer {
            let shown = match d.value {
                frontmatter::DisclaimerSetting::Switch(false) => "none".to_string(),
                frontmatter::DisclaimerSetting::Switch(true) => "true".to_string(),
                frontmatter::DisclaimerSetting::Text(t) => t,
            };
            out.push_str(&format!(
                "# disclaimer: the section's ({shown}) applies unless you write one here\n"
            ));
        }
    }
    if let Some(k) = kind {
        out.push_str(&format!("# type: {} (from the section)\n", k.as_str()));
        if matches!(
            k,
            ArticleType::Report | ArticleType::Brief | ArticleType::WorkingPaper
        ) {
            out.push_str("# report_number: \"CDS-PB-2025-07\"\n");
        }
    }
    out.push_str("# series: \"Name of a series\"\n");
    out
}

/// What `folio new author SLUG "Name"` should write.
#[derive(Debug, Clone, Default)]
pub struct NewAuthor {
    pub slug: String,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub affiliation: Option<String>,
    pub organization: bool,
}

/// The usual guess: the last word is the family name. Wrong for many names
/// ("Mariam Abdul Rauf"), which is why `new author` asks.
pub fn guess_names(name: &str) -> (Option<String>, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => (Some(rest.join(" ")), last.to_string()),
        _ => (None, name.trim().to_string()),
    }
}

/// Writes an author profile; returns its path relative to the site root.
pub fn new_author(root: &Path, req: &NewAuthor) -> Result<PathBuf, Refusal> {
    let slug = validate(&req.slug).map_err(|why| {
        let suggestion = slugify(&req.slug);
        refuse(
            Diagnostic::error(
                CONTENT_DIR,
                format!("`{}` is not a valid author slug: {why}", req.slug),
            )
            .help(if suggestion.is_empty() {
                "a slug is lower-case letters, digits and `-`, e.g. anum-malik".to_string()
            } else {
                format!("a slug is lower-case letters, digits and `-`, e.g. {suggestion}")
            }),
        )
    })?;
    let name = req.name.trim();
    if name.is_empty() {
        return Err(refuse(
            Diagnostic::error(CONTENT_DIR, "the author's name is empty")
                .help("folio new author anum-malik \"Anum Malik\""),
        ));
    }
    let path = PathBuf::from(CONTENT_DIR)
        .join("authors")
        .join(format!("{slug}.md"));
    let mut text = String::from("---\n");
    text.push_str(&format!("name: {}\n", quoted(name)));
    if req.organization {
        text.push_str("organization: true\n");
    } else {
        if let Some(g) = req.given_name.as_deref().filter(|g| !g.trim().is_empty()) {
            text.push_str(&format!("given_name: {}\n", quoted(g.trim())));
        }
        if let Some(f) = req.family_name.as_deref().filter(|f| !f.trim().is_empty()) {
            text.push_str(&format!("family_name: {}\n", quoted(f.trim())));
        }
    }
    match req.affiliation.as_deref().filter(|a| !a.trim().is_empty()) {
        Some(a) => text.push_str(&format!("affiliation: {}\n", quoted(a.trim()))),
        None => text.push_str("# affiliation: \"\"\n"),
    }
    text.push_str("# role: \"\"\n");
    text.push_str(&format!(
        "# note: \"The author, {}, is ... (shown under each of their articles)\"\n",
        name.replace('"', "'")
    ));
    text.push_str(&format!(
        "---\n\nA few sentences about {name}, shown on the author page.\n"
    ));
    create(root, &path, &text)?;
    Ok(path)
}

/// What `folio init DIR` wrote.
#[derive(Debug)]
pub struct InitReport {
    pub files: Vec<PathBuf>,
    /// The slug of the example author, for `folio new ... --author`.
    pub author: String,
    pub section: String,
}

/// A folder that is missing or holds nothing (a `.git` folder aside).
fn ensure_empty(dir: &Path, what: &str) -> Result<(), Refusal> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut names: Vec<String> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".git")
                .collect();
            if names.is_empty() {
                return Ok(());
            }
            names.sort();
            let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            Err(refuse(
                Diagnostic::error(dir, format!("this folder is not empty (it holds {shown}{}); folio {what} only into an empty or new folder", if names.len() > 3 { ", ..." } else { "" }))
                    .help("choose a new folder name; folio never overwrites"),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if dir.exists() && !dir.is_dir() => Err(refuse(Diagnostic::error(
            dir,
            format!("this is a file, not a folder ({e})"),
        ))),
        Err(e) => Err(io_failure(dir, e)),
    }
}

/// The title `folio init DIR` proposes: the folder's name, in words.
pub fn default_title(dir: &Path) -> String {
    title_from(dir)
}

/// The address `folio init` writes when none is given.
pub const PLACEHOLDER_URL: &str = "https://example.org";

/// What `folio init DIR` should write.
#[derive(Debug, Clone)]
pub struct NewSite {
    pub title: String,
    /// The address the site is published at; None: a placeholder, said so
    /// in site.toml.
    pub base_url: Option<String>,
    /// The date of the first article.
    pub today: NaiveDate,
}

fn title_from(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My site".into());
    let title = crate::content::title_from_name(&name);
    if title.is_empty() {
        "My Site".into()
    } else {
        title
    }
}

/// Creates a minimal working site in `dir` (created if missing, refused if
/// not empty): site.toml, a home text, one section, one author, one article.
pub fn init_site(dir: &Path, site: &NewSite) -> Result<InitReport, Refusal> {
    let title = site.title.trim();
    if title.is_empty() {
        return Err(refuse(
            Diagnostic::error(dir, "the site's title is empty")
                .help("folio init my-site --title \"Centre for Development and Stability\""),
        ));
    }
    let base_url = match site.base_url.as_deref().map(str::trim) {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            Some(url.trim_end_matches('/'))
        }
        Some(url) => {
            return Err(refuse(
                Diagnostic::error(
                    dir,
                    format!("`{url}` is not an address a site can be published at"),
                )
                .help("give the whole address, with https://, e.g. --base-url https://cds.example.org"),
            ));
        }
        None => None,
    };
    ensure_empty(dir, "creates a site")?;
    let title = title.to_string();
    let url_line = match base_url {
        Some(url) => format!(
            "# The address the site is published at.\nbase_url = {}",
            quoted(url)
        ),
        None => format!(
            "# The address the site will be published at: replace this placeholder\n# before publishing (feeds, sitemaps and citations use it).\nbase_url = \"{PLACEHOLDER_URL}\""
        ),
    };
    let author = "editorial-team".to_string();
    let section = "commentary".to_string();
    let files: Vec<(PathBuf, String)> = vec![
        (
            "site.toml".into(),
            format!(
                "title = {title}\n\
                 {url_line}\n\
                 language = \"en\"\n\
                 output_dir = \"public\"\n\
                 \n\
                 [disclaimers]\n\
                 default = {disclaimer}\n\
                 \n\
                 # Lints of `folio check` switched off or made errors, e.g.\n\
                 # repeated-passage = \"error\"  (`folio check --explain CODE` describes each)\n\
                 [check]\n",
                title = quoted(&title),
                disclaimer = quoted(&format!(
                    "The views expressed here are those of the authors and do not necessarily reflect the position of {title}."
                )),
            ),
        ),
        (
            ".gitignore".into(),
            "# folio writes the site here\n/public/\n# finished PDFs kept between builds ([pdf] cache_dir)\n/.folio-cache/\n".into(),
        ),
        (
            "content/_index.md".into(),
            format!("---\ntitle: {}\n---\n\nWelcome to {title}. This text is shown on the home page, above the latest articles.\n", quoted(&title)),
        ),
        (
            "content/commentary/_index.md".into(),
            // The description is shown under the section's title; a body
            // would be shown below it.
            "---\ntitle: \"Commentary\"\ndescription: \"Short, timely pieces on current events.\"\ntype: commentary\nsort_by: date\n---\n".into(),
        ),
        (
            format!("content/authors/{author}.md").into(),
            format!(
                "---\nname: \"Editorial Team\"\norganization: true\naffiliation: {}\nnote: {}\n---\n\nArticles credited to the Editorial Team are written and reviewed by the staff of {title}.\n",
                quoted(&title),
                quoted(&format!("This article was prepared by the editorial team of {title}.")),
            ),
        ),
        (
            "content/commentary/welcome.md".into(),
            format!(
                "---\ntitle: {}\ndate: {}\nauthors: [{author}]\nsummary: \"What this site is, and how its articles are written and published.\"\ntags: [Announcements]\n---\n\n\
                 This is the first article of {title}. Every article is a markdown file in a section folder such as content/commentary/, with a short header naming its title, date and authors.\n\n\
                 ## Writing the next one\n\n\
                 Run `folio new commentary \"Title\" --author {author}` to start an article, `folio serve` to watch it take shape in the browser, and `folio check` before publishing.\n\n\
                 ## Publishing\n\n\
                 Run `folio build`: the whole site is written into the public folder, ready to be copied to any web server.\n",
                quoted(&format!("Welcome to {title}")),
                site.today.format("%Y-%m-%d"),
            ),
        ),
    ];
    std::fs::create_dir_all(dir).map_err(|e| io_failure(dir, e))?;
    let mut written = Vec::new();
    for (rel, text) in files {
        create(dir, &rel, &text)?;
        written.push(rel);
    }
    Ok(InitReport {
        files: written,
        author,
        section,
    })
}

/// Writes the default theme (templates, styles, words) into `dir` (created
/// if missing, refused if not empty), for a web person to change.
pub fn init_theme(dir: &Path) -> Result<Vec<PathBuf>, Refusal> {
    ensure_empty(dir, "writes a theme")?;
    std::fs::create_dir_all(dir).map_err(|e| io_failure(dir, e))?;
    let mut written = Vec::new();
    for (path, bytes) in default_theme_files() {
        let rel = PathBuf::from(path);
        let target = dir.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_failure(&rel, e))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| io_failure(&rel, e))?;
        f.write_all(bytes).map_err(|e| io_failure(&rel, e))?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_guessed_last_word_family() {
        assert_eq!(
            guess_names("Anum Malik"),
            (Some("Anum".into()), "Malik".into())
        );
        assert_eq!(guess_names("Plato"), (None, "Plato".into()));
    }

    #[test]
    fn titles_from_folders() {
        assert_eq!(
            title_from(Path::new("/nonexistent/my-think_tank")),
            "My Think Tank"
        );
    }

    #[test]
    fn strings_are_quoted_for_yaml() {
        assert_eq!(quoted("A \"b\": c"), "\"A \\\"b\\\": c\"");
    }
}
