//! What the engine does so that a traced program behaves exactly as untraced.
//!
//! * `clone(CLONE_UNTRACED)` would give a child the kernel does not attach to us: under
//!   our seccomp filter its traced calls would fail with ENOSYS, and it would keep
//!   co-location's CPU pin for life. Like strace, the engine clears the flag at entry (in
//!   the register for clone, in `clone_args` for clone3, put back at exit), after the
//!   call was decoded as the program made it.
//! * A program that installs a seccomp filter of its own must get its verdicts: EPERM,
//!   SIGSYS and kills happen before any seccomp stop of ours, so such a thread leaves our
//!   filter's fast path and is stopped at every call (a syscall-entry stop comes before
//!   any filter runs); a RET_TRACE of its own filter is answered as if no tracer were
//!   attached, with ENOSYS.
//! * Co-location pins the program to one CPU: `sched_getaffinity` is told the original
//!   mask, and once the program sets a mask itself co-location ends for good.
//! * `--seed` rewrites what `getrandom` returned (the one change made on purpose).

use libc::pid_t;

use super::memory::ThreadMemory;
use super::threads::{next_random, Thread};
use super::{
    attach, ptrace, Tracer, CLONE_UNTRACED, PR_SET_SECCOMP, SYS_CLONE, SYS_CLONE3, SYS_GETRANDOM,
    SYS_PRCTL, SYS_SCHED_GETAFFINITY, SYS_SCHED_SETAFFINITY, SYS_SECCOMP, SYS_VFORK, SYS_WAIT4,
    SYS_WAITID,
};
use crate::core::Consumer;
use crate::decode::Tracee;

const SECCOMP_SET_MODE_STRICT: u64 = 0;
const SECCOMP_SET_MODE_FILTER: u64 = 1;
const SECCOMP_FILTER_FLAG_TSYNC: u64 = 1;

impl Tracer {
    /// At a call's entry, once it is decoded.
    pub(super) fn keep_transparent_at_entry(&mut self, tid: pid_t, nr: u64, args: [u64; 6]) {
        match nr {
            SYS_CLONE | SYS_CLONE3 if self.follow => self.clear_clone_untraced(tid, nr, args),
            SYS_SECCOMP if matches!(args[0], SECCOMP_SET_MODE_STRICT | SECCOMP_SET_MODE_FILTER) => {
                let all_threads =
                    args[0] == SECCOMP_SET_MODE_FILTER && args[1] & SECCOMP_FILTER_FLAG_TSYNC != 0;
                self.mark_own_filter(tid, all_threads);
            }
            SYS_PRCTL if args[0] == PR_SET_SECCOMP => self.mark_own_filter(tid, false),
            _ => {}
        }
    }

    /// At a call's exit, before it is decoded.
    pub(super) fn keep_transparent_at_exit(&mut self, tid: pid_t, ret: i64) {
        let seeded = self.seeded;
        let colocating = self.colocation.is_some();
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        if let Some((addr, flags)) = t.clone3_flags.take() {
            ThreadMemory::new(t.pid, t.tid).write(addr, &flags.to_ne_bytes());
        }
        if seeded && t.entry_nr == SYS_GETRANDOM && ret > 0 {
            reseed_buffer(t, ret as usize, &mut self.scratch);
        }
        if colocating
            && matches!(t.entry_nr, SYS_SCHED_SETAFFINITY | SYS_SCHED_GETAFFINITY)
            && ret >= 0
        {
            self.affinity_exit(tid, ret);
        }
    }

    fn clear_clone_untraced(&mut self, tid: pid_t, nr: u64, args: [u64; 6]) {
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        if nr == SYS_CLONE {
            if args[0] & CLONE_UNTRACED != 0 {
                let _ = ptrace::set_first_arg(tid, args[0] & !CLONE_UNTRACED);
            }
            return;
        }
        let mut mem = ThreadMemory::new(t.pid, t.tid);
        let mut b = [0u8; 8];
        if args[0] == 0 || mem.read_mem(args[0], &mut b) != 8 {
            return;
        }
        let flags = u64::from_ne_bytes(b);
        if flags & CLONE_UNTRACED != 0
            && mem.write(args[0], &(flags & !CLONE_UNTRACED).to_ne_bytes())
        {
            // Put back at the exit (which, under our filter, is therefore stopped at).
            t.clone3_flags = Some((args[0], flags));
        }
    }

    /// The thread (or, with TSYNC, its whole process) is about to run under a filter of
    /// the program's own. Marked at entry: if the call fails, stopping at every call
    /// costs time, never correctness.
    fn mark_own_filter(&mut self, tid: pid_t, all_threads: bool) {
        self.foreign_filters = true;
        let Some(pid) = self.threads.threads.get(&tid).map(|t| t.pid) else {
            return;
        };
        for t in self.threads.threads.values_mut() {
            if t.tid == tid || (all_threads && t.pid == pid) {
                t.own_filter = true;
            }
        }
    }

    /// A new thread whose creator is not known yet (its creator's event, which passes the
    /// mark on, comes later): under our filter, once some program installed a filter of
    /// its own, ask the kernel whether this one runs under one.
    pub(super) fn inherit_own_filter(&mut self, tid: pid_t) {
        if !(self.seccomp_active && self.foreign_filters) {
            return;
        }
        // More filters than ours and those the tracer itself inherited means one of the
        // program's own.
        let theirs = attach::seccomp_filters(tid) > self.filters_inherited + 1;
        if let Some(t) = self.threads.threads.get_mut(&tid) {
            t.own_filter |= theirs;
        }
    }

    /// The program's own filter returned SECCOMP_RET_TRACE. Untraced, with no tracer to
    /// ask, the call fails with ENOSYS without running: so it does here, and the trace
    /// shows it.
    pub(super) fn foreign_trace_verdict(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        nr: u64,
        args: [u64; 6],
    ) {
        self.foreign_filters = true;
        let in_call = match self.threads.threads.get_mut(&tid) {
            Some(t) => {
                t.own_filter = true;
                t.in_syscall
            }
            None => false,
        };
        if !in_call && !self.lingering {
            // Resumed with PTRACE_CONT (we did not know of its filter yet): this stop is
            // the call's entry.
            self.syscall_entry(c, tid, nr, args);
            if let Some(t) = self.threads.threads.get_mut(&tid) {
                t.via_seccomp = true;
            }
        }
        let _ = ptrace::skip_syscall(tid, libc::ENOSYS);
    }

    /// Keeps co-location out of the program's sight: a pinned thread asking its affinity
    /// is told the original mask; once a thread sets its own, co-location ends.
    fn affinity_exit(&mut self, tid: pid_t, ret: i64) {
        let Some(t) = self.threads.threads.get(&tid) else {
            return;
        };
        let target = match t.entry_args[0] as pid_t {
            0 => t.tid,
            other => other,
        };
        let (nr, buf, pid) = (t.entry_nr, t.entry_args[2], t.pid);
        if nr == SYS_SCHED_SETAFFINITY {
            self.unpin_all_but(Some(target));
            if let Some(c) = &mut self.colocation {
                c.forsake();
            }
            self.colocate_allowed = false;
            return;
        }
        // While co-location is active every tracee is pinned (and no thread has chosen
        // its own mask: that would have ended it).
        let Some(c) = self.colocation.as_ref().filter(|c| c.is_active()) else {
            return;
        };
        if self.threads.threads.contains_key(&target) {
            let mask = c.original_bytes(ret as usize);
            ThreadMemory::new(pid, tid).write(buf, &mask);
        }
    }
}

/// A thread that can't run until another does something: a parent in wait4/waitid, or
/// one in vfork until its child execs or exits. Co-location counts only the others.
pub(super) fn parked(t: &Thread) -> bool {
    t.in_syscall
        && match t.entry_nr {
            SYS_WAIT4 | SYS_WAITID | SYS_VFORK => true,
            SYS_CLONE => t.entry_args[0] & libc::CLONE_VFORK as u64 != 0,
            _ => false,
        }
}

pub(super) fn parks(nr: u64) -> bool {
    matches!(nr, SYS_WAIT4 | SYS_WAITID | SYS_VFORK | SYS_CLONE)
}

/// Replaces what getrandom returned with the thread's seeded stream, so runs repeat.
fn reseed_buffer(t: &mut Thread, len: usize, scratch: &mut Vec<u8>) {
    scratch.clear();
    while scratch.len() < len {
        scratch.extend_from_slice(&next_random(&mut t.rng).to_ne_bytes());
    }
    let mem = ThreadMemory::new(t.pid, t.tid);
    mem.write(t.entry_args[0], &scratch[..len]);
}
