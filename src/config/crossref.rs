//! `[crossref]` in site.toml: who deposits the site's DOIs with Crossref
//! and under which prefix, for `folio crossref`. Only read as written
//! here; whether it is complete is checked by the command that needs it
//! (`folio crossref`), since a site without DOIs needs no such table.

use serde::Deserialize;

pub(super) const TABLE: &str = "crossref";

/// `[crossref]` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossrefConfig {
    /// The depositor's name (a person or a department), `depositor_name`.
    #[serde(default)]
    pub depositor: Option<String>,
    /// Where Crossref sends the deposit's report, `email_address`.
    #[serde(default)]
    pub email: Option<String>,
    /// The Crossref member the DOIs belong to, `registrant`.
    #[serde(default)]
    pub registrant: Option<String>,
    /// The DOI prefix Crossref gave the member (`10.5555`).
    #[serde(default)]
    pub doi_prefix: Option<String>,
    /// The publishing institution's ROR id, for `institution_id`.
    #[serde(default)]
    pub ror: Option<String>,
}

/// The line (from 1) and column of `key = ...` inside the `[crossref]`
/// table of site.toml's `text`; with no key, of the table's header.
pub fn place(text: &str, key: Option<&str>) -> Option<(usize, usize)> {
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            let header = t
                .trim_end()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim();
            inside = header == TABLE;
            if inside && key.is_none() {
                return Some((i + 1, line.len() - t.len() + 1));
            }
            continue;
        }
        let Some(key) = key else { continue };
        let written = t
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if inside && written == key && t.contains('=') {
            return Some((i + 1, line.len() - t.len() + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_keys_of_the_crossref_table_only() {
        let text = "title = \"x\"\n[deploy]\nprefix = \"a\"\n\n[crossref]\n  email = \"e@x.org\"\ndoi_prefix = \"10.5555\"\n";
        assert_eq!(place(text, None), Some((5, 1)));
        assert_eq!(place(text, Some("email")), Some((6, 3)));
        assert_eq!(place(text, Some("doi_prefix")), Some((7, 1)));
        assert_eq!(place(text, Some("prefix")), None);
        assert_eq!(place("title = \"x\"\n", None), None);
    }
}
