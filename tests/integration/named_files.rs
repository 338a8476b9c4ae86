//! Every file a page names exists: an article's `pdf:` and `image:`, and
//! the images of its body (markdown `![](x)` and raw `<img src>`). A
//! missing one is an error at its file:line:column in `folio build` and
//! `folio check` alike, and the hint names the nearest file that exists.

use crate::common::*;
use folio::Diagnostic;

/// The errors of `folio check` on the site, through the library.
fn checked(site: &TestSite) -> Vec<Diagnostic> {
    let opts = folio::check_command::CheckOptions {
        root: Some(site.root.clone()),
        now: now(),
        ..folio::check_command::CheckOptions::new(&site.root)
    };
    let report = folio::check_command::check(&opts).unwrap_or_else(|f| panic!("{f:?}"));
    report
        .diagnostics
        .0
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

/// The one error at `file:line:column`, from the build; `folio check`
/// (and `--strict`) reports it in the same words.
fn error_at(site: &TestSite, file: &str, line: usize, column: usize) -> Diagnostic {
    let build = site.build_err();
    let found: Vec<&Diagnostic> = build
        .iter()
        .filter(|d| d.file.to_str() == Some(file) && (d.line, d.column) == (line, column))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "no error at {file}:{line}:{column}:\n{}",
        show(&build)
    );
    let e = found[0].clone();
    assert!(e.is_error(), "{e}");
    let check = checked(site);
    assert!(
        check.iter().any(|d| d.to_string() == e.to_string()),
        "folio check differs:\n{}\nbuild:\n{e}",
        show(&check)
    );
    let run = site.folio(&["check", "--strict"]);
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stdout
            .contains(&format!("{file}:{line}:{column}: error")),
        "{}",
        run.debug()
    );
    e
}

fn help(e: &Diagnostic) -> &str {
    e.help.as_deref().unwrap_or("")
}

#[test]
fn a_missing_pdf_or_image_of_a_bundle_names_the_nearest_file() {
    let site = fixture("minimal");
    site.write(
        "content/analysis/tanker/index.md",
        "---\ntitle: Tanker spending\ndate: 2025-11-05\nimage: tanker-spend.png\nimage_alt: A chart\npdf: \"tanker-report.pdf\"\n---\nText.\n",
    );
    site.write("content/analysis/tanker/tanker-spend.svg", "<svg/>");
    site.write("content/analysis/tanker/tanker-report-2025.pdf", "%PDF");
    let e = error_at(&site, "content/analysis/tanker/index.md", 4, 8);
    assert!(e.message.contains("`tanker-spend.png`"), "{e}");
    assert!(e.message.contains("does not exist"), "{e}");
    assert!(help(&e).contains("`image: tanker-spend.svg`"), "{e}");
    assert!(
        !help(&e).contains("/analysis/tanker/`"),
        "the page is no hint: {e}"
    );
    let e = error_at(&site, "content/analysis/tanker/index.md", 6, 6);
    assert!(e.message.contains("PDF `tanker-report.pdf`"), "{e}");
    assert!(help(&e).contains("`pdf: tanker-report-2025.pdf`"), "{e}");
    assert!(!site.public().exists(), "nothing was written");

    // Named right, the build goes through and the page links them.
    site.write(
        "content/analysis/tanker/index.md",
        "---\ntitle: Tanker spending\ndate: 2025-11-05\nimage: tanker-spend.svg\nimage_alt: A chart\npdf: tanker-report-2025.pdf\n---\nText.\n",
    );
    site.build_ok();
    let doc = site.page("/analysis/tanker/");
    assert_eq!(
        attr(one(&doc, "a.pdf-link"), "href"),
        Some("/analysis/tanker/tanker-report-2025.pdf")
    );
    assert!(site.exists("/analysis/tanker/tanker-report-2025.pdf"));
}

#[test]
fn site_paths_and_plain_articles_are_looked_up_where_they_publish() {
    let site = fixture("minimal");
    site.write("static/files/annual-report.pdf", "%PDF");
    site.write("content/commentary/report.pdf", "%PDF");
    site.write(
        "content/commentary/plain.md",
        "---\ntitle: Plain\ndate: 2025-11-05\npdf: reprot.pdf\n---\nText.\n",
    );
    site.write(
        "content/commentary/static-pdf.md",
        "---\ntitle: Static\ndate: 2025-11-05\npdf: /files/anual-report.pdf\n---\nText.\n",
    );
    // A plain article's files sit in its section's folder, /commentary/.
    let e = error_at(&site, "content/commentary/plain.md", 4, 6);
    assert!(
        e.message.contains("looked for at /commentary/reprot.pdf"),
        "{e}"
    );
    assert!(help(&e).contains("`pdf: report.pdf`"), "{e}");
    let e = error_at(&site, "content/commentary/static-pdf.md", 4, 6);
    assert!(help(&e).contains("`pdf: /files/annual-report.pdf`"), "{e}");

    site.write(
        "content/commentary/plain.md",
        "---\ntitle: Plain\ndate: 2025-11-05\npdf: report.pdf\nimage: https://example.org/not-checked.png\nimage_alt: x\n---\nText.\n",
    );
    site.write(
        "content/commentary/static-pdf.md",
        "---\ntitle: Static\ndate: 2025-11-05\npdf: /files/annual-report.pdf\n---\nText.\n",
    );
    site.build_ok();
    let doc = site.page("/commentary/plain/");
    assert_eq!(
        attr(one(&doc, "a.pdf-link"), "href"),
        Some("/commentary/report.pdf")
    );
    assert!(site.exists("/commentary/report.pdf"));
}

#[test]
fn missing_body_images_markdown_and_raw_html_are_errors_with_the_nearest_file() {
    let site = fixture("minimal");
    site.write("content/analysis/tanker/tanker-spend.svg", "<svg/>");
    site.write("static/images/logo-wide.png", "png");
    let body = "Text.\n\n![Spending](tanker-spend.png)\n\n<figure><img alt=\"Spending\" src=\"tanker-spend.png\"></figure>\n\nInline <IMG SRC='/images/logo-wid.png' alt=\"\"> too.\n\n```html\n<img src=\"in-code.png\">\n```\n";
    site.write(
        "content/analysis/tanker/index.md",
        format!("---\ntitle: Tanker\ndate: 2025-11-05\n---\n{body}"),
    );
    let e = error_at(&site, "content/analysis/tanker/index.md", 7, 13);
    assert_eq!(e.code, Some("broken-link"));
    assert!(help(&e).contains("`tanker-spend.svg`"), "{e}");
    let e = error_at(&site, "content/analysis/tanker/index.md", 9, 34);
    assert!(
        e.message.contains("/analysis/tanker/tanker-spend.png"),
        "{e}"
    );
    assert!(help(&e).contains("`tanker-spend.svg`"), "{e}");
    let e = error_at(&site, "content/analysis/tanker/index.md", 11, 18);
    assert!(help(&e).contains("`/images/logo-wide.png`"), "{e}");
    let all = site.build_err();
    let errors = all.iter().filter(|d| d.is_error()).count();
    assert_eq!(errors, 3, "code blocks are not images:\n{}", show(&all));

    let fixed = body
        .replace("](tanker-spend.png)", "](tanker-spend.svg)")
        .replace("src=\"tanker-spend.png\"", "src=\"tanker-spend.svg\"")
        .replace("logo-wid.png", "logo-wide.png");
    site.write(
        "content/analysis/tanker/index.md",
        format!("---\ntitle: Tanker\ndate: 2025-11-05\n---\n{fixed}"),
    );
    site.build_ok();
    let doc = site.page("/analysis/tanker/");
    let srcs: Vec<&str> = select(&doc, "article img")
        .into_iter()
        .filter_map(|i| attr(i, "src"))
        .collect();
    assert_eq!(
        srcs,
        [
            "tanker-spend.svg",
            "tanker-spend.svg",
            "/images/logo-wide.png"
        ]
    );
}

#[test]
fn raw_html_is_not_rewritten_so_its_image_is_judged_as_written() {
    // Markdown's `![](chart.png)` beside a plain article is rewritten to
    // the address the file is copied to; raw HTML is kept as written, so
    // from /commentary/plain/ its `chart.png` would not load.
    let site = fixture("minimal");
    site.write("content/commentary/chart.png", "png");
    site.write(
        "content/commentary/plain.md",
        "---\ntitle: Plain\ndate: 2025-11-05\n---\n![Chart](chart.png)\n\n<img alt=\"Chart\" src=\"chart.png\">\n",
    );
    let e = error_at(&site, "content/commentary/plain.md", 7, 23);
    assert!(help(&e).contains("`/commentary/chart.png`"), "{e}");
    let all = site.build_err();
    assert_eq!(
        all.iter().filter(|d| d.is_error()).count(),
        1,
        "{}",
        show(&all)
    );
}

#[test]
fn a_translated_bundle_is_told_where_the_shared_file_is() {
    // The files of a bundle are published once, beside the original's
    // page: from the Urdu page, `b.pdf` alone would lead nowhere.
    let site = fixture("bilingual");
    let header = |title: &str, pdf: &str| {
        format!("---\ntitle: {title}\ndate: 2025-11-05\nsummary: s\npdf: {pdf}\n---\nText.\n")
    };
    site.write("content/analysis/bund/index.md", header("B", "b.pdf"));
    site.write("content/analysis/bund/index.ur.md", header("B ur", "b.pdf"));
    site.write("content/analysis/bund/b.pdf", "%PDF");
    let e = error_at(&site, "content/analysis/bund/index.ur.md", 5, 6);
    assert!(e.message.contains("/ur/analysis/bund/b.pdf"), "{e}");
    assert!(
        help(&e).contains("write `pdf: /analysis/bund/b.pdf`"),
        "{e}"
    );
    assert!(help(&e).contains("translation"), "{e}");
    site.write(
        "content/analysis/bund/index.ur.md",
        header("B ur", "/analysis/bund/b.pdf"),
    );
    site.build_ok();
    let doc = site.page("/ur/analysis/bund/");
    assert_eq!(
        attr(one(&doc, "a.pdf-link"), "href"),
        Some("/analysis/bund/b.pdf")
    );
}
