//! Part of the YAML errors' explanation: what each key of the header
//! takes (a date, a list of slugs, one of a few words), so that a wrong or
//! missing value, an unknown choice or an unknown key is told in those
//! terms, with an example line to copy.

use super::line::*;
use super::{Header, RULES, Words, top_level_key};
use crate::diagnostics::did_you_mean;

/// What a key takes, in words and as an example line.
pub(super) struct Takes {
    what: &'static str,
    example: &'static str,
}

pub(super) fn takes(key: &str) -> Option<Takes> {
    let t = |what, example| Some(Takes { what, example });
    match key {
        "title" => t("text", "title: \"After Istanbul: What Next\""),
        "subtitle" | "summary" | "author_note" | "series" | "report_number" | "image_alt"
        | "doi" | "lang" | "name" | "affiliation" | "role" | "note" | "orcid" | "ror" | "photo"
        | "family_name" | "given_name" | "description" => t("text", ""),
        "slug" => t(
            "one part of an address, such as after-istanbul",
            "slug: after-istanbul",
        ),
        "pdf" | "image" => t("a file name or an address", "pdf: report.pdf"),
        "type" => t(
            "one of commentary, analysis, report, brief, working-paper or event",
            "type: analysis",
        ),
        "sort_by" => t("date, title or weight", "sort_by: date"),
        "date" | "updated" => t("a date such as 2025-11-05", "date: 2025-11-05"),
        "toc" | "draft" | "scheduled" | "organization" => t("true or false", ""),
        "weight" => t("a whole number such as 3", "weight: 3"),
        "paginate_by" => t("a whole number such as 10", "paginate_by: 10"),
        "authors" => t(
            "a list of author slugs or inline authors",
            "authors: [anum-malik, {name: \"Guest Name\", affiliation: \"University\"}]",
        ),
        "tags" => t(
            "a list such as [Pakistan, Diplomacy]",
            "tags: [Pakistan, Diplomacy]",
        ),
        "aliases" => t(
            "a list of old addresses such as [/news/old-title/]",
            "aliases: [/news/old-title/]",
        ),
        "links" => t(
            "a list of links, each with a name and a url",
            "links: [{name: \"Website\", url: \"https://example.org\"}]",
        ),
        "url" => t(
            "an address such as https://example.org",
            "url: \"https://example.org\"",
        ),
        "disclaimer" => t(
            "false, the name of a disclaimer in site.toml, or the disclaimer's text",
            "disclaimer: false",
        ),
        "check" => t(
            "lint codes with off, warning or error",
            "check: {repeated-passage: off}",
        ),
        _ => None,
    }
}

/// What each item of a list key is.
pub(super) fn item_takes(key: &str) -> Option<Takes> {
    let t = |what, example| Some(Takes { what, example });
    match key {
        "tags" => t("text", "tags: [Pakistan, Diplomacy]"),
        "aliases" => t("an old address", "aliases: [/news/old-title/]"),
        "authors" => t(
            "an author's slug or an inline author",
            "authors: [anum-malik, {name: \"Guest Name\", affiliation: \"University\"}]",
        ),
        "links" => t(
            "a link with a name and a url",
            "links: [{name: \"Website\", url: \"https://example.org\"}]",
        ),
        _ => None,
    }
}

/// A value of the wrong kind: a word where true/false is wanted, text where
/// a number is, a list where text is.
pub(super) fn wrong_value(h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    // Some errors point at the key of the line; the value is what is wrong.
    let column = match (
        top_level_key(text).or_else(|| nested_key(text)),
        value_column(text),
    ) {
        (Some(key), Some(v)) => {
            let key_start = text.find(key).map_or(0, |i| text[..i].chars().count());
            if column <= key_start + key.chars().count() + 1 {
                v
            } else {
                column
            }
        }
        _ => column,
    };
    let value = value_at(text, column);
    let found = describe(&value);
    let top = h.key_above(line);
    let field = field_at(h, line, column);
    let in_list = field.is_some() && field.as_deref() == top && inside_list(h, line, column);
    let lint_level = top == Some("check") && field.as_deref() != Some("check");
    let width = value.chars().count().max(1);
    let words = |message: String, help: String| Words {
        message,
        help,
        line,
        column,
        width,
    };
    let Some(field) = field else {
        return words(format!("folio cannot use {found} here"), RULES.to_string());
    };
    if lint_level {
        return words(
            format!("`{field}` must be off, warning or error, not {found}"),
            format!(
                "write e.g. `check: {{{field}: off}}`; `folio check --explain all` lists the lint codes"
            ),
        );
    }
    if in_list && let Some(item) = item_takes(&field) {
        return words(
            format!("each item of `{field}` must be {}, not {found}", item.what),
            format!(
                "write it like this: `{}`; put an item in quotes if it contains a comma, a colon or a bracket",
                item.example
            ),
        );
    }
    let Some(t) = takes(&field) else {
        return words(
            format!("`{field}` cannot be {found}"),
            format!("check the value of `{field}`; {RULES}"),
        );
    };
    let help = match (t.what, field.as_str()) {
        ("text", _) if value.starts_with(['[', '{', '&', '*', '!', '|', '>', '@', '%', '`']) => {
            format!(
                "if the text really begins with `{}`, put it in quotes: {}",
                value.chars().next().unwrap_or('['),
                requoted(text)
            )
        }
        ("text", _) => format!("write the text after `{field}: `, in quotes if it contains `: `"),
        ("true or false", _) => format!("write `{field}: true` or `{field}: false`"),
        (_, "date" | "updated") => format!("write `{field}: 2025-11-05` (year-month-day)"),
        (_, "authors") => format!(
            "write the authors' slugs (their files in content/authors/) in brackets, as in `{}`",
            t.example
        ),
        (_, "tags" | "aliases" | "links") => format!(
            "write the items in brackets, separated by commas, as in `{}`, or one `- item` per line below `{field}:`",
            t.example
        ),
        (_, "disclaimer") => "write `disclaimer: false` (none), a name from [disclaimers] in site.toml such as `disclaimer: events`, or the text in quotes".to_string(),
        (_, "check") => format!("write it as `{}`; `folio check --explain all` lists the lint codes", t.example),
        _ => format!("write it as `{}`", t.example),
    };
    words(format!("`{field}` must be {}, not {found}", t.what), help)
}

pub(super) fn missing_field(field: &str, h: &Header<'_>, line: usize, column: usize) -> Words {
    let parent = h.key_above(line);
    let (message, help) = match parent {
        Some("links") => (
            format!("this link has no `{field}`"),
            "write each link with both, as in `links: [{name: \"Website\", url: \"https://example.org\"}]`".to_string(),
        ),
        Some(p) => (
            format!("`{field}` is missing in `{p}`"),
            format!("add `{field}: ...` to it"),
        ),
        None => (
            format!("`{field}` is missing"),
            format!("add a line `{field}: ...`"),
        ),
    };
    Words::at(line, column, message, help)
}

pub(super) fn unknown_choice(
    variant: &str,
    expected: &[&str],
    h: &Header<'_>,
    line: usize,
    column: usize,
) -> Words {
    let choices = expected.join(", ");
    let (message, help) = if h.key_above(line) == Some("check") {
        (
            format!("`{variant}` is not a lint level"),
            "use off, warning or error, as in `check: {repeated-passage: off}`".to_string(),
        )
    } else {
        (
            format!("`{variant}` is not one of {choices}"),
            match did_you_mean(variant, expected.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of {choices}"),
            },
        )
    };
    Words {
        message,
        help,
        line,
        column,
        width: variant.chars().count().max(1),
    }
}

/// Keys other tools use, and what folio calls them.
pub(super) fn synonym(key: &str) -> Option<&'static str> {
    Some(match key {
        "categories" | "category" | "keywords" => {
            "folio calls these `tags`: write `tags: [Pakistan, Diplomacy]`"
        }
        "excerpt" | "abstract" | "lead" => "folio calls this `summary`",
        "layout" | "template" => "folio chooses the page's layout by itself; delete this line",
        "permalink" | "url" | "path" => {
            "folio makes the address from the file name: set `slug:` for its last part, or list old addresses under `aliases:`"
        }
        "published" => "write `draft: true` for an article that is not to be published yet",
        "lastmod" | "modified" | "last_modified_at" | "last_modified" => {
            "folio calls this `updated`"
        }
        "author" | "by" | "byline" => "folio calls this `authors`: write `authors: [anum-malik]`",
        "thumbnail" | "cover" | "featured_image" | "hero" => "folio calls this `image`",
        _ => return None,
    })
}

/// The message and help for a key the header does not take.
pub fn unknown_key(field: &str, known: &str) -> (String, String) {
    let candidates: Vec<&str> = known.split(',').map(str::trim).collect();
    let suggestion = did_you_mean(field, candidates.iter().copied());
    let help = match (suggestion, synonym(field)) {
        (_, Some(why)) => format!("{why}. Known keys: {known}"),
        (Some(s), None) => format!("did you mean `{s}`? Known keys: {known}"),
        (None, None) => format!("known keys: {known}"),
    };
    (format!("unknown key `{field}` in the front matter"), help)
}

/// A header that is not `key: value` lines at all.
pub(super) fn header_is_not_keys(
    expected: &str,
    h: &Header<'_>,
    line: usize,
    column: usize,
) -> bool {
    expected == "mapping start" && (line, column) == first_content(h)
}

pub(super) fn first_content(h: &Header<'_>) -> (usize, usize) {
    h.lines
        .iter()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or((1, 1), |(i, l)| (i + 1, l.len() - l.trim_start().len() + 1))
}

pub(super) fn not_key_value(h: &Header<'_>, line: usize, column: usize) -> Words {
    let text = h.line(line);
    let at = |message: String, help: String| Words::at(line, column, message, help);
    if text.trim_start().starts_with("- ") || text.trim() == "-" {
        return at(
            "the header is a list, but it must be `key: value` lines".into(),
            "write each line as `key: value`, e.g. `title: \"After Istanbul\"`".into(),
        );
    }
    if let Some((key, value)) = text.split_once(" = ")
        && top_level_key(&format!("{key}:")).is_some()
    {
        return at(
            "this line uses `=`; front matter is written `key: value`".into(),
            format!("write `{}: {}`", key.trim(), value.trim()),
        );
    }
    if let Some((key, rest)) = text.split_once(':')
        && !key.contains(' ')
        && !rest.is_empty()
        && !rest.starts_with([' ', '\t'])
    {
        return Words {
            column: key.chars().count() + 1,
            ..at(
                format!("`{key}:` must be followed by a space"),
                format!("write `{key}: {rest}`"),
            )
        };
    }
    at(
        "this line is not `key: value`".into(),
        "write each line of the header as `key: value`, e.g. `title: \"After Istanbul\"`".into(),
    )
}
