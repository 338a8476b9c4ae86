//! `folio serve`, beside the pipeline: builds the site (drafts and scheduled
//! articles included) into a temporary preview folder, serves it over HTTP,
//! watches the site's files and rebuilds what changed, and tells open pages
//! to reload. The build runs on an ordinary thread; only HTTP runs on tokio.
//! `folio build`'s output (`public/`) is never touched.

mod http;
mod indexer;
pub mod inject;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::content::Changes;
use crate::diagnostics::Diagnostics;
use crate::output::PreviewOutput;
use crate::pipeline::{Failure, Pipeline, Settings};

pub use http::{EVENTS_PATH, SCRIPT_PATH, clean_path};
pub use watch::WATCHED_DIRS;

pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default one are tried when it is taken.
const PORT_TRIES: u16 = 20;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// A port the user chose: taken means an error, not the next one.
    pub port_explicit: bool,
}

impl ServeOptions {
    pub fn new(root: &Path) -> ServeOptions {
        ServeOptions {
            root: root.to_path_buf(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            port_explicit: false,
        }
    }
}

/// What the server reports while it runs; `main` prints these.
#[derive(Debug)]
pub enum ServeEvent {
    Listening {
        address: SocketAddr,
        url: String,
        /// The port asked for, when it was taken and another was used.
        port_taken: Option<u16>,
    },
    Built {
        /// Files whose change caused the build (empty for the first).
        changed: Vec<PathBuf>,
        pages: usize,
        articles: usize,
        everything: bool,
        took: Duration,
        /// How long each stage took.
        timings: Vec<(&'static str, Duration)>,
        warnings: Diagnostics,
    },
    /// The search index was brought up to date after a build (its pages
    /// were already reloaded): how long it took, and whether it changed.
    Indexed {
        took: Duration,
        rebuilt: bool,
    },
    Failed {
        changed: Vec<PathBuf>,
        diagnostics: Diagnostics,
    },
    WatchError(String),
}

pub type Reporter = Arc<dyn Fn(ServeEvent) + Send + Sync>;

#[derive(Debug)]
pub enum ServeError {
    /// The port is taken (the user chose it, or every one tried was).
    PortInUse {
        port: u16,
        explicit: bool,
    },
    Io(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortInUse {
                port,
                explicit: true,
            } => {
                write!(
                    f,
                    "port {port} is already in use; choose another with --port, e.g. --port {}",
                    port.saturating_add(1)
                )
            }
            ServeError::PortInUse {
                port,
                explicit: false,
            } => write!(
                f,
                "ports {port} to {} are all in use; choose a free one with --port",
                port.saturating_add(PORT_TRIES)
            ),
            ServeError::Io(e) => f.write_str(e),
        }
    }
}

/// A rebuild's message to open pages.
#[derive(Debug, Clone, Copy)]
pub enum Signal {
    Reload(u64),
    Css(u64),
    /// The server is stopping: event streams end, so shutdown need not wait
    /// for open tabs.
    Shutdown,
}

/// What the HTTP side and the rebuild thread share.
pub struct Shared {
    dir: PathBuf,
    /// The path the site is previewed under (`/kpi`), or `""`.
    base_path: String,
    overlay: RwLock<Option<String>>,
    signals: broadcast::Sender<Signal>,
    /// Builds whose pages are written: the number a page is served with
    /// and the event stream's `hello` announces. It moves before the
    /// search index is done, so that a page reloaded meanwhile is not told
    /// of a newer build and reloaded twice.
    pages: AtomicU64,
    /// Builds finished, search index included (successful or not).
    builds: AtomicU64,
}

impl Shared {
    fn overlay(&self) -> Option<String> {
        self.overlay.read().ok().and_then(|o| o.clone())
    }

    fn build_number(&self) -> u64 {
        self.pages.load(Ordering::SeqCst)
    }
}

/// A running preview server.
pub struct ServerHandle {
    pub address: SocketAddr,
    pub url: String,
    runtime: tokio::runtime::Runtime,
    server: tokio::task::JoinHandle<()>,
    stop_tx: Option<tokio::sync::oneshot::Sender<()>>,
    stopping: Arc<AtomicBool>,
    rebuilder: Option<std::thread::JoinHandle<()>>,
    shared: Arc<Shared>,
    // Dropped last: removes the preview folder.
    _preview: tempfile::TempDir,
}

impl ServerHandle {
    /// The folder the preview is built in (temporary; removed on shutdown).
    pub fn preview_dir(&self) -> &Path {
        &self.shared.dir
    }

    /// How many builds have finished (successful or not).
    pub fn builds(&self) -> u64 {
        self.shared.builds.load(Ordering::SeqCst)
    }

    /// Blocks until Ctrl-C (or [`ServerHandle::stop`]), then shuts down
    /// cleanly and removes the preview folder.
    pub fn wait(mut self) {
        let server = std::mem::replace(&mut self.server, self.runtime.spawn(async {}));
        let _ = self.runtime.block_on(server);
        self.shutdown();
    }

    /// Stops the server and removes the preview folder.
    pub fn stop(mut self) {
        if let Some(tx) = self.stop_tx.take() {
            let _ = tx.send(());
        }
        self.wait();
    }

    fn shutdown(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(t) = self.rebuilder.take() {
            let _ = t.join();
        }
    }
}

/// Builds the site, starts the server and the watcher, and returns at once.
pub fn start(mut opts: ServeOptions, report: Reporter) -> Result<ServerHandle, ServeError> {
    // Watch events carry absolute paths; a relative --root would match none.
    opts.root = opts
        .root
        .canonicalize()
        .map_err(|e| ServeError::Io(format!("cannot open {}: {e}", opts.root.display())))?;
    let (listener, port_taken) = bind(&opts)?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Io(e.to_string()))?;
    let shown_ip = if address.ip().is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        address.ip()
    };
    // A site published under a path (base_url https://example.org/kpi/)
    // is previewed under the same path, so that its links are tried as
    // they will be used. Read once, at the start.
    let base_path = crate::config::load(&opts.root)
        .map(|c| c.base_path().to_string())
        .unwrap_or_default();
    let url = format!(
        "http://{}{base_path}/",
        SocketAddr::new(shown_ip, address.port())
    );

    let preview = tempfile::Builder::new()
        .prefix("folio-preview-")
        .tempdir()
        .map_err(|e| ServeError::Io(format!("cannot create the preview folder: {e}")))?;
    let target = PreviewOutput::new(preview.path()).map_err(|d| ServeError::Io(d.to_string()))?;
    let target = Arc::new(target);
    let mut pipeline = Pipeline::new(
        &opts.root,
        Settings {
            drafts: true,
            future: true,
            base_url: Some(url.trim_end_matches('/').to_string()),
            now: None,
            keep: true,
            progress: None, // progress hook
        },
    );
    let output_dir = pipeline
        .load_config()
        .ok()
        .map(|c| opts.root.join(c.output_dir));

    let (signals, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        dir: preview.path().to_path_buf(),
        base_path,
        overlay: RwLock::new(None),
        signals,
        pages: AtomicU64::new(0),
        builds: AtomicU64::new(0),
    });
    report(ServeEvent::Listening {
        address,
        url: url.clone(),
        port_taken,
    });
    // Watch first: a save during the first build (long, on a large archive)
    // is then the first rebuild, not lost.
    let (watcher, batches) =
        watch::Watcher::start(&opts.root, output_dir).map_err(ServeError::Io)?;
    let indexer = indexer::Indexer::start(target.clone(), shared.clone(), report.clone())
        .map_err(|e| ServeError::Io(e.to_string()))?;
    rebuild(
        &mut pipeline,
        &target,
        &shared,
        &indexer,
        &[],
        &report,
        &mut || false,
    );
    // The first build is served complete, search index included; later
    // saves reload before their index is done.
    let first = shared.pages.load(Ordering::SeqCst);
    while shared.builds.load(Ordering::SeqCst) < first {
        std::thread::sleep(Duration::from_millis(5));
    }
    let stopping = Arc::new(AtomicBool::new(false));
    let rebuilder = {
        let (shared, report, stopping) = (shared.clone(), report.clone(), stopping.clone());
        std::thread::Builder::new()
            .name("folio-rebuild".into())
            .spawn(move || {
                let rebuilds = Rebuilds {
                    pipeline,
                    target,
                    shared,
                    indexer,
                    report,
                };
                rebuild_loop(watcher, batches, rebuilds, stopping)
            })
            .map_err(|e| ServeError::Io(e.to_string()))?
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(e.to_string()))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| ServeError::Io(e.to_string()))?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let app = http::router(shared.clone());
    let signals = shared.signals.clone();
    let server = runtime.spawn(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        let shutdown = async move {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminated() => {}
                _ = stop_rx => {}
            }
            let _ = signals.send(Signal::Shutdown);
        };
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
    });
    Ok(ServerHandle {
        address,
        url,
        runtime,
        server,
        stop_tx: Some(stop_tx),
        stopping,
        rebuilder: Some(rebuilder),
        shared,
        _preview: preview,
    })
}

/// SIGTERM (e.g. from a process manager) stops the server as Ctrl-C does.
#[cfg(unix)]
async fn terminated() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending().await
}

fn bind(opts: &ServeOptions) -> Result<(TcpListener, Option<u16>), ServeError> {
    let last = if opts.port_explicit {
        opts.port
    } else {
        opts.port.saturating_add(PORT_TRIES)
    };
    for port in opts.port..=last {
        match TcpListener::bind((opts.bind, port)) {
            Ok(l) => return Ok((l, (port != opts.port).then_some(opts.port))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(ServeError::Io(format!(
                    "cannot listen on {}:{port}: {e}",
                    opts.bind
                )));
            }
        }
    }
    Err(ServeError::PortInUse {
        port: opts.port,
        explicit: opts.port_explicit,
    })
}

/// What the rebuild thread works with.
struct Rebuilds {
    pipeline: Pipeline,
    target: Arc<PreviewOutput>,
    shared: Arc<Shared>,
    indexer: indexer::Indexer,
    report: Reporter,
}

fn rebuild_loop(
    mut watcher: watch::Watcher,
    batches: mpsc::Receiver<watch::Batch>,
    mut r: Rebuilds,
    stopping: Arc<AtomicBool>,
) {
    let report = r.report.clone();
    // Changes that arrived while a failed rebuild ran: rebuilt at once.
    let mut pending: Option<watch::Batch> = None;
    while !stopping.load(Ordering::SeqCst) {
        let first = match pending.take() {
            Some(b) => b,
            None => match batches.recv_timeout(Duration::from_millis(100)) {
                Ok(b) => b,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            },
        };
        let (changed, errors) = watch::next_batch(first, &batches);
        for e in errors {
            report(ServeEvent::WatchError(e));
        }
        if changed.is_empty() {
            continue;
        }
        watcher.watch_new_dirs();
        rebuild(
            &mut r.pipeline,
            &r.target,
            &r.shared,
            &r.indexer,
            &changed,
            &report,
            &mut || {
                // A save still being written (an editor truncates, then
                // writes): when more changes came meanwhile, the failure is not
                // shown; the next rebuild says how things stand.
                match batches.try_recv() {
                    Ok(b) => {
                        pending = Some(b);
                        true
                    }
                    Err(_) => false,
                }
            },
        );
    }
    r.indexer.stop();
}

/// Runs the pipeline after `changed` (empty: the first build) and tells the
/// pages and the terminal. Returns true when the build failed; a failure is
/// not shown when `superseded` says newer changes are already waiting.
fn rebuild(
    pipeline: &mut Pipeline,
    target: &PreviewOutput,
    shared: &Shared,
    indexer: &indexer::Indexer,
    changed: &[PathBuf],
    report: &Reporter,
    superseded: &mut dyn FnMut() -> bool,
) -> bool {
    let started = Instant::now();
    let had_errors = shared.overlay().is_some();
    let changes = if changed.is_empty() {
        Changes::Unknown
    } else {
        Changes::Files(changed)
    };
    match pipeline.run_with(target, changes) {
        Ok(outcome) => {
            target.remove_stale(&outcome.routes);
            if let Ok(mut o) = shared.overlay.write() {
                *o = None;
            }
            // Counted in `builds` once the search index is done too.
            let n = shared.pages.fetch_add(1, Ordering::SeqCst) + 1;
            let css_only = !had_errors
                && !changed.is_empty()
                && changed
                    .iter()
                    .all(|p| p.extension().is_some_and(|e| e == "css"));
            let _ = shared.signals.send(if css_only {
                Signal::Css(n)
            } else {
                Signal::Reload(n)
            });
            report(ServeEvent::Built {
                changed: changed.to_vec(),
                pages: outcome.pages,
                articles: outcome.articles,
                everything: outcome.everything,
                took: started.elapsed(),
                timings: outcome.timings,
                warnings: if changed.is_empty() {
                    outcome.warnings.to_diagnostics()
                } else {
                    outcome.warnings.about(changed)
                },
            });
            // The index is brought up to date off this thread: the next
            // save is rebuilt at once, however long a large archive takes.
            indexer.submit(n, pipeline.search_work());
            false
        }
        Err(_) if superseded() => true,
        Err(Failure(errors)) => {
            let mut diagnostics = Diagnostics(errors);
            diagnostics.sort();
            let mut text: Vec<String> = diagnostics.0.iter().map(|d| d.to_string()).collect();
            text.push(format!(
                "{}; the preview shows the last good build",
                diagnostics.error_summary()
            ));
            if let Ok(mut o) = shared.overlay.write() {
                *o = Some(text.join("\n\n"));
            }
            let n = shared.pages.fetch_add(1, Ordering::SeqCst) + 1;
            indexer.submit(n, None);
            let _ = shared.signals.send(Signal::Reload(n));
            report(ServeEvent::Failed {
                changed: changed.to_vec(),
                diagnostics,
            });
            true
        }
    }
}
