//! Validation of deposits against Crossref's own schema (crossref5.3.1.xsd
//! and its imports) with `xmllint`. The schema is not vendored (its bundle
//! states no licence): `.ci/crossref-schema` fetches it, checked against
//! tests/fixtures/crossref/schema/SHA256SUMS, into target/crossref-schema,
//! or FOLIO_CROSSREF_SCHEMA names a folder holding it. Without xmllint or
//! the schema these checks print SKIPPED, unless FOLIO_REQUIRE_XMLLINT=1
//! (as in `.ci/run`) makes them fail.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The MathML import the Crossref files name by its W3C address; xmllint
/// runs with --nonet, so it is pointed at the copy in the bundle.
const MATHML_REMOTE: &str = "http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd";
const MATHML_LOCAL: &str = "standard-modules/mathml3/mathml3.xsd";

fn required() -> bool {
    std::env::var_os("FOLIO_REQUIRE_XMLLINT").is_some_and(|v| !v.is_empty() && v != "0")
}

fn schema_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("FOLIO_CROSSREF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/crossref-schema"));
    dir.join("crossref5.3.1.xsd").is_file().then_some(dir)
}

fn have_xmllint() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The schema's files copied into `into`, every import local.
fn local_copy(from: &Path, into: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = into.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if rel.extension().is_some_and(|e| e == "xsd") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(&target, text.replace(MATHML_REMOTE, MATHML_LOCAL)).unwrap();
        }
    }
}

/// What xmllint says of `files`: Ok, or its complaints; None when the
/// check cannot run here (after saying SKIPPED, or failing when required).
pub fn xmllint(test: &str, files: &[&Path]) -> Option<Result<(), String>> {
    let schema = schema_dir();
    let missing = match (&schema, have_xmllint()) {
        (Some(_), true) => None,
        (None, _) => {
            Some("no Crossref schema (run .ci/crossref-schema, or set FOLIO_CROSSREF_SCHEMA)")
        }
        (_, false) => Some("no xmllint (apt-get install libxml2-utils)"),
    };
    if let Some(why) = missing {
        assert!(!required(), "{why}, and FOLIO_REQUIRE_XMLLINT is set");
        eprintln!("SKIPPED {test}: {why}");
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    local_copy(&schema.unwrap(), tmp.path());
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(tmp.path().join("crossref5.3.1.xsd"))
        .args(files)
        .output()
        .expect("cannot run xmllint");
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// Asserts that every file validates against Crossref's schema.
pub fn assert_valid(test: &str, files: &[&Path]) {
    if let Some(Err(why)) = xmllint(test, files) {
        panic!("the deposit does not validate against crossref5.3.1.xsd:\n{why}");
    }
}
