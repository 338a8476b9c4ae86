//! Part of the pipeline: the markdown step, every edition's bodies parsed
//! once, each article's own lints made on the way. A build writes each
//! article's page and hands it to search as soon as its body is compiled;
//! a preview keeps the bodies and renders what changed afterwards; a check
//! wants only ids and links, no HTML.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::check;
use crate::diagnostics::Diagnostic;
use crate::edition::{Editions, View};
use crate::markdown::{self, ArticleHtml, LinkIndex, SiteHtml, StageOptions};
use crate::output::OutputTarget;
use crate::render::{ArticlePages, OutputFile};

use super::clock::Tick;
use super::search;
use super::state::EditionState;

/// What the markdown step hands the link step, edition by edition: each
/// article's own findings, and the scope they were judged in.
pub(super) type Own = Vec<(Vec<Arc<Vec<Diagnostic>>>, check::LintScope)>;

/// What the markdown step of a run works with besides the editions.
pub(super) struct Compile<'r> {
    pub(super) states: &'r [EditionState],
    /// Where a build writes each article's page as its body is compiled;
    /// `None` in a preview (pages rendered afterwards) and a check.
    pub(super) target: Option<&'r dyn OutputTarget>,
    /// A check: no HTML, and the site judged as it will be published.
    pub(super) check: bool,
    /// A check's content loaded without errors: the lints about the site
    /// as a whole can be judged.
    pub(super) complete: bool,
    pub(super) links: Arc<LinkIndex>,
    pub(super) now: DateTime<Utc>,
    /// A preview: bodies are kept (and their cache used).
    pub(super) keep: bool,
}

/// What the markdown step made: each edition's bodies (for the editions'
/// `html`), their own findings, the build's search indexers (on threads of
/// their own) and the number of article pages already written.
pub(super) struct Compiled {
    pub(super) html: Vec<SiteHtml>,
    pub(super) own: Own,
    pub(super) indexers: Vec<crate::search::Indexer>,
    pub(super) pages: usize,
}

impl Compile<'_> {
    /// Every body of every edition compiled, `tick` told of each article.
    pub(super) fn run(
        &self,
        editions: &Editions,
        tick: &Tick<'_>,
        errors: &mut Vec<Diagnostic>,
    ) -> Compiled {
        let mut made = Compiled {
            html: Vec::with_capacity(editions.list.len()),
            own: Vec::with_capacity(editions.list.len()),
            indexers: Vec::new(),
            pages: 0,
        };
        for e in 0..editions.list.len() {
            let (html, own, scope) = self.edition(&editions.view(e), tick, &mut made, errors);
            made.html.push(html);
            made.own.push((own, scope));
        }
        made
    }

    /// The scope an edition's lints judge by.
    fn scope(&self, v: &View<'_>) -> check::LintScope {
        let complete = if self.check {
            self.complete
        } else {
            v.site.drafts_skipped == 0 && v.site.scheduled.is_empty()
        };
        check::LintScope {
            now: self.now,
            complete,
            publication: self.check,
            lang: v.config.edition.lang.clone(),
        }
    }

    /// One edition's bodies. A build writes each article's page as soon
    /// as its body is and hands it to the edition's search indexer,
    /// keeping no article's HTML (`v.html` is empty meanwhile).
    fn edition(
        &self,
        v: &View<'_>,
        tick: &Tick<'_>,
        made: &mut Compiled,
        errors: &mut Vec<Diagnostic>,
    ) -> (SiteHtml, Vec<Arc<Vec<Diagnostic>>>, check::LintScope) {
        let scope = self.scope(v);
        let state = &self.states[v.edition];
        let build = self.target.zip(state.prepared.as_ref());
        let Some((target, prepared)) = build else {
            let cache = self.keep.then_some(&state.bodies);
            let (html, own) = markdown_step(v, &scope, !self.check, cache, &self.links, None);
            return (html, own, scope);
        };
        let write = |f: OutputFile| target.write(&f);
        let renderer = &prepared.renderer;
        let pages = ArticlePages::new(v, renderer, &write);
        let indexer = v.config.search.enabled.then(|| search::start(v));
        let records = search::Records::new(&v.site, renderer, v.config.base_path());
        let early_errors = Mutex::new(Vec::new());
        let emit = |i: usize, h: &ArticleHtml| {
            tick.one();
            if let Some(indexer) = &indexer {
                records.offer(indexer, i, h);
            }
            if let Err(e) = pages.write(i, h)
                && let Ok(mut errors) = early_errors.lock()
            {
                errors.push(e);
            }
        };
        let (html, own) = markdown_step(v, &scope, true, None, &self.links, Some(&emit));
        errors.extend(early_errors.into_inner().unwrap_or_default());
        made.pages += pages.written();
        if let Some(indexer) = &indexer {
            search::offer_pages(indexer, &v.site, &html, v.config.base_path());
        }
        made.indexers.extend(indexer);
        (html, own, scope)
    }
}

/// Every body of edition `v` parsed once: HTML (when wanted), ids, links,
/// and each article's own lint findings.
fn markdown_step(
    v: &View<'_>,
    scope: &check::LintScope,
    html: bool,
    cache: Option<&markdown::BodyCache>,
    links: &Arc<LinkIndex>,
    emit: Option<&markdown::Emit<'_>>,
) -> (SiteHtml, Vec<Arc<Vec<Diagnostic>>>) {
    // The theme's words for figures and notes, in the edition's language.
    let words = markdown::Words::from_table(&v.theme.words);
    let opts = StageOptions {
        html,
        cache,
        lints_key: scope.key(),
        links: links.clone(),
        emit,
        words: &words,
    };
    let site = &v.site;
    let lint = |i: usize, parsed: &markdown::Parsed<'_>| {
        check::lint_article(scope, &site.articles[i], parsed)
    };
    markdown::render_site(site, &opts, &lint)
}
