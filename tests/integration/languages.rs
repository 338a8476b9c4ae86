//! A site in two languages (tests/fixtures/bilingual: English at the root,
//! an Urdu edition under /ur/): translations find each other both ways,
//! each language has its own lists and feeds, the sitemap carries the
//! alternates, Urdu pages are right to left and in Urdu throughout, and
//! bad translations are errors at their file.

use std::collections::BTreeMap;

use crate::common::*;

const BASE: &str = "https://test.example.org";

fn built() -> TestSite {
    let site = fixture("bilingual");
    site.build_ok();
    site
}

/// `hreflang` -> absolute URL of the page's alternates.
fn alternates(site: &TestSite, url: &str) -> BTreeMap<String, String> {
    let doc = site.page(url);
    select(&doc, r#"link[rel="alternate"][hreflang]"#)
        .into_iter()
        .map(|l| {
            (
                attr(l, "hreflang").unwrap().to_string(),
                attr(l, "href").unwrap().to_string(),
            )
        })
        .collect()
}

/// The language switcher: (language, target, is this page).
fn switcher(site: &TestSite, url: &str) -> Vec<(String, String, bool)> {
    let doc = site.page(url);
    select(&doc, "nav.language-switcher a")
        .into_iter()
        .map(|a| {
            (
                attr(a, "hreflang").unwrap().to_string(),
                attr(a, "href").unwrap().to_string(),
                attr(a, "aria-current").is_some(),
            )
        })
        .collect()
}

fn hrefs(site: &TestSite, url: &str, css: &str) -> Vec<String> {
    let doc = site.page(url);
    select(&doc, css)
        .into_iter()
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .collect()
}

#[test]
fn a_translation_and_its_original_point_at_each_other() {
    let site = built();
    let both = BTreeMap::from([
        ("en".to_string(), format!("{BASE}/analysis/trade/")),
        ("ur".to_string(), format!("{BASE}/ur/analysis/trade/")),
        ("x-default".to_string(), format!("{BASE}/analysis/trade/")),
    ]);
    assert_eq!(alternates(&site, "/analysis/trade/"), both);
    assert_eq!(alternates(&site, "/ur/analysis/trade/"), both);
    // Homes, sections and author pages are translations of each other too.
    assert_eq!(alternates(&site, "/ur/")["en"], format!("{BASE}/"));
    assert_eq!(
        alternates(&site, "/analysis/")["ur"],
        format!("{BASE}/ur/analysis/")
    );
    assert_eq!(
        alternates(&site, "/authors/alice-ahmed/")["ur"],
        format!("{BASE}/ur/authors/alice-ahmed/")
    );
}

#[test]
fn a_piece_in_one_language_has_no_alternates_and_the_switcher_goes_home() {
    let site = built();
    assert!(alternates(&site, "/analysis/water/").is_empty());
    assert!(alternates(&site, "/ur/analysis/markets/").is_empty());
    assert_eq!(
        switcher(&site, "/analysis/water/"),
        [
            ("en".into(), "/analysis/water/".into(), true),
            ("ur".into(), "/ur/".into(), false),
        ]
    );
    assert_eq!(
        switcher(&site, "/ur/analysis/markets/"),
        [
            ("en".into(), "/".into(), false),
            ("ur".into(), "/ur/analysis/markets/".into(), true),
        ]
    );
    assert_eq!(
        switcher(&site, "/ur/analysis/trade/"),
        [
            ("en".into(), "/analysis/trade/".into(), false),
            ("ur".into(), "/ur/analysis/trade/".into(), true),
        ]
    );
}

#[test]
fn each_language_lists_only_its_own_pieces() {
    let site = built();
    let cards = |url: &str| hrefs(&site, url, ".card-title a");
    assert_eq!(
        cards("/ur/analysis/"),
        ["/ur/analysis/markets/", "/ur/analysis/trade/"]
    );
    assert_eq!(
        cards("/analysis/"),
        ["/analysis/trade/", "/analysis/water/"]
    );
    assert!(cards("/").iter().all(|u| !u.starts_with("/ur/")));
    assert!(cards("/ur/").iter().all(|u| u.starts_with("/ur/")));
    // An author's page in Urdu lists the Urdu pieces, in the Urdu byline.
    assert_eq!(cards("/ur/authors/bob-baker/"), ["/ur/analysis/markets/"]);
    // A section with nothing in Urdu has no Urdu page.
    assert!(!site.exists("/ur/notes/"));
    // The Urdu tag page lists the Urdu piece only.
    let tags = hrefs(&site, "/ur/analysis/trade/", "ul.tags a");
    assert_eq!(tags.len(), 1);
    assert!(tags[0].starts_with("/ur/tags/"), "{tags:?}");
    assert_eq!(cards(&tags[0]), ["/ur/analysis/trade/"]);
}

#[test]
fn each_language_has_its_own_feed() {
    let site = built();
    for (feed, lang, prefix_ur) in [("/ur/atom.xml", "ur", true), ("/atom.xml", "en", false)] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        assert_eq!(
            root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        let entries: Vec<&str> = root
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| e.children().find(|n| n.has_tag_name("id")))
            .filter_map(|id| id.text())
            .collect();
        assert!(!entries.is_empty(), "{feed}");
        for e in entries {
            assert_eq!(
                e.starts_with(&format!("{BASE}/ur/")),
                prefix_ur,
                "{feed}: {e}"
            );
        }
    }
}

#[test]
fn the_sitemap_lists_every_language_with_its_alternates() {
    let site = built();
    let text = site.read("/sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut by_loc: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((sm, "url")))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((sm, "loc")))
            .and_then(|n| n.text())
            .unwrap()
            .to_string();
        let alts = url
            .children()
            .filter(|n| n.has_tag_name((xhtml, "link")))
            .map(|l| {
                assert_eq!(l.attribute("rel"), Some("alternate"));
                (
                    l.attribute("hreflang").unwrap().to_string(),
                    l.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        by_loc.insert(loc, alts);
    }
    let en = format!("{BASE}/analysis/trade/");
    let ur = format!("{BASE}/ur/analysis/trade/");
    for loc in [&en, &ur] {
        let alts = &by_loc[loc];
        assert_eq!(alts["en"], en);
        assert_eq!(alts["ur"], ur);
        assert_eq!(alts["x-default"], en);
    }
    assert!(by_loc[&format!("{BASE}/ur/analysis/markets/")].is_empty());
    assert!(by_loc.contains_key(&format!("{BASE}/ur/")));
    // One sitemap and one robots.txt for the site.
    assert!(!site.exists("/ur/sitemap.xml") && !site.exists("/ur/robots.txt"));
}

#[test]
fn urdu_pages_are_right_to_left_and_an_urdu_article_in_english_too() {
    let site = built();
    for url in ["/ur/", "/ur/analysis/trade/", "/ur/authors/", "/ur/tags/"] {
        let doc = site.page(url);
        let html = one(&doc, "html");
        assert_eq!(attr(html, "lang"), Some("ur"), "{url}");
        assert_eq!(attr(html, "dir"), Some("rtl"), "{url}");
    }
    let doc = site.page("/analysis/trade/");
    assert_eq!(attr(one(&doc, "html"), "dir"), Some("ltr"));
    // An article that says `lang: ur` in an English site.
    let doc = site.page("/notes/field-note/");
    assert_eq!(attr(one(&doc, "html"), "lang"), Some("en"));
    let article = one(&doc, "article.article");
    assert_eq!(attr(article, "lang"), Some("ur"));
    assert_eq!(attr(article, "dir"), Some("rtl"));
}

#[test]
fn an_urdu_page_shows_no_word_of_the_english_theme() {
    let site = built();
    let table: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut words: Vec<String> = Vec::new();
    for v in table.values() {
        match v {
            toml::Value::String(s) => words.push(s.trim().to_string()),
            toml::Value::Array(a) => {
                words.extend(a.iter().filter_map(|m| m.as_str()).map(str::to_string))
            }
            _ => {}
        }
    }
    words.retain(|w| w.chars().any(char::is_alphabetic));
    for url in [
        "/ur/",
        "/ur/analysis/",
        "/ur/analysis/trade/",
        "/ur/authors/alice-ahmed/",
    ] {
        let doc = site.page(url);
        // The visible text, without what is marked as another language
        // (the switcher's "English") and the name of the tool.
        let mut shown = String::new();
        for node in one(&doc, "body").descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            let foreign = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.attr("lang").is_some_and(|l| l != "ur") || e.name() == "script"
                })
            });
            if !foreign {
                shown.push_str(t);
                shown.push(' ');
            }
        }
        let shown = shown.replace("folio", "");
        let latin: Vec<&str> = shown
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1)
            .collect();
        for w in &words {
            assert!(
                !w.split_whitespace()
                    .all(|part| latin.contains(&part.trim_matches(|c: char| !c.is_alphabetic()))),
                "{url} shows the English theme word {w:?}: {shown}"
            );
        }
    }
}

#[test]
fn the_byline_and_author_note_are_in_the_pages_language() {
    let site = built();
    let doc = site.page("/ur/analysis/trade/");
    assert_eq!(texts(&doc, "article p.byline a.author"), ["ایلس احمد"]);
    let note = text(one(&doc, ".author-note"));
    assert!(note.contains("ایلس احمد ٹیسٹ ادارے کی فیلو ہیں"), "{note}");
    let disclaimer = text(one(&doc, ".disclaimer"));
    assert!(disclaimer.contains("آرا مصنف کی اپنی ہیں"), "{disclaimer}");
    // No Urdu profile: the default one.
    let doc = site.page("/ur/analysis/markets/");
    assert_eq!(texts(&doc, "article p.byline a.author"), ["Bob Baker"]);
    let doc = site.page("/analysis/trade/");
    assert_eq!(texts(&doc, "article p.byline a.author"), ["Alice Ahmed"]);
}

#[test]
fn links_between_languages_are_checked_and_resolved() {
    let site = built();
    // `[..](trade.md)` in the Urdu piece leads to the English original.
    let links = hrefs(&site, "/ur/analysis/trade/", "article a");
    assert!(links.contains(&"/analysis/trade/".to_string()), "{links:?}");
    // A link to a page that is in neither edition is broken.
    site.write(
        "content/analysis/markets.ur.md",
        "---\ntitle: \"منڈیاں\"\ndate: 2025-11-03\nauthors: [bob-baker]\nsummary: \"خلاصہ\"\n---\n\n[کہیں نہیں](/analysis/nowhere/)\n",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|d| d.code == Some("broken-link")
                && d.file.ends_with("content/analysis/markets.ur.md")),
        "{}",
        show(&errors)
    );
}

#[test]
fn a_file_in_a_language_the_site_does_not_have_is_an_error_at_its_file() {
    let site = fixture("bilingual");
    site.write(
        "content/analysis/trade.fr.md",
        "---\ntitle: \"Le commerce\"\ndate: 2025-11-01\n---\n\nTexte.\n",
    );
    let errors = site.build_err();
    let e = errors
        .iter()
        .find(|d| d.file.ends_with("content/analysis/trade.fr.md"))
        .unwrap_or_else(|| panic!("{}", show(&errors)));
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains("`fr`"), "{}", e.message);
    assert!(
        e.help.as_deref().unwrap_or("").contains("[languages.fr]"),
        "{:?}",
        e.help
    );
}

#[test]
fn two_files_claiming_one_translation_are_an_error_naming_both() {
    let site = fixture("bilingual");
    // `trade/index.ur.md` is the same Urdu page as `trade.ur.md`.
    site.write(
        "content/analysis/trade/index.ur.md",
        "---\ntitle: \"دوسری\"\ndate: 2025-11-02\nauthors: [alice-ahmed]\nsummary: \"خلاصہ\"\n---\n\nمتن۔\n",
    );
    let errors = site.build_err();
    let all = show(&errors);
    assert!(
        errors
            .iter()
            .any(|d| d.file.ends_with("content/analysis/trade.ur.md")
                || d.file.ends_with("content/analysis/trade/index.ur.md")),
        "{all}"
    );
    assert!(
        all.contains("trade.ur.md") && all.contains("index.ur.md"),
        "{all}"
    );
    assert!(errors.iter().all(|d| d.line >= 1), "{all}");
}

#[test]
fn a_bad_language_table_is_an_error_at_its_line_in_site_toml() {
    let site = fixture("bilingual");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace("[languages.ur]", "[languages.UR]"),
    );
    let errors = site.build_err();
    let e = errors
        .iter()
        .find(|d| d.file.ends_with("site.toml"))
        .unwrap_or_else(|| panic!("{}", show(&errors)));
    let line = toml.lines().position(|l| l == "[languages.ur]").unwrap() + 1;
    assert_eq!(e.line, line, "{}", show(&errors));
    assert!(e.message.contains("`UR`"), "{}", e.message);
}

/// The `lang` of the element `css` on `url`, for each match.
fn langs(site: &TestSite, url: &str, css: &str) -> Vec<(String, Option<String>)> {
    let doc = site.page(url);
    select(&doc, css)
        .into_iter()
        .map(|e| (text(e), attr(e, "lang").map(str::to_string)))
        .collect()
}

/// The bilingual fixture with an Urdu piece in `notes/`, a section that
/// has no Urdu `_index.ur.md`.
fn with_untranslated_section() -> TestSite {
    let site = fixture("bilingual");
    site.write(
        "content/notes/urdu-note.ur.md",
        "---\ntitle: \"ایک نوٹ\"\ndate: 2025-11-04\nauthors: [bob-baker]\nsummary: \"مختصر۔\"\n---\n\nمتن۔\n",
    );
    site
}

#[test]
fn text_an_edition_lacks_is_marked_as_the_default_language() {
    let site = with_untranslated_section();
    site.build_ok();
    let en = Some("en".to_string());
    // Bob Baker has no Urdu profile: his name, note and page are English.
    assert_eq!(
        langs(
            &site,
            "/ur/analysis/markets/",
            "article p.byline a.author bdi"
        ),
        [("Bob Baker".to_string(), en.clone())]
    );
    let note = langs(&site, "/ur/analysis/markets/", ".author-note > div");
    assert_eq!(note.len(), 1, "{note:?}");
    assert_eq!(note[0].1, en);
    assert!(note[0].0.contains("visiting fellow"), "{note:?}");
    assert_eq!(
        langs(&site, "/ur/authors/bob-baker/", "h1"),
        [("Bob Baker".to_string(), en.clone())]
    );
    let doc = site.page("/ur/authors/bob-baker/");
    assert_eq!(attr(one(&doc, "h1"), "dir"), Some("auto"));
    // The section without `_index.ur.md`: its English title, marked, in
    // the navigation, on its page and above its articles.
    let nav = langs(&site, "/ur/", "nav.site-nav a");
    assert!(nav.contains(&("Notes".to_string(), en.clone())), "{nav:?}");
    assert_eq!(
        langs(&site, "/ur/notes/", "h1"),
        [("Notes".to_string(), en.clone())]
    );
    assert_eq!(
        langs(&site, "/ur/notes/urdu-note/", ".article-header .kicker a"),
        [("Notes".to_string(), en.clone())]
    );
    // What is translated carries no mark: Alice's Urdu profile, the Urdu
    // section title, and every English page.
    let alice = langs(
        &site,
        "/ur/analysis/trade/",
        "article p.byline a.author bdi",
    );
    assert_eq!(alice, [("ایلس احمد".to_string(), None)]);
    assert!(
        langs(&site, "/ur/", "nav.site-nav a")
            .iter()
            .any(|(t, l)| t != "Notes" && l.is_none()),
    );
    for url in ["/", "/analysis/markets/", "/notes/", "/authors/bob-baker/"] {
        if !site.exists(url) {
            continue;
        }
        let doc = site.page(url);
        assert_eq!(
            count(&doc, "[lang][dir=\"auto\"]"),
            0,
            "{url} marks a language"
        );
    }
}

#[test]
fn check_names_each_file_an_edition_shows_untranslated_once() {
    let site = with_untranslated_section();
    let run = site.folio(&["check", "--format", "json"]);
    let found: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.debug()));
    let mut files: Vec<(String, u64)> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "untranslated-text")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ("content/authors/bob-baker.md".to_string(), 2),
            ("content/notes/_index.md".to_string(), 0),
        ],
        "{found:#}"
    );
    let bob = found
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "content/authors/bob-baker.md")
        .unwrap();
    assert!(
        bob["message"].as_str().unwrap().contains("bob-baker.ur.md"),
        "{bob:#}"
    );
    assert_eq!(run.code, Some(0), "{}", run.debug());
}

#[test]
fn a_missing_theme_word_is_a_check_warning_naming_the_table_and_key() {
    let site = fixture("bilingual");
    // A theme of the site's own that adds a word, and translates it only
    // into English.
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("theme = \"mine\"\n{toml}"));
    site.write(
        "themes/mine/i18n/en.toml",
        "donate = \"Support our work\"\n",
    );
    site.write("themes/mine/i18n/ur.toml", "# nothing translated yet\n");
    let run = site.folio(&["check", "--format", "json"]);
    let found: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.debug()));
    let words: Vec<&serde_json::Value> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "untranslated-word")
        .collect();
    assert_eq!(words.len(), 1, "{found:#}");
    assert_eq!(words[0]["file"], "themes/mine/i18n/ur.toml");
    assert!(
        words[0]["message"].as_str().unwrap().contains("`donate`"),
        "{found:#}"
    );
    // A warning, not an error: the check passes.
    assert_eq!(run.code, Some(0), "{}", run.debug());
}

#[test]
fn dates_without_a_time_are_midnight_in_the_sites_time_zone() {
    // 2025-12-01 starts at 2025-11-30T19:00Z in Karachi: with "now" at
    // 2025-11-30T20:00Z, a piece dated 2025-12-01 is out in Karachi, and
    // still scheduled in UTC.
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 11, 30, 20, 0, 0).unwrap();
    let piece = "---\ntitle: \"Today\"\ndate: 2025-12-01\nauthors: [bob-baker]\nsummary: \"Now.\"\n---\n\nText.\n";
    let site = fixture("bilingual");
    site.write("content/analysis/today.md", piece);
    let report = site.build_ok_with(&folio::BuildOptions {
        now: at,
        ..site.options()
    });
    assert!(report.scheduled.is_empty(), "{:?}", report.scheduled);
    assert!(site.exists("/analysis/today/"));
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace("timezone = \"Asia/Karachi\"\n", ""),
    );
    let report = site.build_ok_with(&folio::BuildOptions {
        now: at,
        ..site.options()
    });
    assert_eq!(report.scheduled.len(), 1, "{:?}", report.scheduled);
}

#[test]
fn each_language_is_cited_searched_and_followed_in_its_own_language() {
    let site = built();
    let doc = site.page("/ur/analysis/trade/");
    // Structured data and Scholar's tags say the piece is in Urdu.
    let script = one(&doc, r#"script[type="application/ld+json"]"#);
    let data: serde_json::Value =
        serde_json::from_str(&script.inner_html()).expect("JSON-LD parses");
    assert_eq!(data["inLanguage"], "ur");
    let lang = one(&doc, r#"meta[name="citation_language"]"#);
    assert_eq!(attr(lang, "content"), Some("ur"));
    // The reference files carry the language too.
    let csl: serde_json::Value =
        serde_json::from_str(&site.read("/ur/analysis/trade/cite.json")).expect("CSL-JSON");
    assert_eq!(csl[0]["language"], "ur", "{csl}");
    let english = site.page("/analysis/trade/");
    let script = one(&english, r#"script[type="application/ld+json"]"#);
    let data: serde_json::Value = serde_json::from_str(&script.inner_html()).unwrap();
    assert_eq!(data["inLanguage"], "en");

    // Each edition searches its own articles, from its own index.
    let form = one(&doc, "form.site-search");
    assert_eq!(attr(form, "action"), Some("/ur/search/"));
    let search = site.page("/ur/search/");
    let index = select(&search, "[data-index]")
        .into_iter()
        .find_map(|e| attr(e, "data-index"))
        .expect("the search page names its index");
    assert_eq!(index, "/ur/pagefind/");
    assert!(site.exists("/ur/pagefind/pagefind.js"));
    assert!(site.exists("/pagefind/pagefind.js"));
    let home = site.page("/ur/");
    let script = one(&home, r#"script[type="application/ld+json"]"#);
    let data: serde_json::Value = serde_json::from_str(&script.inner_html()).unwrap();
    assert_eq!(data["url"], format!("{BASE}/ur/"));
    assert_eq!(
        data["potentialAction"]["target"],
        format!("{BASE}/ur/search/?q={{search_term_string}}")
    );

    // Feeds, the series index and RSS exist per edition.
    assert!(site.exists("/ur/rss.xml"));
    let rss = site.read("/ur/rss.xml");
    assert!(rss.contains("سرحد پار تجارت"), "{rss}");
    assert!(
        !rss.contains("Sharing the river"),
        "the Urdu feed lists only Urdu pieces"
    );
}
