//! The PDF edition: folio typesets each report, brief and working paper
//! itself, with typst embedded (no LaTeX, no external program), from the
//! same model the web page is made from. [`data`] turns an article into
//! the data the theme's template (`pdf/report.typ`) reads; [`world`] is the
//! in-memory typst world it is typeset in; [`cache`] keeps finished PDFs
//! between builds. Which articles get one is decided with the content
//! (`content::pdf`, from `[pdf]` in site.toml), so that the route table, the
//! page's "Download PDF" link, `citation_pdf_url`, JSON-LD and the sitemap
//! all see the PDF's address (`scheme::pdf`).

pub mod cache;
pub mod data;
#[cfg(feature = "pdf")]
mod typeset;
#[cfg(feature = "pdf")]
mod world;

#[cfg(feature = "pdf")]
pub use typeset::{Edition, typeset_site};

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
