//! Part of the citation step: `cite.bib`, the article's reference as
//! BibTeX, written from the same [`Reference`] as the CSL-JSON item
//! (hayagriva reads BibTeX but does not write it). Reports, briefs and
//! working papers are `@techreport` (institution, number, type); other
//! pieces `@misc` with their URL. Text is escaped for LaTeX, titles are
//! braced so that styles keep their capitals, and organisations are braced
//! so that BibTeX neither splits nor inverts their names.

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
fn name(n: &Name) -> String {
    match n {
        Name::Organization(org) => format!("{{{}}}", escape(org)),
        person => escape(&person.inverted()),
    }
}

/// Text made safe in a braced BibTeX field: LaTeX's special characters
/// escaped, so that braces stay balanced and `%` starts no comment. An
/// "and" inside a name is not a separator once escaped in braces, but
/// names never reach here with one unbraced.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
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

    #[test]
    fn latex_specials_are_escaped() {
        assert_eq!(
            escape("50% of R&D {costs} $5 #1 a_b ^ ~ \\"),
            "50\\% of R\\&D \\{costs\\} \\$5 \\#1 a\\_b \\^{} \\textasciitilde{} \\textbackslash{}"
        );
    }
}
