//! Part of the citation step: `cite.bib`, the article's reference as
//! BibTeX, written from the same [`Reference`] as the CSL-JSON item
//! (hayagriva reads BibTeX but does not write it). Reports, briefs and
//! working papers are `@techreport` (institution, number, type); other
//! pieces `@misc` with their URL. Text is escaped for LaTeX, titles are
//! braced so that styles keep their capitals, and organisations are braced
//! so that BibTeX neither splits nor inverts their names.
//!
//! Every field is written between braces, and BibTeX's reader (and
//! pybtex's, and Zotero's) counts every brace in it, backslash or not: so
//! no text from an article ever puts a brace of its own in the file. A
//! title with `}` or `{` (or one built to close the field and start
//! another, `x}, url = {javascript:...`) is written with LaTeX's names for
//! those characters (`\textbraceleft{}`), never as `\{`, which those
//! readers still count (biblatex's own writer does that, and the title
//! above then adds a `url` and a `note` to the entry).
use std::fmt::Write;

use super::{Name, Reference, bare_doi};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The whole `cite.bib` file.
pub fn write(r: &Reference) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    if !r.authors.is_empty() {
        let names: Vec<String> = r.authors.iter().map(name).collect();
        fields.push(("author", names.join(" and ")));
    }
    fields.push(("title", format!("{{{}}}", escape(&r.title))));
    let (y, m, d) = r.issued;
    fields.push(("year", y.to_string()));
    if let Some(month) = MONTHS.get((m as usize).wrapping_sub(1)) {
        // A bare macro, as BibTeX styles expect (`month = nov`).
        fields.push(("month", month.to_string()));
    }
    fields.push(("date", format!("{y:04}-{m:02}-{d:02}")));
    let kind = if r.is_report() {
        fields.push(("institution", escape(&r.publisher)));
        if let Some(n) = &r.number {
            fields.push(("number", escape(n)));
        }
        if let Some(g) = r.genre() {
            fields.push(("type", g.to_string()));
        }
        "techreport"
    } else {
        fields.push(("publisher", escape(&r.publisher)));
        fields.push(("howpublished", format!("\\url{{{}}}", verbatim(&r.url))));
        "misc"
    };
    if let Some(doi) = &r.doi {
        fields.push(("doi", verbatim(bare_doi(doi))));
    }
    fields.push(("url", verbatim(&r.url)));
    fields.push(("language", escape(&r.language)));
    let mut out = format!("@{kind}{{{},\n", r.key);
    for (i, (k, v)) in fields.iter().enumerate() {
        let comma = if i + 1 < fields.len() { "," } else { "" };
        // Month macros stay bare; everything else is braced.
        if *k == "month" {
            let _ = writeln!(out, "  {k} = {v}{comma}");
        } else {
            let _ = writeln!(out, "  {k} = {{{v}}}{comma}");
        }
    }
    out.push_str("}\n");
    out
}

/// A name as BibTeX reads it: "van der Berg, Anna" (the particle in front,
/// where BibTeX finds its "von" part); an organisation whole, in braces.
/// A part of a person's name that BibTeX would split (a comma, or the word
/// "and" that separates authors) is braced, so that it stays one part.
fn name(n: &Name) -> String {
    match n {
        Name::Organization(org) => format!("{{{}}}", escape(org)),
        person => person.inverted_with(|part| {
            let splits = part.contains(',')
                || part
                    .split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("and"));
            if splits {
                format!("{{{}}}", escape(part))
            } else {
                escape(part)
            }
        }),
    }
}

/// Text made safe in a braced BibTeX field: LaTeX's special characters
/// written as commands, so that no brace of the text reaches the file (a
/// reader counts `\{` as an opening brace too) and `%` starts no comment.
/// Line breaks and tabs become spaces; other control characters are left
/// out. Text without any of these is written as it is.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL or DOI as biblatex reads its verbatim fields: as written, with
/// the characters that would end the field percent-encoded.
fn verbatim(s: &str) -> String {
    s.replace('{', "%7B")
        .replace('}', "%7D")
        .replace('\\', "%5C")
        .replace(char::is_whitespace, "%20")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ArticleType;

    #[test]
    fn latex_specials_are_escaped() {
        assert_eq!(
            escape("50% of R&D {costs} $5 #1 a_b ^ ~ \\"),
            "50\\% of R\\&D \\textbraceleft{}costs\\textbraceright{} \\$5 \\#1 a\\_b \\textasciicircum{} \\textasciitilde{} \\textbackslash{}"
        );
        assert_eq!(escape("Trade Flows at Torkham"), "Trade Flows at Torkham");
    }

    /// A name part BibTeX would split is braced and reads back whole (the
    /// whole file, hostile titles included, is read back in
    /// tests/integration/cite_bib.rs).
    #[test]
    fn names_read_back_as_the_parts_written() {
        let r = Reference {
            key: "x2025".into(),
            kind: ArticleType::Report,
            title: "T".into(),
            authors: vec![
                // No `=`: biblatex's reader takes a name with one for
                // biblatex's `family=..., given=...` form (BibTeX does not).
                Name::Person {
                    family: "Berg}, note {x".into(),
                    given: Some("Anna and Bob".into()),
                    particle: Some("van der".into()),
                },
                Name::Person {
                    family: "Smith, Jr.".into(),
                    given: None,
                    particle: None,
                },
                Name::Organization("R&D {Team} and Co".into()),
            ],
            issued: (2025, 11, 5),
            publisher: "P".into(),
            url: "https://example.org/a/".into(),
            number: None,
            doi: None,
            language: "en".into(),
            abstract_text: None,
        };
        let bib = write(&r);
        let parsed = biblatex::Bibliography::parse(&bib).unwrap();
        let authors = parsed.iter().next().unwrap().author().unwrap();
        let names: Vec<(&str, &str, &str)> = authors
            .iter()
            .map(|p| (p.prefix.as_str(), p.name.as_str(), p.given_name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("van der", "Berg}, note {x", "Anna and Bob"),
                ("", "Smith, Jr.", ""),
                ("", "R&D {Team} and Co", "")
            ],
            "{bib}"
        );
    }
}
