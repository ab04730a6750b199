//! Every named constant in syscalls.toml that the system's C headers also define must
//! have the headers' value, and every struct the libc crate also has must have libc's
//! size. The headers are compiled by the machine's C compiler, so the check covers
//! whatever tables the file grows, with no list of names to keep up to date.
use std::collections::BTreeMap;
use std::process::Command;
use syscall_tracer::generated::tables::{ALL_ENUMS, ALL_FLAGS, ALL_STRUCTS};

/// Headers that coexist in one translation unit on Debian's glibc and kernel headers.
const HEADERS: &[&str] = &[
    "fcntl.h",
    "unistd.h",
    "sys/stat.h",
    "sys/mman.h",
    "sys/socket.h",
    "netinet/in.h",
    "netinet/tcp.h",
    "netinet/udp.h",
    "signal.h",
    "sys/wait.h",
    "sys/resource.h",
    "sched.h",
    "sys/prctl.h",
    "linux/futex.h",
    "sys/epoll.h",
    "sys/inotify.h",
    "sys/timerfd.h",
    "sys/eventfd.h",
    "sys/signalfd.h",
    "poll.h",
    "time.h",
    "sys/ptrace.h",
    "sys/ioctl.h",
    "sys/mount.h",
    "sys/xattr.h",
    "sys/random.h",
    "sys/personality.h",
    "sys/ipc.h",
    "sys/shm.h",
    "sys/msg.h",
    "sys/sem.h",
    "sys/uio.h",
    "sys/utsname.h",
    "sys/swap.h",
    "sys/reboot.h",
    "linux/reboot.h",
    "sys/fanotify.h",
    "linux/keyctl.h",
    "linux/membarrier.h",
    "linux/seccomp.h",
    "linux/aio_abi.h",
    "mqueue.h",
    "sys/timex.h",
    "linux/openat2.h",
    "linux/close_range.h",
    "sys/file.h",
    "sys/fsuid.h",
    "sys/klog.h",
    "linux/falloc.h",
    "linux/fs.h",
    "linux/sched.h",
    "linux/mempolicy.h",
    "linux/landlock.h",
    "linux/io_uring.h",
    "linux/perf_event.h",
    "linux/bpf.h",
    "sys/quota.h",
    "linux/kcmp.h",
    "linux/rseq.h",
    "sys/capability.h",
    "linux/userfaultfd.h",
    "linux/netlink.h",
    "linux/if_packet.h",
    "linux/elf.h",
    "linux/module.h",
    "linux/mman.h",
    "sys/statfs.h",
    "termios.h",
    "dirent.h",
];

/// Names whose glibc value differs from the kernel's on purpose; strace (and we) print
/// the kernel's meaning.
const KERNEL_VALUE_WINS: &[(&str, &str)] = &[
    (
        "__O_TMPFILE",
        "glibc folds O_DIRECTORY into it; the kernel's bit (and strace's name) is 0o20000000",
    ),
    (
        "O_LARGEFILE",
        "glibc defines it as 0 on 64-bit; the kernel flag is 0o100000",
    ),
    (
        "F_GETLK64",
        "glibc maps the 64-bit variants onto F_GETLK and friends",
    ),
    (
        "F_SETLK64",
        "glibc maps the 64-bit variants onto F_SETLK and friends",
    ),
    (
        "F_SETLKW64",
        "glibc maps the 64-bit variants onto F_SETLKW and friends",
    ),
    ("O_RSYNC", "glibc aliases it to O_SYNC"),
];

fn header_available(h: &str) -> bool {
    ["/usr/include", "/usr/include/x86_64-linux-gnu"]
        .iter()
        .any(|d| std::path::Path::new(d).join(h).exists())
}

#[test]
fn table_constants_agree_with_the_c_headers() {
    let mut names: BTreeMap<&str, Vec<(i64, &str)>> = BTreeMap::new();
    for t in ALL_FLAGS {
        for (n, v) in t
            .bits
            .iter()
            .chain(t.fields.iter().flat_map(|f| f.values.iter()))
        {
            names.entry(n).or_default().push((*v as i64, t.name));
        }
    }
    for t in ALL_ENUMS {
        for (n, v) in t.values {
            names.entry(n).or_default().push((*v, t.name));
        }
    }
    let mut c = String::from("#define _GNU_SOURCE\n#include <stdio.h>\n");
    for h in HEADERS.iter().filter(|h| header_available(h)) {
        c.push_str(&format!("#include <{h}>\n"));
    }
    c.push_str("int main(void) {\n");
    for n in names.keys() {
        if n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
            c.push_str(&format!(
                "#ifdef {n}\n  printf(\"{n} %lld\\n\", (long long)({n}));\n#endif\n"
            ));
        }
    }
    c.push_str("  return 0;\n}\n");
    let dir = std::env::temp_dir().join(format!("constants-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("probe.c"), &c).unwrap();
    let cc = Command::new("cc")
        .arg("-w")
        .arg("-o")
        .arg(dir.join("probe"))
        .arg(dir.join("probe.c"))
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "the header probe does not compile:\n{}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let out = Command::new(dir.join("probe")).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (n, v) = line.split_once(' ').unwrap();
        let v: i64 = v.parse().unwrap();
        if KERNEL_VALUE_WINS.iter().any(|(k, _)| *k == n) {
            continue;
        }
        checked += 1;
        for (ours, table) in &names[n] {
            // A 32-bit flag table holds unsigned values the header may spell negative.
            if *ours != v && (*ours as u32 as i64) != (v as u32 as i64) {
                wrong.push(format!(
                    "{n}: {table} says {ours:#x}, the headers say {v:#x}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} constant(s) disagree with the headers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // A sanity bar for the probe itself: the tables also hold names newer than the
    // machine's headers (all strace 7.2 knows), which the headers cannot confirm.
    assert!(
        checked >= names.len() / 4,
        "only {checked} of {} names were found in the headers",
        names.len()
    );
}

#[test]
fn struct_sizes_agree_with_the_libc_crate() {
    let libc_sizes: &[(&str, usize)] = &[
        ("stat", std::mem::size_of::<libc::stat>()),
        ("timespec", std::mem::size_of::<libc::timespec>()),
        ("timeval", std::mem::size_of::<libc::timeval>()),
        ("itimerval", std::mem::size_of::<libc::itimerval>()),
        ("itimerspec", std::mem::size_of::<libc::itimerspec>()),
        ("rlimit", std::mem::size_of::<libc::rlimit64>()),
        ("rusage", std::mem::size_of::<libc::rusage>()),
        ("utsname", std::mem::size_of::<libc::utsname>()),
        ("sysinfo", std::mem::size_of::<libc::sysinfo>()),
        ("pollfd", std::mem::size_of::<libc::pollfd>()),
        ("epoll_event", std::mem::size_of::<libc::epoll_event>()),
        ("iovec", std::mem::size_of::<libc::iovec>()),
        ("msghdr", std::mem::size_of::<libc::msghdr>()),
        ("mmsghdr", std::mem::size_of::<libc::mmsghdr>()),
        ("sockaddr_in", std::mem::size_of::<libc::sockaddr_in>()),
        ("sockaddr_in6", std::mem::size_of::<libc::sockaddr_in6>()),
        ("sockaddr_un", std::mem::size_of::<libc::sockaddr_un>()),
        ("sched_param", std::mem::size_of::<libc::sched_param>()),
        ("statx", std::mem::size_of::<libc::statx>()),
        ("statfs", std::mem::size_of::<libc::statfs64>()),
        ("flock", std::mem::size_of::<libc::flock64>()),
        ("sigevent", std::mem::size_of::<libc::sigevent>()),
        ("tms", std::mem::size_of::<libc::tms>()),
        ("utimbuf", std::mem::size_of::<libc::utimbuf>()),
        ("linger", std::mem::size_of::<libc::linger>()),
        ("ucred", std::mem::size_of::<libc::ucred>()),
        ("fd_pair", 2 * std::mem::size_of::<libc::c_int>()),
        ("siginfo", std::mem::size_of::<libc::siginfo_t>()),
        ("open_how", std::mem::size_of::<libc::open_how>()),
        ("mq_attr", std::mem::size_of::<libc::mq_attr>()),
        // Not termios: TCGETS uses the kernel's 36-byte struct, glibc's is 60 bytes.
        ("winsize", std::mem::size_of::<libc::winsize>()),
    ];
    let mut compared = 0;
    for (name, size) in libc_sizes {
        if let Some(l) = ALL_STRUCTS.iter().find(|l| l.name == *name) {
            compared += 1;
            assert_eq!(
                l.size as usize, *size,
                "struct {name}: syscalls.toml says {}, libc says {size}",
                l.size
            );
        }
    }
    assert!(compared >= 3, "only {compared} structs compared");
}
