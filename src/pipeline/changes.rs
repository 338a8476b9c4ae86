//! Part of the pipeline, for `serve`: what a preview may keep of its last
//! run, and which pages differ between two versions of a site. While the
//! site's shape is the same ([`same_shape`]) the route table and related
//! reading are kept. An article whose page changed is re-rendered; when
//! what its card shows in lists changed too (title, date, summary, reading
//! time, authors, tags), also the lists that show it and the feeds; when it
//! is part of a series, every part. Anything that appears on every page
//! (sections, authors, series, the home text, a tag's name) changing means
//! everything.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::sync::Arc;

use crate::content::{Article, Byline, PubDate, Site};
use crate::edition::Edition;
use crate::markdown::ArticleHtml;
use crate::render::{Cards, Dirty, Scope};

/// Whether two versions of a site have the same routes and link index:
/// the same sections, authors, tags, series and files, and articles that
/// are the same (shared, when the content stage kept them) or differ only
/// in what neither reads (an edited paragraph). Lists are ordered by date,
/// title and weight, so those count. The theme and site.toml are not
/// compared: when they change, everything is made again anyway.
pub(super) fn same_shape(old: &Site, new: &Site) -> bool {
    let same_profiles = old.authors.len() == new.authors.len()
        && old
            .authors
            .iter()
            .zip(&new.authors)
            .all(|((s, a), (t, b))| s == t && a.url == b.url && a.bio.source == b.bio.source);
    old.articles.len() == new.articles.len()
        && old.sections == new.sections
        && old.pages == new.pages
        && same_profiles
        && old.tags == new.tags
        && old.series.keys().eq(new.series.keys())
        && old.assets == new.assets
        && old.statics == new.statics
        && old
            .articles
            .iter()
            .zip(&new.articles)
            .all(|(a, b)| Arc::ptr_eq(a, b) || a.same_shape(b))
}

/// Whether an article's last change (its `updated` or a correction)
/// moved between two versions of a site: its translations' notices that
/// the original changed depend on it.
pub(super) fn redated(old: &Site, new: &Site) -> bool {
    let before: HashMap<&OsStr, PubDate> = old
        .articles
        .iter()
        .map(|a| (a.source.as_os_str(), a.last_modified()))
        .collect();
    new.articles.iter().any(|a| {
        before
            .get(a.source.as_os_str())
            .is_some_and(|d| *d != a.last_modified())
    })
}

/// The pages of `new` that differ from `old`.
pub(super) fn between(old: &Edition, new: &Edition) -> Scope {
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
    // What a list shows of an article, compared as the cards themselves
    // (month names aside: they change only with the theme, which remakes
    // everything).
    let old_cards = Cards::new(&old.site, &old.html.articles, Vec::new());
    let new_cards = Cards::new(&new.site, &new.html.articles, Vec::new());
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
                // /corrections/ lists every entry, beside what the cards show.
                if old_cards.card(j) != new_cards.card(i) || o.corrections != a.corrections {
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
fn related(old: &Edition, new: &Edition, old_by_source: &HashMap<&OsStr, usize>, d: &mut Dirty) {
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
                        .any(|(&x, &y)| source(&old.site, x) != source(&new.site, y))
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
