//! `folio import`: a WordPress export and a Jekyll folder imported into a
//! fresh site, checked by parsing what was written (headers through folio's
//! own front-matter parser, bodies as markdown) and by building the result:
//! every old address must redirect to its new page.

use crate::common;

mod liquid;
mod wxr;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{TestSite, empty_site, fixtures_dir, sel, select};
use folio::content::frontmatter::{self, ArticleHeader, AuthorEntry, AuthorHeader};
use folio::import::{self, ImportOptions, ImportReport, NoteKind, Progress};

const BASE: &str = "https://cds.example.org";

fn site() -> TestSite {
    let site = empty_site();
    site.write(
        "site.toml",
        format!("title = \"CDS\"\nbase_url = \"{BASE}\"\n"),
    );
    std::fs::create_dir_all(site.path("content")).unwrap();
    site
}

fn wxr() -> PathBuf {
    fixtures_dir().join("import/wordpress.xml")
}

fn import_wp(site: &TestSite, uploads: Option<PathBuf>) -> ImportReport {
    let opts = ImportOptions {
        uploads,
        ..ImportOptions::new(&site.root)
    };
    import::import_wordpress(&wxr(), &opts, &mut |_| {})
        .unwrap_or_else(|f| panic!("{}", f.diagnostic))
}

fn import_jekyll(site: &TestSite) -> ImportReport {
    let opts = ImportOptions::new(&site.root);
    import::import_jekyll(&fixtures_dir().join("import/jekyll"), &opts, &mut |_| {})
        .unwrap_or_else(|f| panic!("{}", f.diagnostic))
}

/// An article's header through folio's own parser, and its body.
fn article(site: &TestSite, rel: &str) -> (ArticleHeader, String) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let split = frontmatter::split(Path::new(rel), &text).unwrap();
    let h = frontmatter::parse(Path::new(rel), &text, &split)
        .unwrap_or_else(|e| panic!("{}", common::show(&e)));
    (h, split.body.to_string())
}

fn title(h: &ArticleHeader) -> String {
    h.title.as_ref().unwrap().value.clone()
}

fn aliases(h: &ArticleHeader) -> Vec<String> {
    h.aliases.iter().map(|a| a.value.clone()).collect()
}

fn author_slugs(h: &ArticleHeader) -> Vec<String> {
    h.authors
        .iter()
        .map(|a| match &a.value {
            AuthorEntry::Slug(s) => s.clone(),
            AuthorEntry::Inline(_) => panic!("inline author"),
        })
        .collect()
}

/// A standalone page's header: only the keys pages take.
fn page(site: &TestSite, rel: &str) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let split = frontmatter::split(Path::new(rel), &text).unwrap();
    let v: serde_json::Value = frontmatter::parse(Path::new(rel), &text, &split).unwrap();
    let map = v.as_object().unwrap().clone();
    for k in map.keys() {
        assert!(
            [
                "title", "summary", "menu", "weight", "aliases", "draft", "lang", "slug"
            ]
            .contains(&k.as_str()),
            "{rel}: `{k}` is not a page key"
        );
    }
    map
}

/// Every file under the site's content/ and static/, with its text.
fn written(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = common::snapshot_files(&site.path("content"));
    if site.path("static").exists() {
        all.extend(common::snapshot_files(&site.path("static")));
    }
    all
}

/// The redirect page at `alias` sends readers to `target`.
fn assert_redirect(site: &TestSite, alias: &str, target: &str) {
    let doc = site.page(alias);
    let refresh = select(&doc, "meta[http-equiv=refresh]");
    assert_eq!(refresh.len(), 1, "{alias}: no refresh");
    let content = refresh[0].value().attr("content").unwrap();
    assert_eq!(content, format!("0; url={BASE}{target}"), "{alias}");
    let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(
        canonical.value().attr("href"),
        Some(format!("{BASE}{target}").as_str())
    );
}

#[test]
fn wordpress_posts_pages_and_authors_are_written() {
    let site = site();
    let r = import_wp(&site, None);
    assert_eq!(
        (r.counts.articles, r.counts.pages, r.counts.authors),
        (8, 3, 2),
        "{:?}",
        r.counts
    );
    assert_eq!(r.counts.drafts, 3);
    assert_eq!(r.not_imported.get("private posts"), Some(&1));
    assert_eq!(r.not_imported.get("trashed posts"), Some(&1));
    // The broken item is reported with its title and line, not dropped.
    assert_eq!(r.errors.len(), 1);
    assert!(
        r.errors[0].message.contains("Broken date") && r.errors[0].line == 277,
        "{}",
        r.errors[0]
    );

    let (h, body) = article(&site, "content/posts/after-istanbul.md");
    assert_eq!(title(&h), "After Istanbul: Why “Talks” Stalled & What Next");
    assert_eq!(h.date.as_ref().unwrap().value, "2019-03-04T10:20:00+05:00");
    assert_eq!(author_slugs(&h), ["anum-malik"]);
    assert_eq!(
        h.summary.as_deref(),
        Some("Why the *Istanbul* talks stalled.")
    );
    let tags: Vec<String> = h.tags.iter().map(|t| t.value.clone()).collect();
    assert_eq!(tags, ["Diplomacy", "Pakistan", "Trade & Transit"]);
    assert!(
        body.contains("[the earlier piece](/posts/classic-post/)"),
        "{body}"
    );
    assert!(body.contains("[our team](/about/team/)"), "{body}");

    let (h, _) = article(&site, "content/posts/pkhstn.md");
    assert_eq!(title(&h), "پاکستان اور افغانستان");
    assert_eq!(aliases(&h), ["/2019/05/پاکستان/"]);
    let (h, _) = article(&site, "content/posts/a-draft.md");
    assert_eq!(h.draft, Some(true));
    assert_eq!(
        article(&site, "content/posts/pending-review.md").0.draft,
        Some(true)
    );
    assert_eq!(
        article(&site, "content/posts/members-only.md").0.draft,
        Some(true)
    );
    let (h, _) = article(&site, "content/posts/coming-soon.md");
    assert_eq!(
        (h.date.unwrap().value.as_str(), h.scheduled),
        ("2031-01-01T09:00:00+05:00", Some(true))
    );
    assert!(!site.path("content/posts/private-notes.md").exists());
    assert!(!site.path("content/posts/deleted.md").exists());

    let about = page(&site, "content/about/index.md");
    assert_eq!(about["title"], "About");
    assert_eq!(about["weight"], 1);
    assert_eq!(page(&site, "content/about/team.md")["title"], "Our Team");
    assert_eq!(page(&site, "content/contact.md")["title"], "Contact");

    let text = std::fs::read_to_string(site.path("content/authors/daniyal-hassan.md")).unwrap();
    let split = frontmatter::split(Path::new("a.md"), &text).unwrap();
    let a: AuthorHeader = frontmatter::parse(Path::new("a.md"), &text, &split).unwrap();
    assert_eq!(a.name.as_deref(), Some("Daniyal Hassan"));
    assert_eq!(
        (a.given_name.as_deref(), a.family_name.as_deref()),
        (Some("Daniyal"), Some("Hassan"))
    );
}

#[test]
fn every_old_url_is_an_alias_of_the_right_item() {
    let site = site();
    import_wp(&site, None);
    for (file, old) in [
        (
            "content/posts/after-istanbul.md",
            "/2019/03/after-istanbul/",
        ),
        ("content/posts/classic-post.md", "/2019/04/classic-post/"),
        ("content/posts/members-only.md", "/2019/08/members-only/"),
        ("content/posts/coming-soon.md", "/2031/01/coming-soon/"),
    ] {
        assert_eq!(aliases(&article(&site, file).0), [old], "{file}");
    }
    // Pages keep their old address as their new one: no alias needed.
    assert!(
        page(&site, "content/about/team.md")
            .get("aliases")
            .is_none()
    );
}

#[test]
fn markdown_bodies_have_footnotes_tables_images_and_the_summary_marker() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let site = site();
    import_wp(&site, None);
    let (_, body) = article(&site, "content/posts/after-istanbul.md");
    let events: Vec<Event> =
        Parser::new_ext(&body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).collect();
    let has = |f: &dyn Fn(&Event) -> bool| events.iter().any(f);
    assert!(has(&|e| matches!(e, Event::Start(Tag::Table(_)))), "{body}");
    assert!(
        has(&|e| matches!(e, Event::FootnoteReference(n) if n.as_ref() == "1")),
        "{body}"
    );
    assert!(
        has(&|e| matches!(e, Event::Start(Tag::FootnoteDefinition(n)) if n.as_ref() == "1")),
        "{body}"
    );
    assert!(
        has(&|e| matches!(e, Event::Start(Tag::Image { .. }))),
        "{body}"
    );
    assert!(
        has(&|e| matches!(e, Event::Html(h) if h.contains("<!-- more -->"))),
        "{body}"
    );
    assert!(
        !body.contains("wp:"),
        "Gutenberg comments are dropped: {body}"
    );

    // A classic-editor post without <p>: paragraphs, a caption under its image.
    let (_, body) = article(&site, "content/posts/classic-post.md");
    let paragraphs = Parser::new(&body)
        .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
        .count();
    assert!(paragraphs >= 4, "{body}");
    assert!(body.contains("Trucks waiting at *Torkham*"), "{body}");
    assert!(
        body.contains("[the Istanbul piece](/posts/after-istanbul/)"),
        "{body}"
    );
}

#[test]
fn no_email_address_is_written_anywhere() {
    let site = site();
    let r = import_wp(&site, None);
    let mut texts: Vec<String> = written(&site)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    texts.push(r.to_markdown());
    for t in texts {
        for secret in [
            "anum.malik@",
            "d.hassan@",
            "@cds.example.org",
            "mail.example.com",
        ] {
            assert!(!t.contains(secret), "{secret} leaked into:\n{t}");
        }
    }
}

#[test]
fn a_second_import_writes_nothing_and_says_what_it_skipped() {
    let site = site();
    let first = import_wp(&site, None);
    let before = written(&site);
    let second = import_wp(&site, None);
    assert_eq!(written(&site), before, "a file changed");
    assert!(second.written.is_empty(), "{:?}", second.written);
    assert_eq!(second.counts.skipped, first.written.len());
    assert_eq!(
        (
            second.counts.articles,
            second.counts.pages,
            second.counts.authors
        ),
        (0, 0, 0)
    );
}

#[test]
fn the_report_lists_each_unconverted_construct_with_its_item() {
    let site = site();
    let r = import_wp(&site, None);
    let notes = |title: &str| -> Vec<(NoteKind, String)> {
        r.items
            .iter()
            .find(|i| i.title.starts_with(title))
            .unwrap_or_else(|| panic!("no item {title}"))
            .notes
            .iter()
            .map(|n| (n.kind, n.detail.clone()))
            .collect()
    };
    let has = |title: &str, kind: NoteKind, part: &str| {
        assert!(
            notes(title)
                .iter()
                .any(|(k, d)| *k == kind && d.contains(part)),
            "{title}: no {kind:?} with {part}: {:?}",
            notes(title)
        )
    };
    has(
        "A classic post",
        NoteKind::Shortcode,
        "[gallery ids=\"7,8,9\"]",
    );
    has(
        "After Istanbul",
        NoteKind::Embed,
        "youtube.com/watch?v=abc123",
    );
    has("After Istanbul", NoteKind::OldLink, "/category/diplomacy/");
    has(
        "After Istanbul",
        NoteKind::Upload,
        "wp-content/uploads/2019/03/torkham.jpg",
    );
    has("Plain permalink", NoteKind::Alias, "?p=13");
    has("Plain permalink", NoteKind::Embed, "vimeo.com/12345");
    has("Members only", NoteKind::Protected, "password");
    let md = r.to_markdown();
    assert!(
        md.contains("## To review, by item") && md.contains("[gallery ids=\"7,8,9\"]"),
        "{md}"
    );
}

#[test]
fn titles_with_every_punctuation_mark_round_trip() {
    let mut titles: Vec<String> = [
        "plain",
        " leading space",
        "trailing space ",
        "a: colon",
        "- dash item",
        "* star",
        "& amp",
        "! bang",
        "% percent",
        "@ at",
        "# hash",
        "`tick`",
        "\"double\" and 'single'",
        "back\\slash\\",
        "two\nlines",
        "tab\there",
        "{braces}",
        "[brackets]",
        "|pipe",
        ">greater",
        "? question",
        "yes",
        "null",
        "~",
        "123",
        "1.5",
        "0x1F",
        "2019-03-04",
        "…ellipsis “quotes” ‘single’",
        "\u{85}next line\u{2028}separator\u{feff}bom",
        "emoji 🚀",
        "control \u{1}\u{7f}",
        "---",
        "...",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    titles.push(
        (33u8..127)
            .filter(|b| !b.is_ascii_alphanumeric())
            .map(|b| b as char)
            .collect(),
    );
    for t in titles {
        let mut h = folio::import::yaml::Header::new();
        h.string("title", &t)
            .string("date", "2025-01-01")
            .list("tags", std::slice::from_ref(&t));
        let text = h.file("Body.");
        let split = frontmatter::split(Path::new("a.md"), &text).unwrap();
        let parsed: ArticleHeader = frontmatter::parse(Path::new("a.md"), &text, &split)
            .unwrap_or_else(|e| panic!("{t:?}: {}\n{text}", common::show(&e)));
        assert_eq!(title(&parsed), t, "{text}");
        assert_eq!(parsed.tags[0].value, t);
    }
}

#[test]
fn uploads_are_copied_beside_the_article_or_into_static() {
    let site = site();
    let uploads = site.tmp.path().join("uploads");
    std::fs::create_dir_all(uploads.join("2019/03")).unwrap();
    std::fs::write(uploads.join("2019/03/torkham.jpg"), b"big").unwrap();
    std::fs::write(uploads.join("2019/03/torkham-300x200.jpg"), b"small").unwrap();
    let r = import_wp(&site, Some(uploads));
    assert_eq!(r.counts.media, 2);
    // Used by one article: in its bundle, linked by name.
    let (_, body) = article(&site, "content/posts/classic-post/index.md");
    assert!(
        site.path("content/posts/classic-post/torkham-300x200.jpg")
            .is_file()
    );
    assert!(body.contains("](torkham-300x200.jpg)"), "{body}");
    // Used by two: in static/, at its old path.
    assert_eq!(
        std::fs::read(site.path("static/wp-content/uploads/2019/03/torkham.jpg")).unwrap(),
        b"big"
    );
    assert!(
        body.contains("](/wp-content/uploads/2019/03/torkham.jpg)"),
        "{body}"
    );
}

#[test]
fn progress_reaches_the_end_of_the_file() {
    let site = site();
    let mut seen: Vec<Progress> = Vec::new();
    import::import_wordpress(&wxr(), &ImportOptions::new(&site.root), &mut |p| {
        seen.push(p)
    })
    .unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.phase, "writing");
    assert!(last.done > 0 && last.done <= last.total);
    assert!(
        seen.windows(2)
            .all(|w| w[0].phase != w[1].phase || w[0].done <= w[1].done)
    );
}

#[test]
fn the_whole_imported_wordpress_site_builds_and_old_urls_redirect() {
    let site = site();
    import_wp(&site, None);
    let mut opts = site.options();
    opts.future = true;
    site.build_ok_with(&opts);
    // Pages, nested as in WordPress.
    assert!(site.exists("/about/") && site.exists("/about/team/") && site.exists("/contact/"));
    assert_redirect(&site, "/2019/03/after-istanbul/", "/posts/after-istanbul/");
    assert_redirect(&site, "/2019/04/classic-post/", "/posts/classic-post/");
    assert_redirect(&site, "/2019/05/پاکستان/", "/posts/pkhstn/");
    assert_redirect(&site, "/2031/01/coming-soon/", "/posts/coming-soon/");
}

#[test]
fn jekyll_posts_import_and_build_with_redirects() {
    let site = site();
    let r = import_jekyll(&site);
    assert_eq!(
        (r.counts.articles, r.counts.drafts, r.counts.authors),
        (3, 1, 3),
        "{:?}",
        r
    );
    let (h, body) = article(&site, "content/posts/hello-world.md");
    assert_eq!(title(&h), "Hello: World & Friends");
    assert_eq!(h.date.as_ref().unwrap().value, "2018-05-06");
    assert_eq!(author_slugs(&h), ["sara-khan"]);
    assert_eq!(aliases(&h), ["/news/2018/05/06/hello-world.html"]);
    assert!(
        body.contains("![A map of the region](https://blog.example.org/assets/map.png)"),
        "{body}"
    );
    assert!(
        body.contains("*The border at dawn*") && body.contains("```python"),
        "{body}"
    );
    assert!(body.contains("[next post](/posts/second-post/)"), "{body}");
    let (h, _) = article(&site, "content/posts/second-post.md");
    assert_eq!(author_slugs(&h), ["omar-farooq", "leila-ahmadi"]);
    assert_eq!(
        aliases(&h),
        ["/articles/second/", "/old/second.html", "/2018/second/"]
    );
    assert_eq!(
        article(&site, "content/posts/unfinished.md").0.draft,
        Some(true)
    );
    let text = std::fs::read_to_string(site.path("content/authors/sara-khan.md")).unwrap();
    assert!(text.contains("name: \"Sara Khan\""));

    let item = |t: &str| r.items.iter().find(|i| i.title.starts_with(t)).unwrap();
    let hello = item("Hello");
    assert!(
        hello
            .notes
            .iter()
            .any(|n| n.kind == NoteKind::DroppedKey && n.detail.contains("layout"))
    );
    assert!(
        hello
            .notes
            .iter()
            .any(|n| n.kind == NoteKind::Liquid && n.detail.contains("youtube"))
    );
    assert!(
        item("Second")
            .notes
            .iter()
            .any(|n| n.kind == NoteKind::Author && n.detail.contains("omar-farooq"))
    );

    site.build_ok();
    assert_redirect(
        &site,
        "/news/2018/05/06/hello-world.html",
        "/posts/hello-world/",
    );
    assert_redirect(&site, "/articles/second/", "/posts/second-post/");
    assert_redirect(&site, "/old/second.html", "/posts/second-post/");
}

#[test]
fn the_command_prints_a_summary_and_writes_the_report() {
    let site = site();
    let export = wxr();
    let run = site.folio(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--report",
        "import.md",
    ]);
    // One item of the export is broken: exit status 1, the rest imported.
    assert_eq!(run.code, Some(1), "{}", run.debug());
    assert!(
        run.stdout.contains("8 articles and 3 pages"),
        "{}",
        run.debug()
    );
    assert!(run.stderr.contains("wordpress.xml:277"), "{}", run.debug());
    assert!(
        !run.stderr.contains('\u{1b}'),
        "no progress bar when piped: {}",
        run.debug()
    );
    let report = std::fs::read_to_string(site.path("import.md")).unwrap();
    assert!(report.starts_with("# Import report"));
    let again = site.folio(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--report",
        "import.md",
    ]);
    assert_eq!(
        again.code,
        Some(2),
        "the report is never overwritten: {}",
        again.debug()
    );
    let again = site.folio(&["import", "wordpress", export.to_str().unwrap()]);
    assert!(again.stdout.contains("Skipped"), "{}", again.debug());
}
