//! `folio import`: a WordPress export (WXR) or a folder of Jekyll/Eleventy
//! posts brought into a folio site as articles, pages and author profiles,
//! with every old address kept as an alias. Nothing is ever overwritten; the
//! import returns an [`ImportReport`] and never prints.

mod dates;
mod footnotes;
mod html;
mod links;
mod paths;
pub mod report;
mod shortcodes;
mod tags;
mod text;
mod writer;
mod wxr;
pub mod yaml;

pub use report::{Counts, ImportReport, ItemReport, Note, NoteKind};

