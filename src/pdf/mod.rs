//! The PDF edition: folio typesets each report, brief and working paper
//! itself, with typst embedded (no LaTeX, no external program), from the
//! same model the web page is made from. [`data`] turns an article into
//! the data the theme's template (`pdf/report.typ`) reads; [`world`] is the
//! in-memory typst world it is typeset in; [`cache`] keeps finished PDFs
//! between builds. Which articles get one is decided here ([`Setting`],
//! [`PdfConfig`]), at the content stage, so that the route table, the page's
//! "Download PDF" link, `citation_pdf_url`, JSON-LD and the sitemap all see
//! the PDF's address ([`url`]).

pub mod cache;
mod config;
pub mod data;
#[cfg(feature = "pdf")]
mod typeset;
#[cfg(feature = "pdf")]
mod world;

pub use config::{PdfConfig, Setting, SettingText};
#[cfg(feature = "pdf")]
pub use typeset::{Edition, typeset_site};

use crate::content::ArticleType;

/// What a run of the PDF step did: how many PDFs it typeset, and how many
/// it took from the cache unchanged.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub typeset: usize,
    pub reused: usize,
}

impl Stats {
    pub fn add(&mut self, other: Stats) {
        self.typeset += other.typeset;
        self.reused += other.reused;
    }
}

/// The address of the PDF folio makes of the article at `url` with slug
/// `slug`: beside the page, named after the slug (`/reports/x/x.pdf`).
pub fn url(article_url: &str, slug: &str) -> String {
    format!("{article_url}{slug}.pdf")
}

/// A file size as a reader reads it: "245 KB", "1.2 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1000;
    if bytes < KB * KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

/// Whether folio typesets a PDF of an article: its own `pdf:` first, then
/// its section's, then `[pdf] types` by its publication type. An article
/// whose `pdf:` names a file keeps that file and gets none.
pub fn wanted(
    config: &PdfConfig,
    article: Option<&Setting>,
    section: Option<&Setting>,
    kind: ArticleType,
) -> bool {
    if !config.enabled || !cfg!(feature = "pdf") {
        return false;
    }
    match article.or(section) {
        Some(Setting::Auto) => true,
        Some(Setting::Off) | Some(Setting::File(_)) => false,
        None => config.types.contains(&kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_articles_get_a_pdf() {
        let c = PdfConfig::default();
        let report = ArticleType::Report;
        let commentary = ArticleType::Commentary;
        let on = cfg!(feature = "pdf");
        assert_eq!(wanted(&c, None, None, report), on);
        assert!(!wanted(&c, None, None, commentary));
        assert_eq!(wanted(&c, Some(&Setting::Auto), None, commentary), on);
        assert_eq!(wanted(&c, None, Some(&Setting::Auto), commentary), on);
        assert!(!wanted(
            &c,
            Some(&Setting::Off),
            Some(&Setting::Auto),
            report
        ));
        assert!(!wanted(&c, None, Some(&Setting::Off), report));
        let file = Setting::File("x.pdf".into());
        assert!(!wanted(&c, Some(&file), None, report));
        let off = PdfConfig {
            enabled: false,
            ..PdfConfig::default()
        };
        assert!(!wanted(&off, Some(&Setting::Auto), None, report));
        assert_eq!(url("/reports/x/", "x"), "/reports/x/x.pdf");
        assert_eq!(size_label(245_300), "246 KB");
        assert_eq!(size_label(1_250_000), "1.2 MB");
    }
}
