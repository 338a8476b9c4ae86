//! Part of the content stage: the files that frame the articles. Section
//! folders and their `_index.md` (title, description, order, pagination,
//! the defaults of their articles), author profiles in `content/authors/`
//! and series descriptions in `content/series/`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::fields::Fields;
use super::frontmatter::{self, AuthorHeader, SectionHeader, SeriesHeader};
use super::names::title_from_name;
use super::slug::{slugify, validate};
use super::walk::SourceFile;
use super::{
    ArticleType, AuthorProfile, CONTENT_DIR, HeaderKeys, PageText, Section, Series, Site, SortBy,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::scheme;

/// The default language, when `file` (or, without one, a folder's name)
/// is not of `config`'s edition but stands in for its translation.
pub(super) fn fallback_lang(config: &Config, file: Option<&SourceFile>) -> Option<String> {
    let translated = file.is_some_and(|f| f.rel.file_name() != f.base.file_name());
    (!config.edition.is_default && !translated).then(|| config.language.clone())
}

/// Every section, parents before children, from the section folders
/// (relative to content/, "" the root) and their `_index.md` files.
pub(super) fn sections(
    config: &Config,
    dirs: &[PathBuf],
    files: &HashMap<PathBuf, &SourceFile>,
    site: &mut Site,
    errors: &mut Vec<Diagnostic>,
) {
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
            errors.push(
                Diagnostic::error(&source, "cannot make a URL segment from this folder's name")
                    .help("rename the folder using letters, digits and `-`"),
            );
            continue;
        }
        let parent_url = parent.map(|p| site.sections[p].url.as_str());
        let url = scheme::section(&site.root, parent_url, &slug);
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
            scholar: None,
            pdf: None,
            parent,
            // A folder's name stands in for a title in the default language.
            fallback_lang: fallback_lang(config, None),
        };
        if let Some(file) = files.get(&dir) {
            section.fallback_lang = fallback_lang(config, Some(file));
            section_header(config, &mut section, file, errors);
        }
        if key.is_empty() {
            site.home = Some(section.text.clone())
                .filter(|t| t.title.is_some() || !t.body.trim().is_empty());
        }
        index_of.insert(dir, site.sections.len());
        site.sections.push(section);
    }
}

fn section_header(
    config: &Config,
    section: &mut Section,
    file: &SourceFile,
    errors: &mut Vec<Diagnostic>,
) {
    let split = match file.split() {
        Ok(s) => s,
        Err(e) => return errors.push(e),
    };
    let header: SectionHeader = match frontmatter::parse(&file.rel, &file.text, &split) {
        Ok(h) => h,
        Err(e) => return errors.extend(e), // header errors: several per file
    };
    let mut f = Fields::new(file, &split);
    if let Some(title) = &header.title {
        section.title = title.clone();
    }
    section.scholar = header.scholar;
    section.pdf = header.pdf.map(|v| super::PdfSetting::of(&v.0));
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
                f.push_at(
                    format!("`sort_by: {other}` is not a sort order"),
                    p.line,
                    p.column,
                    other.chars().count(),
                    "use date, title or weight",
                );
                SortBy::Date
            }
        };
    }
    if header.paginate_by == Some(0) {
        let line = frontmatter::key_line(&split, "paginate_by").unwrap_or(1);
        f.push_at(
            "`paginate_by` must be at least 1",
            line,
            1,
            1,
            "use a number such as 10",
        );
    }
    section.paginate_by = header.paginate_by.filter(|n| *n > 0);
    if let Some(d) = header.disclaimer {
        section.disclaimer = f.disclaimer(d, config);
    }
    if let Some(k) = header.kind {
        section.kind = f.article_type(k).or(section.kind);
    }
    errors.append(&mut f.errors);
}

/// An author profile: `content/authors/<slug>.md`.
pub(super) fn author(
    config: &Config,
    file: &SourceFile,
    site: &mut Site,
    errors: &mut Vec<Diagnostic>,
) {
    let slug_text = file
        .base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = match validate(&slug_text) {
        Ok(s) => s,
        Err(why) => {
            return errors.push(
                Diagnostic::error(
                    &file.rel,
                    format!("this author file's name is not a valid slug: {why}"),
                )
                .help("name author files like anum-malik.md: lower-case letters, digits and `-`"),
            );
        }
    };
    let split = match file.split() {
        Ok(s) => s,
        Err(e) => return errors.push(e),
    };
    let header: AuthorHeader = match frontmatter::parse(&file.rel, &file.text, &split) {
        Ok(h) => h,
        Err(e) => return errors.extend(e), // header errors: several per file
    };
    let mut f = Fields::new(file, &split);
    let person = f.person(header, 1);
    errors.append(&mut f.errors);
    let Some(person) = person else {
        return;
    };
    let bio = PageText {
        title: Some(person.name.clone()),
        description: None,
        body: split.body.to_string(),
        body_line: split.body_line,
        source: file.rel.clone(),
    };
    site.authors.insert(
        slug.clone(),
        AuthorProfile {
            url: scheme::author(&site.root, &slug),
            slug,
            person,
            bio,
            header: HeaderKeys::read(&split, &file.text),
            fallback_lang: fallback_lang(config, Some(file)),
        },
    );
}

/// A series description: `content/series/<slug>.md`.
pub(super) fn series(
    config: &Config,
    file: &SourceFile,
    site: &mut Site,
    errors: &mut Vec<Diagnostic>,
) {
    let stem = file
        .base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&stem);
    let split = match file.split() {
        Ok(s) => s,
        Err(e) => return errors.push(e),
    };
    let header: SeriesHeader = match frontmatter::parse(&file.rel, &file.text, &split) {
        Ok(h) => h,
        Err(e) => return errors.extend(e), // header errors: several per file
    };
    let description = header.description.or_else(|| {
        let body = split.body.trim();
        (!body.is_empty()).then(|| body.to_string())
    });
    site.series.insert(
        slug.clone(),
        Series {
            url: scheme::series(&site.root, &slug),
            title: header.title.unwrap_or_else(|| title_from_name(&stem)),
            slug,
            description,
            fallback_lang: fallback_lang(config, Some(file)),
        },
    );
}
