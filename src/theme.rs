//! The theme step: finding the theme's files, which rendering compiles
//! and the checks read (its words). The default theme is
//! embedded in the binary; a site can bring its own theme in `themes/NAME/`
//! (missing files fall back to the default theme) and override single
//! templates in `templates/NAME.html`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{Config, DEFAULT_THEME};
use crate::diagnostics::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// One file of a theme, with the path a user should be shown for it.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub display: PathBuf,
    pub bytes: Vec<u8>,
}

/// The layers that make up the look of a site, most specific first.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name ("article.html") -> layers that define it: site
    /// override, chosen theme, embedded default.
    pub templates: Vec<(Layer, String, ThemeFile)>,
    /// Static files by output path; the chosen theme's win over the default's.
    pub statics: BTreeMap<String, ThemeFile>,
    /// The theme's words for the site's language, with English filling gaps.
    pub words: toml::Table,
    /// The words English has and the language's table lacks, and the file
    /// that table is (or would be) read from.
    pub untranslated: Vec<String>,
    pub words_file: PathBuf,
    /// The PDF edition's files (`pdf/report.typ`, `pdf/fonts/…`) by path
    /// below `pdf/`; the chosen theme's win over the default's.
    pub pdf: BTreeMap<String, ThemeFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    Site,
    Theme,
    Default,
}

impl Layer {
    pub fn prefix(self) -> &'static str {
        match self {
            Layer::Site => "site/",
            Layer::Theme => "theme/",
            Layer::Default => "default/",
        }
    }
}

/// Reads the theme files the build needs.
pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut errors = Vec::new();
    let name = config.theme_name();
    let folder = root.join("themes").join(name);
    let on_disk = folder.is_dir();
    if !on_disk && name != DEFAULT_THEME {
        return Err(vec![Diagnostic::error(
            crate::config::CONFIG_FILE,
            format!("the theme `{name}` was not found: there is no folder themes/{name}/"),
        )
        .help("create the folder, or remove `theme` from site.toml to use the built-in default theme")]);
    }

    let default_files: Vec<(String, ThemeFile)> = embedded::FILES
        .iter()
        .map(|(path, bytes)| {
            let display = PathBuf::from(format!("(built-in theme) {path}"));
            (
                path.to_string(),
                ThemeFile {
                    display,
                    bytes: bytes.to_vec(),
                },
            )
        })
        .collect();
    let disk_files = if on_disk {
        read_tree(root, &folder, &mut errors)
    } else {
        Vec::new()
    };
    let site_templates = read_tree(root, &root.join("templates"), &mut errors);

    // The chosen theme is always reachable as `theme/NAME` (so an override can
    // extend "theme/article.html"); the embedded default stands behind a theme
    // on disk as `default/NAME`, filling in what it lacks.
    let layers = if on_disk {
        vec![
            (Layer::Default, &default_files),
            (Layer::Theme, &disk_files),
        ]
    } else {
        vec![(Layer::Theme, &default_files)]
    };
    let mut lang_files: BTreeMap<String, (u8, ThemeFile)> = BTreeMap::new();
    for (layer, files) in layers {
        for (path, file) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                theme
                    .templates
                    .push((layer, name.to_string(), file.clone()));
            } else if let Some(p) = path.strip_prefix("pdf/") {
                theme.pdf.insert(p.to_string(), file.clone());
            } else if let Some(out) = path.strip_prefix("static/") {
                theme.statics.insert(out.to_string(), file.clone());
            } else if let Some(lang) = path
                .strip_prefix("i18n/")
                .and_then(|p| p.strip_suffix(".toml"))
            {
                let rank = if layer == Layer::Theme && on_disk {
                    1
                } else {
                    0
                };
                lang_files.insert(format!("{lang}#{rank}"), (rank, file.clone()));
            }
        }
    }
    for (path, file) in site_templates {
        theme.templates.push((Layer::Site, path, file));
    }
    let words = words(&config.edition.lang, &lang_files, &mut errors);
    theme.words = words.table;
    theme.untranslated = words.untranslated;
    theme.words_file = words.file;
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

struct Words {
    table: toml::Table,
    untranslated: Vec<String>,
    file: PathBuf,
}

/// English first, then the site language on top, each from the default theme
/// then the chosen theme, so a partial translation still renders.
fn words(
    language: &str,
    files: &BTreeMap<String, (u8, ThemeFile)>,
    errors: &mut Vec<Diagnostic>,
) -> Words {
    let primary = crate::config::primary(language);
    let mut table = toml::Table::new();
    let mut translated = std::collections::BTreeSet::new();
    let mut file_name = PathBuf::from(format!("themes/{DEFAULT_THEME}/i18n/{primary}.toml"));
    let mut order = vec!["en".to_string()];
    if primary != "en" {
        order.push(primary.clone());
    }
    for lang in order {
        for rank in 0..2 {
            let Some((_, file)) = files.get(&format!("{lang}#{rank}")) else {
                continue;
            };
            let text = String::from_utf8_lossy(&file.bytes);
            match toml::from_str::<toml::Table>(&text) {
                Ok(t) => {
                    if lang == primary {
                        translated.extend(t.keys().cloned());
                        file_name = file.display.clone();
                    }
                    table.extend(t)
                }
                Err(e) => {
                    let (line, col) = e
                        .span()
                        .map_or((1, 1), |s| crate::diagnostics::line_col(&text, s.start));
                    errors.push(
                        Diagnostic::error(&file.display, e.message().to_string())
                            .at(&text, line, col),
                    );
                }
            }
        }
    }
    let untranslated = if primary == "en" {
        Vec::new()
    } else {
        table
            .keys()
            .filter(|k| !translated.contains(*k))
            .cloned()
            .collect()
    };
    Words {
        table,
        untranslated,
        file: file_name,
    }
}

/// Files under `dir` as (path relative to `dir` with `/`, file).
fn read_tree(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<(String, ThemeFile)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
        })
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::error(
                    dir.strip_prefix(root).unwrap_or(dir),
                    format!("cannot read the theme: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let display = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(bytes) => out.push((
                rel.to_string_lossy().replace('\\', "/"),
                ThemeFile { display, bytes },
            )),
            Err(e) => errors.push(Diagnostic::error(
                display,
                format!("cannot read this file: {e}"),
            )),
        }
    }
    out
}
