//! `folio import wordpress`: the second pass over the export. Each planned
//! item's body is converted, its links rewritten, its header written; the
//! author profiles and the files of the uploads are written beside them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::html;
use super::links::Target;
use super::report::{ImportReport, ItemReport, Note, NoteKind};
use super::text::plain_text;
use super::wp_plan::{self, AuthorPlan, Kind, Plan, Planned};
use super::writer::{REDACTED, SiteFiles};
use super::wxr::{Record, WxrItem};
use super::yaml::Header;
use super::{ImportFailure, ImportOptions, Progress, section_of};
use crate::content::CONTENT_DIR;
use crate::diagnostics::Diagnostic;

/// Imports the WordPress export `export` into the site `opts.root`.
pub fn import_wordpress(
    export: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, ImportFailure> {
    let section = section_of(opts)?;
    if let Some(dir) = &opts.uploads
        && !dir.is_dir()
    {
        return Err(ImportFailure::usage(
            Diagnostic::error(
                dir,
                "--uploads must be a folder: the local copy of wp-content/uploads",
            )
            .help(
                "copy the uploads folder from the old server, e.g. with rsync, and give its path",
            ),
        ));
    }
    let mut report = ImportReport {
        source: export.to_path_buf(),
        kind: "WordPress export",
        section: format!("{CONTENT_DIR}/{section}"),
        ..ImportReport::default()
    };
    let mut files = SiteFiles::new(&opts.root);
    let plan = wp_plan::plan(export, opts, &section, &mut files, &mut report, progress)?;
    if plan.zone_assumed {
        let zone = super::dates::FallbackZone::for_site(&opts.root);
        report.zone_note = Some(format!(
            "some items had no GMT time in the export; their local time was taken as {} (site.toml sets no time zone folio reads yet)",
            zone.label
        ));
    }
    for a in &plan.authors {
        write_author(a, &files, &mut report);
    }
    let mut reader = wp_plan::open(export)?;
    let shown = export.display().to_string();
    let mut index = 0;
    loop {
        let record = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            // The first pass read the whole file; only a file changed
            // since can fail here.
            Err(e) => {
                let mut d = Diagnostic::error(
                    export,
                    format!("the export changed while it was imported: {}", e.message),
                );
                d.line = e.line;
                report.errors.push(d);
                break;
            }
        };
        let Record::Item(item) = record else { continue };
        if let Some(p) = plan.items.get(&index) {
            write_item(p, &item, &plan, &files, &shown, &mut report);
        }
        index += 1;
        progress(Progress {
            phase: "writing",
            done: reader.position(),
            total: reader.total_bytes,
        });
    }
    redact_report(&files, &mut report);
    Ok(report)
}

fn write_author(a: &AuthorPlan, files: &SiteFiles, report: &mut ImportReport) {
    let rel = PathBuf::from(CONTENT_DIR)
        .join("authors")
        .join(format!("{}.md", a.slug));
    let mut h = Header::new();
    h.string("name", &a.name);
    h.opt_string("given_name", a.given.as_deref());
    h.opt_string("family_name", a.family.as_deref());
    report.record(files.write_new(&rel, &h.file("")), &rel, |c| c.authors += 1);
    report.item(ItemReport {
        title: a.name.clone(),
        source: format!("{}:{}", report.source.display(), a.line),
        written: Some(rel),
        notes: a.notes.clone(),
    });
}

fn write_item(
    p: &Planned,
    item: &WxrItem,
    plan: &Plan,
    files: &SiteFiles,
    export: &str,
    report: &mut ImportReport,
) {
    let source = format!("{export}:{}", p.line);
    if p.existing {
        report.counts.skipped += 1;
        report.skipped.push(p.rel.clone());
        return;
    }
    let mut notes = p.notes.clone();
    let mut link_notes = Vec::new();
    let mut rewrite = |u: &str| match plan.links.resolve(u) {
        Target::Item(new) => Some(new),
        Target::Upload { rel, absolute } => match p.media.get(&rel) {
            Some(copy) => Some(copy.link.clone()),
            None => {
                link_notes.push(Note::new(NoteKind::Upload, absolute.clone()));
                Some(absolute)
            }
        },
        Target::OldSite => {
            // Still on the old site; a site path would be a broken link here.
            let absolute = plan.links.absolute(u);
            link_notes.push(Note::new(NoteKind::OldLink, absolute.clone()));
            Some(absolute)
        }
        Target::Elsewhere => None,
    };
    let converted = html::convert(&item.content, item.meta("footnotes"), &mut rewrite);
    notes.extend(converted.notes);
    notes.extend(link_notes);
    let header = match p.kind {
        Kind::Post => post_header(p, item, plan, &mut notes),
        Kind::Page => page_header(p, item),
    };
    let (body, redacted) = files.redact(&converted.markdown);
    if redacted {
        notes.push(Note::new(
            NoteKind::Changed,
            "an author's e-mail address was removed from the text",
        ));
    }
    let written = report.record(files.write_new(&p.rel, &header.file(&body)), &p.rel, |c| {
        match p.kind {
            Kind::Post => c.articles += 1,
            Kind::Page => c.pages += 1,
        }
        if p.draft {
            c.drafts += 1;
        }
        c.aliases += p.aliases.len();
    });
    if written {
        for copy in p.media.values() {
            report.record(files.copy_new(&copy.from, &copy.to), &copy.to, |c| {
                c.media += 1
            });
        }
    }
    dedup(&mut notes);
    report.item(ItemReport {
        title: p.title.clone(),
        source,
        written: Some(p.rel.clone()),
        notes,
    });
}

fn post_header(p: &Planned, item: &WxrItem, plan: &Plan, notes: &mut Vec<Note>) -> Header {
    let mut h = Header::new();
    h.string("title", &p.title);
    h.string("date", &p.date.text);
    match plan.author_slugs.get(&item.creator) {
        Some(slug) => {
            h.list("authors", std::slice::from_ref(slug));
        }
        None if !item.creator.is_empty() => notes.push(Note::new(
            NoteKind::Author,
            "the author is not among the export's authors; no byline was written",
        )),
        None => {}
    }
    h.opt_string("summary", Some(&html::inline_markdown(&item.excerpt)));
    h.list("tags", &tags(item, notes));
    if p.draft {
        h.bool("draft", true);
    }
    if p.scheduled {
        h.bool("scheduled", true);
    }
    h.list("aliases", &p.aliases);
    h
}

fn page_header(p: &Planned, item: &WxrItem) -> Header {
    let mut h = Header::new();
    h.string("title", &p.title);
    h.opt_string("summary", Some(&html::inline_markdown(&item.excerpt)));
    if p.weight != 0 {
        h.int("weight", p.weight);
    }
    if p.draft {
        h.bool("draft", true);
    }
    h.list("aliases", &p.aliases);
    h
}

/// Categories and tags as folio tags; WordPress's default category and
/// names that give no URL are left out.
fn tags(item: &WxrItem, notes: &mut Vec<Note>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for t in &item.terms {
        // WXR 1.0 calls tags `tag`; 1.1 and later `post_tag`.
        if !matches!(t.domain.as_str(), "category" | "post_tag" | "tag")
            || t.nicename == "uncategorized"
        {
            continue;
        }
        let name = plain_text(&t.name);
        if crate::content::slug::slugify(&name).is_empty() {
            notes.push(Note::new(
                NoteKind::Changed,
                format!("tag “{name}” dropped: it has no letters or digits for its address"),
            ));
            continue;
        }
        if seen.insert(name.to_lowercase()) {
            out.push(name);
        }
    }
    out
}

fn dedup(notes: &mut Vec<Note>) {
    let mut seen = HashSet::new();
    notes.retain(|n| seen.insert((n.kind, n.detail.clone())));
}

/// The report is written to a file too: no address may reach it either.
fn redact_report(files: &SiteFiles, report: &mut ImportReport) {
    for i in &mut report.items {
        i.title = files.redact(&i.title).0;
        for n in &mut i.notes {
            n.detail = files.redact(&n.detail).0;
        }
    }
    for d in &mut report.errors {
        d.message = files.redact(&d.message).0;
    }
    debug_assert!(!REDACTED.contains('@'));
}
