//! Part of the content stage: walking `content/`, reading files in parallel,
//! and resolving what they say into a [`Site`]. Every problem found becomes a
//! [`Diagnostic`]; loading goes on so that one build reports them all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::frontmatter::{
    self, ARTICLE_KEYS, AUTHOR_KEYS, ArticleHeader, AuthorHeader, SECTION_KEYS, SERIES_KEYS,
    SectionHeader, SeriesHeader, Split,
};
use super::slug::{slugify, validate};
use super::walk::{FileKind, SourceFile, walk};
use super::{
    Article, ArticleType, AuthorProfile, HeaderKeys, PageText, Person, Section, Series, Site,
    SortBy,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::routes::scheme;

pub const CONTENT_DIR: &str = "content";
/// Files copied as they are to the root of the site.
pub const STATIC_DIR: &str = "static";
pub(super) const AUTHORS_DIR: &str = "authors";
pub(super) const SERIES_DIR: &str = "series";

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub drafts: bool,
    pub future: bool,
    /// "Now", for deciding what is scheduled; fixed by the caller so a build is reproducible.
    pub now: DateTime<Utc>,
}

/// Reads `root/content` into a [`Site`], or every error found on the way.
pub fn load(root: &Path, config: &Config, opts: &LoadOptions) -> (Site, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let content = root.join(CONTENT_DIR);
    let inventory = walk(root, &content, &mut errors);

    // Reading and header parsing is the costly part: do it on every core.
    let files: Vec<Result<SourceFile, Diagnostic>> = inventory
        .markdown
        .par_iter()
        .map(|(abs, kind)| SourceFile::read(root, abs, kind.clone()))
        .collect();

    let mut loader = Loader {
        config,
        opts,
        errors,
        site: Site::default(),
    };
    let mut articles = Vec::new();
    let mut section_files = HashMap::new();
    let mut author_files = Vec::new();
    let mut series_files = Vec::new();
    for file in files {
        match file {
            Err(e) => loader.errors.push(e),
            Ok(f) => match &f.kind {
                FileKind::Article { .. } => articles.push(f),
                FileKind::SectionIndex { dir } => {
                    section_files.insert(dir.clone(), f);
                }
                FileKind::Author => author_files.push(f),
                FileKind::Series => series_files.push(f),
            },
        }
    }

    loader.sections(&inventory.section_dirs, section_files);
    for f in author_files {
        loader.author(f);
    }
    for f in series_files {
        loader.series_description(f);
    }
    // YAML parsing is the costly part of an article: on every core, then
    // resolved in order (which shares the site's tags, series, errors).
    let headers: Vec<Option<Result<ArticleHeader, Diagnostic>>> = articles
        .par_iter()
        .map(|f| {
            let split = f.split().ok()?;
            Some(frontmatter::parse(&f.rel, &f.text, &split, ARTICLE_KEYS))
        })
        .collect();
    let parsed: Vec<Option<Article>> = articles
        .iter()
        .zip(headers)
        .map(|(f, h)| loader.article(f, h))
        .collect();
    loader.site.articles = parsed.into_iter().flatten().collect();
    loader
        .site
        .articles
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    loader.assets(&inventory.other_files);
    loader.statics(&root.join(STATIC_DIR));
    let mut errors = loader.errors;
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    (loader.site, errors)
}

// ----- resolving ---------------------------------------------------------------

pub(super) struct Loader<'a> {
    pub(super) config: &'a Config,
    pub(super) opts: &'a LoadOptions,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) site: Site,
}

impl Loader<'_> {
    fn sections(&mut self, dirs: &[PathBuf], mut files: HashMap<PathBuf, SourceFile>) {
        let mut dirs = dirs.to_vec();
        dirs.sort();
        let mut index_of: HashMap<PathBuf, usize> = HashMap::new();
        for dir in dirs {
            let key = dir.to_string_lossy().replace('\\', "/");
            let folder = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let parent = dir.parent().and_then(|p| index_of.get(p).copied());
            let source = PathBuf::from(CONTENT_DIR).join(&dir);
            let slug = match validate(&folder) {
                Ok(s) => s,
                Err(_) => slugify(&folder),
            };
            if !key.is_empty() && slug.is_empty() {
                self.errors.push(
                    Diagnostic::error(&source, "cannot make a URL segment from this folder's name")
                        .help("rename the folder using letters, digits and `-`"),
                );
                continue;
            }
            let url = scheme::section(parent.map(|p| self.site.sections[p].url.as_str()), &slug);
            let mut section = Section {
                key: key.clone(),
                slug,
                url,
                title: title_from_name(&folder),
                text: PageText {
                    source: source.join("_index.md"),
                    ..PageText::default()
                },
                sort_by: SortBy::Date,
                paginate_by: None,
                disclaimer: None,
                kind: ArticleType::from_folder(&folder),
                parent,
            };
            if let Some(file) = files.remove(&dir) {
                self.section_header(&mut section, &file);
            }
            if key.is_empty() {
                self.site.home = Some(section.text.clone())
                    .filter(|t| t.title.is_some() || !t.body.trim().is_empty());
            }
            index_of.insert(dir, self.site.sections.len());
            self.site.sections.push(section);
        }
    }

    fn section_header(&mut self, section: &mut Section, file: &SourceFile) {
        let split = match file.split() {
            Ok(s) => s,
            Err(e) => return self.errors.push(e),
        };
        let header: SectionHeader =
            match frontmatter::parse(&file.rel, &file.text, &split, SECTION_KEYS) {
                Ok(h) => h,
                Err(e) => return self.errors.push(e),
            };
        if let Some(title) = &header.title {
            section.title = title.clone();
        }
        section.text = PageText {
            title: header.title,
            description: header.description,
            body: split.body.to_string(),
            body_line: split.body_line,
            source: file.rel.clone(),
        };
        if let Some(s) = header.sort_by {
            let p = frontmatter::position(s, &split);
            section.sort_by = match p.value.as_str() {
                "date" => SortBy::Date,
                "title" => SortBy::Title,
                "weight" => SortBy::Weight,
                other => {
                    self.errors.push(
                        Diagnostic::error(
                            &file.rel,
                            format!("`sort_by: {other}` is not a sort order"),
                        )
                        .at(&file.text, p.line, p.column)
                        .width(other.chars().count())
                        .help("use date, title or weight"),
                    );
                    SortBy::Date
                }
            };
        }
        if header.paginate_by == Some(0) {
            let line = frontmatter::key_line(&split, "paginate_by").unwrap_or(1);
            self.errors.push(
                Diagnostic::error(&file.rel, "`paginate_by` must be at least 1")
                    .at(&file.text, line, 1)
                    .help("use a number such as 10"),
            );
        }
        section.paginate_by = header.paginate_by.filter(|n| *n > 0);
        if let Some(d) = header.disclaimer {
            section.disclaimer = self.disclaimer(d, file, &split);
        }
        if let Some(k) = header.kind {
            section.kind = self.article_type(k, file, &split).or(section.kind);
        }
    }

    fn author(&mut self, file: SourceFile) {
        let slug_text = file
            .abs
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug = match validate(&slug_text) {
            Ok(s) => s,
            Err(why) => {
                return self.errors.push(
                    Diagnostic::error(
                        &file.rel,
                        format!("this author file's name is not a valid slug: {why}"),
                    )
                    .help(
                        "name author files like anum-malik.md: lower-case letters, digits and `-`",
                    ),
                );
            }
        };
        let split = match file.split() {
            Ok(s) => s,
            Err(e) => return self.errors.push(e),
        };
        let header: AuthorHeader =
            match frontmatter::parse(&file.rel, &file.text, &split, AUTHOR_KEYS) {
                Ok(h) => h,
                Err(e) => return self.errors.push(e),
            };
        let Some(person) = self.person(header, &file, &split, 1) else {
            return;
        };
        let bio = PageText {
            title: Some(person.name.clone()),
            description: None,
            body: split.body.to_string(),
            body_line: split.body_line,
            source: file.rel.clone(),
        };
        self.site.authors.insert(
            slug.clone(),
            AuthorProfile {
                url: scheme::author(&slug),
                slug,
                person,
                bio,
                header: HeaderKeys::read(&split, &file.text),
            },
        );
    }

    /// A person from an author header; `line` is where to point if the name is missing.
    pub(super) fn person(
        &mut self,
        h: AuthorHeader,
        file: &SourceFile,
        split: &Split<'_>,
        line: usize,
    ) -> Option<Person> {
        let name = h
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        let Some(name) = name else {
            let line = if line == 1 {
                frontmatter::key_line(split, "name").unwrap_or(1)
            } else {
                line
            };
            self.errors.push(
                Diagnostic::error(&file.rel, "the author has no `name`")
                    .at(&file.text, line, 1)
                    .help("add `name: Full Name` (as it should appear in bylines)"),
            );
            return None;
        };
        Some(Person {
            name,
            affiliation: h.affiliation,
            role: h.role,
            note: h.note,
            orcid: h.orcid,
            photo: h.photo,
            links: h.links,
            family_name: h.family_name,
            given_name: h.given_name,
            organization: h.organization,
        })
    }

    fn series_description(&mut self, file: SourceFile) {
        let stem = file
            .abs
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug = slugify(&stem);
        let split = match file.split() {
            Ok(s) => s,
            Err(e) => return self.errors.push(e),
        };
        let header: SeriesHeader =
            match frontmatter::parse(&file.rel, &file.text, &split, SERIES_KEYS) {
                Ok(h) => h,
                Err(e) => return self.errors.push(e),
            };
        let description = header.description.or_else(|| {
            let body = split.body.trim();
            (!body.is_empty()).then(|| body.to_string())
        });
        self.site.series.insert(
            slug.clone(),
            Series {
                url: scheme::series(&slug),
                title: header.title.unwrap_or_else(|| title_from_name(&stem)),
                slug,
                description,
            },
        );
    }
}

/// "policy-briefs" -> "Policy Briefs": a title for a folder or file name
/// that has none of its own.
pub fn title_from_name(folder: &str) -> String {
    folder
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_titles() {
        assert_eq!(title_from_name("policy-briefs"), "Policy Briefs");
    }
}
