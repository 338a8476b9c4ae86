//! Part of `folio crossref`: `[crossref]` and `license` of site.toml
//! checked into what a deposit needs, each missing or malformed setting an
//! error at its line of site.toml (or at the table, or at the file when
//! there is no table) that shows what to write.

use std::path::PathBuf;

use crate::config::{CONFIG_FILE, Config, crossref_place};
use crate::content::identifiers;
use crate::diagnostics::Diagnostic;

/// What the deposit's head, and every record's publisher, say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub depositor: String,
    pub email: String,
    pub registrant: String,
    /// `10.5555`, without a trailing slash.
    pub doi_prefix: String,
    /// The publisher's ROR id, bare.
    pub ror: Option<String>,
    /// The site's licence, as its address.
    pub license: Option<String>,
}

/// A `[crossref]` table that would do, shown in the errors.
const EXAMPLE: &str = "[crossref]\ndepositor = \"CDS Publications\"\nemail = \"publications@example.org\"\nregistrant = \"Centre for Development and Stability\"\ndoi_prefix = \"10.5555\"";

/// `[crossref]` and `license` of `config`, checked.
pub fn check(config: &Config) -> Result<Settings, Vec<Diagnostic>> {
    let Some(table) = &config.crossref else {
        return Err(vec![
            Diagnostic::error(CONFIG_FILE, "site.toml has no [crossref] table")
                .help(format!(
                    "`folio crossref` needs to know who deposits the DOIs and under which prefix; add\n{EXAMPLE}"
                )),
        ]);
    };
    let mut errors = Vec::new();
    let mut required = |key: &str, value: &Option<String>, what: &str| -> String {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None => {
                errors.push(at(
                    config,
                    None,
                    format!("[crossref] has no `{key}`"),
                    format!("add {key} = \"...\": {what}"),
                ));
                String::new()
            }
        }
    };
    let depositor = required(
        "depositor",
        &table.depositor,
        "the name Crossref's report is addressed to",
    );
    let email = required(
        "email",
        &table.email,
        "where Crossref sends the deposit's report",
    );
    let registrant = required(
        "registrant",
        &table.registrant,
        "the Crossref member the DOIs belong to",
    );
    let doi_prefix = required(
        "doi_prefix",
        &table.doi_prefix,
        "the prefix Crossref gave the member, such as 10.5555",
    );
    if !email.is_empty() && !plausible_email(&email) {
        errors.push(at(
            config,
            Some("email"),
            format!("`{email}` is not an e-mail address"),
            "write an address such as publications@example.org".into(),
        ));
    }
    let doi_prefix = doi_prefix.trim_end_matches('/').to_string();
    if !doi_prefix.is_empty() && !is_doi_prefix(&doi_prefix) {
        errors.push(at(
            config,
            Some("doi_prefix"),
            format!("`{doi_prefix}` is not a DOI prefix"),
            "a prefix is 10. and four to nine digits, such as 10.5555 (Crossref's test prefix)"
                .into(),
        ));
    }
    let ror = match table.ror.as_deref().map(identifiers::ror) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(refused)) => {
            errors.push(at(config, Some("ror"), refused.message, refused.help));
            None
        }
    };
    let license = config.license.as_deref().map(str::trim).map(str::to_string);
    if let Some(l) = &license
        && !(l.starts_with("https://") || l.starts_with("http://"))
    {
        errors.push(
            config.point(
                "license",
                Diagnostic::error(CONFIG_FILE, format!("the licence `{l}` is not an address"))
                    .help("write the licence's address, such as license = \"https://creativecommons.org/licenses/by/4.0/\""),
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Settings {
        depositor,
        email,
        registrant,
        doi_prefix,
        ror,
        license,
    })
}

/// An error at `key` of `[crossref]`, else at the table's header.
fn at(config: &Config, key: Option<&str>, message: String, help: String) -> Diagnostic {
    let d = Diagnostic::error(PathBuf::from(CONFIG_FILE), message).help(help);
    let place = key
        .and_then(|k| crossref_place(&config.source, Some(k)))
        .or_else(|| crossref_place(&config.source, None));
    match place {
        Some((line, column)) => {
            let width = key.map_or("[crossref]".len(), str::len);
            d.at(&config.source, line, column).width(width)
        }
        None => d,
    }
}

/// `10.` and four to nine digits (the pattern of Crossref's `doi_t`).
pub fn is_doi_prefix(p: &str) -> bool {
    p.strip_prefix("10.")
        .is_some_and(|n| (4..=9).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()))
}

fn plausible_email(e: &str) -> bool {
    let Some((user, host)) = e.split_once('@') else {
        return false;
    };
    !user.is_empty() && host.contains('.') && !e.contains(char::is_whitespace) && e.len() >= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        crate::config::parse(&format!(
            "title = \"T\"\nbase_url = \"https://x.org\"\n{text}"
        ))
        .unwrap()
    }

    #[test]
    fn a_complete_table_is_read() {
        let c = config(
            "license = \"https://creativecommons.org/licenses/by/4.0/\"\n[crossref]\ndepositor = \"D\"\nemail = \"d@x.org\"\nregistrant = \"R\"\ndoi_prefix = \"10.5555/\"\nror = \"https://ror.org/03yrm5c26\"\n",
        );
        let s = check(&c).unwrap();
        assert_eq!(s.doi_prefix, "10.5555");
        assert_eq!(s.ror.as_deref(), Some("03yrm5c26"));
        assert!(s.license.is_some());
    }

    #[test]
    fn missing_and_malformed_settings_point_at_site_toml() {
        let e = check(&config("")).unwrap_err();
        assert_eq!(e[0].file, PathBuf::from("site.toml"));
        assert!(e[0].help.as_deref().unwrap().contains("doi_prefix"));
        let e = check(&config(
            "[crossref]\ndepositor = \"D\"\nemail = \"nobody\"\ndoi_prefix = \"11.5\"\n",
        ))
        .unwrap_err();
        let messages: Vec<_> = e.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(
            messages.contains(&(3, "[crossref] has no `registrant`")),
            "{messages:?}"
        );
        assert!(
            messages.contains(&(5, "`nobody` is not an e-mail address")),
            "{messages:?}"
        );
        assert!(
            messages.contains(&(6, "`11.5` is not a DOI prefix")),
            "{messages:?}"
        );
    }
}
