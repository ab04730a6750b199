//! What to tell a user whose ptrace was refused (EPERM): the likely cause, from what
//! `/proc` says about the target and about the tracer itself. Advice to run as root is
//! given only to a tracer that lacks the privilege, never to one that has it.

/// What `/proc` tells about a refused target and about ourselves. `None` where it could
/// not be read (the target has gone, no Yama module, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The target's tracer, with its command name if known (`TracerPid:` when not 0).
    pub traced_by: Option<(i32, Option<String>)>,
    /// The target is a kernel thread, which nothing may trace.
    pub kernel_thread: bool,
    /// `/proc/sys/kernel/yama/ptrace_scope`.
    pub yama_scope: Option<u32>,
    /// We hold CAP_SYS_PTRACE: the privilege "run as root" would give.
    pub privileged: bool,
    /// We run as root (effective uid 0), with or without CAP_SYS_PTRACE.
    pub root: bool,
}

/// The hint for a refused `pid`, if there is one to give.
pub fn for_pid(pid: i32) -> Option<String> {
    hint(pid, &Facts::gather(pid))
}

/// The decision, from facts alone: a specific cause first (the target is traced already,
/// is a kernel thread, or Yama forbids all tracing), then what privilege is missing.
pub fn hint(pid: i32, f: &Facts) -> Option<String> {
    if let Some((tracer, name)) = &f.traced_by {
        let name = name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
        return Some(format!(
            "pid {pid} is already traced by pid {tracer}{name}, and a process has at most one tracer"
        ));
    }
    if f.kernel_thread {
        return Some(format!(
            "pid {pid} is a kernel thread, which cannot be traced"
        ));
    }
    if f.yama_scope == Some(3) {
        return Some("/proc/sys/kernel/yama/ptrace_scope is 3: no process may be traced".into());
    }
    if f.privileged {
        return None;
    }
    if f.root {
        return Some("the tracer runs as root but without CAP_SYS_PTRACE".into());
    }
    Some(match f.yama_scope {
        Some(scope @ (1 | 2)) => {
            format!("run as root, or lower /proc/sys/kernel/yama/ptrace_scope (now {scope})")
        }
        _ => "run as root, or trace only your own processes".into(),
    })
}

/// CAP_SYS_PTRACE's bit in the capability sets.
const CAP_SYS_PTRACE: u32 = 19;
/// PF_KTHREAD in a task's flags (`/proc/PID/stat`, field 9).
const PF_KTHREAD: u64 = 0x0020_0000;

impl Facts {
    pub fn gather(pid: i32) -> Facts {
        let own = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let target = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let traced_by = status_field(&target, "TracerPid:")
            .and_then(|v| v.parse::<i32>().ok())
            .filter(|&t| t != 0 && t != std::process::id() as i32)
            .map(|t| {
                let name = std::fs::read_to_string(format!("/proc/{t}/comm"))
                    .ok()
                    .map(|n| n.trim_end().to_string());
                (t, name)
            });
        let kernel_thread = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| task_flags(&stat))
            .is_some_and(|flags| flags & PF_KTHREAD != 0);
        let yama_scope = std::fs::read_to_string("/proc/sys/kernel/yama/ptrace_scope")
            .ok()
            .and_then(|s| s.trim().parse().ok());
        let privileged = status_field(&own, "CapEff:")
            .and_then(|v| u64::from_str_radix(v, 16).ok())
            .is_some_and(|caps| caps & (1 << CAP_SYS_PTRACE) != 0);
        // "Uid:" lists the real, effective, saved and filesystem uids.
        let root = status_field(&own, "Uid:")
            .and_then(|v| v.split_whitespace().nth(1))
            .is_some_and(|euid| euid == "0");
        Facts {
            traced_by,
            kernel_thread,
            yama_scope,
            privileged,
            root,
        }
    }
}

/// The value of `Name:` in a `/proc/PID/status` text.
fn status_field<'a>(status: &'a str, name: &str) -> Option<&'a str> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .map(str::trim)
}

/// Field 9 (flags) of a `/proc/PID/stat` line; the command name (field 2) may hold spaces
/// and parentheses, so fields are counted from its last `)`.
fn task_flags(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(6)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: Facts = Facts {
        traced_by: None,
        kernel_thread: false,
        yama_scope: Some(1),
        privileged: true,
        root: true,
    };

    #[test]
    fn root_is_never_told_to_run_as_root() {
        assert_eq!(hint(7, &ROOT), None);
        let traced = Facts {
            traced_by: Some((40, Some("strace".into()))),
            ..ROOT
        };
        assert_eq!(
            hint(7, &traced).unwrap(),
            "pid 7 is already traced by pid 40 (strace), and a process has at most one tracer"
        );
        let kthread = Facts {
            kernel_thread: true,
            ..ROOT
        };
        assert_eq!(
            hint(2, &kthread).unwrap(),
            "pid 2 is a kernel thread, which cannot be traced"
        );
        let locked = Facts {
            yama_scope: Some(3),
            ..ROOT
        };
        assert!(hint(7, &locked).unwrap().contains("ptrace_scope is 3"));
        let capless = Facts {
            privileged: false,
            ..ROOT
        };
        assert_eq!(
            hint(7, &capless).unwrap(),
            "the tracer runs as root but without CAP_SYS_PTRACE"
        );
        for f in [ROOT, traced, kthread, locked, capless] {
            assert!(
                !hint(7, &f).unwrap_or_default().contains("run as root"),
                "{f:?}"
            );
        }
    }

    #[test]
    fn others_are_told_what_privilege_is_missing() {
        let user = Facts {
            privileged: false,
            root: false,
            ..ROOT
        };
        assert_eq!(
            hint(7, &user).unwrap(),
            "run as root, or lower /proc/sys/kernel/yama/ptrace_scope (now 1)"
        );
        let no_yama = Facts {
            yama_scope: None,
            ..user.clone()
        };
        assert_eq!(
            hint(7, &no_yama).unwrap(),
            "run as root, or trace only your own processes"
        );
        let traced = Facts {
            traced_by: Some((40, None)),
            ..user
        };
        assert_eq!(
            hint(7, &traced).unwrap(),
            "pid 7 is already traced by pid 40, and a process has at most one tracer"
        );
    }

    #[test]
    fn proc_fields() {
        let stat = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0";
        assert_eq!(task_flags(stat), Some(2129984));
        let odd = "9 (a) b) (c) R 1 9 9 0 -1 4194560 5";
        assert_eq!(task_flags(odd), Some(4194560));
        assert_eq!(task_flags("garbage"), None);
        assert_eq!(task_flags(""), None);
        let status = "Name:\tx\nUid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\n";
        assert_eq!(status_field(status, "Uid:"), Some("0\t0\t0\t0"));
        assert_eq!(status_field(status, "TracerPid:"), None);
        // This test runs as root with every capability, as the suite does.
        let me = Facts::gather(std::process::id() as i32);
        assert!(me.root && me.privileged && !me.kernel_thread);
    }
}
