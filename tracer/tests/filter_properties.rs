//! Properties of the trace-set parser (`-e trace=`, `--filter`): it never panics and
//! rejects with one line; a list is the union of its items; `!` is the exact complement;
//! a class is the union of its members; `?` ignores an unknown item; names, classes and
//! regexes select exactly the syscalls they name.
use std::collections::BTreeSet;

use proptest::prelude::*;
use syscall_tracer::decode::{all_syscalls, class_syscalls, syscall_name, syscall_number};
use syscall_tracer::filter::{parse_trace_set, SyscallSet};
use syscall_tracer::generated::syscalls::CLASS_NAMES;
use syscall_tracer::usage::error_line;

/// Numbers checked: every x86-64 number, x32's (512+) and a margin beyond.
const CHECKED: u64 = 1100;

fn members(set: &SyscallSet) -> Vec<bool> {
    (0..CHECKED).map(|nr| set.contains(nr)).collect()
}

fn names() -> Vec<&'static str> {
    all_syscalls().map(|(_, n)| n).collect()
}

/// Class spellings the parser accepts: `%file`, bare `file`, strace's `%%stat` as `%stat`.
fn classes() -> Vec<String> {
    let mut v: Vec<String> = CLASS_NAMES.iter().map(|c| format!("%{c}")).collect();
    // Bare, unless it is also a syscall's name (`stat`): the syscall wins, as in strace.
    v.extend(
        CLASS_NAMES
            .iter()
            .filter(|c| syscall_number(c).is_none())
            .map(|c| c.to_string()),
    );
    v.extend(["%%stat".to_string(), "%%statfs".to_string()]);
    v
}

/// One item of a trace set, with the numbers it must select (`None`: everything,
/// numbers beyond the table included).
#[derive(Debug, Clone)]
struct Item {
    text: String,
    expected: Option<BTreeSet<u64>>,
}

fn item() -> impl Strategy<Value = Item> {
    let names = names();
    let name = prop::sample::select(names.clone()).prop_map(|n| Item {
        text: n.to_string(),
        expected: Some([syscall_number(n).unwrap()].into()),
    });
    let class = prop::sample::select(classes()).prop_map(|c| {
        let key = c.strip_prefix('%').unwrap_or(&c);
        let nrs = class_syscalls(key).expect("a known class");
        Item {
            expected: Some(nrs.iter().map(|&n| u64::from(n)).collect()),
            text: c,
        }
    });
    // A regex anchored on one name selects exactly it; an unanchored fragment selects
    // every name containing it.
    let exact = prop::sample::select(names.clone()).prop_map(|n| Item {
        text: format!("/^{n}$"),
        expected: Some([syscall_number(n).unwrap()].into()),
    });
    let fragment = prop::sample::select(names).prop_flat_map(|n| {
        let len = n.len();
        (0..len, 1..=len.min(4)).prop_map(move |(start, want)| {
            let start = start.min(len - 1);
            let frag = &n[start..(start + want).min(len)];
            Item {
                text: format!("/{frag}"),
                expected: Some(
                    all_syscalls()
                        .filter(|(_, name)| name.contains(frag))
                        .map(|(nr, _)| nr)
                        .collect(),
                ),
            }
        })
    });
    prop_oneof![
        4 => name,
        2 => class,
        1 => exact,
        1 => fragment,
        1 => Just(Item { text: "all".into(), expected: None }),
        1 => Just(Item { text: "none".into(), expected: Some(BTreeSet::new()) }),
        1 => Just(Item { text: "?no_such_call".into(), expected: Some(BTreeSet::new()) }),
    ]
}

fn expected_members(items: &[Item]) -> Vec<bool> {
    (0..CHECKED)
        .map(|nr| {
            items.iter().any(|i| match &i.expected {
                None => true,
                Some(set) => set.contains(&nr),
            })
        })
        .collect()
}

fn join(items: &[Item]) -> String {
    items
        .iter()
        .map(|i| i.text.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)
    ))]

    #[test]
    fn arbitrary_text_never_panics(spec in prop_oneof![
        "(?s).{0,40}",
        "[!?%/,a-z_0-9()*+.^$|\\[\\]{}\\\\]{0,40}",
    ]) {
        match parse_trace_set(&spec) {
            Ok(_) => {}
            Err(e) => {
                // The binary prints it as one line, whatever the text held.
                let msg = e.to_string();
                prop_assert!(!msg.is_empty());
                prop_assert!(!error_line(&msg).contains('\n'), "{:?}", msg);
            }
        }
    }

    #[test]
    fn a_list_selects_the_union_of_its_items(items in prop::collection::vec(item(), 1..6)) {
        let spec = join(&items);
        let set = parse_trace_set(&spec).unwrap();
        prop_assert_eq!(members(&set), expected_members(&items), "{}", spec);
        // Each item alone, then united, gives the same set.
        let mut union = SyscallSet::none();
        for i in &items {
            union.union(&parse_trace_set(&i.text).unwrap());
        }
        prop_assert_eq!(&union, &set, "{}", spec);
    }

    #[test]
    fn negation_is_the_exact_complement(items in prop::collection::vec(item(), 1..6)) {
        let spec = join(&items);
        let set = members(&parse_trace_set(&spec).unwrap());
        let negated = members(&parse_trace_set(&format!("!{spec}")).unwrap());
        let complement: Vec<bool> = set.iter().map(|b| !b).collect();
        prop_assert_eq!(negated, complement, "!{}", spec);
    }

    #[test]
    fn an_unknown_item_is_an_error_unless_optional(
        items in prop::collection::vec(item(), 0..4),
        at in 0usize..4,
        unknown in "[a-z]{3,10}_zz",
    ) {
        let mut texts: Vec<String> = items.iter().map(|i| i.text.clone()).collect();
        let at = at.min(texts.len());
        texts.insert(at, unknown.clone());
        let err = parse_trace_set(&texts.join(",")).unwrap_err().to_string();
        // A name that happens to be close to a real one also says which.
        let base = format!("unknown syscall '{unknown}'");
        let suggested = err
            .strip_prefix(&format!("{base} (did you mean '"))
            .and_then(|s| s.strip_suffix("'?)"));
        prop_assert!(err == base || suggested.is_some_and(|s| parse_trace_set(s).is_ok()), "{}", err);
        texts[at] = format!("?{unknown}");
        let set = parse_trace_set(&texts.join(",")).unwrap();
        prop_assert_eq!(members(&set), expected_members(&items));
    }
}

/// Not random, but exhaustive: every class is the union of its members' names.
#[test]
fn every_class_is_the_union_of_its_members() {
    for class in CLASS_NAMES {
        let set = parse_trace_set(&format!("%{class}")).unwrap();
        let mut union = SyscallSet::none();
        for &nr in class_syscalls(class).unwrap() {
            let name = syscall_name(u64::from(nr)).unwrap();
            assert_eq!(syscall_number(name), Some(u64::from(nr)), "{name}");
            union.union(&parse_trace_set(name).unwrap());
        }
        assert_eq!(set, union, "%{class}");
        if syscall_number(class).is_none() {
            assert_eq!(parse_trace_set(class).unwrap(), set, "bare {class}");
        }
        assert!(!set.contains(2000), "a class is finite");
    }
}
