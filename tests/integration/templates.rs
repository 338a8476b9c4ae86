//! Template overrides: `templates/NAME.html` in the site replaces the
//! theme's template of that name; errors in it name the file and line.

use std::path::Path;

use crate::common::*;

#[test]
fn a_site_template_replaces_the_themes() {
    let site = fixture("override");
    site.build_ok();
    let doc = site.page("/commentary/hello/");
    let marker = one(&doc, "article.custom-article-marker");
    assert_eq!(text(one(&doc, "h1")), "Hello Override");
    assert!(text(marker).contains("Body text."));
    // The theme's article parts are gone…
    assert_eq!(count(&doc, "aside.disclaimer"), 0);
    assert_eq!(count(&doc, "article.article"), 0);
    // …but `extends "base.html"` still found the theme's layout.
    assert_eq!(count(&doc, "header.site-header"), 1);
    assert_eq!(count(&doc, "link[href=\"/style.css\"]"), 1);
    // Other pages keep the theme's templates.
    let home = site.page("/");
    assert_eq!(count(&home, ".custom-article-marker"), 0);
    assert_eq!(count(&home, "section.latest"), 1);
}

#[test]
fn an_override_can_extend_the_themes_own_template() {
    // The worked example of docs/templates.md: move the disclaimer up.
    let site = fixture("override_theme_block");
    site.build_ok();
    let doc = site.page("/commentary/hello/");
    let moved = one(&doc, "aside.disclaimer");
    assert!(attr(moved, "class").unwrap().contains("moved-disclaimer"));
    assert_eq!(count(&doc, ".article-footer aside.disclaimer"), 0);
    assert_eq!(
        count(&doc, "header.article-header + aside.moved-disclaimer"),
        1
    );
    // The rest of the theme's article page is still there.
    assert_eq!(text(one(&doc, "h1")), "Hello Override");
    assert_eq!(count(&doc, "meta[property=\"og:type\"]"), 1);
}

#[test]
fn a_syntax_error_in_an_override_names_the_file_and_line() {
    let site = fixture("override_broken");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!(e.file, Path::new("templates/article.html"), "{e}");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.column >= 1, "{e}");
    assert!(e.message.starts_with("template error"), "{e}");
    assert_eq!(
        e.source_line.as_deref(),
        Some("<h1>{{ article.title </h1>"),
        "{e}"
    );
    assert!(!site.public().exists());
}

#[test]
fn an_unknown_variable_in_an_override_names_the_file_and_line() {
    let site = fixture("override");
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }}</h1>\n<p>{{ article.no_such_thing }}</p>\n{% endblock content %}\n",
    );
    let errors = site.build_err();
    assert_eq!(
        errors.len(),
        1,
        "one mistake is reported once, not once per page:\n{}",
        show(&errors)
    );
    let e = &errors[0];
    assert_eq!(e.file, Path::new("templates/article.html"), "{e}");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.column >= 1, "{e}");
}

#[test]
fn an_override_of_base_html_applies_to_every_page() {
    let site = fixture("minimal");
    site.write("templates/base.html", MY_BASE);
    site.build_ok();
    for url in [
        "/",
        "/commentary/",
        "/commentary/hello/",
        "/authors/",
        "/404.html",
    ] {
        let doc = site.page(url);
        assert_eq!(
            count(&doc, "body.my-base"),
            1,
            "{url} does not use the site's base.html"
        );
    }
}

/// A whole layout of one's own: it must define every block the theme's
/// page templates fill in.
const MY_BASE: &str = "<!DOCTYPE html>
<html><head><title>{% block title %}{{ page_title }}{% endblock title %}</title>
{% block meta %}{% endblock meta %}{% block head %}{% endblock head %}</head>
<body class=\"my-base {% block body_class %}{% endblock body_class %}\">
{% block content %}{% endblock content %}
<footer>{% block footer %}{% endblock footer %}</footer>
</body></html>
";

#[test]
fn a_base_override_missing_a_block_names_a_template_line() {
    let site = fixture("minimal");
    // No `head` block, which the theme's 404.html and section.html fill in.
    site.write(
        "templates/base.html",
        MY_BASE.replace("{% block head %}{% endblock head %}", ""),
    );
    let errors = site.build_err();
    assert!(!errors.is_empty());
    for e in &errors {
        assert!(e.message.contains("head"), "{e}");
        // Like any template error: a file, a line and a column to look at.
        assert_ne!(
            e.file,
            Path::new("templates"),
            "no template file named:\n{e}"
        );
        assert!(e.line >= 1 && e.column >= 1, "no line:column:\n{e}");
    }
}

// ----- [head] html: a snippet for every page -----------------------------------

/// Every HTML file below `dir`, by path relative to it.
fn html_files(dir: &Path) -> Vec<(String, String)> {
    snapshot_files(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, b)| {
            (
                p.display().to_string(),
                String::from_utf8(b).expect("UTF-8 page"),
            )
        })
        .collect()
}

/// Checks that the snippet's two tags are in the `<head>` of every page,
/// once each.
fn assert_snippet_everywhere(site: &TestSite) {
    let pages = html_files(&site.public());
    let kinds = [
        "index.html",
        "404.html",
        "search/index.html",
        "ur/search/index.html",
    ];
    for kind in kinds {
        assert!(
            pages.iter().any(|(p, _)| p == kind),
            "no {kind} among {:?}",
            pages.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
    }
    for (path, html) in &pages {
        let doc = scraper::Html::parse_document(html);
        assert_eq!(
            count(
                &doc,
                "head meta[name=\"site-verification\"][content=\"abc123\"]"
            ),
            1,
            "{path}"
        );
        assert_eq!(count(&doc, "head script[data-analytics]"), 1, "{path}");
    }
}

const SNIPPET: &str = "<meta name=\"site-verification\" content=\"abc123\">\n<script data-analytics src=\"https://stats.example.org/s.js\" defer></script>";

#[test]
fn a_head_snippet_reaches_every_page_of_every_edition() {
    let site = fixture("bilingual");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{toml}\n[head]\nhtml = '''\n{SNIPPET}\n'''\n"),
    );
    // An old address (a redirect page), and a site template that replaces
    // the `head` block without `super()`: the snippet is outside the block.
    site.write(
        "content/notes/moved.md",
        "---\ntitle: Moved\ndate: 2025-06-01\naliases: [/old/moved/]\n---\n\nText.\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\n\nWho we are.\n",
    );
    site.write(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block head %}<meta name=\"own\">{% endblock head %}",
    );
    site.build_ok();
    assert!(site.public().join("old/moved/index.html").is_file());
    assert_eq!(count(&site.page("/about/"), "head meta[name=\"own\"]"), 1);
    assert_snippet_everywhere(&site);
}

#[test]
fn a_head_file_beside_site_toml_does_the_same() {
    let site = fixture("bilingual");
    site.write("head.html", SNIPPET);
    site.build_ok();
    assert_snippet_everywhere(&site);
}

#[test]
fn a_head_snippet_in_two_places_is_an_error_at_its_line() {
    let site = fixture("minimal");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[head]\nhtml = \"<meta>\"\n"));
    site.write("head.html", "<meta>");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!(e.file, Path::new("site.toml"));
    assert_eq!(e.line, toml.lines().count() + 3, "{}", show(&errors));
    assert!(e.message.contains("head.html"), "{}", show(&errors));
}
