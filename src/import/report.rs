//! What an import did, for the command to sum up and for `--report FILE`
//! to write out as markdown: counts, what was not imported and why, broken
//! items with their place in the source, and every construct that was not
//! converted, listed by item.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

/// Something an editor should look at in one imported item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteKind {
    /// A shortcode left in the text as it was.
    Shortcode,
    /// An embedded video, post or map: kept as a link or as raw HTML.
    Embed,
    /// A Gutenberg block that has no markdown form, kept as its HTML.
    Block,
    /// A Liquid tag or output left as text.
    Liquid,
    /// A link to a page of the old site that was not imported.
    OldLink,
    /// A file of the old site's uploads, still linked at its old address.
    Upload,
    /// An old address that could not become an alias.
    Alias,
    /// A password-protected item, imported as a draft.
    Protected,
    /// A footnote that could not be matched with its text.
    Footnote,
    /// A front-matter key folio has no use for.
    DroppedKey,
    /// An author whose name was guessed or is missing.
    Author,
    /// A date, title, slug or tag that was changed to be valid.
    Changed,
}

impl NoteKind {
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Shortcode => "shortcode kept as text",
            NoteKind::Embed => "embed kept as a link or raw HTML",
            NoteKind::Block => "block kept as HTML",
            NoteKind::Liquid => "Liquid not converted (an HTML comment; as written in code)",
            NoteKind::OldLink => "link to the old site (not imported)",
            NoteKind::Upload => "file still on the old site",
            NoteKind::Alias => "old address without a redirect",
            NoteKind::Protected => "password-protected, imported as a draft",
            NoteKind::Footnote => "footnote not converted",
            NoteKind::DroppedKey => "front-matter key dropped",
            NoteKind::Author => "author to review",
            NoteKind::Changed => "changed on import",
        }
    }
}

/// One thing to look at, e.g. (Shortcode, "[gallery ids=\"1,2\"]").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    pub detail: String,
}

impl Note {
    pub fn new(kind: NoteKind, detail: impl Into<String>) -> Self {
        Note {
            kind,
            detail: detail.into(),
        }
    }
}

/// An item of the source with what was noted about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemReport {
    pub title: String,
    /// Where it is in the source: `export.xml:120` or `_posts/2019-…md`.
    pub source: String,
    /// The file written, relative to the site root (None if none was).
    pub written: Option<PathBuf>,
    pub notes: Vec<Note>,
}

/// How many of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub articles: usize,
    pub pages: usize,
    /// Articles and pages written with `draft: true`.
    pub drafts: usize,
    pub authors: usize,
    pub aliases: usize,
    /// Files copied from `--uploads`.
    pub media: usize,
    /// Files that were already there (an earlier import): not written again.
    pub skipped: usize,
}

/// Everything an import did and could not do.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The export file or posts folder, as given.
    pub source: PathBuf,
    /// "WordPress export" or "Jekyll posts".
    pub kind: &'static str,
    /// The section folder articles went to (`content/posts`).
    pub section: String,
    pub counts: Counts,
    /// Items deliberately left out, by reason ("private posts" -> 2).
    pub not_imported: BTreeMap<String, usize>,
    /// Front-matter keys folio has no use for, with how many files had each.
    pub dropped_keys: BTreeMap<String, usize>,
    /// Items that could not be imported, each with its place in the source.
    pub errors: Vec<Diagnostic>,
    /// Items with notes, in source order.
    pub items: Vec<ItemReport>,
    /// Files written and files skipped because they exist, relative to the root.
    pub written: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
    /// How times without a zone were read (None when there were none).
    pub zone_note: Option<String>,
}

impl ImportReport {
    /// Counts a write (with `add`), a skip (the file was there) or a
    /// failure; true when the file was written.
    pub(super) fn record(
        &mut self,
        result: std::io::Result<super::writer::Outcome>,
        rel: &std::path::Path,
        add: impl FnOnce(&mut super::Counts),
    ) -> bool {
        use super::writer::Outcome;
        match result {
            Ok(Outcome::Created) => {
                add(&mut self.counts);
                self.written.push(rel.to_path_buf());
                true
            }
            Ok(Outcome::Existed) => {
                self.counts.skipped += 1;
                self.skipped.push(rel.to_path_buf());
                false
            }
            Err(e) => {
                self.errors.push(Diagnostic::error(
                    rel,
                    format!("cannot write this file: {e}"),
                ));
                false
            }
        }
    }

    pub fn not_imported(&mut self, reason: &str) {
        *self.not_imported.entry(reason.to_string()).or_default() += 1;
    }

    /// Adds an item's notes (nothing when there are none and nothing was written).
    pub fn item(&mut self, item: ItemReport) {
        if !item.notes.is_empty() {
            self.items.push(item);
        }
    }

    /// How many notes of each kind, over all items.
    pub fn note_counts(&self) -> BTreeMap<NoteKind, usize> {
        let mut out = BTreeMap::new();
        for i in &self.items {
            for n in &i.notes {
                *out.entry(n.kind).or_default() += 1;
            }
        }
        out
    }

    /// The whole report as markdown, for an editor to work through.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let c = &self.counts;
        let _ = writeln!(out, "# Import report\n");
        let _ = writeln!(
            out,
            "Source: `{}` ({}). Articles went to `{}/`.\n",
            self.source.display(),
            self.kind,
            self.section
        );
        let _ = writeln!(out, "| what | count |\n| --- | --- |");
        for (what, n) in [
            ("articles written", c.articles),
            ("pages written", c.pages),
            ("of which drafts", c.drafts),
            ("author profiles written", c.authors),
            ("old addresses kept as aliases", c.aliases),
            ("media files copied", c.media),
            ("files skipped (already there)", c.skipped),
            ("items with errors (not imported)", self.errors.len()),
        ] {
            let _ = writeln!(out, "| {what} | {n} |");
        }
        if let Some(z) = &self.zone_note {
            let _ = writeln!(out, "\nDates: {z}");
        }
        if !self.not_imported.is_empty() {
            let _ = writeln!(out, "\n## Not imported\n");
            for (why, n) in &self.not_imported {
                let _ = writeln!(out, "- {why}: {n}");
            }
        }
        if !self.dropped_keys.is_empty() {
            let _ = writeln!(
                out,
                "\n## Front-matter keys dropped\n\nfolio has no use for these keys; they were left out of every file:\n\n| key | files |\n| --- | --- |"
            );
            for (key, n) in &self.dropped_keys {
                let _ = writeln!(out, "| {} | {n} |", md_code(key).replace('|', "\\|"));
            }
        }
        if !self.errors.is_empty() {
            let _ = writeln!(out, "\n## Errors\n\nThese items were not imported:\n");
            for d in &self.errors {
                let _ = writeln!(out, "```\n{d}\n```\n");
            }
        }
        if !self.items.is_empty() {
            let _ = writeln!(out, "\n## To review, by item\n");
            for i in &self.items {
                let target = i
                    .written
                    .as_ref()
                    .map(|p| format!(" → `{}`", p.display()))
                    .unwrap_or_default();
                let _ = writeln!(out, "### {} ({}){target}\n", md_text(&i.title), i.source);
                for n in &i.notes {
                    let _ = writeln!(out, "- {}: {}", n.kind.label(), md_code(&n.detail));
                }
                out.push('\n');
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(out, "\n## Skipped (already there)\n");
            for p in &self.skipped {
                let _ = writeln!(out, "- `{}`", p.display());
            }
        }
        out
    }
}

/// Text for a markdown heading: characters markdown would read escaped.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// A detail in a code span long enough not to be closed by its backticks.
fn md_code(s: &str) -> String {
    let s = s.replace('\n', " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_items_and_counts() {
        let mut r = ImportReport {
            source: "export.xml".into(),
            kind: "WordPress export",
            section: "content/posts".into(),
            ..ImportReport::default()
        };
        r.counts.articles = 2;
        r.not_imported("private posts");
        r.dropped_keys.insert("layout".into(), 22);
        r.item(ItemReport {
            title: "A *b*".into(),
            source: "export.xml:12".into(),
            written: Some("content/posts/a.md".into()),
            notes: vec![Note::new(NoteKind::Shortcode, "[gallery ids=\"1`2\"]")],
        });
        let md = r.to_markdown();
        assert!(md.contains("| articles written | 2 |"), "{md}");
        assert!(md.contains("- private posts: 1"), "{md}");
        assert!(md.contains("| ` layout ` | 22 |"), "{md}");
        assert!(md.contains("### A \\*b\\* (export.xml:12)"), "{md}");
        assert!(md.contains("`` [gallery ids=\"1`2\"] ``"), "{md}");
    }
}
