//! The config step: `site.toml` -> [`Config`].
//!
//! The file is read into typed structs with unknown keys refused, so a typo
//! such as `[disclaimer]` for `[disclaimers]` is an error with a hint rather
//! than a silently missing disclaimer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, explain_unknown_field, line_col};

mod crossref;
mod deploy;
mod head;
mod languages;
mod pdf;
mod redirects;
mod urls;
mod zone;

pub use crossref::CrossrefConfig;
pub use deploy::DeployConfig;

pub use head::{HEAD_FILE, HeadConfig};
pub use languages::{
    Edition, LanguageSettings, direction, is_language_code, native_name, primary, reduplicates,
};
pub use pdf::{CACHE_DIR, PdfConfig};
pub use redirects::RedirectsFormat;
pub use zone::SiteZone;

pub const CONFIG_FILE: &str = "site.toml";

/// The site's configuration, as written in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// `theme = "name"`, or a `[theme]` table with `name` and branding keys.
    #[serde(default)]
    pub theme: ThemeSetting,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Articles per list page when a section does not say.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Named disclaimers; `default` applies to every article unless overridden.
    #[serde(default)]
    pub disclaimers: BTreeMap<String, String>,
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Lint settings for `folio check`: code -> "off" | "warning" | "error".
    #[serde(default)]
    pub check: BTreeMap<String, LintLevel>,
    /// The site's time zone, an IANA name (`Asia/Karachi`); default UTC.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The other languages the site is published in, each under `/<code>/`.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageSettings>,
    /// `timezone`, found.
    #[serde(skip)]
    pub zone: SiteZone,
    /// The edition this configuration is for (the default language's,
    /// unless made by [`Config::editions`]).
    #[serde(skip)]
    pub edition: Edition,
    /// Entries in each feed (the site's, a section's, an author's, a tag's).
    #[serde(default = "default_feed_entries")]
    pub feed_entries: usize,
    /// `[citation]`: how "Cite this" renders references.
    #[serde(default)]
    pub citation: CitationConfig,
    /// `[search]`: whether the site has a search page and index.
    #[serde(default)]
    pub search: SearchConfig,
    /// `[pdf]`: which pieces get a PDF edition (the PDF step typesets them).
    #[serde(default)]
    pub pdf: PdfConfig,
    /// `[head] html`, or the file `head.html` beside site.toml: HTML for
    /// the `<head>` of every page (found by [`load`]).
    #[serde(default)]
    pub head: HeadConfig,
    /// The licence the site's publications are under, as its address
    /// (`https://creativecommons.org/licenses/by/4.0/`).
    #[serde(default)]
    pub license: Option<String>,
    /// `[crossref]`: depositor and DOI prefix for `folio crossref`.
    #[serde(default)]
    pub crossref: Option<CrossrefConfig>,
    /// `[deploy]` as written; checked into [`Config::deploy`].
    #[serde(default, rename = "deploy")]
    deploy_table: Option<deploy::DeployTable>,
    /// `[deploy]`: where `folio deploy` uploads the site.
    #[serde(skip)]
    pub deploy: DeployConfig,
    /// The text of site.toml, so that later stages can point at a key.
    #[serde(skip)]
    pub source: String,
    /// Addresses refused by the safety rule ([`crate::safe_url`]), taken
    /// out of the configuration: errors the pipeline reports with the
    /// content's, so that one build names every unsafe address.
    #[serde(skip)]
    pub refused: Vec<Diagnostic>,
    /// The site's own `static/favicon.*`, as its address (`/favicon.png`),
    /// when there is one (found by [`load`]).
    #[serde(skip)]
    pub static_favicon: Option<String>,
}

/// `[search]` in site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// The search page, the search box in every header and the index
    /// behind them (on by default). The index is the most expensive step
    /// of a build of a large archive (see the README's Performance).
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// The most records one part of the index holds: a larger archive's
    /// index is built in parts, side by side on all cores (at most
    /// the search step's `MAX_PARTS`), and the search page merges them.
    #[serde(default = "part_size")]
    pub part_size: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            part_size: part_size(),
        }
    }
}

fn part_size() -> usize {
    2_500
}

fn enabled() -> bool {
    true
}

/// `[citation]` in site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationConfig {
    /// CSL styles of "Cite this", by the names of hayagriva's archive
    /// (`chicago-author-date`, `apa`, `harvard-cite-them-right`, ...).
    #[serde(default = "default_citation_styles")]
    pub styles: Vec<String>,
}

impl Default for CitationConfig {
    fn default() -> Self {
        CitationConfig {
            styles: default_citation_styles(),
        }
    }
}

fn default_citation_styles() -> Vec<String> {
    vec!["chicago-author-date".into(), "apa".into()]
}

/// The default theme's favicon (in its `static/`).
pub const DEFAULT_FAVICON: &str = "/favicon.svg";

/// File names a site's own favicon may have in `static/`, in order of preference.
const FAVICONS: &[&str] = &["favicon.svg", "favicon.png", "favicon.ico"];

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    Off,
    Warning,
    Error,
}

/// The theme is named either directly or inside a table of branding options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ThemeSetting {
    Name(String),
    Table(toml::Table),
}

impl Default for ThemeSetting {
    fn default() -> Self {
        ThemeSetting::Name(DEFAULT_THEME.to_string())
    }
}

pub const DEFAULT_THEME: &str = "default";

impl Config {
    /// Which theme folder to use.
    pub fn theme_name(&self) -> &str {
        match &self.theme {
            ThemeSetting::Name(name) => name,
            ThemeSetting::Table(table) => table
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or(DEFAULT_THEME),
        }
    }

    /// Branding options handed to templates as `site.theme` (logo, accent,
    /// ...), with the two every page needs always set: `favicon` (`[theme]
    /// favicon`, else the site's `static/favicon.*`, else the theme's) and
    /// `credit` (the footer's "Built with folio"; true unless switched off).
    pub fn theme_options(&self) -> toml::Table {
        let mut table = match &self.theme {
            ThemeSetting::Name(_) => toml::Table::new(),
            ThemeSetting::Table(table) => table.clone(),
        };
        if !table.contains_key("favicon") {
            let favicon = self.static_favicon.as_deref().unwrap_or(DEFAULT_FAVICON);
            table.insert("favicon".into(), favicon.into());
        }
        table.entry("credit").or_insert(true.into());
        table
    }

    /// `base_url` without its trailing slash, so `base + "/path/"` is one slash.
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The path the site is published under (`/research`), or `""`
    /// (see [`crate::scheme::base_path`]).
    pub fn base_path(&self) -> &str {
        crate::scheme::base_path(self.base_url())
    }

    pub fn default_disclaimer(&self) -> Option<&str> {
        self.disclaimers.get("default").map(String::as_str)
    }

    /// The configuration of every edition: the default language's (this
    /// one), then one per `[languages.<code>]`, with that table's title,
    /// description, menu and disclaimers in place of the site's.
    pub fn editions(&self) -> Vec<Config> {
        let mut all = vec![self.clone()];
        for (code, l) in &self.languages {
            let mut c = self.clone();
            if let Some(t) = &l.title {
                c.title = t.clone();
            }
            if l.short_title.is_some() {
                c.short_title = l.short_title.clone();
            }
            if l.description.is_some() {
                c.description = l.description.clone();
            }
            if let Some(m) = &l.menu {
                c.menu = m.clone();
            }
            c.disclaimers.extend(l.disclaimers.clone());
            c.edition = Edition {
                lang: code.clone(),
                root: crate::scheme::edition_root(Some(code)),
                is_default: false,
                name: l.name.clone().unwrap_or_else(|| native_name(code)),
            };
            all.push(c);
        }
        all
    }

    /// Whether site.toml sets `key` (anywhere, in any table).
    pub fn sets(&self, key: &str) -> bool {
        find_key_line(&self.source, key).is_some()
    }

    /// Points `d` at the line of site.toml where `key = ...` is written
    /// (its first occurrence; keys may be quoted), underlining the key.
    pub fn point(&self, key: &str, d: Diagnostic) -> Diagnostic {
        let mut d = d;
        d.file = PathBuf::from(CONFIG_FILE);
        match find_key_line(&self.source, key) {
            Some(line) => {
                let column = self.source.lines().nth(line - 1).map_or(1, |l| {
                    l.chars().take_while(|c| c.is_whitespace()).count() + 1
                });
                d.at(&self.source, line, column).width(key.chars().count())
            }
            None => d,
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_paginate_by() -> usize {
    10
}
fn default_feed_entries() -> usize {
    20
}

/// Finds the site root: the folder given, or the nearest folder upwards from
/// `start` that holds a `site.toml`.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, Diagnostic> {
    if let Some(root) = explicit {
        if root.join(CONFIG_FILE).is_file() {
            return Ok(root.to_path_buf());
        }
        return Err(Diagnostic::error(
            root.join(CONFIG_FILE),
            format!(
                "there is no site.toml in {} (the folder given with --root)",
                root.display()
            ),
        )
        .help("point --root at the folder that holds site.toml and content/"));
    }
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(CONFIG_FILE).is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(Diagnostic::error(
        CONFIG_FILE,
        "no site.toml here or in any folder above: run `folio init DIR` to start a site",
    )
    .help(format!(
        "or run folio inside a site's folder, or pass --root DIR (looked in {} and the folders above it)",
        start.display()
    )))
}

/// Where `key` of `[crossref]` (or, with None, the table itself) is
/// written in site.toml: line and column.
pub fn crossref_place(text: &str, key: Option<&str>) -> Option<(usize, usize)> {
    crossref::place(text, key)
}

/// Reads and validates `root/site.toml`.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![Diagnostic::error(
            CONFIG_FILE,
            format!("cannot read site.toml: {e}"),
        )]
    })?;
    let mut config = parse(&text)?;
    head::read_head_file(root, &mut config)?;
    // The static folder is read by the content stage; only whether it has
    // a favicon matters here, for every page's <link rel="icon">.
    config.static_favicon = FAVICONS
        .iter()
        .find(|name| root.join("static").join(name).is_file())
        .map(|name| crate::scheme::static_file(name));
    Ok(config)
}

/// Parses the text of a `site.toml`; positions refer to that text.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut config: Config = toml::from_str(text).map_err(|e| vec![toml_error(text, &e)])?;
    config.source = text.to_string();
    config.edition = Edition {
        lang: config.language.clone(),
        root: crate::scheme::edition_root(None),
        is_default: true,
        name: native_name(&config.language),
    };
    let mut errors = Vec::new();
    if let Some(name) = &config.timezone {
        match SiteZone::named(name) {
            Ok(z) => config.zone = z,
            Err(why) => errors.push(at_key(
                text,
                "timezone",
                &format!("`{name}` is not a time zone folio knows ({why})"),
                "write an IANA zone name such as timezone = \"Asia/Karachi\" or \"Europe/London\"",
            )),
        }
    }
    for code in config.languages.keys() {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(&format!("[languages.{code}]")))
            .map_or(1, |i| i + 1);
        let problem = if !languages::valid_code(code) {
            Some(format!(
                "`{code}` cannot name a language: write its code in lower case, such as `ur` or `pt-br`"
            ))
        } else if *code == config.language {
            Some(format!(
                "`{code}` is the site's own language already (language = \"{code}\")"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            errors.push(
                Diagnostic::error(CONFIG_FILE, message)
                    .at(text, line, 1)
                    .help("[languages.<code>] adds an edition in another language, published under /<code>/"),
            );
        }
    }
    match config.deploy_table.take().map(|t| t.check(text)) {
        Some(Ok(d)) => config.deploy = d,
        Some(Err(e)) => errors.extend(e),
        None => {}
    }
    let find = |key: &str| find_key_line(text, key);
    if config.title.trim().is_empty() {
        errors.push(at_key(
            text,
            "title",
            "the site title is empty",
            "write the site's name, e.g. title = \"Centre for Development and Stability\"",
        ));
    }
    if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
        errors.push(at_key(
            text,
            "base_url",
            "base_url must be an absolute http(s) address",
            "write the address the site is published at, e.g. base_url = \"https://cds.example.org\"",
        ));
    }
    if config.paginate_by == 0 {
        errors.push(at_key(
            text,
            "paginate_by",
            "paginate_by must be at least 1",
            "use a number such as 10",
        ));
    }
    if config.feed_entries == 0 {
        errors.push(at_key(
            text,
            "feed_entries",
            "feed_entries must be at least 1",
            "use a number such as 20 (the default)",
        ));
    }
    if config.search.part_size == 0 {
        errors.push(at_key(
            text,
            "part_size",
            "part_size under [search] must be at least 1",
            "use a number such as 2500 (the default): the most records one part of the search index holds",
        ));
    }
    if let ThemeSetting::Table(t) = &config.theme
        && let Some(v) = t.get("name")
        && !v.is_str()
    {
        errors.push(at_key(
            text,
            "name",
            "the theme name must be a string",
            "write name = \"default\"",
        ));
    }
    if let ThemeSetting::Table(t) = &config.theme {
        if t.get("credit").is_some_and(|v| !v.is_bool()) {
            errors.push(at_key(
                text,
                "credit",
                "`credit` under [theme] must be true or false",
                "write credit = false to leave \"Built with folio\" out of the footer",
            ));
        }
        if t.get("favicon").is_some_and(|v| !v.is_str()) {
            errors.push(at_key(
                text,
                "favicon",
                "`favicon` under [theme] must be the icon's address, in quotes",
                "write favicon = \"/icon.png\" and put icon.png in static/",
            ));
        }
    }
    let theme = config.theme_name();
    if theme.is_empty() || theme.contains(['/', '\\']) || theme == "." || theme == ".." {
        let line = find("theme").or_else(|| find("name")).unwrap_or(1);
        errors.push(
            Diagnostic::error(CONFIG_FILE, format!("`{theme}` is not a theme folder name"))
                .at(text, line, 1)
                .help("name a folder under themes/, e.g. theme = \"default\""),
        );
    }
    config.refused = urls::refuse_unsafe(text, &mut config);
    if !errors.is_empty() {
        errors.append(&mut config.refused);
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

fn at_key(text: &str, key: &str, message: &str, help: &str) -> Diagnostic {
    let line = find_key_line(text, key).unwrap_or(1);
    Diagnostic::error(CONFIG_FILE, message)
        .at(text, line, 1)
        .width(key.len())
        .help(help)
}

/// The line on which `key = ...` is written (the first, if several tables
/// have it); the key may be quoted.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches(['"', '\'']);
            l.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with('=')
            })
        })
        .map(|i| i + 1)
}

fn toml_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let (line, column, width) = match e.span() {
        Some(span) => {
            let (l, c) = line_col(text, span.start);
            (
                l,
                c,
                text.get(span.clone())
                    .map_or(1, |s| s.chars().count().clamp(1, 40)),
            )
        }
        None => (1, 1, 1),
    };
    let mut d = Diagnostic::error(CONFIG_FILE, first_line(&message))
        .at(text, line, column)
        .width(width);
    if let Some((field, expected, suggestion)) = explain_unknown_field(&message) {
        d.message = format!("unknown key `{field}` in site.toml");
        d = d.help(match suggestion {
            Some(s) => format!("did you mean `{s}`? (known keys here: {expected})"),
            None => format!("known keys here: {expected}"),
        });
    } else if message.starts_with("missing field") {
        d = d.help("add it to site.toml; see the README's site.toml reference");
    }
    d
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

    #[test]
    fn minimal_config_has_defaults() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.theme_name(), "default");
        assert_eq!(c.base_url(), "https://example.org");
        assert_eq!(c.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn theme_table_names_theme_and_carries_branding() {
        let c = parse(&format!(
            "{MINIMAL}[theme]\nname = \"plain\"\naccent = \"#123456\"\n"
        ))
        .unwrap();
        assert_eq!(c.theme_name(), "plain");
        assert_eq!(c.theme_options()["accent"].as_str(), Some("#123456"));
    }

    #[test]
    fn unknown_key_gets_position_and_hint() {
        let errs = parse(&format!("{MINIMAL}[disclaimer]\ndefault = \"x\"\n")).unwrap_err();
        let e = &errs[0];
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unknown key `disclaimer`"), "{e}");
        assert!(
            e.help
                .as_deref()
                .unwrap()
                .contains("did you mean `disclaimers`"),
            "{e}"
        );
    }

    #[test]
    fn relative_base_url_is_refused() {
        let errs = parse("title = \"T\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert_eq!(errs[0].line, 2);
    }
}
