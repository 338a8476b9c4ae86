//! The README's screenshot of the CDS article page, made again after any
//! change to the theme:
//!
//! ```sh
//! cargo run --example screenshot            # writes docs/screenshot-article.png
//! cargo run --example screenshot -- OUT.png # elsewhere
//! ```
//!
//! It builds the sample site at the repository root into a temporary
//! folder, serves it on 127.0.0.1 as a web server would, opens the
//! commentary `/commentary/istanbul-talks/` in headless Chromium (found as
//! the browser tests find it: `$CHROME`, else `chromium` on `PATH`, else
//! `/usr/bin/chromium`), and saves a PNG of the top of the page at
//! 1280 × 1000 CSS pixels.

#[path = "../tests/integration/support/static_server.rs"]
mod static_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{Browser, BrowserConfig};
use tokio_stream::StreamExt;

const PAGE: &str = "/commentary/istanbul-talks/";
const WIDTH: i64 = 1280;
const HEIGHT: i64 = 1000;

fn main() {
    if let Err(e) = run() {
        eprintln!("screenshot: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("docs/screenshot-article.png"));
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let public = tmp.path().join("public");
    let mut opts = folio::BuildOptions::new(repo);
    opts.root = Some(repo.to_path_buf());
    opts.output = Some(public.clone());
    folio::build(&opts).map_err(|f| {
        format!(
            "the sample site does not build:\n{}",
            f.diagnostics
                .0
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    let server = static_server::StaticServer::start(&public);
    let chrome = browser()?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let png = runtime.block_on(shoot(&chrome, &format!("{}{PAGE}", server.url), tmp.path()))?;
    std::fs::write(&out, png).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("{} ({WIDTH} x {HEIGHT})", out.display());
    Ok(())
}

fn browser() -> Result<PathBuf, String> {
    if let Some(c) = std::env::var_os("CHROME").filter(|c| !c.is_empty()) {
        return Ok(PathBuf::from(c));
    }
    let on_path = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .chain([PathBuf::from("/usr/bin/chromium")])
        .find(|p| p.is_file());
    on_path.ok_or_else(|| "no Chromium found: install it, or set CHROME=/path".into())
}

async fn shoot(chrome: &Path, url: &str, profile: &Path) -> Result<Vec<u8>, String> {
    let config = BrowserConfig::builder()
        .chrome_executable(chrome)
        .user_data_dir(profile.join("profile"))
        .no_sandbox()
        .window_size(WIDTH as u32, HEIGHT as u32)
        .args([
            "disable-gpu",
            "no-first-run",
            "hide-scrollbars",
            "force-color-profile=srgb",
        ])
        .build()?;
    let (mut browser, mut handler) = Browser::launch(config).await.map_err(|e| e.to_string())?;
    let driver = tokio::spawn(async move { while handler.next().await.is_some() {} });
    let page = browser
        .new_page("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    page.execute(SetDeviceMetricsOverrideParams::new(
        WIDTH, HEIGHT, 1.0, false,
    ))
    .await
    .map_err(|e| e.to_string())?;
    page.goto(url).await.map_err(|e| e.to_string())?;
    page.wait_for_navigation()
        .await
        .map_err(|e| e.to_string())?;
    // Fonts and the icon settle.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let png = page
        .screenshot(ScreenshotParams::builder().build())
        .await
        .map_err(|e| e.to_string())?;
    let _ = browser.close().await;
    let _ = browser.wait().await;
    driver.abort();
    Ok(png)
}
