//! Part of the content stage: one article's header resolved into an
//! [`Article`], step by step: required keys, dates, slug, authors against
//! the profiles, tags, series, the disclaimer cascade (article -> section ->
//! site), publication type, attachments, aliases, lint settings, and
//! whether this build publishes it. Resolution reads only the file and a
//! [`Context`] (the site around it), so articles are resolved in parallel
//! and a preview re-resolves only the files that changed.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use super::fields::Fields;
use super::frontmatter::{self, ArticleHeader, AuthorEntry};
use super::slug::{slugify, validate};
use super::walk::{FileKind, SourceFile};
use super::{
    Article, ArticleType, AuthorProfile, Byline, DisclaimerSource, HeaderKeys, LintSetting,
    LoadOptions, PubDate, Section, SharedText, Shown,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::scheme;

/// The most tags an article may have. Every tag's page and feed lists the
/// article with all its tags, so an article's tags cost the square of their
/// number in output (3,000 tags wrote 376 MB of feeds). Real articles have
/// two to five (the sample site, the test sites, the benchmark corpus); the
/// most in WordPress's own Theme Unit Test export is 65 ("Edge Case: Many
/// Categories": 63 categories and 2 tags, which `folio import` makes tags),
/// and that must import. 100 leaves room above it and bounds the square.
pub const MAX_TAGS: usize = 100;

/// What an article's resolution reads besides its own file.
pub(super) struct Context<'a> {
    pub(super) config: &'a Config,
    pub(super) opts: &'a LoadOptions,
    pub(super) sections: &'a [Section],
    pub(super) authors: &'a BTreeMap<String, AuthorProfile>,
}

impl Context<'_> {
    /// A fingerprint of everything resolution reads besides the file: while
    /// it stays the same, an unchanged file resolves as it did.
    pub(super) fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.config.source.hash(&mut h);
        (self.opts.drafts, self.opts.future).hash(&mut h);
        for s in self.sections {
            let cascade = format!("{:?}{:?}{:?}{:?}", s.disclaimer, s.kind, s.scholar, s.pdf);
            (&s.key, &s.url, s.parent, cascade).hash(&mut h);
        }
        for slug in self.authors.keys() {
            slug.hash(&mut h);
        }
        h.finish()
    }
}

/// Why a well-formed article is not in this build.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LeftOut {
    Draft,
    /// Dated in the future: the source file and its date.
    Scheduled(std::path::PathBuf, PubDate),
}

/// What one article file resolves to.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    /// None when it has errors or is left out.
    pub(super) article: Option<Arc<Article>>,
    pub(super) errors: Vec<Diagnostic>,
    /// The tags it names, as (slug, name as written), in order.
    pub(super) tags: Vec<(String, String)>,
    /// The series it names, as (slug, title as written).
    pub(super) series: Option<(String, String)>,
    pub(super) left_out: Option<LeftOut>,
    /// Its date, to tell when a scheduled article's day has come.
    pub(super) date: Option<PubDate>,
}

impl Resolved {
    fn failed(errors: Vec<Diagnostic>) -> Resolved {
        Resolved {
            article: None,
            errors,
            tags: Vec::new(),
            series: None,
            left_out: None,
            date: None,
        }
    }

    /// Whether a resolution made at another moment still holds at `now`:
    /// an article whose date has passed since is no longer scheduled.
    pub(super) fn holds_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        let scheduled_now = self.date.is_some_and(|d| d.is_after(now));
        let scheduled_then = match (&self.article, &self.left_out) {
            (Some(a), _) => a.scheduled,
            (None, Some(LeftOut::Scheduled(..))) => true,
            _ => return true,
        };
        scheduled_now == scheduled_then
    }
}

/// Resolves an article file whose header was parsed (`header` is `None`
/// when the file could not even be split into header and body).
pub(super) fn resolve(
    ctx: &Context<'_>,
    file: &SourceFile,
    header: Option<Result<ArticleHeader, Vec<Diagnostic>>>, // header errors: several per file
) -> Resolved {
    let split = match file.split() {
        Ok(s) => s,
        Err(e) => return Resolved::failed(vec![e]),
    };
    let h = match header {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Resolved::failed(e), // header errors: several per file
        None => return Resolved::failed(Vec::new()),
    };
    let FileKind::Article { dir, bundle } = &file.kind else {
        return Resolved::failed(Vec::new());
    };
    let mut r = Resolver {
        ctx,
        f: Fields::new(file, &split),
        section: section_of(ctx.sections, dir),
    };
    r.article(h, *bundle)
}

fn section_of(sections: &[Section], dir: &Path) -> usize {
    sections
        .iter()
        .position(|s| Path::new(&s.key) == dir)
        .unwrap_or(0)
}

struct Resolver<'a> {
    ctx: &'a Context<'a>,
    f: Fields<'a>,
    section: usize,
}

impl Resolver<'_> {
    fn article(&mut self, h: ArticleHeader, bundle: bool) -> Resolved {
        let shown = Shown::of(&h);
        let extra_keys = h.extra.keys;
        let title = self.title(h.title);
        let date = match h.date {
            Some(d) => self.f.date(d, &self.ctx.config.zone),
            None => {
                self.f.missing(
                    "date",
                    "add a line such as `date: 2025-11-05` (the publication date)",
                );
                None
            }
        };
        let updated = h
            .updated
            .and_then(|d| self.f.date(d, &self.ctx.config.zone));
        let slug = self.slug(h.slug, bundle);
        let authors = self.authors(h.authors);
        let tags = self.tags(h.tags);
        let series = h.series.and_then(|s| self.series(s));
        let disclaimer = self.disclaimer(h.disclaimer);
        let kind = self.kind(h.kind);
        let scholar = h
            .scholar
            .or_else(|| self.section_scholar())
            .unwrap_or(kind.scholarly());
        let url = scheme::article(self.section_url(), &slug);
        // A file named alone sits beside the markdown: in a bundle's folder,
        // published under the page; else in the section's folder.
        let folder = if bundle {
            url.clone()
        } else {
            self.section_url().to_string()
        };
        // The PDF edition: `pdf: auto | false`, or a file made elsewhere.
        let setting = h.pdf.map(|v| (super::PdfSetting::of(&v.value.0), v));
        let typeset = super::pdf::wanted(
            &self.ctx.config.pdf,
            setting.as_ref().map(|(s, _)| s),
            self.section_pdf().as_ref(),
            kind,
        );
        let pdf = match setting {
            Some((super::PdfSetting::File(_), v)) => {
                let v = serde_saphyr::Spanned::new(v.value.0, v.referenced, v.defined);
                self.f.attachment(v, &folder, "pdf")
            }
            _ => typeset.then(|| crate::scheme::pdf(&url, &slug)),
        };
        let image = h.image.and_then(|v| self.f.attachment(v, &folder, "image"));
        let aliases = self.f.aliases(h.aliases, "/news/2019/old-title/");
        let lints = self.lints(h.check);
        let corrections = self
            .f
            .corrections(h.corrections, date, &self.ctx.config.zone);

        let file = self.f.file;
        let mut out = Resolved {
            article: None,
            errors: std::mem::take(&mut self.f.errors),
            tags: tags.clone(),
            series: series.clone(),
            left_out: None,
            date,
        };
        let Some(date) = date.filter(|_| out.errors.is_empty()) else {
            return out;
        };
        let draft = h.draft.unwrap_or(false);
        let scheduled = date.is_after(self.ctx.opts.now);
        if draft && !self.ctx.opts.drafts {
            out.left_out = Some(LeftOut::Draft);
            return out;
        }
        if scheduled && !self.ctx.opts.future {
            out.left_out = Some(LeftOut::Scheduled(file.rel.clone(), date));
            return out;
        }
        out.article = Some(Arc::new(Article {
            source: file.rel.clone(),
            translation: file.translation_key(),
            section: self.section,
            slug,
            url,
            title,
            subtitle: h.subtitle,
            date,
            updated,
            authors,
            summary: h.summary.filter(|s| !s.trim().is_empty()),
            tags: tags.into_iter().map(|(slug, _)| slug).collect(),
            series: series.map(|(slug, _)| slug),
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
            pdf_typeset: typeset,
            image,
            image_alt: h.image_alt,
            doi: h.doi,
            lang: h.lang,
            scholar,
            body: SharedText::new(&file.text, self.f.split.body_start),
            body_line: self.f.split.body_line,
            header: HeaderKeys::read(self.f.split, &file.text)
                .with_extra(&extra_keys, self.f.split),
            lints,
            marked_scheduled: h.scheduled.unwrap_or(false),
            shown,
            corrections,
        }));
        out
    }

    fn section_url(&self) -> &str {
        self.ctx
            .sections
            .get(self.section)
            .map_or(self.ctx.config.edition.root.as_str(), |s| s.url.as_str())
    }

    fn title(&mut self, title: Option<serde_saphyr::Spanned<String>>) -> String {
        match title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            Some(t) => {
                let p = frontmatter::position(t, self.f.split);
                self.f.push_at(
                    "the title is empty",
                    p.line,
                    1,
                    1,
                    "write the article's title after `title:`",
                );
                String::new()
            }
            None => {
                self.f.missing(
                    "title",
                    "add a line such as `title: \"After Istanbul\"` to the header",
                );
                String::new()
            }
        }
    }

    /// The last URL segment: `slug:`, else the file (or bundle folder) name.
    fn slug(&mut self, slug: Option<serde_saphyr::Spanned<String>>, bundle: bool) -> String {
        if let Some(s) = slug {
            let p = frontmatter::position(s, self.f.split);
            return match validate(&p.value) {
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
                    self.f.push_at(
                        format!("invalid slug: {why}"),
                        p.line,
                        p.column,
                        p.value.chars().count(),
                        help,
                    );
                    String::new()
                }
            };
        }
        let abs = &self.f.file.base;
        let name = if bundle {
            abs.parent().and_then(|p| p.file_name())
        } else {
            abs.file_stem()
        };
        let name = name
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug = slugify(&name);
        if slug.is_empty() {
            self.f.push_at(
                format!("cannot make a URL from the file name `{name}`"),
                1,
                1,
                3,
                "add `slug: some-words` to the header, or rename the file with Latin letters",
            );
        }
        slug
    }

    fn authors(&mut self, entries: Vec<serde_saphyr::Spanned<AuthorEntry>>) -> Vec<Byline> {
        let mut authors = Vec::new();
        for entry in entries {
            let p = frontmatter::position(entry, self.f.split);
            match p.value {
                AuthorEntry::Slug(s) if self.ctx.authors.contains_key(&s) => {
                    authors.push(Byline::Profile(s));
                }
                AuthorEntry::Slug(s) => {
                    let help = match did_you_mean(&s, self.ctx.authors.keys().map(String::as_str)) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => format!(
                            "create content/authors/{s}.md with a `name:` line, or write the author inline as {{name: \"Full Name\", affiliation: \"…\"}}"
                        ),
                    };
                    self.f.push_at(
                        format!("unknown author `{s}`: there is no content/authors/{s}.md"),
                        p.line,
                        p.column,
                        s.chars().count(),
                        help,
                    );
                }
                AuthorEntry::Inline(a) => {
                    if let Some(person) = self.f.person(*a, p.line) {
                        authors.push(Byline::Inline(person));
                    }
                }
            }
        }
        authors
    }

    /// Tags as (slug, name), each once; none when there are more than
    /// [`MAX_TAGS`], which is an error at the `tags:` line.
    fn tags(&mut self, tags: Vec<serde_saphyr::Spanned<String>>) -> Vec<(String, String)> {
        if tags.len() > MAX_TAGS {
            let file = &self.f.file;
            let d = Diagnostic::error(
                &file.rel,
                format!(
                    "this article has {} tags; an article may have at most {MAX_TAGS}",
                    tags.len()
                ),
            )
            .help(
                "keep the few tags a reader would browse by (most articles have two to five); \
                 each tag is a page and a feed of its own, and every one of them lists all of \
                 the article's tags",
            );
            let d = HeaderKeys::read(self.f.split, &file.text).point("tags", d);
            self.f.errors.push(d);
            return Vec::new();
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for t in tags {
            let p = frontmatter::position(t, self.f.split);
            let name = p.value.trim().to_string();
            let slug = slugify(&name);
            if slug.is_empty() {
                self.f.push_at(
                    format!("cannot make a URL from the tag `{name}`"),
                    p.line,
                    p.column,
                    1,
                    "use a tag with letters or digits",
                );
                continue;
            }
            if !out.iter().any(|(s, _)| *s == slug) {
                out.push((slug, name));
            }
        }
        out
    }

    fn series(&mut self, s: serde_saphyr::Spanned<String>) -> Option<(String, String)> {
        let p = frontmatter::position(s, self.f.split);
        let slug = slugify(&p.value);
        if slug.is_empty() {
            self.f.push_at(
                "cannot make a URL from this series name",
                p.line,
                p.column,
                1,
                "use a series name with letters or digits",
            );
            return None;
        }
        Some((slug, p.value.trim().to_string()))
    }

    /// The article's own setting, else its section's (or a parent's), else
    /// the site default.
    fn disclaimer(
        &mut self,
        d: Option<serde_saphyr::Spanned<frontmatter::DisclaimerSetting>>,
    ) -> Option<String> {
        let setting = match d {
            Some(d) => self.f.disclaimer(d, self.ctx.config),
            None => self.section_disclaimer(),
        };
        match setting {
            Some(DisclaimerSource::Markdown(md)) => Some(md),
            _ => None,
        }
    }

    fn section_disclaimer(&self) -> Option<DisclaimerSource> {
        let sections = self.ctx.sections;
        let mut at = Some(self.section);
        while let Some(s) = at.and_then(|i| sections.get(i)) {
            if let Some(d) = &s.disclaimer {
                return Some(d.clone());
            }
            at = s.parent;
        }
        self.ctx
            .config
            .default_disclaimer()
            .map(|d| DisclaimerSource::Markdown(d.to_string()))
    }

    /// The article's own `type`, else its section's (or a parent's), else
    /// commentary.
    fn kind(&mut self, k: Option<serde_saphyr::Spanned<String>>) -> ArticleType {
        let own = k.and_then(|k| self.f.article_type(k));
        own.or_else(|| {
            let sections = self.ctx.sections;
            let mut at = Some(self.section);
            while let Some(s) = at.and_then(|i| sections.get(i)) {
                if s.kind.is_some() {
                    return s.kind;
                }
                at = s.parent;
            }
            None
        })
        .unwrap_or(ArticleType::Commentary)
    }

    /// `scholar:` of the article's section, else of the nearest section above.
    /// `pdf:` of the article's section, or of the nearest parent that says.
    fn section_pdf(&self) -> Option<super::PdfSetting> {
        let sections = self.ctx.sections;
        let mut at = Some(self.section);
        while let Some(s) = at.and_then(|i| sections.get(i)) {
            if s.pdf.is_some() {
                return s.pdf.clone();
            }
            at = s.parent;
        }
        None
    }

    fn section_scholar(&self) -> Option<bool> {
        let sections = self.ctx.sections;
        let mut at = Some(self.section);
        while let Some(s) = at.and_then(|i| sections.get(i)) {
            if s.scholar.is_some() {
                return s.scholar;
            }
            at = s.parent;
        }
        None
    }

    fn lints(
        &self,
        check: BTreeMap<String, serde_saphyr::Spanned<crate::config::LintLevel>>,
    ) -> Vec<LintSetting> {
        check
            .into_iter()
            .map(|(code, level)| {
                let p = frontmatter::position(level, self.f.split);
                LintSetting {
                    code,
                    level: p.value,
                    line: p.line,
                    column: p.column,
                    text: self
                        .f
                        .file
                        .text
                        .lines()
                        .nth(p.line - 1)
                        .unwrap_or("")
                        .to_string(),
                }
            })
            .collect()
    }
}
