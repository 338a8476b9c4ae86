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
