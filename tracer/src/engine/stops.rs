//! One handler per kind of stop the kernel reports: syscall entry and exit, seccomp
//! verdicts, signals, group-stops, new threads and children, execs and deaths. Each
//! tells the core what happened, as a backend-neutral event, while the thread is stopped.

use libc::pid_t;

use super::memory::ThreadMemory;
use super::ptrace::{self, SyscallStop, WaitStatus};
use super::threads::Thread;
use super::{
    attach, seccomp, transparency, Tracer, RESTART_CODES, SYS_CLONE, SYS_CLONE3, SYS_EXECVE,
    SYS_EXECVEAT, SYS_GETRANDOM, SYS_SCHED_GETAFFINITY, SYS_SCHED_SETAFFINITY, SYS_VFORK,
    SYS_WAIT4, SYS_WAITID,
};
use crate::core::{Consumer, EventKind};
use crate::exit_code::CommandOutcome;
use crate::sys::signals::STOP_SIGNALS;

impl Tracer {
    pub(super) fn handle(&mut self, c: &mut dyn Consumer, tid: pid_t, status: WaitStatus) {
        match status {
            WaitStatus::Exited(code) => self.thread_ended(
                c,
                tid,
                EventKind::Exited { code },
                CommandOutcome::Exited(code),
            ),
            WaitStatus::Killed { sig, core } => self.thread_ended(
                c,
                tid,
                EventKind::Killed { sig, core },
                CommandOutcome::Killed(sig),
            ),
            WaitStatus::Continued => {}
            WaitStatus::Stopped { sig, event } => {
                if !self.threads.threads.contains_key(&tid) {
                    // A new child whose first stop beat its parent's fork/clone event.
                    let pid = attach::tgid_of(tid);
                    self.threads.add(tid, pid);
                    self.announce_thread(c, tid, pid, None);
                    self.reported_early.insert(tid);
                    self.inherit_own_filter(tid);
                    self.update_colocation();
                }
                match event {
                    0 if sig == libc::SIGTRAP | 0x80 => self.syscall_stop(c, tid),
                    libc::PTRACE_EVENT_SECCOMP => self.syscall_stop(c, tid),
                    0 => self.signal_stop(c, tid, sig),
                    libc::PTRACE_EVENT_STOP => self.event_stop(c, tid, sig),
                    libc::PTRACE_EVENT_FORK
                    | libc::PTRACE_EVENT_VFORK
                    | libc::PTRACE_EVENT_CLONE => {
                        if let Ok(child) = ptrace::event_msg(tid) {
                            self.new_child(c, tid, child as pid_t, event);
                        }
                        self.resume(c, tid, 0);
                    }
                    libc::PTRACE_EVENT_EXEC => {
                        if let Ok(former) = ptrace::event_msg(tid) {
                            self.exec_happened(c, tid, former as pid_t);
                        }
                        if !self.detach_at_exec(c, tid) {
                            self.resume(c, tid, 0);
                        }
                    }
                    _ => self.resume(c, tid, 0),
                }
            }
        }
    }

    fn thread_ended(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        kind: EventKind,
        outcome: CommandOutcome,
    ) {
        let Some(t) = self.threads.threads.remove(&tid) else {
            return;
        };
        // Killed while held by a delay: nothing is left to let go (its tid may be reused).
        self.held.retain(|h| h.tid != tid);
        let now = self.clock.now_ns();
        self.tell(c, t.tid, t.pid, now, kind);
        if Some(tid) == self.launched {
            self.outcome = Some(outcome);
        }
        self.update_colocation();
    }

    /// A thread that has exited and will not be reported again (a zombie we let go of).
    pub(super) fn forget_exiting(&mut self, c: &mut dyn Consumer, tid: pid_t) {
        if let Some(t) = self.threads.threads.remove(&tid) {
            let now = self.clock.now_ns();
            self.tell(c, t.tid, t.pid, now, EventKind::Released);
        }
    }

    fn event_stop(&mut self, c: &mut dyn Consumer, tid: pid_t, sig: i32) {
        let group_stop = matches!(
            sig,
            libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU
        );
        if !group_stop || self.detaching {
            // An interrupt (ours, or a new child's first stop): just carry on.
            self.resume(c, tid, 0);
            return;
        }
        let now = self.clock.now_ns();
        if let Some(pid) = self.threads.threads.get(&tid).map(|t| t.pid) {
            let ip = self.stop_ip(tid);
            self.tell(c, tid, pid, now, EventKind::Stopped { sig, ip });
        }
        // Stay stopped like an untraced process, but keep reporting (SIGCONT, SIGKILL).
        if ptrace::listen(tid).is_err() {
            let _ = ptrace::resume_syscall(tid, 0);
        }
    }

    fn signal_stop(&mut self, c: &mut dyn Consumer, tid: pid_t, sig: i32) {
        let info = ptrace::siginfo(tid);
        let now = self.clock.now_ns();
        let pid = self.threads.threads.get(&tid).map(|t| t.pid);
        if pid.is_some() && pid == self.launched && STOP_SIGNALS.contains(&sig) {
            self.program_signal_ns[sig as usize] = now.max(1);
        }
        let info = info.map(|mut info| {
            self.injected_siginfo(tid, sig, &mut info);
            info
        });
        if let (Ok(info), Some(pid)) = (info, pid) {
            if !self.detaching {
                let siginfo = Box::new(info);
                let ip = self.stop_ip(tid);
                self.tell(c, tid, pid, now, EventKind::Signal { siginfo, ip });
            }
        }
        self.resume(c, tid, sig);
    }

    fn new_child(&mut self, c: &mut dyn Consumer, parent: pid_t, child: pid_t, event: i32) {
        let own_filter = self
            .threads
            .threads
            .get(&parent)
            .is_some_and(|p| p.own_filter);
        if self.reported_early.remove(&child) || self.threads.threads.contains_key(&child) {
            if own_filter {
                if let Some(c) = self.threads.threads.get_mut(&child) {
                    c.own_filter = true;
                }
            }
            return;
        }
        let (ppid, is_thread) = match self.threads.threads.get(&parent) {
            Some(p) if event == libc::PTRACE_EVENT_CLONE => (
                p.pid,
                self.clone_flags(p, child) & libc::CLONE_THREAD as u64 != 0,
            ),
            Some(p) => (p.pid, false),
            None => (parent, false),
        };
        let pid = if is_thread { ppid } else { child };
        let muted = self.threads.threads.get(&parent).is_some_and(|p| p.muted);
        self.threads.add(child, pid);
        if let Some(t) = self.threads.threads.get_mut(&child) {
            t.muted = muted;
            t.own_filter = own_filter;
        }
        self.announce_thread(c, child, pid, Some(parent));
        self.update_colocation();
    }

    /// The flags of the clone/clone3 the thread is inside. Unknown when the call was
    /// not stopped at (under our seccomp filter): then ask /proc about the child.
    fn clone_flags(&self, t: &Thread, child: pid_t) -> u64 {
        if !t.in_syscall {
            return if attach::tgid_of(child) == t.pid {
                libc::CLONE_THREAD as u64
            } else {
                0
            };
        }
        match t.entry_nr {
            SYS_CLONE => t.entry_args[0],
            SYS_CLONE3 => {
                let mut mem = ThreadMemory::new(t.pid, t.tid);
                let mut buf = [0u8; 8];
                if crate::decode::Tracee::read_mem(&mut mem, t.entry_args[0], &mut buf) == 8 {
                    u64::from_ne_bytes(buf)
                } else {
                    0
                }
            }
            _ => 0,
        }
    }

    /// After an execve: a non-leader that exec'd takes over the leader's tid; the old
    /// leader is gone without a death report.
    fn exec_happened(&mut self, c: &mut dyn Consumer, tid: pid_t, former: pid_t) {
        if former == tid {
            return;
        }
        let now = self.clock.now_ns();
        let pid = self
            .threads
            .threads
            .get(&tid)
            .or_else(|| self.threads.threads.get(&former))
            .map(|t| t.pid);
        self.threads.threads.remove(&tid);
        if let Some(mut t) = self.threads.threads.remove(&former) {
            t.tid = tid;
            self.threads.threads.insert(tid, t);
        }
        if let Some(pid) = pid {
            self.tell(c, tid, pid, now, EventKind::Exec { former });
        }
    }

    /// The instruction pointer at a signal-delivery or group-stop, read only when it is
    /// shown (`-i`) or recorded: it costs a syscall, unlike a syscall stop's.
    fn stop_ip(&self, tid: pid_t) -> Option<u64> {
        if !self.capture_ip {
            return None;
        }
        ptrace::instruction_pointer(tid).ok()
    }

    fn syscall_stop(&mut self, c: &mut dyn Consumer, tid: pid_t) {
        let (stop, ip) =
            ptrace::syscall_info(tid).map_or((SyscallStop::None, None), |(s, ip)| (s, Some(ip)));
        if let Some(t) = self.threads.threads.get_mut(&tid) {
            t.ip = ip;
        }
        if let SyscallStop::Seccomp { nr, args, data } = stop {
            if data != seccomp::TRACE_DATA {
                // The program's own filter asked for a tracer (SECCOMP_RET_TRACE).
                self.foreign_trace_verdict(c, tid, nr, args);
                self.resume(c, tid, 0);
                return;
            }
        }
        if self.lingering {
            self.resume(c, tid, 0);
            return;
        }
        match stop {
            SyscallStop::Entry { nr, args } => {
                let after_seccomp = self
                    .threads
                    .threads
                    .get(&tid)
                    .is_some_and(|t| t.in_syscall && t.via_seccomp);
                if !after_seccomp {
                    self.syscall_entry(c, tid, nr, args);
                }
            }
            SyscallStop::Seccomp { nr, args, .. } => self.seccomp_stop(c, tid, nr, args),
            // Our own interrupt cut this call short; it is still in flight, and resumes
            // (restarts) once detached.
            SyscallStop::Exit { ret } if self.detaching && RESTART_CODES.contains(&ret) => {}
            SyscallStop::Exit { ret } => {
                let seen_entry = self.threads.threads.get(&tid).is_some_and(|t| t.in_syscall);
                if !seen_entry {
                    // Attached inside a call: take its number and arguments from the registers.
                    match ptrace::syscall_regs(tid) {
                        Ok((nr, args)) if !RESTART_CODES.contains(&ret) => {
                            self.recovering = true;
                            self.syscall_entry(c, tid, nr, args);
                            self.recovering = false;
                        }
                        _ => {
                            self.resume(c, tid, 0);
                            return;
                        }
                    }
                }
                self.syscall_exit(c, tid, ret);
            }
            SyscallStop::None => {}
        }
        if matches!(stop, SyscallStop::Seccomp { .. }) {
            self.signal_at_seccomp_stop(tid);
        }
        if !self.is_held(tid) {
            self.resume_from_syscall_stop(c, tid);
        }
    }

    /// A traced call's seccomp stop (our filter's). The first one proves the filter is
    /// in place: from now on a killed tracer must take the tracees with it
    /// (PTRACE_O_EXITKILL, as strace does), since its filter would leave them with calls
    /// failing ENOSYS.
    fn seccomp_stop(&mut self, c: &mut dyn Consumer, tid: pid_t, nr: u64, args: [u64; 6]) {
        if !self.seccomp_active {
            self.seccomp_active = true;
            let options =
                ptrace::trace_options(self.follow, true) | libc::PTRACE_O_EXITKILL as libc::c_long;
            let _ = ptrace::set_options(tid, options);
        }
        let Some(t) = self.threads.threads.get(&tid) else {
            return;
        };
        if t.in_syscall {
            // Resumed with PTRACE_SYSCALL: its entry stop came first.
            return;
        }
        self.syscall_entry(c, tid, nr, args);
        let needs_exit = self.needs_exit(tid);
        if let Some(t) = self.threads.threads.get_mut(&tid) {
            t.via_seccomp = true;
            // Its result matters to nobody: let it run on without an exit stop.
            t.in_syscall = needs_exit;
        }
    }

    /// Whether the call a thread just entered must be stopped at on exit.
    fn needs_exit(&self, tid: pid_t) -> bool {
        let Some(t) = self.threads.threads.get(&tid) else {
            return false;
        };
        let launch_exec = Some(tid) == self.launched
            && !self.launch_exec_done
            && (t.entry_nr == SYS_EXECVE || t.entry_nr == SYS_EXECVEAT);
        t.exit_wanted
            || t.tampered.is_some()
            || launch_exec
            || t.own_filter
            || t.clone3_flags.is_some()
            || (self.seeded && t.entry_nr == SYS_GETRANDOM)
            || (self.colocation.is_some()
                && matches!(
                    t.entry_nr,
                    SYS_SCHED_SETAFFINITY
                        | SYS_SCHED_GETAFFINITY
                        | SYS_WAIT4
                        | SYS_WAITID
                        | SYS_VFORK
                ))
    }

    pub(super) fn syscall_entry(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        nr: u64,
        args: [u64; 6],
    ) {
        let now = self.clock.now_ns();
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        // The prelude's last call, the command's execve, is not tampered with either.
        let prelude = t.muted;
        if t.muted && (nr == SYS_EXECVE || nr == SYS_EXECVEAT) {
            t.muted = false;
        }
        t.in_syscall = true;
        t.entry_nr = nr;
        t.entry_args = args;
        t.tampered = None;
        let (pid, muted, ip) = (t.pid, t.muted, t.ip);
        if !prelude && !self.tamper.is_empty() && self.filter.syscalls.contains(nr) {
            self.tamper_at_entry(c, tid, nr, args, now);
        }
        let mut mem = ThreadMemory::new(pid, tid);
        let reply = self.deliver(
            c,
            tid,
            pid,
            now,
            EventKind::Entry { nr, args, ip },
            &mut mem,
        );
        if let Some(t) = self.threads.threads.get_mut(&tid) {
            t.exit_wanted = reply.exit_wanted;
        }
        // After decoding: the trace shows the call as the program made it. (Not in the
        // muted prelude of a launched child: that is the tracer's own code, installing
        // our filter among other things.)
        if !muted {
            self.keep_transparent_at_entry(tid, nr, args);
        }
        if transparency::parks(nr) {
            self.update_colocation();
        }
    }

    fn syscall_exit(&mut self, c: &mut dyn Consumer, tid: pid_t, ret: i64) {
        let now = self.clock.now_ns();
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        if !t.in_syscall {
            return;
        }
        t.in_syscall = false;
        t.via_seccomp = false;
        if Some(tid) == self.launched
            && !self.launch_exec_done
            && (t.entry_nr == SYS_EXECVE || t.entry_nr == SYS_EXECVEAT)
        {
            if ret < 0 {
                self.launch_exec_errno = Some(-ret as i32);
            } else {
                self.launch_exec_done = true;
            }
        }
        let pid = t.pid;
        let (ret, note, hold) = self.tamper_at_exit(tid, ret);
        // Before decoding: the program, and the trace, see its memory untouched.
        self.keep_transparent_at_exit(tid, ret);
        if let Some(until_ns) = hold {
            // Reported when let go: the call's latency includes the delay.
            self.held.push(super::tamper::Held {
                tid,
                until_ns,
                exit: Some((ret, note)),
            });
            return;
        }
        self.report_exit(c, tid, pid, now, ret, note);
    }

    /// Tells the core a call returned (with what tampering its exit did first).
    pub(super) fn report_exit(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        pid: pid_t,
        now: u64,
        ret: i64,
        note: crate::decode::Tampering,
    ) {
        if !note.is_empty() {
            self.tell(c, tid, pid, now, EventKind::Tampered(note));
        }
        let (nr, ip) = self
            .threads
            .threads
            .get(&tid)
            .map_or((0, None), |t| (t.entry_nr, t.ip));
        let mut mem = ThreadMemory::new(pid, tid);
        self.deliver(c, tid, pid, now, EventKind::Exit { ret, ip }, &mut mem);
        if self.colocation.is_some() && transparency::parks(nr) {
            self.update_colocation();
        }
    }
}
