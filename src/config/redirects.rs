//! `[deploy] redirects` in site.toml: whether `folio build` also writes the
//! site's old addresses (aliases) as a `_redirects` file, the rules file
//! Netlify and Cloudflare Pages read from the root of what they publish.
//! The HTML redirect pages are written either way: they serve every host.

use serde::Deserialize;

/// The host whose dialect of `_redirects` to write. The two share the
/// format `OLD NEW 301` but differ on one point that matters here: folio
/// leaves an HTML page at every old address, and Netlify serves a file that
/// exists rather than applying a rule unless the rule is forced (`301!`),
/// while Cloudflare Pages always applies its rules and ignores a line whose
/// status is not a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RedirectsFormat {
    Netlify,
    Cloudflare,
}

impl RedirectsFormat {
    /// The status field of each rule: a permanent redirect, forced where
    /// the host would otherwise serve the redirect page at the old address.
    pub fn status(self) -> &'static str {
        match self {
            RedirectsFormat::Netlify => "301!",
            RedirectsFormat::Cloudflare => "301",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Deploy {
        #[serde(default)]
        redirects: Option<RedirectsFormat>,
    }

    #[derive(Deserialize)]
    struct Site {
        #[serde(default)]
        deploy: Option<Deploy>,
    }

    fn parse(text: &str) -> Result<Option<RedirectsFormat>, String> {
        toml::from_str::<Site>(text)
            .map(|s| s.deploy.and_then(|d| d.redirects))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_setting_names_the_host() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("[deploy]\n"), Ok(None));
        assert_eq!(
            parse("[deploy]\nredirects = \"netlify\"\n"),
            Ok(Some(RedirectsFormat::Netlify))
        );
        assert_eq!(
            parse("[deploy]\nredirects = \"cloudflare\"\n"),
            Ok(Some(RedirectsFormat::Cloudflare))
        );
        let wrong = parse("[deploy]\nredirects = \"apache\"\n").unwrap_err();
        assert!(
            wrong.contains("netlify") && wrong.contains("cloudflare"),
            "{wrong}"
        );
    }

    #[test]
    fn only_netlify_rules_are_forced() {
        assert_eq!(RedirectsFormat::Netlify.status(), "301!");
        assert_eq!(RedirectsFormat::Cloudflare.status(), "301");
    }
}
