//! The templates and render steps: pages. Templates are compiled once with tera 2;
//! every route of the table that comes from a template (pages, feeds, the
//! sitemap, redirects) is rendered in parallel and handed to the output
//! stage as soon as it is ready.

mod context;
pub mod corrections;
mod corrections_pages;
pub mod jsonld;
mod languages;
mod machine;
mod pages;
mod people;
pub mod related;
mod scope;
mod site_pages;
mod subpath;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::scheme;
use crate::theme::Theme;
pub use context::Cards;
pub use pages::{ArticlePages, Rendering, Sink, render_site, renders};
pub use scope::{Dirty, Scope};

/// A file to write, relative to the output folder (`/`-separated, validated).
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// The compiled templates and what every page shares.
pub struct Renderer {
    tera: Tera,
    /// Template name -> (file to name in errors, its text).
    sources: HashMap<String, (PathBuf, String)>,
    pub words: toml::Table,
    /// The CSL styles of "Cite this", decoded once.
    pub citations: crate::cite::Styles,
}

#[derive(Serialize)]
struct SiteValues<'a> {
    title: &'a str,
    short_title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    dir: &'static str,
    theme: toml::Table,
    menu: Vec<crate::config::MenuItem>,
    /// `[head] html`: added by base.html outside any block, so that no
    /// template that replaces `head` can drop it.
    head: Option<&'a str>,
}

/// The site's fixed addresses, for links in templates (`urls` in
/// docs/templates.md): templates ask here rather than spell them.
#[derive(Serialize)]
struct SiteUrls {
    /// This edition's home page.
    home: String,
    authors: String,
    tags: String,
    series: String,
    /// None when the site has no search (`[search] enabled = false`).
    search: Option<String>,
    /// This edition's Atom feed.
    feed: String,
    /// The RSS 2.0 twin of this edition's feed.
    rss: String,
    /// This edition's log of corrections.
    corrections: String,
}

impl SiteUrls {
    fn new(root: &str, search: bool) -> SiteUrls {
        SiteUrls {
            home: root.to_string(),
            authors: scheme::authors(root),
            tags: scheme::tags(root),
            series: scheme::series_index(root),
            search: search.then(|| scheme::search(root)),
            feed: scheme::feed(root),
            rss: scheme::rss(root),
            corrections: scheme::corrections(root),
        }
    }
}

impl Renderer {
    /// Compiles the theme's templates, with the site's overrides first.
    pub fn new(theme: &Theme, config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let prefixes = vec![
            "site/".to_string(),
            "theme/".to_string(),
            "default/".to_string(),
        ];
        if let Err(e) = tera.set_fallback_prefixes(prefixes) {
            return Err(vec![Diagnostic::error(
                "templates",
                format!("cannot set up templates: {e}"),
            )]);
        }
        let mut sources = HashMap::new();
        let mut batch = Vec::new();
        let mut errors = Vec::new();
        for (layer, name, file) in &theme.templates {
            let full = format!("{}{name}", layer.prefix());
            match String::from_utf8(file.bytes.clone()) {
                Ok(text) => {
                    sources.insert(full.clone(), (file.display.clone(), text.clone()));
                    batch.push((full, text));
                }
                Err(_) => errors.push(Diagnostic::error(
                    &file.display,
                    "this template is not UTF-8 text",
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut renderer = Renderer {
            tera,
            sources,
            words: theme.words.clone(),
            citations: crate::cite::Styles::new(
                &config.citation.styles,
                &config.edition.lang,
                &theme.words,
            ),
        };
        if let Err(e) = renderer.tera.add_raw_templates(batch) {
            return Err(renderer.template_errors(&e, None));
        }
        let language = config.edition.lang.as_str();
        let menu = config.menu.clone();
        let site = SiteValues {
            title: &config.title,
            short_title: config.short_title.as_deref().unwrap_or(&config.title),
            description: config.description.as_deref(),
            base_url: config.base_url(),
            language,
            dir: crate::config::direction(language),
            theme: config.theme_options(),
            menu,
            head: config.head.html.as_deref(),
        };
        let globals = renderer.tera.global_context();
        globals.insert("site", &site);
        globals.insert(
            "urls",
            &SiteUrls::new(&config.edition.root, config.search.enabled),
        );
        globals.insert("t", &theme.words);
        globals.insert("folio_version", env!("CARGO_PKG_VERSION"));
        Ok(renderer)
    }

    /// The theme's word for `key`, else `default`.
    pub fn word(&self, key: &str, default: &str) -> String {
        self.words
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(default)
            .to_string()
    }

    /// Month names for dates, from the theme's words.
    pub fn months(&self) -> Vec<String> {
        self.words
            .get("months")
            .and_then(|m| m.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| self.template_errors(&e, Some(template)).swap_remove(0))
    }

    /// A tera error as diagnostics pointing into the template files. Some
    /// kinds carry one structured report; others (a batch of templates that
    /// failed together) only text with `--> name:line:col` markers.
    fn template_errors(&self, e: &tera::Error, rendering: Option<&str>) -> Vec<Diagnostic> {
        let help = rendering.map(|t| {
            format!("while rendering {t}; every variable a template can use is listed in docs/templates.md")
        });
        let with_help = |d: Diagnostic| match &help {
            Some(h) => d.help(h.clone()),
            None => d,
        };
        if let Some(r) = structured_report(e) {
            let span = r.span();
            return vec![with_help(self.located(
                r.message(),
                r.filename(),
                span.start_line,
                span.start_col,
                span.end_col,
            ))];
        }
        let text = full_message(e);
        let mut found = Vec::new();
        let mut message = String::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some(m) = line.strip_prefix("error: ") {
                message = m.trim_start_matches("template error: ").to_string();
            } else if let Some(place) = line.strip_prefix("--> ") {
                let mut parts = place.rsplitn(3, ':');
                let (col, row, name) = (parts.next(), parts.next(), parts.next());
                if let (Some(col), Some(row), Some(name)) = (col, row, name)
                    && let (Ok(col), Ok(row)) = (col.parse::<usize>(), row.parse::<usize>())
                {
                    found.push(with_help(self.located(&message, name, row, col, col + 1)));
                }
            }
        }
        if found.is_empty() {
            let file = rendering.map_or_else(
                || PathBuf::from("templates"),
                |t| PathBuf::from(format!("templates/{t}")),
            );
            found.push(with_help(Diagnostic::error(
                file,
                format!("template error: {}", text.trim()),
            )));
        }
        found
    }

    /// A diagnostic at `line`/`col` (1-based line, 0-based column) of the
    /// template registered as `name`.
    fn located(
        &self,
        message: &str,
        name: &str,
        line: usize,
        col: usize,
        end_col: usize,
    ) -> Diagnostic {
        let (file, text) = self
            .sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| (PathBuf::from(name), String::new()));
        Diagnostic::error(file, format!("template error: {message}"))
            .at(&text, line, col + 1)
            .width(end_col.saturating_sub(col))
    }
}

/// The first report with a position in `e` or the errors it wraps.
fn structured_report(e: &tera::Error) -> Option<&tera::ReportError> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(t) = err.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = t.kind()
        {
            return Some(r);
        }
        current = err.source();
    }
    None
}

fn full_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n{s}"));
        source = s.source();
    }
    message
}
