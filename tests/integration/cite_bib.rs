//! `cite.bib` read back as reference managers read it. Each file is read
//! twice: by biblatex's parser (typst's, the one hayagriva uses), for the
//! text of each field, and by [`as_bibtex_reads`], which splits the entry
//! into fields as BibTeX itself does. The second matters: BibTeX, pybtex
//! and Zotero count every brace, `\{` too, where biblatex's parser skips an
//! escaped one, so a file can read right in one and be rewritten by its
//! title in the others (issue 16). Both must find exactly the fields folio
//! wrote, with the values of the article's `cite.json`, which comes from
//! the same reference.

use biblatex::{Bibliography, ChunksExt};
use serde_json::Value;

use crate::common::{TestSite, fixture, fixtures_dir, sample_site};

/// Titles built to break out of their field, or the file: each brace
/// alone, the injection of issue 16, LaTeX's specials and commands,
/// BibTeX's own `@`, `"`, `#` and `%`, line breaks, other scripts.
const HOSTILE: &[&str] = &[
    "Real title}}, url = \"javascript:alert(1)\", note = \"INJECTED\", x = {1",
    "x}, note = \"INJECTED\", y = 1",
    "one } closing",
    "one { opening",
    "}}}}",
    "{{{{",
    "}{ turned round {}",
    "a backslash at the end \\",
    "\\}, note = {INJECTED",
    "\\textbf{bold} and \\emph{x} \\\\ \\relax",
    "50% of R&D: $5 #1 a_b ^ ~",
    "@comment{ an entry? } @misc{x, title={y}}",
    "\"quoted\" and \"un",
    "a # b \"c\" # d",
    "Line one\nLine two\r\nand\ta tab",
    "Öresund “bridge” — naïve café",
    "پاکستان {کی} معیشت}",
    "%comment at the start",
];

/// The entry's key and fields as BibTeX's own reader splits them: every
/// brace counts, with a backslash before it or not (`scan_balanced_braces`
/// in bibtex.web). Field names in file order with their raw values; an
/// error where BibTeX would stop or read another entry.
fn as_bibtex_reads(bib: &str) -> Result<(String, Vec<(String, String)>), String> {
    let chars: Vec<char> = bib.chars().collect();
    let skip_space = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    let find = |from: usize, c: char| {
        chars[from..]
            .iter()
            .position(|&x| x == c)
            .map(|p| from + p)
            .ok_or(format!("no `{c}`"))
    };
    let open = find(find(0, '@')?, '{')?;
    let comma = find(open + 1, ',')?;
    let key: String = chars[open + 1..comma].iter().collect();
    let mut i = comma + 1;
    let mut fields = Vec::new();
    loop {
        i = skip_space(i);
        match chars.get(i) {
            Some('}') => break,
            None => return Err("the entry is not closed".into()),
            _ => {}
        }
        let eq = find(i, '=')?;
        let name = chars[i..eq].iter().collect::<String>().trim().to_string();
        if name.is_empty() || name.contains(|c: char| !c.is_ascii_alphanumeric()) {
            return Err(format!("not a field name: {name:?}"));
        }
        i = skip_space(eq + 1);
        let start = i;
        match chars.get(i) {
            Some('{') => {
                let mut depth = 0;
                loop {
                    match chars.get(i) {
                        Some('{') => depth += 1,
                        Some('}') => depth -= 1,
                        None => return Err(format!("`{name}` is not closed")),
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
            Some(c) if c.is_ascii_alphanumeric() => {
                while chars.get(i).is_some_and(char::is_ascii_alphanumeric) {
                    i += 1;
                }
            }
            other => return Err(format!("`{name}` starts with {other:?}")),
        }
        fields.push((name, chars[start..i].iter().collect()));
        i = skip_space(i);
        match chars.get(i) {
            Some(',') => i += 1,
            Some('}') => {}
            other => return Err(format!("{other:?} after a value")),
        }
    }
    let rest: String = chars[i + 1..].iter().collect();
    if rest.contains('@') {
        return Err(format!("more after the entry: {rest:?}"));
    }
    Ok((key, fields))
}

/// Text as a BibTeX reader gives it back: each run of white space one space.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads `bib` both ways and checks it against its `cite.json` item;
/// returns the field names.
fn read_back(bib: &str, json: &Value, what: &str) -> Vec<String> {
    let (key, raw) = as_bibtex_reads(bib).unwrap_or_else(|e| panic!("{what}: {e}\n{bib}"));
    let parsed = Bibliography::parse(bib).unwrap_or_else(|e| panic!("{what}: {e:?}\n{bib}"));
    assert_eq!(parsed.len(), 1, "{what}: one entry\n{bib}");
    let entry = parsed.iter().next().unwrap();
    assert_eq!(entry.key, key, "{what}");
    assert_eq!(json["id"], key, "{what}");
    let mut names: Vec<String> = raw.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    let read: Vec<String> = entry.fields.keys().cloned().collect();
    assert_eq!(names, read, "{what}: the two readers disagree\n{bib}");

    let mut expected = vec!["date", "language", "month", "title", "url", "year"];
    if json["type"] == "report" {
        expected.push("institution");
        expected.extend(json.get("number").map(|_| "number"));
        expected.extend(json.get("genre").map(|_| "type"));
    } else {
        expected.extend(["publisher", "howpublished"]);
    }
    expected.extend(json.get("DOI").map(|_| "doi"));
    expected.extend(json.get("author").map(|_| "author"));
    expected.sort_unstable();
    assert_eq!(names, expected, "{what}: fields\n{bib}");

    let text = |field: &str| words(&entry.fields[field].format_verbatim());
    let json_text = |field: &str| words(json[field].as_str().unwrap_or_default());
    assert_eq!(text("title"), json_text("title"), "{what}: title\n{bib}");
    // URLs and DOIs are verbatim fields: what would end the field is
    // percent-encoded, as a link reads it anyway.
    let decoded = |field: &str| {
        let text = entry.fields[field].format_verbatim();
        percent_encoding::percent_decode_str(&text)
            .decode_utf8_lossy()
            .into_owned()
    };
    assert_eq!(decoded("url"), json_text("URL"), "{what}: url\n{bib}");
    assert_eq!(text("language"), json_text("language"), "{what}\n{bib}");
    let publisher = if json["type"] == "report" {
        (text("institution"), json_text("publisher"))
    } else {
        (text("publisher"), json_text("container-title"))
    };
    assert_eq!(publisher.0, publisher.1, "{what}: publisher\n{bib}");
    if json.get("number").is_some() {
        assert_eq!(text("number"), json_text("number"), "{what}\n{bib}");
    }
    if json.get("DOI").is_some() {
        let doi = json_text("DOI");
        let bare = doi.trim_start_matches("https://doi.org/");
        assert_eq!(decoded("doi"), bare, "{what}: doi\n{bib}");
    }
    let authors = json["author"].as_array().cloned().unwrap_or_default();
    if !authors.is_empty() {
        let people = entry
            .author()
            .unwrap_or_else(|e| panic!("{what}: {e:?}\n{bib}"));
        let got: Vec<(String, String, String)> = people
            .iter()
            .map(|p| (p.prefix.clone(), p.name.clone(), p.given_name.clone()))
            .collect();
        let want: Vec<(String, String, String)> = authors
            .iter()
            .map(|a| {
                let s = |k: &str| a[k].as_str().unwrap_or_default().to_string();
                match a.get("literal") {
                    Some(l) => (
                        String::new(),
                        l.as_str().unwrap().to_string(),
                        String::new(),
                    ),
                    None => (s("non-dropping-particle"), s("family"), s("given")),
                }
            })
            .collect();
        assert_eq!(got, want, "{what}: authors\n{bib}");
    }
    names
}

/// Every `cite.bib` of a built site, read back against its `cite.json`;
/// how many there were.
fn read_back_all(site: &TestSite) -> usize {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.file_name() != "cite.bib" {
            continue;
        }
        let bib = std::fs::read_to_string(entry.path()).unwrap();
        let json = std::fs::read_to_string(entry.path().with_file_name("cite.json")).unwrap();
        let json: Value = serde_json::from_str(&json).unwrap();
        read_back(&bib, &json[0], &entry.path().display().to_string());
        n += 1;
    }
    n
}

#[test]
fn hostile_titles_read_back_with_only_the_fields_folio_wrote() {
    let site = fixture("cite");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace(
            "title = \"Centre for Development and Stability\"",
            "title = \"Centre {for} Development} & Stability \\\\ 100%\"",
        ),
    );
    // YAML's double quotes take JSON's escapes.
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    for (i, title) in HOSTILE.iter().enumerate() {
        site.write(
            &format!("content/commentary/h{i}.md"),
            format!(
                "---\ntitle: {}\ndate: 2025-03-01\nauthors: [anna-van-der-berg, cds-research-team]\n---\nBody.\n",
                quoted(title)
            ),
        );
        site.write(
            &format!("content/reports/h{i}.md"),
            format!(
                "---\ntitle: {}\ndate: 2025-03-01\ntype: brief\nreport_number: {}\ndoi: {}\nauthors:\n  - name: {}\n    family_name: {}\n    given_name: \"Anna and Bob\"\n---\nBody.\n",
                quoted(title),
                quoted(&format!("PB-{i}}}, note = {{x")),
                quoted("10.5555/x}, note = {y"),
                quoted("Anna and Bob van der {Berg}}"),
                quoted("van der {Berg}}"),
            ),
        );
    }
    site.build_ok();
    for (i, title) in HOSTILE.iter().enumerate() {
        for (section, fields) in [("commentary", 9), ("reports", 11)] {
            let url = format!("/{section}/h{i}/");
            let bib = site.read(&format!("{url}cite.bib"));
            let json: Value = serde_json::from_str(&site.read(&format!("{url}cite.json"))).unwrap();
            assert_eq!(json[0]["title"], *title, "{url}: the title as written");
            let names = read_back(&bib, &json[0], &url);
            assert_eq!(names.len(), fields, "{url}: {names:?}\n{bib}");
        }
    }
}

#[test]
fn every_cite_bib_of_the_test_sites_reads_back() {
    let mut read = 0;
    let mut sites = vec![sample_site()];
    let mut fixtures: Vec<_> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("site.toml").is_file())
        .collect();
    fixtures.sort();
    for dir in &fixtures {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap();
        sites.push(fixture(name));
    }
    for site in &sites {
        // Fixtures of build errors write nothing; the others are read.
        if site.build().is_ok() {
            read += read_back_all(site);
        }
    }
    assert!(
        read >= 50,
        "only {read} cite.bib files in {} sites",
        sites.len()
    );
}
