//! Drives a call's rendering through the generated table, and answers the lookups the
//! engine and the filters need (names, numbers, classes, errnos, signals).
use super::vocab::{Call, SyscallDef};
use super::{fmt, CallRecord, Decoder, Tracee};
use crate::generated::syscalls::{BY_NAME, CLASS_MEMBERS, SYSCALLS};

fn def(nr: u64) -> Option<&'static SyscallDef> {
    SYSCALLS.get(nr as usize).and_then(|d| d.as_ref())
}

/// Renders what is due at this stop; returns whether an argument was left for the exit.
fn run(d: &Decoder, rec: &mut CallRecord, t: &mut dyn Tracee, exiting: bool, ret: i64) -> bool {
    let nr = rec.nr;
    let mut c = Call {
        rec,
        t,
        opts: &d.opts,
        exiting,
        blocked: false,
        ret,
        socket: None,
    };
    match d.def(nr) {
        // -e raw=SET: these calls undecoded.
        Some(def) if d.opts.display.raw_calls.contains(nr) => {
            super::display::raw_call(&mut c, def.args.len())
        }
        Some(def) => (def.render)(&mut c),
        None => super::hooks::unknown(&mut c),
    }
    c.blocked
}

pub(super) fn entry(d: &Decoder, rec: &mut CallRecord, t: &mut dyn Tracee) {
    let more_at_exit = run(d, rec, t, false, 0);
    rec.entry_done(!more_at_exit);
}

pub(super) fn exit(d: &Decoder, rec: &mut CallRecord, ret: i64, t: &mut dyn Tracee) {
    run(d, rec, t, true, ret);
    if rec.ret_rendered().is_empty() {
        // A hook that printed no return: strace's default is the signed number.
        let mut s = String::new();
        if (-4095..0).contains(&ret) {
            fmt::error_return(&mut s, (-ret) as i32);
        } else {
            fmt::int(&mut s, ret);
        }
        rec.ret_text_mut().push_str(&s);
    }
}

/// Name of a syscall number, as strace prints it (reserved numbers included).
pub fn syscall_name(nr: u64) -> Option<&'static str> {
    def(nr).map(|d| d.name)
}

/// Number of a syscall name.
pub fn syscall_number(name: &str) -> Option<u64> {
    BY_NAME
        .binary_search_by_key(&name, |(n, _)| n)
        .ok()
        .map(|i| BY_NAME[i].1 as u64)
}

/// Every syscall the kernel implements, by number (reserved numbers excluded).
pub fn all_syscalls() -> impl Iterator<Item = (u64, &'static str)> {
    SYSCALLS.iter().enumerate().filter_map(|(nr, d)| {
        d.as_ref()
            .filter(|d| !d.reserved)
            .map(|d| (nr as u64, d.name))
    })
}

/// Members of an strace trace class: `file`, `desc`, `network`, `process`, `signal`,
/// `ipc`, `memory`, `creds`, `clock`, `pure`, `stat`, `lstat`, `fstat`, `statfs`,
/// `fstatfs` (names as after `%`), and strace's `%%stat` and `%%statfs` spelled `%stat`
/// and `%statfs`. `None` for an unknown class.
pub fn class_syscalls(class: &str) -> Option<&'static [u16]> {
    let class = match class {
        "%stat" => "stat_like",
        "%statfs" => "statfs_like",
        c => c,
    };
    CLASS_MEMBERS
        .iter()
        .find(|(n, _)| *n == class)
        .map(|(_, m)| *m)
}

/// The trace classes as written after `%` in a trace set: `file`, `desc`, ..., and
/// `%stat`, `%statfs` (strace's `%%stat` and `%%statfs`).
pub fn class_names() -> impl Iterator<Item = &'static str> {
    CLASS_MEMBERS.iter().map(|(n, _)| match *n {
        "stat_like" => "%stat",
        "statfs_like" => "%statfs",
        n => n,
    })
}

/// `ENOENT` for 2; the kernel-internal restart codes (512..) too.
pub fn errno_name(e: i32) -> Option<&'static str> {
    fmt::errno_entry(e).map(|x| x.0)
}

/// `No such file or directory` for 2.
pub fn errno_message(e: i32) -> Option<&'static str> {
    fmt::errno_entry(e).map(|x| x.1)
}

/// `SIGCHLD` for 17, `SIGRTMIN` for 32, `SIGRT_2` for 34, a number past the end as is.
pub fn signal_name(sig: i32) -> String {
    let mut s = String::new();
    fmt::signal(&mut s, sig);
    s
}

/// The braces strace prints in a `--- SIGCHLD {...} ---` line, from the raw 128-byte
/// `siginfo_t` that PTRACE_GETSIGINFO returns.
pub fn render_siginfo(raw: &[u8; 128]) -> String {
    let mut s = String::new();
    render_siginfo_into(&mut s, raw);
    s
}

/// [`render_siginfo`] appended to `out`; returns the byte range of `si_pid`'s value in
/// `out` and the pid, when the signal carries one (for `--fixed-ts` renumbering).
pub fn render_siginfo_into(
    out: &mut String,
    raw: &[u8; 128],
) -> Option<(std::ops::Range<usize>, i32)> {
    render_siginfo_styled_into(out, raw, super::display::ConstStyle::Abbrev)
}

/// [`render_siginfo_into`] under `-X`: strace 7.2's signal lines follow it too
/// (`si_signo=17, si_code=0x1` raw; `17 /* SIGCHLD */` verbose).
pub fn render_siginfo_styled_into(
    out: &mut String,
    raw: &[u8; 128],
    style: super::display::ConstStyle,
) -> Option<(std::ops::Range<usize>, i32)> {
    super::siginfo::render_styled(out, raw, style).map(|(start, end, pid)| (start..end, pid))
}
