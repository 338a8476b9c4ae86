//! Headless Chromium for tests, driven directly over the DevTools protocol
//! (chromiumoxide); no chromedriver. The test keeps a blocking style: each
//! call runs on a small tokio runtime owned by the [`Chromium`] value.
//!
//! Finding the browser: `$CHROME` if set (and then only that), else
//! `chromium`, `chromium-browser`, `google-chrome-stable`, `google-chrome` or
//! `chrome` on `PATH`, else `/usr/bin/chromium`, `/usr/lib/chromium/chromium`.
//! Without one, [`chromium_or_skip`] prints `SKIPPED browser test …` and the
//! test returns, unless `FOLIO_REQUIRE_BROWSER=1` (as in CI) makes it fail.
//! A browser that is found but does not start always fails the test.

#![allow(dead_code)]

use std::ffi::OsString;
use std::future::Future;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::page::AddScriptToEvaluateOnNewDocumentParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{Browser, BrowserConfig, Page};
use serde_json::Value;
use tokio_stream::StreamExt;

/// How long a condition may take to appear in the page; a bound on waiting,
/// never a timing assertion.
pub const LIMIT: Duration = Duration::from_secs(30);
/// How long one DevTools call may take.
const CALL_LIMIT: Duration = Duration::from_secs(20);

const PATH_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
    "chrome",
];
const FALLBACKS: &[&str] = &["/usr/bin/chromium", "/usr/lib/chromium/chromium"];

/// Where Chromium is, from the environment (`$CHROME`, `$PATH`) and the
/// usual Debian paths; `Err` says what was looked at.
pub fn find_chromium() -> Result<PathBuf, String> {
    let fallbacks: Vec<&Path> = FALLBACKS.iter().map(Path::new).collect();
    find_chromium_in(
        std::env::var_os("CHROME"),
        std::env::var_os("PATH"),
        &fallbacks,
    )
}

/// [`find_chromium`] with its inputs spelled out, so it can be tested.
/// A non-empty `chrome` is the only candidate: it is returned if it exists
/// at all (a file that cannot run is a failure to start, not a skip).
pub fn find_chromium_in(
    chrome: Option<OsString>,
    path: Option<OsString>,
    fallbacks: &[&Path],
) -> Result<PathBuf, String> {
    if let Some(chrome) = chrome.filter(|c| !c.is_empty()) {
        let chrome = PathBuf::from(chrome);
        return if chrome.exists() {
            Ok(chrome)
        } else {
            Err(format!("CHROME={} does not exist", chrome.display()))
        };
    }
    let on_path = path
        .iter()
        .flat_map(std::env::split_paths)
        .flat_map(|dir| PATH_NAMES.iter().map(move |n| dir.join(n)));
    on_path
        .chain(fallbacks.iter().map(|p| p.to_path_buf()))
        .find(|p| is_executable(p))
        .ok_or_else(|| {
            let fallbacks: Vec<String> =
                fallbacks.iter().map(|p| p.display().to_string()).collect();
            format!(
                "none of {} on PATH, and no {}",
                PATH_NAMES.join(", "),
                fallbacks.join(" or ")
            )
        })
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether a missing browser must fail the test (`FOLIO_REQUIRE_BROWSER=1`).
pub fn browser_required() -> bool {
    std::env::var_os("FOLIO_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The browser for test `test`, or `None` after printing why the test is
/// skipped. Panics instead when `FOLIO_REQUIRE_BROWSER=1`.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    match find_chromium() {
        Ok(path) => Some(path),
        Err(why) if browser_required() => panic!(
            "browser test {test}: no Chromium found ({why}), and FOLIO_REQUIRE_BROWSER is set; \
             install Debian's chromium, or set CHROME=/path"
        ),
        Err(why) => {
            // Straight to stderr, not eprintln!: the test harness captures
            // that for passing tests, and a skip must be seen.
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED browser test {test}: no Chromium found (install Debian's chromium, \
                 or set CHROME=/path): {why}"
            );
            None
        }
    }
}

/// One headless Chromium process with one page, closed on drop.
pub struct Chromium {
    runtime: tokio::runtime::Runtime,
    browser: Option<Browser>,
    handler: Option<tokio::task::JoinHandle<()>>,
    page: Page,
    name: String,
    // Dropped after the browser has exited.
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts `executable` headless with a fresh profile and opens a blank
    /// page; `name` prefixes the screenshots. Panics if it does not start.
    pub fn start(executable: &Path, name: &str) -> Chromium {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        // A profile of its own: parallel browsers must not share one.
        let profile = tempfile::Builder::new()
            .prefix("folio-chromium-")
            .tempdir()
            .unwrap();
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .user_data_dir(profile.path())
            // Root (CI) cannot use Chromium's sandbox.
            .no_sandbox()
            .window_size(1000, 700)
            .viewport(None)
            .launch_timeout(Duration::from_secs(60))
            .request_timeout(CALL_LIMIT)
            // Nothing that calls out to Google hosts, which floods a closed
            // network (some of these are chromiumoxide's defaults too).
            // Switch names without their `--`: chromiumoxide adds it.
            .args([
                "disable-gpu",
                "disable-quic",
                "no-first-run",
                "no-default-browser-check",
                "disable-background-networking",
                "disable-component-update",
                "disable-sync",
            ])
            .build()
            .unwrap_or_else(|e| panic!("cannot configure Chromium: {e}"));
        let (browser, handler, page) = runtime.block_on(async {
            let (browser, mut handler) = Browser::launch(config).await.unwrap_or_else(|e| {
                panic!(
                    "Chromium at {} was found but did not start: {e}",
                    executable.display()
                )
            });
            // The handler carries every DevTools message; it stops when the
            // connection does.
            let handler = tokio::spawn(async move {
                while let Some(event) = handler.next().await {
                    if event.is_err() {
                        break;
                    }
                }
            });
            let page = within(browser.new_page("about:blank"), "open a page").await;
            (browser, handler, page)
        });
        let chromium = Chromium {
            runtime,
            browser: Some(browser),
            handler: Some(handler),
            page,
            name: name.to_string(),
            _profile: profile,
        };
        // Every document this page loads records when its live-reload
        // connection has said hello, in `window.folioLive`; a save made
        // before that would reload nothing.
        chromium.call(
            "watch the live-reload connection",
            chromium
                .page
                .execute(AddScriptToEvaluateOnNewDocumentParams::new(WATCH_EVENTS)),
        );
        chromium
    }

    fn call<T, E: std::fmt::Display>(
        &self,
        what: &str,
        fut: impl Future<Output = Result<T, E>>,
    ) -> T {
        self.runtime.block_on(within(fut, what))
    }

    /// Navigates to `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.call(&format!("load {url}"), self.page.goto(url));
    }

    /// Runs `body` as a function in the page and returns its value
    /// (`null` for `undefined`), or the exception as `Err`.
    pub fn try_js(&self, body: &str) -> Result<Value, String> {
        let params = EvaluateParams::builder()
            .expression(format!("(() => {{ {body} }})()"))
            .return_by_value(true)
            .build()
            .unwrap();
        // Raw Runtime.evaluate with no context id: the page's current
        // document, even just after a reload.
        let reply = self
            .runtime
            .block_on(async { tokio::time::timeout(CALL_LIMIT, self.page.execute(params)).await })
            .map_err(|_| format!("no answer in {CALL_LIMIT:?}"))?
            .map_err(|e| e.to_string())?;
        if let Some(e) = &reply.result.exception_details {
            return Err(format!("{}: {:?}", e.text, e.exception));
        }
        Ok(reply.result.result.value.clone().unwrap_or(Value::Null))
    }

    /// Runs `body` as an async function in the page, waits for the promise
    /// it returns and gives its value; fails the test on an exception.
    pub fn js_async(&self, body: &str) -> Value {
        let params = EvaluateParams::builder()
            .expression(format!("(async () => {{ {body} }})()"))
            .return_by_value(true)
            .await_promise(true)
            .build()
            .unwrap();
        let reply = self
            .runtime
            .block_on(async { tokio::time::timeout(LIMIT, self.page.execute(params)).await })
            .unwrap_or_else(|_| panic!("no answer in {LIMIT:?}:\n{body}"))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"));
        if let Some(e) = &reply.result.exception_details {
            panic!("script failed: {}: {:?}\n{body}", e.text, e.exception);
        }
        reply.result.result.value.clone().unwrap_or(Value::Null)
    }

    /// Clicks the element `selector` and types `text` into it, key by key,
    /// as a person would; then presses Enter when `enter`.
    pub fn type_into(&self, selector: &str, text: &str, enter: bool) {
        let element = self.call(
            &format!("find {selector}"),
            self.page.find_element(selector),
        );
        self.call("click it", element.click());
        self.call("type", element.type_str(text));
        if enter {
            self.call("press Enter", element.press_key("Enter"));
        }
    }

    /// Focuses the element `selector` and presses `key` ("Tab", "Enter")
    /// there, as the keyboard does (focus moves on Tab).
    pub fn press(&self, selector: &str, key: &str) {
        let sel = serde_json::to_string(selector).unwrap();
        self.js(&format!(
            "document.querySelector({sel}).focus(); return true;"
        ));
        let element = self.call(
            &format!("find {selector}"),
            self.page.find_element(selector),
        );
        self.call(&format!("press {key}"), element.press_key(key));
    }

    /// [`Chromium::try_js`], failing the test on an exception.
    pub fn js(&self, body: &str) -> Value {
        self.try_js(body)
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    /// Polls `body` until it returns a truthy value and returns that value.
    /// Failed evaluations (a document being replaced) count as "not yet".
    pub fn until(&self, what: &str, body: &str) -> Value {
        let debug = std::env::var_os("FOLIO_DEBUG_BROWSER").is_some();
        let start = std::time::Instant::now();
        loop {
            let v = self.try_js(body);
            if debug {
                eprintln!("{what}: {v:?} after {:?}", start.elapsed());
            }
            if let Ok(v) = v
                && truthy(&v)
            {
                return v;
            }
            if start.elapsed() > LIMIT {
                let state = self.try_js(
                    "const h1 = document.querySelector('h1'); \
                     return {h1: h1 && h1.textContent, marker: !!window.folioMarker, \
                     live: !!window.folioLive, ready: document.readyState, scrollY: window.scrollY, \
                     overlay: !!document.getElementById('folio-error-overlay'), url: location.href}",
                );
                let shot = self.screenshot("timeout.png");
                panic!(
                    "the browser never showed {what} in {LIMIT:?}; the page now: {state:?} \
                     (screenshot {})",
                    shot.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the current document's live-reload connection is open.
    pub fn until_live(&self) {
        self.until(
            "the live-reload connection",
            "return document.readyState === 'complete' && window.folioLive === true",
        );
    }

    /// The fonts that drew the text directly inside the first element
    /// matching `selector`, as the browser reports them: (family name,
    /// whether it was a web font the page loaded, glyphs drawn with it).
    pub fn fonts_drawing(&self, selector: &str) -> Vec<(String, bool, f64)> {
        use chromiumoxide::cdp::browser_protocol::{css, dom};
        self.call(
            "enable the DOM domain",
            self.page.execute(dom::EnableParams::default()),
        );
        self.call(
            "enable the CSS domain",
            self.page.execute(css::EnableParams::default()),
        );
        let element = self.call(
            &format!("find {selector}"),
            self.page.find_element(selector),
        );
        let reply = self.call(
            "ask which fonts drew it",
            self.page
                .execute(css::GetPlatformFontsForNodeParams::new(element.node_id)),
        );
        reply
            .result
            .fonts
            .iter()
            .map(|f| (f.family_name.clone(), f.is_custom_font, f.glyph_count))
            .collect()
    }

    /// Makes the page `width` x `height` CSS pixels, as a phone (`mobile`)
    /// or a desktop window.
    pub fn set_viewport(&self, width: i64, height: i64, mobile: bool) {
        use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
        self.call(
            "set the viewport",
            self.page.execute(SetDeviceMetricsOverrideParams::new(
                width, height, 1.0, mobile,
            )),
        );
    }

    /// From now on, records what the browser reports as going wrong in this
    /// page: console entries of level error or warning (a resource that
    /// answered 404 is one: "Failed to load resource"), responses with a
    /// status of 400 or more, and uncaught script errors.
    pub fn record_problems(&self) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
        use chromiumoxide::cdp::browser_protocol::log::{self, EventEntryAdded, LogEntryLevel};
        use chromiumoxide::cdp::browser_protocol::network::{self, EventResponseReceived};
        use chromiumoxide::cdp::js_protocol::runtime::EventExceptionThrown;
        let found: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
        self.call(
            "enable the log",
            self.page.execute(log::EnableParams::default()),
        );
        self.call(
            "enable the network events",
            self.page.execute(network::EnableParams::default()),
        );
        let mut entries = self.call(
            "listen to the log",
            self.page.event_listener::<EventEntryAdded>(),
        );
        let mut responses = self.call(
            "listen to responses",
            self.page.event_listener::<EventResponseReceived>(),
        );
        let mut exceptions = self.call(
            "listen to script errors",
            self.page.event_listener::<EventExceptionThrown>(),
        );
        let sink = found.clone();
        self.runtime.spawn(async move {
            while let Some(e) = entries.next().await {
                if matches!(e.entry.level, LogEntryLevel::Error | LogEntryLevel::Warning) {
                    let url = e.entry.url.clone().unwrap_or_default();
                    sink.lock()
                        .unwrap()
                        .push(format!("console: {} ({url})", e.entry.text));
                }
            }
        });
        let sink = found.clone();
        self.runtime.spawn(async move {
            while let Some(r) = responses.next().await {
                if r.response.status >= 400 {
                    sink.lock()
                        .unwrap()
                        .push(format!("{} {}", r.response.status, r.response.url));
                }
            }
        });
        let sink = found.clone();
        self.runtime.spawn(async move {
            while let Some(x) = exceptions.next().await {
                sink.lock()
                    .unwrap()
                    .push(format!("script error: {}", x.exception_details.text));
            }
        });
        found
    }

    /// Saves a PNG of the viewport as
    /// `target/tmp/browser-artifacts/<name>-<file>` and returns its path.
    pub fn screenshot(&self, file: &str) -> PathBuf {
        let png = self.call(
            "take a screenshot",
            self.page.screenshot(ScreenshotParams::builder().build()),
        );
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}-{file}", self.name));
        // Written whole, then renamed: a concurrent run never sees half a file.
        let mut tmp = tempfile::Builder::new()
            .permissions(std::fs::Permissions::from_mode(0o644))
            .tempfile_in(&dir)
            .unwrap();
        std::io::Write::write_all(&mut tmp, &png).unwrap();
        tmp.persist(&path).unwrap();
        path
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if let Some(mut browser) = self.browser.take() {
            self.runtime.block_on(async {
                let closed = matches!(
                    tokio::time::timeout(CALL_LIMIT, browser.close()).await,
                    Ok(Ok(_))
                );
                let exited = closed
                    && matches!(
                        tokio::time::timeout(CALL_LIMIT, browser.wait()).await,
                        Ok(Ok(_))
                    );
                if !exited {
                    let _ = browser.kill().await;
                }
            });
        }
        if let Some(handler) = self.handler.take() {
            handler.abort();
        }
    }
}

/// Runs `fut` with the per-call time limit; panics on an error or timeout.
async fn within<T, E: std::fmt::Display>(fut: impl Future<Output = Result<T, E>>, what: &str) -> T {
    match tokio::time::timeout(CALL_LIMIT, fut).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("Chromium could not {what}: {e}"),
        Err(_) => panic!("Chromium could not {what} in {CALL_LIMIT:?}"),
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Run before any script of every document: notes in `window.folioLive`
/// when the live-reload event stream has delivered its `hello`.
const WATCH_EVENTS: &str = r#"
(() => {
  const Original = window.EventSource;
  if (!Original) return;
  function Watched(url, config) {
    const source = new Original(url, config);
    source.addEventListener("hello", () => { window.folioLive = true; });
    source.addEventListener("error", () => { window.folioLive = false; });
    return source;
  }
  Watched.prototype = Original.prototype;
  window.EventSource = Watched;
})();
"#;
