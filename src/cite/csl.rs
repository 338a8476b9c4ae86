//! Part of the citation step: "Cite this" rendered by a real CSL processor
//! (hayagriva) with the official styles it ships, from the article's own
//! CSL-JSON item. The styles and locales are decoded once per build, not
//! once per article. hayagriva writes its text into HTML unescaped, so the
//! rendered tree is walked here and written out escaped, with `<i>` and
//! `<b>` for the styles' italics and bold.

use std::fmt::Write;

use hayagriva::archive::{ArchivedStyle, locales};
use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, Formatted,
};

use crate::escape::escape_html;

/// The style of hayagriva's archive named `name` (its CSL file name, or a
/// short name such as `apa`).
pub fn style_by_name(name: &str) -> Option<ArchivedStyle> {
    ArchivedStyle::by_name(name)
}

/// The archive's style name closest to `name`, for "did you mean".
pub fn closest_style(name: &str) -> Option<&'static str> {
    let names = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied());
    crate::diagnostics::did_you_mean(name, names)
}

/// One style's rendering of a reference.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RenderedStyle {
    /// The name site.toml gave (`chicago-author-date`), for CSS and tests.
    pub id: String,
    /// The style's own title (`Chicago Manual of Style 18th edition (author-date)`).
    pub name: String,
    /// The bibliography entry, as HTML.
    pub html: String,
    /// The in-text citation, as HTML: `(Malik 2025)`.
    pub in_text: String,
}

/// The site's citation styles, decoded once.
pub struct Styles {
    styles: Vec<(String, String, IndependentStyle)>,
    locales: Vec<Locale>,
}

impl std::fmt::Debug for Styles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.styles.iter().map(|s| &s.0))
            .finish()
    }
}

impl Styles {
    /// The styles named in site.toml (unknown names were refused when
    /// site.toml was read; any left are skipped). Dependent styles (a
    /// journal's variant of another) are used through their parent.
    pub fn new(names: &[String]) -> Styles {
        let mut styles = Vec::new();
        for id in names {
            let Some(archived) = style_by_name(id) else {
                continue;
            };
            let style = match archived.get() {
                Style::Independent(s) => s,
                Style::Dependent(d) => {
                    let parent = ArchivedStyle::by_id(&d.parent_link.href).map(ArchivedStyle::get);
                    match parent {
                        Some(Style::Independent(s)) => s,
                        _ => continue,
                    }
                }
            };
            styles.push((id.clone(), archived.display_name().to_string(), style));
        }
        Styles {
            styles,
            locales: locales(),
        }
    }

    /// `item` in every style, in `language` (a code such as `en` or
    /// `ur-PK`; the style's own default where no locale has it).
    pub fn render(&self, item: &Item, language: &str) -> Vec<RenderedStyle> {
        self.styles
            .iter()
            .map(|(id, name, style)| {
                let (html, in_text) = self.one(style, item, language);
                RenderedStyle {
                    id: id.clone(),
                    name: name.clone(),
                    html,
                    in_text,
                }
            })
            .collect()
    }

    fn one(&self, style: &IndependentStyle, item: &Item, language: &str) -> (String, String) {
        let locale = Some(LocaleCode(language.to_string()));
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::new(
            vec![CitationItem::with_entry(item)],
            style,
            locale.clone(),
            &self.locales,
            None,
        ));
        let rendered = driver.finish(BibliographyRequest::new(style, locale, &self.locales));
        let entry = rendered
            .bibliography
            .and_then(|b| b.items.into_iter().next())
            .map(|i| html(&i.content))
            .unwrap_or_default();
        let in_text = rendered
            .citations
            .first()
            .map(|c| html(&c.citation))
            .unwrap_or_default();
        (entry, in_text)
    }
}

/// Rendered CSL output as escaped HTML.
fn html(children: &ElemChildren) -> String {
    let mut out = String::new();
    write_children(&mut out, children);
    out.trim().to_string()
}

fn write_children(out: &mut String, children: &ElemChildren) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => write_text(out, t),
            ElemChild::Elem(e) => write_children(out, &e.children),
            ElemChild::Markup(m) => out.push_str(&escape_html(m)),
            ElemChild::Link { text, url } => {
                let safe = url.starts_with("https://") || url.starts_with("http://");
                if safe {
                    let _ = write!(out, "<a href=\"{}\">", escape_html(url));
                }
                write_text(out, text);
                if safe {
                    out.push_str("</a>");
                }
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

fn write_text(out: &mut String, t: &Formatted) {
    let f = &t.formatting;
    let mut tags: Vec<&str> = Vec::new();
    if f.font_style == FontStyle::Italic {
        tags.push("i");
    }
    if f.font_weight == FontWeight::Bold {
        tags.push("b");
    }
    if f.font_variant == FontVariant::SmallCaps {
        tags.push("span class=\"small-caps\"");
    }
    match f.vertical_align {
        VerticalAlign::Sup => tags.push("sup"),
        VerticalAlign::Sub => tags.push("sub"),
        _ => {}
    }
    for tag in &tags {
        let _ = write!(out, "<{tag}>");
    }
    out.push_str(&escape_html(&t.text));
    for tag in tags.iter().rev() {
        let name = tag.split(' ').next().unwrap_or(tag);
        let _ = write!(out, "</{name}>");
    }
}
