//! The schema extensions batch A added: explicit field offsets, `if = { all = [...] }`,
//! and selectors on one later argument or on two arguments with pair constants. The
//! tables are marked `runtime` so that each test may leave some of them unused.

fn parse(src: &str) -> Result<codegen::Spec, String> {
    codegen::parse(src).map_err(|e| e.to_string())
}

const FLAGS: &str = r#"
[flags.f]
header = "test"
runtime = true
bits = { A = 1, B = 2 }

[enum.lvl]
header = "test"
runtime = true
values = { L1 = 1, L2 = 2 }

[enum.opt]
header = "test"
runtime = true
values = { O7 = 7 }
"#;

#[test]
fn offsets_reorder_fields_and_must_cover_the_struct() {
    let ok = format!(
        r#"{FLAGS}
[syscall.s]
nr = 0
ret = "int"
args = [{{ name = "p", type = "struct[two]" }}]

[struct.two]
header = "test"
size = 16
fields = [{{ name = "second", type = "long", offset = 8 }}, {{ name = "first", type = "long", offset = 0 }}]
"#
    );
    let spec = parse(&ok).expect("valid");
    let (_, s) = spec.structs.iter().find(|(n, _)| n == "two").unwrap();
    assert_eq!(s.fields[0].offset, 8);
    assert_eq!(s.fields[1].offset, 0);

    // Moving `first` to 4 overlaps `second` (as union members may) but leaves bytes 0-3
    // in no field.
    let gap = ok.replace("offset = 0 }", "offset = 4 }");
    let err = parse(&gap).unwrap_err();
    assert!(err.contains("byte 0 is in no field"), "{err}");
}

#[test]
fn if_all_needs_every_bit() {
    let src = format!(
        r#"{FLAGS}
[syscall.s]
nr = 0
ret = "int"
args = [
  {{ name = "flags", type = "flags[f]" }},
  {{ name = "x", type = "ptr", if = {{ arg = "flags", all = ["A", "B"] }} }},
]
"#
    );
    let spec = parse(&src).expect("valid");
    let x = &spec.syscalls[0].args[1];
    assert_eq!(x.cond, Some((0, 3)));
    assert!(x.cond_all);
    let files = codegen::emit(&spec).0;
    let code = &files.iter().find(|f| f.name == "syscalls.rs").unwrap().text;
    assert!(code.contains("& 3u64 == 3u64"), "{code}");

    // Both: every bit of `all` and one of `any` (mremap's new_address).
    let both = src.replace(r#"all = ["A", "B"]"#, r#"all = ["A"], any = ["B"]"#);
    let spec = parse(&both).expect("valid");
    let x = &spec.syscalls[0].args[1];
    assert_eq!(
        (x.cond, x.cond_all, x.cond_any_too),
        (Some((0, 1)), true, 2)
    );
    let files = codegen::emit(&spec).0;
    let code = &files.iter().find(|f| f.name == "syscalls.rs").unwrap().text;
    assert!(
        code.contains("& 1u64 == 1u64 && (a.flags as u64) & 2u64 != 0"),
        "{code}"
    );

    let neither = src.replace(r#"all = ["A", "B"]"#, r#"all = []"#);
    assert!(parse(&neither)
        .unwrap_err()
        .contains("`any`, `all` or both"));
}

#[test]
fn selectors_on_a_later_argument_and_on_pairs() {
    let src = format!(
        r#"{FLAGS}
[syscall.s]
nr = 0
ret = "int"
args = [
  {{ name = "level", type = "enum[lvl]" }},
  {{ name = "name", type = "int" }},
  {{ name = "val", type = "select[by_pair]", on = "level, name" }},
  {{ name = "other", type = "select[by_len]", on = "len" }},
  {{ name = "len", type = "int" }},
]

[select.by_pair]
default = {{ type = "ptr" }}
variants = [{{ when = [["L2", "O7"]], type = "ptr_to[int]" }}]

[select.by_len]
default = {{ type = "ptr" }}
variants = [{{ when = [4], type = "ptr_to[int]" }}]
"#
    );
    let spec = parse(&src).expect("valid");
    let val = &spec.syscalls[0].args[2];
    assert_eq!((val.on, val.on2), (Some(0), Some(1)));
    let (_, sel) = spec.selects.iter().find(|(n, _)| n == "by_pair").unwrap();
    assert_eq!(sel.variants[0].values, vec![(2u64 << 32) | 7]);
    assert_eq!(spec.syscalls[0].args[3].on, Some(4));

    // A value alone under two `on` matches the first argument whatever the second, after
    // every pair (prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, ...)).
    let alone = src.replace(
        r#"variants = [{{ when = [["L2", "O7"]], type = "ptr_to[int]" }}]"#.replace("{{", "{").replace("}}", "}").as_str(),
        r#"variants = [{ when = ["L1"], type = "int" }, { when = [["L2", "O7"]], type = "ptr_to[int]" }]"#,
    );
    let spec = parse(&alone).expect("valid");
    let (_, sel) = spec.selects.iter().find(|(n, _)| n == "by_pair").unwrap();
    assert_eq!(
        (
            sel.variants[0].values.clone(),
            sel.variants[0].pairs.clone()
        ),
        (vec![1], vec![false])
    );
    let files = codegen::emit(&spec).0;
    let code = &files.iter().find(|f| f.name == "syscalls.rs").unwrap().text;
    let (pair, first) = (
        code.find("8589934599u64").unwrap(),
        code.find("k >> 32").unwrap(),
    );
    assert!(pair < first, "{code}");

    let bad = src.replace(r#"on = "level, name""#, r#"on = "level, nothing""#);
    assert!(parse(&bad)
        .unwrap_err()
        .contains("one or two other arguments"));
}
