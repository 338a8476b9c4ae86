//! Part of the content stage: URL segments. Every path segment folio writes
//! comes from here, checked before any path is joined, so front matter can
//! never steer a write outside the output folder.

use unicode_normalization::UnicodeNormalization;

/// Turns any text (a file name, a tag) into `a-z0-9-`, transliterating
/// non-Latin scripts. Returns an empty string when nothing is left.
pub fn slugify(text: &str) -> String {
    // "Pakistan's" reads as one word: drop apostrophes instead of splitting on them.
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ'))
        .collect();
    let ascii = deunicode::deunicode(&text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if is_reserved(&out) {
        out.push_str("-1");
    }
    out
}

const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

fn is_reserved(s: &str) -> bool {
    WINDOWS_RESERVED.contains(&s)
}

/// Checks a slug written by hand (`slug:` in front matter). On success returns
/// its NFC form; on failure, a sentence saying what is wrong.
pub fn validate(slug: &str) -> Result<String, String> {
    let slug: String = slug.nfc().collect();
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug == "." || slug == ".." {
        return Err(format!("`{slug}` cannot be a URL segment"));
    }
    if let Some(c) = slug
        .chars()
        .find(|c| matches!(c, '/' | '\\' | '%') || c.is_control() || c.is_whitespace())
    {
        return Err(format!(
            "the slug contains {}, which cannot appear in one URL segment",
            describe(c)
        ));
    }
    if let Some(c) = slug.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
        return Err(format!(
            "the slug contains {}; use only letters, digits and `-`",
            describe(c)
        ));
    }
    if slug.chars().any(char::is_uppercase) {
        return Err("the slug has upper-case letters; URLs are lower-case".into());
    }
    if is_reserved(&slug) {
        return Err(format!("`{slug}` is a reserved file name on Windows"));
    }
    Ok(slug)
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates_and_collapses() {
        assert_eq!(
            slugify("Istanbul Talks: What Next?"),
            "istanbul-talks-what-next"
        );
        assert_eq!(slugify("Ça va -- bien"), "ca-va-bien");
        assert_eq!(slugify("CON"), "con-1");
        assert_eq!(slugify("Pakistan’s Role"), "pakistans-role");
        assert!(!slugify("پاکستان").is_empty());
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn validate_refuses_what_would_escape_a_folder() {
        for bad in [
            "", ".", "..", "a/b", "a\\b", "a%2f", "a b", "A", "nul", "a\u{0}",
        ] {
            assert!(validate(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(validate("istanbul-talks").unwrap(), "istanbul-talks");
        assert_eq!(validate("پاکستان").unwrap(), "پاکستان");
    }
}
