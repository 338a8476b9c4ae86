//! Part of the check step: missing or unused metadata. `missing-summary`
//! (an article in the feeds without a summary), `extra-key-typo` (a key
//! under `extra:` that is one of folio's own, misspelt), `unused-author` (a profile
//! no article names) and `series-gap` (parts of a series numbered with a
//! gap, twice, or out of date order), `untranslated-word` (a word of the
//! theme missing from a language's table), `untranslated-text` (a section,
//! profile or series another edition shows in the default language). An `authors:` slug without a profile is
//! an error of the content stage itself: the build cannot make the byline.

use super::text::Body;
use crate::config::Config;
use crate::content::frontmatter::ArticleHeader;
use crate::content::key_names::names;
use crate::content::{Article, Byline, Site};
use crate::diagnostics::Diagnostic;
use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MORE_MARKER: &str = "<!-- more -->";

pub fn check_article(a: &Article, body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    if a.summary.is_none() && !body.text.contains(MORE_MARKER) {
        out.push(
            a.header.point(
                "summary",
                Diagnostic::warning(
                    &a.source,
                    "no summary: feeds, lists and search results will show the first paragraph instead",
                ),
            )
            .code("missing-summary")
            .help("add `summary: \"One or two sentences that stand on their own.\"` to the front matter"),
        );
    }
    extra_key_typos(a, out);
}

/// A key under `extra:` that is, or nearly is, one of folio's own keys:
/// probably meant for folio, which does not read `extra:`.
fn extra_key_typos(a: &Article, out: &mut Vec<Diagnostic>) {
    for (key, at) in a.header.extra_keys() {
        let Some(known) = like_a_key(key) else {
            continue;
        };
        let message = if key == known {
            format!(
                "`{key}` under `extra:` is a key of folio's own, which folio does not read there"
            )
        } else {
            format!("`{key}` under `extra:` looks like folio's key `{known}`, misspelt")
        };
        out.push(
            at.point(Diagnostic::warning(&a.source, message))
                .code("extra-key-typo")
                .help(format!(
                    "keys under `extra:` go to the theme untouched: if this one is meant for folio, move it out of `extra:` as `{known}:`; if the theme reads it, give it a name unlike folio's keys"
                )),
        );
    }
}

/// The article key that `key` is, or is a slip of: one letter off in a key
/// of up to 8 letters, two in a longer one; keys of 4 letters or fewer
/// only when written the same (`top` is not a misspelt `toc`).
fn like_a_key(key: &str) -> Option<&'static str> {
    names::<ArticleHeader>()
        .iter()
        .copied()
        .filter(|k| *k != "extra")
        .find(|known| {
            let len = known.chars().count();
            let allowed = match len {
                0..=4 => 0,
                5..=8 => 1,
                _ => 2,
            };
            strsim::damerau_levenshtein(key, known) <= allowed
        })
}

/// Lints about the site as a whole; run only when every article was loaded.
/// `all` is every edition of the site (this one among them): an author
/// named in any language is used.
pub fn check_site<'a>(site: &Site, all: impl Iterator<Item = &'a Site>, out: &mut Vec<Diagnostic>) {
    let used: BTreeSet<&str> = all
        .flat_map(|s| &s.articles)
        .flat_map(|a| &a.authors)
        .filter_map(|b| match b {
            Byline::Profile(slug) => Some(slug.as_str()),
            Byline::Inline(_) => None,
        })
        .collect();
    for (slug, profile) in &site.authors {
        if !used.contains(slug.as_str()) {
            out.push(
                profile.header.point(
                    "name",
                    Diagnostic::warning(
                        &profile.bio.source,
                        format!("no article names the author `{slug}`: the author page would list nothing"),
                    ),
                )
                .code("unused-author")
                .help(format!("add `{slug}` to an article's `authors:`, or delete this profile")),
            );
        }
    }
    series(site, out);
}

/// The theme's words that the table of the edition's language lacks (see
/// [`crate::theme::Theme::untranslated`]): one finding per word, or one
/// for the whole table when the language has none.
pub fn untranslated_words(theme: &Theme, lang: &str, out: &mut Vec<Diagnostic>) {
    let file = &theme.words_file;
    let missing = &theme.untranslated;
    if missing.is_empty() {
        return;
    }
    if missing.len() == theme.words.len() {
        out.push(
            Diagnostic::warning(
                file,
                format!(
                    "the theme has no table of words in `{lang}`: every word it shows is in English"
                ),
            )
            .code("untranslated-word")
            .help(format!(
                "copy i18n/en.toml of the theme to {} and translate each word",
                file.display()
            )),
        );
        return;
    }
    for key in missing {
        out.push(
            Diagnostic::warning(
                file,
                format!("the `{lang}` table of the theme's words has no `{key}`: pages in `{lang}` show it in English"),
            )
            .code("untranslated-word")
            .help(format!("add `{key} = \"...\"` to {}", file.display())),
        );
    }
}

/// The files whose default-language text this edition's pages show for
/// want of a translation (see [`crate::content::Section::fallback_lang`]):
/// one finding per file, naming the translation to write.
pub fn untranslated_text(config: &Config, site: &Site, out: &mut Vec<Diagnostic>) {
    let code = &config.edition.lang;
    let translation = |source: &Path| {
        let stem = source.file_stem().unwrap_or_default().to_string_lossy();
        source.with_file_name(format!("{stem}.{code}.md"))
    };
    let finding = |source: &Path, what: &str| {
        let wanted = translation(source);
        Diagnostic::warning(
            source,
            format!(
                "the `{code}` pages show {what} in the default language: there is no {}",
                wanted.display()
            ),
        )
        .code("untranslated-text")
        .help(format!(
            "translate this file into {}; until then the pages mark the text as `{}`",
            wanted.display(),
            config.language
        ))
    };
    for s in &site.sections {
        // The home page's section has a title only when its file gives one.
        let shown = !s.key.is_empty() || site.home.is_some();
        if s.fallback_lang.is_some() && shown {
            out.push(finding(
                &s.text.source,
                &format!("the section `{}`", s.title),
            ));
        }
    }
    for p in site.authors.values().filter(|p| p.fallback_lang.is_some()) {
        let d = finding(&p.bio.source, &format!("the profile of {}", p.person.name));
        out.push(p.header.point("name", d));
    }
    // A series file is kept for every edition; only those with parts here show.
    let shown = |slug: &str| {
        site.articles
            .iter()
            .any(|a| a.series.as_deref() == Some(slug))
    };
    for s in site
        .series
        .values()
        .filter(|s| s.fallback_lang.is_some() && shown(&s.slug))
    {
        let source = Path::new(crate::content::CONTENT_DIR)
            .join("series")
            .join(format!("{}.md", s.slug));
        out.push(finding(&source, &format!("the series `{}`", s.title)));
    }
}

/// "Border economies, part 2" -> 2, from a subtitle or title.
pub fn part_number(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("part") {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = &rest[i + 4..];
        let digits: String = after
            .trim_start_matches([' ', '\u{a0}'])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if before_ok && after.starts_with([' ', '\u{a0}']) && !digits.is_empty() {
            return digits.parse().ok();
        }
        rest = after;
    }
    None
}

fn series(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut by_series: BTreeMap<&str, Vec<(&Article, u32, &str)>> = BTreeMap::new();
    for a in &site.articles {
        let Some(series) = &a.series else { continue };
        let found = a
            .subtitle
            .as_deref()
            .and_then(|s| part_number(s).map(|n| (n, "subtitle")))
            .or_else(|| part_number(&a.title).map(|n| (n, "title")));
        if let Some((n, key)) = found {
            by_series.entry(series).or_default().push((a, n, key));
        }
    }
    for (slug, mut parts) in by_series {
        let title = site.series.get(slug).map_or(slug, |s| s.title.as_str());
        parts.sort_by_key(|(a, n, _)| (*n, a.date));
        let numbers: BTreeSet<u32> = parts.iter().map(|(_, n, _)| *n).collect();
        let max = numbers.iter().next_back().copied().unwrap_or(0);
        let missing: Vec<String> = (1..max)
            .filter(|n| !numbers.contains(n))
            .map(|n| n.to_string())
            .collect();
        let mut flag = |a: &Article, key: &str, message: String, help: String| {
            out.push(
                a.header
                    .point(key, Diagnostic::warning(&a.source, message))
                    .code("series-gap")
                    .help(help),
            );
        };
        if !missing.is_empty() {
            let (a, n, key) = parts
                .iter()
                .find(|(_, n, _)| *n > missing[0].parse().unwrap_or(0))
                .copied()
                .unwrap_or(parts[parts.len() - 1]);
            flag(
                a,
                key,
                format!(
                    "the series “{title}” has a gap: part {} {} missing before this part {n}",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
                "renumber the parts, or add the missing part (with the same `series:`)".into(),
            );
        }
        for pair in parts.windows(2) {
            let ((a, n, _), (b, m, key)) = (pair[0], pair[1]);
            if n == m {
                flag(
                    b,
                    key,
                    format!(
                        "the series “{title}” has two parts {m}: this one and {}",
                        a.source.display()
                    ),
                    "give each part its own number".into(),
                );
            } else if b.date < a.date {
                flag(
                    b,
                    "date",
                    format!(
                        "part {m} of the series “{title}” is dated before part {n} ({}), so the series page would list it first",
                        a.source.display()
                    ),
                    "the series is read oldest first: fix the dates or the numbering".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_numbers() {
        assert_eq!(part_number("Border economies, part 2"), Some(2));
        assert_eq!(part_number("Part 10 of 12: x"), Some(10));
        assert_eq!(part_number("A partial view, departure 3"), None);
        assert_eq!(part_number("Counterparts 4"), None);
    }
}
