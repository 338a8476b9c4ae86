//! Part of the render stage: "Related reading", up to three articles under
//! each article, computed once per build from the route table's lists:
//! the articles sharing the most tags first, then those sharing the most
//! authors, then the same section, newer before older. Drafts are never
//! suggested. Candidates come from the lists the article is on (its tags,
//! authors and section), never from a pass over every other article, so
//! the cost grows with the lists' sizes, not with the square of the site.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{Byline, Site};
use crate::routes::Lists;

/// How many related articles an article page shows.
pub const RELATED: usize = 3;

/// For each article (by index), the indices of its related articles, best first.
pub fn related(site: &Site, lists: &Lists) -> Vec<Vec<usize>> {
    (0..site.articles.len())
        .into_par_iter()
        .map(|i| pick(site, lists, i))
        .collect()
}

fn pick(site: &Site, lists: &Lists, i: usize) -> Vec<usize> {
    let a = &site.articles[i];
    let eligible = |j: usize| j != i && site.articles.get(j).is_some_and(|b| !b.draft);
    // (shared tags, shared authors) per candidate.
    let mut shared: HashMap<usize, (u32, u32)> = HashMap::new();
    for tag in &a.tags {
        for &j in lists.by_tag(tag).iter().filter(|&&j| eligible(j)) {
            shared.entry(j).or_default().0 += 1;
        }
    }
    for b in &a.authors {
        if let Byline::Profile(slug) = b {
            for &j in lists.by_author(slug).iter().filter(|&&j| eligible(j)) {
                shared.entry(j).or_default().1 += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, (u32, u32))> = shared.into_iter().collect();
    // Articles are newest first, so a lower index is the newer one.
    ranked.sort_by_key(|&(j, (tags, authors))| {
        let same_section = site.articles[j].section == a.section;
        (
            std::cmp::Reverse(tags),
            std::cmp::Reverse(authors),
            !same_section,
            j,
        )
    });
    let mut out: Vec<usize> = ranked.into_iter().take(RELATED).map(|(j, _)| j).collect();
    if out.len() < RELATED {
        let mut from_section: Vec<usize> = lists
            .sections
            .get(a.section)
            .map(|m| m.iter().copied().filter(|&j| eligible(j)).collect())
            .unwrap_or_default();
        from_section.sort_unstable();
        for j in from_section {
            if out.len() == RELATED {
                break;
            }
            if !out.contains(&j) {
                out.push(j);
            }
        }
    }
    out
}
