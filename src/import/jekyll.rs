//! `folio import jekyll` (placeholder, filled in by a later commit).

use std::path::Path;

use super::{ImportFailure, ImportOptions, ImportReport, Progress};

pub fn import_jekyll(
    _dir: &Path,
    _opts: &ImportOptions,
    _progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, ImportFailure> {
    Ok(ImportReport::default())
}
