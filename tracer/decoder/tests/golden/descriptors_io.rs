//! Descriptors and I/O: reading and writing buffers, `-y` paths, pipes and duplicates,
//! polling (poll, ppoll, pselect6, epoll), sendfile and asynchronous I/O.

use crate::helpers::{call, le, MemoryImage, AT_FDCWD, STACK_A, STACK_B};

#[test]
fn buffers_are_quoted_with_c_escapes_and_cut_at_the_string_limit() {
    let mut m = MemoryImage::new();
    m.map(STACK_A, b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x40");
    assert_eq!(
        call("read", [3, STACK_A, 832, 0, 0, 0]).returning(832, &mut m),
        r#"read(3, "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\0\0\0\0\0\0\0\0"..., 832) = 832"#
    );
    m.map(STACK_B, b"a\"b\\c\n\t\x01\x012");
    assert_eq!(
        call("write", [1, STACK_B, 10, 0, 0, 0]).returning(10, &mut m),
        r#"write(1, "a\"b\\c\n\t\1\0012", 10) = 10"#
    );
}

/// `-y`: what strace 6.1 (and 7.2) printed for descriptors referring to these names;
/// the path is kept as bytes (`\377\376` is not UTF-8) and escaped as strace escapes it.
#[test]
fn y_paths_render_as_strace_does() {
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
        m.map(STACK_A, b"x").fd_path(3, path, *deleted);
        assert_eq!(
            call("read", [3, STACK_A, 1, 0, 0, 0])
                .fd_paths()
                .returning(1, &mut m),
            format!("read({shown}, \"x\", 1) = 1")
        );
    }
    // The working directory behind AT_FDCWD, and a returned descriptor.
    let mut m = MemoryImage::new();
    m.map_str(STACK_A, "f")
        .fd_path(-100, b"/t/d\xc3\xa9r", false)
        .fd_path(4, b"/t/d\xc3\xa9r/f", false);
    assert_eq!(
        call("openat", [AT_FDCWD, STACK_A, 0, 0, 0, 0])
            .fd_paths()
            .returning(4, &mut m),
        "openat(AT_FDCWD</t/d\\303\\251r>, \"f\", O_RDONLY) = 4</t/d\\303\\251r/f>"
    );
}

#[test]
fn pipe2_shows_the_descriptors_it_made() {
    let mut m = MemoryImage::new();
    let mut fds = Vec::new();
    fds.extend_from_slice(&3i32.to_le_bytes());
    fds.extend_from_slice(&4i32.to_le_bytes());
    m.map(STACK_A, fds);
    assert_eq!(
        call("pipe2", [STACK_A, 0o2000000, 0, 0, 0, 0]).returning(0, &mut m),
        "pipe2([3, 4], O_CLOEXEC) = 0"
    );
}

#[test]
fn pipe2_shows_unknown_flags_as_hex_with_a_placeholder() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("pipe2", [0, 3, 0, 0, 0, 0]).returning(-22, &mut m),
        "pipe2(NULL, 0x3 /* O_??? */) = -1 EINVAL (Invalid argument)"
    );
}

#[test]
fn dup3_names_its_flags() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("dup3", [6, 101, 0o2000000, 0, 0, 0]).returning(101, &mut m),
        "dup3(6, 101, O_CLOEXEC) = 101"
    );
}

#[test]
fn sendfile_shows_the_offset_before_and_after() {
    let mut m = MemoryImage::new();
    m.map(0x1000, le(&[0]));
    assert_eq!(
        call("sendfile", [5, 3, 0x1000, 4, 0, 0]).returning_after(3, &mut m, |m| {
            m.map(0x1000, le(&[3]));
        }),
        "sendfile(5, 3, [0 => 3], 4) = 3"
    );
}

#[test]
fn poll_lists_the_returned_events() {
    let mut m = MemoryImage::new();
    // {fd=3, events=POLLIN}, {fd=-1, events=POLLIN}
    let fds = |r0: u16| {
        [
            3u32.to_le_bytes(),
            [1, 0, r0 as u8, 0],
            (-1i32).to_le_bytes(),
            [1, 0, 0, 0],
        ]
        .concat()
    };
    m.map(0x1000, fds(0));
    assert_eq!(
        call("poll", [0x1000, 2, 0, 0, 0, 0]).returning_after(1, &mut m, |m| {
            m.map(0x1000, fds(1));
        }),
        "poll([{fd=3, events=POLLIN}, {fd=-1}], 2, 0) = 1 ([{fd=3, revents=POLLIN}])"
    );
    assert_eq!(
        call("poll", [0x1000, 1, 1, 0, 0, 0]).returning(0, &mut m),
        "poll([{fd=3, events=POLLIN}], 1, 1) = 0 (Timeout)"
    );
}

#[test]
fn ppoll_and_pselect6_sum_up_the_ready_descriptors_after_the_return() {
    let mut m = MemoryImage::new();
    // {fd=4, events=POLLIN, revents=POLLIN}, {fd=-1, events=0xffff, revents=0}
    let mut fds = Vec::new();
    fds.extend(4i32.to_le_bytes());
    fds.extend(1u16.to_le_bytes());
    fds.extend(1u16.to_le_bytes());
    fds.extend((-1i32).to_le_bytes());
    fds.extend(0xffffu16.to_le_bytes());
    fds.extend(0u16.to_le_bytes());
    m.map(0x9000, &fds)
        .map(0xa000, le(&[0, 0]))
        .map(0xb000, le(&[0x90]))
        .map(0xc000, le(&[0x80]));
    assert_eq!(
        call("ppoll", [0x9000, 2, 0xa000, 0, 8, 0]).returning(1, &mut m),
        "ppoll([{fd=4, events=POLLIN}, {fd=-1}], 2, {tv_sec=0, tv_nsec=0}, NULL, 8) = 1 ([{fd=4, revents=POLLIN}], left {tv_sec=0, tv_nsec=0})"
    );
    assert_eq!(
        call("ppoll", [0, 0, 0xa000, 0, 0, 0]).returning(0, &mut m),
        "ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, NULL, 0) = 0 (Timeout)"
    );
    assert_eq!(
        call("pselect6", [8, 0xb000, 0xc000, 0, 0, 0]).returning(2, &mut m),
        "pselect6(8, [4 7], [7], NULL, NULL, NULL) = 2 (in [4 7])"
    );
}

/// An epoll_event's data shows as one 64-bit number in hex (strace 7.2); epoll_pwait's
/// signal set shows as a set only when its size is the kernel's (8).
#[test]
fn epoll_shows_events_with_their_data_and_a_sigset_only_of_the_kernels_size() {
    let mut m = MemoryImage::new();
    let mut ev = 0x8000_0005u32.to_le_bytes().to_vec();
    ev.extend(0x1122_3344_5566_7788u64.to_le_bytes());
    m.map(0x6000, &ev).map(0x7000, le(&[1 << 11]));
    assert_eq!(
        call("epoll_ctl", [3, 1, 6, 0x6000, 0, 0]).returning(0, &mut m),
        "epoll_ctl(3, EPOLL_CTL_ADD, 6, {events=EPOLLIN|EPOLLOUT|EPOLLET, data=0x1122334455667788}) = 0"
    );
    assert_eq!(
        call("epoll_pwait", [3, 0x6000, 4, 0, 0x7000, 8]).returning(1, &mut m),
        "epoll_pwait(3, [{events=EPOLLIN|EPOLLOUT|EPOLLET, data=0x1122334455667788}], 4, 0, [USR2], 8) = 1"
    );
    assert_eq!(
        call("epoll_pwait", [3, 0x6000, 4, 0, 0x7000, 4]).returning(-22, &mut m),
        "epoll_pwait(3, 0x6000, 4, 0, 0x7000, 4) = -1 EINVAL (Invalid argument)"
    );
}

/// A PREADV's iovecs are buffers still to be filled: strace shows their addresses, and a
/// PWRITEV's their contents.
#[test]
fn io_submit_shows_what_each_vector_holds() {
    let mut m = MemoryImage::new();
    m.map(0x1000, le(&[0x2000, 0x3000]));
    // Words: aio_data, key|rw_flags, opcode|reqprio|fildes, buf, nbytes, offset, -, flags.
    let iocb = |opcode: u64| le(&[0, 0, opcode, 0x4000, 1, 0, 0, 0]);
    m.map(0x2000, iocb(7));
    m.map(0x3000, iocb(8));
    m.map(0x4000, le(&[0x5000, 5]));
    m.map(0x5000, b"hello");
    assert_eq!(
        call("io_submit", [0, 2, 0x1000, 0, 0, 0]).returning(2, &mut m),
        "io_submit(NULL, 2, [{aio_data=0, aio_lio_opcode=IOCB_CMD_PREADV, aio_fildes=0, \
         aio_buf=[{iov_base=0x5000, iov_len=5}], aio_offset=0}, {aio_data=0, \
         aio_lio_opcode=IOCB_CMD_PWRITEV, aio_fildes=0, aio_buf=[{iov_base=\"hello\", \
         iov_len=5}], aio_offset=0}]) = 2"
    );
}

/// io_uring_enter's fifth argument by its flags, as strace 7.2 shows it: a signal set
/// (argsz bytes), IORING_ENTER_EXT_ARG's struct (read whatever argsz), a registered wait
/// region's offset (IORING_ENTER_EXT_ARG_REG: decimal; with EXT_ARG too: hex).
#[test]
fn io_uring_enter_shows_its_argument_by_flags() {
    let mut m = MemoryImage::new();
    m.map(0x6000, le(&[1 << 9]));
    let mut arg = le(&[0x6000]);
    arg.extend(8u32.to_le_bytes());
    arg.extend(0u32.to_le_bytes());
    arg.extend(le(&[0x7000]));
    m.map(0x8000, arg).map(0x7000, le(&[1, 500]));
    let enter = |flags: u64, arg: u64, m: &mut MemoryImage| {
        call("io_uring_enter", [4, 1, 1, flags, arg, 8]).returning(0, m)
    };
    assert_eq!(
        enter(1, 0x6000, &mut m),
        "io_uring_enter(4, 1, 1, IORING_ENTER_GETEVENTS, [USR1], 8) = 0"
    );
    assert_eq!(
        enter(0x9, 0x8000, &mut m),
        "io_uring_enter(4, 1, 1, IORING_ENTER_GETEVENTS|IORING_ENTER_EXT_ARG, {sigmask=[USR1], \
         sigmask_sz=8, min_wait_usec=0, ts={tv_sec=1, tv_nsec=500}}, 8) = 0"
    );
    let reg = enter(0x41, 16, &mut m);
    assert!(reg.ends_with(", 16, 8) = 0"), "{reg}");
    let both = enter(0x49, 16, &mut m);
    assert!(both.ends_with(", 0x10, 8) = 0"), "{both}");
}

/// io_uring_register with IORING_REGISTER_USE_REGISTERED_RING: the fd is a registered
/// ring's index, unsigned (strace 7.2).
#[test]
fn io_uring_register_on_a_registered_ring_shows_its_index_unsigned() {
    let mut m = MemoryImage::new();
    let line = call(
        "io_uring_register",
        [u32::MAX as u64, 0x8000_0000, 0x100, 1, 0, 0],
    )
    .returning(-22, &mut m);
    assert!(line.starts_with("io_uring_register(4294967295, "), "{line}");
    let line = call("io_uring_register", [u64::MAX, 0, 0, 0, 0, 0]).returning(-22, &mut m);
    assert!(line.starts_with("io_uring_register(-1, "), "{line}");
}
