//! Part of the output stage: the files machines read. Atom feeds (the whole
//! site and each section), `sitemap.xml` and `robots.txt`. Drafts never
//! appear in them, even in a build made with `--drafts`.

use std::fmt::Write;

use crate::config::Config;
use crate::content::{Article, Byline, Site};
use crate::escape::escape_html;
use crate::markdown::SiteHtml;
use crate::render::OutputFile;

/// Entries per feed: enough for any reader to catch up, small enough to fetch.
const FEED_ENTRIES: usize = 20;

pub fn machine_files(config: &Config, site: &Site, html: &SiteHtml) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let published: Vec<usize> = (0..site.articles.len())
        .filter(|&i| !site.articles[i].draft)
        .collect();
    files.push(OutputFile {
        path: "atom.xml".into(),
        contents: atom(config, site, html, &config.title, "/", &published).into_bytes(),
    });
    for (idx, section) in site.sections.iter().enumerate().skip(1) {
        let members: Vec<usize> = published
            .iter()
            .copied()
            .filter(|&i| site.articles[i].section == idx)
            .collect();
        let title = format!("{} | {}", section.title, config.title);
        files.push(OutputFile {
            path: format!("{}atom.xml", section.url.trim_start_matches('/')),
            contents: atom(config, site, html, &title, &section.url, &members).into_bytes(),
        });
    }
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: sitemap(config, site, &published).into_bytes(),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        contents: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            config.base_url()
        )
        .into_bytes(),
    });
    files
}

fn atom(
    config: &Config,
    site: &Site,
    html: &SiteHtml,
    title: &str,
    url: &str,
    members: &[usize],
) -> String {
    let base = config.base_url();
    let updated = members
        .iter()
        .map(|&i| latest_change(&site.articles[i]))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        esc(&config.language)
    );
    let _ = writeln!(x, "  <title>{}</title>", esc(title));
    if let Some(d) = &config.description {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", esc(d));
    }
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        esc(&format!("{base}{url}atom.xml"))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        esc(&format!("{base}{url}"))
    );
    let _ = writeln!(x, "  <id>{}</id>", esc(&format!("{base}{url}")));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "  <generator version=\"{}\">folio</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for &i in members.iter().take(FEED_ENTRIES) {
        let a = &site.articles[i];
        let permalink = format!("{base}{}", a.url);
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <title>{}</title>", esc(&a.title));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            esc(&permalink)
        );
        let _ = writeln!(x, "    <id>{}</id>", esc(&permalink));
        let _ = writeln!(x, "    <published>{}</published>", a.date.rfc3339());
        let _ = writeln!(x, "    <updated>{}</updated>", latest_change(a));
        for name in author_names(site, a) {
            let _ = writeln!(x, "    <author><name>{}</name></author>", esc(name));
        }
        for slug in &a.tags {
            if let Some(t) = site.tags.get(slug) {
                let _ = writeln!(
                    x,
                    "    <category term=\"{}\" label=\"{}\"/>",
                    esc(&t.slug),
                    esc(&t.name)
                );
            }
        }
        let _ = writeln!(
            x,
            "    <summary type=\"html\">{}</summary>",
            esc(&html.articles[i].summary_html)
        );
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn latest_change(a: &Article) -> String {
    a.updated.unwrap_or(a.date).max(a.date).rfc3339()
}

fn author_names<'a>(site: &'a Site, a: &'a Article) -> impl Iterator<Item = &'a str> {
    a.authors.iter().filter_map(move |b| match b {
        Byline::Profile(slug) => site.authors.get(slug).map(|p| p.person.name.as_str()),
        Byline::Inline(p) => Some(p.name.as_str()),
    })
}

fn sitemap(config: &Config, site: &Site, published: &[usize]) -> String {
    let base = config.base_url();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |loc: &str, lastmod: Option<String>| {
        let _ = write!(x, "  <url><loc>{}</loc>", esc(&format!("{base}{loc}")));
        if let Some(m) = lastmod {
            let _ = write!(x, "<lastmod>{m}</lastmod>");
        }
        x.push_str("</url>\n");
    };
    url("/", None);
    for s in site.sections.iter().skip(1) {
        url(&s.url, None);
    }
    for &i in published {
        let a = &site.articles[i];
        url(&a.url, Some(latest_change(a)));
    }
    url("/authors/", None);
    for a in site.authors.values() {
        url(&a.url, None);
    }
    if !site.tags.is_empty() {
        url("/tags/", None);
    }
    for t in site.tags.values() {
        url(&t.url, None);
    }
    for s in site.series.values() {
        url(&s.url, None);
    }
    x.push_str("</urlset>\n");
    x
}

/// XML text and attribute escaping; characters XML 1.0 cannot carry at all
/// are dropped.
fn esc(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    escape_html(&clean)
}
