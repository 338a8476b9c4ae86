//! Part of the content stage: what of an article the route table, the
//! lists' order and the link index read. A preview that finds two versions
//! of every article the same by this measure keeps its routes and links.

use super::{Article, Byline};

impl Article {
    /// Whether `other` has the same place in the site: the same file,
    /// address, aliases, section, tags, series, profile authors, date,
    /// title, weight and draft state. Every field is named here, read or
    /// not, so that a new field of [`Article`] does not compile until it
    /// is sorted into one or the other.
    pub fn same_shape(&self, other: &Article) -> bool {
        let Article {
            source,
            url,
            aliases,
            section,
            tags,
            series,
            draft,
            date,
            title,
            weight,
            authors,
            // A PDF folio typesets is a file of the route table.
            pdf,
            pdf_typeset,
            // Not read by routes, lists or links: shown on pages only.
            translation: _,
            slug: _,
            subtitle: _,
            updated: _,
            summary: _,
            disclaimer: _,
            author_note: _,
            toc: _,
            scheduled: _,
            kind: _,
            report_number: _,
            image: _,
            image_alt: _,
            doi: _,
            lang: _,
            scholar: _,
            body: _,
            body_line: _,
            header: _,
            lints: _,
            marked_scheduled: _,
            shown: _,
            corrections: _,
        } = self;
        *source == other.source
            && *url == other.url
            && *aliases == other.aliases
            && *section == other.section
            && *tags == other.tags
            && *series == other.series
            && *draft == other.draft
            && *date == other.date
            && *title == other.title
            && *weight == other.weight
            && *pdf == other.pdf
            && *pdf_typeset == other.pdf_typeset
            && authors
                .iter()
                .map(profile)
                .eq(other.authors.iter().map(profile))
    }
}

fn profile(b: &Byline) -> Option<&str> {
    match b {
        Byline::Profile(slug) => Some(slug),
        Byline::Inline(_) => None,
    }
}

/// An article with every field empty or off, for tests to change.
#[cfg(test)]
pub(crate) fn sample() -> Article {
    Article {
        source: "content/commentary/a.md".into(),
        translation: String::new(),
        section: 0,
        slug: "a".into(),
        url: "/commentary/a/".into(),
        title: "A".into(),
        subtitle: None,
        date: super::PubDate::parse("2025-01-01").unwrap(),
        updated: None,
        authors: Vec::new(),
        summary: None,
        tags: Vec::new(),
        series: None,
        disclaimer: None,
        author_note: None,
        toc: true,
        draft: false,
        scheduled: false,
        aliases: Vec::new(),
        weight: 0,
        kind: super::ArticleType::Commentary,
        report_number: None,
        pdf: None,
        image: None,
        image_alt: None,
        doi: None,
        lang: None,
        scholar: false,
        body: "".into(),
        body_line: 1,
        header: Default::default(),
        lints: Vec::new(),
        marked_scheduled: false,
        shown: super::Shown::of(&serde_json::json!({"extra": {}})),
        corrections: Vec::new(),
        pdf_typeset: false,
    }
}
