//! One whole page, as written, for review: the article page of a tiny site.
//! Update with `INSTA_UPDATE=always cargo test --test integration snapshot::` (or
//! `cargo insta review`) after an intended change to the theme.

use crate::common::*;

#[test]
fn tiny_article_page() {
    let site = fixture("minimal");
    site.build_ok();
    // The version is not what this snapshot is about.
    let html = site.read("/commentary/hello/").replace(
        &format!("folio {}", env!("CARGO_PKG_VERSION")),
        "folio [version]",
    );
    insta::assert_snapshot!("tiny_article_page", html);
}
