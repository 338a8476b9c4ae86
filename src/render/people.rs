//! Part of the render stage: author pages (the profile above the author's
//! articles) and the index of authors.

use serde::Serialize;
use tera::Context;

use super::pages::{ListPage, Pages};
use crate::content::{AuthorProfile, LinkEntry};
use crate::diagnostics::Diagnostic;
use crate::scheme;

/// What author templates see of a profile (`author` in docs/templates.md).
#[derive(Serialize)]
struct AuthorValues<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    affiliation: Option<&'a str>,
    role: Option<&'a str>,
    note_html: Option<&'a str>,
    orcid: Option<&'a str>,
    photo: Option<&'a str>,
    links: &'a [LinkEntry],
    bio_html: Option<&'a str>,
    count: usize,
    /// The language of the profile when this edition lacks its translation.
    lang: Option<&'a str>,
}

impl Pages<'_> {
    fn author_values<'a>(&'a self, a: &'a AuthorProfile) -> AuthorValues<'a> {
        let (note, bio) = self
            .r
            .html
            .authors
            .get(&a.slug)
            .map(|(n, b)| (n.as_deref(), b.as_ref().map(|b| b.html.as_str())))
            .unwrap_or((None, None));
        let p = &a.person;
        AuthorValues {
            name: &p.name,
            slug: &a.slug,
            url: &a.url,
            affiliation: p.affiliation.as_deref(),
            role: p.role.as_deref(),
            note_html: note,
            orcid: p.orcid.as_deref(),
            photo: p.photo.as_deref(),
            links: &p.links,
            bio_html: bio,
            count: self.r.routes.lists.by_author(&a.slug).len(),
            lang: a.fallback_lang.as_deref(),
        }
    }

    pub(super) fn author(&self, slug: &str, page: usize, _url: &str) -> Result<(), Diagnostic> {
        let Some(a) = self.r.site.authors.get(slug) else {
            return Ok(());
        };
        let values = self.author_values(a);
        let p = &a.person;
        let description = p
            .affiliation
            .as_deref()
            .map(|aff| format!("{}, {aff}", p.name));
        let list = ListPage {
            template: "author.html",
            url: &a.url,
            title: &p.name,
            description: description.as_deref(),
            members: self.r.routes.lists.by_author(slug),
            per_page: self.r.config.paginate_by,
            page,
        };
        let feed = (!self.r.routes.lists.by_author(slug).is_empty())
            .then(|| self.page_feed(&p.name, &a.url));
        let jsonld = super::jsonld::script_safe(&super::jsonld::profile(&self.r.config, a));
        self.list_page(list, |ctx| {
            ctx.insert("author", &values);
            ctx.insert("page_feed", &feed);
            ctx.insert("jsonld", &jsonld);
        })
    }

    /// Every profile, by family name.
    pub(super) fn author_index(&self) -> Result<(), Diagnostic> {
        let mut profiles: Vec<&AuthorProfile> = self.r.site.authors.values().collect();
        profiles.sort_by_cached_key(|a| (a.person.family().to_lowercase(), a.person.name.clone()));
        let index: Vec<AuthorValues> = profiles.iter().map(|a| self.author_values(a)).collect();
        let mut ctx = Context::new();
        ctx.insert("authors", &index);
        self.page(
            "authors.html",
            &scheme::authors(&self.r.site.root),
            None,
            ctx,
            self.t("authors"),
        )
    }
}
