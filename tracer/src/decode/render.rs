//! TEMPORARY raw renderer so the engine can be built while the generated vocabulary lands.
use super::{CallRecord, Decoder, Tracee};

pub(super) fn entry(_d: &Decoder, rec: &mut CallRecord, _t: &mut dyn Tracee) {
    let args = rec.args;
    for a in args {
        let s = rec.next_arg();
        s.push_str(&format!("{a:#x}"));
    }
}

pub(super) fn exit(_d: &Decoder, rec: &mut CallRecord, ret: i64, _t: &mut dyn Tracee) {
    let t = rec.ret_text_mut();
    t.clear();
    if (-4095..0).contains(&ret) {
        let e = (-ret) as i32;
        t.push_str(&format!(
            "-1 {} ({})",
            errno_name(e).unwrap_or("E???"),
            errno_message(e).unwrap_or("Unknown error")
        ));
    } else {
        t.push_str(&ret.to_string());
    }
}

/// Name of a syscall number, as strace prints it.
pub fn syscall_name(nr: u64) -> Option<&'static str> {
    match nr {
        0 => Some("read"),
        1 => Some("write"),
        59 => Some("execve"),
        231 => Some("exit_group"),
        _ => None,
    }
}

/// Number of a syscall name.
pub fn syscall_number(name: &str) -> Option<u64> {
    all_syscalls().find(|(_, n)| *n == name).map(|(nr, _)| nr)
}

/// Every syscall the table knows (reserved numbers excluded), by number.
pub fn all_syscalls() -> impl Iterator<Item = (u64, &'static str)> {
    (0..512u64).filter_map(|nr| syscall_name(nr).map(|n| (nr, n)))
}

/// Members of an strace trace class (`file`, `desc`, `network`, `process`, `signal`,
/// `ipc`, `memory`, `creds`, `clock`, `pure`, `stat`, `lstat`, `fstat`, `%stat`-style
/// names without the `%`), or `None` for an unknown class.
pub fn class_syscalls(_class: &str) -> Option<&'static [u16]> {
    None
}

/// `ENOENT` for 2; the kernel-internal restart codes (512..) too.
pub fn errno_name(e: i32) -> Option<&'static str> {
    match e {
        2 => Some("ENOENT"),
        _ => None,
    }
}

/// `No such file or directory` for 2.
pub fn errno_message(e: i32) -> Option<&'static str> {
    match e {
        2 => Some("No such file or directory"),
        _ => None,
    }
}

/// `SIGCHLD` for 17, `SIGRTMIN` for 32, `SIGRT_2` for 34, a number past the end as is.
pub fn signal_name(sig: i32) -> String {
    format!("{sig}")
}

/// The braces strace prints in a `--- SIGCHLD {...} ---` line, from the raw 128-byte
/// `siginfo_t` that PTRACE_GETSIGINFO returns.
pub fn render_siginfo(raw: &[u8; 128]) -> String {
    let signo = i32::from_ne_bytes(raw[0..4].try_into().unwrap());
    format!("{{si_signo={}}}", signal_name(signo))
}
