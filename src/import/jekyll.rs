//! `folio import jekyll`: a folder of Jekyll posts (also what Eleventy
//! sites use) into articles. Dates come from the header or the file name
//! (`2019-03-04-slug.md`), authors become profiles, `permalink`,
//! `redirect_from` and the old site's permalink style become aliases, and
//! keys folio has no use for are dropped and listed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::dates::{self, FallbackZone};
use super::links::{LinkMap, Target};
use super::paths::{self, NotAliasable};
use super::report::{ImportReport, ItemReport, Note, NoteKind};
use super::text::plain_text;
use super::writer::SiteFiles;
use super::yaml::Header;
use super::{ImportFailure, ImportOptions, Progress, html, liquid, section_of};
use crate::content::{CONTENT_DIR, frontmatter, slug, title_from_name};
use crate::diagnostics::Diagnostic;

/// Keys read; every other key is dropped and listed.
const USED: &[&str] = &[
    "title",
    "date",
    "author",
    "authors",
    "tags",
    "tag",
    "categories",
    "category",
    "excerpt",
    "description",
    "summary",
    "permalink",
    "redirect_from",
    "published",
    "draft",
    "slug",
    "subtitle",
    "lang",
    "updated",
    "last_modified_at",
];

/// One post read in the first pass.
struct Post {
    source: PathBuf,
    header: serde_json::Map<String, Value>,
    body: String,
    /// File line on which the body starts.
    body_line: usize,
    /// Header keys folio has no use for.
    dropped: Vec<String>,
    html: bool,
    title: String,
    date: String,
    slug: String,
    rel: PathBuf,
    url: String,
    existing: bool,
    draft: bool,
    aliases: Vec<String>,
    authors: Vec<String>,
    notes: Vec<Note>,
}

/// Imports the Jekyll/Eleventy posts in `dir` into the site `opts.root`.
pub fn import_jekyll(
    dir: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, ImportFailure> {
    let section = section_of(opts)?;
    if !dir.is_dir() {
        return Err(ImportFailure::usage(
            Diagnostic::error(dir, "this is not a folder of posts")
                .help("give the _posts folder, or the site folder that holds it"),
        ));
    }
    let (posts_dir, site_dir) = if dir.join("_posts").is_dir() {
        (dir.join("_posts"), dir.to_path_buf())
    } else {
        (dir.to_path_buf(), dir.parent().unwrap_or(dir).to_path_buf())
    };
    let mut report = ImportReport {
        source: dir.to_path_buf(),
        kind: "Jekyll posts",
        section: format!("{CONTENT_DIR}/{section}"),
        ..ImportReport::default()
    };
    let config = read_yaml(&site_dir.join("_config.yml"));
    let known_authors = read_yaml(&site_dir.join("_data/authors.yml"));
    let style = config
        .get("permalink")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            site_dir
                .join("_config.yml")
                .is_file()
                .then(|| "date".to_string())
        });
    let zone = FallbackZone::for_site(&opts.root);
    let files = SiteFiles::new(&opts.root);
    let mut sources = source_files(&posts_dir, false);
    sources.extend(source_files(&site_dir.join("_drafts"), true));
    let total = sources.len() as u64 * 2;
    let mut posts = Vec::new();
    let mut zone_assumed = false;
    for (n, (path, draft)) in sources.iter().enumerate() {
        progress(Progress {
            phase: "reading",
            done: n as u64,
            total,
        });
        match read_post(path, dir, *draft, &zone, style.as_deref()) {
            Ok((p, assumed)) => {
                zone_assumed |= assumed;
                for k in &p.dropped {
                    *report.dropped_keys.entry(k.clone()).or_default() += 1;
                }
                posts.push(p);
            }
            Err(d) => report.errors.push(d),
        }
    }
    if zone_assumed {
        report.zone_note = Some(format!(
            "some dates had a time without a time zone; they were taken as {} (site.toml sets no time zone folio reads yet)",
            zone.label
        ));
    }
    let mut links = LinkMap::new(
        &config
            .get("url")
            .and_then(Value::as_str)
            .map(|u| vec![u.to_string()])
            .unwrap_or_default(),
    );
    let mut by_file: HashMap<String, String> = HashMap::new();
    place(&mut posts, &files, &section, &mut links, &mut by_file);
    let mut profiles: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for p in &mut posts {
        p.authors = authors_of(&p.header, &known_authors, &mut profiles, &mut p.notes);
    }
    for (slug, (name, _)) in &profiles {
        let rel = PathBuf::from(CONTENT_DIR)
            .join("authors")
            .join(format!("{slug}.md"));
        let mut h = Header::new();
        h.string("name", name);
        report.record(files.write_new(&rel, &h.file("")), &rel, |c| c.authors += 1);
    }
    for (n, p) in posts.into_iter().enumerate() {
        progress(Progress {
            phase: "writing",
            done: (sources.len() + n) as u64,
            total,
        });
        write_post(p, &links, &by_file, &files, &mut report);
    }
    Ok(report)
}

fn read_yaml(path: &Path) -> serde_json::Map<String, Value> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_saphyr::from_str::<Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

/// Markdown and HTML files under `dir`, sorted, each with "is a draft".
fn source_files(dir: &Path, drafts: bool) -> Vec<(PathBuf, bool)> {
    let mut out: Vec<(PathBuf, bool)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x, "md" | "markdown" | "html"))
        })
        .map(|e| (e.path().to_path_buf(), drafts))
        .collect();
    out.sort();
    out
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string or a list of strings (Jekyll also splits a string of tags at spaces).
fn list_of(v: Option<&Value>, split_spaces: bool) -> Vec<String> {
    match v {
        Some(Value::String(s)) if split_spaces => {
            s.split_whitespace().map(str::to_string).collect()
        }
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|x| text_of(Some(x))).collect(),
        _ => Vec::new(),
    }
}

fn read_post(
    path: &Path,
    base: &Path,
    draft: bool,
    zone: &FallbackZone,
    style: Option<&str>,
) -> Result<(Post, bool), Diagnostic> {
    let shown = path
        .strip_prefix(base)
        .map(|p| base.join(p))
        .unwrap_or_else(|_| path.to_path_buf());
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read this file: {e}")))?;
    let text = text.trim_start_matches('\u{feff}');
    let split = frontmatter::split(&shown, text)?;
    let header: Value = frontmatter::parse(&shown, text, &split).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(&shown, "the front matter cannot be read as YAML"))
    })?;
    let header = header.as_object().cloned().unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (name_date, name_slug) = match stem.get(..11) {
        Some(prefix) if dates::loose(&prefix[..10], zone).is_some() && prefix.ends_with('-') => {
            (Some(prefix[..10].to_string()), stem[11..].to_string())
        }
        _ => (None, stem.clone()),
    };
    let mut notes = Vec::new();
    let date = text_of(header.get("date"))
        .and_then(|d| dates::loose(&d, zone))
        .or_else(|| name_date.as_deref().and_then(|d| dates::loose(d, zone)))
        .ok_or_else(|| {
            Diagnostic::error(
                &shown,
                "this post has no date: none in the header, none in the file name",
            )
            .help("name the file like 2019-03-04-title.md, or add `date: 2019-03-04` to its header")
        })?;
    let title = match text_of(header.get("title"))
        .map(|t| plain_text(&t))
        .filter(|t| !t.is_empty())
    {
        Some(t) => t,
        None => {
            notes.push(Note::new(
                NoteKind::Changed,
                "the post had no title; one was made from its file name",
            ));
            title_from_name(&name_slug)
        }
    };
    let given_slug = text_of(header.get("slug")).unwrap_or_else(|| name_slug.clone());
    let slug = paths::slug_for(&given_slug, &title, "post");
    let dropped: Vec<String> = header
        .keys()
        .filter(|k| !USED.contains(&k.as_str()))
        .cloned()
        .collect();
    if !dropped.is_empty() {
        notes.push(Note::new(NoteKind::DroppedKey, dropped.join(", ")));
    }
    let unpublished = header.get("published").and_then(Value::as_bool) == Some(false)
        || header.get("draft").and_then(Value::as_bool) == Some(true);
    let mut old_urls = list_of(header.get("redirect_from"), false);
    if let Some(p) = text_of(header.get("permalink")).or_else(|| style.map(str::to_string)) {
        match expand_permalink(&p, &date.text, &given_slug, &header) {
            Some(u) => old_urls.insert(0, u),
            None => notes.push(Note::new(
                NoteKind::Alias,
                format!("permalink `{p}`: its placeholders are not understood"),
            )),
        }
    }
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
    Ok((
        Post {
            source: shown,
            body: split.body.to_string(),
            body_line: split.body_line,
            dropped,
            html: ext == "html",
            title,
            date: date.text,
            slug,
            rel: PathBuf::new(),
            url: String::new(),
            existing: false,
            draft: draft || unpublished,
            aliases: old_urls,
            authors: Vec::new(),
            notes,
            header,
        },
        date.zone_assumed,
    ))
}

/// A Jekyll permalink (`/:year/:month/:title/`, or a style name) for one post.
fn expand_permalink(
    p: &str,
    date: &str,
    slug: &str,
    header: &serde_json::Map<String, Value>,
) -> Option<String> {
    let pattern = match p {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    let (y, m, d) = (date.get(..4)?, date.get(5..7)?, date.get(8..10)?);
    let mut cats = list_of(header.get("categories"), true);
    cats.extend(list_of(header.get("category"), false));
    let cats = cats
        .iter()
        .map(|c| c.to_lowercase())
        .collect::<Vec<_>>()
        .join("/");
    let mut out = pattern.to_string();
    for (k, v) in [
        (":categories", cats.as_str()),
        (":year", y),
        (":month", m),
        (":day", d),
        (":i_month", m.trim_start_matches('0')),
        (":i_day", d.trim_start_matches('0')),
        (":short_year", &y[2..]),
        (":title", slug),
        (":slug", slug),
        (":output_ext", ".html"),
    ] {
        out = out.replace(k, v);
    }
    if out.contains(':') {
        return None;
    }
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    Some(out)
}

/// Files and URLs for every post; old addresses recorded for links.
fn place(
    posts: &mut [Post],
    files: &SiteFiles,
    section: &str,
    links: &mut LinkMap,
    by_file: &mut HashMap<String, String>,
) {
    let mut urls = HashSet::new();
    for p in posts.iter_mut() {
        let placed = paths::place(files, &mut urls, section, &p.slug, &p.title, false, |_| {
            false
        });
        p.rel = placed.rel;
        p.url = placed.url;
        p.existing = placed.existing;
        if let Some(stem) = p.source.file_stem() {
            by_file.insert(stem.to_string_lossy().into_owned(), p.url.clone());
        }
    }
    for p in posts.iter_mut() {
        let mut kept = Vec::new();
        for old in std::mem::take(&mut p.aliases) {
            links.add(&old, "", &p.url);
            match paths::old_url_alias(&old) {
                Ok(a) if a == p.url || kept.contains(&a) => {}
                Ok(a) if urls.contains(&a) => p.notes.push(Note::new(
                    NoteKind::Alias,
                    format!("{a}: that address belongs to another page"),
                )),
                Ok(a) => kept.push(a),
                Err(NotAliasable::QueryString) => p.notes.push(Note::new(
                    NoteKind::Alias,
                    format!("{old}: an address with a query string cannot be a static redirect"),
                )),
                Err(NotAliasable::Invalid(why)) => p
                    .notes
                    .push(Note::new(NoteKind::Alias, format!("{old}: {why}"))),
            }
        }
        p.aliases = kept;
    }
}

/// Author slugs of a post; profiles to write are collected in `profiles`.
fn authors_of(
    header: &serde_json::Map<String, Value>,
    known: &serde_json::Map<String, Value>,
    profiles: &mut BTreeMap<String, (String, bool)>,
    notes: &mut Vec<Note>,
) -> Vec<String> {
    let mut names = list_of(header.get("authors"), false);
    names.extend(list_of(header.get("author"), false));
    let mut out = Vec::new();
    for raw in names {
        let raw = raw.trim();
        let (slug, name, guessed) = match slug::validate(raw) {
            Ok(s) if !s.is_empty() && s == slug::slugify(&s) => {
                let data = known.get(&s);
                let name = data
                    .and_then(|d| text_of(d.get("name")).or_else(|| text_of(d.get("display_name"))))
                    .or_else(|| data.and_then(|d| text_of(Some(d))));
                match name {
                    Some(n) => (s, n, false),
                    None => (s.clone(), title_from_name(&s), true),
                }
            }
            _ => (slug::slugify(raw), plain_text(raw), false),
        };
        if slug.is_empty() || out.contains(&slug) {
            continue;
        }
        if guessed {
            notes.push(Note::new(
                NoteKind::Author,
                format!("`{slug}`: the name “{name}” was guessed from the slug"),
            ));
        }
        profiles.entry(slug.clone()).or_insert((name, guessed));
        out.push(slug);
    }
    out
}

fn write_post(
    mut p: Post,
    links: &LinkMap,
    by_file: &HashMap<String, String>,
    files: &SiteFiles,
    report: &mut ImportReport,
) {
    if p.existing {
        report.counts.skipped += 1;
        report.skipped.push(p.rel.clone());
        return;
    }
    let lookup = |stem: &str| by_file.get(stem).cloned();
    let converted = liquid::convert(&p.body, p.body_line, p.html, &lookup, &mut p.notes);
    let body = converted.text;
    let mut link_notes = Vec::new();
    let mut rewrite = |u: &str| match links.resolve(u) {
        Target::Item(new) => Some(new),
        Target::Upload { .. } | Target::OldSite => {
            // Still on the old site; a site path would be a broken link here.
            let absolute = links.absolute(u);
            link_notes.push(Note::new(NoteKind::OldLink, absolute.clone()));
            Some(absolute)
        }
        Target::Elsewhere => None,
    };
    let body = if p.html {
        let markdown = html::to_markdown(&html::rewrite_urls(&body, &mut rewrite));
        liquid::restore(&markdown, &converted.kept)
    } else {
        super::links::rewrite_markdown(&html::rewrite_urls(&body, &mut rewrite), &mut rewrite)
    };
    p.notes.extend(link_notes);
    let mut h = Header::new();
    h.string("title", &p.title);
    h.opt_string("subtitle", text_of(p.header.get("subtitle")).as_deref());
    h.string("date", &p.date);
    if let Some(u) = text_of(p.header.get("updated").or(p.header.get("last_modified_at"))) {
        match dates::loose(&u, &FallbackZone::for_site(&files.root)) {
            Some(d) => {
                h.string("updated", &d.text);
            }
            None => p.notes.push(Note::new(
                NoteKind::Changed,
                format!("`updated: {u}` is not a date; dropped"),
            )),
        }
    }
    h.list("authors", &p.authors);
    let summary = ["summary", "excerpt", "description"]
        .iter()
        .find_map(|k| text_of(p.header.get(*k)));
    h.opt_string(
        "summary",
        summary
            .map(|s| super::text::collapse_whitespace(&s))
            .as_deref(),
    );
    let mut tags = list_of(p.header.get("tags"), true);
    tags.extend(list_of(p.header.get("tag"), false));
    tags.extend(list_of(p.header.get("categories"), true));
    tags.extend(list_of(p.header.get("category"), false));
    let mut seen = HashSet::new();
    tags.retain(|t| !slug::slugify(t).is_empty() && seen.insert(t.to_lowercase()));
    h.list("tags", &tags);
    if p.draft {
        h.bool("draft", true);
    }
    h.opt_string("lang", text_of(p.header.get("lang")).as_deref());
    h.list("aliases", &p.aliases);
    let aliases = p.aliases.len();
    let draft = p.draft;
    report.record(files.write_new(&p.rel, &h.file(&body)), &p.rel, |c| {
        c.articles += 1;
        c.aliases += aliases;
        if draft {
            c.drafts += 1;
        }
    });
    report.item(ItemReport {
        title: p.title,
        source: p.source.display().to_string(),
        written: Some(p.rel),
        notes: p.notes,
    });
}
