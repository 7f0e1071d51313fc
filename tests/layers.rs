//! The archive's floors (see the module comment of `src/archive/mod.rs`):
//! each module of `src/archive/` may name only modules of its own floor or
//! of floors below it, no two modules import each other round a circle,
//! and nothing in it names the rest of lektyr beyond a few leaf helpers.
//!
//! The check reads the sources as text: every path that starts with
//! `crate::archive::` or `super::` (outside comments and test modules) is
//! resolved to the module of `src/archive/` it names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The floors, lowest first, and the modules on each.
const FLOORS: [(&str, &[&str]); 5] = [
    (
        "ground",
        &["bytes", "format", "locate", "sanitize", "text", "url"],
    ),
    ("model", &["date", "highlight", "model"]),
    (
        "reading",
        &[
            "builder", "error", "formats", "html", "json", "pieces", "write",
        ],
    ),
    ("cache", &["cache"]),
    ("loading", &["load"]),
];

/// What of the rest of lektyr the archive may use: helpers that import
/// nothing of lektyr themselves.
const LEAVES: [&str; 3] = ["hash", "memory", "width"];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The module path of a file under `src/archive/` (`formats/v1.rs` is
/// `["formats", "v1"]`, `html/mod.rs` is `["html"]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file that counts: without comments and without its test
/// module (from `#[cfg(test)]` followed by `mod`, to the end).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A path named in code: where it starts, and its segments after that.
#[derive(Debug, PartialEq)]
enum Named {
    /// `crate::NAME…` for a name that is not `archive`.
    Crate(String),
    /// A module of the archive (its top module, as in [`FLOORS`]), or the
    /// archive itself (`""`) when a name is taken from its re-exports.
    Archive(String),
}

/// Every path of `code` (in the file of `module`) that leaves the file's
/// own module: through `crate::` or `super::`. A group (`super::{a, b}`)
/// gives each of its names.
fn named(module: &[String], code: &str) -> Vec<Named> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &code[i..];
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let start = if !boundary {
            None
        } else if rest.starts_with("crate::") {
            Some((Vec::<String>::new(), "crate::".len(), true))
        } else if rest.starts_with("super::") {
            Some((module.to_vec(), 0, false))
        } else {
            None
        };
        let Some((mut at, mut skip, from_crate)) = start else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // `super::` steps up from the file's module, as many times as it
        // is written.
        if !from_crate {
            while code[i + skip..].starts_with("super::") {
                at.pop();
                skip += "super::".len();
            }
        }
        let tail = &code[i + skip..];
        let names = if let Some(group) = tail.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end]
                .split(',')
                .map(|n| n.trim().split("::").next().unwrap_or("").to_string())
                .filter(|n| !n.is_empty())
                .collect()
        } else {
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            vec![tail[..end].to_string()]
        };
        for name in names {
            let segments: Vec<&str> = name.split("::").filter(|s| !s.is_empty()).collect();
            let mut full: Vec<String> = at.clone();
            full.extend(segments.iter().map(|s| s.to_string()));
            if from_crate {
                match full.first().map(String::as_str) {
                    Some("archive") => full.remove(0),
                    Some(other) => {
                        out.push(Named::Crate(other.to_string()));
                        continue;
                    }
                    None => continue,
                };
            }
            // The top module named, or the archive's own re-exports when
            // the first name is not a module (it starts with a capital, or
            // is a function re-exported at the top).
            let top = full.first().cloned().unwrap_or_default();
            let is_module = floor_of(&top).is_some();
            out.push(Named::Archive(if is_module { top } else { String::new() }));
        }
        i += skip;
    }
    out
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What is wrong with the floors of the files under `root`, one line each.
fn faults(root: &Path) -> Vec<String> {
    let mut faults = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(root) {
        let rel = path.strip_prefix(root).expect("under the root");
        let module = module_path(rel);
        let shown = format!("src/archive/{}", rel.display());
        // The archive's own mod.rs is the front door: it names every floor.
        let Some(own) = module.first() else {
            continue;
        };
        // Test files of a module (`html/tests.rs`) are test code.
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let Some(own_floor) = floor_of(own) else {
            faults.push(format!(
                "{shown}: module `{own}` is on no floor (add it to FLOORS)"
            ));
            continue;
        };
        let text = fs::read_to_string(&path).expect("a source file");
        for name in named(&module, &code_of(&text)) {
            match name {
                Named::Crate(other) if !LEAVES.contains(&other.as_str()) => faults.push(format!(
                    "{shown}: names `crate::{other}`, which is outside the archive"
                )),
                Named::Crate(_) => {}
                Named::Archive(top) if top.is_empty() => faults.push(format!(
                    "{shown}: takes a name from the archive's re-exports; name its module"
                )),
                Named::Archive(top) => {
                    let floor = floor_of(&top).expect("a module on a floor");
                    if floor > own_floor {
                        faults.push(format!(
                            "{shown}: `{own}` ({}) imports `{top}` ({}), a floor above it",
                            FLOORS[own_floor].0, FLOORS[floor].0
                        ));
                    }
                    if &top != own {
                        edges.entry(own.clone()).or_default().insert(top);
                    }
                }
            }
        }
    }
    faults.extend(circles(&edges));
    faults
}

/// Every circle of modules that import each other, once each.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for start in edges.keys() {
        // Depth-first from `start`, looking for a way back to it through
        // modules that sort after it (so each circle is seen from its
        // least module only).
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, path)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    found.insert(format!("circle: {} -> {start}", path.join(" -> ")));
                } else if next > start && !path.contains(next) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.into_iter().collect()
}

#[test]
fn no_module_of_the_archive_imports_a_floor_above_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/archive");
    let faults = faults(&root);
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn every_floor_names_modules_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/archive");
    for (floor, modules) in FLOORS {
        for m in modules {
            assert!(
                root.join(format!("{m}.rs")).exists() || root.join(m).join("mod.rs").exists(),
                "floor {floor} names `{m}`, which is no module of src/archive"
            );
        }
    }
}

/// The check, on a made-up archive: it sees what it is meant to see.
#[test]
fn the_check_catches_an_import_up_a_circle_and_a_reexport() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(path, text).expect("written");
    };
    // Clean: the model names the ground; a format names the builder and
    // the model through `super::super`; a test module names anything.
    write(
        "model.rs",
        "use super::text::Text;\n// super::cache is a comment\n",
    );
    write(
        "formats/v1.rs",
        "use super::super::{builder::Builder, model};\nuse super::common;\n\
         #[cfg(test)]\nmod tests { use crate::archive::load::x; }\n",
    );
    write("builder.rs", "use crate::width::display_width;\n");
    assert_eq!(faults(root), Vec::<String>::new());

    // The model reaching up to the HTML converter.
    write(
        "model.rs",
        "fn f() { super::html::to_blocks(\"\", None); }\n",
    );
    // The cache naming loading, through the archive's path.
    write("cache/mod.rs", "use crate::archive::load::load_path_as;\n");
    // A format taking a name from the re-exports, and the app.
    write(
        "formats/omnivore.rs",
        "use crate::archive::{Highlight, model::Article};\nuse crate::app::App;\n",
    );
    // Two modules of one floor importing each other.
    write("json.rs", "use super::builder::At;\n");
    write("builder.rs", "use super::json::Json;\n");
    let got = faults(root);
    let expect = [
        "src/archive/cache/mod.rs: `cache` (cache) imports `load` (loading), a floor above it",
        "src/archive/formats/omnivore.rs: takes a name from the archive's re-exports; name its module",
        "src/archive/formats/omnivore.rs: names `crate::app`, which is outside the archive",
        "src/archive/model.rs: `model` (model) imports `html` (reading), a floor above it",
        "circle: builder -> json -> builder",
    ];
    for line in expect {
        assert!(
            got.iter().any(|g| g == line),
            "missing {line:?} in {got:#?}"
        );
    }
    assert_eq!(got.len(), expect.len(), "{got:#?}");
}
