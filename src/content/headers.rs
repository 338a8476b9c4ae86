//! Part of the content stage: the shapes of the headers as written, one
//! struct per kind of file (article, author profile, section, series), each
//! field a key. The known keys, their order in messages and the "did you
//! mean" hints are read from these structs ([`key_names`]); reading a
//! header into one, with positions, is [`super::frontmatter`]'s.

use std::marker::PhantomData;

use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::extra::Extra;
#[cfg(test)]
use super::key_names;
use super::yaml_words;

/// An article's header as written. Each field is a key (its name is the
/// key, see [`key_names`]). A key folio reads is `skip_serializing` and
/// resolved in `article.rs`; a key folio only shows is a field alone:
/// templates get it as `article.<key>`, as written (see
/// [`Shown`](super::extra::Shown)).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleHeader {
    #[serde(skip_serializing)]
    pub title: Option<Spanned<String>>,
    #[serde(skip_serializing)]
    pub subtitle: Option<String>,
    #[serde(skip_serializing)]
    pub date: Option<Spanned<String>>,
    #[serde(skip_serializing)]
    pub updated: Option<Spanned<String>>,
    /// A list; one slug alone (`authors: anum-malik`) is a list of one.
    #[serde(skip_serializing, default, deserialize_with = "one_or_many")]
    pub authors: Vec<Spanned<AuthorEntry>>,
    #[serde(skip_serializing)]
    pub summary: Option<String>,
    #[serde(skip_serializing, default, deserialize_with = "one_or_many")]
    pub tags: Vec<Spanned<String>>,
    #[serde(skip_serializing)]
    pub series: Option<Spanned<String>>,
    #[serde(skip_serializing)]
    pub disclaimer: Option<Spanned<DisclaimerSetting>>,
    #[serde(skip_serializing)]
    pub author_note: Option<String>,
    #[serde(skip_serializing)]
    pub toc: Option<bool>,
    #[serde(skip_serializing)]
    pub draft: Option<bool>,
    /// `scheduled: true`: a future `date` is meant (folio check warns otherwise).
    #[serde(skip_serializing)]
    pub scheduled: Option<bool>,
    #[serde(skip_serializing)]
    pub slug: Option<Spanned<String>>,
    #[serde(skip_serializing, default, deserialize_with = "one_or_many")]
    pub aliases: Vec<Spanned<String>>,
    /// Position in a section sorted with `sort_by: weight` (lower first).
    #[serde(skip_serializing)]
    pub weight: Option<i64>,
    #[serde(skip_serializing, rename = "type")]
    pub kind: Option<Spanned<String>>,
    #[serde(skip_serializing)]
    pub report_number: Option<String>,
    /// `auto`, `false`, or a file (see [`super::PdfSetting`]).
    #[serde(skip_serializing)]
    pub pdf: Option<Spanned<super::PdfSettingText>>,
    #[serde(skip_serializing)]
    pub image: Option<Spanned<String>>,
    #[serde(skip_serializing)]
    pub image_alt: Option<String>,
    #[serde(skip_serializing)]
    pub doi: Option<String>,
    #[serde(skip_serializing)]
    pub lang: Option<String>,
    /// Lint settings for this article alone, e.g. `check: {repeated-passage: off}`.
    #[serde(skip_serializing, default)]
    pub check: std::collections::BTreeMap<String, Spanned<crate::config::LintLevel>>,
    /// Google Scholar's `citation_*` tags on or off, whatever the type says.
    #[serde(skip_serializing)]
    pub scholar: Option<bool>,
    /// The public record of changes after publication (content/corrections.rs).
    #[serde(default, skip_serializing)]
    pub corrections: Vec<Spanned<CorrectionHeader>>,
    /// Keys for the theme, passed to templates untouched as `article.extra`.
    #[serde(default)]
    pub extra: Extra,
}

/// A list written as a list, or one item alone where a list is wanted
/// (`authors: anum-malik`, `tags: Pakistan`): a list of one, at its place.
fn one_or_many<'de, D, T>(d: D) -> Result<Vec<Spanned<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Spanned::<Items<T>>::deserialize(d)?;
    Ok(match items.value {
        Items::Many(list) => list,
        Items::One(item) => vec![Spanned::new(item, items.referenced, items.defined)],
        Items::Nothing => Vec::new(),
    })
}

enum Items<T> {
    Nothing,
    One(T),
    Many(Vec<Spanned<T>>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = Items<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list such as [a, b], or one item")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Items<T>, A::Error> {
                let mut list = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<T>>()? {
                    list.push(item);
                }
                Ok(Items::Many(list))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Items<T>, E> {
                // `tags: Pakistan, Diplomacy` is two tags without brackets,
                // not one tag with a comma.
                if v.contains(',') {
                    let items: Vec<&str> = v
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect();
                    return Err(E::custom(yaml_words::custom(
                        "`{key}` lists several items without brackets",
                        &format!(
                            "write them in brackets: `{{key}}: [{}]`; put an item in quotes if it contains a comma",
                            items.join(", ")
                        ),
                    )));
                }
                T::deserialize(v.into_deserializer()).map(Items::One)
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Items<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Items<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Items<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Items<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Items<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Items::One)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Items<T>, E> {
                Ok(Items::Nothing)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Items<T>, E> {
                Ok(Items::Nothing)
            }
        }
        d.deserialize_any(Visit(PhantomData))
    }
}

/// An entry of `authors:`: a profile's slug, or an author written inline.
#[derive(Debug)]
pub enum AuthorEntry {
    Slug(String),
    /// Boxed: a header with its spans is ten times a slug's size.
    Inline(Box<AuthorHeader>),
}

// By hand rather than `untagged`: an untagged enum buffers the value and
// loses both the position and the reason (an unknown key inside an inline
// author would only say "did not match any variant").
impl<'de> Deserialize<'de> for AuthorEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = AuthorEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an author slug or {name: ..., affiliation: ...}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AuthorEntry, E> {
                Ok(AuthorEntry::Slug(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<AuthorEntry, A::Error> {
                AuthorHeader::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|h| AuthorEntry::Inline(Box::new(h)))
            }
        }
        d.deserialize_any(Entry)
    }
}

/// `disclaimer:` is `false`, a name from `[disclaimers]`, or literal markdown.
#[derive(Debug, Clone)]
pub enum DisclaimerSetting {
    Switch(bool),
    Text(String),
}

impl<'de> Deserialize<'de> for DisclaimerSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Setting;
        impl serde::de::Visitor<'_> for Setting {
            type Value = DisclaimerSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("false, a disclaimer name, or the disclaimer text")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<DisclaimerSetting, E> {
                Ok(DisclaimerSetting::Switch(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DisclaimerSetting, E> {
                Ok(DisclaimerSetting::Text(v.to_string()))
            }
        }
        d.deserialize_any(Setting)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorHeader {
    pub name: Option<String>,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub orcid: Option<Spanned<String>>,
    /// The affiliation's ROR id.
    pub ror: Option<Spanned<String>>,
    pub photo: Option<Spanned<String>>,
    #[serde(default)]
    pub links: Vec<LinkHeader>,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    #[serde(default)]
    pub organization: bool,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LinkEntry {
    pub name: String,
    pub url: String,
}

/// An entry of a profile's `links:` as written, its address with its place
/// (an unsafe one is an error there).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkHeader {
    pub name: String,
    pub url: Spanned<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionHeader {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: Option<Spanned<String>>,
    pub paginate_by: Option<usize>,
    pub disclaimer: Option<Spanned<DisclaimerSetting>>,
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    /// Google Scholar tags for the section's articles (see `ArticleHeader::scholar`).
    pub scholar: Option<bool>,
    /// `auto` or `false`: a PDF edition for the section's articles.
    pub pdf: Option<super::PdfSettingText>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesHeader {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// One entry of `corrections:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionHeader {
    pub date: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_are_the_fields_in_their_order() {
        // The order messages list them in ("Known keys: title, ...").
        assert_eq!(
            key_names::listed::<ArticleHeader>(),
            "title, subtitle, date, updated, authors, summary, tags, series, disclaimer, author_note, toc, draft, scheduled, slug, aliases, weight, type, report_number, pdf, image, image_alt, doi, lang, check, scholar, corrections, extra"
        );
        assert_eq!(
            key_names::listed::<AuthorHeader>(),
            "name, affiliation, role, note, orcid, ror, photo, links, family_name, given_name, organization"
        );
        assert_eq!(
            key_names::listed::<SectionHeader>(),
            "title, description, sort_by, paginate_by, disclaimer, type, scholar, pdf"
        );
        assert_eq!(key_names::listed::<SeriesHeader>(), "title, description");
    }
}
