//! Part of the pipeline, for `serve`: which pages differ between two
//! versions of a site. An article whose page changed is re-rendered; when
//! what its card shows in lists changed too (title, date, summary, reading
//! time, authors, tags), also the lists that show it and the feeds; when it
//! is part of a series, every part. Anything that appears on every page
//! (sections, authors, series, the home text, a tag's name) changing means
//! everything.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::sync::Arc;

use crate::content::{Article, Byline, Site};
use crate::markdown::{ArticleHtml, SiteHtml};
use crate::render::{Dirty, Scope};

/// One version of a site as the render stage sees it.
pub(super) struct Version<'a> {
    pub site: &'a Site,
    pub html: &'a SiteHtml,
    /// Each article's related reading, by index.
    pub related: &'a [Vec<usize>],
}

pub(super) fn between(old: &Version<'_>, new: &Version<'_>) -> Scope {
    let renamed_tag = new
        .site
        .tags
        .iter()
        .any(|(slug, t)| old.site.tags.get(slug).is_some_and(|o| o.name != t.name));
    if old.site.sections != new.site.sections
        || old.site.authors != new.site.authors
        || old.site.series != new.site.series
        || old.site.home != new.site.home
        || old.site.pages != new.site.pages
        || renamed_tag
    {
        return Scope::Everything;
    }
    let mut dirty = Dirty::default();
    // Keyed by the path's bytes, which hash much faster than a Path.
    let old_by_source: HashMap<&OsStr, usize> = old
        .site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_os_str(), i))
        .collect();
    let mut seen = vec![false; old.site.articles.len()];
    for (i, a) in new.site.articles.iter().enumerate() {
        let h = &new.html.articles[i];
        match old_by_source.get(a.source.as_os_str()) {
            Some(&j) => {
                seen[j] = true;
                let (o, oh) = (&old.site.articles[j], &old.html.articles[j]);
                if o == a && same_page(oh, h) {
                    continue;
                }
                dirty.articles.insert(i);
                if !same_card(o, oh, a, h) {
                    touch(&mut dirty, o);
                    touch(&mut dirty, a);
                    dirty.cards.insert(i);
                }
            }
            None => {
                dirty.articles.insert(i);
                touch(&mut dirty, a);
                dirty.cards.insert(i);
            }
        }
    }
    for (o, seen) in old.site.articles.iter().zip(seen) {
        if !seen {
            touch(&mut dirty, o);
        }
    }
    related(old, new, &old_by_source, &mut dirty);
    // Every part of a touched series shows the series' table of parts.
    for (i, a) in new.site.articles.iter().enumerate() {
        if a.series.as_ref().is_some_and(|s| dirty.series.contains(s)) {
            dirty.articles.insert(i);
        }
    }
    Scope::Only(Box::new(dirty))
}

/// Articles whose related reading changed, or shows an article whose card
/// changed: their pages show it.
fn related(
    old: &Version<'_>,
    new: &Version<'_>,
    old_by_source: &HashMap<&OsStr, usize>,
    d: &mut Dirty,
) {
    let source = |site: &'_ Site, j: usize| {
        site.articles
            .get(j)
            .map(|a| a.source.as_os_str().to_owned())
    };
    for (i, a) in new.site.articles.iter().enumerate() {
        let now = new.related.get(i).map_or(&[][..], Vec::as_slice);
        let shows_changed = now.iter().any(|j| d.cards.contains(j));
        let before = old_by_source
            .get(a.source.as_os_str())
            .and_then(|&j| old.related.get(j));
        let moved = match before {
            Some(b) => {
                b.len() != now.len()
                    || b.iter()
                        .zip(now)
                        .any(|(&x, &y)| source(old.site, x) != source(new.site, y))
            }
            None => true,
        };
        if shows_changed || moved {
            d.articles.insert(i);
        }
    }
}

/// The lists an article appears in, and the feeds.
fn touch(d: &mut Dirty, a: &Article) {
    d.sections.insert(a.section);
    d.tags.extend(a.tags.iter().cloned());
    d.series.extend(a.series.iter().cloned());
    for b in &a.authors {
        if let Byline::Profile(slug) = b {
            d.authors.insert(slug.clone());
        }
    }
    d.lists = true;
    d.feeds = true;
}

/// The same rendered page: the same body (shared when unchanged) and snippets.
fn same_page(old: &ArticleHtml, new: &ArticleHtml) -> bool {
    (Arc::ptr_eq(&old.body, &new.body) || old.body.html == new.body.html)
        && old.summary_html == new.summary_html
        && old.disclaimer_html == new.disclaimer_html
        && old.author_note_html == new.author_note_html
}

/// What a list shows of an article is the same.
fn same_card(o: &Article, oh: &ArticleHtml, a: &Article, h: &ArticleHtml) -> bool {
    o.title == a.title
        && o.subtitle == a.subtitle
        && o.url == a.url
        && o.date == a.date
        && o.updated == a.updated
        && o.kind == a.kind
        && o.section == a.section
        && o.authors == a.authors
        && o.tags == a.tags
        && o.series == a.series
        && o.draft == a.draft
        && o.scheduled == a.scheduled
        // Lists mark a retraction; /corrections/ lists every entry.
        && o.corrections == a.corrections
        && oh.summary_html == h.summary_html
        && oh.body.reading_time == h.body.reading_time
}
