//! Part of the check step: editorial hygiene. `doubled-word` ("the the"),
//! `unbalanced` (a quote or bracket left open in a paragraph),
//! `empty-section` (a heading with nothing under it), `long-title` and
//! `future-date` (a date in the future not marked `scheduled: true`); and,
//! from [`super::template_tags`], `unconverted-template-tag`.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::LintScope;
use super::text::{Body, words};
use crate::content::Article;
use crate::diagnostics::Diagnostic;

/// Titles longer than this are reported.
pub const MAX_TITLE: usize = 110;

/// Words that English doubles on purpose ("that that", "had had").
const LEGIT_DOUBLES: &[&str] = &["that", "had", "is", "was", "do", "ha", "bye", "so"];

pub fn check(a: &Article, body: &Body<'_>, scope: &LintScope, out: &mut Vec<Diagnostic>) {
    // Urdu says "بار بار" (again and again) on purpose, as Hindi, Persian
    // and others double words: there a doubled word is not a slip.
    if !crate::config::reduplicates(a.lang.as_deref().unwrap_or(&scope.lang)) {
        doubled_words(body, out);
    }
    unbalanced(body, out);
    empty_sections(body, out);
    super::template_tags::check(body, out);
    let title_len = a.title.chars().count();
    if title_len > MAX_TITLE {
        out.push(
            a.header.point(
                "title",
                Diagnostic::warning(
                    &a.source,
                    format!("the title is {title_len} characters long; keep it to {MAX_TITLE} or fewer"),
                ),
            )
            .code("long-title")
            .help("search results, feeds and citation managers cut long titles: move part of it into `subtitle:`"),
        );
    }
    if a.date.is_after(scope.now) && !a.marked_scheduled {
        out.push(
            a.header.point(
                "date",
                Diagnostic::warning(
                    &a.source,
                    format!(
                        "the date {} is in the future: `folio build` leaves this article out until then",
                        a.date.iso()
                    ),
                ),
            )
            .code("future-date")
            .help("if the article is meant to wait for that day, add `scheduled: true` to the front matter; otherwise correct the date"),
        );
    }
    if let Some(updated) = &a.updated
        && updated.is_after(scope.now)
    {
        out.push(
            a.header.point(
                "updated",
                Diagnostic::warning(
                    &a.source,
                    format!("the `updated` date {} is in the future", updated.iso()),
                ),
            )
            .code("future-date")
            .help("`updated` is the day of the last substantive revision: write that day, or remove the line"),
        );
    }
    for c in a.corrections.iter().filter(|c| c.date.is_after(scope.now)) {
        out.push(
            a.header
                .point(
                    "corrections",
                    Diagnostic::warning(
                        &a.source,
                        format!(
                            "correction {} is dated {}, in the future",
                            c.number,
                            c.date.iso()
                        ),
                    ),
                )
                .code("future-date")
                .help("a correction is dated the day it was made: write that day"),
        );
    }
}

/// Doubled words listed per file; the rest are counted.
const MAX_DOUBLED: usize = 20;

/// "the the"; a run of one word ("a a a a", a bad paste) is one finding,
/// not one per pair. A text full of them (a paste gone wrong) lists the
/// first [`MAX_DOUBLED`] and says how many more.
fn doubled_words(body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    let listed_from = out.len();
    let mut more = 0usize;
    let tokens = words(body);
    let same = |i: usize| match (&tokens[i], tokens.get(i + 1)) {
        (Some(a), Some(Some(b))) => a.key == b.key && !a.trailing_punct && !b.glued,
        _ => false,
    };
    let mut i = 0;
    while i + 1 < tokens.len() {
        if !same(i) {
            i += 1;
            continue;
        }
        let mut last = i + 1;
        while last + 1 < tokens.len() && same(last) {
            last += 1;
        }
        let (Some(a), Some(b)) = (&tokens[i], &tokens[last]) else {
            unreachable!("same() holds only between words")
        };
        let norm = a.norm(body.text);
        // The keys are hashes: the words are compared once more as text.
        let times = last - i + 1;
        if norm.chars().all(char::is_alphabetic)
            && tokens[i..=last]
                .iter()
                .flatten()
                .all(|w| body.text[w.core.0..w.core.1].to_lowercase() == norm)
            && !LEGIT_DOUBLES.contains(&norm.as_str())
        {
            if out.len() - listed_from == MAX_DOUBLED {
                more += 1;
                i = last + 1;
                continue;
            }
            let (message, help) = if times == 2 {
                let shown = &body.text[a.start..b.end];
                (
                    format!(
                        "doubled word: “{}”",
                        shown.split_whitespace().collect::<Vec<_>>().join(" ")
                    ),
                    format!("delete one “{norm}”"),
                )
            } else {
                (
                    format!("repeated word: “{norm}” {times} times in a row"),
                    format!("delete all but one “{norm}”"),
                )
            };
            out.push(
                body.at(
                    Diagnostic::warning(body.file, message),
                    a.start,
                    b.end - a.start,
                )
                .code("doubled-word")
                .help(help),
            );
        }
        i = last + 1;
    }
    if more > 0
        && let Some(d) = out.last_mut()
    {
        let help = d.help.take().unwrap_or_default();
        d.help = Some(format!(
            "{help}; {more} more doubled word{} in this file {} not listed",
            if more == 1 { "" } else { "s" },
            if more == 1 { "is" } else { "are" }
        ));
    }
}

/// Open and close characters counted in a block, and their names.
const PAIRS: &[(char, char, &str)] = &[
    ('(', ')', "bracket"),
    ('[', ']', "square bracket"),
    ('“', '”', "double quote"),
    ('«', '»', "guillemet"),
];

/// A character of a block's text with the byte offset it came from.
struct Located {
    c: char,
    at: usize,
    /// The characters just before it in the text, for list markers.
    before: String,
}

fn unbalanced(body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    // Blocks whose own text is checked; nested blocks are checked on their own.
    let mut stack: Vec<Vec<Located>> = Vec::new();
    let mut code = 0usize;
    for (e, r) in body.events {
        match e {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_)) => code += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table) => {
                code = code.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item) if code == 0 => {
                stack.push(Vec::new());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) if code == 0 => {
                if let Some(chars) = stack.pop() {
                    judge(body, &chars, out);
                }
            }
            Event::Text(t) if code == 0 => {
                if let Some(chars) = stack.last_mut() {
                    locate(body.text, r.clone(), t, chars);
                }
            }
            _ => {}
        }
    }
}

/// Records the pair characters of one text event with their source offsets.
fn locate(source: &str, r: std::ops::Range<usize>, text: &str, into: &mut Vec<Located>) {
    let slice = &source[r.clone()];
    let mut search = 0usize;
    for (i, c) in text.char_indices() {
        let counted = c == '"' || PAIRS.iter().any(|(o, cl, _)| c == *o || c == *cl);
        if !counted {
            continue;
        }
        // Smart punctuation turned " into “ or ”: find either in the source.
        let found = slice[search..]
            .char_indices()
            .find(|(_, s)| *s == c || (*s == '"' && matches!(c, '“' | '”')));
        let at = match found {
            Some((i, s)) => {
                search += i + s.len_utf8();
                r.start + search - s.len_utf8()
            }
            None => r.start,
        };
        // The four characters before it, for list markers such as "a)".
        let head = &text[..i];
        let from = head.char_indices().rev().nth(3).map_or(0, |(k, _)| k);
        into.push(Located {
            c,
            at,
            before: head[from..].to_string(),
        });
    }
}

fn judge(body: &Body<'_>, chars: &[Located], out: &mut Vec<Diagnostic>) {
    let straight: Vec<&Located> = chars.iter().filter(|l| l.c == '"').collect();
    if straight.len() % 2 == 1 {
        let last = straight[straight.len() - 1];
        out.push(finding(
            body,
            last.at,
            "this paragraph has an odd number of straight double quotes: one is never closed",
            "add the missing quote, or delete the stray one",
        ));
        return;
    }
    // Per kind of pair, the openers not yet closed, in order: a closer
    // closes the last opener of its kind, wherever the others are.
    let mut open: Vec<Vec<(usize, &Located)>> = vec![Vec::new(); PAIRS.len()];
    for (n, l) in chars.iter().enumerate().filter(|(_, l)| l.c != '"') {
        if let Some(k) = PAIRS.iter().position(|(o, _, _)| *o == l.c) {
            open[k].push((n, l));
            continue;
        }
        let Some(k) = PAIRS.iter().position(|(_, c, _)| *c == l.c) else {
            continue;
        };
        let name = PAIRS[k].2;
        match open[k].pop() {
            Some(_) => {}
            None => {
                if is_list_marker(&l.before) || l.before.ends_with([':', ';']) {
                    continue;
                }
                out.push(finding(
                    body,
                    l.at,
                    &format!(
                        "this closing {name} `{}` was never opened in its paragraph",
                        l.c
                    ),
                    "add the opening one where the aside or quotation begins, or delete this one",
                ));
                return;
            }
        }
    }
    // The first opener left open, of any kind.
    let first = open
        .iter()
        .filter_map(|o| o.first())
        .min_by_key(|(n, _)| *n);
    if let Some(&(_, l)) = first {
        let (_, close, name) = PAIRS
            .iter()
            .find(|(o, _, _)| *o == l.c)
            .copied()
            .unwrap_or(('(', ')', "bracket"));
        out.push(finding(
            body,
            l.at,
            &format!("this {name} `{}` is never closed in its paragraph", l.c),
            &format!(
                "add the closing `{close}` where the aside or quotation ends, or delete this one"
            ),
        ));
    }
}

fn finding(body: &Body<'_>, at: usize, message: &str, help: &str) -> Diagnostic {
    body.at(
        Diagnostic::warning(body.file, format!("unbalanced: {message}")),
        at,
        1,
    )
    .code("unbalanced")
    .help(help.to_string())
}

/// "a)", "ii)", "3)" at the start of a word: an enumeration, not an aside.
fn is_list_marker(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let n = tail.chars().count();
    if n == 0 || n > 3 {
        return false;
    }
    let rest = &before[..before.len() - tail.len()];
    rest.is_empty() || rest.ends_with(char::is_whitespace)
}

fn empty_sections(body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    let events = body.events;
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::Heading { level, .. }), range) = &events[i] else {
            i += 1;
            continue;
        };
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let title: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let next = events[(end + 1).min(events.len())..]
            .iter()
            .find(|(e, _)| !is_nothing(e));
        let empty = match next {
            None => true,
            Some((Event::Start(Tag::Heading { level: next, .. }), _)) => {
                rank(*next) <= rank(*level)
            }
            _ => false,
        };
        if empty {
            out.push(
                body.at(
                    Diagnostic::warning(
                        body.file,
                        format!(
                            "empty section: nothing is written under the heading “{}”",
                            title.trim()
                        ),
                    ),
                    range.start,
                    range.end - range.start,
                )
                .code("empty-section")
                .help("write the section's text, or delete the heading"),
            );
        }
        i = end + 1;
    }
}

/// Events that put nothing on the page: comments, blank HTML.
fn is_nothing(e: &Event<'_>) -> bool {
    match e {
        Event::Html(h) | Event::InlineHtml(h) => {
            let t = h.trim();
            t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
        }
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => true,
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    }
}

fn rank(l: HeadingLevel) -> u8 {
    l as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn found(md: &str) -> Vec<Diagnostic> {
        let (parsed, _) = crate::markdown::Parsed::new(md);
        let body = Body::new(Path::new("a.md"), &parsed, 1);
        let mut out = Vec::new();
        doubled_words(&body, &mut out);
        unbalanced(&body, &mut out);
        empty_sections(&body, &mut out);
        out
    }

    fn codes(md: &str) -> Vec<&'static str> {
        found(md).into_iter().filter_map(|d| d.code).collect()
    }

    #[test]
    fn doubled_words_are_found() {
        assert_eq!(codes("It is the the best.\n"), ["doubled-word"]);
        assert_eq!(codes("It is the\nthe best.\n"), ["doubled-word"]);
        assert!(codes("He said that that was fine. Go. Go now.\n").is_empty());
    }

    #[test]
    fn a_run_of_one_word_is_one_finding() {
        let d = found(&"word ".repeat(32_000));
        assert_eq!(d.len(), 1, "one finding for the run, not one per pair");
        assert_eq!(d[0].message, "repeated word: “word” 32000 times in a row");
        assert_eq!(d[0].help.as_deref(), Some("delete all but one “word”"));
        let d = found("It is the the best, the the end. Go go go.\n");
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "doubled word: “the the”",
                "doubled word: “the the”",
                "repeated word: “go” 3 times in a row"
            ]
        );
        assert!(found("that that that, had had\n").is_empty());
    }

    #[test]
    fn findings_on_a_long_line_copy_a_window_of_it() {
        // Doubled words all along one 300 KB line, after 180 KB of others:
        // the first few are listed, each with a part of the line around it.
        let line = format!("{}{}", "ab cd ".repeat(30_000), "ab ab cd ".repeat(20_000));
        let d = found(&line);
        assert_eq!(d.len(), MAX_DOUBLED, "the rest are counted");
        let note = d.last().unwrap().help.as_deref().unwrap();
        assert!(
            note.ends_with("; 19980 more doubled words in this file are not listed"),
            "{note}"
        );
        let kept: usize = d
            .iter()
            .map(|d| d.source_line.as_ref().unwrap().len())
            .sum();
        assert!(kept <= MAX_DOUBLED * 1_210, "{kept} bytes kept");
        assert_eq!(d[0].column, 180_001);
        let shown = d[0].to_string();
        assert!(
            shown.contains("| …") && shown.contains("ab cd ab ab cd"),
            "{shown}"
        );
    }

    #[test]
    fn openers_of_other_kinds_do_not_slow_closing() {
        // 20,000 "(" then 20,000 "[" and as many "]" and ")": each closer
        // finds its opener at the top of its kind's stack.
        let md = format!(
            "{}{}{}{}\n",
            "(".repeat(20_000),
            "[".repeat(20_000),
            "]".repeat(20_000),
            ")".repeat(20_000)
        );
        assert!(codes(&md).is_empty());
        let d = found("a ( b [ c ) d\n");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("square bracket `[` is never closed"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn unbalanced_pairs_are_found() {
        assert_eq!(codes("An aside (never closed.\n"), ["unbalanced"]);
        assert_eq!(codes("He said \"stop.\n"), ["unbalanced"]);
        assert_eq!(codes("A stray ] here.\n"), ["unbalanced"]);
        assert!(
            codes(
                "Fine (really) and “quoted” and \"straight\" and [x]. Options a) and b). Ha :)\n"
            )
            .is_empty()
        );
        assert!(codes("It isn’t the others' fault.\n").is_empty());
        assert!(codes("```\n(unclosed in code\n```\n").is_empty());
    }

    #[test]
    fn empty_sections_are_found() {
        assert_eq!(codes("## A\n\n## B\n\ntext\n"), ["empty-section"]);
        assert_eq!(codes("## A\n\ntext\n\n## B\n"), ["empty-section"]);
        assert!(codes("## A\n\n### A.1\n\ntext\n").is_empty());
        assert!(codes("## A\n\n<!-- more -->\n\ntext\n").is_empty());
    }
}
