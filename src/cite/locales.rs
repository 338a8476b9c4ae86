//! Part of the citation step: the CSL locales hayagriva ships, decoded only
//! for the languages a site cites in. The archive holds 63 locales, and
//! decoding them all took longer (about 50 ms) than citing a hundred
//! articles; a reference in `xx-YY` needs only the `xx` locales and en-US,
//! CSL's last fallback.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::{LOCALES, locales};
use hayagriva::citationberg::{Locale, LocaleCode};
use serde::Deserialize;

/// The archive's locales of the primary language `primary` (`de`: de-DE,
/// de-AT, de-CH) and en-US, decoded once per process (a preview's
/// rebuilds and a site's editions share them).
pub(super) fn shipped(primary: &str) -> Arc<Vec<Locale>> {
    static DECODED: OnceLock<Mutex<HashMap<String, Arc<Vec<Locale>>>>> = OnceLock::new();
    let cache = DECODED.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(primary).cloned()) {
        return found;
    }
    let set = Arc::new(decode(primary));
    if let Ok(mut c) = cache.lock() {
        c.insert(primary.to_string(), set.clone());
    }
    set
}

/// Only the language of an encoded locale: reading it skips the rest
/// without building it.
#[derive(Deserialize)]
struct Lang {
    #[serde(rename = "@xml:lang")]
    lang: Option<LocaleCode>,
}

fn decode(primary: &str) -> Vec<Locale> {
    let wanted =
        |code: &LocaleCode| code.0 == "en-US" || crate::config::primary(&code.0) == primary;
    let set: Vec<Locale> = LOCALES
        .iter()
        .filter(|bytes| {
            ciborium::from_reader::<Lang, _>(**bytes)
                .ok()
                .and_then(|l| l.lang)
                .is_some_and(|c| wanted(&c))
        })
        .filter_map(|bytes| ciborium::from_reader::<Locale, _>(*bytes).ok())
        .collect();
    // Were the archive's encoding to change under us: all of them, decoded
    // by hayagriva itself, rather than none.
    if set.iter().any(|l| l.lang == Some(LocaleCode::en_us())) {
        set
    } else {
        locales()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(primary: &str) -> Vec<String> {
        let mut codes: Vec<String> = shipped(primary)
            .iter()
            .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
            .collect();
        codes.sort();
        codes
    }

    #[test]
    fn a_language_brings_its_own_locales_and_en_us() {
        assert_eq!(codes("de"), ["de-AT", "de-CH", "de-DE", "en-US"]);
        assert_eq!(codes("en"), ["en-GB", "en-US"]);
        assert_eq!(codes("ur"), ["en-US"]);
    }

    #[test]
    fn the_chosen_locales_are_decoded_as_hayagriva_decodes_them() {
        let all = locales();
        for l in shipped("fr").iter() {
            assert!(all.contains(l), "{:?}", l.lang);
        }
    }
}
