//! Part of the markdown stage: which paragraphs are figures. An image alone
//! in its paragraph with a title (`![A chart](chart.png "Remittances")`) is
//! a figure, the title its caption; a paragraph right after it (or a line
//! right under the image) that starts with the edition's word for "Source"
//! and a colon is the figure's source line. Pure functions over pulldown-cmark
//! events, so that the HTML page and the PDF edition find the same figures
//! in the same order.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// An image that stands as a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<'a> {
    /// The image's address as the events have it (already rewritten, if
    /// the caller rewrote links).
    pub src: CowStr<'a>,
    /// The image's description as plain text (what `alt` says).
    pub alt: String,
    /// The image's title, which becomes its caption.
    pub caption: CowStr<'a>,
    /// The inline events of its source line, as written, word and colon
    /// included (`Source: World Bank`); `None` without one.
    pub source: Option<Vec<Event<'a>>>,
    /// Its place among the figures of the body, from 1. Shown only where
    /// the publication numbers figures ([`numbers_figures`]).
    pub number: usize,
}

/// A body's events with its figures taken out of their paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    Event(Event<'a>),
    Figure(Figure<'a>),
}

/// Whether a publication type numbers its figures ("Figure 1"): the
/// research types, whose figures are cited by number.
pub fn numbers_figures(kind: crate::content::ArticleType) -> bool {
    use crate::content::ArticleType as T;
    matches!(kind, T::Report | T::Brief | T::WorkingPaper)
}

/// The figure a paragraph makes, if it makes one. `inline` is what lies
/// between the paragraph's `Start(Paragraph)` and `End(Paragraph)`: an
/// image with a title and nothing else, or such an image, a line break and
/// a source line (`source_words` as for [`is_source_line`]).
pub fn figure<'a>(inline: &[Event<'a>], source_words: &[&str]) -> Option<Figure<'a>> {
    let Some(Event::Start(Tag::Image {
        dest_url, title, ..
    })) = inline.first()
    else {
        return None;
    };
    if title.trim().is_empty() {
        return None;
    }
    let end = image_end(inline)?;
    let rest = &inline[end + 1..];
    let source = match rest.split_first() {
        None => None,
        Some((Event::SoftBreak | Event::HardBreak, line)) if is_source_line(line, source_words) => {
            Some(line.to_vec())
        }
        Some(_) => return None,
    };
    Some(Figure {
        src: dest_url.clone(),
        alt: plain_text(&inline[1..end]),
        caption: title.clone(),
        source,
        number: 0,
    })
}

/// Whether a paragraph's inline events begin with one of `words` and a
/// colon (`Source:`, `*Sources:* ...`, `ماخذ:`), letter case aside.
pub fn is_source_line(inline: &[Event<'_>], words: &[&str]) -> bool {
    // The text the line opens with, across emphasis (`**Source**: ...`).
    let mut opening = String::new();
    for e in inline {
        match e {
            Event::Start(Tag::Emphasis | Tag::Strong)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong) => {}
            Event::Text(t) => opening.push_str(t),
            _ => break,
        }
        if opening.len() > 80 {
            break;
        }
    }
    let text = opening.trim_start();
    words.iter().filter(|w| !w.is_empty()).any(|w| {
        let Some(head) = text.get(..w.len()) else {
            return false;
        };
        head.to_lowercase() == w.to_lowercase()
            && text[w.len()..].trim_start().starts_with([':', '：'])
    })
}

/// A body's events with every figure paragraph (and the source paragraph
/// right after it) turned into one [`Block::Figure`], numbered in order.
pub fn figures<'a>(events: Vec<Event<'a>>, source_words: &[&str]) -> Vec<Block<'a>> {
    let mut out: Vec<Block<'a>> = Vec::with_capacity(events.len());
    let mut count = 0;
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i], Event::Start(Tag::Paragraph))
            && let Some(end) = paragraph_end(&events, i)
            && let Some(mut fig) = figure(&events[i + 1..end], source_words)
        {
            let mut next = end + 1;
            if fig.source.is_none()
                && matches!(events.get(next), Some(Event::Start(Tag::Paragraph)))
                && let Some(source_end) = paragraph_end(&events, next)
                && is_source_line(&events[next + 1..source_end], source_words)
            {
                fig.source = Some(events[next + 1..source_end].to_vec());
                next = source_end + 1;
            }
            count += 1;
            fig.number = count;
            out.push(Block::Figure(fig));
            i = next;
            continue;
        }
        out.push(Block::Event(events[i].clone()));
        i += 1;
    }
    out
}

/// The index of the `End(Paragraph)` closing the paragraph opened at
/// `start` (paragraphs do not nest).
fn paragraph_end(events: &[Event<'_>], start: usize) -> Option<usize> {
    events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map(|p| start + p)
}

/// The index of the `End(Image)` closing the image that opens `inline`.
fn image_end(inline: &[Event<'_>]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, e) in inline.iter().enumerate() {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    const WORDS: &[&str] = &["Source", "Sources"];

    fn blocks(md: &str) -> Vec<Block<'_>> {
        figures(
            Parser::new_ext(md, crate::markdown::options()).collect(),
            WORDS,
        )
    }

    fn figs<'a>(b: &'a [Block<'a>]) -> Vec<&'a Figure<'a>> {
        b.iter()
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f),
                Block::Event(_) => None,
            })
            .collect()
    }

    fn text(events: &[Event<'_>]) -> String {
        plain_text(events)
    }

    #[test]
    fn a_titled_image_alone_is_a_figure() {
        let b = blocks("![A *chart*](chart.png \"Remittances, 2015-2025\")\n");
        let f = figs(&b);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].src.as_ref(), "chart.png");
        assert_eq!(f[0].alt, "A chart");
        assert_eq!(f[0].caption.as_ref(), "Remittances, 2015-2025");
        assert_eq!(f[0].source, None);
        assert_eq!(f[0].number, 1);
        assert_eq!(b.len(), 1, "the paragraph is gone: {b:?}");
    }

    #[test]
    fn untitled_or_accompanied_images_are_not_figures() {
        for md in [
            "![A chart](chart.png)\n",
            "![A chart](chart.png \"  \")\n",
            "See ![A chart](chart.png \"T\")\n",
            "![A chart](chart.png \"T\") and text\n",
            "![A chart](chart.png \"T\")\nMore text.\n",
            "[![A chart](chart.png \"T\")](big.png)\n",
            "- ![A chart](chart.png \"T\")\n",
        ] {
            assert!(figs(&blocks(md)).is_empty(), "{md}");
        }
    }

    #[test]
    fn the_source_line_follows_as_a_paragraph_or_a_line() {
        for md in [
            "![A](a.png \"T\")\n\nSource: World Bank.\n",
            "![A](a.png \"T\")\nSource: World Bank.\n",
            "![A](a.png \"T\")\n\n*Source: World Bank.*\n",
            "![A](a.png \"T\")\n\n**sources** : World Bank.\n",
        ] {
            let b = blocks(md);
            let f = figs(&b);
            let source = f[0].source.as_deref().expect(md);
            assert!(text(source).contains("World Bank."), "{md}");
            assert_eq!(b.len(), 1, "{md}: {b:?}");
        }
        let b = blocks("![A](a.png \"T\")\n\nSourced from a friend.\n\nSource: late.\n");
        assert_eq!(figs(&b)[0].source, None);
        assert!(figure(&[], WORDS).is_none());
    }

    #[test]
    fn the_edition_word_is_used() {
        let md = "![چارٹ](a.png \"ترسیلات زر\")\n\nماخذ: عالمی بینک\n";
        let b = figures(
            Parser::new_ext(md, crate::markdown::options()).collect(),
            &["ماخذ", "مآخذ"],
        );
        let f = figs(&b);
        assert_eq!(f[0].caption.as_ref(), "ترسیلات زر");
        assert!(text(f[0].source.as_deref().unwrap()).contains("عالمی بینک"));
        let english = blocks(md);
        assert_eq!(figs(&english)[0].source, None);
    }

    #[test]
    fn figures_are_numbered_in_order() {
        let b = blocks("![A](a.png \"One\")\n\nText.\n\n> ![B](b.png \"Two\")\n");
        let f = figs(&b);
        assert_eq!(
            f.iter()
                .map(|f| (f.number, f.caption.as_ref()))
                .collect::<Vec<_>>(),
            [(1, "One"), (2, "Two")]
        );
    }

    #[test]
    fn research_types_number_figures() {
        use crate::content::ArticleType as T;
        assert!(numbers_figures(T::Report));
        assert!(numbers_figures(T::Brief));
        assert!(numbers_figures(T::WorkingPaper));
        assert!(!numbers_figures(T::Commentary));
        assert!(!numbers_figures(T::Analysis));
    }
}
