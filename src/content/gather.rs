//! Part of the content stage: the site's articles, newest first, and the
//! tags and series they name (a tag's name as the first article in file
//! order writes it). A preview whose edits left every article's tags,
//! series, date and title as they were keeps the last order and names and
//! only puts the edited articles in their places.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::article::{LeftOut, Resolved};
use super::{PubDate, Series, Site, Tag};
use crate::diagnostics::Diagnostic;
use crate::scheme;

/// An article resolved afresh: its resolution before (if any) and now.
pub(super) struct Fresh {
    pub(super) before: Option<Arc<Resolved>>,
    pub(super) after: Arc<Resolved>,
}

/// What one gathering made, kept for the next.
pub(super) struct Gathered {
    /// The place in the walk of each article of `Site::articles`, in order.
    order: Vec<usize>,
    tags: BTreeMap<String, Tag>,
    /// The series named by articles and not described by a file.
    series: BTreeMap<String, Series>,
    drafts_skipped: usize,
    scheduled: Vec<(PathBuf, PubDate)>,
    pub(super) errors: Vec<Diagnostic>,
}

/// Fills in the site's articles, tags, series, drafts and scheduled
/// articles from `resolved` (by place in the walk, in file order), reusing
/// `kept` when the fresh resolutions leave it true.
pub(super) fn gather(
    kept: Option<Gathered>,
    resolved: &[Option<&Arc<Resolved>>],
    fresh: &[Fresh],
    site: &mut Site,
) -> Gathered {
    match kept {
        Some(g) if fresh.iter().all(same_standing) => reuse(g, resolved, site),
        _ => afresh(resolved, site),
    }
}

/// An edit that changes nothing a list or a tag page reads.
fn same_standing(f: &Fresh) -> bool {
    let (Some(b), a) = (&f.before, &f.after) else {
        return false;
    };
    b.errors.is_empty()
        && a.errors.is_empty()
        && b.tags == a.tags
        && b.series == a.series
        && b.left_out == a.left_out
        && match (&b.article, &a.article) {
            (Some(x), Some(y)) => x.date == y.date && x.title == y.title,
            (None, None) => true,
            _ => false,
        }
}

fn reuse(g: Gathered, resolved: &[Option<&Arc<Resolved>>], site: &mut Site) -> Gathered {
    site.articles = g
        .order
        .iter()
        .filter_map(|&p| resolved.get(p).copied().flatten()?.article.clone())
        .collect();
    site.tags = g.tags.clone();
    for (slug, s) in &g.series {
        site.series.entry(slug.clone()).or_insert_with(|| s.clone());
    }
    site.drafts_skipped = g.drafts_skipped;
    site.scheduled = g.scheduled.clone();
    g
}

fn afresh(resolved: &[Option<&Arc<Resolved>>], site: &mut Site) -> Gathered {
    let mut errors = Vec::new();
    let mut named_series = BTreeMap::new();
    let mut order: Vec<(usize, Arc<super::Article>)> = Vec::new();
    for (place, r) in resolved.iter().enumerate() {
        let Some(r) = r else { continue };
        errors.extend(r.errors.iter().cloned());
        for (slug, name) in &r.tags {
            if !site.tags.contains_key(slug) {
                let tag = Tag {
                    url: scheme::tag(&site.root, slug),
                    slug: slug.clone(),
                    name: name.clone(),
                };
                site.tags.insert(slug.clone(), tag);
            }
        }
        if let Some((slug, title)) = &r.series
            && !site.series.contains_key(slug)
        {
            let series = Series {
                url: scheme::series(&site.root, slug),
                slug: slug.clone(),
                title: title.clone(),
                description: None,
                // Named by an article: in that article's language.
                fallback_lang: None,
            };
            named_series.insert(slug.clone(), series.clone());
            site.series.insert(slug.clone(), series);
        }
        match (&r.article, &r.left_out) {
            (Some(a), _) => order.push((place, a.clone())),
            (None, Some(LeftOut::Draft)) => site.drafts_skipped += 1,
            (None, Some(LeftOut::Scheduled(source, date))) => {
                site.scheduled.push((source.clone(), *date));
            }
            (None, None) => {}
        }
    }
    order.sort_by(|(_, a), (_, b)| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let places = order.iter().map(|(p, _)| *p).collect();
    site.articles = order.into_iter().map(|(_, a)| a).collect();
    Gathered {
        order: places,
        tags: site.tags.clone(),
        series: named_series,
        drafts_skipped: site.drafts_skipped,
        scheduled: site.scheduled.clone(),
        errors,
    }
}
