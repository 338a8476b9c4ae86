//! `folio deploy`: puts a built site into an S3-compatible bucket (AWS S3,
//! Cloudflare R2, MinIO, Google Cloud Storage's S3 API), uploading only
//! what changed.
//!
//! [`Deployer::plan`] compares the site with the bucket's listing (MD5 of
//! each file against the listed ETag) and returns a [`Plan`];
//! [`Deployer::apply`] carries it out. Each file is put whole, and S3
//! replaces an object atomically, so a failed run leaves every object
//! either old or new, and running again uploads what is still different.
//! Uploads go in waves (files named by their hash, then the other files,
//! then pages and feeds), so nothing live points at a file not yet there;
//! deletes come last.
//!
//! The library prints nothing: progress goes to a hook, the result is a
//! [`Report`] or a [`DeployError`].

mod credentials;
mod explain;
mod local;
mod plan;
mod remote;
pub mod rules;

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;

use crate::config::Config;
use crate::pipeline::Progress;
pub use local::LocalFile;
pub use plan::{Action, Plan, Reason, Step};
use remote::Remote;

/// Requests in flight at once. Measured against a local server, 4 to 64
/// made no difference; a real endpoint is farther away, where more help.
const IN_FLIGHT: usize = 16;

/// Why a deploy stopped: a sentence, and what to do about it.
#[derive(Debug, Clone)]
pub struct DeployError {
    pub message: String,
    pub help: Option<String>,
}

impl DeployError {
    pub fn new(message: impl Into<String>) -> Self {
        DeployError {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeployError {}

/// What a deploy did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files the bucket did not have.
    pub uploaded: usize,
    /// Files the bucket had other bytes for.
    pub replaced: usize,
    pub unchanged: usize,
    pub deleted: usize,
    /// Bytes sent.
    pub bytes: u64,
}

/// A connection to the bucket named in `[deploy]`, with the runtime its
/// client needs.
pub struct Deployer {
    runtime: tokio::runtime::Runtime,
    remote: Remote,
    rules: rules::Rules,
    /// `[deploy]`'s folder: every key starts with it.
    prefix: String,
}

impl Deployer {
    /// Reads `[deploy]` and the credentials; sends nothing yet.
    pub fn connect(config: &Config) -> Result<Deployer, DeployError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| DeployError::new(format!("cannot start the uploader: {e}")))?;
        // The client's constructor needs the runtime it will run on.
        let remote = {
            let _guard = runtime.enter();
            Remote::connect(&config.deploy)?
        };
        let index_dirs = config
            .editions()
            .iter()
            .map(|c| {
                crate::scheme::search_index(&c.edition.root)
                    .trim_start_matches('/')
                    .to_string()
            })
            .collect();
        Ok(Deployer {
            runtime,
            remote,
            rules: rules::Rules {
                index_dirs,
                gzip: config.deploy.gzip,
            },
            prefix: config.deploy.prefix.clone(),
        })
    }

    /// What deploying the built site in `site` would do: lists the bucket
    /// under the prefix and hashes every file. Changes nothing.
    pub fn plan(&self, site: &Path, delete: bool) -> Result<Plan, DeployError> {
        let files = local::scan(site, &self.prefix, &self.rules)?;
        let objects = self.runtime.block_on(self.remote.list())?;
        Ok(plan::diff(files, objects, delete))
    }

    /// Carries out `plan`, telling `progress` ("upload"/"delete", done,
    /// total) as it goes. Stops at the first failure: what was put is
    /// complete, and a second run puts the rest.
    pub fn apply(&self, plan: &Plan, progress: Option<&Progress>) -> Result<Report, DeployError> {
        let total = plan.steps.len();
        let done = AtomicUsize::new(0);
        let tell = |step: &str| {
            if let Some(p) = progress {
                (p.0)(step, done.load(Ordering::Relaxed), total);
            }
        };
        tell("upload");
        let puts: Vec<(u8, usize)> = plan
            .steps
            .iter()
            .filter_map(|s| s.file)
            .map(|i| (plan.files[i].headers.wave, i))
            .collect();
        for wave in 0..=rules::LAST_WAVE {
            let files = puts
                .iter()
                .filter(|(w, _)| *w == wave)
                .map(|(_, i)| &plan.files[*i]);
            self.runtime.block_on(async {
                let mut puts = futures::stream::iter(files)
                    .map(|file| self.remote.put(file))
                    .buffer_unordered(IN_FLIGHT);
                while let Some(r) = puts.next().await {
                    r?;
                    done.fetch_add(1, Ordering::Relaxed);
                    tell("upload");
                }
                Ok::<(), DeployError>(())
            })?;
        }
        let deletes: Vec<String> = plan
            .steps
            .iter()
            .filter(|s| s.action == Action::Delete)
            .map(|s| s.key.clone())
            .collect();
        if !deletes.is_empty() {
            tell("delete");
            let n = self.runtime.block_on(self.remote.delete(&deletes))?;
            done.fetch_add(n, Ordering::Relaxed);
            tell("delete");
        }
        Ok(Report {
            uploaded: plan.count(Action::Upload),
            replaced: plan.count(Action::Replace),
            unchanged: plan.unchanged,
            deleted: deletes.len(),
            bytes: plan.upload_bytes(),
        })
    }
}
