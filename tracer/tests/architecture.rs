//! The architecture holds by construction, not by comment: the decoder crate depends on
//! nothing and does no I/O, and the tracer's modules import each other without a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn tracer_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its comments (line comments and doc comments), so that
/// prose may name what code may not use.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string literal ("http://") is rare in this code base and
            // only hides text from the check, never adds any.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_decoder_crate_has_no_dependencies() {
    let manifest = std::fs::read_to_string(tracer_dir().join("decoder/Cargo.toml")).unwrap();
    let mut section = String::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_string();
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        assert!(
            !matches!(section.as_str(), "[dependencies]" | "[build-dependencies]")
                && !section.starts_with("[target"),
            "the decoder depends on something: {section} {line}"
        );
    }
}

#[test]
fn the_decoder_does_no_io_and_no_unsafe() {
    let mut files = Vec::new();
    rust_files(&tracer_dir().join("decoder/src"), &mut files);
    assert!(files.len() > 5, "{files:?}");
    let lib = std::fs::read_to_string(tracer_dir().join("decoder/src/lib.rs")).unwrap();
    assert!(lib.contains("#![forbid(unsafe_code)]"));
    let banned = [
        "libc",
        "std::fs",
        "std::process",
        "std::env",
        "std::os",
        "std::thread",
        "std::io",
        "std::net::Tcp",
        "std::net::Udp",
        "Instant",
        "SystemTime",
        "unsafe {",
        "unsafe fn",
        "unsafe impl",
        "extern \"C\"",
        "crate::sys",
        "crate::engine",
    ];
    for f in files {
        let code = code_of(&std::fs::read_to_string(&f).unwrap());
        for b in banned {
            assert!(!code.contains(b), "{} uses {b}", f.display());
        }
    }
}

/// The top-level module each `crate::name` in `code` refers to.
fn imports(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let before = code[..i].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if modules.contains(&name) {
            found.insert(name);
        }
    }
    // `use crate::{a, b::c}` names several.
    for (i, _) in code.match_indices("crate::{") {
        let rest = &code[i + "crate::{".len()..];
        let group = &rest[..rest.find('}').unwrap_or(rest.len())];
        for part in group.split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if modules.contains(&name) {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn the_tracer_modules_import_each_other_without_a_circle() {
    let src = tracer_dir().join("src");
    let mut modules = BTreeSet::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        if stem != "lib"
            && stem != "main"
            && (p.is_dir() || p.extension().is_some_and(|x| x == "rs"))
        {
            modules.insert(stem);
        }
    }
    assert!(
        modules.contains("core") && modules.contains("engine"),
        "{modules:?}"
    );
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &modules {
        let mut files = Vec::new();
        let dir = src.join(m);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{m}.rs")));
        }
        let mut deps = BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            // Unit tests may reach anywhere; the code's structure is what counts.
            let text = match text.find("#[cfg(test)]") {
                Some(i) => &text[..i],
                None => &text,
            };
            deps.extend(imports(&code_of(text), &modules));
        }
        deps.remove(m);
        graph.insert(m.clone(), deps);
    }
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for d in &graph[m] {
            if let Some(c) = visit(d, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import circle: {}\ngraph: {graph:#?}", cycle.join(" -> "));
        }
    }
    // The core knows nothing of ptrace, nor of the recording format.
    for backend in ["engine", "record", "sys"] {
        assert!(!graph["core"].contains(backend), "core imports {backend}");
    }
}
