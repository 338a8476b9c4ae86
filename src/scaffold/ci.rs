//! `folio init --ci github|gitlab`: the workflow file that builds the site
//! and publishes it on GitHub Pages or GitLab Pages, written into a new site
//! or beside the site.toml of an existing one, never over a file. The
//! workflows themselves are the files in `ci/`, so that they read (and are
//! linted by the tests) as the YAML they are; only the address and version
//! of folio are filled in.

use std::path::{Path, PathBuf};

use super::{Refusal, create, refuse};
use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;

/// A host with a continuous-integration service that publishes sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiHost {
    Github,
    Gitlab,
}

/// Stands for folio's repository in the workflow when folio was built
/// without one (Cargo.toml's `repository`); the workflow stops with a
/// message naming the variable to set until it is replaced.
pub const PLACEHOLDER_REPO: &str = "https://github.com/OWNER/folio";

impl CiHost {
    /// Where the host looks for the workflow, relative to the site.
    pub fn path(self) -> &'static str {
        match self {
            CiHost::Github => ".github/workflows/pages.yml",
            CiHost::Gitlab => ".gitlab-ci.yml",
        }
    }

    fn template(self) -> &'static str {
        match self {
            CiHost::Github => include_str!("ci/github-pages.yml"),
            CiHost::Gitlab => include_str!("ci/gitlab-ci.yml"),
        }
    }

    /// The workflow's text, installing folio from `repo` at `reference`
    /// (a tag, a branch or a commit).
    pub fn workflow(self, repo: &str, reference: &str) -> String {
        self.template()
            .replace("{{folio_repo}}", repo)
            .replace("{{folio_ref}}", reference)
    }
}

/// Where this folio comes from, for the workflow to install the same one:
/// its repository (or [`PLACEHOLDER_REPO`]) and its release tag.
pub fn this_folio() -> (String, String) {
    let repo = env!("CARGO_PKG_REPOSITORY");
    let repo = if repo.is_empty() {
        PLACEHOLDER_REPO
    } else {
        repo
    };
    (repo.to_string(), format!("v{}", env!("CARGO_PKG_VERSION")))
}

/// Writes the workflow for `host` into the site at `dir`, which must have
/// its site.toml; refuses when the workflow file is there already.
/// Returns the file written, relative to `dir`.
pub fn init_ci(dir: &Path, host: CiHost) -> Result<PathBuf, Refusal> {
    if !dir.join(CONFIG_FILE).is_file() {
        return Err(refuse(
            Diagnostic::error(dir, format!("there is no {CONFIG_FILE} here, so no site to publish"))
                .help("run `folio init --ci ...` in a site's folder (where site.toml is), or `folio init NEW-FOLDER --ci ...` to create a site with its workflow"),
        ));
    }
    let rel = PathBuf::from(host.path());
    if dir.join(&rel).exists() {
        return Err(refuse(
            Diagnostic::error(&rel, "this workflow file already exists; folio never overwrites")
                .help("to have folio's version, rename or delete this file and run the command again, then carry over any changes of your own"),
        ));
    }
    let (repo, reference) = this_folio();
    create(dir, &rel, &host.workflow(&repo, &reference))?;
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        for host in [CiHost::Github, CiHost::Gitlab] {
            let text = host.workflow("https://example.org/folio.git", "v9.9.9");
            assert!(!text.contains("{{folio"), "{host:?}");
            assert!(text.contains("FOLIO_REPO: \"https://example.org/folio.git\""));
            assert!(text.contains("FOLIO_REF: \"v9.9.9\""));
        }
    }
}
