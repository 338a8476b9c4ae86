//! Part of the content stage: the keys a front-matter header takes, read
//! from its struct. serde's derive hands a struct's field names (renames
//! applied, in declaration order) to `Deserializer::deserialize_struct`; a
//! deserializer that only records them and stops gives the list, so a key
//! is declared once, as a field, and the "known keys" of every message
//! follow the struct.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The keys `T` takes, in the order of its fields; empty for a type that
/// is not a plain struct (a free-form map, or a struct with a flattened
/// field, which serde reads as a map).
pub fn names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut found));
    found
}

/// The keys `T` takes as one line, `title, subtitle, date`, as messages
/// list them.
pub fn listed<'de, T: Deserialize<'de>>() -> String {
    names::<T>().join(", ")
}

struct Names<'a>(&'a mut &'static [&'static str]);

/// The one error: "recorded, stop here".
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Names<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(rename = "type")]
        kind: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn a_struct_gives_its_keys_in_order_with_renames() {
        assert_eq!(names::<Sample>(), ["title", "type", "tags"]);
        assert_eq!(listed::<Sample>(), "title, type, tags");
    }

    #[test]
    fn a_map_has_no_fixed_keys() {
        assert!(names::<serde_json::Value>().is_empty());
        assert!(names::<std::collections::BTreeMap<String, String>>().is_empty());
    }
}
