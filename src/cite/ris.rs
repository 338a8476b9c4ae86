//! Part of the citation step: `cite.ris`, the article's reference in RIS,
//! the tagged format every reference manager imports, written from the same
//! [`Reference`] as the CSL-JSON item. Reports, briefs and working papers
//! are `RPRT` with the number in `SN` (where Zotero reads a report's
//! number); other pieces are web pages (`ELEC`) of the site (`T2`). One
//! value per line: line breaks in a value would start a new tag.

use std::fmt::Write;

use super::{Name, Reference, bare_doi};

/// The whole `cite.ris` file (CRLF line ends, as the format's readers expect).
pub fn write(r: &Reference) -> String {
    let mut out = String::new();
    let mut tag = |t: &str, v: &str| {
        let v = one_line(v);
        if !v.is_empty() {
            let _ = write!(out, "{t}  - {v}\r\n");
        }
    };
    tag("TY", if r.is_report() { "RPRT" } else { "ELEC" });
    for n in &r.authors {
        match n {
            Name::Organization(org) => tag("AU", org),
            person => tag("AU", &person.inverted()),
        }
    }
    tag("TI", &r.title);
    let (y, m, d) = r.issued;
    tag("PY", &y.to_string());
    tag("DA", &format!("{y:04}/{m:02}/{d:02}/"));
    tag("PB", &r.publisher);
    if r.is_report() {
        if let Some(n) = &r.number {
            tag("SN", n);
        }
        if let Some(g) = r.genre() {
            tag("M3", g);
        }
    } else {
        tag("T2", &r.publisher);
    }
    if let Some(doi) = &r.doi {
        tag("DO", bare_doi(doi));
    }
    tag("UR", &r.url);
    tag("LA", &r.language);
    if let Some(a) = &r.abstract_text {
        tag("AB", a);
    }
    out.push_str("ER  - \r\n");
    out
}

/// A value on one line: line breaks and other control characters become
/// spaces, runs of spaces one.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_stay_on_one_line() {
        assert_eq!(super::one_line(" a\r\nTY  - X\tb "), "a TY - X b");
    }
}
