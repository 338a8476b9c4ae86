//! No Liquid reaches a page: a Jekyll site with its own include files and
//! plugin tags (tests/fixtures/import/jekyll-liquid/, with the variants of
//! Jekyll's own tests) is imported and built, and every page's text is
//! read with scraper. What could not be converted is an HTML comment, a
//! line of the report and a `folio check` finding at its line.

use std::collections::BTreeMap;

use super::{article, site};
use crate::common::{TestSite, fixtures_dir, sel};
use folio::import::{self, ImportOptions, ImportReport, NoteKind};

fn import(site: &TestSite) -> ImportReport {
    let dir = fixtures_dir().join("import/jekyll-liquid");
    import::import_jekyll(&dir, &ImportOptions::new(&site.root), &mut |_| {})
        .unwrap_or_else(|f| panic!("{}", f.diagnostic))
}

/// The text a reader sees on a page, code blocks and spans left out (a
/// post about Liquid may show it there, as `raw` means it to).
fn prose(site: &TestSite, url: &str) -> String {
    let doc = site.page(url);
    let main = doc.select(&sel("body")).next().unwrap();
    let mut out = String::new();
    for node in main.descendants() {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let in_code = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "code" | "pre"))
        });
        if !in_code {
            out.push_str(t);
        }
    }
    out
}

#[test]
fn known_tags_become_markdown() {
    let site = site();
    let r = import(&site);
    assert_eq!(r.counts.articles, 4, "{r:?}");
    let (_, body) = article(&site, "content/posts/figures.md");
    for expected in [
        "[![Crossings by month, 2019](https://agency.example.org/assets/crossings.jpg)](https://agency.example.org/data/)\n\n*Crossings by month*",
        "![](https://agency.example.org/assets/queue.png)",
        "![Tanker spending](https://agency.example.org/assets/tanker.svg)",
        "![A map of the region](<https://agency.example.org/assets/map one.png>)\n\n*Routes, 2019*",
        "![The port](https://agency.example.org/assets/port.webp)",
    ] {
        assert!(body.contains(expected), "no {expected:?} in:\n{body}");
    }
    let (_, body) = article(&site, "content/posts/code.md");
    assert!(
        body.contains("[the figures](/posts/figures/) and [the same](/posts/figures/) show, and [the list](/posts/unknown/)"),
        "{body}"
    );
    assert!(body.contains("```ruby\ndef hello"), "{body}");
    assert!(body.contains("```markup\n<p>Hi</p>\n```"), "{body}");
    assert!(
        body.contains("{% include figure.html image=\"x.jpg\" %} and {{ page.title }}\n```"),
        "raw inside code is kept as written: {body}"
    );
    let notes = |title: &str| -> Vec<String> {
        r.items
            .iter()
            .filter(|i| i.title == title)
            .flat_map(|i| i.notes.iter())
            .filter(|n| n.kind == NoteKind::Liquid)
            .map(|n| n.detail.clone())
            .collect()
    };
    // An HTML post: the figure is made in HTML, then converted with the rest.
    let (_, body) = article(&site, "content/posts/html-post.md");
    assert!(
        body.contains("![A chart](https://agency.example.org/assets/chart.png)"),
        "{body}"
    );
    assert!(body.contains("*Exports*"), "{body}");
    assert!(
        body.contains("Written in HTML, with <!-- {% newsletter_signup %} --> inside."),
        "the comment survives the HTML conversion: {body}"
    );
    assert!(notes("Figures of the border trade").is_empty());
    assert!(notes("Code and links").is_empty());
}

#[test]
fn other_tags_are_comments_listed_with_their_line() {
    let site = site();
    let r = import(&site);
    let item = r
        .items
        .iter()
        .find(|i| i.title == "Tags folio cannot convert")
        .unwrap();
    let liquid: Vec<&str> = item
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Liquid)
        .map(|n| n.detail.as_str())
        .collect();
    assert_eq!(
        liquid,
        [
            "line 6: {% toc %}",
            "line 8: {% include newsletter.html list=\"weekly\" %}",
            "line 10: {% include {{ page.include1 }} %}",
            "line 12: {% if page.hero %}",
            "line 12: {% endif %}",
            "line 14: {{ page.title | upcase }}",
            "line 14: {% link about.md %}",
            "line 14: {%- seo -%}",
            "line 16: {% twitter https://twitter.com/user/status/1 align=center %}",
            "line 21: {% for post in site.posts %}",
            "line 21: {{ post.title }}",
            "line 21: {% endfor %}",
        ]
    );
    let (_, body) = article(&site, "content/posts/unknown.md");
    assert!(body.contains("<!-- {% toc %} -->"), "{body}");
    assert!(
        body.contains("[about](#)<!-- {% link about.md %} -->"),
        "{body}"
    );
    let md = r.to_markdown();
    assert!(md.contains("line 6: {% toc %}"), "{md}");
}

#[test]
fn dropped_front_matter_keys_are_counted_by_file() {
    let site = site();
    let r = import(&site);
    let expected: BTreeMap<String, usize> =
        [("comments", 1), ("hero", 2), ("hero_alt", 1), ("layout", 4)]
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
    assert_eq!(r.dropped_keys, expected);
    let md = r.to_markdown();
    assert!(md.contains("## Front-matter keys dropped"), "{md}");
    assert!(md.contains("| ` layout ` | 4 |"), "{md}");
    let run = site.folio(&[
        "import",
        "jekyll",
        fixtures_dir()
            .join("import/jekyll-liquid")
            .to_str()
            .unwrap(),
        "--root",
        site.root.to_str().unwrap(),
        "--section",
        "notes",
    ]);
    assert!(
        run.stdout
            .contains("Front-matter keys dropped: comments (1 files), hero (2 files), hero_alt (1 files), layout (4 files)"),
        "{}",
        run.debug()
    );
}

#[test]
fn no_imported_page_shows_liquid_and_check_points_at_what_is_left() {
    let site = site();
    import(&site);
    site.build_ok();
    for url in [
        "/posts/figures/",
        "/posts/code/",
        "/posts/unknown/",
        "/posts/html-post/",
    ] {
        let text = prose(&site, url);
        assert!(
            !text.contains("{%") && !text.contains("{{"),
            "{url} shows Liquid:\n{text}"
        );
    }
    // The comments are in the HTML, for an editor; readers do not see them.
    assert!(site.read("/posts/unknown/").contains("<!-- {% toc %} -->"));
    let run = site.folio(&["check", "--format", "json"]);
    let found: Vec<serde_json::Value> = serde_json::from_str::<serde_json::Value>(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", run.debug()))
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unconverted-template-tag")
        .cloned()
        .collect();
    let places: Vec<(String, u64)> = found
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let html_post = places
        .iter()
        .filter(|(f, _)| f == "content/posts/html-post.md")
        .count();
    assert_eq!(html_post, 1, "{}", run.stdout);
    let file = "content/posts/unknown.md".to_string();
    let places: Vec<(String, u64)> = places.into_iter().filter(|(f, _)| *f == file).collect();
    // The import's header is longer than Jekyll's: lines as written now.
    let text = std::fs::read_to_string(site.path(&file)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let mut expected = vec![
        (file.clone(), line_of("{% toc %}")),
        (file.clone(), line_of("newsletter.html")),
        (file.clone(), line_of("page.include1")),
        (file.clone(), line_of("{% if page.hero %}")),
        (file.clone(), line_of("{% if page.hero %}")),
    ];
    for _ in 0..3 {
        expected.push((file.clone(), line_of("upcase")));
    }
    expected.push((file.clone(), line_of("{% twitter")));
    assert_eq!(places, expected, "{}", run.stdout);
}
