//! Part of the check step: `unconverted-template-tag`, Liquid or another
//! template's `{% %}` or `{{ }}` left in an article's text, as `folio
//! import` keeps (in an HTML comment) what it cannot convert.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::text::Body;
use crate::diagnostics::Diagnostic;

/// `{% … %}` and `{{ … }}` outside code: in an HTML comment (where
/// `folio import` puts a Liquid tag it cannot convert) or in the text. The
/// source is read, not the event's text, so a brace written `&#123;` (how
/// the import shows a `raw` block's braces) is no tag.
pub(super) fn check(body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    let mut code = 0usize;
    // Where the last range read ends: an HTML block is read whole (a tag
    // may run over its lines), and its lines' own events are then skipped.
    let mut last_end = 0;
    for (e, r) in body.events {
        match e {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::HtmlBlock)
            | Event::Text(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
                if code == 0 && r.start >= last_end =>
            {
                report_tags(body, r.clone(), out);
                last_end = r.end;
            }
            _ => {}
        }
    }
}

fn report_tags(body: &Body<'_>, r: std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    let source = &body.text[r.clone()];
    let mut from = 0;
    while let Some((start, end)) = template_tag(&source[from..]) {
        let (start, end) = (from + start, from + end);
        let mut shown = source[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some((cut, _)) = shown.char_indices().nth(100) {
            shown.truncate(cut);
            shown.push('…');
        }
        out.push(
            body.at(
                Diagnostic::warning(
                    body.file,
                    format!("a template tag that was not converted: `{shown}`"),
                ),
                r.start + start,
                end - start,
            )
            .code("unconverted-template-tag")
            .help("folio does not run Liquid: write what the tag made (a figure, an embed, a link) in markdown, or delete it"),
        );
        from = end;
    }
}

/// The first `{% … %}` or `{{ … }}` of `text`, as byte offsets. A closer
/// missing after one opener is missing after every later one, so it is
/// looked for once: a run of unclosed `{%` costs one pass.
fn template_tag(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut missing = [false, false];
    while let Some(off) = text[from..].find('{') {
        let at = from + off;
        let (which, close) = match text.as_bytes().get(at + 1) {
            Some(b'%') => (0, "%}"),
            Some(b'{') => (1, "}}"),
            _ => {
                from = at + 1;
                continue;
            }
        };
        if !missing[which] {
            match text[at + 2..].find(close) {
                Some(e) => return Some((at, at + 2 + e + 2)),
                None => missing[which] = true,
            }
        }
        if missing == [true, true] {
            return None;
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn found(md: &str) -> Vec<Diagnostic> {
        let (parsed, _) = crate::markdown::Parsed::new(md);
        let body = Body::new(Path::new("a.md"), &parsed, 1);
        let mut out = Vec::new();
        check(&body, &mut out);
        out
    }

    fn codes(md: &str) -> Vec<&'static str> {
        found(md).into_iter().filter_map(|d| d.code).collect()
    }

    #[test]
    fn template_tags_left_in_the_text_are_found_at_their_line() {
        let found = found(
            "Intro.\n\n<!-- {% youtube abc %} -->\n\nSee <!-- {{ page.title }} --> and {% seo %}.\n",
        );
        let lines: Vec<(Option<&str>, usize)> = found.iter().map(|d| (d.code, d.line)).collect();
        let code = Some("unconverted-template-tag");
        assert_eq!(lines, [(code, 3), (code, 5), (code, 5)]);
        assert!(
            found[0].message.contains("`{% youtube abc %}`"),
            "{}",
            found[0].message
        );
        // In code, or written with a character reference, it is no finding.
        assert!(
            codes("```\n{% raw %}{{ x }}\n```\n\nUse `{{ x }}` and &#123;{ y }}.\n").is_empty()
        );
    }
}
