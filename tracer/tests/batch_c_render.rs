//! Renderings of batch C's syscalls (200-299) over a fake tracee memory, in the forms
//! strace 6.1 printed for the corpus programs `tests/corpus/c_*.c`; these tests pin them
//! without needing ptrace.
use syscall_tracer::decode::{DecodeOptions, Decoder};

/// The library's fake tracee memory: regions of bytes, anything else unmapped.
use syscall_tracer::decode::memory_image::MemoryImage as Mem;

fn le(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Dates print in local time, as strace's do; the expected lines are in UTC.
fn utc() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::env::set_var("TZ", "UTC"));
}

fn trace(nr: u64, args: [u64; 6], ret: i64, mem: &mut Mem) -> String {
    utc();
    Decoder::new(DecodeOptions::default()).line(nr, args, ret, mem)
}

#[test]
fn futex_operations() {
    let mut m = Mem::default();
    m.map(0x5000, le(&[0, 1000]));
    assert_eq!(
        trace(202, [0x1000, 0x189, 0, 0, 0, 0xffff_ffff], -11, &mut m),
        "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        trace(202, [0x1000, 0x87, 0, 0, 0, 0], 0, &mut m),
        "futex(0x1000, FUTEX_UNLOCK_PI_PRIVATE) = 0"
    );
    assert_eq!(
        trace(202, [0x1000, 0x85, 1, 1, 0x2000, 0x0400_0001], 0, &mut m),
        "futex(0x1000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x2000, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 0"
    );
    assert_eq!(
        trace(202, [0x1000, 0x80, 1, 0x5000, 0, 0], -110, &mut m),
        "futex(0x1000, FUTEX_WAIT_PRIVATE, 1, {tv_sec=0, tv_nsec=1000}) = -1 ETIMEDOUT (Connection timed out)"
    );
    assert_eq!(
        trace(202, [0x1000, 0x7f, 1, 2, 3, 4], -38, &mut m),
        "futex(0x1000, 0x7f /* FUTEX_??? */, 1, 0x2, 0x3, 0x4) = -1 ENOSYS (Function not implemented)"
    );
}

#[test]
fn utimensat_times_and_flags() {
    let mut m = Mem::default();
    m.map(0x4000, b"f\0")
        .map(0x5000, le(&[5, 6, 0, 0x3fff_ffff]));
    assert_eq!(
        trace(280, [3, 0x4000, 0x5000, 0, 0, 0], 0, &mut m),
        "utimensat(3, \"f\", [{tv_sec=5, tv_nsec=6} /* 1970-01-01T00:00:05.000000006+0000 */, UTIME_NOW], 0) = 0"
    );
    assert_eq!(
        trace(280, [3, 0x4000, 0x10, 0x4000, 0, 0], -14, &mut m),
        "utimensat(3, \"f\", 0x10, 0x4000 /* AT_??? */) = -1 EFAULT (Bad address)"
    );
}

#[test]
fn epoll_events_and_sigset_size() {
    let mut m = Mem::default();
    let mut ev = 0x8000_0005u32.to_le_bytes().to_vec();
    ev.extend(0x1122_3344_5566_7788u64.to_le_bytes());
    m.map(0x6000, &ev).map(0x7000, le(&[1 << 11]));
    assert_eq!(
        trace(233, [3, 1, 6, 0x6000, 0, 0], 0, &mut m),
        "epoll_ctl(3, EPOLL_CTL_ADD, 6, {events=EPOLLIN|EPOLLOUT|EPOLLET, data={u32=1432778632, u64=1234605616436508552}}) = 0"
    );
    assert_eq!(
        trace(281, [3, 0x6000, 4, 0, 0x7000, 8], 1, &mut m),
        "epoll_pwait(3, [{events=EPOLLIN|EPOLLOUT|EPOLLET, data={u32=1432778632, u64=1234605616436508552}}], 4, 0, [USR2], 8) = 1"
    );
    assert_eq!(
        trace(281, [3, 0x6000, 4, 0, 0x7000, 4], -22, &mut m),
        "epoll_pwait(3, 0x6000, 4, 0, 0x7000, 4) = -1 EINVAL (Invalid argument)"
    );
}

#[test]
fn bitmaps() {
    let mut m = Mem::default();
    m.map(0x8000, le(&[0x8000_0000_0000_0005, 3]));
    assert_eq!(
        trace(203, [0, 16, 0x8000, 0, 0, 0], 0, &mut m),
        "sched_setaffinity(0, 16, [0 2 63 64 65]) = 0"
    );
    assert_eq!(
        trace(204, [0, 4, 0x8000, 0, 0, 0], -22, &mut m),
        "sched_getaffinity(0, 4, 0x8000) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        trace(238, [0x8001, 0x8000, 2, 0, 0, 0], 0, &mut m),
        "set_mempolicy(MPOL_PREFERRED|MPOL_F_STATIC_NODES, [0x8000000000000005], 2) = 0"
    );
    assert_eq!(
        trace(238, [0x63, 1, 64, 0, 0, 0], -22, &mut m),
        "set_mempolicy(0x63 /* MPOL_??? */, 0x1, 64) = -1 EINVAL (Invalid argument)"
    );
}

/// strace looks a memory policy mode up with the mode flags cleared; an unknown mode
/// prints after the flags as one number. mbind's mode is a full word, set_mempolicy's an int.
#[test]
fn memory_policy_modes_as_strace_prints_them() {
    let mut m = Mem::default();
    let cases: [(u64, u64, &str); 7] = [
        (238, 0x2006, "MPOL_F_NUMA_BALANCING|0x6"),
        (238, 6, "0x6 /* MPOL_??? */"),
        (238, 0x10000, "0x10000 /* MPOL_??? */"),
        (
            238,
            0xc000,
            "MPOL_DEFAULT|MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES",
        ),
        (
            238,
            u64::MAX,
            "MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|MPOL_F_NUMA_BALANCING|0xffff1fff",
        ),
        (237, 0x1_0000_0002, "0x100000002 /* MPOL_??? */"),
        (
            237,
            0xa002,
            "MPOL_BIND|MPOL_F_STATIC_NODES|MPOL_F_NUMA_BALANCING",
        ),
    ];
    for (nr, mode, shown) in cases {
        let line = if nr == 238 {
            trace(nr, [mode, 0, 0, 0, 0, 0], -22, &mut m)
        } else {
            trace(nr, [0, 0, mode, 0, 0, 0], -22, &mut m)
        };
        let expected = if nr == 238 {
            format!("set_mempolicy({shown}, NULL, 0) = -1 EINVAL (Invalid argument)")
        } else {
            format!("mbind(NULL, 0, {shown}, NULL, 0, 0) = -1 EINVAL (Invalid argument)")
        };
        assert_eq!(line, expected, "mode {mode:#x}");
    }
}

#[test]
fn poll_and_select_summaries() {
    let mut m = Mem::default();
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
        trace(271, [0x9000, 2, 0xa000, 0, 8, 0], 1, &mut m),
        "ppoll([{fd=4, events=POLLIN}, {fd=-1}], 2, {tv_sec=0, tv_nsec=0}, NULL, 8) = 1 ([{fd=4, revents=POLLIN}], left {tv_sec=0, tv_nsec=0})"
    );
    assert_eq!(
        trace(271, [0, 0, 0xa000, 0, 0, 0], 0, &mut m),
        "ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, NULL, 0) = 0 (Timeout)"
    );
    assert_eq!(
        trace(270, [8, 0xb000, 0xc000, 0, 0, 0], 2, &mut m),
        "pselect6(8, [4 7], [7], NULL, NULL, NULL) = 2 (in [4 7])"
    );
}

#[test]
fn time_mq_and_status_arrays() {
    let mut m = Mem::default();
    m.map(0xd000, le(&[1_700_000_000]));
    assert_eq!(
        trace(201, [0xd000, 0, 0, 0, 0, 0], 1_700_000_000, &mut m),
        "time([1700000000 /* 2023-11-14T22:13:20+0000 */]) = 1700000000 (2023-11-14T22:13:20+0000)"
    );
    m.map(0xe000, [0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff])
        .map(0xe100, le(&[0x1000, 0x2000]));
    assert_eq!(
        trace(279, [0, 2, 0xe100, 0, 0xe000, 2], 0, &mut m),
        "move_pages(0, 2, [0x1000, 0x2000], NULL, [0, -ENOENT], MPOL_MF_MOVE) = 0"
    );
    m.map(0xf000, b"/q\0")
        .map(0xf100, le(&[0, 4, 16, 0, 0, 0, 0, 0]));
    assert_eq!(
        trace(240, [0xf000, 0o302, 0o600, 0xf100, 0, 0], -13, &mut m),
        "mq_open(\"/q\", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=4, mq_msgsize=16, mq_curmsgs=0}) = -1 EACCES (Permission denied)"
    );
    assert_eq!(
        trace(251, [1, 0, (2 << 13) | 4, 0, 0, 0], 0, &mut m),
        "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)) = 0"
    );
    assert_eq!(
        trace(292, [6, 101, 0o2000000, 0, 0, 0], 101, &mut m),
        "dup3(6, 101, O_CLOEXEC) = 101"
    );
    assert_eq!(
        trace(293, [0, 3, 0, 0, 0, 0], -22, &mut m),
        "pipe2(NULL, 0x3 /* O_??? */) = -1 EINVAL (Invalid argument)"
    );
}

/// A PREADV's iovecs are buffers still to be filled: strace shows their addresses, and a
/// PWRITEV's their contents.
#[test]
fn io_submit_shows_what_each_vector_holds() {
    let mut m = Mem::default();
    m.map(0x1000, le(&[0x2000, 0x3000]));
    // Words: aio_data, key|rw_flags, opcode|reqprio|fildes, buf, nbytes, offset, -, flags.
    let iocb = |opcode: u64| le(&[0, 0, opcode, 0x4000, 1, 0, 0, 0]);
    m.map(0x2000, iocb(7));
    m.map(0x3000, iocb(8));
    m.map(0x4000, le(&[0x5000, 5]));
    m.map(0x5000, b"hello");
    assert_eq!(
        trace(209, [0, 2, 0x1000, 0, 0, 0], 2, &mut m),
        "io_submit(NULL, 2, [{aio_data=0, aio_lio_opcode=IOCB_CMD_PREADV, aio_fildes=0, \
         aio_buf=[{iov_base=0x5000, iov_len=5}], aio_offset=0}, {aio_data=0, \
         aio_lio_opcode=IOCB_CMD_PWRITEV, aio_fildes=0, aio_buf=[{iov_base=\"hello\", \
         iov_len=5}], aio_offset=0}]) = 2"
    );
}
