//! The one safety rule for every address folio takes from content or
//! configuration and writes into a page as a live `href` or `src`: links in
//! inline markdown, author profiles' `links` and `photo`, an article's
//! `image` and `pdf`, aliases, and site.toml's menus, `logo`, `favicon`
//! and `extra_css`. Below config and content, so that every stage can ask
//! it; those stages turn a refusal into an error at the value's place.
//!
//! An address is judged as a browser reads it. The WHATWG URL parser
//! strips leading and trailing C0 controls and spaces and removes ASCII tab
//! and newline anywhere, so `" java\tscript:alert(1)"` runs as
//! `javascript:`; older parsers skipped other controls (`java\0script:`)
//! too. The rule removes every ASCII blank and control character wherever
//! it is (and reads HTML character references, in case a template writes
//! the address unescaped), lower-cases, and then reads the scheme: what
//! comes before a `:` that precedes any `/`, `?` or `#`. Only schemes
//! known to be inert are allowed (an allow-list refuses `livescript:` or a
//! scheme spelt with invisible Unicode as surely as `javascript:`), plus
//! `data:image/...` where an image is meant: an `<img>` runs no script.

/// What an address is for: an image may be written as `data:image/...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A link, a stylesheet, a file to download.
    Link,
    /// An image (`<img src>`, an icon).
    Image,
}

/// Schemes a link may have: none of them runs code or embeds a document.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Schemes that run code when followed: named as such in messages.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "livescript"];

/// An address refused by the rule, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The scheme as the browser reads it, lower-case (`javascript`).
    pub scheme: String,
    /// The scheme and its colon as written, when that differs: with the
    /// blanks, controls and references that hide it, escaped
    /// (`java\tscript:`).
    pub written: Option<String>,
}

impl Refused {
    /// What is wrong, in words: "unsafe scheme `javascript:`: it runs a
    /// script in the reader's browser".
    pub fn describe(&self, use_: Use) -> String {
        let as_written = match &self.written {
            Some(w) => format!(
                " (written `{w}`, which browsers read as `{}:`)",
                self.scheme
            ),
            None => String::new(),
        };
        let why = match self.scheme.as_str() {
            "data" if use_ == Use::Image => {
                "only an image may be given as a data: address (data:image/...)"
            }
            "data" => "a data: address is a whole document, which can hold a script",
            s if SCRIPT_SCHEMES.contains(&s) => "it runs a script in the reader's browser",
            _ => "folio publishes only http:, https:, mailto: and tel: addresses and paths",
        };
        format!("unsafe scheme `{}:`{as_written}: {why}", self.scheme)
    }

    /// The error for an address written as `what` (`links`, `[[menu]] url`).
    pub fn message(&self, what: &str, use_: Use) -> String {
        format!("`{what}` has an address with an {}", self.describe(use_))
    }

    /// How to write an address that passes, for `use_`.
    pub fn fix(use_: Use) -> &'static str {
        match use_ {
            Use::Link => {
                "write an http:// or https:// address, a mailto: or tel: address, or a path of the site such as /about/"
            }
            Use::Image => {
                "write the image's https:// address, a path of the site such as /images/photo.jpg (a file in static/), or a data:image/... address"
            }
        }
    }
}

/// The scheme of `url` as a browser reads it, lower-case, or None when it
/// has none (a path: `/about/`, `x.pdf`, `#notes`, `//host/x`), with the
/// scheme as written when blanks or control characters changed it.
fn scheme(url: &str) -> Option<(String, Option<String>)> {
    let raw_end = url.find([':', '/', '?', '#']);
    let cleaned = without_blanks(&decode_references(&without_blanks(url))).to_ascii_lowercase();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    let scheme = cleaned[..end].to_string();
    // As written: up to its `:` when that is where the browser sees it,
    // else (a colon spelt `&colon;`) the address's start.
    let written = match raw_end {
        Some(e) if url[e..].starts_with(':') => &url[..=e],
        _ => &url[..url.char_indices().nth(40).map_or(url.len(), |(i, _)| i)],
    };
    let written = written.trim_start_matches([' ', '\t', '\n', '\r', '\u{c}']);
    let written = (written.to_ascii_lowercase() != format!("{scheme}:"))
        .then(|| written.escape_debug().to_string());
    Some((scheme, written))
}

/// `s` without ASCII blanks and control characters, as browsers read a
/// scheme.
fn without_blanks(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect()
}

/// `s` with HTML character references decoded: numeric ones (`&#106;`,
/// `&#x6A`, with or without `;`) and the named ones that spell a scheme's
/// separator or a blank (`&colon;`, `&Tab;`, `&NewLine;`). folio escapes
/// every address it writes, so a browser never decodes them; judging the
/// decoded form too keeps a template that writes an address unescaped
/// from turning `&#106;avascript:` into a live script.
fn decode_references(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some((c, len)) = reference(rest) {
            out.push(c);
            rest = &rest[len..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
        } else {
            out.push('&');
        }
    }
    out.push_str(rest);
    out.into()
}

/// The character a reference after `&` stands for, and the length of its
/// name or number (without the `;`).
fn reference(s: &str) -> Option<(char, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let value = u32::from_str_radix(&digits[..len], radix).ok()?;
        return Some((char::from_u32(value).unwrap_or('\u{fffd}'), skip + len));
    }
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    [("colon", ':'), ("tab", '\t'), ("newline", '\n')]
        .into_iter()
        .find(|(name, _)| lower.starts_with(name))
        .map(|(name, c)| (c, name.len()))
}

/// Whether `url`, used as `use_`, may be written into a page as it is.
pub fn check(url: &str, use_: Use) -> Result<(), Refused> {
    let Some((scheme, written)) = scheme(url) else {
        return Ok(());
    };
    if SAFE_SCHEMES.contains(&scheme.as_str()) {
        return Ok(());
    }
    if use_ == Use::Image && scheme == "data" && is_data_image(url) {
        return Ok(());
    }
    Err(Refused { scheme, written })
}

/// `data:image/...`, read with the same blanks removed as the scheme.
fn is_data_image(url: &str) -> bool {
    without_blanks(&decode_references(&without_blanks(url)))
        .to_ascii_lowercase()
        .starts_with("data:image/")
}

/// Whether a link may be live: http, https, mailto and tel addresses, and
/// paths. (Inline markdown shows an unsafe link as its text.)
pub fn is_safe_link(url: &str) -> bool {
    check(url, Use::Link).is_ok()
}

/// Whether `url` has a scheme at all (`https:`, `javascript:`), that is,
/// is not a path of the site.
pub fn has_scheme(url: &str) -> bool {
    scheme(url).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling of a script address that browsers (or the WHATWG URL
    /// parser) still read as one.
    const HOSTILE: &[&str] = &[
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "  javascript:alert(1)",
        "\u{0}javascript:alert(1)",
        "java\u{0}script:alert(1)",
        "\u{1f}\u{8}javascript:alert(1)",
        "javascript\t:alert(1)",
        "\u{c}javascript:alert(1)",
        "javascript\u{7f}:alert(1)",
        "java\u{85}script:x",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        " data:text/html,x",
        "livescript:x",
        "java\u{200b}script:alert(1)",
        "file:///etc/passwd",
        // The attack vectors of braintree/sanitize-url's own tests
        // (src/__tests__/index.test.ts), for a template that writes an
        // address unescaped.
        "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;",
        "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29",
        "jav&#x09;ascript:alert('XSS');",
        " &#14; javascript:alert('XSS');",
        "javasc&Tab;ript: alert('XSS');",
        "javasc&#\u{0}x09;ript:alert(1)",
        "&!*javascript:alert(document.domain)",
        "javascript&colon;alert(document.domain)",
        "data&COLON;alert(document.domain)",
        "j\u{feff}\u{feff}a\u{200b}vascript:alert(document.domain)",
        "    vbscript:alert(document.domain)",
        "not_javascript:alert(1)",
    ];

    #[test]
    fn hostile_spellings_are_refused_as_links_and_images() {
        for bad in HOSTILE {
            assert!(check(bad, Use::Link).is_err(), "{bad:?} passed as a link");
            assert!(
                check(bad, Use::Image).is_err(),
                "{bad:?} passed as an image"
            );
        }
    }

    #[test]
    fn data_images_pass_only_as_images() {
        for img in [
            "data:image/png;base64,iVBORw0KGgo=",
            "DATA:IMAGE/svg+xml,<svg/>",
            " data:\timage/gif;base64,R0lGOD",
        ] {
            assert!(check(img, Use::Image).is_ok(), "{img:?}");
            assert!(check(img, Use::Link).is_err(), "{img:?}");
        }
        assert!(check("data:imagex,x", Use::Image).is_err());
        assert!(check("data:text/html,x", Use::Image).is_err());
    }

    #[test]
    fn addresses_and_paths_pass() {
        for good in [
            "https://example.org/x?a=b#c",
            "HTTP://example.org/",
            "mailto:a@example.org",
            "tel:+92-51-1234567",
            "/about/",
            "../x/",
            "report.pdf",
            "#notes",
            "?q=javascript:x",
            "//cdn.example.org/x.css",
            "/a/javascript:x",
            "",
            // braintree/sanitize-url's addresses that must pass as written.
            "http://example.com/path/to:something",
            "https://example.com:4567/path/to:something",
            "./path/to/my.json",
            "//google.com/robots.txt",
            "www.example.com/with-áccêntš",
            "mailto:test@example.com?subject=hello+world",
            "   http://example.com/path/to:something    ",
            "http://example.com#javascript:foo",
            "&#104;&#116;&#116;&#112;&#115;&#0000058//&#101;&#120;&#97;&#109;&#112;&#108;&#101;&#46;&#99;&#111;&#109;/&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058",
            "https://example.org/?a=1&b=2&#frag",
        ] {
            assert!(check(good, Use::Link).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn refusals_name_the_scheme_as_read_and_as_written() {
        let r = check("Java\tScript:alert(1)", Use::Link).unwrap_err();
        assert_eq!(r.scheme, "javascript");
        assert_eq!(r.written.as_deref(), Some("Java\\tScript:"));
        let m = r.message("links", Use::Link);
        assert!(
            m.starts_with("`links` has an address with an unsafe scheme `javascript:`"),
            "{m}"
        );
        assert!(m.contains("written `Java\\tScript:`"), "{m}");
        assert!(m.contains("runs a script"), "{m}");
        let r = check("JAVASCRIPT:x", Use::Link).unwrap_err();
        assert_eq!(r.written, None, "case alone is not worth a mention");
        let m = check("data:text/html,x", Use::Image)
            .unwrap_err()
            .message("photo", Use::Image);
        assert!(m.contains("only an image"), "{m}");
        let m = check("ftp://x/", Use::Link)
            .unwrap_err()
            .message("url", Use::Link);
        assert!(m.contains("only http:, https:"), "{m}");
    }
}
