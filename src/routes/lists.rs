//! Part of the route table: which articles each list holds, in its order.
//! Sections, authors, tags and series are listed once here; pagination,
//! feeds, the sitemap and rendering all read these lists.

use std::collections::BTreeMap;

use crate::content::{Byline, Site, SortBy};

/// Article indices (into `Site::articles`) of every list of the site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lists {
    /// Per section (as indexed in `Site::sections`), in the section's order.
    pub sections: Vec<Vec<usize>>,
    /// Per author slug (profiles only), newest first.
    pub authors: BTreeMap<String, Vec<usize>>,
    /// Per tag slug, newest first; a tag no published article carries has none.
    pub tags: BTreeMap<String, Vec<usize>>,
    /// Per series slug, in reading order (oldest first).
    pub series: BTreeMap<String, Vec<usize>>,
    /// What feeds and the sitemap carry: every article but drafts, newest first.
    pub published: Vec<usize>,
}

impl Lists {
    pub fn of(site: &Site) -> Lists {
        let mut lists = Lists {
            sections: vec![Vec::new(); site.sections.len()],
            ..Lists::default()
        };
        for (i, a) in site.articles.iter().enumerate() {
            if let Some(members) = lists.sections.get_mut(a.section) {
                members.push(i);
            }
            for b in &a.authors {
                if let Byline::Profile(slug) = b {
                    lists.authors.entry(slug.clone()).or_default().push(i);
                }
            }
            for t in &a.tags {
                lists.tags.entry(t.clone()).or_default().push(i);
            }
            if let Some(s) = &a.series {
                lists.series.entry(s.clone()).or_default().push(i);
            }
            if !a.draft {
                lists.published.push(i);
            }
        }
        for (section, members) in site.sections.iter().zip(&mut lists.sections) {
            match section.sort_by {
                SortBy::Date => {}
                SortBy::Title => {
                    members.sort_by_cached_key(|&i| site.articles[i].title.to_lowercase())
                }
                SortBy::Weight => members.sort_by_key(|&i| site.articles[i].weight),
            }
        }
        for parts in lists.series.values_mut() {
            parts.reverse();
        }
        lists
    }

    /// The articles of an author's page (none for a profile no one names).
    pub fn by_author(&self, slug: &str) -> &[usize] {
        self.authors.get(slug).map_or(&[], Vec::as_slice)
    }

    pub fn by_tag(&self, slug: &str) -> &[usize] {
        self.tags.get(slug).map_or(&[], Vec::as_slice)
    }

    pub fn series_parts(&self, slug: &str) -> &[usize] {
        self.series.get(slug).map_or(&[], Vec::as_slice)
    }
}
