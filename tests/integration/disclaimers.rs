//! The disclaimer cascade: omitted -> section default -> site default;
//! `false` -> none; a name from `[disclaimers]` -> that text; any other
//! string -> literal inline markdown with raw HTML escaped.

use crate::common::*;
use scraper::Html;

const SITE_DEFAULT: &str = "The site default disclaimer.";
const EVENTS: &str = "The events disclaimer: a summary, not a verbatim record.";

fn built() -> TestSite {
    let site = fixture("disclaimers");
    site.build_ok();
    site
}

/// The text of the disclaimer's body (without its heading), or None.
fn disclaimer(doc: &Html) -> Option<String> {
    let asides = select(doc, "aside.disclaimer");
    assert!(asides.len() <= 1, "several disclaimers on one page");
    let aside = asides.first()?;
    Some(
        aside
            .select(&sel("p"))
            .map(text)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn omitted_uses_the_site_default() {
    let site = built();
    let doc = site.page("/commentary/omitted/");
    assert_eq!(disclaimer(&doc).as_deref(), Some(SITE_DEFAULT));
}

#[test]
fn false_means_no_disclaimer() {
    let site = built();
    let doc = site.page("/commentary/switched-off/");
    assert_eq!(count(&doc, "aside.disclaimer"), 0);
    assert!(!text(one(&doc, "article")).contains(SITE_DEFAULT));
}

#[test]
fn a_name_from_site_toml_uses_that_text() {
    let site = built();
    let doc = site.page("/commentary/named/");
    assert_eq!(disclaimer(&doc).as_deref(), Some(EVENTS));
}

#[test]
fn literal_markdown_is_rendered() {
    let site = built();
    let doc = site.page("/commentary/literal/");
    assert_eq!(
        disclaimer(&doc).as_deref(),
        Some("These views are mine alone, see our policy.")
    );
    assert_eq!(texts(&doc, "aside.disclaimer em"), ["mine"]);
    let link = one(&doc, "aside.disclaimer a");
    assert_eq!(attr(link, "href"), Some("/policy/"));
    assert_eq!(text(link), "our policy");
}

#[test]
fn raw_html_in_a_literal_disclaimer_is_escaped() {
    let site = built();
    let doc = site.page("/commentary/scripted/");
    assert_eq!(
        count(&doc, "script:not([type=\"application/ld+json\"])"),
        0,
        "a script element reached the page"
    );
    let shown = disclaimer(&doc).unwrap();
    assert!(shown.contains("<script>alert(1)</script>"), "{shown}");
}

#[test]
fn a_section_default_applies_to_its_articles() {
    let site = built();
    let doc = site.page("/events/launch/");
    assert_eq!(disclaimer(&doc).as_deref(), Some(EVENTS));
}

#[test]
fn an_article_can_switch_off_its_section_default() {
    let site = built();
    let doc = site.page("/events/no-disclaimer/");
    assert_eq!(count(&doc, "aside.disclaimer"), 0);
}

#[test]
fn a_literal_section_default_is_rendered_markdown() {
    let site = built();
    let doc = site.page("/briefs/first-brief/");
    assert_eq!(
        disclaimer(&doc).as_deref(),
        Some("Briefs are preliminary findings.")
    );
    assert_eq!(texts(&doc, "aside.disclaimer em"), ["preliminary"]);
}

#[test]
fn an_unknown_disclaimer_name_is_an_error_not_literal_text() {
    // A one-word value that is no name in site.toml is a typo: it must not be
    // printed under the article as if it were the disclaimer.
    let site = fixture("disclaimers");
    site.write(
        "content/commentary/named.md",
        "---\ntitle: \"Named\"\ndate: 2025-10-01\ndisclaimer: event\n---\n\nText.\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!(e.file, std::path::Path::new("content/commentary/named.md"));
    assert_eq!((e.line, e.column), (4, 13), "{e}");
    assert!(e.message.contains("`event`"), "{e}");
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `events`"),
        "{e}"
    );
}
