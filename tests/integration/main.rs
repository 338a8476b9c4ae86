//! folio's integration tests, one module per subject, in one test binary.
//!
//! One binary, not one per file: each would link the whole dependency graph
//! (the browser driver, the web server, the markdown and citation engines),
//! which made 33 binaries of about 100 MB and minutes of linking. Run one
//! subject with `cargo test --test integration feeds::`.

mod common;
mod support;

mod browser;
mod browser_axe;
mod browser_search;
mod browser_theme;
mod bylines;
mod check_build;
mod check_cli;
mod check_external;
mod check_lints;
mod cite;
mod cite_bib;
mod cli;
mod corrections;
mod crossref;
mod deploy;
mod disclaimers;
mod errors;
mod escaping;
mod extra;
mod feeds;
mod figures_notes;
mod file_names;
mod front_matter_shapes;
mod hostile;
mod import;
mod languages;
mod layering;
mod named_files;
mod new_init;
mod output_safety;
mod pages;
mod pdf;
mod pipeline;
mod publishing;
mod reading;
mod routes;
mod sample_site;
mod serve;
mod snapshot;
mod standalone_pages;
mod structured_data;
mod subpath;
mod templates;
mod terminal;
mod toc;
mod unsafe_urls;
mod workflows;
mod yaml_errors;
