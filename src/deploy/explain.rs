//! What a failed request to the bucket means, in words: no such bucket,
//! access denied, endpoint unreachable, no credentials, or the service's
//! own message. object_store reports most S3 refusals as a generic error
//! whose text carries the HTTP status and S3's XML (`<Code>NoSuchBucket</Code>`),
//! so the code is read from there. No message carries a credential: they
//! name the bucket, the endpoint and the key, never a header.

use super::DeployError;

/// What was being done when the request failed.
pub struct Context<'a> {
    /// "list", "upload", "delete".
    pub doing: &'a str,
    pub key: Option<&'a str>,
    pub bucket: &'a str,
    /// The endpoint, or "AWS S3 (region)".
    pub place: &'a str,
    /// Credentials were found neither in the environment nor in the
    /// credentials file (the client then asks the instance metadata service).
    pub no_credentials: bool,
}

/// S3 error codes that mean the credentials were refused.
const DENIED: &[&str] = &[
    "AccessDenied",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "AllAccessDisabled",
    "AccountProblem",
];

pub fn explain(e: &object_store::Error, c: &Context) -> DeployError {
    let (bucket, place, doing) = (c.bucket, c.place, c.doing);
    let what = c.key.map_or(String::new(), |k| format!(" {k}"));
    let text = e.to_string();
    let code = s3_tag(&text, "Code");
    if c.no_credentials && asked_the_machine(&text) {
        return DeployError::new(format!(
            "found no credentials for bucket `{bucket}` at {place}"
        ))
        .help(
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or put them in \
             ~/.aws/credentials (profile `default`, or the one AWS_PROFILE names); see \
             docs/publishing.md",
        );
    }
    if code == Some("NoSuchBucket")
        || (matches!(e, object_store::Error::NotFound { .. }) && c.key.is_none())
    {
        return DeployError::new(format!("bucket `{bucket}` was not found at {place}")).help(
            "create the bucket, or correct bucket, region or endpoint under [deploy] in site.toml",
        );
    }
    if matches!(
        code,
        Some("PermanentRedirect" | "AuthorizationHeaderMalformed")
    ) || text.contains("incorrectly configured region")
    {
        return DeployError::new(format!(
            "bucket `{bucket}` is not in the region asked ({place})"
        ))
        .help("set region under [deploy] in site.toml to the bucket's region, e.g. region = \"eu-central-1\"");
    }
    let denied = code.is_some_and(|c| DENIED.contains(&c))
        || matches!(
            e,
            object_store::Error::PermissionDenied { .. }
                | object_store::Error::Unauthenticated { .. }
        );
    if denied {
        let why = code.map_or(String::new(), |c| format!(" ({c})"));
        return DeployError::new(format!(
            "access denied{why}: cannot {doing}{what} in bucket `{bucket}` at {place}"
        ))
        .help(
            "check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, \
             or ~/.aws/credentials), and that they may list, put and delete objects in this bucket",
        );
    }
    if is_unreachable(e) {
        return DeployError::new(format!("cannot reach {place} to {doing}{what}")).help(
            "check endpoint (and region) under [deploy] in site.toml, and the network; \
             run `folio deploy` again to finish",
        );
    }
    let said = match (code, s3_tag(&text, "Message")) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        _ => text.clone(),
    };
    DeployError::new(format!(
        "could not {doing}{what} in bucket `{bucket}` at {place}: {said}"
    ))
    .help("run `folio deploy` again: what was put is complete, and it uploads only what is still different")
}

/// The text of `<tag>…</tag>` in S3's XML error, carried in the message.
fn s3_tag<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find("</")? + start;
    Some(text[start..end].trim()).filter(|s| !s.is_empty())
}

/// Whether the error came from the instance metadata service, which the
/// client asks last (found nothing else, and not a cloud machine).
fn asked_the_machine(text: &str) -> bool {
    text.contains("169.254.169.254")
        || text.contains("/latest/api/token")
        || text.contains("/latest/meta-data")
}

/// Whether the request never reached the service.
fn is_unreachable(e: &object_store::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(h) = s.downcast_ref::<object_store::client::HttpError>()
            && matches!(
                h.kind(),
                object_store::client::HttpErrorKind::Connect
                    | object_store::client::HttpErrorKind::Timeout
            )
        {
            return true;
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(text: &str) -> object_store::Error {
        object_store::Error::Generic {
            store: "S3",
            source: text.to_string().into(),
        }
    }

    fn context(key: Option<&'static str>) -> Context<'static> {
        Context {
            doing: "list",
            key,
            bucket: "b",
            place: "http://s3.test",
            no_credentials: false,
        }
    }

    #[test]
    fn s3_codes_become_sentences() {
        let e = generic(
            "404 Not Found: <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
        );
        assert_eq!(
            explain(&e, &context(None)).message,
            "bucket `b` was not found at http://s3.test"
        );
        let e = generic("403 Forbidden: <Error><Code>SignatureDoesNotMatch</Code></Error>");
        assert!(explain(&e, &context(Some("a.html"))).message.starts_with(
            "access denied (SignatureDoesNotMatch): cannot list a.html in bucket `b`"
        ));
        let e = generic(
            "500: <Error><Code>InternalError</Code><Message>We encountered an internal error</Message></Error>",
        );
        assert!(
            explain(&e, &context(None))
                .message
                .ends_with(": InternalError: We encountered an internal error")
        );
    }

    #[test]
    fn a_wrong_region_is_named() {
        let e = generic("301 Moved Permanently: <Error><Code>PermanentRedirect</Code></Error>");
        let d = explain(&e, &context(None));
        assert!(d.message.contains("not in the region"), "{}", d.message);
        assert!(d.help.unwrap().contains("region = "));
    }

    #[test]
    fn no_credentials_is_said_as_such() {
        let e = generic("Error performing PUT http://169.254.169.254/latest/api/token in 16ms");
        let c = Context {
            no_credentials: true,
            ..context(None)
        };
        assert!(explain(&e, &c).message.starts_with("found no credentials"));
    }
}
