//! `extra:` in front matter: keys for a theme, handed to templates as
//! written; a key there that looks like one of folio's is a check warning.

use crate::common::*;
use folio::check_command::{self, CheckOptions};

const ARTICLE: &str = "---\ntitle: \"Hello, world\"\ndate: 2025-11-05\nauthors: [alice-ahmed]\nsummary: A summary.\nextra:\n  hero: wide\n  scores: [1, 2.5]\n  credit: {name: Photo Desk, year: 2024}\n  disclaimr: \"Views are the author's own.\"\n---\n\nA first paragraph.\n";

fn site_with(article: &str) -> TestSite {
    let site = fixture("minimal");
    site.write("content/commentary/hello.md", article);
    site
}

#[test]
fn extra_reaches_the_article_template_as_written() {
    let site = site_with(ARTICLE);
    site.write(
        "templates/article.html",
        "{% extends \"theme/article.html\" %}\n{% block article_header %}{{ super() }}<p class=\"hero {{ article.extra.hero }}\">{{ article.extra.credit.name }} {{ article.extra.credit.year }} {{ article.extra.scores | length }} {{ article.extra.scores[1] }}</p>{% if article.extra.missing %}<p class=\"no\"></p>{% endif %}{% endblock article_header %}\n",
    );
    site.build_ok();
    let doc = site.page("/commentary/hello/");
    let p = one(&doc, "p.hero");
    assert_eq!(attr(p, "class"), Some("hero wide"));
    assert_eq!(text(p), "Photo Desk 2024 2 2.5");
    assert_eq!(count(&doc, "p.no"), 0);
    // The theme's page is otherwise the same.
    assert_eq!(text(one(&doc, "h1")), "Hello, world");
}

#[test]
fn an_article_without_extra_has_an_empty_map() {
    let site = fixture("minimal");
    site.write(
        "templates/article.html",
        "{% extends \"theme/article.html\" %}\n{% block article_header %}{{ super() }}<p class=\"n\">{{ article.extra | length }}</p>{% endblock article_header %}\n",
    );
    site.build_ok();
    assert_eq!(text(one(&site.page("/commentary/hello/"), "p.n")), "0");
}

#[test]
fn a_key_under_extra_like_one_of_folios_is_a_warning_at_its_place() {
    let site = site_with(ARTICLE);
    let opts = CheckOptions {
        root: Some(site.root.clone()),
        now: now(),
        ..CheckOptions::new(&site.root)
    };
    let d = check_command::check(&opts).unwrap().diagnostics.0;
    let found: Vec<_> = d
        .iter()
        .filter(|d| d.code == Some("extra-key-typo"))
        .collect();
    assert_eq!(found.len(), 1, "{}", show(&d));
    let w = found[0];
    assert_eq!(
        w.file,
        std::path::Path::new("content/commentary/hello.md"),
        "{w}"
    );
    assert_eq!((w.line, w.column, w.width), (10, 3, 9), "{w}");
    assert!(w.message.contains("`disclaimer`"), "{w}");
    assert!(w.help.as_deref().unwrap().contains("`disclaimer:`"), "{w}");
    // `hero`, `scores` and `credit` are the theme's own: no finding.
}

#[test]
fn an_unknown_key_outside_extra_is_still_an_error() {
    let site = site_with(&ARTICLE.replace("summary:", "sumary:"));
    let e = site.build_err();
    assert_eq!(e.len(), 1, "{}", show(&e));
    assert_eq!((e[0].line, e[0].column), (5, 1), "{}", e[0]);
    assert!(e[0].message.contains("unknown key `sumary`"), "{}", e[0]);
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .contains("did you mean `summary`?"),
        "{}",
        e[0]
    );
}
