//! The URL scheme: the one place that knows where each kind of page and
//! file is published (`/commentary/x/`, `/commentary/page/2/`,
//! `/commentary/atom.xml`, `/tags/pakistan/`, `/ur/tags/pakistan/`,
//! `/404.html`, ...) and which file a URL is written to. Every other part
//! of folio asks here.
//!
//! Each edition of a site (one per language) has a root: `/` for the
//! default language, `/<code>/` for the others. An edition's pages are
//! below its root; the 404 page, sitemap and robots.txt are the site's.

/// The root of the default language's edition, and of the site.
pub const HOME: &str = "/";
/// The page a server shows for an address it does not have.
pub const NOT_FOUND: &str = "/404.html";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
const AUTHORS_DIR: &str = "authors/";
const TAGS_DIR: &str = "tags/";
const SERIES_DIR: &str = "series/";
const SEARCH_DIR: &str = "search/";
const SEARCH_INDEX_DIR: &str = "pagefind/";
const RSS_FILE: &str = "rss.xml";
/// The file a server sends for a folder's URL (`/a/` is `/a/index.html`).
pub const INDEX_FILE: &str = "index.html";
const CORRECTIONS_DIR: &str = "corrections/";

/// The path a site is published under, from its `base_url`: `""` for a
/// site at the root of its host (`https://cds.example.org`), `/research`
/// for `https://example.org/research/`. Every URL of the route table is
/// relative to it; [`published`] puts it in front.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/'),
        None => "",
    }
}

/// A URL of the route table (`/about/`) as the reader's browser asks for
/// it: under the site's base path (`/research/about/`). Addresses that are
/// not site-relative (`https://…`, `//host/…`, `#notes`, `x.pdf`) are
/// returned as they are.
pub fn published(base_path: &str, url: &str) -> String {
    if base_path.is_empty() || !is_site_relative(url) {
        return url.to_string();
    }
    format!("{base_path}{url}")
}

/// The absolute address of a URL of the route table: `base_url` (which
/// holds the base path, without a trailing slash) and the URL.
pub fn absolute(base_url: &str, url: &str) -> String {
    format!("{}{url}", base_url.trim_end_matches('/'))
}

/// An address as a reader elsewhere needs it (structured data, feeds): an
/// `http(s)` URL as it is, a site path (`/logo.png`) on `base_url`, a name
/// relative to the page at `page_url` (`chart.png`) below that page.
pub fn resolve(base_url: &str, target: &str, page_url: &str) -> String {
    if target.starts_with("https://") || target.starts_with("http://") {
        target.to_string()
    } else if target.starts_with('/') {
        absolute(base_url, target)
    } else {
        absolute(base_url, &format!("{page_url}{target}"))
    }
}

/// Whether `url` is a path from the site's root (`/x/`), not an address of
/// another host (`//host/x`) or one relative to the page.
pub fn is_site_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// The root of an edition: the site's for the default language, else
/// `/<code>/`.
pub fn edition_root(code: Option<&str>) -> String {
    match code {
        None => HOME.to_string(),
        Some(code) => format!("{HOME}{code}/"),
    }
}

/// The index of author profiles of the edition at `root`.
pub fn authors(root: &str) -> String {
    format!("{root}{AUTHORS_DIR}")
}

/// The index of tags of the edition at `root`.
pub fn tags(root: &str) -> String {
    format!("{root}{TAGS_DIR}")
}

/// The index of series of the edition at `root`.
pub fn series_index(root: &str) -> String {
    format!("{root}{SERIES_DIR}")
}

/// The RSS 2.0 twin of the Atom feed of the edition at `root`.
pub fn rss(root: &str) -> String {
    format!("{root}{RSS_FILE}")
}

/// The log of corrections of the edition at `root`; its Atom feed is
/// [`feed`] of it.
pub fn corrections(root: &str) -> String {
    format!("{root}{CORRECTIONS_DIR}")
}

/// An entry of an article's log of corrections, from 1 (oldest first).
pub fn correction(article_url: &str, number: usize) -> String {
    format!("{article_url}#correction-{number}")
}

/// The search page of the edition at `root` (`?q=word` opens it with that
/// search done).
pub fn search(root: &str) -> String {
    format!("{root}{SEARCH_DIR}")
}

/// The folder of the search index of the edition at `root`: pagefind's
/// files, written by the search step (their names are hashes of their
/// contents, known only once the index is built), so the route table keeps
/// the whole folder. Each language has its own index, stemmed its way.
pub fn search_index(root: &str) -> String {
    format!("{root}{SEARCH_INDEX_DIR}")
}

/// The folder of part `part` (from 0) of the search index at `root`: a
/// large archive's index is built in parts, the first in the index folder
/// itself, the others below it (`/pagefind/part-2/`).
pub fn search_index_part(root: &str, part: usize) -> String {
    match part {
        0 => search_index(root),
        n => format!("{}part-{}/", search_index(root), n + 1),
    }
}

/// The file in the index folder listing the folders of the other parts
/// (a JSON array, empty for an index in one part), for the search page to
/// merge.
pub fn search_index_parts(root: &str) -> String {
    format!("{}parts.json", search_index(root))
}

/// The file name of a list's Atom feed, beside its first page.
const FEED_FILE: &str = "atom.xml";
/// Where the second and later pages of a list live, below the list's URL.
const PAGES_DIR: &str = "page/";

/// A section's URL: its parent's URL and its slug (the content folder
/// itself is the edition's root).
pub fn section(root: &str, parent_url: Option<&str>, slug: &str) -> String {
    match parent_url {
        Some(parent) => format!("{parent}{slug}/"),
        None => root.to_string(),
    }
}

/// The URL of the content folder `dir` (`commentary`, `reports/2025`;
/// `""` for `content/` itself) in the edition at `root`: each folder is a
/// section inside its parent's.
pub fn folder(root: &str, dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .fold(root.to_string(), |parent, slug| {
            section(root, Some(&parent), slug)
        })
}

/// An article's URL, inside its section's.
pub fn article(section_url: &str, slug: &str) -> String {
    format!("{section_url}{slug}/")
}

/// A standalone page's URL, below its parent page's (the edition's root
/// for a top page).
pub fn page(parent_url: &str, slug: &str) -> String {
    format!("{parent_url}{slug}/")
}

pub fn author(root: &str, slug: &str) -> String {
    format!("{}{slug}/", authors(root))
}

pub fn tag(root: &str, slug: &str) -> String {
    format!("{}{slug}/", tags(root))
}

pub fn series(root: &str, slug: &str) -> String {
    format!("{}{slug}/", series_index(root))
}

/// Page `n` (from 1) of a list published at `list_url`.
pub fn list_page(list_url: &str, n: usize) -> String {
    if n <= 1 {
        list_url.to_string()
    } else {
        format!("{list_url}{PAGES_DIR}{n}/")
    }
}

/// How many pages a list of `members` takes at `per_page` a page (at least
/// one: an empty list still has its first page).
pub fn page_count(members: usize, per_page: usize) -> usize {
    members.div_ceil(per_page.max(1)).max(1)
}

/// The folder under which a list's later pages live; nothing else may be
/// published there (a list can grow into it).
pub fn list_pages_prefix(list_url: &str) -> String {
    format!("{list_url}{PAGES_DIR}")
}

/// The Atom feed of the list at `list_url` (the home page's is the site's).
pub fn feed(list_url: &str) -> String {
    format!("{list_url}{FEED_FILE}")
}

/// The reference files beside an article page, by extension: `cite.bib`
/// (BibTeX), `cite.ris` (RIS) and `cite.json` (CSL-JSON).
pub fn cite_file(article_url: &str, extension: &str) -> String {
    format!("{article_url}cite.{extension}")
}

/// The URL of a file copied from a content folder published at `folder_url`
/// (a section's, or an article bundle's), `below` it.
pub fn file_below(folder_url: &str, below: &str) -> String {
    format!("{folder_url}{}", below.trim_start_matches('/'))
}

/// The URL of a file of `static/` or of the theme, from its path there.
pub fn static_file(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

/// The file a URL is written to, relative to the output folder: `/a/b/` ->
/// `a/b/index.html`; a URL that names a file (`/404.html`) is that file.
pub fn file_of(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}{INDEX_FILE}")
    } else {
        path.to_string()
    }
}

/// The URL a file of the output answers to: `a/b/index.html` -> `/a/b/`.
pub fn url_of(file: &str) -> String {
    match file.strip_suffix(INDEX_FILE) {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{file}"),
    }
}

/// The folder, relative to the output, that a folder's URL is written
/// below: `/ur/pagefind/` -> `ur/pagefind/`, `/` -> `""`.
pub fn folder_of(url: &str) -> String {
    let file = file_of(url);
    file.strip_suffix(INDEX_FILE).unwrap_or(&file).to_string()
}

/// Every URL of the site as a server answers it: `/a/b` and
/// `/a/b/index.html` are the page `/a/b/`.
pub fn variants(url: &str) -> impl Iterator<Item = String> + '_ {
    let dir = (!url.ends_with('/')).then(|| format!("{url}/"));
    let index = url
        .strip_suffix(INDEX_FILE)
        .filter(|d| d.ends_with('/'))
        .map(str::to_string);
    std::iter::once(url.to_string()).chain(dir).chain(index)
}

/// The address of the PDF folio typesets of the article at `article_url`
/// with slug `slug`: beside the page, named after the slug
/// (`/reports/x/x.pdf`).
pub fn pdf(article_url: &str, slug: &str) -> String {
    format!("{article_url}{slug}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_files() {
        assert_eq!(file_of("/"), "index.html");
        assert_eq!(file_of("/commentary/x/"), "commentary/x/index.html");
        assert_eq!(file_of(NOT_FOUND), "404.html");
        assert_eq!(url_of("commentary/x/index.html"), "/commentary/x/");
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("atom.xml"), "/atom.xml");
        assert_eq!(pdf("/reports/x/", "x"), "/reports/x/x.pdf");
        assert_eq!(list_page("/commentary/", 1), "/commentary/");
        assert_eq!(list_page("/commentary/", 3), "/commentary/page/3/");
        assert_eq!(feed(HOME), "/atom.xml");
        assert_eq!(feed("/commentary/"), "/commentary/atom.xml");
        assert_eq!(feed(&author(HOME, "a")), "/authors/a/atom.xml");
        assert_eq!(search_index("/ur/"), "/ur/pagefind/");
        assert_eq!(search_index_part("/ur/", 0), "/ur/pagefind/");
        assert_eq!(search_index_part("/", 1), "/pagefind/part-2/");
        assert_eq!(search_index_parts("/"), "/pagefind/parts.json");
        assert_eq!(rss(HOME), "/rss.xml");
        assert_eq!(cite_file("/c/x/", "bib"), "/c/x/cite.bib");
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(21, 10), 3);
        assert_eq!(tag(HOME, "pakistan"), "/tags/pakistan/");
        assert_eq!(
            tag(&edition_root(Some("ur")), "pakistan"),
            "/ur/tags/pakistan/"
        );
        assert_eq!(section("/ur/", None, ""), "/ur/");
        assert_eq!(folder(HOME, ""), "/");
        assert_eq!(folder(HOME, "reports/2025"), "/reports/2025/");
        assert_eq!(
            article(&folder("/ur/", "commentary"), "x"),
            "/ur/commentary/x/"
        );
        assert_eq!(folder_of("/ur/pagefind/"), "ur/pagefind/");
        assert_eq!(folder_of(HOME), "");
    }

    #[test]
    fn a_site_under_a_path() {
        assert_eq!(base_path("https://cds.example.org"), "");
        assert_eq!(base_path("https://cds.example.org/"), "");
        assert_eq!(base_path("https://example.org/research/"), "/research");
        assert_eq!(base_path("http://127.0.0.1:8080/sub/path"), "/sub/path");
        assert_eq!(published("", "/about/"), "/about/");
        assert_eq!(published("/research", "/about/"), "/research/about/");
        assert_eq!(published("/research", "/"), "/research/");
        for kept in [
            "https://x.org/a/",
            "//cdn.example/x.js",
            "#notes",
            "x.pdf",
            "",
        ] {
            assert_eq!(published("/research", kept), kept);
        }
        assert_eq!(
            absolute("https://example.org/research", "/about/"),
            "https://example.org/research/about/"
        );
    }

    #[test]
    fn server_variants_of_a_url() {
        let v: Vec<String> = variants("/a/b").collect();
        assert_eq!(v, ["/a/b", "/a/b/"]);
        let v: Vec<String> = variants("/a/b/index.html").collect();
        assert_eq!(v, ["/a/b/index.html", "/a/b/index.html/", "/a/b/"]);
    }
}
