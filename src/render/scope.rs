//! Part of the render stage: which pages a render writes. `serve` re-renders
//! only the pages an edit touched (the pipeline works that out); `build`
//! writes everything.

use std::collections::HashSet;

/// Which pages a render writes. `serve` re-renders only what an edit
/// touched; every other page is still listed, so stale files can be found.
#[derive(Debug)]
pub enum Scope {
    Everything,
    Only(Box<Dirty>),
}

/// The pages an edit touched, as indices and slugs of the new site.
#[derive(Debug, Default)]
pub struct Dirty {
    pub articles: HashSet<usize>,
    pub sections: HashSet<usize>,
    pub authors: HashSet<String>,
    pub tags: HashSet<String>,
    pub series: HashSet<String>,
    /// The home page and the authors and tags indexes.
    pub lists: bool,
}

impl Scope {
    pub(super) fn article(&self, i: usize) -> bool {
        matches!(self, Scope::Everything)
            || matches!(self, Scope::Only(d) if d.articles.contains(&i))
    }
    pub(super) fn section(&self, i: usize) -> bool {
        matches!(self, Scope::Everything)
            || matches!(self, Scope::Only(d) if d.sections.contains(&i))
    }
    pub(super) fn named(&self, pick: impl Fn(&Dirty) -> &HashSet<String>, slug: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Only(d) => pick(d).contains(slug),
        }
    }
    pub(super) fn lists(&self) -> bool {
        matches!(self, Scope::Everything) || matches!(self, Scope::Only(d) if d.lists)
    }
}
