//! The first pass over a WordPress export: which items are imported, where
//! each one goes (slug, file, URL, bundle or not), which old addresses
//! become aliases and which files of the uploads each one uses. Links can
//! only be rewritten once every item's new URL is known, hence two passes
//! (both streaming) rather than one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::dates::{self, FallbackZone, ImportedDate};
use super::html;
use super::links::{LinkMap, Target};
use super::paths::{self, NotAliasable};
use super::report::{ImportReport, Note, NoteKind};
use super::text::plain_text;
use super::writer::SiteFiles;
use super::wxr::{Record, WxrAuthor, WxrItem, WxrReader};
use super::{ImportFailure, ImportOptions, Progress};
use crate::content::CONTENT_DIR;
use crate::diagnostics::Diagnostic;
use crate::scheme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Post,
    Page,
}

/// A file of the uploads to copy into the site.
#[derive(Debug, Clone)]
pub struct MediaCopy {
    pub from: PathBuf,
    /// Relative to the site root.
    pub to: PathBuf,
    /// The link that replaces the old one.
    pub link: String,
}

/// An item that will be written (or found written by an earlier import).
#[derive(Debug, Clone)]
pub struct Planned {
    pub line: usize,
    pub kind: Kind,
    pub title: String,
    pub id: String,
    /// The login of `dc:creator`.
    creator: String,
    parent: String,
    name: String,
    pub link: String,
    pub date: ImportedDate,
    pub draft: bool,
    pub scheduled: bool,
    pub weight: i64,
    uploads: Vec<String>,
    pub rel: PathBuf,
    pub url: String,
    /// An earlier import wrote it: skip.
    pub existing: bool,
    /// Upload path (below wp-content/uploads) -> the copy made of it.
    pub media: HashMap<String, MediaCopy>,
    pub aliases: Vec<String>,
    pub notes: Vec<Note>,
}

/// An author profile to write.
#[derive(Debug, Clone)]
pub struct AuthorPlan {
    pub slug: String,
    pub name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub notes: Vec<Note>,
    pub line: usize,
}

/// Everything the second pass needs.
#[derive(Debug, Default)]
pub struct Plan {
    /// By the item's position among all `<item>`s of the export.
    pub items: BTreeMap<usize, Planned>,
    pub authors: Vec<AuthorPlan>,
    /// Login -> profile slug.
    pub author_slugs: HashMap<String, String>,
    pub links: LinkMap,
    pub zone_assumed: bool,
}

/// Reads the export once and decides where everything goes.
pub fn plan(
    export: &Path,
    opts: &ImportOptions,
    section: &str,
    files: &mut SiteFiles,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(Progress),
) -> Result<Plan, ImportFailure> {
    let mut reader = open(export)?;
    let zone = FallbackZone::for_site(&opts.root);
    let mut site_urls = Vec::new();
    let mut version = None;
    let mut authors = Vec::new();
    let mut items: Vec<(usize, Planned)> = Vec::new();
    let mut index = 0;
    let shown = export.display().to_string();
    loop {
        let record = reader.next_record().map_err(|e| {
            let mut d = Diagnostic::error(export, format!("the export is not well-formed XML: {}", e.message))
                .help("WordPress writes valid XML; was the file cut short or edited by hand? Export it again");
            d.line = e.line;
            ImportFailure::content(d)
        })?;
        let Some(record) = record else { break };
        match record {
            Record::SiteUrl(url) => site_urls.push(url),
            Record::Version(v) => version = Some(v),
            Record::Author(a) => {
                files.keep_secret(&a.email);
                if a.login.contains('@') {
                    files.keep_secret(&a.login);
                }
                authors.push(a);
            }
            Record::Item(item) => {
                if let Some(p) = first_look(&item, &zone, opts.uploads.is_some(), &shown, report) {
                    items.push((index, p));
                }
                index += 1;
                progress(Progress {
                    phase: "reading",
                    done: reader.position(),
                    total: reader.total_bytes,
                });
            }
        }
    }
    check_version(export, version.as_deref())?;
    if authors.is_empty() {
        authors = authors_of_items(&items);
    }
    let mut plan = Plan {
        links: LinkMap::new(&site_urls),
        zone_assumed: items.iter().any(|(_, p)| p.date.zone_assumed),
        ..Plan::default()
    };
    plan.authors_from(&authors, files);
    let mut placer = Placer::new(files, section);
    placer.place_pages(&mut items);
    for (_, p) in items.iter_mut().filter(|(_, p)| p.kind == Kind::Post) {
        let dir = section.to_string();
        placer.place(p, &dir);
    }
    for (_, p) in &items {
        plan.links.add(&p.link, &p.id, &p.url);
    }
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (_, p) in &items {
        for u in &p.uploads {
            *uses.entry(u.clone()).or_default() += 1;
        }
    }
    for (_, p) in items.iter_mut() {
        if let Some(dir) = &opts.uploads {
            media_for(p, dir, &uses);
        }
    }
    placer.aliases(&mut items, section);
    plan.items = items.into_iter().collect();
    Ok(plan)
}

/// A file that is no WordPress export is refused before anything is written.
fn check_version(export: &Path, version: Option<&str>) -> Result<(), ImportFailure> {
    match super::wxr::version_problem(version) {
        None => Ok(()),
        Some(why) => Err(ImportFailure::content(Diagnostic::error(export, why).help(
            "export the site again from WordPress's Tools → Export; if the file was edited, check its `xmlns:wp` declaration",
        ))),
    }
}

/// WXR 1.0 lists no authors: as the reference importer does, each login
/// that wrote an imported item becomes an author, named by the login.
fn authors_of_items(items: &[(usize, Planned)]) -> Vec<WxrAuthor> {
    let mut seen = HashSet::new();
    items
        .iter()
        .filter(|(_, p)| !p.creator.is_empty() && seen.insert(p.creator.clone()))
        .map(|(_, p)| WxrAuthor {
            login: p.creator.clone(),
            display_name: p.creator.clone(),
            line: p.line,
            ..WxrAuthor::default()
        })
        .collect()
}

pub fn open(export: &Path) -> Result<WxrReader, ImportFailure> {
    WxrReader::open(export).map_err(|e| {
        ImportFailure::usage(
            Diagnostic::error(export, format!("cannot read the export: {e}"))
                .help("give the path of the .xml file from WordPress's Tools → Export"),
        )
    })
}

/// What an item is and whether it is imported; None (counted or reported) if not.
fn first_look(
    item: &WxrItem,
    zone: &FallbackZone,
    want_uploads: bool,
    export: &str,
    report: &mut ImportReport,
) -> Option<Planned> {
    if [
        &item.post_id,
        &item.post_type,
        &item.post_date,
        &item.status,
        &item.pub_date,
    ]
    .iter()
    .all(|f| f.is_empty())
    {
        let title = Some(plain_text(&item.title)).filter(|t| !t.is_empty());
        let mut d = Diagnostic::error(
            export,
            format!(
                "the item “{}” cannot be read: it has none of WordPress's fields (post id, type, status, date)",
                title.as_deref().unwrap_or("(no title)")
            ),
        )
        .help("its `wp:` elements are in another namespace than WordPress's (https://wordpress.org/export/1.2/): is `xmlns:wp` redefined on the item? Export it again");
        d.line = item.line;
        report.errors.push(d);
        return None;
    }
    let kind = match item.post_type.as_str() {
        // WordPress itself inserts a post with no type as a post.
        "post" | "" => Kind::Post,
        "page" => Kind::Page,
        "attachment" => return skip(report, "attachments (media library entries)"),
        "nav_menu_item" => return skip(report, "menu items"),
        "revision" => return skip(report, "revisions"),
        other => return skip(report, &format!("items of type `{other}`")),
    };
    let noun = if kind == Kind::Post { "posts" } else { "pages" };
    match item.status.as_str() {
        "private" => return skip(report, &format!("private {noun}")),
        "trash" => return skip(report, &format!("trashed {noun}")),
        "auto-draft" => return skip(report, "automatic drafts (never edited)"),
        "inherit" => return skip(report, &format!("{noun} with status `inherit`")),
        _ => {}
    }
    let mut notes = Vec::new();
    let mut title = plain_text(&item.title);
    if title.is_empty() {
        title = "Untitled".into();
        notes.push(Note::new(
            NoteKind::Changed,
            "the item had no title; it is called “Untitled”",
        ));
    }
    let date = dates::wordpress(&item.post_date, &item.post_date_gmt, zone)
        .or_else(|| dates::rss(&item.pub_date));
    let Some(date) = date else {
        let mut d = Diagnostic::error(
            export,
            format!(
                "“{title}” has no usable date (post_date `{}`)",
                item.post_date
            ),
        )
        .help("give the item a date in WordPress and export again, or write it by hand");
        d.line = item.line;
        report.errors.push(d);
        return None;
    };
    if item.broken_cdata {
        notes.push(Note::new(
            NoteKind::Changed,
            "the export has a `]]>` inside a CDATA section (not valid XML: written by hand or by a broken plugin), so the text may be cut there: compare it with the old page",
        ));
    }
    let protected = !item.password.is_empty();
    if protected {
        notes.push(Note::new(
            NoteKind::Protected,
            "a static site cannot ask for a password: publish it or delete it",
        ));
    }
    let uploads = if want_uploads {
        let mut found = Vec::new();
        let links = LinkMap::new(std::slice::from_ref(&item.link));
        html::rewrite_urls(&item.content, &mut |u| {
            if let Target::Upload { rel, .. } = links.resolve(u)
                && !found.contains(&rel)
            {
                found.push(rel);
            }
            None
        });
        found
    } else {
        Vec::new()
    };
    Some(Planned {
        line: item.line,
        kind,
        title,
        id: item.post_id.clone(),
        creator: item.creator.clone(),
        parent: item.post_parent.clone(),
        name: item.post_name.clone(),
        link: item.link.clone(),
        date,
        draft: matches!(item.status.as_str(), "draft" | "pending") || protected,
        scheduled: item.status == "future",
        weight: item.menu_order.parse().unwrap_or(0),
        uploads,
        rel: PathBuf::new(),
        url: String::new(),
        existing: false,
        media: HashMap::new(),
        aliases: Vec::new(),
        notes,
    })
}

fn skip(report: &mut ImportReport, why: &str) -> Option<Planned> {
    report.not_imported(why);
    None
}

impl Plan {
    fn authors_from(&mut self, authors: &[WxrAuthor], files: &SiteFiles) {
        let mut used = HashSet::new();
        for (n, a) in authors.iter().enumerate() {
            let mut notes = Vec::new();
            let clean = |s: &str| Some(plain_text(s)).filter(|t| !t.is_empty() && !t.contains('@'));
            let given = clean(&a.first_name);
            let family = clean(&a.last_name);
            let joined = [given.clone(), family.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let name = clean(&a.display_name)
                .or_else(|| Some(joined).filter(|j| !j.is_empty()))
                .or_else(|| clean(&a.login))
                .unwrap_or_else(|| {
                    notes.push(Note::new(
                        NoteKind::Author,
                        "no usable name in the export: give the profile a name",
                    ));
                    format!("Author {}", n + 1)
                });
            let base = paths::slug_for("", &name, &format!("author-{}", n + 1));
            let mut slug = base.clone();
            let mut k = 2;
            while used.contains(&slug) {
                slug = format!("{base}-{k}");
                k += 1;
            }
            used.insert(slug.clone());
            let _ = files;
            self.author_slugs.insert(a.login.clone(), slug.clone());
            self.authors.push(AuthorPlan {
                slug,
                name,
                given,
                family,
                notes,
                line: a.line,
            });
        }
    }
}

/// Hands out slugs, files and URLs, never twice and never over a file that
/// an earlier import did not write.
struct Placer<'a> {
    files: &'a SiteFiles,
    urls: HashSet<String>,
    /// Top-level names a page may not take (sections, reserved folders).
    reserved: HashSet<String>,
}

impl<'a> Placer<'a> {
    fn new(files: &'a SiteFiles, section: &str) -> Self {
        let mut reserved: HashSet<String> = ["authors", "series", "tags", "search", "page"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        reserved.insert(section.split('/').next().unwrap_or(section).to_string());
        let content = files.root.join(CONTENT_DIR);
        for e in std::fs::read_dir(&content).into_iter().flatten().flatten() {
            if e.path().is_dir() && !e.path().join("index.md").exists() {
                reserved.insert(e.file_name().to_string_lossy().into_owned());
            }
        }
        Placer {
            files,
            urls: HashSet::new(),
            reserved,
        }
    }

    /// Gives `p` a slug under `dir` (relative to content/, "" for the top).
    fn place(&mut self, p: &mut Planned, dir: &str) {
        self.place_as(p, dir, false);
    }

    fn place_as(&mut self, p: &mut Planned, dir: &str, folder: bool) {
        let fallback = format!(
            "{}-{}",
            if p.kind == Kind::Post { "post" } else { "page" },
            p.id
        );
        let base = paths::slug_for(&p.name, &p.title, &fallback);
        let folder = folder || !p.uploads.is_empty();
        let reserved = |slug: &str| dir.is_empty() && self.reserved.contains(slug);
        let placed = paths::place(
            self.files,
            &mut self.urls,
            dir,
            &base,
            &p.title,
            folder,
            reserved,
        );
        if placed.slug != base {
            p.notes.push(Note::new(
                NoteKind::Changed,
                format!("slug `{base}` was taken; this item is at {}", placed.url),
            ));
        }
        p.existing = placed.existing;
        p.rel = placed.rel;
        p.url = placed.url;
    }

    /// Pages keep their nesting: a page with children is a folder with
    /// `index.md`, its children files beside it.
    fn place_pages(&mut self, items: &mut [(usize, Planned)]) {
        let pages: HashMap<String, usize> = items
            .iter()
            .enumerate()
            .filter(|(_, (_, p))| p.kind == Kind::Page && !p.id.is_empty())
            .map(|(i, (_, p))| (p.id.clone(), i))
            .collect();
        let parents: HashSet<String> = items
            .iter()
            .filter(|(_, p)| p.kind == Kind::Page && pages.contains_key(&p.parent))
            .map(|(_, p)| p.parent.clone())
            .collect();
        let mut done: HashMap<usize, String> = HashMap::new();
        for i in 0..items.len() {
            if items[i].1.kind == Kind::Page {
                self.place_page(items, i, &pages, &parents, &mut done, 0);
            }
        }
    }

    /// Places page `i` after its ancestors; returns its folder below content/.
    fn place_page(
        &mut self,
        items: &mut [(usize, Planned)],
        i: usize,
        pages: &HashMap<String, usize>,
        parents: &HashSet<String>,
        done: &mut HashMap<usize, String>,
        depth: usize,
    ) -> String {
        if let Some(d) = done.get(&i) {
            return d.clone();
        }
        let parent = pages.get(&items[i].1.parent).copied().filter(|&p| p != i);
        // A parent loop in a broken export: stop nesting rather than recurse for ever.
        let dir = match parent {
            Some(p) if depth < 16 => self.place_page(items, p, pages, parents, done, depth + 1),
            _ => String::new(),
        };
        let dir = if parent.is_some() { dir } else { String::new() };
        let has_children = parents.contains(&items[i].1.id);
        self.place_as(&mut items[i].1, &dir, has_children);
        let own = items[i].1.url.trim_matches('/').to_string();
        done.insert(i, own.clone());
        own
    }

    /// Old addresses that can become aliases, once every new URL is known.
    fn aliases(&mut self, items: &mut [(usize, Planned)], section: &str) {
        let mut taken: HashSet<String> = self.urls.clone();
        // Addresses the new site's own pages live under.
        let home = scheme::HOME;
        let section_url = scheme::section(home, Some(home), section);
        let reserved = [
            scheme::authors(home),
            scheme::tags(home),
            scheme::series_index(home),
            scheme::search(home),
            scheme::search_index(home),
            scheme::list_pages_prefix(&section_url),
        ];
        for (_, p) in items.iter_mut() {
            match paths::old_url_alias(&p.link) {
                Ok(a) if a == p.url => {}
                Ok(a) if taken.contains(&a) || reserved.iter().any(|pre| a.starts_with(pre)) => {
                    p.notes.push(Note::new(
                        NoteKind::Alias,
                        format!("{a}: that address belongs to another page of the new site"),
                    ));
                }
                Ok(a) => {
                    taken.insert(a.clone());
                    p.aliases.push(a);
                }
                Err(NotAliasable::QueryString) => p.notes.push(Note::new(
                    NoteKind::Alias,
                    format!(
                        "{}: an address with a query string cannot be a static redirect",
                        p.link
                    ),
                )),
                Err(NotAliasable::Invalid(why)) if !p.link.is_empty() => p
                    .notes
                    .push(Note::new(NoteKind::Alias, format!("{}: {why}", p.link))),
                Err(_) => {}
            }
        }
    }
}

/// Files of the uploads this item uses: beside it when only it uses them,
/// in static/ (at their old path) when several items do.
fn media_for(p: &mut Planned, uploads: &Path, uses: &HashMap<String, usize>) {
    let folder = p.rel.parent().map(Path::to_path_buf).unwrap_or_default();
    let bundle = p.rel.file_name().is_some_and(|n| n == "index.md");
    let mut names: HashSet<String> = HashSet::new();
    for rel in p.uploads.clone() {
        let Ok(safe) = crate::content::alias_path(&rel) else {
            p.notes.push(Note::new(
                NoteKind::Upload,
                format!("{rel}: this file name cannot be copied safely"),
            ));
            continue;
        };
        let safe = safe.trim_matches('/').to_string();
        let from = uploads.join(&safe);
        if !from.is_file() {
            p.notes.push(Note::new(
                NoteKind::Upload,
                format!("{rel}: not found in the uploads folder"),
            ));
            continue;
        }
        let shared = uses.get(&rel).copied().unwrap_or(0) > 1;
        let name = safe.rsplit('/').next().unwrap_or(&safe).to_string();
        let copy = if shared || !bundle || name.ends_with(".md") {
            MediaCopy {
                from,
                to: PathBuf::from("static/wp-content/uploads").join(&safe),
                link: format!("/wp-content/uploads/{safe}"),
            }
        } else {
            let name = if names.contains(&name) {
                safe.replace('/', "-")
            } else {
                name
            };
            names.insert(name.clone());
            MediaCopy {
                from,
                to: folder.join(&name),
                link: name,
            }
        };
        p.media.insert(rel, copy);
    }
}
