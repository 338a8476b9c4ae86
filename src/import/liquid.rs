//! Liquid in Jekyll and Eleventy posts: no tag may reach a published page.
//! The tags whose meaning is clear become markdown: images and figure-like
//! includes, any tag whose arguments name an image file, code blocks, links
//! to other posts, the site's base URL, `raw` and `comment`. Every other
//! tag or output becomes an HTML comment that keeps its text (which
//! `folio check` reports as `unconverted-template-tag`) and is listed with
//! its line. Inside code, where a comment would show, it stays as written.
//! Whitespace control (`{%-`, `-%}`), quoted and unquoted arguments and
//! tags over several lines are read as Jekyll reads them.

mod args;
mod code;

use super::report::{Note, NoteKind};
use super::text::excerpt;
use args::{image_arg, is_image, keyed, split_args};
use code::Code;

/// A body with its Liquid converted.
pub struct Converted {
    pub text: String,
    /// In an HTML body, the comments for unconverted tags: the text holds
    /// a placeholder for each, as the HTML-to-markdown step drops comments;
    /// [`restore`] puts them back into its markdown.
    pub kept: Vec<String>,
}

/// Converts the Liquid of `body` (markdown, or HTML when `html`), whose
/// first line is line `first_line` of its file; `post_url` gives the new
/// URL of a post named by its file (`2019-03-04-slug`), when it was imported.
pub fn convert(
    body: &str,
    first_line: usize,
    html: bool,
    post_url: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<Note>,
) -> Converted {
    let mut c = Converter {
        body,
        first_line,
        html,
        kept: Vec::new(),
        out: String::with_capacity(body.len()),
        code: Code::default(),
        pending: None,
        no_tag_end: false,
        no_output_end: false,
    };
    let mut i = 0;
    while let Some(off) = body[i..].find('{') {
        let at = i + off;
        c.copy(i, at);
        let rest = &body[at..];
        let (close, is_tag) = if rest.starts_with("{%") {
            ("%}", true)
        } else if rest.starts_with("{{") {
            ("}}", false)
        } else {
            c.out.push('{');
            i = at + 1;
            continue;
        };
        // Once a closer is missing after one place, it is missing after
        // every later one: not looked for again (a paste of a thousand
        // `{%` costs one pass, not a thousand).
        let missing = if is_tag {
            &mut c.no_tag_end
        } else {
            &mut c.no_output_end
        };
        let found = if *missing {
            None
        } else {
            rest[2..].find(close).map(|e| at + 2 + e + 2)
        };
        *missing = found.is_none();
        let Some(end) = found else {
            // Never closed: Jekyll would stop; here the brace is shown as text.
            let brace = if c.in_code(at) { "{" } else { "&#123;" };
            c.out.push_str(brace);
            i = at + 1;
            continue;
        };
        let whole = &body[at..end];
        let inner = whole[2..whole.len() - 2]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        i = if is_tag {
            c.tag(at, end, inner, post_url, notes)
        } else {
            match output(inner) {
                Some(text) => c.out.push_str(&text),
                None => c.unconverted(at, whole, notes),
            }
            end
        };
    }
    c.copy(i, body.len());
    if let Some(p) = c.pending.take() {
        c.out.push_str(&p);
    }
    Converted {
        text: c.out,
        kept: c.kept,
    }
}

fn placeholder(n: usize) -> String {
    format!("FolioKeptLiquid{n}End")
}

/// The markdown made from a converted HTML body, with its kept comments
/// in place of their placeholders.
pub fn restore(markdown: &str, kept: &[String]) -> String {
    let mut out = markdown.to_string();
    for (n, comment) in kept.iter().enumerate() {
        out = out.replacen(&placeholder(n), comment, 1);
    }
    out
}

struct Converter<'a> {
    body: &'a str,
    first_line: usize,
    html: bool,
    kept: Vec<String>,
    out: String,
    code: Code,
    /// A comment for a tag that stood in a link's address, written after
    /// the `)` that closes it.
    pending: Option<String>,
    /// No `%}` (or `}}`) is left in the rest of the body.
    no_tag_end: bool,
    no_output_end: bool,
}

impl Converter<'_> {
    /// Copies `body[from..to]`, placing a pending comment after the first `)`.
    fn copy(&mut self, from: usize, to: usize) {
        let text = &self.body[from..to];
        match (&self.pending, text.find(')')) {
            (Some(_), Some(p)) => {
                self.out.push_str(&text[..=p]);
                let comment = self.pending.take().unwrap_or_default();
                self.out.push_str(&comment);
                self.out.push_str(&text[p + 1..]);
            }
            _ => self.out.push_str(text),
        }
    }

    fn in_code(&mut self, at: usize) -> bool {
        self.code.at(self.body, at)
    }

    /// Handles the tag `body[at..end]`; returns where to go on.
    fn tag(
        &mut self,
        at: usize,
        end: usize,
        inner: &str,
        post_url: &dyn Fn(&str) -> Option<String>,
        notes: &mut Vec<Note>,
    ) -> usize {
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        match name {
            "raw" | "comment" => {
                let closing = if name == "raw" {
                    "endraw"
                } else {
                    "endcomment"
                };
                let stop = find_tag(self.body, end, closing);
                if name == "raw" {
                    let content = &self.body[end..stop.map_or(self.body.len(), |s| s.0)];
                    let in_code = self.in_code(at);
                    self.raw(content, in_code);
                }
                stop.map_or(self.body.len(), |s| s.1)
            }
            "highlight" if self.html => {
                let lang = split_args(args)
                    .first()
                    .map_or(String::new(), |a| a.value.clone());
                self.out
                    .push_str(&format!("<pre><code class=\"language-{}\">", attr(&lang)));
                self.code.highlight = true;
                end
            }
            "endhighlight" if self.html => {
                self.out.push_str("</code></pre>");
                self.code.highlight = false;
                end
            }
            "highlight" => {
                let lang = split_args(args)
                    .first()
                    .map_or(String::new(), |a| a.value.clone());
                self.fence(&format!("```{lang}"), end);
                self.code.highlight = true;
                end
            }
            "endhighlight" => {
                self.fence("```", end);
                self.code.highlight = false;
                end
            }
            _ => {
                let body = self.body;
                match known_tag(name, args, self.html, post_url) {
                    Some(md) => self.out.push_str(&md),
                    None => self.unconverted(at, &body[at..end], notes),
                }
                end
            }
        }
    }

    /// A code fence on a line of its own.
    fn fence(&mut self, fence: &str, end: usize) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(fence);
        if !self.body[end..].starts_with(['\n', '\r']) {
            self.out.push('\n');
        }
    }

    /// `raw` text is shown as written; outside code its braces are written
    /// as character references, so that no template syntax is left in the
    /// markdown source while the page shows the same characters.
    fn raw(&mut self, content: &str, in_code: bool) {
        if in_code || self.code.highlight {
            self.out.push_str(content);
            return;
        }
        let mut chars = content.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '{' && matches!(chars.peek(), Some('{' | '%')) {
                self.out.push_str("&#123;");
            } else {
                self.out.push(ch);
            }
        }
    }

    /// A tag or output folio cannot convert: an HTML comment keeping its
    /// text (as written inside code, where a comment would show), listed
    /// with its line.
    fn unconverted(&mut self, at: usize, whole: &str, notes: &mut Vec<Note>) {
        let in_code = self.in_code(at);
        let line = self.first_line + self.code.newlines;
        notes.push(Note::new(
            NoteKind::Liquid,
            format!("line {line}: {}", excerpt(whole, 160)),
        ));
        if in_code {
            self.out.push_str(whole);
            return;
        }
        let comment = format!("<!-- {} -->", whole.replace("-->", "- ->"));
        if self.html {
            self.out.push_str(&placeholder(self.kept.len()));
            self.kept.push(comment);
        } else if self.out.ends_with("](") || self.out.ends_with("](<") {
            // A comment cannot be a link's address: the link goes nowhere
            // until an editor mends it, and the comment follows the link.
            self.out.push('#');
            self.pending = Some(comment);
        } else {
            self.out.push_str(&comment);
        }
    }
}

/// Start and end offsets of `{% name %}` after `from`.
fn find_tag(body: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(off) = body[i..].find("{%") {
        let at = i + off;
        let end = body[at..].find("%}").map(|e| at + e + 2)?;
        let inner = body[at + 2..end - 2]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        if inner == name {
            return Some((at, end));
        }
        i = end;
    }
    None
}

/// `{{ site.baseurl }}` and `{{ "/x" | relative_url }}`: the site path.
pub(super) fn output(inner: &str) -> Option<String> {
    if matches!(inner, "site.baseurl" | "site.url" | "site.base_url") {
        return Some(String::new());
    }
    let (value, filter) = inner.split_once('|')?;
    let filter = filter.trim();
    if !matches!(filter, "relative_url" | "absolute_url" | "url") {
        return None;
    }
    let v = value.trim().trim_matches(['"', '\'']);
    (!v.contains(['{', '}', ' '])).then(|| v.to_string())
}

/// Markdown for a tag whose meaning is clear, else None.
fn known_tag(
    name: &str,
    args: &str,
    html: bool,
    post_url: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let words = split_args(args);
    match name {
        "post_url" => {
            let file = words.first()?.value.rsplit('/').next()?.to_string();
            let stem = [".markdown", ".md", ".html"]
                .iter()
                .find_map(|x| file.strip_suffix(x))
                .unwrap_or(&file);
            post_url(stem)
        }
        "link" => {
            let file = &words.first()?.value;
            let name = file.rsplit('/').next()?;
            post_url(name.rsplit_once('.').map_or(name, |s| s.0))
        }
        "image" | "img" => {
            let src = words.iter().find(|w| w.key.is_none())?.literal_value()?;
            let alt = keyed(&words, &["alt", "title"])
                .or_else(|| {
                    words
                        .iter()
                        .filter(|w| w.key.is_none())
                        .nth(1)
                        .map(|w| w.value.clone())
                })
                .unwrap_or_default();
            Some(figure(html, &src, &alt, keyed(&words, &["caption"]), None))
        }
        "include" | "include_relative" => {
            let src = keyed(&words, &["image", "src", "img", "photo", "file", "path"])
                .or_else(|| keyed(&words, &["url"]).filter(|u| is_image(u)))
                .or_else(|| image_arg(&words))?;
            let link = keyed(&words, &["link", "href", "url"]).filter(|l| *l != src);
            let alt = keyed(&words, &["alt", "title", "description"]).unwrap_or_default();
            Some(figure(
                html,
                &src,
                &alt,
                keyed(&words, &["caption"]),
                link.as_deref(),
            ))
        }
        _ if LIQUID_TAGS.contains(&name) => None,
        // A plugin's image tag (`{% image_with_class "x.jpg" "cls" %}`):
        // whatever it is called, an argument that names an image file.
        _ => {
            let src = image_arg(&words)?;
            let alt = keyed(&words, &["alt", "title"]).unwrap_or_default();
            Some(figure(html, &src, &alt, keyed(&words, &["caption"]), None))
        }
    }
}

/// Liquid's own tags: an image file among their arguments
/// (`{% assign hero = "x.jpg" %}`) is no image on the page.
const LIQUID_TAGS: &[&str] = &[
    "assign",
    "capture",
    "endcapture",
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "case",
    "when",
    "endcase",
    "for",
    "endfor",
    "break",
    "continue",
    "cycle",
    "tablerow",
    "endtablerow",
    "increment",
    "decrement",
    "echo",
    "liquid",
    "render",
];

/// `![alt](src)`, inside a link when there is one, its caption below.
fn figure(html: bool, src: &str, alt: &str, caption: Option<String>, link: Option<&str>) -> String {
    let caption = caption
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if html {
        let image = format!("<img src=\"{}\" alt=\"{}\">", attr(src), attr(alt.trim()));
        let image = match link {
            Some(l) => format!("<a href=\"{}\">{image}</a>", attr(l)),
            None => image,
        };
        return match caption {
            Some(c) => format!("<p>{image}</p><p><em>{c}</em></p>"),
            None => format!("<p>{image}</p>"),
        };
    }
    let alt = alt.replace(['[', ']'], "");
    let image = format!("![{}]({})", alt.trim(), destination(src));
    let mut md = match link {
        Some(l) => format!("[{image}]({})", destination(l)),
        None => image,
    };
    if let Some(c) = caption {
        md.push_str(&format!("\n\n*{c}*"));
    }
    md
}

/// Text for an HTML attribute value in double quotes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// A link address markdown reads whole, spaces and parentheses included.
fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')']) {
        format!("<{}>", url.replace(['<', '>'], ""))
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (String, Vec<Note>) {
        let mut notes = Vec::new();
        let urls = |s: &str| (s == "2019-03-04-hello").then(|| "/posts/hello/".to_string());
        let out = convert(body, 5, false, &urls, &mut notes);
        assert!(out.kept.is_empty());
        (out.text, notes)
    }

    #[test]
    fn clear_tags_are_converted_and_others_become_comments() {
        let (out, notes) = run(
            "{% image \"/img/a.png\" \"A map\" %}\n{% include figure.html image=\"/b.jpg\" caption=\"Border\" alt=\"Trucks\" %}\n[x]({% post_url 2019-03-04-hello %}) [y]({{ site.baseurl }}/about/)\n{% highlight rust %}\nfn x() {}\n{% endhighlight %}\n{% youtube abc %}",
        );
        assert_eq!(
            out,
            "![A map](/img/a.png)\n![Trucks](/b.jpg)\n\n*Border*\n[x](/posts/hello/) [y](/about/)\n```rust\nfn x() {}\n```\n<!-- {% youtube abc %} -->"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].kind, NoteKind::Liquid);
        assert_eq!(notes[0].detail, "line 11: {% youtube abc %}");
    }

    #[test]
    fn figure_includes_and_plugin_image_tags_become_images() {
        let (out, notes) = run(concat!(
            "{% include linked-figure.html image=\"/assets/hero.jpg\" url=\"https://example.org/report\" caption=\"The report\" %}\n",
            "{%- image_with_class \"/assets/x.jpg\" \"wide\" -%}\n",
            "{% include image.html\n   src='{{ site.baseurl }}/img/map one.png'\n   alt=\"A \\\"map\\\"\" %}\n",
            "{% include figure.html image=page.hero %}",
        ));
        assert_eq!(
            out,
            "[![](/assets/hero.jpg)](https://example.org/report)\n\n*The report*\n![](/assets/x.jpg)\n![A \"map\"](</img/map one.png>)\n<!-- {% include figure.html image=page.hero %} -->"
        );
        // A variable is not a path: that include is listed, at its line.
        assert_eq!(notes.len(), 1);
        assert!(notes[0].detail.starts_with("line 10: "), "{notes:?}");
    }

    #[test]
    fn raw_text_is_shown_as_written_without_leaving_template_syntax() {
        let (out, notes) = run(
            "{% raw %}{{ kept }} {% if %}{% endraw %}\n```\n{%- raw -%}{{ x }}{% endraw %}\n```",
        );
        assert_eq!(out, "&#123;{ kept }} &#123;% if %}\n```\n{{ x }}\n```");
        assert!(notes.is_empty());
    }

    #[test]
    fn unknown_tags_in_code_stay_and_in_a_link_follow_it() {
        let (out, notes) = run(
            "```liquid\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n```\nSee `{% seo %}` and [the page]({% link about.md %}) now. {{ page.title }}",
        );
        assert_eq!(
            out,
            "```liquid\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n```\nSee `{% seo %}` and [the page](#)<!-- {% link about.md %} --> now. <!-- {{ page.title }} -->"
        );
        assert_eq!(notes.len(), 6);
    }

    #[test]
    fn whitespace_control_multi_line_tags_and_unclosed_braces() {
        let (out, notes) = run(
            "a {{- site.baseurl -}}/x {%-\n  highlight python\n-%}\nprint(1)\n{%- endhighlight -%}\n50{% off",
        );
        assert_eq!(out, "a /x \n```python\nprint(1)\n```\n50&#123;% off");
        assert!(notes.is_empty());
    }

    #[test]
    fn liquid_s_own_tags_are_never_images() {
        let (out, notes) = run("{% assign hero = \"/x.jpg\" %}");
        assert_eq!(out, "<!-- {% assign hero = \"/x.jpg\" %} -->");
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn a_long_paste_of_tags_is_read_in_one_pass() {
        // Lines and code are counted as the text goes: the byte reads per
        // tag do not grow with the number of tags before it.
        let mut code = Code::default();
        let body = "x {% t %} ".repeat(20_000);
        let mut last = 0;
        for (at, _) in body.match_indices("{%") {
            assert!(!code.at(&body, at));
            assert!(code.pos >= last);
            last = code.pos;
        }
        assert_eq!(code.pos, body.len() - 8);
        let (out, notes) = run(&"{% t ".repeat(20_000));
        assert_eq!(out.matches("&#123;").count(), 20_000);
        assert!(notes.is_empty());
    }

    #[test]
    fn in_html_figures_are_html_and_comments_wait_for_the_markdown() {
        let mut notes = Vec::new();
        let c = convert(
            "<p>Intro {% toc %}.</p>\n{% include figure.html image=\"/a.jpg\" alt='A \"b\"' caption=\"C\" %}",
            1,
            true,
            &|_| None,
            &mut notes,
        );
        assert_eq!(
            c.text,
            "<p>Intro FolioKeptLiquid0End.</p>\n<p><img src=\"/a.jpg\" alt=\"A &quot;b&quot;\"></p><p><em>C</em></p>"
        );
        assert_eq!(c.kept, ["<!-- {% toc %} -->"]);
        assert_eq!(
            restore("Intro FolioKeptLiquid0End.", &c.kept),
            "Intro <!-- {% toc %} -->."
        );
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn a_comment_cannot_be_closed_early_by_the_tag_it_keeps() {
        let (out, _) = run("{% note \"-->\" %}");
        assert_eq!(out, "<!-- {% note \"- ->\" %} -->");
    }
}
