//! Part of the render stage: "Related reading", up to three articles under
//! each article, computed once per build from the route table's lists:
//! the articles sharing the most tags first, then those sharing the most
//! authors, then the same section, newer before older. Drafts are never
//! suggested. Candidates come from the lists the article is on (its tags,
//! authors and section), never from a pass over every other article, so
//! the cost grows with the lists' sizes, not with the square of the site.

use rayon::prelude::*;

use crate::content::{Byline, Site};
use crate::routes::Lists;

/// How many related articles an article page shows.
pub const RELATED: usize = 3;

/// For each article (by index), the indices of its related articles, best first.
pub fn related(site: &Site, lists: &Lists) -> Vec<Vec<usize>> {
    let n = site.articles.len();
    let facts: Vec<Fact> = site
        .articles
        .iter()
        .map(|a| Fact {
            section: a.section,
            draft: a.draft,
        })
        .collect();
    (0..n)
        .into_par_iter()
        .map_init(
            || Shared::new(n),
            |shared, i| pick(site, lists, &facts, i, shared),
        )
        .collect()
}

/// What ranking asks of every candidate, side by side in one table: the
/// articles themselves are large and scattered in memory, and reading
/// each candidate's section and draft flag from them cost a cache miss
/// per candidate (80 of the 213 s of a 100,000-article build).
#[derive(Clone, Copy)]
struct Fact {
    section: usize,
    draft: bool,
}

/// Per thread: (shared tags, shared authors) for each article, and which
/// entries are set. On a large archive one tag lists thousands of
/// articles; counting into a flat table and clearing only what was touched
/// costs far less than a map per article.
struct Shared {
    counts: Vec<(u32, u32)>,
    touched: Vec<usize>,
}

impl Shared {
    fn new(n: usize) -> Shared {
        Shared {
            counts: vec![(0, 0); n],
            touched: Vec::new(),
        }
    }

    fn count(&mut self, j: usize, tag: bool) {
        let c = &mut self.counts[j];
        if *c == (0, 0) {
            self.touched.push(j);
        }
        if tag {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
}

fn pick(site: &Site, lists: &Lists, facts: &[Fact], i: usize, shared: &mut Shared) -> Vec<usize> {
    let a = &site.articles[i];
    let eligible = |j: usize| j != i && facts.get(j).is_some_and(|b| !b.draft);
    for tag in &a.tags {
        for &j in lists.by_tag(tag).iter().filter(|&&j| eligible(j)) {
            shared.count(j, true);
        }
    }
    for b in &a.authors {
        if let Byline::Profile(slug) = b {
            for &j in lists.by_author(slug).iter().filter(|&&j| eligible(j)) {
                shared.count(j, false);
            }
        }
    }
    // Articles are newest first, so a lower index is the newer one; the
    // index makes every key distinct, so the order is total.
    let key = |j: usize, (tags, authors): (u32, u32)| {
        let same_section = facts[j].section == a.section;
        (
            std::cmp::Reverse(tags),
            std::cmp::Reverse(authors),
            !same_section,
            j,
        )
    };
    let mut ranked: Vec<(usize, (u32, u32))> = shared
        .touched
        .drain(..)
        .map(|j| (j, std::mem::take(&mut shared.counts[j])))
        .collect();
    if ranked.len() > RELATED {
        ranked.select_nth_unstable_by_key(RELATED - 1, |&(j, c)| key(j, c));
        ranked.truncate(RELATED);
    }
    ranked.sort_by_key(|&(j, c)| key(j, c));
    // A fresh vector: collecting from `ranked` would reuse its allocation
    // (sized for every candidate) and keep it for the whole build, which on
    // a large archive is thousands of entries per article.
    let mut out = Vec::with_capacity(RELATED);
    out.extend(ranked.iter().map(|&(j, _)| j));
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
