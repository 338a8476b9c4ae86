//! The bucket, through object_store's S3 client: connecting with the
//! credentials of the environment or of `~/.aws/credentials`, listing
//! with ETags, putting whole objects, deleting. Failures are put into
//! words by [`super::explain`].
//!
//! Nothing here prints, and no message carries a credential: errors name
//! the bucket, the endpoint and the key, never a header or the builder.

use std::collections::HashMap;
use std::time::Duration;

use futures::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as Key;
use object_store::{Attribute, Attributes, ObjectStore, PutOptions, PutPayload, RetryConfig};

use super::DeployError;
use super::credentials::shared_credentials;
use super::explain;
use super::local::{self, LocalFile};
use crate::config::DeployConfig;

const NO_BUCKET_HELP: &str = "add a [deploy] table to site.toml with \
    bucket = \"s3://my-bucket\" (see docs/publishing.md)";

/// A bucket, and the folder in it that holds the site.
pub struct Remote {
    store: AmazonS3,
    bucket: String,
    prefix: String,
    /// Where the bucket is, for messages: the endpoint, or "AWS S3".
    place: String,
    /// Where the credentials came from, for messages (never what they are).
    credentials: Source,
}

/// Where the client found its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `AWS_ACCESS_KEY_ID`, or a web-identity or container setting.
    Environment,
    /// The shared credentials file.
    File,
    /// None of those: the client asks the machine's instance metadata
    /// service, which only a cloud machine has.
    Machine,
}

impl Remote {
    pub fn connect(config: &DeployConfig) -> Result<Remote, DeployError> {
        let Some(bucket) = config.bucket.clone() else {
            return Err(
                DeployError::new("site.toml names no bucket to deploy to").help(NO_BUCKET_HELP)
            );
        };
        // The environment's AWS_* settings first (credentials, region,
        // endpoint); site.toml's settings override them.
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&bucket)
            // A run that fails is resumed by running it again; retrying one
            // request for minutes (the default) only hides a dead endpoint.
            .with_retry(RetryConfig {
                max_retries: 4,
                retry_timeout: Duration::from_secs(30),
                ..RetryConfig::default()
            });
        if let Some(region) = &config.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let (builder, credentials) = with_credentials(builder);
        let place = match &config.endpoint {
            Some(e) => e.clone(),
            None => format!(
                "AWS S3 ({})",
                config
                    .region
                    .as_deref()
                    .unwrap_or("region from the environment")
            ),
        };
        let store = builder.build().map_err(|e| {
            DeployError::new(format!("cannot use bucket `{bucket}` at {place}: {e}"))
                .help("check [deploy] in site.toml")
        })?;
        Ok(Remote {
            store,
            bucket,
            prefix: config.prefix.clone(),
            place,
            credentials,
        })
    }

    /// Every object under the prefix: key -> ETag (as listed, quotes and all).
    pub async fn list(&self) -> Result<HashMap<String, Option<String>>, DeployError> {
        let folder = self.prefix.trim_end_matches('/');
        let folder = (!folder.is_empty())
            .then(|| Key::parse(folder))
            .transpose()
            .map_err(|e| DeployError::new(format!("cannot use prefix `{}`: {e}", self.prefix)))?;
        let mut listing = self.store.list(folder.as_ref());
        let mut objects = HashMap::new();
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(|e| self.error("list", None, e))?;
            objects.insert(meta.location.as_ref().to_string(), meta.e_tag);
        }
        Ok(objects)
    }

    /// Puts one file whole: S3 replaces an object atomically, so a reader
    /// sees the old version or the new one, never a part.
    pub async fn put(&self, file: &LocalFile) -> Result<(), DeployError> {
        let key = parse_key(&file.key)?;
        let body = local::body(&file.path, file.headers.gzip)?;
        let mut attributes = Attributes::new();
        attributes.insert(
            Attribute::ContentType,
            file.headers.content_type.clone().into(),
        );
        attributes.insert(Attribute::CacheControl, file.headers.cache_control.into());
        if file.headers.gzip {
            attributes.insert(Attribute::ContentEncoding, "gzip".into());
        }
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(&key, PutPayload::from(body), options)
            .await
            .map_err(|e| self.error("upload", Some(&file.key), e))?;
        Ok(())
    }

    /// Deletes objects, many to a request where the service allows.
    pub async fn delete(&self, keys: &[String]) -> Result<usize, DeployError> {
        let parsed: Vec<_> = keys
            .iter()
            .map(|k| parse_key(k))
            .collect::<Result<_, _>>()?;
        let mut done = self
            .store
            .delete_stream(futures::stream::iter(parsed.into_iter().map(Ok)).boxed());
        let mut n = 0;
        while let Some(r) = done.next().await {
            r.map_err(|e| self.error("delete", None, e))?;
            n += 1;
        }
        Ok(n)
    }

    fn error(&self, doing: &str, key: Option<&str>, e: object_store::Error) -> DeployError {
        explain::explain(
            &e,
            &explain::Context {
                doing,
                key,
                bucket: &self.bucket,
                place: &self.place,
                no_credentials: self.credentials == Source::Machine,
            },
        )
    }
}

/// The builder with the credentials of the shared credentials file when
/// the environment has none (object_store reads only the environment),
/// and where they came from.
fn with_credentials(builder: AmazonS3Builder) -> (AmazonS3Builder, Source) {
    let in_environment = [
        "AWS_ACCESS_KEY_ID",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some());
    if in_environment {
        return (builder, Source::Environment);
    }
    let Some(c) = shared_credentials() else {
        return (builder, Source::Machine);
    };
    let mut builder = builder
        .with_access_key_id(c.key_id)
        .with_secret_access_key(c.secret);
    if let Some(token) = c.token {
        builder = builder.with_token(token);
    }
    (builder, Source::File)
}

fn parse_key(key: &str) -> Result<Key, DeployError> {
    // `Key::from` would percent-encode `%`, `~` and non-ASCII letters,
    // storing a key that 404s; `parse` keeps the key as written.
    Key::parse(key).map_err(|e| DeployError::new(format!("`{key}` cannot be a key: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_as_written() {
        assert_eq!(
            parse_key("ur/مضامین/index.html").unwrap().as_ref(),
            "ur/مضامین/index.html"
        );
        assert_eq!(
            parse_key("a/b%20c~d.html").unwrap().as_ref(),
            "a/b%20c~d.html"
        );
    }
}
