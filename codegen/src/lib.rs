//! Reads `syscalls.toml` (and the generated files it includes), checks it, and emits the
//! tracer's generated Rust.
//!
//! `parse` gives problems with the entry, file, line and column they concern; `emit` is
//! deterministic, so the checked-in output can be compared byte for byte
//! (`cargo xtask gen --check`).
pub mod emit;
pub mod kernel;
pub mod model;
pub mod source;
pub mod stats;
pub mod types;
pub mod validate;

pub use emit::{emit, File};
pub use validate::{Problem, Spec};

use source::{at, SourceFile, Sources};
use std::path::Path;

/// The hand-edited table's file name.
pub const TABLE_FILE: &str = "syscalls.toml";

/// Why a table could not be turned into code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Toml(String),
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("syscalls.toml has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Reads and checks the table at `path` (a `syscalls.toml`) and the files it includes,
/// which lie beside it.
pub fn load(path: &Path) -> Result<Spec, Error> {
    let src =
        std::fs::read_to_string(path).map_err(|e| Error::Read(path.display().to_string(), e))?;
    parse_in(&src, path.parent().unwrap_or(Path::new(".")))
}

/// Parses and validates the text of a `syscalls.toml`; the files it includes are read
/// from the repository's top level (where the real one lives), so a test can append an
/// entry to the real table's text and parse it.
pub fn parse(src: &str) -> Result<Spec, Error> {
    parse_in(src, &Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// Parses and validates the text of a `syscalls.toml` whose includes are in `dir`.
pub fn parse_in(src: &str, dir: &Path) -> Result<Spec, Error> {
    let (mut table, main) = read_file(TABLE_FILE, src)?;
    let mut files = vec![main];
    let mut problems = Vec::new();
    for name in std::mem::take(&mut table.include) {
        let path = dir.join(&name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::Read(path.display().to_string(), e))?;
        let (inc, file) = read_file(&name, &text)?;
        files.push(file);
        let sources = Sources { files };
        problems.extend(
            merge(&mut table, inc, &name)
                .into_iter()
                .map(|(at, entry, m)| Problem::new(sources.locate(&at), entry, m)),
        );
        files = sources.files;
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    validate::validate(&table, &Sources { files }).map_err(Error::Invalid)
}

/// One file, as TOML (spans kept) and as the table's shape. A field the shape does not
/// know, or a value of the wrong kind, names its file, line and column.
fn read_file(name: &str, text: &str) -> Result<(model::Table, SourceFile), Error> {
    let file = SourceFile::parse(name, text).map_err(Error::Toml)?;
    let table: model::Table = toml::from_str(text).map_err(|e| {
        let (line, col) = source::line_col(text, e.span().map_or(0, |s| s.start));
        Error::Toml(format!(
            "{name}:{line}:{col}: {}",
            e.message().trim().replace('\n', ", ")
        ))
    })?;
    Ok((table, file))
}

/// Adds an included file's tables to the main table. A name defined in both is a
/// mistake, except a `[select.X]` whose variants the included file appends (the
/// hand-written ones come first, so they win).
fn merge(
    main: &mut model::Table,
    inc: model::Table,
    name: &str,
) -> Vec<(source::At, String, String)> {
    let mut problems = Vec::new();
    if !inc.include.is_empty() {
        problems.push((
            at!["include"].key(),
            name.to_string(),
            "only syscalls.toml includes files".to_string(),
        ));
    }
    let mut twice = |kind: &str, key: &str| {
        problems.push((
            at![kind, key].key(),
            format!("{kind} `{key}`"),
            format!("defined both in syscalls.toml and in {name}"),
        ));
    };
    for (k, v) in inc.syscall {
        if main.syscall.contains_key(&k) {
            twice("syscall", &k);
        } else {
            main.syscall.insert(k, v);
        }
    }
    macro_rules! union {
        ($field:ident, $kind:literal) => {
            for (k, v) in inc.$field {
                if main.$field.contains_key(&k) {
                    twice($kind, &k);
                } else {
                    main.$field.insert(k, v);
                }
            }
        };
    }
    union!(flags, "flags");
    union!(enums, "enum");
    union!(structs, "struct");
    union!(netlink, "netlink");
    union!(nlattrs, "nlattrs");
    for (k, s) in inc.select {
        match main.select.get_mut(&k) {
            Some(m) if s.default.is_none() && s.mask.is_none() => m.variants.extend(s.variants),
            Some(_) => problems.push((
                at!["select", &k].key(),
                format!("select `{k}`"),
                format!("{name} may only add variants to syscalls.toml's selector"),
            )),
            None => {
                main.select.insert(k, s);
            }
        }
    }
    if let Some(e) = inc.errno {
        if main.errno.is_some() {
            problems.push((
                at!["errno"].key(),
                "errno".to_string(),
                format!("defined both in syscalls.toml and in {name}"),
            ));
        } else {
            main.errno = Some(e);
        }
    }
    problems
}
