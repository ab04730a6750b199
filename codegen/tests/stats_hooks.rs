//! `cargo xtask stats` counts a vocabulary type that at most two syscalls use as that
//! family's hook, beside the per-syscall `custom` hooks.
#[test]
fn a_type_of_one_family_is_counted_as_its_hook() {
    let table = r#"
[syscall.poll]
nr = 7
ret = "pollret"
args = [
  { name = "fds", type = "ptr" },
  { name = "nfds", type = "uint" },
  { name = "timeout", type = "i32" },
]

[syscall.read]
nr = 0
ret = "ssize"
args = [{ name = "fd", type = "fd" }]

[syscall.write]
nr = 1
ret = "ssize"
args = [{ name = "fd", type = "fd" }]

[syscall.close]
nr = 3
ret = "int"
args = [{ name = "fd", type = "fd" }]
custom = "close_hook"
"#;
    let spec = codegen::parse(table).unwrap_or_else(|e| panic!("{e}"));
    let s = codegen::stats::stats(&spec);
    let family: Vec<&str> = s.family_hooks.iter().map(|(t, _)| t.as_str()).collect();
    // pollret and ptr serve poll alone (in this table); fd serves three calls; i32 and
    // uint are plain numbers, rendered by int's and uint's Rust.
    assert_eq!(family, ["pollret", "ptr"]);
    assert_eq!(s.hooks, [("close".to_string(), "close_hook".to_string())]);
    assert!(s
        .report()
        .contains("Rust hooks:           3 (1 per syscall, 2 per family)"));
}
