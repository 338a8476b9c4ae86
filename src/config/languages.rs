//! Part of the configuration: the languages a site is published in. The
//! default `language` is published at the root; each `[languages.<code>]`
//! table adds an edition under `/<code>/` with its own title, description,
//! menu and disclaimers (the rest is the site's). A language's direction,
//! its name for itself and whether a file-name suffix is a language code
//! are known here and nowhere else.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::MenuItem;

/// Languages written right to left.
const RTL: &[&str] = &["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"];

/// ISO 639-1: a file named `x.<code>.md` with one of these is a translation.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// What languages call themselves, for the language switcher.
const NATIVE_NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("hi", "हिन्दी"),
    ("ps", "پښتو"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("sd", "سنڌي"),
    ("tr", "Türkçe"),
    ("ur", "اردو"),
    ("zh", "中文"),
];

/// The language part of a tag such as `en-GB` or `ur_PK`, lower-cased.
pub fn primary(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or(lang)
        .to_ascii_lowercase()
}

/// `"rtl"` for languages written right to left, else `"ltr"`.
pub fn direction(lang: &str) -> &'static str {
    if RTL.contains(&primary(lang).as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Languages whose grammar doubles words ("بار بار", "धीरे धीरे",
/// "orang-orang"): a doubled word there is no slip of the pen.
const REDUPLICATING: &[&str] = &[
    "bn", "fa", "gu", "hi", "id", "ja", "ko", "mr", "ms", "ne", "pa", "ps", "sd", "ta", "te", "th",
    "tl", "ur", "vi", "zh",
];

/// Whether `lang` doubles words on purpose (see [`REDUPLICATING`]).
pub fn reduplicates(lang: &str) -> bool {
    REDUPLICATING.contains(&primary(lang).as_str())
}

/// Whether `s` is a two-letter language code (so `x.<s>.md` names a language).
pub fn is_language_code(s: &str) -> bool {
    ISO_639_1.contains(&s)
}

/// The language's own name for itself, else its code.
pub fn native_name(lang: &str) -> String {
    let p = primary(lang);
    NATIVE_NAMES
        .iter()
        .find(|(code, _)| *code == p)
        .map_or_else(|| lang.to_string(), |(_, name)| name.to_string())
}

/// What `[languages.<code>]` may set: the site's words in that language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    /// The language's name in the switcher (default: its own name for itself).
    pub name: Option<String>,
    pub title: Option<String>,
    pub short_title: Option<String>,
    pub description: Option<String>,
    pub menu: Option<Vec<MenuItem>>,
    /// Disclaimers in this language; a name missing here is the site's.
    #[serde(default)]
    pub disclaimers: BTreeMap<String, String>,
}

/// One edition of the site: a language, and where it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub lang: String,
    /// `/` for the default language, `/<code>/` for the others.
    pub root: String,
    pub is_default: bool,
    /// The name the language switcher shows.
    pub name: String,
}

impl Default for Edition {
    fn default() -> Self {
        Edition {
            lang: "en".into(),
            root: crate::scheme::HOME.into(),
            is_default: true,
            name: native_name("en"),
        }
    }
}

/// Whether `code` can name an edition: letters, digits and `-`, as a
/// language tag is written, in lower case (it becomes a URL segment).
pub fn valid_code(code: &str) -> bool {
    (2..=12).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_and_names() {
        assert_eq!(direction("ur"), "rtl");
        assert_eq!(direction("ur-PK"), "rtl");
        assert_eq!(direction("en"), "ltr");
        assert_eq!(native_name("ur"), "اردو");
        assert_eq!(native_name("xx"), "xx");
        assert!(is_language_code("ur") && !is_language_code("v2"));
        assert!(valid_code("ur") && valid_code("pt-br") && !valid_code("UR") && !valid_code("u"));
    }
}
