//! Part of the content stage: walking `content/`, reading files in parallel,
//! and resolving what they say into a [`Site`]. Every problem found becomes a
//! [`Diagnostic`]; loading goes on so that one build reports them all.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde_saphyr::Spanned;

use super::frontmatter::{
    self, ARTICLE_KEYS, AUTHOR_KEYS, ArticleHeader, AuthorEntry, AuthorHeader, DisclaimerSetting,
    SECTION_KEYS, SERIES_KEYS, SectionHeader, SeriesHeader, Split,
};
use super::slug::{slugify, url_to_file, validate};
use super::walk::{FileKind, SourceFile, walk};
use super::{
    Article, ArticleType, Asset, AuthorProfile, Byline, DisclaimerSource, LintSetting, PageText,
    Person, PubDate, Section, Series, Site, SortBy, Tag,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, did_you_mean};

pub const CONTENT_DIR: &str = "content";
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
        claim_pos: HashMap::new(),
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
    loader.check_urls();
    let mut errors = loader.errors;
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    (loader.site, errors)
}

// ----- resolving ---------------------------------------------------------------

struct Loader<'a> {
    config: &'a Config,
    opts: &'a LoadOptions,
    errors: Vec<Diagnostic>,
    site: Site,
    /// Where a file says where it is published (its `slug:` line, else the
    /// header's first line), for duplicate-URL errors: (line, column, line text).
    claim_pos: HashMap<PathBuf, (usize, usize, String)>,
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
            let url = match parent {
                Some(p) => format!("{}{slug}/", self.site.sections[p].url),
                None => "/".to_string(),
            };
            let mut section = Section {
                key: key.clone(),
                slug,
                url,
                title: title_from_folder(&folder),
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
        let url = format!("/authors/{slug}/");
        self.site.authors.insert(
            slug.clone(),
            AuthorProfile {
                slug,
                url,
                person,
                bio,
            },
        );
    }

    /// A person from an author header; `line` is where to point if the name is missing.
    fn person(
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
                url: format!("/series/{slug}/"),
                title: header.title.unwrap_or_else(|| title_from_folder(&stem)),
                slug,
                description,
            },
        );
    }

    /// Resolves an article whose header was parsed (`None` when the file
    /// could not even be split into header and body).
    fn article(
        &mut self,
        file: &SourceFile,
        header: Option<Result<ArticleHeader, Diagnostic>>,
    ) -> Option<Article> {
        let FileKind::Article { dir, bundle } = &file.kind else {
            return None;
        };
        let split = match file.split() {
            Ok(s) => s,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        let h: ArticleHeader = match header? {
            Ok(h) => h,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        let errors_before = self.errors.len();
        let section = self
            .site
            .sections
            .iter()
            .position(|s| Path::new(&s.key) == dir.as_path())
            .unwrap_or(0);

        let title = match h.title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            Some(t) => {
                let p = frontmatter::position(t, &split);
                self.errors.push(
                    Diagnostic::error(&file.rel, "the title is empty")
                        .at(&file.text, p.line, 1)
                        .help("write the article's title after `title:`"),
                );
                String::new()
            }
            None => {
                self.missing(
                    file,
                    "title",
                    "add a line such as `title: \"After Istanbul\"` to the header",
                );
                String::new()
            }
        };
        let date = match h.date {
            Some(d) => self.date(d, file, &split),
            None => {
                self.missing(
                    file,
                    "date",
                    "add a line such as `date: 2025-11-05` (the publication date)",
                );
                None
            }
        };
        let updated = h.updated.and_then(|d| self.date(d, file, &split));

        let slug = match h.slug {
            Some(s) => {
                let p = frontmatter::position(s, &split);
                let text = file.text.lines().nth(p.line - 1).unwrap_or("").to_string();
                self.claim_pos
                    .insert(file.rel.clone(), (p.line, p.column, text));
                match validate(&p.value) {
                    Ok(s) => s,
                    Err(why) => {
                        let suggestion = slugify(&p.value);
                        let help = if suggestion.is_empty() {
                            "a slug is one URL segment of lower-case letters, digits and `-`"
                                .to_string()
                        } else {
                            format!(
                                "a slug is one URL segment of lower-case letters, digits and `-`, e.g. `slug: {suggestion}`"
                            )
                        };
                        self.errors.push(
                            Diagnostic::error(&file.rel, format!("invalid slug: {why}"))
                                .at(&file.text, p.line, p.column)
                                .width(p.value.chars().count())
                                .help(help),
                        );
                        String::new()
                    }
                }
            }
            None => {
                let name = if *bundle {
                    file.abs.parent().and_then(|p| p.file_name())
                } else {
                    file.abs.file_stem()
                };
                let name = name
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let slug = slugify(&name);
                if slug.is_empty() {
                    self.errors.push(Diagnostic::error(&file.rel, format!("cannot make a URL from the file name `{name}`"))
                        .at(&file.text, 1, 1).width(3)
                        .help("add `slug: some-words` to the header, or rename the file with Latin letters"));
                }
                slug
            }
        };

        let mut authors = Vec::new();
        for entry in h.authors {
            let p = frontmatter::position(entry, &split);
            match p.value {
                AuthorEntry::Slug(s) => {
                    if self.site.authors.contains_key(&s) {
                        authors.push(Byline::Profile(s));
                    } else {
                        let help = match did_you_mean(
                            &s,
                            self.site.authors.keys().map(String::as_str),
                        ) {
                            Some(m) => format!("did you mean `{m}`?"),
                            None => format!(
                                "create content/authors/{s}.md with a `name:` line, or write the author inline as {{name: \"Full Name\", affiliation: \"…\"}}"
                            ),
                        };
                        self.errors.push(
                            Diagnostic::error(
                                &file.rel,
                                format!("unknown author `{s}`: there is no content/authors/{s}.md"),
                            )
                            .at(&file.text, p.line, p.column)
                            .width(s.chars().count())
                            .help(help),
                        );
                    }
                }
                AuthorEntry::Inline(a) => {
                    if let Some(person) = self.person(a, file, &split, p.line) {
                        authors.push(Byline::Inline(person));
                    }
                }
            }
        }

        let mut tags = Vec::new();
        for t in h.tags {
            let p = frontmatter::position(t, &split);
            let name = p.value.trim().to_string();
            let tag_slug = slugify(&name);
            if tag_slug.is_empty() {
                self.errors.push(
                    Diagnostic::error(
                        &file.rel,
                        format!("cannot make a URL from the tag `{name}`"),
                    )
                    .at(&file.text, p.line, p.column)
                    .help("use a tag with letters or digits"),
                );
                continue;
            }
            self.site
                .tags
                .entry(tag_slug.clone())
                .or_insert_with(|| Tag {
                    url: format!("/tags/{tag_slug}/"),
                    slug: tag_slug.clone(),
                    name,
                });
            if !tags.contains(&tag_slug) {
                tags.push(tag_slug);
            }
        }

        let series = h.series.and_then(|s| {
            let p = frontmatter::position(s, &split);
            let slug = slugify(&p.value);
            if slug.is_empty() {
                self.errors.push(
                    Diagnostic::error(&file.rel, "cannot make a URL from this series name")
                        .at(&file.text, p.line, p.column)
                        .help("use a series name with letters or digits"),
                );
                return None;
            }
            let title = p.value.trim().to_string();
            self.site
                .series
                .entry(slug.clone())
                .or_insert_with(|| Series {
                    url: format!("/series/{slug}/"),
                    slug: slug.clone(),
                    title,
                    description: None,
                });
            Some(slug)
        });

        let disclaimer = match h.disclaimer {
            Some(d) => self.disclaimer(d, file, &split),
            None => self.section_disclaimer(section),
        };
        let disclaimer = match disclaimer {
            Some(DisclaimerSource::Markdown(md)) => Some(md),
            _ => None,
        };

        let kind = match h.kind {
            Some(k) => self.article_type(k, file, &split),
            None => None,
        }
        .or_else(|| self.section_type(section))
        .unwrap_or(ArticleType::Commentary);

        let url = format!(
            "{}{slug}/",
            self.site
                .sections
                .get(section)
                .map_or("/", |s| s.url.as_str())
        );
        let pdf = h.pdf.and_then(|v| self.attachment(v, file, &split, &url));
        let image = h.image.and_then(|v| self.attachment(v, file, &split, &url));
        let mut aliases = Vec::new();
        for a in h.aliases {
            let p = frontmatter::position(a, &split);
            match alias_path(&p.value) {
                Ok(path) => aliases.push(path),
                Err(why) => self.errors.push(
                    Diagnostic::error(&file.rel, format!("invalid alias: {why}"))
                        .at(&file.text, p.line, p.column)
                        .width(p.value.chars().count())
                        .help("an alias is an old site path such as /news/2019/old-title/"),
                ),
            }
        }

        let lints: Vec<LintSetting> = h
            .check
            .into_iter()
            .map(|(code, level)| {
                let p = frontmatter::position(level, &split);
                LintSetting {
                    code,
                    level: p.value,
                    line: p.line,
                    column: p.column,
                }
            })
            .collect();

        if self.errors.len() > errors_before {
            return None;
        }
        let date = date?;
        let draft = h.draft.unwrap_or(false);
        if draft && !self.opts.drafts {
            self.site.drafts_skipped += 1;
            return None;
        }
        let scheduled = date.is_after(self.opts.now);
        if scheduled && !self.opts.future {
            self.site.scheduled.push((file.rel.clone(), date));
            return None;
        }
        Some(Article {
            source: file.rel.clone(),
            section,
            slug,
            url,
            title,
            subtitle: h.subtitle,
            date,
            updated,
            authors,
            summary: h.summary.filter(|s| !s.trim().is_empty()),
            tags,
            series,
            disclaimer,
            author_note: h.author_note,
            toc: h.toc.unwrap_or(true),
            draft,
            scheduled,
            aliases,
            weight: h.weight.unwrap_or(0),
            kind,
            report_number: h.report_number,
            pdf,
            image,
            image_alt: h.image_alt,
            doi: h.doi,
            lang: h.lang,
            body: split.body.to_string(),
            body_line: split.body_line,
            lints,
            marked_scheduled: h.scheduled.unwrap_or(false),
        })
    }

    fn missing(&mut self, file: &SourceFile, key: &str, help: &str) {
        self.errors.push(
            Diagnostic::error(&file.rel, format!("the front matter has no `{key}`"))
                .at(&file.text, 1, 1)
                .width(3)
                .help(help),
        );
    }

    fn date(
        &mut self,
        d: Spanned<String>,
        file: &SourceFile,
        split: &Split<'_>,
    ) -> Option<PubDate> {
        let p = frontmatter::position(d, split);
        match PubDate::parse(&p.value) {
            Ok(d) => Some(d),
            Err(why) => {
                self.errors.push(Diagnostic::error(&file.rel, format!("invalid date: {why}"))
                    .at(&file.text, p.line, p.column).width(p.value.chars().count())
                    .help("write dates as YYYY-MM-DD, e.g. 2025-11-05, or as 2025-11-05T09:30:00+05:00"));
                None
            }
        }
    }

    fn disclaimer(
        &mut self,
        d: Spanned<DisclaimerSetting>,
        file: &SourceFile,
        split: &Split<'_>,
    ) -> Option<DisclaimerSource> {
        let p = frontmatter::position(d, split);
        match p.value {
            DisclaimerSetting::Switch(false) => Some(DisclaimerSource::None),
            DisclaimerSetting::Switch(true) => {
                self.errors.push(Diagnostic::error(&file.rel, "`disclaimer: true` does not say which disclaimer")
                    .at(&file.text, p.line, p.column).width(4)
                    .help("leave `disclaimer` out to use the default, write `false` for none, or name one from [disclaimers] in site.toml"));
                None
            }
            DisclaimerSetting::Text(text) => {
                if let Some(named) = self.config.disclaimers.get(text.trim()) {
                    return Some(DisclaimerSource::Markdown(named.clone()));
                }
                // One word is a name, not a disclaimer: a typo must not print "event" under an article.
                let word = text.trim();
                if !word.contains(char::is_whitespace) {
                    let names = self.config.disclaimers.keys().map(String::as_str);
                    let help = match did_you_mean(word, names) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => format!(
                            "named disclaimers in site.toml: {}",
                            self.config
                                .disclaimers
                                .keys()
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.errors.push(
                        Diagnostic::error(
                            &file.rel,
                            format!("there is no disclaimer named `{word}` in site.toml"),
                        )
                        .at(&file.text, p.line, p.column)
                        .width(word.chars().count())
                        .help(help),
                    );
                    return None;
                }
                Some(DisclaimerSource::Markdown(text))
            }
        }
    }

    /// The section's own setting, else its parents', else the site default.
    fn section_disclaimer(&self, mut section: usize) -> Option<DisclaimerSource> {
        loop {
            let s = self.site.sections.get(section)?;
            if let Some(d) = &s.disclaimer {
                return Some(d.clone());
            }
            match s.parent {
                Some(p) => section = p,
                None => break,
            }
        }
        self.config
            .default_disclaimer()
            .map(|d| DisclaimerSource::Markdown(d.to_string()))
    }

    fn section_type(&self, mut section: usize) -> Option<ArticleType> {
        loop {
            let s = self.site.sections.get(section)?;
            if s.kind.is_some() {
                return s.kind;
            }
            section = s.parent?;
        }
    }

    fn article_type(
        &mut self,
        k: Spanned<String>,
        file: &SourceFile,
        split: &Split<'_>,
    ) -> Option<ArticleType> {
        let p = frontmatter::position(k, split);
        let t = ArticleType::parse(&p.value);
        if t.is_none() {
            let names = ArticleType::NAMES.split(", ");
            let help = match did_you_mean(&p.value, names) {
                Some(m) => format!("did you mean `{m}`? Types: {}", ArticleType::NAMES),
                None => format!("types: {}", ArticleType::NAMES),
            };
            self.errors.push(
                Diagnostic::error(
                    &file.rel,
                    format!("`{}` is not a publication type", p.value),
                )
                .at(&file.text, p.line, p.column)
                .width(p.value.chars().count())
                .help(help),
            );
        }
        t
    }

    /// An attachment's URL: absolute URLs and site paths as written, a
    /// relative name under the article's own URL (bundles).
    fn attachment(
        &mut self,
        v: Spanned<String>,
        file: &SourceFile,
        split: &Split<'_>,
        url: &str,
    ) -> Option<String> {
        let p = frontmatter::position(v, split);
        let value = p.value.trim();
        if value.starts_with("https://") || value.starts_with("http://") {
            return Some(value.to_string());
        }
        let (base, path) = match value.strip_prefix('/') {
            Some(rest) => ("/", rest),
            None => (url, value),
        };
        match alias_path(path) {
            Ok(clean) => Some(format!("{base}{}", clean.trim_start_matches('/'))),
            Err(why) => {
                self.errors.push(Diagnostic::error(&file.rel, format!("invalid attachment path: {why}"))
                    .at(&file.text, p.line, p.column).width(value.chars().count())
                    .help("name a file in the article's folder (e.g. report.pdf), a site path (/files/report.pdf) or a full https:// address"));
                None
            }
        }
    }

    fn assets(&mut self, files: &[(PathBuf, PathBuf, PathBuf)]) {
        for (abs, owner, below) in files {
            let base = self.url_of_folder(owner);
            let Some(base) = base else { continue };
            let below = below.to_string_lossy().replace('\\', "/");
            self.site.assets.push(Asset {
                from: abs.clone(),
                to: format!("{}{below}", base.trim_start_matches('/')),
            });
        }
    }

    /// URL of a section folder or of the article of a bundle folder.
    fn url_of_folder(&self, folder: &Path) -> Option<String> {
        if let Some(s) = self
            .site
            .sections
            .iter()
            .find(|s| Path::new(&s.key) == folder)
        {
            return Some(s.url.clone());
        }
        let source = PathBuf::from(CONTENT_DIR).join(folder).join("index.md");
        self.site
            .articles
            .iter()
            .find(|a| a.source == source)
            .map(|a| a.url.clone())
    }

    /// Two things that would be written at one URL: an error naming both.
    /// Two things that would write one file: an error naming both. Compared
    /// as output files, so `/index.html` and `/` are the same page.
    fn check_urls(&mut self) {
        let folio = PathBuf::from("(a page folio writes itself)");
        let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut own = vec![
            "/".to_string(),
            "/404.html".into(),
            "/atom.xml".into(),
            "/sitemap.xml".into(),
            "/robots.txt".into(),
            "/authors/".into(),
            "/tags/".into(),
            "/series/".into(),
        ];
        // List pages continue at URL/page/N/; nothing else may live there.
        let mut list_prefixes: Vec<String> = Vec::new();
        for s in self.site.sections.iter().skip(1) {
            own.push(format!("{}atom.xml", s.url));
            list_prefixes.push(format!("{}page/", s.url));
        }
        for t in self.site.tags.values() {
            own.push(t.url.clone());
            list_prefixes.push(format!("{}page/", t.url));
        }
        for s in self.site.series.values() {
            own.push(s.url.clone());
        }
        for url in own {
            owners.insert(url_to_file(&url), folio.clone());
        }
        let mut claims: Vec<(String, PathBuf, bool)> = Vec::new();
        for s in self.site.sections.iter().skip(1) {
            claims.push((
                s.url.clone(),
                PathBuf::from(CONTENT_DIR).join(&s.key),
                false,
            ));
        }
        for a in self.site.authors.values() {
            claims.push((a.url.clone(), a.bio.source.clone(), false));
            list_prefixes.push(format!("{}page/", a.url));
        }
        for a in &self.site.articles {
            claims.push((a.url.clone(), a.source.clone(), false));
            for alias in &a.aliases {
                claims.push((alias.clone(), a.source.clone(), true));
            }
        }
        let list_prefixes: Vec<String> = list_prefixes
            .iter()
            .map(|p| url_to_file(p).trim_end_matches("index.html").to_string())
            .collect();
        for (url, source, is_alias) in claims {
            let file = url_to_file(&url);
            let clash = owners.get(&file).cloned().or_else(|| {
                (is_alias && list_prefixes.iter().any(|p| file.starts_with(p.as_str())))
                    .then(|| folio.clone())
            });
            let Some(first) = clash else {
                owners.insert(file, source);
                continue;
            };
            let what = if is_alias {
                format!("the alias {url}")
            } else {
                url.clone()
            };
            let (line, column, text) =
                self.claim_pos
                    .get(&source)
                    .cloned()
                    .unwrap_or((1, 1, "---".into()));
            let help = if is_alias {
                "remove this alias: that address belongs to another page"
            } else {
                "give one of them another `slug:` (or rename the file or folder)"
            };
            let mut d = Diagnostic::error(
                &source,
                format!(
                    "{what} would be written twice: by this file and by {}",
                    first.display()
                ),
            )
            .help(help);
            d.line = line;
            d.column = column;
            d.source_line = Some(text);
            self.errors.push(d);
        }
    }
}

/// A site path from front matter, checked segment by segment; returns it
/// as `/a/b/` (or `/a/b.html` for a file name).
fn alias_path(value: &str) -> Result<String, String> {
    let trimmed = value.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Err("the path is empty".into());
    }
    for seg in trimmed.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Err(format!("`{value}` has an empty, `.` or `..` part"));
        }
        if let Some(c) = seg
            .chars()
            .find(|c| matches!(c, '\\' | '%' | '?' | '#') || c.is_control() || c.is_whitespace())
        {
            return Err(format!("`{value}` contains `{}`", c.escape_default()));
        }
    }
    let is_file = trimmed
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    Ok(if is_file {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    })
}

fn title_from_folder(folder: &str) -> String {
    folder
        .split(['-', '_'])
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
    fn alias_paths_are_checked() {
        assert_eq!(alias_path("/old/path").unwrap(), "/old/path/");
        assert_eq!(alias_path("news/item.html").unwrap(), "/news/item.html");
        assert!(alias_path("/../etc").is_err());
        assert!(alias_path("a\\b").is_err());
        assert!(alias_path("/%2e%2e/x").is_err());
    }

    #[test]
    fn folder_titles() {
        assert_eq!(title_from_folder("policy-briefs"), "Policy Briefs");
    }
}
