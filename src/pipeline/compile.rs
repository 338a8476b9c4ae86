//! Part of the pipeline: the markdown step of a run, every edition's
//! bodies compiled (and, in a build, each article's page written and
//! handed to search as soon as its body is).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::check;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, ArticleHtml, LinkIndex, SiteHtml};
use crate::render::{ArticlePages, Sink};
use crate::routes::Editions;

use super::edition::{EditionState, Model, Prepared};
use super::{Bodies, search, steps};

/// What the markdown step of a run works with besides the models.
pub(super) struct Compile<'r, 'e> {
    pub(super) states: &'r [EditionState],
    pub(super) prepared: &'r [&'r Prepared],
    pub(super) editions: &'r Editions<'e>,
    pub(super) links: &'r Arc<LinkIndex>,
    pub(super) now: DateTime<Utc>,
    /// A preview: bodies are kept and pages rendered afterwards.
    pub(super) keep: bool,
    pub(super) write: &'r Sink<'r>,
    /// Counts an article compiled (progress hook).
    pub(super) counted: &'r (dyn Fn() + Sync),
}

impl Compile<'_, '_> {
    /// Every body compiled. A build writes each article's page as soon as
    /// its body is and hands it to the edition's search indexer (on
    /// threads of its own), keeping no article's HTML; a preview keeps
    /// them all, renders what changed afterwards and indexes after its
    /// pages are reloaded. Returns the bodies, the build's indexers and
    /// the pages written.
    pub(super) fn run(
        &self,
        models: &[Model],
        errors: &mut Vec<Diagnostic>,
    ) -> (Bodies, Vec<crate::search::Indexer>, usize) {
        let (keep, now, editions) = (self.keep, self.now, self.editions);
        let (write, counted) = (self.write, self.counted);
        let links = self.links;
        let no_html = SiteHtml::default();
        let mut bodies: Bodies = Vec::with_capacity(models.len());
        let mut early_pages = 0;
        // A build indexes for search on threads of its own, each article as
        // it is compiled; a preview indexes after its pages are reloaded.
        let mut indexers = Vec::new();
        for (e, m) in models.iter().enumerate() {
            let p = self.prepared[e];
            let early = m.render(p, &no_html, editions, e);
            let scope = check::Scope {
                now,
                complete: m.site.drafts_skipped == 0 && m.site.scheduled.is_empty(),
                publication: false,
                lang: p.config.edition.lang.clone(),
            };
            let articles = (!keep).then(|| ArticlePages::new(&early, write));
            let indexer = (!keep && p.config.search.enabled).then(|| search::start(&m.site, p));
            let records = search::Records::new(&m.site, &p.renderer, p.config.base_path());
            let early_errors = Mutex::new(Vec::new());
            let emit = |i: usize, h: &ArticleHtml| {
                counted(); // progress hook
                if let Some(indexer) = &indexer {
                    records.offer(indexer, i, h);
                }
                if let Some(pages) = &articles
                    && let Err(e) = pages.write(i, h)
                    && let Ok(mut errors) = early_errors.lock()
                {
                    errors.push(e);
                }
            };
            let cache = keep.then_some(&self.states[e].bodies);
            let emit: Option<&markdown::Emit<'_>> = (!keep).then_some(&emit);
            let words = markdown::Words::from_table(&p.theme.words); // figures and notes
            let (html, own) =
                steps::markdown(&m.site, &scope, true, cache, links.clone(), emit, &words);
            errors.extend(early_errors.into_inner().unwrap_or_default());
            early_pages += articles.as_ref().map_or(0, ArticlePages::written);
            if let Some(indexer) = &indexer {
                search::offer_pages(indexer, &m.site, &html, p.config.base_path());
            }
            indexers.extend(indexer);
            bodies.push((html, own, scope));
        }
        (bodies, indexers, early_pages)
    }
}
