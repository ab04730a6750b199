//! Files: paths, opening, stat, file times.

use crate::helpers::{call, le, MemoryImage, AT_FDCWD, STACK_A, STACK_B};

#[test]
fn openat_shows_the_mode_only_when_the_flags_create() {
    let mut m = MemoryImage::new();
    m.map_str(STACK_A, "/etc/hosts");
    assert_eq!(
        call("openat", [AT_FDCWD, STACK_A, 0o2000000, 0, 0, 0]).returning(3, &mut m),
        r#"openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3"#
    );
    assert_eq!(
        call("openat", [AT_FDCWD, STACK_A, 0o1101, 0o644, 0, 0]).returning(-13, &mut m),
        r#"openat(AT_FDCWD, "/etc/hosts", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EACCES (Permission denied)"#
    );
}

#[test]
fn output_memory_of_a_failed_call_is_shown_as_its_address_and_not_read() {
    let mut m = MemoryImage::new();
    m.map_str(STACK_A, "/sys/fs/selinux");
    let line = call("newfstatat", [AT_FDCWD, STACK_A, STACK_B, 0, 0, 0]).returning(-2, &mut m);
    assert_eq!(
        line,
        r#"newfstatat(AT_FDCWD, "/sys/fs/selinux", 0x7ffd00002000, 0) = -1 ENOENT (No such file or directory)"#
    );
    assert!(
        m.reads.iter().all(|(a, _)| *a != STACK_B),
        "read the output struct of a failed call"
    );
}

#[test]
fn stat_shows_the_abbreviated_struct_and_device_numbers_for_devices() {
    let mut st = vec![0u8; 144];
    st[24..28].copy_from_slice(&0o100644u32.to_le_bytes());
    st[48..56].copy_from_slice(&1221u64.to_le_bytes());
    let mut m = MemoryImage::new();
    m.map_str(STACK_A, "").map(STACK_B, st.clone());
    assert_eq!(
        call("newfstatat", [3, STACK_A, STACK_B, 0x1000, 0, 0]).returning(0, &mut m),
        r#"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=1221, ...}, AT_EMPTY_PATH) = 0"#
    );
    st[24..28].copy_from_slice(&0o020666u32.to_le_bytes());
    st[40..48].copy_from_slice(&0x103u64.to_le_bytes());
    let mut m = MemoryImage::new();
    m.map(STACK_B, st);
    assert_eq!(
        call("fstat", [1, STACK_B, 0, 0, 0, 0]).returning(0, &mut m),
        "fstat(1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0"
    );
}

#[test]
fn long_strings_are_cut_and_paths_are_not() {
    let long = "x".repeat(40);
    let mut m = MemoryImage::new();
    m.map_str(STACK_A, &long);
    let line = call("openat", [AT_FDCWD, STACK_A, 0, 0, 0, 0]).returning(-2, &mut m);
    assert!(line.contains(&format!("\"{long}\"")), "{line}");
    m.map(STACK_B, b"hello world");
    assert_eq!(
        call("write", [1, STACK_B, 11, 0, 0, 0])
            .string_limit(4)
            .returning(11, &mut m),
        r#"write(1, "hell"..., 11) = 11"#
    );
}

#[test]
fn unreadable_pointers_print_their_address() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("openat", [AT_FDCWD, 0xdead_0000, 0, 0, 0, 0]).returning(-14, &mut m),
        "openat(AT_FDCWD, 0xdead0000, O_RDONLY) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        call("write", [1, 0, 5, 0, 0, 0]).returning(-14, &mut m),
        "write(1, NULL, 5) = -1 EFAULT (Bad address)"
    );
}

/// The dates are in local time, as strace's are; the image's UTC offset is 0.
#[test]
fn utimensat_shows_times_with_their_dates_and_special_values_and_unknown_flags() {
    let mut m = MemoryImage::new();
    m.utc_offset(0)
        .map(0x4000, b"f\0")
        .map(0x5000, le(&[5, 6, 0, 0x3fff_ffff]));
    assert_eq!(
        call("utimensat", [3, 0x4000, 0x5000, 0, 0, 0]).returning(0, &mut m),
        "utimensat(3, \"f\", [{tv_sec=5, tv_nsec=6} /* 1970-01-01T00:00:05.000000006+0000 */, UTIME_NOW], 0) = 0"
    );
    assert_eq!(
        call("utimensat", [3, 0x4000, 0x10, 0x4000, 0, 0]).returning(-14, &mut m),
        "utimensat(3, \"f\", 0x10, 0x4000 /* AT_??? */) = -1 EFAULT (Bad address)"
    );
}
