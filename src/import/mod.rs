//! `folio import`: a WordPress export (WXR) or a folder of Jekyll/Eleventy
//! posts brought into a folio site as articles, standalone pages and author
//! profiles, with every old address kept as an alias. Nothing is ever
//! overwritten, so a second run imports only what is new. The import
//! returns an [`ImportReport`] and reports progress through a callback; it
//! never prints.

mod dates;
mod footnotes;
mod html;
mod jekyll;
mod links;
mod liquid;
mod paths;
pub mod report;
mod shortcodes;
mod tags;
mod text;
mod wordpress;
mod wp_plan;
mod writer;
mod wxr;
pub mod yaml;

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

pub use jekyll::import_jekyll;
pub use report::{Counts, ImportReport, ItemReport, Note, NoteKind};
pub use wordpress::import_wordpress;

/// What `folio import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site root (the folder with site.toml).
    pub root: PathBuf,
    /// The section folder under `content/` for articles (`posts`).
    pub section: String,
    /// A local copy of the old site's `wp-content/uploads` folder.
    pub uploads: Option<PathBuf>,
}

impl ImportOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ImportOptions {
            root: root.into(),
            section: DEFAULT_SECTION.into(),
            uploads: None,
        }
    }
}

pub const DEFAULT_SECTION: &str = "posts";

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// "reading" (the first pass over the source), then "writing".
    pub phase: &'static str,
    /// Bytes of the export (WordPress) or files (Jekyll) done so far.
    pub done: u64,
    pub total: u64,
}

/// Why an import could not run at all (a broken item does not stop it:
/// it is listed in the report's errors).
#[derive(Debug)]
pub struct ImportFailure {
    pub diagnostic: Diagnostic,
    /// True when the command line was at fault (exit status 2).
    pub usage: bool,
}

impl ImportFailure {
    fn usage(d: Diagnostic) -> Self {
        ImportFailure {
            diagnostic: d,
            usage: true,
        }
    }

    fn content(d: Diagnostic) -> Self {
        ImportFailure {
            diagnostic: d,
            usage: false,
        }
    }
}

/// The section folder from the options, or a usage error.
fn section_of(opts: &ImportOptions) -> Result<String, ImportFailure> {
    paths::section_folder(&opts.section).map_err(|why| {
        ImportFailure::usage(
            Diagnostic::error("content", why)
                .help("name a section folder such as posts or commentary (--section NAME)"),
        )
    })
}
