//! `-Y` and `--decode-pids=pidns`: what a pid a tracee names stands for, read from
//! `/proc`. A tracee in another pid namespace names processes by its namespace's
//! numbers; the process is found by the `NSpid:` line of `/proc/*/status`, which lists a
//! process's pid in every namespace from the tracer's (outermost visible) inwards.

use std::os::unix::ffi::OsStringExt;

use crate::decode::PidInfo;

/// Pid `pid` as seen by thread `tid` (a tracee): its command name and the tracer's
/// number for it. `None` when no such process is visible.
pub fn pid_info(tid: i32, pid: i32) -> Option<PidInfo> {
    if pid <= 0 {
        return None;
    }
    let tracer_pid = if same_pid_namespace(tid) {
        pid
    } else {
        translate(tid, pid)?
    };
    let mut comm = std::fs::read(format!("/proc/{tracer_pid}/comm")).ok()?;
    if comm.last() == Some(&b'\n') {
        comm.pop();
    }
    Some(PidInfo { comm, tracer_pid })
}

fn ns_link(pid: &str) -> Option<Vec<u8>> {
    std::fs::read_link(format!("/proc/{pid}/ns/pid"))
        .ok()
        .map(|p| p.into_os_string().into_vec())
}

fn same_pid_namespace(tid: i32) -> bool {
    match (ns_link("self"), ns_link(&tid.to_string())) {
        (Some(ours), Some(theirs)) => ours == theirs,
        // Unknown: take the numbers as they are rather than search for nothing.
        _ => true,
    }
}

/// The `NSpid:` numbers of a process, outermost first.
fn nspids(pid: &str) -> Option<Vec<i32>> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("NSpid:"))?;
    line.split_whitespace().map(|n| n.parse().ok()).collect()
}

/// The tracer's number for the process that thread `tid`'s namespace calls `pid`: the
/// process whose NSpid has `pid` at the depth of `tid`'s own namespace.
fn translate(tid: i32, pid: i32) -> Option<i32> {
    let depth = nspids(&tid.to_string())?.len().checked_sub(1)?;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let name = entry.file_name();
            let name = name.to_str()?;
            let ours: i32 = name.parse().ok()?;
            (nspids(name)?.get(depth) == Some(&pid)).then_some(ours)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tracers_own_pid_shows_its_comm() {
        let me = std::process::id() as i32;
        let info = pid_info(me, me).expect("this process exists");
        assert_eq!(info.tracer_pid, me);
        let comm = std::fs::read(format!("/proc/{me}/comm")).unwrap();
        assert_eq!(info.comm, comm[..comm.len() - 1]);
        assert_eq!(pid_info(me, 0), None);
        assert_eq!(pid_info(me, -5), None);
    }
}
