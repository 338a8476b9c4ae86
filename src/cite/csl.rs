//! Part of the citation step: "Cite this" rendered by a real CSL processor
//! (hayagriva) with the official styles it ships, from the article's own
//! CSL-JSON item. The styles are decoded once per build and the locales
//! once per language (`locales.rs`), not once per article. hayagriva writes its text into HTML unescaped, so the
//! rendered tree is walked here and written out escaped, with `<i>` and
//! `<b>` for the styles' italics and bold.

use std::fmt::Write;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, LocaleFile, Style,
    VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, Formatted,
};

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::Diagnostic;
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

/// An error for each style site.toml names that folio does not ship,
/// pointing at `styles = ...` with the closest name. site.toml is read by
/// `config`, which knows nothing of the archive; the pipeline asks here
/// as soon as the configuration is loaded.
pub fn check_style_names(config: &Config) -> Vec<Diagnostic> {
    let unknown = config.citation.styles.iter();
    unknown
        .filter(|style| style_by_name(style).is_none())
        .map(|style| {
            let hint = match closest_style(style) {
                Some(s) => format!("did you mean `{s}`? The names are those of the CSL styles folio ships, e.g. \"chicago-author-date\", \"apa\""),
                None => "name a CSL style folio ships, e.g. \"chicago-author-date\", \"apa\", \"modern-language-association\", \"harvard-cite-them-right\"".to_string(),
            };
            let d = Diagnostic::error(CONFIG_FILE, format!("unknown citation style `{style}`"));
            config.point("styles", d).help(hint)
        })
        .collect()
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
    /// A locale made from the theme's words, for an edition in a language
    /// hayagriva ships none for.
    own: Option<Locale>,
    /// The locales a reference in a language may use, by primary language,
    /// made when a reference in it is first rendered.
    by_language: RwLock<HashMap<String, Arc<Vec<Locale>>>>,
}

impl std::fmt::Debug for Styles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.styles.iter().map(|s| &s.0))
            .finish()
    }
}

impl Styles {
    /// The styles named in site.toml (unknown names were refused by
    /// [`check_style_names`]; any left are skipped), for an edition in
    /// `language` whose theme has `words`. Dependent styles (a journal's
    /// variant of another) are used through their parent.
    pub fn new(names: &[String], language: &str, words: &toml::Table) -> Styles {
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
        let shipped = super::locales::shipped(&crate::config::primary(language));
        Styles {
            styles,
            own: words_locale(language, words, &shipped),
            by_language: RwLock::default(),
        }
    }

    /// The locales for a reference in `language`: the archive's of its
    /// primary language and en-US, and the theme's words' own.
    fn locales(&self, language: &str) -> Arc<Vec<Locale>> {
        let primary = crate::config::primary(language);
        let known = self.by_language.read().ok();
        if let Some(found) = known.and_then(|m| m.get(&primary).cloned()) {
            return found;
        }
        let mut set = super::locales::shipped(&primary).as_ref().clone();
        set.extend(self.own.clone());
        let set = Arc::new(set);
        if let Ok(mut m) = self.by_language.write() {
            m.insert(primary, set.clone());
        }
        set
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
        let locales = self.locales(language);
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::new(
            vec![CitationItem::with_entry(item)],
            style,
            locale.clone(),
            &locales,
            None,
        ));
        let rendered = driver.finish(BibliographyRequest::new(style, locale, &locales));
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

/// A CSL locale for a language hayagriva ships none for (Urdu, Pashto,
/// Sindhi, ...), made from the theme's words in that language: its month
/// names and "and", dates written day month year as the theme writes them.
/// Without it a reference on an Urdu page would have English months; terms
/// the words do not give stay en-US, CSL's own fallback.
fn words_locale(language: &str, words: &toml::Table, shipped: &[Locale]) -> Option<Locale> {
    let code = LocaleCode(language.to_string());
    let ships = |c: &LocaleCode| shipped.iter().any(|l| l.lang.as_ref() == Some(c));
    if ships(&code) || code.fallback().is_some_and(|f| ships(&f)) {
        return None;
    }
    let months: Vec<&str> = words
        .get("months")?
        .as_array()?
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    if months.len() != 12 {
        return None;
    }
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <locale xmlns=\"http://purl.org/net/xbiblio/csl\" version=\"1.0\" xml:lang=\"{}\">\
         <date form=\"text\"><date-part name=\"day\" suffix=\" \"/>\
         <date-part name=\"month\" suffix=\" \"/><date-part name=\"year\"/></date><terms>",
        escape_html(language)
    );
    for (n, month) in months.iter().enumerate() {
        let month = escape_html(month);
        for form in ["long", "short"] {
            let _ = write!(
                xml,
                "<term name=\"month-{:02}\" form=\"{form}\">{month}</term>",
                n + 1
            );
        }
    }
    if let Some(and) = words.get("and").and_then(|v| v.as_str()) {
        let _ = write!(xml, "<term name=\"and\">{}</term>", escape_html(and));
    }
    xml.push_str("</terms></locale>");
    LocaleFile::from_xml(&xml).ok().map(Locale::from)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(language: &str) -> toml::Table {
        let months = match language {
            "ur" => [
                "جنوری",
                "فروری",
                "مارچ",
                "اپریل",
                "مئی",
                "جون",
                "جولائی",
                "اگست",
                "ستمبر",
                "اکتوبر",
                "نومبر",
                "دسمبر",
            ],
            _ => [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
        };
        let mut t = toml::Table::new();
        let months: Vec<toml::Value> = months.iter().map(|m| toml::Value::from(*m)).collect();
        t.insert("months".into(), toml::Value::Array(months));
        t.insert("and".into(), "اور".into());
        t
    }

    fn item() -> Item {
        serde_json::from_value(serde_json::json!({
            "id": "x", "type": "webpage", "title": "سرحد پار تجارت",
            "author": [{"family": "Ahmed", "given": "Alice"}, {"family": "Khan", "given": "Bilal"}],
            "issued": {"date-parts": [[2025, 11, 2]]},
            "container-title": "CDS", "URL": "https://x.org/ur/a/"
        }))
        .expect("a CSL-JSON item")
    }

    #[test]
    fn a_language_without_a_csl_locale_takes_the_themes_months() {
        let styles = Styles::new(&["apa".into()], "ur", &words("ur"));
        let apa = &styles.render(&item(), "ur")[0];
        assert!(apa.html.contains("نومبر"), "{}", apa.html);
        assert!(!apa.html.contains("November"), "{}", apa.html);
        // An English piece of the same edition keeps CSL's English.
        let en = &styles.render(&item(), "en")[0];
        assert!(en.html.contains("November"), "{}", en.html);
    }

    #[test]
    fn a_language_hayagriva_knows_keeps_its_own_locale() {
        let shipped = hayagriva::archive::locales();
        assert!(words_locale("en", &words("en"), &shipped).is_none());
        assert!(words_locale("de", &words("en"), &shipped).is_none());
        assert!(words_locale("ur", &toml::Table::new(), &shipped).is_none());
        assert!(words_locale("ur", &words("ur"), &shipped).is_some());
        // As a site's Styles see them: only the language's own and en-US.
        let de = super::super::locales::shipped("de");
        assert!(words_locale("de", &words("en"), &de).is_none());
        let ur = super::super::locales::shipped("ur");
        assert!(words_locale("ur", &words("ur"), &ur).is_some());
    }
}
