//! The PDF step: for every article that has a PDF edition, its data
//! ([`article_data`]), a cache key over everything that goes in, and a PDF
//! from the cache or typeset by typst with the theme's `pdf/report.typ`.
//! Errors in the template are reported at the template's line.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::Stats;
use super::cache::{self, Cache, Key};
use super::data::{self, Resolve};
use super::world::{Fonts, MemWorld};
use crate::config::Config;
use crate::content::{Article, Byline, Site};
use crate::diagnostics::Diagnostic;
use crate::output::OutputTarget;
use crate::render::OutputFile;
use crate::scheme;
use crate::theme::Theme;

/// The template's name inside a theme's `pdf/` folder.
pub const TEMPLATE: &str = "report.typ";

/// What the PDF step of one edition reads besides the site.
pub struct Edition<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub citations: &'a crate::cite::Styles,
}

/// How many typesettings a memoized result of typst outlives unused.
const MEMO_GENERATIONS: usize = 8;

/// The stack of a thread that typesets (see [`typeset_site`]).
const TYPESET_STACK: usize = 64 << 20;

/// Each PDF's size in bytes, by the index of its article.
pub type Sizes = Vec<(usize, u64)>;

/// One article's PDF, made or found.
struct Made {
    index: usize,
    key: String,
    size: u64,
    typeset: bool,
}

/// Typesets (or takes from the cache) the PDF of every article of `site`
/// that has one, writes them into `target`, and returns each one's size
/// by article index; the cache keys of its PDFs are added to `used`. All errors
/// are returned at once. `only`, when given, limits the work to the
/// articles it accepts (a preview's edit: the others' PDFs are as they were).
pub fn typeset_site(
    ed: &Edition<'_>,
    site: &Site,
    target: &dyn OutputTarget,
    used: &mut Vec<String>,
    only: Option<&dyn Fn(&Article) -> bool>,
) -> Result<(Stats, Sizes), Vec<Diagnostic>> {
    let wanted: Vec<usize> = (0..site.articles.len())
        .filter(|&i| site.articles[i].pdf_typeset)
        .filter(|&i| only.is_none_or(|only| only(&site.articles[i])))
        .collect();
    if wanted.is_empty() {
        return Ok(Default::default());
    }
    let Some(template) = ed.theme.pdf.get(TEMPLATE) else {
        return Err(vec![
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("the theme has no pdf/{TEMPLATE} to typeset PDFs with"),
            )
            .help("add the file to the theme, or turn PDFs off with `[pdf] enabled = false`"),
        ]);
    };
    let template_text = String::from_utf8_lossy(&template.bytes).into_owned();
    let font_files: Vec<&[u8]> = ed
        .theme
        .pdf
        .iter()
        .filter(|(p, _)| p.ends_with(".ttf") || p.ends_with(".otf"))
        .map(|(_, f)| f.bytes.as_slice())
        .collect();
    let fonts = Fonts::new(&font_files);
    let mut theme_key = Key::new();
    theme_key.add(template_text.as_bytes());
    for f in &font_files {
        theme_key.add(f);
    }
    let theme_key = theme_key.finish();
    let cache = Cache::new(Some(cache::folder(ed.root, &ed.config.pdf.cache_dir)));
    let shared = Shared {
        ed,
        site,
        fonts: &fonts,
        template: &template_text,
        template_file: &template.display,
        theme_key: &theme_key,
        cache: &cache,
    };
    let typeset = || -> Vec<Result<Made, Diagnostic>> {
        wanted.par_iter().map(|&i| shared.one(i, target)).collect()
    };
    // typst lays a document out recursively: a report of a few thousand
    // words overflowed the 2 MiB a thread of rayon's pool gets (the
    // 1,000-article corpus of bench/ did). Its own threads get room; the
    // stack is only reserved, not used.
    let results = match rayon::ThreadPoolBuilder::new()
        .stack_size(TYPESET_STACK)
        .thread_name(|i| format!("folio-pdf-{i}"))
        .build()
    {
        Ok(pool) => pool.install(typeset),
        Err(_) => typeset(),
    };
    let mut stats = Stats::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut sizes = Vec::new();
    for r in results {
        match r {
            Ok(m) => {
                if m.typeset {
                    stats.typeset += 1;
                } else {
                    stats.reused += 1;
                }
                sizes.push((m.index, m.size));
                used.push(m.key);
            }
            // A template error is the same for every article: said once.
            Err(d) => {
                if !errors.iter().any(|e| e.to_string() == d.to_string()) {
                    errors.push(d);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((stats, sizes))
}

struct Shared<'a> {
    ed: &'a Edition<'a>,
    site: &'a Site,
    fonts: &'a Fonts,
    template: &'a str,
    template_file: &'a Path,
    theme_key: &'a str,
    cache: &'a Cache,
}

impl Shared<'_> {
    fn one(&self, i: usize, target: &dyn OutputTarget) -> Result<Made, Diagnostic> {
        let a = &self.site.articles[i];
        let (json, files) = article_data(self.ed, self.site, a);
        let json = serde_json::to_vec(&json).unwrap_or_default();
        let mut key = Key::new();
        key.add(self.theme_key.as_bytes()).add(&json);
        for (name, bytes) in &files {
            key.add(name.as_bytes()).add(bytes);
        }
        let key = key.finish();
        let (pdf, typeset) = match self.cache.get(&key) {
            Some(pdf) => (pdf, false),
            None => {
                let pdf = self.compile(a, json, files)?;
                self.cache.put(&key, &pdf);
                (pdf, true)
            }
        };
        let size = pdf.len() as u64;
        let path = scheme::file_of(&scheme::pdf(&a.url, &a.slug));
        target.write(&OutputFile {
            path,
            contents: pdf,
        })?;
        Ok(Made {
            index: i,
            key,
            size,
            typeset,
        })
    }

    fn compile(
        &self,
        a: &Article,
        json: Vec<u8>,
        mut files: BTreeMap<String, Arc<Vec<u8>>>,
    ) -> Result<Vec<u8>, Diagnostic> {
        files.insert("/article.json".into(), Arc::new(json));
        let day = a.date.day();
        let today = {
            use chrono::Datelike;
            (day.year(), day.month() as u8, day.day() as u8)
        };
        let world = MemWorld::new(self.fonts, self.template, files, today);
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| self.error(&world, a, &errs))?;
        let options = |standards| PdfOptions {
            ident: Smart::Custom(format!("folio:{}", a.url)),
            creator: Smart::Custom(Some(format!("folio {}", env!("CARGO_PKG_VERSION")))),
            standards,
            ..PdfOptions::default()
        };
        // PDF/UA-1 where the document meets it; a theme's template that
        // does not (an image without alt text) still gets a tagged PDF.
        let ua = PdfStandards::new(&[PdfStandard::Ua_1]).unwrap_or_default();
        let pdf = typst_pdf::pdf(&doc, &options(ua))
            .or_else(|_| typst_pdf::pdf(&doc, &options(PdfStandards::default())))
            .map_err(|errs| self.error(&world, a, &errs));
        // typst memoizes what it laid out for the process's lifetime: 2,500
        // reports held 13 GiB. Keep only what the last few documents used
        // (the fonts and the template stay warm).
        typst::comemo::evict(MEMO_GENERATIONS);
        pdf
    }

    /// The first of typst's errors, at the template's line.
    fn error(
        &self,
        world: &MemWorld<'_>,
        a: &Article,
        errs: &[typst::diag::SourceDiagnostic],
    ) -> Diagnostic {
        let Some(e) = errs.first() else {
            return Diagnostic::error(&a.source, "typst could not typeset this article's PDF");
        };
        let mut message = format!("typst: {}", e.message);
        for hint in &e.hints {
            message.push_str(&format!(" (hint: {})", hint.v));
        }
        let d = Diagnostic::error(self.template_file, message);
        let d = match world.line_of(e) {
            Some(line) => d.at(self.template, line, 1),
            None => d,
        };
        d.help(format!(
            "the PDF template stopped on {} (the first such article); fix the template, or remove the theme's pdf/report.typ to use the default",
            a.source.display()
        ))
    }
}

/// The article as the template's data, and the files it may read.
pub fn article_data(
    ed: &Edition<'_>,
    site: &Site,
    a: &Article,
) -> (Value, BTreeMap<String, Arc<Vec<u8>>>) {
    let config = ed.config;
    let resolver = Files {
        base: config.base_url(),
        page: &a.url,
        site,
        found: RefCell::new(BTreeMap::new()),
    };
    // typst takes the language alone (`ur`), not a tag with a region.
    let lang = crate::config::primary(a.lang.as_deref().unwrap_or(&config.edition.lang));
    let authors: Vec<Value> = a
        .authors
        .iter()
        .filter_map(|b| match b {
            Byline::Profile(slug) => site.authors.get(slug).map(|p| &p.person),
            Byline::Inline(p) => Some(p),
        })
        .map(|p| json!({"name": p.name, "affiliation": p.affiliation}))
        .collect();
    let months: Vec<String> = ed
        .theme
        .words
        .get("months")
        .and_then(|m| m.as_array())
        .map(|m| {
            m.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let day = a.date.day();
    let words = words(ed.theme);
    let sources = source_words(&words);
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let body = data::blocks(&a.body, &resolver, &sources);
    let disclaimer = a
        .disclaimer
        .as_deref()
        .map(|d| data::blocks(d, &resolver, &sources))
        .unwrap_or_default();
    let author_note = site
        .author_note(a)
        .map(|n| data::blocks(&n, &resolver, &sources))
        .unwrap_or_default();
    let about = config
        .pdf
        .about
        .as_deref()
        .or(config.description.as_deref())
        .map(|t| data::blocks(t, &resolver, &sources))
        .unwrap_or_default();
    let logo = logo(config, &resolver);
    let kind_label = words["pdf_types"][a.kind.as_str()]
        .as_str()
        .map(str::to_string);
    let author_note_heading = if authors.len() > 1 {
        &words["about_the_authors"]
    } else {
        &words["about_the_author"]
    }
    .clone();
    let series = a
        .series
        .as_ref()
        .and_then(|s| site.series.get(s))
        .map(|s| s.title.clone());
    let value = json!({
        "site": {
            "title": config.title,
            "short_title": config.short_title.as_deref().unwrap_or(&config.title),
            "url": scheme::absolute(config.base_url(), &site.root),
            "logo": logo,
            "accent": accent(config),
            "about": about,
        },
        "lang": lang,
        "dir": crate::config::direction(&lang),
        "kind": a.kind.as_str(),
        "kind_label": kind_label,
        "series": series,
        "report_number": a.report_number,
        "title": a.title,
        "subtitle": a.subtitle,
        "running_head": running_head(&a.title),
        "authors": authors,
        "date": [day_parts(day).0, day_parts(day).1, day_parts(day).2],
        "date_display": a.date.display(&months),
        "doi": a.doi.as_deref().map(crate::cite::bare_doi),
        "url": scheme::absolute(config.base_url(), &a.url),
        "corrections": corrections(a, &words, &months, &|t| data::blocks(t, &resolver, &sources)),
        "retracted": a.retracted(),
        "summary": a.summary,
        "keywords": a.tags.iter().map(|t| site.tags.get(t).map_or(t.as_str(), |t| t.name.as_str())).collect::<Vec<_>>(),
        "disclaimer": disclaimer,
        "author_note": author_note,
        "author_note_heading": author_note_heading,
        "cite_as": cite_as(ed, site, a),
        "toc": a.toc,
        "number_figures": crate::markdown::figures::numbers_figures(a.kind),
        "words": words,
        "body": body,
    });
    (value, resolver.found.into_inner())
}

/// The article's record of changes, oldest first, each with the theme's
/// word for its kind: the cover shows the latest, the end the whole log.
fn corrections(
    a: &Article,
    words: &Value,
    months: &[String],
    blocks: &dyn Fn(&str) -> Vec<Value>,
) -> Vec<Value> {
    a.corrections
        .iter()
        .map(|c| {
            let key = format!("correction_kind_{}", c.kind.as_str());
            json!({
                "kind": c.kind.as_str(),
                "label": words[key.as_str()].as_str().unwrap_or(c.kind.as_str()),
                "date_display": c.date.display(months),
                "text": blocks(&c.text),
            })
        })
        .collect()
}

fn day_parts(d: chrono::NaiveDate) -> (i32, u32, u32) {
    use chrono::Datelike;
    (d.year(), d.month(), d.day())
}

/// The title in the running header, shortened to a line.
fn running_head(title: &str) -> String {
    const MAX: usize = 70;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end())
}

/// The site's accent colour (`[theme] accent`), else the default theme's.
fn accent(config: &Config) -> String {
    config
        .theme_options()
        .get("accent")
        .and_then(|v| v.as_str())
        .filter(|c| {
            c.starts_with('#')
                && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
                && matches!(c.len(), 4 | 7)
        })
        .unwrap_or("#0b5d3b")
        .to_string()
}

/// The site's logo (`[theme] logo`) when it is a file of the site.
fn logo(config: &Config, files: &Files<'_>) -> Option<String> {
    let opts = config.theme_options();
    let url = opts.get("logo")?.as_str()?;
    files.image(url)
}

/// "Cite as": the reference in the site's first citation style, as text.
fn cite_as(ed: &Edition<'_>, site: &Site, a: &Article) -> Option<String> {
    let summary = a.summary.clone().unwrap_or_default();
    let reference = crate::cite::reference(ed.config, site, a, &summary);
    let item = serde_json::from_value(reference.csl_json()).ok()?;
    let first = ed
        .citations
        .render(&item, &reference.language)
        .into_iter()
        .next()?;
    Some(crate::escape::strip_tags(&first.html))
}

/// The edition's words that open a figure's source line (the web page's).
fn source_words(words: &Value) -> Vec<String> {
    let found: Vec<String> = ["figure_source", "figure_sources"]
        .iter()
        .filter_map(|k| words[k].as_str().map(str::to_string))
        .collect();
    if found.is_empty() {
        vec!["Source".into(), "Sources".into()]
    } else {
        found
    }
}

/// The theme's words the template uses, with the PDF's own as defaults.
fn words(theme: &Theme) -> Value {
    let mut words = serde_json::to_value(&theme.words).unwrap_or_else(|_| json!({}));
    let defaults = json!({
        "pdf_cite_as": "Cite as",
        "pdf_about": "About",
        "figure": "Figure",
        "disclaimer": "Disclaimer",
        "table_of_contents": "Contents",
        "about_the_author": "About the author",
        "about_the_authors": "About the authors",
        "pdf_types": {},
        "corrections_log": "Corrections and updates",
        "retracted_notice": "This article has been retracted",
    });
    if let (Some(w), Some(d)) = (words.as_object_mut(), defaults.as_object()) {
        for (k, v) in d {
            w.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if !w["figure"].is_string() {
            w["figure"] = w.get("pdf_figure").cloned().unwrap_or(json!("Figure"));
        }
    }
    words
}

/// Links and images of a body as the PDF has them: links absolute, images
/// read from the site's files and handed to typst by virtual path.
struct Files<'a> {
    base: &'a str,
    page: &'a str,
    site: &'a Site,
    found: RefCell<BTreeMap<String, Arc<Vec<u8>>>>,
}

/// The image formats typst reads.
const IMAGE_TYPES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

impl Files<'_> {
    /// A site path for `dest` as written in a page at `self.page`.
    fn site_path(&self, dest: &str) -> Option<String> {
        let dest = dest.split(['#', '?']).next()?;
        if dest.is_empty() || crate::safe_url::has_scheme(dest) || dest.starts_with("//") {
            return None;
        }
        if dest.starts_with('/') {
            return Some(dest.to_string());
        }
        let mut parts: Vec<&str> = self.page.split('/').filter(|s| !s.is_empty()).collect();
        for seg in dest.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let trailing = if dest.ends_with('/') { "/" } else { "" };
        Some(format!("/{}{trailing}", parts.join("/")))
    }
}

impl Resolve for Files<'_> {
    fn link(&self, dest: &str) -> Option<String> {
        let d = dest.trim();
        let lower = d.to_ascii_lowercase();
        if lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:")
        {
            return Some(d.to_string());
        }
        if d.starts_with('#') || crate::safe_url::has_scheme(d) || d.starts_with("//") {
            return None;
        }
        let path = self.site_path(d)?;
        let frag = d.find('#').map(|i| &d[i..]).unwrap_or("");
        Some(format!("{}{path}{frag}", self.base))
    }

    fn image(&self, dest: &str) -> Option<String> {
        let path = self.site_path(dest.trim())?;
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        if !IMAGE_TYPES.contains(&ext.as_str()) {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(&path)
            .decode_utf8()
            .ok()?;
        // Named by the file's place in the site's lists: the same image
        // twice is one file, and the names are the same from run to run.
        let (index, file) = self
            .site
            .assets
            .iter()
            .chain(&self.site.statics)
            .enumerate()
            .find(|(_, f)| f.url == path || f.url == decoded)?;
        let name = format!("/img/{index}.{ext}");
        let mut found = self.found.borrow_mut();
        if found.contains_key(&name) {
            return Some(name);
        }
        let bytes = std::fs::read(&file.from).ok()?;
        found.insert(name.clone(), Arc::new(bytes));
        Some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_head_is_a_line() {
        assert_eq!(running_head("Short"), "Short");
        let long = "word ".repeat(30);
        let head = running_head(&long);
        assert!(head.chars().count() <= 71 && head.ends_with('…'));
    }

    #[test]
    fn reference_html_to_text() {
        assert_eq!(
            crate::escape::strip_tags("Malik, A. <i>Title &amp; more</i>. CDS."),
            "Malik, A. Title & more. CDS."
        );
    }
}
