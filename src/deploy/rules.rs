//! What each file of the site is sent with: its `Content-Type` (the same
//! rule as the preview server's), its `Cache-Control`, whether it is
//! compressed, and in which wave it goes up.
//!
//! Caching follows what can change under a name. A file whose name is a
//! hash of its bytes (the search index's fragments, index chunks, filters
//! and metadata) never changes, so a browser or CDN may keep it a year.
//! Pages, feeds, the sitemap and the files that point into the search
//! index change with every edit and are kept five minutes. Everything else
//! (styles, scripts, images, PDFs, citation files) an hour.

use std::path::Path;

/// Kept a year, never revalidated: the name changes when the bytes do.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Kept five minutes: what an edit changes in place.
pub const SHORT: &str = "public, max-age=300";
/// Kept an hour: theme files and attachments, which change rarely but
/// keep their names.
pub const ASSET: &str = "public, max-age=3600";

/// Search-index files whose names are hashes of their contents (pagefind
/// writes `fragment/en_7a2417d.pf_fragment`, `pagefind.en_83a1bedc8b.pf_meta`).
const HASHED_INDEX_FILES: &[&str] = &["pf_fragment", "pf_index", "pf_filter", "pf_meta"];

/// Files that point at other files; they go up last, so that no page
/// or feed is live before what it links to.
const POINTERS: &[&str] = &["html", "htm", "xml"];

/// The wave of pages and feeds, the last.
pub const LAST_WAVE: u8 = 2;

/// How one file is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: String,
    pub cache_control: &'static str,
    /// Sent gzip-compressed, with `Content-Encoding: gzip`.
    pub gzip: bool,
    /// The wave it goes up in: 0 for files named by their hash, which
    /// nothing live names yet; 1 for the rest of the index, styles,
    /// scripts and attachments; 2 for pages and feeds, which point at
    /// the others. A page never goes live before what it needs.
    pub wave: u8,
}

/// The rules for a site whose search indexes are in `index_dirs`
/// (relative to the output, `pagefind/`, `ur/pagefind/`).
#[derive(Debug, Clone)]
pub struct Rules {
    pub index_dirs: Vec<String>,
    /// `[deploy] gzip`.
    pub gzip: bool,
}

impl Rules {
    /// The headers of the file at `rel` (relative to the output, `/`-separated).
    pub fn headers(&self, rel: &str) -> Headers {
        let ext = extension(rel);
        let in_index = self.index_dirs.iter().any(|d| rel.starts_with(d.as_str()));
        let last = POINTERS.contains(&ext.as_str());
        let hashed = in_index && HASHED_INDEX_FILES.contains(&ext.as_str());
        let cache_control = if hashed {
            IMMUTABLE
        } else if last || in_index {
            // The rest of the index (its entry file, parts.json, its
            // client) names the hashed files of the current index.
            SHORT
        } else {
            ASSET
        };
        let content_type = crate::output::content_type(Path::new(rel));
        Headers {
            gzip: self.gzip && compresses(&content_type),
            content_type,
            cache_control,
            wave: if hashed {
                0
            } else if last {
                LAST_WAVE
            } else {
                1
            },
        }
    }
}

/// The lower-case extension of the file's name.
fn extension(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether gzip makes a file of this type smaller: text, not images,
/// fonts, PDFs or the already-compressed search index.
fn compresses(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("");
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
        || essence.ends_with("+xml")
        || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(gzip: bool) -> Rules {
        Rules {
            index_dirs: vec!["pagefind/".into(), "ur/pagefind/".into()],
            gzip,
        }
    }

    #[test]
    fn hashed_index_files_are_immutable_and_pointers_short() {
        let r = rules(false);
        for f in [
            "pagefind/fragment/en_7a2417d.pf_fragment",
            "pagefind/index/en_1.pf_index",
            "pagefind/pagefind.en_83a1bedc8b.pf_meta",
            "ur/pagefind/part-2/filter/ur_5.pf_filter",
        ] {
            assert_eq!(r.headers(f).cache_control, IMMUTABLE, "{f}");
        }
        for f in [
            "index.html",
            "commentary/x/index.html",
            "ur/atom.xml",
            "sitemap.xml",
            "pagefind/parts.json",
            "pagefind/pagefind-entry.json",
            "pagefind/pagefind.js",
            "pagefind/wasm.en.pagefind",
        ] {
            assert_eq!(r.headers(f).cache_control, SHORT, "{f}");
        }
        for f in [
            "style.css",
            "commentary/x/cite.bib",
            "reports/r/r.pdf",
            "favicon.svg",
        ] {
            assert_eq!(r.headers(f).cache_control, ASSET, "{f}");
        }
    }

    #[test]
    fn hashed_files_go_first_pages_and_feeds_last() {
        let r = rules(false);
        let page = r.headers("about/index.html");
        assert_eq!(page.wave, 2);
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        assert_eq!(r.headers("atom.xml").wave, 2);
        assert_eq!(r.headers("style.css").wave, 1);
        assert_eq!(r.headers("pagefind/pagefind-entry.json").wave, 1);
        assert_eq!(r.headers("pagefind/index/en_1.pf_index").wave, 0);
        assert_eq!(
            r.headers("style.css").content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(r.headers("r.pdf").content_type, "application/pdf");
    }

    #[test]
    fn gzip_only_for_text() {
        let r = rules(true);
        assert!(r.headers("index.html").gzip);
        assert!(r.headers("style.css").gzip);
        assert!(r.headers("pagefind/pagefind.js").gzip);
        assert!(!r.headers("pagefind/fragment/en_1.pf_fragment").gzip);
        assert!(!r.headers("photo.jpg").gzip);
        assert!(!rules(false).headers("index.html").gzip);
    }
}
