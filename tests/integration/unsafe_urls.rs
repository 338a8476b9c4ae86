//! One safety rule for every address from content or configuration: each
//! hostile spelling of a script address, in each field that takes an
//! address, is an error at its file:line:column, all of them in one build
//! and in the same words from `folio check`; and no file of a site that
//! builds holds a live `href` or `src` with an unsafe scheme.

use std::path::{Path, PathBuf};

use crate::common::*;
use folio::Diagnostic;
use folio::safe_url::{self, Use};
use scraper::Html;

/// Hostile addresses, as written inside double quotes in YAML and TOML
/// (both read `\t`, `\n`, `\u0000` as the character): what browsers
/// still run as a script or a document, and two that only a template
/// writing the address unescaped would run (a character reference, and a
/// scheme broken by an invisible character).
const HOSTILE: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\\tscript:alert(1)",
    "java\\nscript:alert(1)",
    "   javascript:alert(1)",
    "\\u0000javascript:alert(1)",
    "java\\u0000script:alert(1)",
    "\\u0001 \\u001fjavascript:alert(1)",
    "javascript\\r:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    " DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "&#106;avascript:alert(1)",
    "java\\u200bscript:alert(1)",
];

/// Refused where a link is meant, allowed where an image is.
const DATA_IMAGE: &str = "data:image/svg+xml;base64,PHN2Zy8+";

/// An error expected at `file:line:column`, mentioning `words`.
struct Expected {
    file: String,
    line: usize,
    column: usize,
    words: &'static str,
}

/// Writes the files of the hostile site and returns the errors expected:
/// per variant, an author profile (photo, links) and an article (image,
/// pdf, aliases, an inline author's photo and links); and a page's alias.
fn hostile_content(site: &TestSite) -> Vec<Expected> {
    let mut expected = Vec::new();
    for (n, v) in HOSTILE.iter().enumerate() {
        let photo = if n == 0 {
            DATA_IMAGE.replace("image", "text")
        } else {
            v.to_string()
        };
        let profile = format!(
            "---\nname: Hostile {n}\nphoto: \"{photo}\"\nlinks:\n  - {{name: Site, url: \"https://example.org/\"}}\n  - name: Bad\n    url: \"{v}\"\n  - {{name: Image, url: \"{DATA_IMAGE}\"}}\n---\nBio.\n"
        );
        let rel = format!("content/authors/hostile-{n}.md");
        site.write(&rel, &profile);
        expect(
            &mut expected,
            &rel,
            &profile,
            &[("photo: \"", "`photo`"), ("url: \"", "`links`")],
        );

        let pdf = if n == 0 { DATA_IMAGE } else { v };
        let article = format!(
            "---\ntitle: Hostile {n}\ndate: 2025-11-05\nauthors:\n  - alice-ahmed\n  - {{name: Inline {n}, photo: \"{v}\", links: [{{name: X, url: \"{v}\"}}]}}\nimage: \"{v}\"\npdf: \"{pdf}\"\naliases: [\"/old/{n}/\", \"{v}\"]\n---\nText.\n"
        );
        let rel = format!("content/commentary/hostile-{n}.md");
        site.write(&rel, &article);
        expect(
            &mut expected,
            &rel,
            &article,
            &[
                ("photo: \"", "`photo`"),
                ("url: \"", "`links`"),
                ("image: \"", "`image`"),
                ("pdf: \"", "`pdf`"),
                ("/\", \"", "invalid alias"),
            ],
        );
    }
    let page = format!(
        "---\ntitle: About\naliases: [\"{}\"]\n---\nText.\n",
        HOSTILE[2]
    );
    site.write("content/about.md", &page);
    expect(
        &mut expected,
        "content/about.md",
        &page,
        &[("aliases: [\"", "invalid alias")],
    );
    expected
}

/// An error expected at each value of `text` that follows a `marker`
/// (which ends with the value's opening quote), except the safe one.
fn expect(out: &mut Vec<Expected>, file: &str, text: &str, markers: &[(&str, &'static str)]) {
    for (i, line) in text.lines().enumerate() {
        for (marker, words) in markers {
            let Some(at) = line.find(marker) else {
                continue;
            };
            let value_at = at + marker.len();
            if line[value_at..].starts_with("https://") {
                continue;
            }
            out.push(Expected {
                file: file.to_string(),
                line: i + 1,
                column: line[..value_at].chars().count() + 1,
                words,
            });
        }
    }
}

fn check_errors(site: &TestSite) -> Vec<Diagnostic> {
    let opts = folio::check_command::CheckOptions {
        root: Some(site.root.clone()),
        now: now(),
        ..folio::check_command::CheckOptions::new(&site.root)
    };
    match folio::check_command::check(&opts) {
        Ok(r) => r.diagnostics.0,
        Err(f) => panic!("check failed: {f:?}"),
    }
}

/// Each expected error is found once, at its place, with its words; and
/// nothing else is reported.
fn assert_errors(found: &[Diagnostic], expected: &[Expected]) {
    for e in expected {
        let here: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.file == Path::new(&e.file) && d.line == e.line && d.column == e.column)
            .collect();
        assert_eq!(
            here.len(),
            1,
            "expected one error at {}:{}:{} ({}), found:\n{}",
            e.file,
            e.line,
            e.column,
            e.words,
            show(found)
        );
        let d = here[0];
        assert!(d.is_error(), "{d}");
        // The caret underlines the value as written, escapes included.
        let written = d.source_line.as_deref().unwrap_or("");
        let value: String = written.chars().skip(d.column - 1).take(d.width).collect();
        let after = written.chars().nth(d.column - 1 + d.width);
        assert_eq!(after, Some('"'), "{d}: underlines {value:?}");
        assert!(d.message.contains(e.words), "{d}");
        assert!(d.message.contains("unsafe scheme"), "{d}");
        assert!(d.help.is_some(), "no fix given: {d}");
    }
    assert_eq!(
        found.len(),
        expected.len(),
        "unexpected errors:\n{}",
        show(found)
    );
}

#[test]
fn every_hostile_address_in_content_is_an_error_at_its_place() {
    let site = fixture("minimal");
    let expected = hostile_content(&site);
    let build = site.build_err();
    assert_errors(&build, &expected);
    assert!(!site.public().exists(), "nothing was written");
    // `folio check` says the same, in the same order and words (and lints
    // the articles that could be read).
    let checked = check_errors(&site);
    let text = |d: &[Diagnostic]| {
        d.iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(text(&build), text(&checked));
    let run = site.folio(&["check", "--strict"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    for e in &expected {
        let place = format!("{}:{}:{}: error: ", e.file, e.line, e.column);
        assert!(
            run.stderr.contains(&place) || run.stdout.contains(&place),
            "{place} not printed:\n{}",
            run.debug()
        );
    }
}

#[test]
fn an_alias_with_a_scheme_is_not_a_site_path() {
    let site = fixture("minimal");
    site.write(
        "content/commentary/moved.md",
        "---\ntitle: Moved\ndate: 2025-11-05\naliases: [\"javascript:alert(1)\"]\n---\nText.\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!((e.line, e.column), (4, 12), "{e}");
    assert!(e.message.contains("not a path of this site"), "{e}");
    assert!(e.message.contains("unsafe scheme `javascript:`"), "{e}");
    assert!(!e.message.contains("outside the output folder"), "{e}");
}

/// `site.toml` with `body` added to the minimal site's own settings.
fn site_toml(body: &str) -> String {
    format!("title = \"Test Institute\"\nbase_url = \"https://test.example.org\"\n{body}")
}

#[test]
fn every_hostile_address_in_site_toml_is_an_error_at_its_line() {
    for v in HOSTILE {
        let mut body = String::from("[theme]\n");
        body.push_str(&format!(
            "logo = \"{v}\"\nfavicon = \"{v}\"\nextra_css = \"{v}\"\n"
        ));
        body.push_str("\n[[menu]]\nname = \"Fine\"\nurl = \"/about/\"\n");
        body.push_str(&format!("\n[[menu]]\nname = \"Bad\"\nurl = \"{v}\"\n"));
        body.push_str(&format!(
            "\n[languages.ur]\nmenu = [{{name = \"x\", url = \"{v}\"}}]\n"
        ));
        let text = site_toml(&body);
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let errors = folio::config::parse(&text).unwrap().refused;
        let mut found: Vec<(usize, String)> = errors
            .iter()
            .map(|e| (e.line, e.message.split(" has ").next().unwrap().to_string()))
            .collect();
        found.sort();
        let last_menu = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("url = "))
            .last()
            .unwrap()
            .0
            + 1;
        let mut wanted = vec![
            (line_of("logo ="), "`[theme] logo`".to_string()),
            (line_of("favicon ="), "`[theme] favicon`".to_string()),
            (line_of("extra_css ="), "`[theme] extra_css`".to_string()),
            (last_menu, "`[[menu]] url`".to_string()),
            (
                line_of("menu = ["),
                "`[[languages.ur.menu]] url`".to_string(),
            ),
        ];
        wanted.sort();
        assert_eq!(found, wanted, "{v}:\n{}", show(&errors));
        assert!(
            errors
                .iter()
                .all(|e| e.message.contains("unsafe scheme") && e.help.is_some())
        );
    }
    // A data:image/ address is an image: fine as a logo, not as a menu link.
    let text = site_toml(&format!(
        "[theme]\nlogo = \"{DATA_IMAGE}\"\nfavicon = \"{DATA_IMAGE}\"\n\n[[menu]]\nname = \"x\"\nurl = \"{DATA_IMAGE}\"\n"
    ));
    let errors = folio::config::parse(&text).unwrap().refused;
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].line, 9);
}

#[test]
fn one_build_reports_site_toml_and_content_together() {
    let site = fixture("minimal");
    let expected = hostile_content(&site);
    site.write(
        "site.toml",
        site_toml(
            "[theme]\nlogo = \"vbscript:x\"\n\n[[menu]]\nname = \"x\"\nurl = \"JaVaScRiPt:x\"\n",
        ),
    );
    let errors = site.build_err();
    let in_toml: Vec<usize> = errors
        .iter()
        .filter(|d| d.file == Path::new("site.toml"))
        .map(|d| d.line)
        .collect();
    assert_eq!(in_toml, [4, 8], "{}", show(&errors));
    assert_eq!(errors.len(), expected.len() + 2, "{}", show(&errors));
    let checked: Vec<String> = check_errors(&site)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let built: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(built, checked);
}

#[test]
fn the_cli_reports_site_toml_addresses_in_build_and_check() {
    let site = fixture("minimal");
    site.write(
        "site.toml",
        site_toml("[theme]\nextra_css = \"java\\tscript:alert(1)\"\n\n[[menu]]\nname = \"x\"\nurl = \"vbscript:x\"\n"),
    );
    for cmd in [&["build"][..], &["check"][..]] {
        let run = site.folio(cmd);
        assert_eq!(run.code, Some(1), "{}", run.debug());
        for place in ["site.toml:4:1: error: ", "site.toml:8:8: error: "] {
            assert!(
                run.stderr.contains(place) || run.stdout.contains(place),
                "{place}:\n{}",
                run.debug()
            );
        }
        assert!(
            run.stderr.contains("written `java\\tscript:`")
                || run.stdout.contains("written `java\\tscript:`"),
            "{}",
            run.debug()
        );
    }
}

/// Every file below `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every `href`, `src` and meta refresh target of `doc`, and of the HTML
/// that feeds carry as text, with what it is used for.
fn addresses(doc: &Html, out: &mut Vec<(String, Use)>) {
    for e in doc.select(&sel("[href], [src], meta[http-equiv]")) {
        let v = e.value();
        let image = v.name() == "img" || v.attr("rel").is_some_and(|r| r.contains("icon"));
        let use_ = if image { Use::Image } else { Use::Link };
        for name in ["href", "src"] {
            if let Some(a) = v.attr(name) {
                out.push((a.to_string(), use_));
            }
        }
        if let Some(c) = v.attr("content").filter(|_| v.attr("http-equiv").is_some())
            && let Some((_, url)) = c.split_once("url=")
        {
            out.push((url.to_string(), Use::Link));
        }
    }
    for e in doc.select(&sel("content, summary, description")) {
        let inner: String = e.text().collect();
        if inner.contains('<') {
            addresses(&Html::parse_fragment(&inner), out);
        }
    }
}

#[test]
fn no_output_file_holds_a_live_unsafe_address() {
    let site = fixture("minimal");
    // Every field that shows hostile addresses as text, and every address
    // field with the safe kinds the rule lets through.
    let summary: String = HOSTILE.iter().map(|v| format!(" [x]({v})")).collect();
    site.write(
        "content/authors/alice-ahmed.md",
        format!("---\nname: Alice Ahmed\nphoto: \"{DATA_IMAGE}\"\nnote: \"Note{summary}\"\nlinks:\n  - {{name: Web, url: \"https://example.org/\"}}\n  - {{name: Mail, url: \"mailto:a@example.org\"}}\n  - {{name: Phone, url: \"tel:+92511234567\"}}\n  - {{name: Local, url: \"/about/\"}}\n---\nAlice writes about water.\n"),
    );
    site.write(
        "content/commentary/hello.md",
        format!("---\ntitle: \"Hello\"\ndate: 2025-11-05\nauthors: [alice-ahmed, {{name: Guest, photo: \"{DATA_IMAGE}\", links: [{{name: W, url: \"https://example.org/g\"}}]}}]\nsummary: \"Summary{summary}\"\ndisclaimer: \"Disclaimer{summary}\"\nauthor_note: \"Note{summary}\"\nimage: \"{DATA_IMAGE}\"\npdf: \"https://example.org/x.pdf\"\naliases: [/old/hello/]\n---\n\nA first paragraph.\n"),
    );
    site.write(
        "site.toml",
        site_toml(&format!("[theme]\nlogo = \"{DATA_IMAGE}\"\nfavicon = \"/favicon.svg\"\nextra_css = \"https://example.org/x.css\"\n\n[[menu]]\nname = \"Mail\"\nurl = \"mailto:a@example.org\"\n\n[disclaimers]\ndefault = \"Views{summary}\"\n")),
    );
    site.build_ok();
    // The scan finds what a browser would run.
    let mut caught = Vec::new();
    let probe = "<a href=\" java&#9;script:x\">a</a><img src=\"data:text/html,x\">";
    addresses(&Html::parse_document(probe), &mut caught);
    assert!(caught.iter().all(|(a, u)| safe_url::check(a, *u).is_err()));
    assert_eq!(caught.len(), 2);
    let mut seen = 0;
    for file in files(&site.public()) {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "html" | "xml") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let mut found = Vec::new();
        addresses(&Html::parse_document(&text), &mut found);
        for (a, use_) in found {
            seen += 1;
            assert!(
                safe_url::check(&a, use_).is_ok(),
                "{}: live unsafe address {a:?}",
                file.display()
            );
        }
    }
    assert!(seen > 100, "only {seen} addresses looked at");
}
