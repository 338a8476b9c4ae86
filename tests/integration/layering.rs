//! The floors of docs/architecture.md, held: every `crate::` path in
//! src/ (in `use` lines, grouped or not, and inline) must aim at a module
//! on a lower floor than the file's own. The floors table is read from
//! docs/architecture.md itself, so the map and the test cannot disagree;
//! a module missing from the table, or named there but absent from src/,
//! fails too. A second test finds import cycles between the files of one
//! module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAP: &str = "docs/architecture.md";
/// The modules of the binary (src/main.rs and src/cmd/), which reach the
/// library as `folio::`.
const BINARY: &str = "cmd";
/// Items of src/lib.rs itself (`crate::build`) belong to this module.
const ROOT: &str = "lib";

/// Module name -> floor, from the table under "## Floors" in the map:
/// rows `| N | `a`, `b` | ... |`.
fn floors_from(map: &str) -> BTreeMap<String, usize> {
    let mut floors = BTreeMap::new();
    let section = map
        .split("\n## ")
        .find(|s| s.starts_with("Floors"))
        .expect("docs/architecture.md has a `## Floors` section");
    for row in section.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let Some(Ok(floor)) = cells.first().map(|c| c.parse::<usize>()) else {
            continue; // the header and its rule
        };
        for module in cells[1].split(',') {
            let name = module.trim().trim_matches('`');
            let name = name.split_whitespace().next().unwrap_or(name);
            assert!(
                floors.insert(name.to_string(), floor).is_none(),
                "{MAP}: `{name}` is on two floors"
            );
        }
    }
    assert!(!floors.is_empty(), "{MAP}: the floors table has no rows");
    floors
}

/// The module a source file belongs to, from its path below src/.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    match first.as_ref() {
        "lib.rs" => ROOT.to_string(),
        "main.rs" => BINARY.to_string(),
        f => f.trim_end_matches(".rs").to_string(),
    }
}

/// `text` with comments and the insides of string and character literals
/// blanked out (newlines kept, so lines still count).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let at = |k: usize| b.get(k).copied().unwrap_or('\0');
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // How many characters from `i` are not code, if any.
        let skip = if c == '/' && at(i + 1) == '/' {
            (i..b.len()).find(|&k| b[k] == '\n').unwrap_or(b.len()) - i
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            let mut k = i;
            while k < b.len() {
                if at(k) == '/' && at(k + 1) == '*' {
                    depth += 1;
                    k += 2;
                } else if at(k) == '*' && at(k + 1) == '/' {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            k - i
        } else if c == 'r' && !ident(i.checked_sub(1).and_then(|p| b.get(p))) && {
            let hashes = (i + 1..).take_while(|&k| at(k) == '#').count();
            at(i + 1 + hashes) == '"'
        } {
            // A raw string: r"..." or r#"..."#.
            let hashes = (i + 1..).take_while(|&k| at(k) == '#').count();
            let mut k = i + 2 + hashes;
            while k < b.len() && !(at(k) == '"' && (1..=hashes).all(|h| at(k + h) == '#')) {
                k += 1;
            }
            (k + 1 + hashes).min(b.len()) - i
        } else if c == '"' {
            let mut k = i + 1;
            while k < b.len() && at(k) != '"' {
                k += if at(k) == '\\' { 2 } else { 1 };
            }
            (k + 1).min(b.len()) - i
        } else if c == '\'' && at(i + 1) == '\\' {
            // An escaped character literal ('\'', '\u{22}').
            (i + 3..b.len())
                .find(|&k| b[k] == '\'')
                .map_or(b.len(), |k| k + 1)
                - i
        } else if c == '\'' && at(i + 2) == '\'' {
            3 // a character literal ('"'); a lifetime has no closing quote
        } else {
            0
        };
        if skip == 0 {
            out.push(c);
            i += 1;
        } else {
            out.extend(b[i..i + skip].iter().map(|&c| blank(c)));
            i += skip;
        }
    }
    out
}

fn ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Every module a file's code names, with the line: `crate::x` (and, in the
/// binary, `folio::x`), where `x` may be a group `{a, b::c, d}` spread over
/// lines. A name that is no module is an item of the crate's root.
fn imports(text: &str, binary: bool, modules: &BTreeSet<String>) -> Vec<(usize, String)> {
    let code = code_only(text);
    let mut found = Vec::new();
    let prefixes: &[&str] = if binary {
        &["crate::", "folio::"]
    } else {
        &["crate::"]
    };
    for prefix in prefixes {
        let mut from = 0;
        while let Some(at) = code[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            if ident(code[..start].chars().last().as_ref()) {
                continue; // `my_crate::`, not ours
            }
            let after = &code[from..];
            let names: Vec<(usize, String)> = match after.strip_prefix('{') {
                Some(group) => top_level_names(group)
                    .into_iter()
                    .map(|(at, n)| (from + 1 + at, n))
                    .collect(),
                None => vec![(from, first_name(after))],
            };
            for (at, name) in names
                .into_iter()
                .filter(|(_, n)| !n.is_empty() && n != "self")
            {
                let line = code[..at].matches('\n').count() + 1;
                let module = if binary && *prefix == "crate::" {
                    BINARY.to_string()
                } else if modules.contains(&name) {
                    name
                } else {
                    ROOT.to_string()
                };
                found.push((line, module));
            }
        }
    }
    found
}

fn first_name(text: &str) -> String {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    text[..end].to_string()
}

/// The first name of each item of a `{...}` group (the text after `{`),
/// with its byte offset there.
fn top_level_names(group: &str) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut expecting = true;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => expecting = true,
            c if expecting && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                names.push((at, first_name(&group[at..])));
                expecting = false;
            }
            _ => {}
        }
    }
    names
}

/// What breaks the floors, one line per import: `file:line: ...`.
fn violations(files: &[(PathBuf, String)], floors: &BTreeMap<String, usize>) -> Vec<String> {
    let modules: BTreeSet<String> = floors.keys().cloned().collect();
    let mut out = Vec::new();
    for (rel, text) in files {
        let own = module_of(rel);
        let Some(&floor) = floors.get(&own) else {
            out.push(format!(
                "src/{}: module `{own}` is not in the floors table of {MAP}",
                rel.display()
            ));
            continue;
        };
        let binary = own == BINARY;
        for (line, target) in imports(text, binary, &modules) {
            if target == own {
                continue;
            }
            let to = floors[&target];
            if to >= floor {
                let how = if to == floor {
                    "on its own floor"
                } else {
                    "higher"
                };
                out.push(format!(
                    "src/{}:{line}: `{own}` (floor {floor}) imports `{target}` (floor {to}, {how}); \
                     move what it needs down, or the code up",
                    rel.display()
                ));
            }
        }
    }
    out
}

fn sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.strip_prefix(&src).unwrap().to_path_buf(), text));
            }
        }
    }
    files.sort();
    files
}

fn floors() -> BTreeMap<String, usize> {
    let map = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(MAP)).unwrap();
    floors_from(&map)
}

#[test]
fn every_import_points_down() {
    let floors = floors();
    let files = sources();
    let found = violations(&files, &floors);
    assert!(
        found.is_empty(),
        "imports against the floors of {MAP}:\n{}",
        found.join("\n")
    );
    // And the table names nothing the tree lacks.
    let present: BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    for module in floors.keys() {
        assert!(
            present.contains(module),
            "{MAP} names `{module}`, which src/ does not have"
        );
    }
}

#[test]
fn an_upward_import_is_reported() {
    let floors = floors();
    let config = "//! a comment naming crate::render is no import\n\
                  use crate::{\n    diagnostics::Diagnostic,\n    cite::{self, style_by_name},\n};\n\
                  fn f() { let s = \"crate::pipeline\"; crate::render::go(); }\n";
    let scheme = "use crate::config::Config;\n";
    let files = vec![
        (PathBuf::from("config/mod.rs"), config.to_string()),
        (PathBuf::from("scheme.rs"), scheme.to_string()),
        (
            PathBuf::from("cmd/build.rs"),
            "use folio::pipeline;\nuse crate::cmd::term;\n".to_string(),
        ),
    ];
    let found = violations(&files, &floors);
    let [cite, render, scheme] = &found[..] else {
        panic!("expected three findings, got {found:#?}");
    };
    assert!(
        cite.starts_with("src/config/mod.rs:4: `config` (floor 1) imports `cite`"),
        "{cite}"
    );
    assert!(
        render.starts_with("src/config/mod.rs:6: `config` (floor 1) imports `render`"),
        "{render}"
    );
    assert!(
        scheme.starts_with("src/scheme.rs:1: `scheme` (floor 0) imports `config`"),
        "{scheme}"
    );
    // A module the table does not name is a finding too.
    let stray = violations(
        &[(PathBuf::from("no_such_module/mod.rs"), String::new())],
        &floors,
    );
    assert_eq!(stray.len(), 1, "{stray:?}");
}

/// The README's "Repository layout" names every module of the table.
#[test]
fn the_readme_layout_names_every_module() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let layout = readme
        .split("\n## ")
        .find(|s| s.starts_with("Repository layout"))
        .expect("README.md has a `## Repository layout` section");
    for module in floors().keys().filter(|m| *m != ROOT && *m != BINARY) {
        assert!(
            layout.contains(&format!("src/{module}.rs"))
                || layout.contains(&format!("src/{module}/")),
            "README.md's Repository layout does not name src/{module}"
        );
    }
    assert!(layout.contains("src/lib.rs") && layout.contains("cmd/"));
}

/// Import cycles between the files of one module (`super::x` from a file
/// beside `x.rs`), which make a module one tangle instead of layers.
#[test]
fn no_import_cycles_between_the_files_of_a_module() {
    let files = sources();
    let names: BTreeSet<PathBuf> = files.iter().map(|(rel, _)| rel.clone()).collect();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (rel, text) in &files {
        if rel.components().count() < 2 || rel.ends_with("mod.rs") {
            continue;
        }
        let dir = rel.parent().unwrap();
        let code = code_only(text);
        for (at, _) in code.match_indices("super::") {
            let after = &code[at + "super::".len()..];
            let names_here: Vec<String> = match after.strip_prefix('{') {
                Some(group) => top_level_names(group).into_iter().map(|(_, n)| n).collect(),
                None => vec![first_name(after)],
            };
            for n in names_here {
                let sibling = dir.join(format!("{n}.rs"));
                if sibling != *rel && names.contains(&sibling) {
                    edges.entry(rel.clone()).or_default().insert(sibling);
                }
            }
        }
    }
    let mut cycles = BTreeSet::new();
    for (a, targets) in &edges {
        for b in targets {
            if let Some(path) = path_between(&edges, b, a) {
                let mut ring: Vec<String> = std::iter::once(a.clone())
                    .chain(path)
                    .map(|p| p.display().to_string())
                    .collect();
                let first = ring
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, n)| (*n).clone())
                    .unwrap()
                    .0;
                ring.rotate_left(first);
                cycles.insert(ring.join(" <-> "));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles between files: {cycles:#?}"
    );
}

/// A path of imports from `from` to `to`, `from` included.
fn path_between(
    edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    from: &Path,
    to: &Path,
) -> Option<Vec<PathBuf>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![from.to_path_buf()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        if last == to {
            return Some(path[..path.len() - 1].to_vec());
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in edges.get(last).into_iter().flatten() {
            let mut longer = path.clone();
            longer.push(next.clone());
            stack.push(longer);
        }
    }
    None
}
