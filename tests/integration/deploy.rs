//! `folio deploy` against a real S3-compatible server: moto's
//! (`moto_server`, from PyPI), started by the test on a free loopback port,
//! which lists objects with their MD5 ETags as AWS does. Not a mock of the
//! client: folio's own S3 client signs, lists, puts and deletes over HTTP.
//!
//! moto is found through `FOLIO_MOTO_SERVER` (its path) or on PATH. Without
//! it each test prints `SKIPPED deploy test …` and passes, unless
//! `FOLIO_REQUIRE_S3=1` (set by `.ci/run`, which installs moto).
//!
//! The bucket is read back by the test itself (ListObjectsV2 and GET over
//! plain HTTP), and what a deploy should upload is computed independently:
//! two `folio build`s, before and after an edit, and the files whose bytes
//! differ.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{Run, TestSite, run, sample_site, snapshot_files};
use crate::support::http::{Response, request_with, wait_for};

const BUCKET: &str = "site";
const PREFIX: &str = "www/";
/// Fake credentials: moto accepts any; the test checks they never show.
const KEY_ID: &str = "AKIAFOLIOTEST7KEYID0";
const SECRET: &str = "folioTestSecret/NeverPrint+9x7Q";

/// The Authorization header of the test's own requests (see [`Moto::request`]).
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=TESTREADER/20260101/us-east-1/s3/aws4_request, \
                    SignedHeaders=host, Signature=00";

/// A running `moto_server`, stopped when dropped.
struct Moto {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts moto on a free port, or says why the test is skipped.
fn moto_or_skip(test: &str) -> Option<Moto> {
    moto_with(test, &[])
}

/// As [`moto_or_skip`], with settings of moto's in its environment.
fn moto_with(test: &str, env: &[(&str, &str)]) -> Option<Moto> {
    let Some(program) = find_moto() else {
        let why = "no moto_server (set FOLIO_MOTO_SERVER to its path, or put it on PATH; \
                   `pip install 'moto[s3]==5.2.6' flask flask-cors`)";
        if std::env::var("FOLIO_REQUIRE_S3").is_ok_and(|v| v == "1") {
            panic!("{test}: {why}, and FOLIO_REQUIRE_S3=1");
        }
        eprintln!("SKIPPED deploy test {test}: {why}");
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let child = Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let moto = Moto {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    let up = wait_for(Duration::from_secs(60), || {
        std::net::TcpStream::connect(moto.addr).ok().map(|_| ())
    });
    assert!(up.is_some(), "moto_server did not start on {}", moto.addr);
    Some(moto)
}

fn find_moto() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FOLIO_MOTO_SERVER") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("moto_server"))
        .find(|p| p.is_file())
}

impl Moto {
    /// A request with an Authorization header of the right shape: moto
    /// refuses anonymous requests to a private bucket, and checks no
    /// signature.
    fn request(&self, method: &str, target: &str) -> Response {
        request_with(
            self.addr,
            method,
            target,
            &self.addr.to_string(),
            &[("Content-Length", "0"), ("Authorization", AUTH)],
        )
    }

    fn create_bucket(&self, name: &str) {
        let r = self.request("PUT", &format!("/{name}"));
        assert_eq!(r.status, 200, "create bucket: {}", r.text());
    }

    /// Every object under `prefix`: key -> ETag (unquoted), through
    /// ListObjectsV2, page by page.
    fn list(&self, prefix: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut token: Option<String> = None;
        loop {
            let mut target = format!("/{BUCKET}?list-type=2&prefix={prefix}");
            if let Some(t) = &token {
                target.push_str(&format!("&continuation-token={}", encode(t)));
            }
            let r = self.request("GET", &target);
            assert_eq!(r.status, 200, "list: {}", r.text());
            let xml = r.text();
            let doc = roxmltree::Document::parse(&xml).unwrap();
            let child = |n: roxmltree::Node, name: &str| {
                n.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            for c in doc
                .descendants()
                .filter(|n| n.tag_name().name() == "Contents")
            {
                let key = child(c, "Key").unwrap();
                let etag = child(c, "ETag").unwrap_or_default();
                out.insert(key, etag.trim_matches('"').to_string());
            }
            token = child(doc.root_element(), "NextContinuationToken");
            if token.is_none() {
                return out;
            }
        }
    }

    /// Puts `body` under `key` directly, as another tool (or an older
    /// deploy) would have.
    fn put(&self, key: &str, body: &[u8]) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(self.addr).unwrap();
        let head = format!(
            "PUT /{BUCKET}/{} HTTP/1.1\r\nHost: {}\r\nAuthorization: {AUTH}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            encode_path(key),
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "put {key}: {answer}");
    }

    fn get(&self, key: &str) -> Response {
        self.request("GET", &format!("/{BUCKET}/{}", encode_path(key)))
    }
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn encode_path(key: &str) -> String {
    key.split('/').map(encode).collect::<Vec<_>>().join("/")
}

/// The sample site with `[deploy]` pointing at moto.
fn site_for(moto: &Moto) -> TestSite {
    let site = sample_site();
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!(
            "{toml}\n[deploy]\nbucket = \"s3://{BUCKET}/{PREFIX}\"\nregion = \"us-east-1\"\n\
             endpoint = \"http://{}\"\n",
            moto.addr
        ),
    );
    site
}

/// `folio deploy args…` in the site, with the fake credentials and no
/// other AWS settings of the machine running the tests.
fn deploy(site: &TestSite, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.arg("deploy").args(args).current_dir(&site.root);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", site.tmp.path().join("no-home"))
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    let r = run(cmd);
    for secret in [KEY_ID, SECRET] {
        assert!(
            !r.stdout.contains(secret) && !r.stderr.contains(secret),
            "a credential was printed:\n{}",
            r.debug()
        );
    }
    r
}

/// `folio build` of the site into `dir`, and its files by key.
fn build_into(site: &TestSite, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let r = site.folio(&["build", "--output", dir.to_str().unwrap(), "--force"]);
    assert_eq!(r.code, Some(0), "{}", r.debug());
    snapshot_files(dir)
        .into_iter()
        .map(|(p, bytes)| {
            (
                format!("{PREFIX}{}", p.to_string_lossy().replace('\\', "/")),
                bytes,
            )
        })
        .filter(|(k, _)| !k.ends_with(".folio-output"))
        .collect()
}

/// "Deployed: 3 uploaded, 1,204 unchanged, 1 deleted in 2.1 s": the three counts.
fn summary(r: &Run) -> (usize, usize, usize) {
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Deployed: "))
        .unwrap_or_else(|| panic!("no summary line:\n{}", r.debug()));
    let n: Vec<usize> = line
        .split([' ', ':'])
        .filter_map(|w| w.replace(',', "").parse().ok())
        .collect();
    (n[0], n[1], n[2])
}

/// The keys a dry run lists, with their action.
fn planned(r: &Run) -> BTreeSet<(String, String)> {
    r.stdout
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let (action, key) = (w.next()?, w.next()?);
            ["upload", "replace", "delete"]
                .contains(&action)
                .then(|| (action.to_string(), key.to_string()))
        })
        .collect()
}

fn changed_keys(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

#[test]
fn deploy_uploads_what_changed_and_deletes_what_is_gone() {
    let Some(moto) = moto_or_skip("deploy_uploads_what_changed_and_deletes_what_is_gone") else {
        return;
    };
    moto.create_bucket(BUCKET);
    let site = site_for(&moto);
    let builds = site.tmp.path().join("builds");
    let built = build_into(&site, &builds.join("1"));

    // First deploy: every file, with its bytes, type and caching rule.
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(0), "{}", r.debug());
    assert_eq!(summary(&r), (built.len(), 0, 0), "{}", r.debug());
    let listed = moto.list(PREFIX);
    assert_eq!(
        listed.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    check_objects(&moto, &built);

    // Second deploy of the same sources: nothing to upload.
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(0), "{}", r.debug());
    assert_eq!(summary(&r), (0, built.len(), 0), "{}", r.debug());
    assert_eq!(moto.list(PREFIX), listed);

    // A run cut short leaves some objects old and some missing: the next
    // run puts exactly those, whatever they are.
    let css = built.keys().find(|k| k.ends_with(".css")).unwrap();
    let fragment = built.keys().find(|k| k.ends_with(".pf_fragment")).unwrap();
    let home = format!("{PREFIX}index.html");
    moto.put(&home, b"<!doctype html><title>an older version</title>");
    for key in [css, fragment] {
        assert_eq!(
            moto.request("DELETE", &format!("/{BUCKET}/{key}")).status,
            204
        );
    }
    let dry = deploy(&site, &["--dry-run"]);
    let plan = planned(&dry);
    let want: BTreeSet<(String, String)> = [
        ("replace", home.as_str()),
        ("upload", css.as_str()),
        ("upload", fragment.as_str()),
    ]
    .iter()
    .map(|(a, k)| (a.to_string(), k.to_string()))
    .collect();
    assert_eq!(plan, want, "{}", dry.debug());
    let r = deploy(&site, &[]);
    assert_eq!(summary(&r), (3, built.len() - 3, 0), "{}", r.debug());
    assert_eq!(moto.list(PREFIX), listed);

    // One edited article: what its build changed, and nothing else.
    let article = site.path("content/analysis/measuring-border-closure-costs.md");
    let text = std::fs::read_to_string(&article).unwrap();
    site.write(
        "content/analysis/measuring-border-closure-costs.md",
        format!("{text}\nA closing paragraph added for the deploy test.\n"),
    );
    let edited = build_into(&site, &builds.join("2"));
    let expected = changed_keys(&built, &edited);
    assert!(
        expected.contains(&format!(
            "{PREFIX}analysis/measuring-border-closure-costs/index.html"
        )),
        "{expected:?}"
    );
    assert!(
        expected.len() < built.len() / 5,
        "an edit changed {} of {} files: {expected:?}",
        expected.len(),
        built.len()
    );
    let dry = deploy(&site, &["--dry-run"]);
    assert_eq!(dry.code, Some(0), "{}", dry.debug());
    let plan: BTreeSet<String> = planned(&dry).into_iter().map(|(_, k)| k).collect();
    assert_eq!(plan, expected, "{}", dry.debug());
    assert_eq!(moto.list(PREFIX), listed, "a dry run changed the bucket");
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(0), "{}", r.debug());
    let now = moto.list(PREFIX);
    let really_changed: BTreeSet<String> = now
        .iter()
        .filter(|(k, e)| listed.get(*k) != Some(*e))
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(really_changed, expected);
    assert_eq!(summary(&r).0, expected.len(), "{}", r.debug());
    // Without --delete, the index files the edit replaced are left (and said so).
    let stale: Vec<&String> = now.keys().filter(|k| !edited.contains_key(*k)).collect();
    if !stale.is_empty() {
        assert!(r.stdout.contains("--delete removes"), "{}", r.debug());
    }

    // A deleted article: --dry-run lists its keys and deletes nothing;
    // --delete removes them and everything else the site no longer has.
    site.remove("content/analysis/border-markets-informal-trade.md");
    let after_delete = build_into(&site, &builds.join("3"));
    let gone: BTreeSet<String> = now
        .keys()
        .filter(|k| !after_delete.contains_key(*k))
        .cloned()
        .collect();
    let page = format!("{PREFIX}analysis/border-markets-informal-trade/index.html");
    assert!(gone.contains(&page), "{gone:?}");
    let dry = deploy(&site, &["--delete", "--dry-run"]);
    assert_eq!(dry.code, Some(0), "{}", dry.debug());
    let deletes: BTreeSet<String> = planned(&dry)
        .into_iter()
        .filter(|(a, _)| a == "delete")
        .map(|(_, k)| k)
        .collect();
    assert_eq!(deletes, gone, "{}", dry.debug());
    assert_eq!(moto.list(PREFIX), now, "a dry run changed the bucket");
    let r = deploy(&site, &["--delete"]);
    assert_eq!(r.code, Some(0), "{}", r.debug());
    assert_eq!(summary(&r).2, gone.len(), "{}", r.debug());
    let last = moto.list(PREFIX);
    assert_eq!(
        last.keys().collect::<Vec<_>>(),
        after_delete.keys().collect::<Vec<_>>()
    );
    assert_eq!(moto.get(&page).status, 404);

    // Nothing folio wrote holds a credential: not the site, not the bucket.
    for (file, bytes) in snapshot_files(&site.root) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SECRET) && !text.contains(KEY_ID),
            "{}",
            file.display()
        );
    }
    for key in last.keys() {
        let text = moto.get(key).text();
        assert!(!text.contains(SECRET) && !text.contains(KEY_ID), "{key}");
    }
}

/// Every object has the built file's bytes and the headers of its kind.
fn check_objects(moto: &Moto, built: &BTreeMap<String, Vec<u8>>) {
    const SHORT: &str = "public, max-age=300";
    const ASSET: &str = "public, max-age=3600";
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    let mut seen = BTreeSet::new();
    for (key, bytes) in built {
        let r = moto.get(key);
        assert_eq!(r.status, 200, "{key}");
        assert_eq!(&r.body, bytes, "{key}");
        let ext = key.rsplit('.').next().unwrap();
        let (cache, ctype) = (r.header("cache-control"), r.header("content-type"));
        let want: (&str, &str) = match ext {
            "html" => (SHORT, "text/html; charset=utf-8"),
            "xml" => (SHORT, "xml; charset=utf-8"),
            "css" if key.contains("/pagefind/") => (SHORT, "text/css; charset=utf-8"),
            "css" => (ASSET, "text/css; charset=utf-8"),
            "pdf" => (ASSET, "application/pdf"),
            "pf_fragment" | "pf_index" | "pf_meta" => (IMMUTABLE, "application/octet-stream"),
            "js" if key.contains("/pagefind/") => (SHORT, "javascript; charset=utf-8"),
            "json" if key.ends_with("pagefind-entry.json") => (SHORT, "application/json"),
            _ => {
                assert!(
                    ctype.is_some_and(|t| !t.is_empty()),
                    "{key}: no Content-Type"
                );
                assert!(
                    [SHORT, ASSET, IMMUTABLE].contains(&cache.unwrap_or("")),
                    "{key}: {cache:?}"
                );
                continue;
            }
        };
        assert_eq!(cache, Some(want.0), "{key}");
        assert!(
            ctype.is_some_and(|t| t.ends_with(want.1)),
            "{key}: {ctype:?}, expected …{}",
            want.1
        );
        seen.insert(ext);
    }
    for ext in ["html", "xml", "css", "pdf", "pf_fragment", "json"] {
        assert!(seen.contains(ext), "no .{ext} file checked: {seen:?}");
    }
}

#[test]
fn deploy_explains_a_missing_bucket_and_an_unreachable_endpoint() {
    // An endpoint nobody listens on: refused at once, said in words.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let site = sample_site();
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    let with = |deploy: &str| site.write("site.toml", format!("{toml}\n[deploy]\n{deploy}"));
    with(&format!(
        "bucket = \"s3://{BUCKET}\"\nendpoint = \"http://{closed}\"\n"
    ));
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(1), "{}", r.debug());
    assert!(
        r.stderr.contains(&format!("cannot reach http://{closed}")),
        "{}",
        r.debug()
    );

    // No bucket named: how to name one.
    with("region = \"eu-west-1\"\n");
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(1), "{}", r.debug());
    assert!(r.stderr.contains("names no bucket"), "{}", r.debug());
    assert!(r.stderr.contains("bucket = \"s3://"), "{}", r.debug());

    // A credential in site.toml: refused at its line, never echoed, by
    // every command (a build too), before anything is sent.
    with("bucket = \"s3://b\"\naws_secret_access_key = \"wJalrXUtnFEMIK7MDENGbPxRfiCY\"\n");
    let line = toml.lines().count() + 4;
    for command in [vec!["deploy"], vec!["build"]] {
        let r = site.folio(&command);
        assert_eq!(r.code, Some(1), "{}", r.debug());
        assert!(
            r.stderr.contains(&format!("site.toml:{line}:")),
            "{}",
            r.debug()
        );
        assert!(
            r.stderr.contains("never reads credentials"),
            "{}",
            r.debug()
        );
        assert!(
            !r.stderr.contains("wJalrXUtnFEMIK7MDENGbPxRfiCY"),
            "{}",
            r.debug()
        );
        assert!(
            !r.stdout.contains("wJalrXUtnFEMIK7MDENGbPxRfiCY"),
            "{}",
            r.debug()
        );
    }

    // A bucket the server does not have.
    let Some(moto) = moto_or_skip("deploy_explains_a_missing_bucket") else {
        return;
    };
    with(&format!(
        "bucket = \"s3://no-such-bucket\"\nendpoint = \"http://{}\"\n",
        moto.addr
    ));
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(1), "{}", r.debug());
    assert!(
        r.stderr.contains("bucket `no-such-bucket` was not found"),
        "{}",
        r.debug()
    );

    // Credentials the service does not know: moto checks them when told
    // to authorise every request.
    let Some(strict) = moto_with(
        "deploy_explains_access_denied",
        &[("INITIAL_NO_AUTH_ACTION_COUNT", "0")],
    ) else {
        return;
    };
    with(&format!(
        "bucket = \"s3://{BUCKET}\"\nendpoint = \"http://{}\"\n",
        strict.addr
    ));
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(1), "{}", r.debug());
    assert!(r.stderr.contains("access denied"), "{}", r.debug());
    assert!(r.stderr.contains("AWS_SECRET_ACCESS_KEY"), "{}", r.debug());
}

#[test]
fn gzip_uploads_text_compressed_and_still_compares() {
    let Some(moto) = moto_or_skip("gzip_uploads_text_compressed_and_still_compares") else {
        return;
    };
    moto.create_bucket(BUCKET);
    let site = crate::common::fixture("minimal");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!(
            "{toml}\n[deploy]\nbucket = \"{BUCKET}\"\nprefix = \"/{PREFIX}\"\ngzip = true\n\
             endpoint = \"http://{}\"\n",
            moto.addr
        ),
    );
    let built = build_into(&site, &site.tmp.path().join("built"));
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(0), "{}", r.debug());
    assert_eq!(summary(&r), (built.len(), 0, 0), "{}", r.debug());
    let mut compressed = 0;
    for (key, bytes) in &built {
        let got = moto.get(key);
        let body = if got.header("content-encoding") == Some("gzip") {
            compressed += 1;
            let mut plain = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&got.body[..]),
                &mut plain,
            )
            .unwrap();
            plain
        } else {
            got.body.clone()
        };
        assert_eq!(&body, bytes, "{key}");
        if key.ends_with(".html") || key.ends_with(".css") || key.ends_with(".xml") {
            assert_eq!(got.header("content-encoding"), Some("gzip"), "{key}");
        }
        if key.ends_with(".pf_fragment") {
            assert_eq!(got.header("content-encoding"), None, "{key}");
        }
    }
    assert!(compressed > 0);
    let r = deploy(&site, &[]);
    assert_eq!(summary(&r), (0, built.len(), 0), "{}", r.debug());
}
