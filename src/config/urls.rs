//! Part of the configuration: the addresses site.toml puts into every page
//! (`[[menu]] url`, each language's menu, `[theme]` `logo`, `favicon` and
//! `extra_css`) pass the one safety rule of [`crate::safe_url`]; each one
//! refused is an error at its line. A refused address is taken out of the
//! configuration and its error kept in [`Config::refused`], so that a
//! build goes on to read the content and reports every unsafe address of
//! the site, site.toml's and the front matter's, at once.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{CONFIG_FILE, Config, MenuItem, ThemeSetting, find_key_line};
use crate::diagnostics::{Diagnostic, line_col};
use crate::safe_url::{self, Refused, Use};

/// The menus of site.toml read again with the place of each address (the
/// typed [`Config`] keeps only the values).
#[derive(Deserialize)]
struct Menus {
    #[serde(default)]
    menu: Vec<MenuUrl>,
    #[serde(default)]
    languages: BTreeMap<String, LanguageMenu>,
}

#[derive(Deserialize)]
struct LanguageMenu {
    #[serde(default)]
    menu: Vec<MenuUrl>,
}

#[derive(Deserialize)]
struct MenuUrl {
    url: Spanned<String>,
}

/// `[theme]` keys that hold an address, and what each is for.
const THEME_ADDRESSES: &[(&str, Use)] = &[
    ("logo", Use::Image),
    ("favicon", Use::Image),
    ("extra_css", Use::Link),
];

/// Every address of `config` (read from `text`) that the rule refuses,
/// each taken out of `config`.
pub(super) fn refuse_unsafe(text: &str, config: &mut Config) -> Vec<Diagnostic> {
    let errors = unsafe_addresses(text, config);
    let safe = |m: &MenuItem| safe_url::check(&m.url, Use::Link).is_ok();
    config.menu.retain(safe);
    for l in config.languages.values_mut() {
        if let Some(menu) = &mut l.menu {
            menu.retain(safe);
        }
    }
    if let ThemeSetting::Table(theme) = &mut config.theme {
        for (key, use_) in THEME_ADDRESSES {
            let refused = theme
                .get(*key)
                .and_then(|v| v.as_str())
                .is_some_and(|v| safe_url::check(v, *use_).is_err());
            if refused {
                theme.remove(*key);
            }
        }
    }
    errors
}

/// Every address of `config` (read from `text`) that the rule refuses.
fn unsafe_addresses(text: &str, config: &Config) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if let Ok(menus) = toml::from_str::<Menus>(text) {
        let menus = std::iter::once(("[[menu]] url".to_string(), menus.menu)).chain(
            menus
                .languages
                .into_iter()
                .map(|(code, l)| (format!("[[languages.{code}.menu]] url"), l.menu)),
        );
        for (what, items) in menus {
            for item in items {
                if let Err(refused) = safe_url::check(item.url.get_ref(), Use::Link) {
                    // Point at the text of the value, inside its quotes.
                    let span = item.url.span();
                    let quoted = text[span.clone()].starts_with(['"', '\'']);
                    let start = span.start + usize::from(quoted);
                    let (line, column) = line_col(text, start);
                    let width = item.url.get_ref().chars().count().max(1);
                    let d = refusal(&refused, &what, Use::Link);
                    errors.push(d.at(text, line, column).width(width));
                }
            }
        }
    }
    if let ThemeSetting::Table(theme) = &config.theme {
        for (key, use_) in THEME_ADDRESSES {
            let Some(value) = theme.get(*key).and_then(|v| v.as_str()) else {
                continue;
            };
            if let Err(refused) = safe_url::check(value, *use_) {
                let line = find_key_line(text, key).unwrap_or(1);
                let d = refusal(&refused, &format!("[theme] {key}"), *use_);
                errors.push(d.at(text, line, 1).width(key.len()));
            }
        }
    }
    errors
}

fn refusal(refused: &Refused, what: &str, use_: Use) -> Diagnostic {
    Diagnostic::error(CONFIG_FILE, refused.message(what, use_)).help(Refused::fix(use_))
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

    #[test]
    fn refused_addresses_leave_the_configuration() {
        let text = format!(
            "{MINIMAL}[theme]\nlogo = \"javascript:x\"\naccent = \"#123456\"\n\n[[menu]]\nname = \"a\"\nurl = \"/a/\"\n\n[[menu]]\nname = \"b\"\nurl = \"vbscript:x\"\n"
        );
        let c = parse(&text).unwrap();
        assert_eq!(c.refused.len(), 2);
        assert_eq!(c.menu.len(), 1);
        assert!(c.theme_options().get("logo").is_none());
        assert!(c.theme_options().get("accent").is_some());
    }

    #[test]
    fn every_unsafe_address_is_an_error_at_its_line() {
        let text = format!(
            "{MINIMAL}[theme]\nlogo = \"data:image/png;base64,iVBO\"\nfavicon = \" JaVaScRiPt:alert(1)\"\nextra_css = \"data:text/css,body{{}}\"\n\n[[menu]]\nname = \"ok\"\nurl = \"/about/\"\n\n[[menu]]\nname = \"bad\"\nurl = \"java\\tscript:alert(1)\"\n\n[languages.ur]\nmenu = [{{name = \"x\", url = \"vbscript:x\"}}]\n"
        );
        let errors = parse(&text).unwrap().refused;
        let found: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.line, e.message.split(" has ").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                (14, "`[[menu]] url`"),
                (17, "`[[languages.ur.menu]] url`"),
                (5, "`[theme] favicon`"),
                (6, "`[theme] extra_css`"),
            ],
            "{errors:?}"
        );
        assert!(errors[0].message.contains("unsafe scheme `javascript:`"));
        assert!(errors[0].column > 1, "points at the value");
        assert!(errors.iter().all(|e| e.help.is_some()));
    }
}
