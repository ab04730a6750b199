//! Attaching to running processes: every thread in /proc/PID/task, rescanning until no
//! new thread shows up, so threads born during the attach are not missed.

use std::collections::BTreeSet;

use libc::pid_t;

use super::ptrace;
use crate::error::TracerError;

fn list_tasks(pid: pid_t) -> Option<BTreeSet<pid_t>> {
    let dir = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    Some(
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect(),
    )
}

/// The thread group of a tid, from /proc (the tid itself if it cannot be read).
///
/// Called for every new child whose first stop comes before its creator's event, so it
/// reads once into a stack buffer: "Tgid:" is among the first lines, and the kernel
/// builds the whole file on every read.
pub fn tgid_of(tid: pid_t) -> pid_t {
    use std::io::Read;
    let mut buf = [0u8; 512];
    let n = std::fs::File::open(format!("/proc/{tid}/status"))
        .and_then(|mut f| f.read(&mut buf))
        .unwrap_or(0);
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .find_map(|l| l.strip_prefix("Tgid:").and_then(|v| v.trim().parse().ok()))
        .unwrap_or(tid)
}

/// Why seizing a listed thread may fail (EPERM) without anything being wrong: it was
/// created since the listing by a thread we had already seized, so the kernel attached it
/// to us (its first stop and its creator's clone event come through the event loop); or
/// it has exited and is only waiting to be released (a leader that called pthread_exit
/// stays so until its other threads end).
fn already_ours_or_ended(tid: pid_t) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{tid}/status")) else {
        return true;
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    let state = field("State:");
    state.starts_with('Z')
        || state.starts_with('X')
        || field("TracerPid:").parse() == Ok(std::process::id())
}

/// Whether a thread has exited: gone, or a zombie (state Z or X in /proc).
pub fn has_exited(tid: pid_t) -> bool {
    match std::fs::read_to_string(format!("/proc/{tid}/stat")) {
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.trim_start().chars().next())
            .is_none_or(|state| matches!(state, 'Z' | 'X')),
        Err(_) => true,
    }
}

/// A field of `/proc/TID/status` (`ShdPnd:`, `Seccomp_filters:`), trimmed.
fn status_field(tid: pid_t, name: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_string())
}

/// The process a pid or thread id belongs to, as `strace -p` takes it: a thread id names
/// its whole process. `None` when there is no such task.
pub fn process_of(id: pid_t) -> Option<pid_t> {
    if id <= 0 {
        return None;
    }
    status_field(id, "Tgid:")?.parse().ok()
}

/// How many seccomp filters a thread runs under (0 when unknown).
pub fn seccomp_filters(tid: pid_t) -> u32 {
    status_field(tid, "Seccomp_filters:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Whether signal `sig` is pending for process `pid`: sent to the process (ShdPnd) or to
/// its leader thread (SigPnd), not yet delivered.
pub fn signal_pending(pid: pid_t, sig: i32) -> bool {
    let bit = 1u64 << (sig - 1);
    ["ShdPnd:", "SigPnd:"].iter().any(|field| {
        status_field(pid, field)
            .and_then(|v| u64::from_str_radix(&v, 16).ok())
            .is_some_and(|set| set & bit != 0)
    })
}

/// Seizes and interrupts every thread of `pid`; returns the tids in ascending order.
/// `pid` must be a process (thread group leader): see [`process_of`].
pub fn attach_process(pid: pid_t, options: libc::c_long) -> Result<Vec<pid_t>, TracerError> {
    if !std::path::Path::new(&format!("/proc/{pid}")).exists() || tgid_of(pid) != pid {
        return Err(TracerError::PidNotFound(pid));
    }
    let mut seen = BTreeSet::new();
    let mut seized = Vec::new();
    while let Some(tasks) = list_tasks(pid) {
        let fresh: Vec<pid_t> = tasks.difference(&seen).copied().collect();
        if fresh.is_empty() {
            break;
        }
        for tid in fresh {
            match ptrace::seize(tid, options) {
                Ok(()) => {
                    let _ = ptrace::interrupt(tid);
                    seen.insert(tid);
                    seized.push(tid);
                }
                // The thread ended between listing and seizing.
                Err(e) if e.raw_os_error() == Some(libc::ESRCH) && tid != pid => {
                    seen.insert(tid);
                }
                Err(e) if e.raw_os_error() == Some(libc::ESRCH) => {
                    return Err(TracerError::PidNotFound(pid))
                }
                Err(_) if already_ours_or_ended(tid) => {
                    seen.insert(tid);
                }
                Err(e) => {
                    for &t in &seized {
                        let _ = ptrace::detach(t, 0);
                    }
                    return Err(TracerError::not_permitted(pid, e));
                }
            }
        }
    }
    if seized.is_empty() {
        return Err(TracerError::PidNotFound(pid));
    }
    seized.sort_unstable();
    Ok(seized)
}
