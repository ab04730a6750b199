//! Properties of every generated decoder, over arbitrary registers and a tracee memory
//! that is mapped only in places: no decoder panics, none reads an output argument's
//! memory when the call failed (an interrupted call is not a failure), and no single read
//! is larger than the call's own lengths allow (an argument, the return value) or, for
//! fixed-size things, than the vocabulary's largest (a select() fd_set: 8 KiB); every
//! recorded pid span is the decimal rendering of its pid; `-y` paths of any bytes render
//! reversibly.
use proptest::prelude::*;
use syscall_decode::decode::memory_image::MemoryImage;
use syscall_decode::decode::vocab::Dir;
use syscall_decode::decode::{CallRecord, DecodeOptions, Decoder, Slot};
use syscall_decode::generated::syscalls::SYSCALLS;

/// Argument i points (when it is a pointer at all) into its own region, so a read can be
/// traced back to the argument it belongs to.
fn region(i: usize) -> u64 {
    ((i as u64) + 1) << 32
}

#[derive(Debug, Clone)]
enum RegChoice {
    Small(u64),
    Negative(i32),
    Null,
    Mapped,
    Unmapped(u64),
    Any(u64),
}

fn reg_choice() -> impl Strategy<Value = RegChoice> {
    prop_oneof![
        (0u64..70).prop_map(RegChoice::Small),
        (-200i32..0).prop_map(RegChoice::Negative),
        Just(RegChoice::Null),
        Just(RegChoice::Mapped),
        Just(RegChoice::Mapped),
        (0u64..0xffff).prop_map(RegChoice::Unmapped),
        any::<u64>().prop_map(RegChoice::Any),
    ]
}

fn ret_value() -> impl Strategy<Value = i64> {
    prop_oneof![
        (-4095i64..0),
        (0i64..4096),
        any::<i64>(),
        Just(-512i64),
        Just(-516i64)
    ]
}

/// Whether the small descriptors are netlink sockets, and of which protocol (route,
/// sock_diag, generic, one /proc does not list yet), so that socket buffers go through
/// the netlink renderer too.
fn netlink() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![
        Just(None),
        Just(Some(0u32)),
        Just(Some(4)),
        Just(Some(16)),
        Just(Some(u32::MAX)),
    ]
}

type Case = (u64, Vec<RegChoice>, Vec<Vec<u8>>, i64, usize, Option<u32>);

fn case() -> impl Strategy<Value = Case> {
    (
        0u64..(SYSCALLS.len() as u64 + 8),
        prop::collection::vec(reg_choice(), 6),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 0..400), 6),
        ret_value(),
        prop_oneof![Just(32usize), 0usize..70],
        netlink(),
    )
}

proptest! {
    // PROPTEST_CASES raises the count for soak runs.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(8_000)
    ))]

    #[test]
    fn decoders_are_total_and_respect_direction((nr, choices, contents, ret, limit, nl) in case()) {
        let mut mem = MemoryImage::new();
        if let Some(protocol) = nl {
            for fd in 0..70 {
                mem.netlink_socket(fd, protocol);
            }
            mem.generic_family(0x10, "nlctrl");
        }
        let mut regs = [0u64; 6];
        for (i, c) in choices.iter().enumerate() {
            regs[i] = match c {
                RegChoice::Small(v) => *v,
                RegChoice::Negative(v) => *v as i64 as u64,
                RegChoice::Null => 0,
                RegChoice::Mapped => {
                    mem.map(region(i), contents[i].clone());
                    region(i)
                }
                RegChoice::Unmapped(off) => region(i) + 0x10_0000 + off,
                RegChoice::Any(v) => *v,
            };
        }
        let d = Decoder::new(DecodeOptions { string_limit: limit, fd_paths: false, ..Default::default() });
        let mut rec = CallRecord::new();
        d.entry(&mut rec, nr, regs, &mut mem);
        let entry_reads = mem.reads.len();
        d.exit(&mut rec, ret, &mut mem);
        let mut line = String::new();
        rec.write_text(&mut line);
        prop_assert!(line.contains(" = "));
        // Every recorded pid stands exactly where its decimal rendering is, in the text
        // it belongs to, in order (what --fixed-ts rewrites, and nothing else).
        let mut last = (None, 0usize);
        for p in rec.pid_spans() {
            let text = match p.slot {
                Slot::Arg(i) => rec.args_rendered().get(i as usize).map(String::as_str),
                Slot::Ret => Some(rec.ret_rendered()),
                Slot::Pending => None,
            };
            let at = text.and_then(|t| t.get(p.start as usize..p.end as usize));
            let decimal = p.real.to_string();
            prop_assert_eq!(at, Some(decimal.as_str()), "{:?} in {}", p, line);
            if last.0 == Some(p.slot) {
                prop_assert!(p.start as usize >= last.1, "{:?} out of order in {}", p, line);
            }
            last = (Some(p.slot), p.end as usize);
            if let Some(r) = p.register {
                prop_assert_eq!(regs[r as usize] as i32, p.real);
            }
        }

        // A read may be as long as a length the call itself gives (an argument or a
        // non-negative return), else at most the vocabulary's largest fixed read.
        let given = regs
            .iter()
            .flat_map(|r| [*r, *r as u32 as u64])
            .chain([ret.max(0) as u64])
            .max()
            .unwrap_or(0);
        let bound = given.max(8192) as usize;
        for (addr, len) in &mem.reads {
            prop_assert!(*len <= bound, "read of {} bytes at {:#x} in {}", len, addr, line);
        }
        // Restart codes are interruptions, not failures: the kernel has written some
        // outputs (nanosleep's remaining time), and strace shows them.
        let failed = (-4095..0).contains(&ret) && !(-516..=-512).contains(&ret);
        if let (true, Some(Some(def))) = (failed, SYSCALLS.get(nr as usize)) {
            for (i, meta) in def.args.iter().enumerate() {
                let shared = (0..6).any(|j| j != i && regs[j] == regs[i]);
                // An iovec array or msghdr only points at the output buffers; strace shows
                // it (with bare buffer addresses) even when the call failed.
                let descriptor = matches!(meta.ty, "iovec" | "msghdr");
                if meta.dir != Dir::Out || regs[i] == 0 || shared || descriptor {
                    continue;
                }
                let touched = mem.reads[entry_reads..].iter().any(|(a, _)| *a == regs[i]);
                prop_assert!(!touched, "{}: failed call read output argument {} ({})", def.name, meta.name, line);
            }
        }
    }
}

/// Reads back what strace's C escaping wrote: `\\`, `\"`, `\n` and friends, and octal
/// escapes of one to three digits (greedy, as C reads them).
fn c_unescape(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = *b.get(i)?;
        i += 1;
        match c {
            b'\\' | b'"' => out.push(c),
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(0x0b),
            b'f' => out.push(0x0c),
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(v).ok()?);
            }
            _ => return None,
        }
    }
    Some(out)
}

proptest! {
    /// `-y` paths of any bytes: the decoder never panics, the path between `<` and `>` is
    /// printable ASCII without `<` or `>` (so the line stays one line and the brackets stay
    /// unambiguous), and unescaping it gives back exactly the bytes the link held.
    #[test]
    fn y_paths_escape_reversibly(
        path in prop::collection::vec(any::<u8>(), 0..300),
        deleted in any::<bool>(),
        fd in 0i32..1000,
    ) {
        let mut m = MemoryImage::new();
        m.map(0x1000, b"x").fd_path(fd, &path, deleted).fd_path(-100, &path, false);
        let d = Decoder::new(DecodeOptions { string_limit: 32, fd_paths: true, ..Default::default() });
        let read = syscall_decode::decode::syscall_number("read").unwrap();
        let line = d.line(read, [fd as u64, 0x1000, 1, 0, 0, 0], 1, &mut m);
        let head = format!("read({fd}<");
        prop_assert!(line.starts_with(&head), "{}", line);
        let tail = if deleted { ">(deleted), \"x\", 1) = 1" } else { ">, \"x\", 1) = 1" };
        prop_assert!(line.ends_with(tail), "{}", line);
        let shown = &line[head.len()..line.len() - tail.len()];
        prop_assert!(shown.bytes().all(|c| (0x20..0x7f).contains(&c) && c != b'<' && c != b'>'), "{}", line);
        prop_assert_eq!(c_unescape(shown), Some(path.clone()));

        let openat = syscall_decode::decode::syscall_number("openat").unwrap();
        m.map_str(0x2000, "f");
        let line = d.line(openat, [-100i64 as u64, 0x2000, 0, 0, 0, 0], -2, &mut m);
        let cwd = line
            .strip_prefix("openat(AT_FDCWD<")
            .and_then(|l| l.strip_suffix(">, \"f\", O_RDONLY) = -1 ENOENT (No such file or directory)"));
        prop_assert_eq!(cwd.and_then(c_unescape), Some(path));
    }
}
