//! The checked-in generated code must be what codegen makes of syscalls.toml today.
use std::path::Path;

#[test]
fn generated_code_matches_syscalls_toml() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let src = std::fs::read_to_string(root.join("syscalls.toml")).unwrap();
    let spec = codegen::parse(&src).unwrap_or_else(|e| panic!("{e}"));
    let (files, doc) = codegen::emit(&spec);
    for f in files {
        let path = root.join("tracer/decoder/src/generated").join(f.name);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == f.text,
            "{} is stale: run `cargo xtask gen`",
            path.display()
        );
    }
    let current = std::fs::read_to_string(root.join("docs/syscalls.md")).unwrap_or_default();
    assert!(
        current == doc,
        "docs/syscalls.md is stale: run `cargo xtask gen`"
    );
}
