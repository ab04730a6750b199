//! The vocabulary renders as strace 6 does. Each expected line below is what strace
//! printed for the same call (captured with `strace -a1`), with the same registers and
//! memory contents.
use syscall_tracer::decode::memory_image::MemoryImage;
use syscall_tracer::decode::{syscall_number, CallRecord, DecodeOptions, Decoder};

fn render(name: &str, args: [u64; 6], ret: i64, mem: &mut MemoryImage) -> String {
    render_with(DecodeOptions::default(), name, args, ret, mem)
}

fn render_with(
    opts: DecodeOptions,
    name: &str,
    args: [u64; 6],
    ret: i64,
    mem: &mut MemoryImage,
) -> String {
    let nr = syscall_number(name).unwrap_or_else(|| panic!("no syscall {name}"));
    Decoder::new(opts).line(nr, args, ret, mem)
}

const AT_FDCWD: u64 = -100i64 as u64;
const P: u64 = 0x7ffd_0000_1000;
const Q: u64 = 0x7ffd_0000_2000;

#[test]
fn openat_with_and_without_mode() {
    let mut m = MemoryImage::new();
    m.map_str(P, "/etc/hosts");
    assert_eq!(
        render("openat", [AT_FDCWD, P, 0o2000000, 0, 0, 0], 3, &mut m),
        r#"openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3"#
    );
    assert_eq!(
        render("openat", [AT_FDCWD, P, 0o1101, 0o644, 0, 0], -13, &mut m),
        r#"openat(AT_FDCWD, "/etc/hosts", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EACCES (Permission denied)"#
    );
}

#[test]
fn unknown_flag_bits_print_as_trailing_hex_and_lone_unknowns_get_a_placeholder() {
    let mut m = MemoryImage::new();
    assert_eq!(
        render("mprotect", [0, 4096, 0x1000, 0, 0, 0], -22, &mut m),
        "mprotect(NULL, 4096, 0x1000 /* PROT_??? */) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        render(
            "mprotect",
            [0x7f00_0000_0000, 4096, 0x1003, 0, 0, 0],
            0,
            &mut m
        ),
        "mprotect(0x7f0000000000, 4096, PROT_READ|PROT_WRITE|0x1000) = 0"
    );
    assert_eq!(
        render(
            "mmap",
            [0, 8192, 0, 0x22, u64::MAX, 0],
            0x7f92_523f_f000,
            &mut m
        ),
        "mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f92523ff000"
    );
}

#[test]
fn buffers_are_quoted_with_c_escapes_and_cut_at_the_string_limit() {
    let mut m = MemoryImage::new();
    m.map(P, b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x40");
    assert_eq!(
        render("read", [3, P, 832, 0, 0, 0], 832, &mut m),
        r#"read(3, "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\0\0\0\0\0\0\0\0"..., 832) = 832"#
    );
    m.map(Q, b"a\"b\\c\n\t\x01\x012");
    assert_eq!(
        render("write", [1, Q, 10, 0, 0, 0], 10, &mut m),
        r#"write(1, "a\"b\\c\n\t\1\0012", 10) = 10"#
    );
}

#[test]
fn output_memory_of_a_failed_call_is_shown_as_its_address_and_not_read() {
    let mut m = MemoryImage::new();
    m.map_str(P, "/sys/fs/selinux");
    let line = render("newfstatat", [AT_FDCWD, P, Q, 0, 0, 0], -2, &mut m);
    assert_eq!(
        line,
        r#"newfstatat(AT_FDCWD, "/sys/fs/selinux", 0x7ffd00002000, 0) = -1 ENOENT (No such file or directory)"#
    );
    assert!(
        m.reads.iter().all(|(a, _)| *a != Q),
        "read the output struct of a failed call"
    );
}

#[test]
fn stat_shows_the_abbreviated_struct_and_device_numbers_for_devices() {
    let mut st = vec![0u8; 144];
    st[24..28].copy_from_slice(&0o100644u32.to_le_bytes());
    st[48..56].copy_from_slice(&1221u64.to_le_bytes());
    let mut m = MemoryImage::new();
    m.map_str(P, "").map(Q, st.clone());
    assert_eq!(
        render("newfstatat", [3, P, Q, 0x1000, 0, 0], 0, &mut m),
        r#"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=1221, ...}, AT_EMPTY_PATH) = 0"#
    );
    st[24..28].copy_from_slice(&0o020666u32.to_le_bytes());
    st[40..48].copy_from_slice(&0x103u64.to_le_bytes());
    let mut m = MemoryImage::new();
    m.map(Q, st);
    assert_eq!(
        render("fstat", [1, Q, 0, 0, 0, 0], 0, &mut m),
        "fstat(1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0"
    );
}

#[test]
fn argv_and_environment_render_as_strace_does() {
    let mut m = MemoryImage::new();
    let argv = 0x7ffd_0000_3000u64;
    let envp = 0x7ffd_0000_4000u64;
    let mut av = Vec::new();
    for p in [P + 0x100, P + 0x200, 0] {
        av.extend_from_slice(&p.to_le_bytes());
    }
    let mut ev = Vec::new();
    for p in [P + 0x300, P + 0x300, P + 0x300, 0] {
        ev.extend_from_slice(&p.to_le_bytes());
    }
    m.map_str(P, "/usr/bin/ls")
        .map_str(P + 0x100, "ls")
        .map_str(P + 0x200, "/")
        .map_str(P + 0x300, "A=1");
    m.map(argv, av).map(envp, ev);
    assert_eq!(
        render("execve", [P, argv, envp, 0, 0, 0], 0, &mut m),
        r#"execve("/usr/bin/ls", ["ls", "/"], 0x7ffd00004000 /* 3 vars */) = 0"#
    );
}

#[test]
fn long_strings_are_cut_and_paths_are_not() {
    let long = "x".repeat(40);
    let mut m = MemoryImage::new();
    m.map_str(P, &long);
    let line = render("openat", [AT_FDCWD, P, 0, 0, 0, 0], -2, &mut m);
    assert!(line.contains(&format!("\"{long}\"")), "{line}");
    let opts = DecodeOptions {
        string_limit: 4,
        ..DecodeOptions::default()
    };
    m.map(Q, b"hello world");
    assert_eq!(
        render_with(opts, "write", [1, Q, 11, 0, 0, 0], 11, &mut m),
        r#"write(1, "hell"..., 11) = 11"#
    );
}

#[test]
fn unreadable_pointers_print_their_address() {
    let mut m = MemoryImage::new();
    assert_eq!(
        render("openat", [AT_FDCWD, 0xdead_0000, 0, 0, 0, 0], -14, &mut m),
        "openat(AT_FDCWD, 0xdead0000, O_RDONLY) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        render("write", [1, 0, 5, 0, 0, 0], -14, &mut m),
        "write(1, NULL, 5) = -1 EFAULT (Bad address)"
    );
}

#[test]
fn restart_codes_render_with_a_question_mark() {
    let mut m = MemoryImage::new();
    let mut ts = Vec::new();
    ts.extend_from_slice(&1u64.to_le_bytes());
    ts.extend_from_slice(&0u64.to_le_bytes());
    m.map(P, ts);
    assert_eq!(
        render("nanosleep", [P, Q, 0, 0, 0, 0], -516, &mut m),
        "nanosleep({tv_sec=1, tv_nsec=0}, 0x7ffd00002000) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)"
    );
}

#[test]
fn unknown_numbers_render_raw() {
    let d = Decoder::default();
    let mut rec = CallRecord::new();
    let mut m = MemoryImage::new();
    d.entry(&mut rec, 0x1f4, [1, 2, 3, 4, 5, 6], &mut m);
    d.exit(&mut rec, -38, &mut m);
    let mut s = String::new();
    rec.write_text(&mut s);
    assert_eq!(
        s,
        "syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)"
    );
}

#[test]
fn rlimits_and_pipes_render_as_strace_does() {
    let mut m = MemoryImage::new();
    let mut rl = Vec::new();
    rl.extend_from_slice(&(8192u64 * 1024).to_le_bytes());
    rl.extend_from_slice(&u64::MAX.to_le_bytes());
    m.map(Q, rl);
    assert_eq!(
        render("prlimit64", [0, 3, 0, Q, 0, 0], 0, &mut m),
        "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0"
    );
    let mut fds = Vec::new();
    fds.extend_from_slice(&3i32.to_le_bytes());
    fds.extend_from_slice(&4i32.to_le_bytes());
    m.map(P, fds);
    assert_eq!(
        render("pipe2", [P, 0o2000000, 0, 0, 0, 0], 0, &mut m),
        "pipe2([3, 4], O_CLOEXEC) = 0"
    );
}

/// `-y`: what strace 6.1 (and 7.2) printed for descriptors referring to these names;
/// the path is kept as bytes (`\377\376` is not UTF-8) and escaped as strace escapes it.
#[test]
fn y_paths_render_as_strace_does() {
    let y = DecodeOptions {
        fd_paths: true,
        ..DecodeOptions::default()
    };
    let cases: &[(&[u8], bool, &str)] = &[
        (b"/t/a\nb", false, "3</t/a\\nb>"),
        (b"/t/back\\slash", false, "3</t/back\\\\slash>"),
        ("/t/caf\u{e9}".as_bytes(), false, "3</t/caf\\303\\251>"),
        (b"/t/lt<gt>", false, "3</t/lt\\74gt\\76>"),
        (b"/t/q\"uo'te", false, "3</t/q\\\"uo'te>"),
        (b"/t/tab\tx", false, "3</t/tab\\tx>"),
        (b"/t/\xff\xfe", false, "3</t/\\377\\376>"),
        (b"/t/c\x017", false, "3</t/c\\0017>"),
        (b"/t/c\x01d", false, "3</t/c\\1d>"),
        (b"/t/del\x7f", false, "3</t/del\\177>"),
        (b"/t/esc\x1b[1m", false, "3</t/esc\\33[1m>"),
        (b"/t/cr\r\x0b\x0c", false, "3</t/cr\\r\\v\\f>"),
        (b"/t/x (deleted)", false, "3</t/x (deleted)>"),
        (b"/t/gone", true, "3</t/gone>(deleted)"),
        (b"/memfd:my<mem>", true, "3</memfd:my\\74mem\\76>(deleted)"),
        (b"pipe:[9887]", false, "3<pipe:[9887]>"),
        (b"socket:[9889]", false, "3<socket:[9889]>"),
        (b"anon_inode:[eventfd]", false, "3<anon_inode:[eventfd]>"),
    ];
    for (path, deleted, shown) in cases {
        let mut m = MemoryImage::new();
        m.map(P, b"x").fd_path(3, path, *deleted);
        assert_eq!(
            render_with(y.clone(), "read", [3, P, 1, 0, 0, 0], 1, &mut m),
            format!("read({shown}, \"x\", 1) = 1")
        );
    }
    // The working directory behind AT_FDCWD, and a returned descriptor.
    let mut m = MemoryImage::new();
    m.map_str(P, "f")
        .fd_path(-100, b"/t/d\xc3\xa9r", false)
        .fd_path(4, b"/t/d\xc3\xa9r/f", false);
    assert_eq!(
        render_with(y, "openat", [AT_FDCWD, P, 0, 0, 0, 0], 4, &mut m),
        "openat(AT_FDCWD</t/d\\303\\251r>, \"f\", O_RDONLY) = 4</t/d\\303\\251r/f>"
    );
}
