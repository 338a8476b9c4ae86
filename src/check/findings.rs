//! Part of the check step: what the check found, grouped by article so a
//! preview can keep each article's findings between saves instead of
//! carrying every finding of the site through every rebuild (a large
//! archive can have tens of thousands).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::Article;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::ArticleHtml;

/// Every finding of one check: one group per article (its own lints and
/// its links, levels applied), and the rest (site-wide lints, settings,
/// the links of section and author texts).
#[derive(Debug, Default, Clone)]
pub struct Findings {
    pub(super) groups: Vec<Arc<Vec<Diagnostic>>>,
    pub(super) other: Vec<Diagnostic>,
}

impl Findings {
    fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.groups.iter().flat_map(|g| g.iter()).chain(&self.other)
    }

    /// Adds another edition's findings; one about a file both editions
    /// read (a section or author profile without a translation) is kept once.
    pub fn extend(&mut self, other: Findings) {
        self.groups.extend(other.groups);
        for d in other.other {
            if !self.other.contains(&d) {
                self.other.push(d);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.all().any(Diagnostic::is_error)
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.len()).sum::<usize>() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every finding, sorted by file and place.
    pub fn to_diagnostics(&self) -> Diagnostics {
        let mut d = Diagnostics(self.all().cloned().collect());
        d.sort();
        d
    }

    /// The findings about `files` (relative to the site root), sorted.
    /// An article's group is about its own file: one comparison a group.
    pub fn about(&self, files: &[PathBuf]) -> Diagnostics {
        let wanted = |d: &Diagnostic| files.iter().any(|f| f.as_os_str() == d.file.as_os_str());
        let groups = self
            .groups
            .iter()
            .filter(|g| g.first().is_some_and(wanted))
            .flat_map(|g| g.iter());
        let others = self.other.iter().filter(|d| wanted(d));
        let mut d = Diagnostics(groups.chain(others).cloned().collect());
        d.sort();
        d
    }
}

/// What one article was found to have: the article, its compiled body,
/// and the findings.
pub(super) type Found = (Arc<Article>, Arc<ArticleHtml>, Arc<Vec<Diagnostic>>);

/// Each article's findings from an earlier check (by `serve`), reused
/// while the article, its compiled body and everything its links point at
/// are the same.
#[derive(Default)]
pub struct FindingsCache {
    /// By the address of the compiled article it was found in.
    kept: HashMap<usize, Kept>,
}

struct Kept {
    /// Kept alive, so that their addresses are not reused.
    article: Arc<Article>,
    html: Arc<ArticleHtml>,
    epoch: u64,
    found: Arc<Vec<Diagnostic>>,
}

impl FindingsCache {
    pub(super) fn get(
        &self,
        article: &Arc<Article>,
        html: &Arc<ArticleHtml>,
        epoch: u64,
    ) -> Option<Arc<Vec<Diagnostic>>> {
        let k = self.kept.get(&(Arc::as_ptr(html) as usize))?;
        (k.epoch == epoch && Arc::ptr_eq(&k.article, article) && Arc::ptr_eq(&k.html, html))
            .then(|| k.found.clone())
    }

    /// Keeps the findings made in this check (`new`). When the epoch
    /// changed, every finding was made again and the old ones go; else
    /// those of replaced articles are only cleared out now and then.
    pub(super) fn keep(&mut self, new: Vec<Found>, epoch: u64, live: &[Arc<ArticleHtml>]) {
        if self.kept.values().next().is_some_and(|k| k.epoch != epoch) {
            self.kept.clear();
        }
        for (article, html, found) in new {
            let key = Arc::as_ptr(&html) as usize;
            let kept = Kept {
                article,
                html,
                epoch,
                found,
            };
            self.kept.insert(key, kept);
        }
        if self.kept.len() > live.len() + live.len() / 4 + 16 {
            let live: std::collections::HashSet<usize> =
                live.iter().map(|h| Arc::as_ptr(h) as usize).collect();
            self.kept.retain(|k, _| live.contains(k));
        }
    }
}
