//! Part of the content stage: one article's header resolved into an
//! [`Article`]: required keys, dates, slug, authors against the profiles,
//! tags, series, the disclaimer cascade (article -> section -> site),
//! publication type and attachments.

use std::path::Path;

use serde_saphyr::Spanned;

use super::frontmatter::{self, ArticleHeader, AuthorEntry, DisclaimerSetting, Split};
use super::load::Loader;
use super::slug::{slugify, validate};
use super::urls::alias_path;
use super::walk::{FileKind, SourceFile};
use super::{
    Article, ArticleType, Byline, DisclaimerSource, HeaderKeys, LintSetting, PubDate, Series,
    SharedText, Tag,
};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::routes::scheme;

impl Loader<'_> {
    /// Resolves an article whose header was parsed (`None` when the file
    /// could not even be split into header and body).
    pub(super) fn article(
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
                    url: scheme::tag(&tag_slug),
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
                    url: scheme::series(&slug),
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

        let url = scheme::article(
            self.site
                .sections
                .get(section)
                .map_or(scheme::HOME, |s| s.url.as_str()),
            &slug,
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
                    text: file.text.lines().nth(p.line - 1).unwrap_or("").to_string(),
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
            body: SharedText::new(&file.text, split.body_start),
            body_line: split.body_line,
            header: HeaderKeys::read(&split, &file.text),
            lints,
            marked_scheduled: h.scheduled.unwrap_or(false),
        })
    }

    pub(super) fn missing(&mut self, file: &SourceFile, key: &str, help: &str) {
        self.errors.push(
            Diagnostic::error(&file.rel, format!("the front matter has no `{key}`"))
                .at(&file.text, 1, 1)
                .width(3)
                .help(help),
        );
    }

    pub(super) fn date(
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

    pub(super) fn disclaimer(
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
    pub(super) fn section_disclaimer(&self, mut section: usize) -> Option<DisclaimerSource> {
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

    pub(super) fn section_type(&self, mut section: usize) -> Option<ArticleType> {
        loop {
            let s = self.site.sections.get(section)?;
            if s.kind.is_some() {
                return s.kind;
            }
            section = s.parent?;
        }
    }

    pub(super) fn article_type(
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
    pub(super) fn attachment(
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
}
