//! `[pdf]` in site.toml and `pdf:` in front matter: which pieces get a PDF
//! edition, and where finished PDFs are kept.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer};

use crate::content::ArticleType;

/// `[pdf]` in site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfConfig {
    /// Whether folio makes PDFs at all (on by default).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The publication types that get a PDF unless a section or an article
    /// says otherwise: reports, briefs and working papers by default.
    #[serde(default = "default_types", deserialize_with = "types")]
    pub types: Vec<ArticleType>,
    /// Where finished PDFs are kept between builds, relative to the site.
    #[serde(default = "default_cache_dir")]
    pub cache_dir: PathBuf,
    /// Markdown for the closing page about the institution; the site's
    /// `description` when not given.
    #[serde(default)]
    pub about: Option<String>,
}

impl Default for PdfConfig {
    fn default() -> PdfConfig {
        PdfConfig {
            enabled: true,
            types: default_types(),
            cache_dir: default_cache_dir(),
            about: None,
        }
    }
}

fn yes() -> bool {
    true
}

fn default_types() -> Vec<ArticleType> {
    vec![
        ArticleType::Report,
        ArticleType::Brief,
        ArticleType::WorkingPaper,
    ]
}

/// The default cache folder, which `folio init` lists in `.gitignore`.
pub const CACHE_DIR: &str = ".folio-cache";

fn default_cache_dir() -> PathBuf {
    PathBuf::from(CACHE_DIR)
}

fn types<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ArticleType>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    names
        .iter()
        .map(|n| {
            ArticleType::parse(n).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown publication type `{n}` in [pdf] types: use {}",
                    ArticleType::NAMES
                ))
            })
        })
        .collect()
}

/// `pdf:` in an article's (or a section's) front matter: `auto` (make
/// one), `false` (none), or the file the editor made elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    Auto,
    Off,
    File(String),
}

impl Setting {
    /// The setting a written value means.
    pub fn of(value: &str) -> Setting {
        match value.trim() {
            "auto" | "true" => Setting::Auto,
            "false" | "none" | "off" => Setting::Off,
            file => Setting::File(file.to_string()),
        }
    }
}

/// A `pdf:` value as YAML gives it: a string, or `true`/`false` unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingText(pub String);

impl<'de> Deserialize<'de> for SettingText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = SettingText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`auto`, `false`, or a file name or address")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SettingText, E> {
                Ok(SettingText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<SettingText, E> {
                Ok(SettingText(v.to_string()))
            }
        }
        d.deserialize_any(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_values() {
        assert_eq!(Setting::of("auto"), Setting::Auto);
        assert_eq!(Setting::of(" false "), Setting::Off);
        assert_eq!(
            Setting::of("report.pdf"),
            Setting::File("report.pdf".into())
        );
    }

    #[test]
    fn config_types_checked() {
        #[derive(Deserialize)]
        struct T {
            pdf: PdfConfig,
        }
        let t: T = toml::from_str("[pdf]\ntypes = [\"report\", \"analysis\"]\n").unwrap();
        assert_eq!(t.pdf.types, [ArticleType::Report, ArticleType::Analysis]);
        assert!(t.pdf.enabled);
        let e = toml::from_str::<T>("[pdf]\ntypes = [\"reports\"]\n")
            .err()
            .unwrap();
        assert!(
            e.to_string().contains("unknown publication type `reports`"),
            "{e}"
        );
    }
}
