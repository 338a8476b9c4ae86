//! Stage 1, configuration: `[pdf]` in site.toml, which pieces get a PDF
//! edition (typeset by the PDF step, a later stage) and where finished PDFs are kept.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer};

use crate::publication::ArticleType;

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

#[cfg(test)]
mod tests {
    use super::*;

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
