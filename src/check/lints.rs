//! Part of the check step: the list of lints, each with its stable code,
//! default level and the text of `folio check --explain`. docs/check.md
//! follows the same order.

use crate::config::LintLevel;

/// One lint: its code, default level and what `--explain` says.
#[derive(Debug)]
pub struct Lint {
    pub code: &'static str,
    pub default: LintLevel,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub explanation: &'static str,
}

/// Every lint, in the order of docs/check.md.
pub const LINTS: &[Lint] = &[
    Lint {
        code: "broken-link",
        default: LintLevel::Error,
        summary: "a link or image (markdown or raw <img>) to a page, file or source (.md) path of the site that does not exist",
        explanation: "Links and images inside the site are checked against what the build writes: pages (/commentary/x/), attachments and section files (data.csv beside the article), files in static/, and markdown source paths (../analysis/x.md), which the build turns into the page's URL. Images count both as markdown (`![](chart.png)`) and as `<img src>` in raw HTML, which the build keeps as written, so its path must work from the page's own address. A link to a draft or a scheduled article is reported too, because the build leaves its target out. For a missing file the hint names the nearest file that exists (the closest name beside the page, in its section's folder or in static/). Fix the path, or publish the page it points to.",
    },
    Lint {
        code: "broken-anchor",
        default: LintLevel::Error,
        summary: "a link to a #heading that is not on the page it points to",
        explanation: "Anchors (#why-closures-matter) are checked against the heading ids of the target article (as the build makes them from the heading text, or {#id} written after a heading), its footnotes, ids in its raw HTML and the ids of the theme's templates. Renaming a heading changes its id: update the link, or give the heading a fixed id with `## Heading {#old-id}`.",
    },
    Lint {
        code: "repeated-passage",
        default: LintLevel::Warning,
        summary: "a run of 8 or more words that occurs twice in one article, or a sentence glued to a fragment of another",
        explanation: "A passage pasted twice is the commonest slip of copy-editing: the same eight or more words, in the same order, twice in one article (tables and code are not compared), or a sentence that runs straight into the tail of a word from elsewhere (\"diplomacy.rritory without\"). Both places are reported. Delete the copy; if the repetition is deliberate (a refrain, a quoted clause), switch the lint off for the article with `check: {repeated-passage: off}`.",
    },
    Lint {
        code: "missing-summary",
        default: LintLevel::Warning,
        summary: "an article without `summary:` (or `<!-- more -->`), so feeds and lists show its first paragraph",
        explanation: "Feeds, list pages, search results and social cards show an article's summary. Without `summary:` in the front matter or a `<!-- more -->` marker in the text, folio uses the first paragraph, which is rarely written to stand alone. Add a one- or two-sentence `summary:`.",
    },
    Lint {
        code: "extra-key-typo",
        default: LintLevel::Warning,
        summary: "a key under `extra:` that is one of folio's own front-matter keys, or a misspelling of one",
        explanation: "`extra:` holds keys for the theme, which folio passes to the templates untouched (`article.extra.<key>`) and does not read itself: `extra: {disclaimr: ...}` or `extra: {summary: ...}` sets no disclaimer and no summary. Move the key out of `extra:`, spelt as folio spells it; if the theme really reads a key of that name, rename it in the theme and the articles so that it does not look like one of folio's, or switch the lint off with `check: {extra-key-typo: off}`.",
    },
    Lint {
        code: "unused-author",
        default: LintLevel::Warning,
        summary: "an author profile in content/authors/ that no article names",
        explanation: "A profile that no article (drafts and scheduled ones included) lists in `authors:` publishes an author page with nothing on it; usually the articles misspell the slug or use an inline author instead. Name the author in an article, or delete the profile. (An `authors:` entry without a profile is an error that stops the build.)",
    },
    Lint {
        code: "series-gap",
        default: LintLevel::Warning,
        summary: "the parts of a series (\"part 2\" in titles or subtitles) have a gap, a duplicate, or are out of date order",
        explanation: "Articles of one `series:` that say which part they are (\"Border economies, part 2\" in the subtitle or title) should be numbered 1, 2, 3 ... without gaps or duplicates, and dated in that order, because the series page lists them oldest first. Renumber the parts, fix a date, or add the missing part to the series.",
    },
    Lint {
        code: "untranslated-word",
        default: LintLevel::Warning,
        summary: "a word of the theme that the translation table of a page's language lacks, so it shows in English",
        explanation: "Every word the theme shows (\"Contents\", \"min read\", the month names) comes from its translation table for the page's language, `i18n/<code>.toml`. A word missing there falls back to English, which on an Urdu page is a word in the wrong script and direction. Add the key to the table the finding names; to change a word of the default theme, copy the table to `themes/default/i18n/<code>.toml` in your site and edit it there.",
    },
    Lint {
        code: "untranslated-text",
        default: LintLevel::Warning,
        summary: "a section, author profile or series that an edition's pages show in the default language, for want of a translation",
        explanation: "A site in several languages shows, on the pages of another edition, the default language's section title and text, author profile (name, affiliation, note, biography) or series description wherever that edition has no translation of the file. folio marks such text with its language, so that screen readers pronounce it right and its punctuation lands on the right side, but it is still a passage in another script on the page. Translate the file: `_index.<code>.md` beside a section's `_index.md`, `content/authors/<slug>.<code>.md` beside a profile, `content/series/<slug>.<code>.md` beside a series. The finding names the file to write; it appears once per file, for each edition that lacks it.",
    },
    Lint {
        code: "stale-translation",
        default: LintLevel::Warning,
        summary: "a translation whose original was corrected or updated after the translation's own latest date",
        explanation: "An article of another edition (`x.ur.md`) translates the default edition's article of the same file name (`x.md`). When the original has a correction or an `updated:` date later than every date of the translation (its `date`, `updated` and corrections), readers of the translation may be reading what the original no longer says: the translation's page shows a notice linking to the original, and this lint reports it at the translation's latest date. Bring the translation up to date (add the correction in its language, or revise the text), then give it an `updated:` date on or after the original's change.",
    },
    Lint {
        code: "missing-alt",
        default: LintLevel::Warning,
        summary: "an image without alt text",
        explanation: "Screen readers read the alt text instead of showing the image, and search engines index it. Write what the image shows: `![Monthly exports, January to June 2025](chart.png)`; for `image:` in the front matter, add `image_alt:`; for raw HTML, an `alt=\"...\"` attribute (alt=\"\" marks a purely decorative image).",
    },
    Lint {
        code: "heading-skip",
        default: LintLevel::Warning,
        summary: "a heading that skips a level (## followed by ####)",
        explanation: "Readers of screen readers move through a page by its heading levels; a skipped level reads as a missing section. The title is the page's only level 1, so the body starts with `##`, then `###` below it. Use the next level down.",
    },
    Lint {
        code: "vague-link-text",
        default: LintLevel::Warning,
        summary: "a link whose text is \"here\", \"click here\", \"this link\", \"read more\" ...",
        explanation: "Link text is read out alone by screen readers and weighed by search engines; \"here\" says nothing about where the link goes. Put the link on the words that name the target: \"see [the CDS brief on verification](/policy-briefs/verification-mechanisms/)\".",
    },
    Lint {
        code: "table-header",
        default: LintLevel::Warning,
        summary: "a table without a header row",
        explanation: "A table's header row tells screen-reader users what each column holds. In a markdown table the first row is the header: write column names there rather than leaving it empty; in a raw HTML table, use <th> cells.",
    },
    Lint {
        code: "doubled-word",
        default: LintLevel::Warning,
        summary: "the same word twice in a row (\"the the\")",
        explanation: "A doubled word is almost always a typing slip, easy to miss when reading. Delete one of them. Words that are often doubled on purpose (\"that that\", \"had had\") are not reported. A run of one word (\"a a a a\", a bad paste) is one finding that says how many times the word repeats. A file full of them lists the first 20 and says how many more there are.",
    },
    Lint {
        code: "unbalanced",
        default: LintLevel::Warning,
        summary: "a paragraph with an opening quote or bracket that is never closed, or a closing one never opened",
        explanation: "Within one paragraph (or heading or list item) every ( [ and opening double quote should be closed. An unclosed one usually means a sentence was cut or pasted incompletely. Straight double quotes are counted too; single quotes are not (they double as apostrophes), and list markers such as \"a)\" are allowed.",
    },
    Lint {
        code: "empty-section",
        default: LintLevel::Warning,
        summary: "a heading with nothing under it before the next heading of the same or a higher level",
        explanation: "A heading followed straight by another heading of its level (or the end of the article) announces a section that is not there: text was lost or is still to be written. Write the section or delete the heading.",
    },
    Lint {
        code: "long-title",
        default: LintLevel::Warning,
        summary: "a title longer than 110 characters",
        explanation: "Search results, feeds, social cards and citation managers cut or wrap long titles. Keep the title to 110 characters or fewer and move the rest into `subtitle:`.",
    },
    Lint {
        code: "future-date",
        default: LintLevel::Warning,
        summary: "a date in the future on an article not marked `scheduled: true` (or an `updated` or correction date in the future)",
        explanation: "`folio build` leaves out an article dated in the future until that day. If that is intended, say so with `scheduled: true` in the front matter; otherwise the date is probably a typo (2052 for 2025). An `updated:` date, or the date of an entry of `corrections:`, in the future is always a mistake.",
    },
    Lint {
        code: "unconverted-template-tag",
        default: LintLevel::Warning,
        summary: "a template tag (`{% … %}` or `{{ … }}`) left in an article, such as a Liquid tag `folio import` could not convert",
        explanation: "folio does not run Liquid or any other template language in articles: a `{% include … %}` or `{{ page.title }}` would reach the page as its text. `folio import jekyll` converts the tags whose meaning is clear (figures, images, code blocks, links to posts) and keeps every other one as an HTML comment, which readers do not see and this lint points at. Write what the tag used to make (an embed, a figure, a link) in markdown, or delete it. Tags inside code are not reported.",
    },
    Lint {
        code: "external-link",
        default: LintLevel::Warning,
        summary: "a link to another site that answers with an error or cannot be reached (only with --external)",
        explanation: "With `folio check --external`, every distinct http(s) address in article bodies, author profiles and attachments is requested once (HEAD, then GET if HEAD fails), a few at a time and with a time limit, and the ones that answer 4xx/5xx or not at all are reported at every place they appear. Update or remove the link; a page that moved can often be found on the Internet Archive.",
    },
];

/// The lint with this code.
pub fn lint(code: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.code == code)
}

/// Every lint code, for "did you mean" and listings.
pub fn codes() -> impl Iterator<Item = &'static str> {
    LINTS.iter().map(|l| l.code)
}
