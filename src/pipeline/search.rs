//! Part of the pipeline: the search step's records, made from the site and
//! its compiled bodies, and the index written into the output, one index
//! per edition (each language stemmed its own way, below its root). A preview
//! keeps the fingerprint of what it indexed last and skips the step while
//! nothing that is indexed has changed (a template, a stylesheet, a draft,
//! a scheduled piece, an unpublished file); the fingerprint is hashed from
//! the site as it is, without copying any text.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::content::{Article, Byline, Page, Site};
use crate::diagnostics::Diagnostic;
use crate::edition::{Edition, Editions, View};
use crate::escape::strip_tags;
use crate::markdown::{ArticleHtml, SiteHtml};
use crate::output::OutputTarget;
use crate::render::{OutputFile, Renderer};
use crate::scheme;
use crate::search::{self, Record};

use super::state::EditionState;

/// A fingerprint of everything the index of `edition` would hold, in the
/// words of `renderer` (bylines, dates): the same, and the index a preview
/// has is the one it would build.
fn fingerprint(edition: &Edition, renderer: &Renderer) -> u64 {
    let (site, html) = (&edition.site, &edition.html);
    // Its words are stemmed by its language's rules; `[search] part_size`
    // says how the index is parted.
    let language = &edition.config.edition.lang;
    let part_size = edition.config.search.part_size;
    let mut h = DefaultHasher::new();
    site.root.hash(&mut h);
    language.hash(&mut h);
    part_size.hash(&mut h);
    for k in ["by", "and", "comma", "months", "retracted"] {
        renderer.words.get(k).map(|v| v.to_string()).hash(&mut h);
    }
    for (a, html) in indexed(site, html) {
        (&a.url, &a.title, &a.date, &a.tags, a.section).hash(&mut h);
        a.retracted().hash(&mut h);
        for name in names(site, a) {
            name.hash(&mut h);
        }
        a.tags
            .iter()
            .filter_map(|t| site.tags.get(t))
            .for_each(|t| t.name.hash(&mut h));
        site.sections.get(a.section).map(|s| &s.title).hash(&mut h);
        (&html.summary_html, &html.body.text).hash(&mut h);
    }
    for (p, text) in pages(site, html) {
        (&p.url, &p.title, &p.summary, text).hash(&mut h);
    }
    h.finish()
}

/// The articles the index holds: published, neither drafts nor scheduled.
fn indexed<'a>(
    site: &'a Site,
    html: &'a SiteHtml,
) -> impl Iterator<Item = (&'a Article, &'a ArticleHtml)> {
    site.articles
        .iter()
        .zip(&html.articles)
        .filter(|(a, _)| is_indexed(a))
        .map(|(a, h)| (a.as_ref(), h.as_ref()))
}

/// Whether the index holds an article: published, neither a draft nor
/// scheduled.
fn is_indexed(a: &Article) -> bool {
    !a.draft && !a.scheduled
}

/// Whether the index holds a standalone page: any but a draft.
fn is_indexed_page(p: &Page) -> bool {
    !p.draft
}

/// How many records the index of `site` holds, known before any body is
/// compiled: the indexer parts them by this.
fn record_count(site: &Site) -> usize {
    let articles = site.articles.iter().filter(|a| is_indexed(a)).count();
    articles + site.pages.iter().filter(|p| is_indexed_page(p)).count()
}

/// The names of an article's byline, in order.
fn names<'a>(site: &'a Site, a: &'a Article) -> impl Iterator<Item = &'a str> {
    a.authors.iter().filter_map(|b| match b {
        Byline::Profile(slug) => site.authors.get(slug).map(|p| p.person.name.as_str()),
        Byline::Inline(p) => Some(p.name.as_str()),
    })
}

/// The work that brings a preview's search index up to date: every
/// edition's records, owned, so that it can run on a thread of its own
/// while the preview goes on rebuilding (see `serve`).
pub struct SearchWork {
    /// (edition root, language, records, records per part) for each
    /// edition with search.
    editions: Vec<(String, String, Vec<Record>, usize)>,
}

impl SearchWork {
    /// Builds each edition's index, in parts as `parting` says of their
    /// number, and writes it into `target`; returns every file written,
    /// relative to the output.
    pub fn run(
        self,
        target: &dyn OutputTarget,
        parting: fn(usize) -> search::Parting,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut files = Vec::new();
        for (root, language, records, part_size) in self.editions {
            let parts = search::part_count(records.len(), part_size);
            let index = search::index(records, &language, parting(parts))?;
            files.extend(write(&root, index, target)?);
        }
        Ok(files)
    }
}

/// A build's indexer for edition `v`, fed article by article as the
/// markdown step compiles them ([`Records::offer`]), then the standalone
/// pages ([`offer_pages`]).
pub(super) fn start(v: &View<'_>) -> search::Indexer {
    let site = &v.site;
    let expected = site.articles.len() + site.pages.len();
    let records = record_count(site);
    let parts = search::part_count(records, v.config.search.part_size);
    let parting = search::Parting::all_cores(parts);
    search::Indexer::start(&v.config.edition.lang, expected, records, parting)
}

/// Hands the standalone pages to a build's indexer, after the articles
/// (the order [`run`] adds them in); drafts are left out.
pub(super) fn offer_pages(
    indexer: &search::Indexer,
    site: &Site,
    html: &SiteHtml,
    base_path: &str,
) {
    let first = site.articles.len();
    for (n, p) in site.pages.iter().enumerate() {
        let text = html.pages.get(n).and_then(Option::as_ref).map(|r| &r.text);
        let record =
            is_indexed_page(p).then(|| page_record(p, text.map_or("", String::as_str), base_path));
        indexer.offer(first + n, record);
    }
}

/// The published standalone pages and their text.
fn pages<'a>(site: &'a Site, html: &'a SiteHtml) -> impl Iterator<Item = (&'a Page, &'a str)> {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| is_indexed_page(p))
        .map(|(n, p)| {
            let text = html.pages.get(n).and_then(Option::as_ref);
            (p.as_ref(), text.map_or("", |r| r.text.as_str()))
        })
}

/// A standalone page as the index knows it: no byline, date, section or
/// tags. Its URL is the one a result links to, under the site's base path.
fn page_record(p: &Page, text: &str, base_path: &str) -> Record {
    Record {
        url: scheme::published(base_path, &p.url),
        title: p.title.clone(),
        byline: String::new(),
        date: String::new(),
        date_display: String::new(),
        section: String::new(),
        tags: Vec::new(),
        summary: p.summary.clone().unwrap_or_default(),
        body: text.to_string(),
        retracted: false,
    }
}

/// Writes the index files of the edition at `root` below its search
/// folder, each part in its own, and the list of the parts after the
/// first; returns their paths, relative to the output.
pub(super) fn write(
    root: &str,
    files: Vec<search::IndexFile>,
    target: &dyn OutputTarget,
) -> Result<Vec<String>, Diagnostic> {
    let parts = files.iter().map(|f| f.part + 1).max().unwrap_or(1);
    let folders: Vec<String> = (0..parts)
        .map(|n| scheme::folder_of(&scheme::search_index_part(root, n)))
        .collect();
    let mut written = Vec::with_capacity(files.len() + 1);
    for f in files {
        let path = format!("{}{}", folders[f.part], f.path);
        target.write(&OutputFile {
            path: path.clone(),
            contents: f.contents,
        })?;
        written.push(path);
    }
    // Relative to the index folder (`part-2/`): search.js resolves them
    // against it, so the list holds wherever the site is published.
    let index = scheme::search_index(root);
    let others: Vec<String> = (1..parts)
        .map(|n| {
            let part = scheme::search_index_part(root, n);
            part.strip_prefix(&index).unwrap_or(&part).to_string()
        })
        .collect();
    let list = scheme::file_of(&scheme::search_index_parts(root));
    target.write(&OutputFile {
        path: list.clone(),
        contents: serde_json::to_vec(&others).unwrap_or_else(|_| b"[]".to_vec()),
    })?;
    written.push(list);
    Ok(written)
}

/// Waits for each edition's build indexer and writes its index; returns
/// every file written, relative to the output.
pub(super) fn finish(
    editions: &Editions,
    indexers: Vec<search::Indexer>,
    target: &dyn OutputTarget,
) -> Result<Vec<String>, Diagnostic> {
    let mut files = Vec::new();
    // Only editions with search have an indexer, in order.
    let with_search = editions.list.iter().filter(|e| e.config.search.enabled);
    for (e, indexer) in with_search.zip(indexers) {
        files.extend(write(&e.site.root, indexer.finish()?, target)?);
    }
    Ok(files)
}

/// Makes the records of one edition's articles, in its theme's words.
pub(super) struct Records<'a> {
    site: &'a Site,
    /// Results link to pages under the site's base path.
    base_path: &'a str,
    by: String,
    and: String,
    comma: String,
    months: Vec<String>,
}

impl<'a> Records<'a> {
    pub(super) fn new(site: &'a Site, renderer: &Renderer, base_path: &'a str) -> Records<'a> {
        Records {
            site,
            base_path,
            by: renderer.word("by", "By"),
            and: renderer.word("and", "and"),
            comma: renderer.word("comma", ", "),
            months: renderer.months(),
        }
    }

    /// Hands article `i` to `indexer`: its record, or nothing for a draft
    /// or a scheduled piece.
    pub(super) fn offer(&self, indexer: &search::Indexer, i: usize, h: &ArticleHtml) {
        let a = &self.site.articles[i];
        let record = is_indexed(a).then(|| self.record(a, h));
        indexer.offer(i, record);
    }

    fn record(&self, a: &Article, h: &ArticleHtml) -> Record {
        let site = self.site;
        let names: Vec<&str> = names(site, a).collect();
        Record {
            url: scheme::published(self.base_path, &a.url),
            title: a.title.clone(),
            byline: byline(&names, &self.by, &self.and, &self.comma),
            date: a.date.iso(),
            date_display: a.date.display(&self.months),
            section: site
                .sections
                .get(a.section)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            tags: a
                .tags
                .iter()
                .filter_map(|t| site.tags.get(t).map(|t| t.name.clone()))
                .collect(),
            summary: strip_tags(&h.summary_html),
            body: h.body.text.clone(),
            retracted: a.retracted(),
        }
    }
}

/// "By A, B and C" in the theme's words.
fn byline(names: &[&str], by: &str, and: &str, comma: &str) -> String {
    match names {
        [] => String::new(),
        [one] => format!("{by} {one}"),
        [rest @ .., last] => format!("{by} {} {and} {last}", rest.join(comma)),
    }
}

/// For a preview, after a successful run: the work that brings the
/// search index up to date with the editions it left in `states`, or `None`
/// when nothing the index holds changed since the last work handed out (a
/// template, a stylesheet, a draft, a scheduled piece). Every edition is
/// indexed again when one changed: pagefind cannot update part of an index.
pub(super) fn work(states: &mut [EditionState]) -> Option<SearchWork> {
    let mut changed = false;
    let mut now = Vec::with_capacity(states.len());
    for state in states.iter() {
        let (Some(last), Some(prepared)) = (state.last.as_ref(), state.prepared.as_ref()) else {
            now.push(None);
            continue;
        };
        let fingerprint = last
            .config
            .search
            .enabled
            .then(|| fingerprint(last, &prepared.renderer));
        changed |= fingerprint != state.search;
        now.push(fingerprint);
    }
    if !changed {
        return None;
    }
    let mut editions = Vec::new();
    for (state, fingerprint) in states.iter_mut().zip(now) {
        let (Some(last), Some(prepared)) = (state.last.as_ref(), state.prepared.as_ref()) else {
            continue;
        };
        state.search = fingerprint;
        if fingerprint.is_none() {
            continue;
        }
        let base_path = last.config.base_path();
        let make = Records::new(&last.site, &prepared.renderer, base_path);
        let records = indexed(&last.site, &last.html)
            .map(|(a, h)| make.record(a, h))
            .chain(pages(&last.site, &last.html).map(|(p, text)| page_record(p, text, base_path)))
            .collect();
        editions.push((
            last.site.root.clone(),
            last.config.edition.lang.clone(),
            records,
            last.config.search.part_size,
        ));
    }
    Some(SearchWork { editions })
}

#[cfg(test)]
mod tests {
    #[test]
    fn bylines_in_words() {
        assert_eq!(super::byline(&["A"], "By", "and", ", "), "By A");
        assert_eq!(
            super::byline(&["A", "B", "C"], "By", "and", ", "),
            "By A, B and C"
        );
    }
}
