//! Part of the content stage: values that more than one kind of header has
//! (dates, disclaimers, publication types, attachments, persons), each read
//! into its typed value or an error pointing at where it is written.

use serde_saphyr::Spanned;

use super::date::PubDate;
use super::frontmatter::{self, AuthorHeader, DisclaimerSetting, LinkEntry, Split};
use super::urls::alias_path;
use super::walk::SourceFile;
use super::{ArticleType, DisclaimerSource, Person};
use crate::config::{Config, SiteZone};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::safe_url;
use crate::scheme;

/// One file's header being read, and the errors found in it so far.
pub(super) struct Fields<'f> {
    pub(super) file: &'f SourceFile,
    pub(super) split: &'f Split<'f>,
    pub(super) errors: Vec<Diagnostic>,
}

impl<'f> Fields<'f> {
    pub(super) fn new(file: &'f SourceFile, split: &'f Split<'f>) -> Self {
        Fields {
            file,
            split,
            errors: Vec::new(),
        }
    }

    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file.rel, message)
    }

    /// An error at `line`:`column` of the file, `width` characters wide.
    pub(super) fn push_at(
        &mut self,
        message: impl Into<String>,
        line: usize,
        column: usize,
        width: usize,
        help: impl Into<String>,
    ) {
        let d = self
            .error(message)
            .at(&self.file.text, line, column)
            .width(width)
            .help(help);
        self.errors.push(d);
    }

    /// A required key is absent: the error points at the opening `---`.
    pub(super) fn missing(&mut self, key: &str, help: &str) {
        self.push_at(format!("the front matter has no `{key}`"), 1, 1, 3, help);
    }

    pub(super) fn date(&mut self, d: Spanned<String>, zone: &SiteZone) -> Option<PubDate> {
        let p = frontmatter::position(d, self.split);
        match PubDate::parse_in(&p.value, zone) {
            Ok(d) => Some(d),
            Err(why) => {
                self.push_at(
                    format!("invalid date: {why}"),
                    p.line,
                    p.column,
                    p.value.chars().count(),
                    "write dates as YYYY-MM-DD, e.g. 2025-11-05, or as 2025-11-05T09:30:00+05:00",
                );
                None
            }
        }
    }

    pub(super) fn disclaimer(
        &mut self,
        d: Spanned<DisclaimerSetting>,
        config: &Config,
    ) -> Option<DisclaimerSource> {
        let p = frontmatter::position(d, self.split);
        match p.value {
            DisclaimerSetting::Switch(false) => Some(DisclaimerSource::None),
            DisclaimerSetting::Switch(true) => {
                self.push_at(
                    "`disclaimer: true` does not say which disclaimer",
                    p.line,
                    p.column,
                    4,
                    "leave `disclaimer` out to use the default, write `false` for none, or name one from [disclaimers] in site.toml",
                );
                None
            }
            DisclaimerSetting::Text(text) => {
                if let Some(named) = config.disclaimers.get(text.trim()) {
                    return Some(DisclaimerSource::Markdown(named.clone()));
                }
                // One word is a name, not a disclaimer: a typo must not print "event" under an article.
                let word = text.trim();
                if word.contains(char::is_whitespace) {
                    return Some(DisclaimerSource::Markdown(text));
                }
                let names = config.disclaimers.keys().map(String::as_str);
                let help = match did_you_mean(word, names) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!(
                        "named disclaimers in site.toml: {}",
                        config
                            .disclaimers
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.push_at(
                    format!("there is no disclaimer named `{word}` in site.toml"),
                    p.line,
                    p.column,
                    word.chars().count(),
                    help,
                );
                None
            }
        }
    }

    pub(super) fn article_type(&mut self, k: Spanned<String>) -> Option<ArticleType> {
        let p = frontmatter::position(k, self.split);
        let t = ArticleType::parse(&p.value);
        if t.is_none() {
            let names = ArticleType::NAMES.split(", ");
            let help = match did_you_mean(&p.value, names) {
                Some(m) => format!("did you mean `{m}`? Types: {}", ArticleType::NAMES),
                None => format!("types: {}", ArticleType::NAMES),
            };
            self.push_at(
                format!("`{}` is not a publication type", p.value),
                p.line,
                p.column,
                p.value.chars().count(),
                help,
            );
        }
        t
    }

    /// An address from the header, as written if it passes the one safety
    /// rule ([`safe_url`]), else an error at its place naming `key`.
    pub(super) fn safe_url(
        &mut self,
        v: Spanned<String>,
        key: &str,
        use_: safe_url::Use,
    ) -> Option<String> {
        let p = frontmatter::position(v, self.split);
        self.refuse_unsafe(&p, key, use_).then_some(p.value)
    }

    /// True when `p` passes the safety rule; else records the error.
    fn refuse_unsafe(
        &mut self,
        p: &frontmatter::Positioned<String>,
        key: &str,
        use_: safe_url::Use,
    ) -> bool {
        match safe_url::check(&p.value, use_) {
            Ok(()) => true,
            Err(refused) => {
                self.push_at(
                    refused.message(key, use_),
                    p.line,
                    p.column,
                    self.written_width(p),
                    safe_url::Refused::fix(use_),
                );
                false
            }
        }
    }

    /// `aliases:` checked as paths of the site; `example` is an old path
    /// such as the one the file might have had, for the hint.
    pub(super) fn aliases(&mut self, aliases: Vec<Spanned<String>>, example: &str) -> Vec<String> {
        let mut out = Vec::new();
        for a in aliases {
            let p = frontmatter::position(a, self.split);
            match alias_path(&p.value) {
                Ok(path) => out.push(path),
                Err(why) => {
                    let width = self.written_width(&p);
                    self.push_at(
                        format!("invalid alias: {why}"),
                        p.line,
                        p.column,
                        width,
                        format!("an alias is an old path of this site such as {example}"),
                    )
                }
            }
        }
        out
    }

    /// How many characters `p`'s value takes on its line: in quotes, up to
    /// the closing quote (`\t` is two characters there, one in the value).
    fn written_width(&self, p: &frontmatter::Positioned<String>) -> usize {
        let line = self.file.text.lines().nth(p.line.saturating_sub(1));
        let before = line
            .filter(|_| p.column > 1)
            .and_then(|l| l.chars().nth(p.column - 2));
        let rest = line.map(|l| l.chars().skip(p.column.saturating_sub(1)));
        let width = match (before, rest) {
            (Some(q @ ('"' | '\'')), Some(rest)) => {
                let mut escaped = false;
                rest.take_while(|&c| {
                    let end = c == q && !escaped;
                    escaped = q == '"' && c == '\\' && !escaped;
                    !end
                })
                .count()
            }
            _ => p.value.chars().count(),
        };
        width.max(1)
    }

    /// An attachment's URL (`key` is `pdf` or `image`): addresses with a
    /// scheme as written once they pass the safety rule, site paths as
    /// written, a relative name under `folder`, the URL of the folder the
    /// markdown sits in (a bundle's page, else its section).
    /// Whether a named file exists is known only once every file is: the
    /// check step judges it (`check::files`).
    pub(super) fn attachment(
        &mut self,
        v: Spanned<String>,
        folder: &str,
        key: &str,
    ) -> Option<String> {
        let p = frontmatter::position(v, self.split);
        let use_ = match key {
            "image" => safe_url::Use::Image,
            _ => safe_url::Use::Link,
        };
        if !self.refuse_unsafe(&p, key, use_) {
            return None;
        }
        let value = p.value.trim();
        if safe_url::has_scheme(value) {
            return Some(value.to_string());
        }
        let (base, path) = match value.strip_prefix('/') {
            Some(rest) => ("/", rest),
            None => (folder, value),
        };
        match alias_path(path) {
            Ok(clean) => Some(scheme::file_below(base, &clean)),
            Err(why) => {
                self.push_at(
                    format!("invalid attachment path: {why}"),
                    p.line,
                    p.column,
                    value.chars().count(),
                    "name a file in the article's folder (e.g. report.pdf), a site path (/files/report.pdf) or a full https:// address",
                );
                None
            }
        }
    }

    /// A person from an author header; `line` is where to point if the
    /// name is missing (1: look for a `name:` line of the header).
    pub(super) fn person(&mut self, h: AuthorHeader, line: usize) -> Option<Person> {
        let name = h
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        let Some(name) = name else {
            let line = if line == 1 {
                frontmatter::key_line(self.split, "name").unwrap_or(1)
            } else {
                line
            };
            self.push_at(
                "the author has no `name`",
                line,
                1,
                1,
                "add `name: Full Name` (as it should appear in bylines)",
            );
            return None;
        };
        let photo = h
            .photo
            .and_then(|p| self.safe_url(p, "photo", safe_url::Use::Image));
        let links = h
            .links
            .into_iter()
            .filter_map(|l| {
                let url = self.safe_url(l.url, "links", safe_url::Use::Link)?;
                Some(LinkEntry { name: l.name, url })
            })
            .collect();
        let orcid = h
            .orcid
            .and_then(|v| self.identifier(v, super::identifiers::orcid));
        let ror = h
            .ror
            .and_then(|v| self.identifier(v, super::identifiers::ror));
        Some(Person {
            name,
            affiliation: h.affiliation,
            role: h.role,
            note: h.note,
            orcid,
            ror,
            photo,
            links,
            family_name: h.family_name,
            given_name: h.given_name,
            organization: h.organization,
        })
    }

    /// An identifier (`orcid`, `ror`) checked by `check`, kept bare; a
    /// wrong one is an error at its value.
    fn identifier(
        &mut self,
        v: Spanned<String>,
        check: fn(&str) -> Result<String, super::identifiers::Refused>,
    ) -> Option<String> {
        let p = frontmatter::position(v, self.split);
        match check(&p.value) {
            Ok(bare) => Some(bare),
            Err(refused) => {
                let width = self.written_width(&p);
                self.push_at(refused.message, p.line, p.column, width, refused.help);
                None
            }
        }
    }
}
