//! Memory: mappings and protections, NUMA policies and page moves.

use crate::helpers::{call, le, MemoryImage};

#[test]
fn unknown_flag_bits_print_as_trailing_hex_and_lone_unknowns_get_a_placeholder() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("mprotect", [0, 4096, 0x1000, 0, 0, 0]).returning(-22, &mut m),
        "mprotect(NULL, 4096, 0x1000 /* PROT_??? */) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        call("mprotect", [0x7f00_0000_0000, 4096, 0x1003, 0, 0, 0]).returning(0, &mut m),
        "mprotect(0x7f0000000000, 4096, PROT_READ|PROT_WRITE|0x1000) = 0"
    );
    assert_eq!(
        call("mmap", [0, 8192, 0, 0x22, u64::MAX, 0]).returning(0x7f92_523f_f000, &mut m),
        "mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f92523ff000"
    );
}

/// A node mask prints as a word array; an unknown mode as a number with a placeholder.
#[test]
fn set_mempolicy_shows_the_node_mask_as_words() {
    let mut m = MemoryImage::new();
    m.map(0x8000, le(&[0x8000_0000_0000_0005, 3]));
    assert_eq!(
        call("set_mempolicy", [0x8001, 0x8000, 2, 0, 0, 0]).returning(0, &mut m),
        "set_mempolicy(MPOL_PREFERRED|MPOL_F_STATIC_NODES, [0x8000000000000005], 2) = 0"
    );
    assert_eq!(
        call("set_mempolicy", [0x63, 1, 64, 0, 0, 0]).returning(-22, &mut m),
        "set_mempolicy(0x63 /* MPOL_??? */, 0x1, 64) = -1 EINVAL (Invalid argument)"
    );
}

/// strace looks a memory policy mode up with the mode flags cleared; an unknown mode
/// prints after the flags as one number. mbind's mode is a full word, set_mempolicy's an int.
#[test]
fn memory_policy_modes_as_strace_prints_them() {
    let mut m = MemoryImage::new();
    // As strace 7.2 prints them (it knows MPOL_WEIGHTED_INTERLEAVE, 6).
    let cases: [(&str, u64, &str); 9] = [
        (
            "set_mempolicy",
            0x2006,
            "MPOL_WEIGHTED_INTERLEAVE|MPOL_F_NUMA_BALANCING",
        ),
        ("set_mempolicy", 6, "MPOL_WEIGHTED_INTERLEAVE"),
        ("set_mempolicy", 0x2007, "MPOL_F_NUMA_BALANCING|0x7"),
        ("set_mempolicy", 7, "0x7 /* MPOL_??? */"),
        ("set_mempolicy", 0x10000, "0x10000 /* MPOL_??? */"),
        (
            "set_mempolicy",
            0xc000,
            "MPOL_DEFAULT|MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES",
        ),
        (
            "set_mempolicy",
            u64::MAX,
            "MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|MPOL_F_NUMA_BALANCING|0xffff1fff",
        ),
        ("mbind", 0x1_0000_0002, "0x100000002 /* MPOL_??? */"),
        (
            "mbind",
            0xa002,
            "MPOL_BIND|MPOL_F_STATIC_NODES|MPOL_F_NUMA_BALANCING",
        ),
    ];
    for (name, mode, shown) in cases {
        let line = if name == "set_mempolicy" {
            call(name, [mode, 0, 0, 0, 0, 0]).returning(-22, &mut m)
        } else {
            call(name, [0, 0, mode, 0, 0, 0]).returning(-22, &mut m)
        };
        let expected = if name == "set_mempolicy" {
            format!("set_mempolicy({shown}, NULL, 0) = -1 EINVAL (Invalid argument)")
        } else {
            format!("mbind(NULL, 0, {shown}, NULL, 0, 0) = -1 EINVAL (Invalid argument)")
        };
        assert_eq!(line, expected, "mode {mode:#x}");
    }
}

/// The status array holds a node or a negated errno per page.
#[test]
fn move_pages_shows_each_pages_status_as_a_node_or_an_errno() {
    let mut m = MemoryImage::new();
    m.map(0xe000, [0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff])
        .map(0xe100, le(&[0x1000, 0x2000]));
    assert_eq!(
        call("move_pages", [0, 2, 0xe100, 0, 0xe000, 2]).returning(0, &mut m),
        "move_pages(0, 2, [0x1000, 0x2000], NULL, [0, -ENOENT], MPOL_MF_MOVE) = 0"
    );
}
