//! Part of the content stage: `pdf:` in an article's or a section's front
//! matter, and whether folio typesets an article's PDF edition itself. It is
//! decided here, with the content, so that the route table, the page's
//! "Download PDF" link, `citation_pdf_url`, JSON-LD and the sitemap all see
//! the PDF's address.

use serde::{Deserialize, Deserializer};

use crate::config::PdfConfig;
use crate::publication::ArticleType;

/// `pdf:` in an article's (or a section's) front matter: `auto` (make
/// one), `false` (none), or the file the editor made elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfSetting {
    Auto,
    Off,
    File(String),
}

impl PdfSetting {
    /// The setting a written value means.
    pub fn of(value: &str) -> PdfSetting {
        match value.trim() {
            "auto" | "true" => PdfSetting::Auto,
            "false" | "none" | "off" => PdfSetting::Off,
            file => PdfSetting::File(file.to_string()),
        }
    }
}

/// A `pdf:` value as YAML gives it: a string, or `true`/`false` unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfSettingText(pub String);

impl<'de> Deserialize<'de> for PdfSettingText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = PdfSettingText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`auto`, `false`, or a file name or address")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PdfSettingText, E> {
                Ok(PdfSettingText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<PdfSettingText, E> {
                Ok(PdfSettingText(v.to_string()))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Whether folio typesets a PDF of an article: its own `pdf:` first, then
/// its section's, then `[pdf] types` by its publication type. An article
/// whose `pdf:` names a file keeps that file and gets none.
pub fn wanted(
    config: &PdfConfig,
    article: Option<&PdfSetting>,
    section: Option<&PdfSetting>,
    kind: ArticleType,
) -> bool {
    if !config.enabled || !cfg!(feature = "pdf") {
        return false;
    }
    match article.or(section) {
        Some(PdfSetting::Auto) => true,
        Some(PdfSetting::Off) | Some(PdfSetting::File(_)) => false,
        None => config.types.contains(&kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_values() {
        assert_eq!(PdfSetting::of("auto"), PdfSetting::Auto);
        assert_eq!(PdfSetting::of(" false "), PdfSetting::Off);
        assert_eq!(
            PdfSetting::of("report.pdf"),
            PdfSetting::File("report.pdf".into())
        );
    }

    #[test]
    fn which_articles_get_a_pdf() {
        let c = PdfConfig::default();
        let report = ArticleType::Report;
        let commentary = ArticleType::Commentary;
        let on = cfg!(feature = "pdf");
        assert_eq!(wanted(&c, None, None, report), on);
        assert!(!wanted(&c, None, None, commentary));
        assert_eq!(wanted(&c, Some(&PdfSetting::Auto), None, commentary), on);
        assert_eq!(wanted(&c, None, Some(&PdfSetting::Auto), commentary), on);
        assert!(!wanted(
            &c,
            Some(&PdfSetting::Off),
            Some(&PdfSetting::Auto),
            report
        ));
        assert!(!wanted(&c, None, Some(&PdfSetting::Off), report));
        let file = PdfSetting::File("x.pdf".into());
        assert!(!wanted(&c, Some(&file), None, report));
        let off = PdfConfig {
            enabled: false,
            ..PdfConfig::default()
        };
        assert!(!wanted(&off, Some(&PdfSetting::Auto), None, report));
    }
}
