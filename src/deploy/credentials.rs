//! The shared credentials file of the AWS tools (`~/.aws/credentials`),
//! which object_store does not read: the profile `AWS_PROFILE` names, else
//! `default`. Only used when the environment has no credentials.

use std::collections::HashMap;

/// A profile of the AWS shared credentials file.
pub struct Credentials {
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
}

/// The profile `AWS_PROFILE` (else `default`) of `AWS_SHARED_CREDENTIALS_FILE`
/// (else `~/.aws/credentials`), the file the AWS tools write.
pub fn shared_credentials() -> Option<Credentials> {
    let file = match std::env::var_os("AWS_SHARED_CREDENTIALS_FILE") {
        Some(f) => std::path::PathBuf::from(f),
        None => std::path::PathBuf::from(std::env::var_os("HOME")?).join(".aws/credentials"),
    };
    let text = std::fs::read_to_string(file).ok()?;
    let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
    parse_credentials(&text, &profile)
}

/// The keys of `[profile]` in an INI file of the AWS tools.
fn parse_credentials(text: &str, profile: &str) -> Option<Credentials> {
    let mut in_profile = false;
    let mut values: HashMap<String, String> = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_profile = name.trim() == profile;
        } else if in_profile && let Some((k, v)) = line.split_once('=') {
            values.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    Some(Credentials {
        key_id: values.remove("aws_access_key_id")?,
        secret: values.remove("aws_secret_access_key")?,
        token: values.remove("aws_session_token"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_file_profiles() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key = S\n\n\
                    [work]\naws_access_key_id=B\naws_secret_access_key=T\naws_session_token = X\n";
        let d = parse_credentials(text, "default").unwrap();
        assert_eq!(
            (d.key_id.as_str(), d.secret.as_str(), d.token),
            ("A", "S", None)
        );
        let w = parse_credentials(text, "work").unwrap();
        assert_eq!((w.key_id.as_str(), w.token.as_deref()), ("B", Some("X")));
        assert!(parse_credentials(text, "other").is_none());
    }
}
