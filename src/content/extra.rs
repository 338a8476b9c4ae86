//! Part of the content stage: what a header hands to the templates as
//! written. `extra:` holds keys folio does not know, for a theme (as Zola's
//! `extra`): any YAML value, passed on untouched. And every key of
//! [`ArticleHeader`](super::frontmatter::ArticleHeader) not marked
//! `skip_serializing` (the keys folio only shows) reaches `article.<key>`
//! without code of its own: the struct's field is the whole declaration.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_saphyr::Spanned;

/// A value as YAML wrote it, in the shape templates read.
pub type Value = serde_json::Value;

/// `extra:` of a header: its keys with their places, and their values.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Each key with where it is written (in the header's lines).
    pub keys: Vec<Spanned<String>>,
    pub values: serde_json::Map<String, Value>,
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Extra;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("keys and values for the theme, such as `extra: {hero: wide}`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
                let mut extra = Extra::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Value>()?;
                    extra.values.insert(key.value.clone(), value);
                    extra.keys.push(key);
                }
                Ok(extra)
            }
            // `extra:` with nothing after it.
            fn visit_unit<E: de::Error>(self) -> Result<Extra, E> {
                Ok(Extra::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Extra, E> {
                Ok(Extra::default())
            }
        }
        d.deserialize_any(Keys)
    }
}

/// The keys of a header that templates see as written (`extra`, and any
/// key folio only shows), by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Shown(serde_json::Map<String, Value>);

// JSON numbers are never NaN: a value equals itself.
impl Eq for Shown {}

impl Shown {
    /// The keys of `header` that are not marked `skip_serializing`.
    pub fn of<T: Serialize>(header: &T) -> Shown {
        match serde_json::to_value(header) {
            Ok(Value::Object(map)) => Shown(map),
            _ => Shown::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Serialize)]
    struct Header {
        #[serde(skip_serializing)]
        #[allow(dead_code)]
        title: Option<String>,
        kicker: Option<String>,
        #[serde(default)]
        extra: Extra,
    }

    #[test]
    fn any_yaml_value_passes_through() {
        let text = "title: A\nkicker: Analysis\nextra:\n  hero: wide\n  n: 3\n  ratio: 0.5\n  on: true\n  none: ~\n  list: [a, {b: 1}]\n  when: 2025-01-01\n";
        let h: Header = serde_saphyr::from_str(text).unwrap();
        let keys: Vec<(&str, usize)> = h
            .extra
            .keys
            .iter()
            .map(|k| (k.value.as_str(), k.referenced.line() as usize))
            .collect();
        assert_eq!(keys[0], ("hero", 4));
        assert_eq!(keys.len(), 7);
        let shown = serde_json::to_value(Shown::of(&h)).unwrap();
        assert_eq!(
            shown,
            serde_json::json!({
                "kicker": "Analysis",
                "extra": {"hero": "wide", "n": 3, "ratio": 0.5, "on": true, "none": null,
                          "list": ["a", {"b": 1}], "when": "2025-01-01"}
            })
        );
    }

    #[test]
    fn an_empty_extra_is_an_empty_map() {
        let h: Header = serde_saphyr::from_str("title: A\nextra:\n").unwrap();
        assert!(h.extra.values.is_empty());
        let h: Header = serde_saphyr::from_str("title: A\n").unwrap();
        let shown = serde_json::to_value(Shown::of(&h)).unwrap();
        assert_eq!(shown, serde_json::json!({"kicker": null, "extra": {}}));
    }
}
