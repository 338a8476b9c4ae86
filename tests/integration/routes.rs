//! The route table is the site: every file a build writes is a route, every
//! route is written, and the pages it lists are the pages the sitemap and
//! the link check know. The one exception is the search index: its files
//! are named by pagefind after their contents, so the route table keeps
//! their folder (`/pagefind/`) and the search step reports what it wrote.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{fixture, sample_site};
use folio::pipeline::{Pipeline, Settings};
use folio::routes::{RouteKind, RouteTable};

/// The route tables of every edition (one per language), the default first.
fn editions_of(root: &Path) -> Vec<RouteTable> {
    let mut p = Pipeline::new(
        root,
        Settings {
            drafts: false,
            future: false,
            base_url: None,
            now: Some(common::now()),
            keep: false,
            progress: None,
        },
    );
    p.check()
        .editions
        .into_iter()
        .map(|e| std::sync::Arc::unwrap_or_clone(e.routes))
        .collect()
}

fn routes_of(root: &Path) -> RouteTable {
    editions_of(root).swap_remove(0)
}

fn written(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != folio::output::MARKER)
        .collect()
}

#[test]
fn the_sample_site_writes_exactly_its_routes() {
    let site = sample_site();
    let report = site.build_ok();
    let mut files = written(&report.output);
    assert!(
        !report.search_files.is_empty(),
        "the search step wrote nothing"
    );
    for f in &report.search_files {
        assert!(
            f.starts_with("pagefind/") || f.starts_with("ur/pagefind/"),
            "{f} is outside the search folders"
        );
        assert!(files.remove(f), "{f} was reported but not written");
    }
    assert!(
        report
            .search_files
            .iter()
            .any(|f| f.starts_with("ur/pagefind/")),
        "the Urdu edition has its own search index"
    );
    let editions = editions_of(&site.root);
    assert!(editions.len() > 1, "the sample has an Urdu edition");
    let routes: BTreeSet<String> = editions
        .iter()
        .flat_map(|t| t.files())
        .map(str::to_string)
        .collect();
    let only_written: Vec<_> = files.difference(&routes).collect();
    let only_listed: Vec<_> = routes.difference(&files).collect();
    assert!(
        only_written.is_empty() && only_listed.is_empty(),
        "written but not routed: {only_written:?}\nrouted but not written: {only_listed:?}"
    );
    // The sample has every kind of route there is today.
    let table = routes_of(&site.root);
    let has = |f: &dyn Fn(&RouteKind) -> bool| table.routes().iter().any(|r| f(&r.kind));
    assert!(has(&|k| matches!(k, RouteKind::Article(_))));
    assert!(has(&|k| matches!(k, RouteKind::Series(_))));
    assert!(has(&|k| matches!(k, RouteKind::Asset(_))));
    assert!(has(&|k| matches!(k, RouteKind::ThemeFile(_))));
    assert!(has(&|k| matches!(k, RouteKind::Feed(_))));
    assert!(has(&|k| matches!(k, RouteKind::Cite(..))));
    assert!(has(&|k| matches!(k, RouteKind::SeriesIndex)));
    assert!(has(&|k| matches!(k, RouteKind::Search)));
}

#[test]
fn a_section_cannot_take_the_search_index_folder() {
    let site = common::fixture("minimal");
    site.write(
        "content/pagefind/hello.md",
        "---\ntitle: Hello\ndate: 2025-01-01\n---\nText.\n",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("/pagefind/") && e.message.contains("written twice")),
        "{}",
        common::show(&errors)
    );
}

#[test]
fn the_sitemap_lists_only_pages_that_exist() {
    // A draft's only tag must not leave a sitemap entry for a tag page
    // that the build does not write.
    let site = sample_site();
    let report = site.build_ok();
    let sitemap = std::fs::read_to_string(report.output.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let base = "https://cds.example.org";
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() > 20, "{locs:?}");
    for loc in locs {
        let url = loc.strip_prefix(base).expect("absolute, on the site");
        let file = folio::scheme::file_of(url);
        assert!(
            report.output.join(&file).is_file(),
            "{loc} is in the sitemap but {file} was not written"
        );
    }
}

#[test]
fn paginated_lists_have_a_route_per_page() {
    let site = fixture("pages");
    let report = site.build_ok();
    let table = routes_of(&site.root);
    let pages: Vec<&str> = table
        .routes()
        .iter()
        .filter(|r| matches!(r.kind, RouteKind::Section { page, .. } if page > 1))
        .map(|r| r.url.as_str())
        .collect();
    assert!(!pages.is_empty(), "the fixture paginates a section");
    for url in pages {
        assert!(url.contains("/page/"), "{url}");
        assert!(report.output.join(folio::scheme::file_of(url)).is_file());
    }
}
