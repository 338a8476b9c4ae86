//! `[deploy]` in site.toml: where `folio deploy` puts the site (an
//! S3-compatible bucket, a prefix in it, the region and endpoint).
//!
//! Credentials are never read from here: site.toml is committed, and a key
//! in it is a key published. A credential-looking key is an error that says
//! where credentials go; the error never repeats the value (no source line).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{CONFIG_FILE, find_key_line};
use crate::diagnostics::{Diagnostic, did_you_mean};

const TABLE: &str = "deploy";

/// The keys `[deploy]` knows (for "did you mean"). Written out because
/// the table's catch-all (`other`) makes serde read it as a map, which
/// hides the field names; a test holds the two together.
const KEYS: &[&str] = &[
    "bucket",
    "prefix",
    "region",
    "endpoint",
    "gzip",
    "redirects",
];

/// Words that mark a key as a credential, whatever it is called.
const SECRET_WORDS: &[&str] = &[
    "secret",
    "access_key",
    "accesskey",
    "password",
    "token",
    "credential",
    "session",
];

/// `[deploy]` as written; [`DeployConfig`] is what the rest of folio reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DeployTable {
    #[serde(default)]
    bucket: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    gzip: bool,
    #[serde(default)]
    redirects: Option<super::RedirectsFormat>,
    /// Everything else, refused in [`DeployTable::check`] with a message
    /// of folio's own (a credential is not "an unknown key").
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

/// Where `folio deploy` uploads the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployConfig {
    /// The bucket's name; `None` when site.toml names none (then
    /// `folio deploy` says how to name one).
    pub bucket: Option<String>,
    /// The folder in the bucket the site goes in: empty (the bucket's
    /// root) or segments each followed by `/` (`research/`).
    pub prefix: String,
    /// The bucket's region; else `AWS_DEFAULT_REGION`/`AWS_REGION`, else us-east-1.
    pub region: Option<String>,
    /// An S3-compatible service other than AWS (R2, MinIO, ...), as its address.
    pub endpoint: Option<String>,
    /// Upload text files (HTML, CSS, JS, JSON, XML, SVG) gzip-compressed,
    /// with `Content-Encoding: gzip`.
    pub gzip: bool,
    /// `redirects = "netlify"` or `"cloudflare"`: the build also writes the
    /// aliases as that host's `_redirects` file; absent, it writes none.
    pub redirects: Option<super::RedirectsFormat>,
}

impl DeployTable {
    /// Validates the table into a [`DeployConfig`]; every mistake at once.
    pub(super) fn check(self, text: &str) -> Result<DeployConfig, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let error = |key: &str, message: String, help: &str| {
            Diagnostic::error(CONFIG_FILE, message)
                .line_number(key_line(text, key))
                .help(help)
        };
        for key in self.other.keys() {
            let lower = key.to_ascii_lowercase();
            if SECRET_WORDS.iter().any(|w| lower.contains(w)) {
                errors.push(error(
                    key,
                    format!("`{key}` in [deploy]: folio never reads credentials from site.toml"),
                    "remove the line (and revoke the key if site.toml was ever committed or shared); \
                     set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or put them \
                     in ~/.aws/credentials (see docs/publishing.md)",
                ));
            } else {
                let help = match did_you_mean(key, KEYS.iter().copied()) {
                    Some(k) => {
                        format!("did you mean `{k}`? (known keys here: {})", KEYS.join(", "))
                    }
                    None => format!("known keys here: {}", KEYS.join(", ")),
                };
                errors.push(error(
                    key,
                    format!("unknown key `{key}` in [deploy]"),
                    &help,
                ));
            }
        }
        let (bucket, url_prefix) = match self.bucket.as_deref().map(split_bucket_url) {
            None => (None, None),
            Some(Ok((b, p))) => (Some(b), p),
            Some(Err(why)) => {
                errors.push(error(
                    "bucket",
                    why,
                    "write bucket = \"s3://my-bucket\" (or \"s3://my-bucket/folder\" to publish under a folder)",
                ));
                (None, None)
            }
        };
        if url_prefix.is_some() && self.prefix.is_some() {
            errors.push(error(
                "prefix",
                "the folder is given twice: in bucket = \"s3://…/folder\" and in prefix".into(),
                "keep one of the two",
            ));
        }
        let prefix = match normalize_prefix(url_prefix.or(self.prefix).as_deref().unwrap_or("")) {
            Ok(p) => p,
            Err(why) => {
                errors.push(error(
                    "prefix",
                    why,
                    "write the folder as names separated by /, e.g. prefix = \"research/site\"",
                ));
                String::new()
            }
        };
        if let Some(e) = &self.endpoint
            && !(e.starts_with("https://") || e.starts_with("http://"))
        {
            errors.push(error(
                "endpoint",
                format!("endpoint `{e}` is not an http(s) address"),
                "write the service's address, e.g. endpoint = \"https://ACCOUNT.r2.cloudflarestorage.com\"",
            ));
        }
        if self.region.as_deref().is_some_and(|r| r.trim().is_empty()) {
            errors.push(error(
                "region",
                "region is empty".into(),
                "write the bucket's region, e.g. region = \"eu-central-1\", or leave the key out",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DeployConfig {
            bucket,
            prefix,
            region: self.region,
            endpoint: self.endpoint.map(|e| e.trim_end_matches('/').to_string()),
            gzip: self.gzip,
            redirects: self.redirects,
        })
    }
}

/// `s3://name/folder` (or a bare `name`) -> the bucket and the folder.
fn split_bucket_url(url: &str) -> Result<(String, Option<String>), String> {
    let rest = match url.split_once("://") {
        Some(("s3", rest)) => rest,
        Some((scheme, _)) => {
            return Err(format!(
                "bucket `{url}`: folio deploys to S3-compatible storage, named s3://, not {scheme}://"
            ));
        }
        None => url,
    };
    let (name, folder) = match rest.split_once('/') {
        Some((n, f)) => (n, (!f.trim_matches('/').is_empty()).then(|| f.to_string())),
        None => (rest, None),
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(format!("`{name}` is not a bucket name"));
    }
    Ok((name.to_string(), folder))
}

/// A folder in the bucket as the keys will start: `""` or `a/b/`.
fn normalize_prefix(prefix: &str) -> Result<String, String> {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let bad = trimmed.split('/').find(|s| {
        s.is_empty() || *s == "." || *s == ".." || s.chars().any(|c| c.is_control() || c == '\\')
    });
    match bad {
        Some(s) => Err(format!("`{prefix}` cannot be a folder in a bucket (`{s}`)")),
        None => Ok(format!("{trimmed}/")),
    }
}

/// The line of `key = …` inside the `[deploy]` table (else the table's
/// header, else the first line).
fn key_line(text: &str, key: &str) -> usize {
    let header = text.lines().position(|l| {
        let l = l.trim_start();
        l.strip_prefix('[')
            .and_then(|r| r.split(']').next())
            .is_some_and(|name| name.trim() == TABLE)
    });
    let Some(header) = header else {
        return find_key_line(text, key).unwrap_or(1);
    };
    let body: Vec<&str> = text
        .lines()
        .skip(header + 1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .collect();
    find_key_line(&body.join("\n"), key).map_or(header + 1, |l| header + 1 + l)
}

#[cfg(test)]
mod tests {
    use crate::config::parse;

    #[test]
    fn the_known_keys_are_the_fields() {
        // Debug writes the fields in order: `DeployTable { bucket: None, ... }`.
        let shown = format!("{:?}", super::DeployTable::default());
        let fields: Vec<&str> = shown
            .split(['{', ','])
            .skip(1)
            .filter_map(|f| f.split_once(':').map(|(name, _)| name.trim()))
            .take_while(|name| *name != "other")
            .collect();
        assert_eq!(fields, super::KEYS);
    }

    const SITE: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

    fn deploy(table: &str) -> Result<super::DeployConfig, Vec<crate::diagnostics::Diagnostic>> {
        parse(&format!("{SITE}[deploy]\n{table}")).map(|c| c.deploy)
    }

    #[test]
    fn bucket_url_gives_bucket_and_folder() {
        let d = deploy("bucket = \"s3://cds-site/research/\"\nregion = \"eu-west-1\"\n").unwrap();
        assert_eq!(d.bucket.as_deref(), Some("cds-site"));
        assert_eq!(d.prefix, "research/");
        assert_eq!(d.region.as_deref(), Some("eu-west-1"));
        let d = deploy("bucket = \"cds-site\"\nprefix = \"/a/b\"\n").unwrap();
        assert_eq!(
            (d.bucket.as_deref(), d.prefix.as_str()),
            (Some("cds-site"), "a/b/")
        );
        assert_eq!(parse(SITE).unwrap().deploy, super::DeployConfig::default());
    }

    #[test]
    fn credentials_are_refused_without_repeating_them() {
        let errs =
            deploy("bucket = \"s3://b\"\nsecret_access_key = \"wJalrXUtnFEMI\"\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        let shown = errs[0].to_string();
        assert_eq!(errs[0].line, 5, "{shown}");
        assert!(shown.contains("never reads credentials"), "{shown}");
        assert!(shown.contains("AWS_SECRET_ACCESS_KEY"), "{shown}");
        assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
        for key in ["aws_access_key_id", "session_token", "password"] {
            let errs = deploy(&format!("{key} = \"x\"\n")).unwrap_err();
            assert!(errs[0].message.contains("never reads credentials"), "{key}");
        }
    }

    #[test]
    fn mistakes_point_at_their_key() {
        let errs =
            deploy("bucket = \"gs://b\"\nregoin = \"x\"\nendpoint = \"minio:9000\"\n").unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![5, 4, 6], "{errs:?}");
        assert!(
            errs[0]
                .help
                .as_deref()
                .unwrap()
                .contains("did you mean `region`")
        );
        let errs = deploy("bucket = \"s3://b/x\"\nprefix = \"y\"\n").unwrap_err();
        assert!(errs[0].message.contains("given twice"), "{errs:?}");
        let errs = deploy("prefix = \"a/../b\"\n").unwrap_err();
        assert_eq!(errs[0].line, 4);
    }
}
