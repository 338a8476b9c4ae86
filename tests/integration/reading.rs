//! Finding the next thing to read: the index of series and each series in
//! reading order, the neighbours of a part, related reading under an
//! article; and links in front-matter text, which are live only for safe
//! addresses (a `javascript:` link is shown as text).

use crate::common::{attr, fixture, one, sample_site, select, text, texts};

#[test]
fn the_series_index_lists_each_series_with_its_parts() {
    let site = sample_site();
    site.build_ok();
    let doc = site.page("/series/");
    assert_eq!(texts(&doc, "h1"), ["Series"]);
    let links: Vec<(String, Option<&str>)> = select(&doc, ".series-list .card-title a")
        .into_iter()
        .map(|a| (text(a), attr(a, "href")))
        .collect();
    assert_eq!(
        links,
        [(
            "Border economies".to_string(),
            Some("/series/border-economies/")
        )]
    );
    assert_eq!(texts(&doc, ".series-list .meta"), ["3 parts"]);
    // It is in the footer of every page, and in the sitemap.
    let home = site.page("/");
    assert!(select(&home, "footer a[href=\"/series/\"]").len() == 1);
    assert!(
        site.read("/sitemap.xml")
            .contains("https://cds.example.org/series/</loc>")
    );
}

#[test]
fn a_series_page_lists_its_parts_oldest_first_with_its_description() {
    let site = sample_site();
    site.build_ok();
    let doc = site.page("/series/border-economies/");
    assert_eq!(
        texts(&doc, ".series-parts .card-title"),
        [
            "Open Days, Closed Days: Six Months of Trade at Torkham",
            "Beyond the Customs Post: Informal Trade in Border Markets",
            "Counting the Cost of a Closed Day: A Simple Border Disruption Indicator",
        ]
    );
    assert_eq!(
        texts(&doc, ".series-parts .part-number"),
        ["Part 1 of 3", "Part 2 of 3", "Part 3 of 3"]
    );
    assert!(text(one(&doc, ".lede")).contains("A three-part CDS series"));
}

#[test]
fn each_part_links_its_neighbours() {
    let site = sample_site();
    site.build_ok();
    let doc = site.page("/analysis/border-markets-informal-trade/");
    assert_eq!(text(one(&doc, ".series-progress")), "Part 2 of 3");
    let prev = one(&doc, ".series-neighbours a[rel=prev]");
    assert_eq!(attr(prev, "href"), Some("/analysis/torkham-trade-flows/"));
    let next = one(&doc, ".series-neighbours a[rel=next]");
    assert_eq!(
        attr(next, "href"),
        Some("/analysis/measuring-border-closure-costs/")
    );
    let first = site.page("/analysis/torkham-trade-flows/");
    assert!(select(&first, ".series-neighbours a[rel=prev]").is_empty());
}

#[test]
fn related_reading_prefers_shared_tags_then_authors_then_the_section() {
    let site = fixture("cite");
    let article = |slug: &str, tags: &str, authors: &str, date: &str| {
        format!(
            "---\ntitle: \"{slug}\"\ndate: {date}\ntags: [{tags}]\nauthors: [{authors}]\n---\nBody.\n"
        )
    };
    site.write(
        "content/commentary/a.md",
        article("a", "water, trade, border", "kamran-yusufzai", "2025-01-10"),
    );
    site.write(
        "content/commentary/b.md",
        article("b", "water, trade", "sofia-lindqvist", "2025-01-01"),
    );
    site.write(
        "content/commentary/c.md",
        article("c", "water", "kamran-yusufzai", "2025-01-02"),
    );
    site.write(
        "content/commentary/d.md",
        article("d", "water", "sofia-lindqvist", "2025-01-03"),
    );
    site.write(
        "content/commentary/e.md",
        article("e", "other", "sofia-lindqvist", "2025-01-04"),
    );
    site.write(
        "content/commentary/f.md",
        "---\ntitle: \"f\"\ndate: 2025-01-05\ntags: [water, trade, border]\ndraft: true\n---\nBody.\n",
    );
    let opts = folio::BuildOptions {
        drafts: true,
        ..site.options()
    };
    site.build_ok_with(&opts);
    let related = |url: &str| texts(&site.page(url), ".related .card-title");
    // b shares two tags; c one tag and the author; d one tag; the draft f never.
    assert_eq!(related("/commentary/a/"), ["b", "c", "d"]);
    // e shares nothing but its authors' articles and its section.
    let e = related("/commentary/e/");
    assert_eq!(e[..2], ["d", "b"], "{e:?}");
    assert_eq!(e.len(), 3);
}

#[test]
fn a_javascript_link_in_a_disclaimer_is_shown_as_text() {
    let site = fixture("disclaimers");
    site.write(
        "content/commentary/linked.md",
        "---\ntitle: Linked\ndate: 2025-10-01\ndisclaimer: \"See [details](javascript:alert(3)) and [the policy](https://example.org/policy).\"\nauthor_note: \"[Me](JAVASCRIPT:alert(1))\"\nsummary: \"[Read](data:text/html,x) this.\"\n---\nText.\n",
    );
    site.build_ok();
    let doc = site.page("/commentary/linked/");
    let disclaimer = one(&doc, "aside.disclaimer");
    assert_eq!(text(disclaimer), "Disclaimer See details and the policy.");
    let hrefs: Vec<&str> = select(&doc, "a[href]")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert!(hrefs.contains(&"https://example.org/policy"));
    for h in &hrefs {
        let h = h.to_ascii_lowercase();
        assert!(
            !h.starts_with("javascript:") && !h.starts_with("data:"),
            "live link {h}"
        );
    }
    assert!(text(one(&doc, "aside.author-note")).contains("Me"));
}

#[test]
fn a_site_can_do_without_search() {
    let site = fixture("minimal");
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{config}\n[search]\nenabled = false\n"),
    );
    let report = site.build_ok();
    assert!(report.search_files.is_empty(), "no index is written");
    assert!(!site.exists("/search/"), "no search page");
    assert!(!site.public().join("pagefind").exists(), "no index folder");
    let home = site.page("/");
    assert!(
        select(&home, "form.site-search").is_empty(),
        "no search box in the header"
    );
    let data = one(&home, r#"script[type="application/ld+json"]"#).inner_html();
    let data: serde_json::Value = serde_json::from_str(&data).expect("JSON-LD parses");
    assert!(
        data.get("potentialAction").is_none(),
        "no SearchAction for a search the site does not have: {data}"
    );

    // Turned on again (the default), it all comes back.
    site.write("site.toml", config);
    let report = site.build_ok();
    assert!(!report.search_files.is_empty());
    assert!(site.exists("/search/"));
    assert_eq!(select(&site.page("/"), "form.site-search").len(), 1);
}

/// The pages pagefind says the index folder at `dir` holds.
fn pages_in_part(dir: &std::path::Path) -> u64 {
    let entry = std::fs::read_to_string(dir.join("pagefind-entry.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    entry["languages"]
        .as_object()
        .unwrap()
        .values()
        .map(|l| l["page_count"].as_u64().unwrap())
        .sum()
}

#[test]
fn a_large_index_is_built_in_parts_that_the_search_page_merges() {
    let site = fixture("minimal");
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", format!("{config}\n[search]\npart_size = 2\n"));
    for n in 1..=4 {
        site.write(
            &format!("content/commentary/piece-{n}.md"),
            format!("---\ntitle: Piece {n}\ndate: 2025-03-0{n}\n---\nBody {n}.\n"),
        );
    }
    site.write(
        "content/commentary/unfinished.md",
        "---\ntitle: Unfinished\ndate: 2025-03-09\ndraft: true\n---\nA draft.\n",
    );
    let report = site.build_ok();
    // Five published articles (hello and four pieces), the draft left
    // out: three parts of at most two records.
    let parts: Vec<String> =
        serde_json::from_str(&site.read("/pagefind/parts.json")).expect("parts.json is JSON");
    // Relative to the index folder, so that the list holds wherever the
    // site is published (under a sub-path too).
    assert_eq!(parts, ["part-2/", "part-3/"]);
    let root = site.public().join("pagefind");
    let counts: Vec<u64> = [root.clone(), root.join("part-2"), root.join("part-3")]
        .iter()
        .map(|d| pages_in_part(d))
        .collect();
    assert_eq!(counts.iter().sum::<u64>(), 5, "{counts:?}");
    assert!(counts.iter().all(|&c| c <= 2), "{counts:?}");
    assert!(
        report
            .search_files
            .contains(&"pagefind/parts.json".to_string())
            && report
                .search_files
                .iter()
                .any(|f| f.starts_with("pagefind/part-3/")),
        "the search step reports every part"
    );
    // An index in one part lists no other.
    site.write("site.toml", config);
    site.build_ok();
    assert_eq!(site.read("/pagefind/parts.json"), "[]");
    assert!(!root.join("part-2").exists());
}
