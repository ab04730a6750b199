//! The ptrace engine: launch or attach, then one loop that waits for the next stop of any
//! thread, turns it into events for the printer and the summary, and resumes the thread.
//!
//! Submodules: [`ptrace`] and [`memory`] are the thin unsafe layer; [`launch`] and
//! [`attach`] start tracing; [`threads`] keeps per-thread state; [`seccomp`] builds the
//! filter that spares untraced calls their stops; [`colocate`] shares one CPU between
//! tracer and a single-threaded tracee.
//!
//! Two resume modes: PTRACE_SYSCALL stops at every syscall entry and exit; once a
//! launched program runs under our seccomp filter, a thread outside a call is resumed
//! with PTRACE_CONT and its next stop is a PTRACE_EVENT_SECCOMP for a traced call (or a
//! signal or event), after which PTRACE_SYSCALL takes it to that call's exit.

pub mod attach;
pub mod colocate;
pub mod launch;
pub mod memory;
pub mod ptrace;
pub mod seccomp;
pub mod sockets;
pub mod threads;

use std::collections::HashSet;
use std::io;
use std::sync::atomic::Ordering;

use libc::pid_t;

use self::colocate::Colocation;
use self::memory::ThreadMemory;
use self::ptrace::{Polled, SyscallStop, WaitStatus};
use self::threads::{next_random, Thread, ThreadTable};
use crate::cli::Config;
use crate::decode::{DecodeOptions, Decoder};
use crate::error::TracerError;
use crate::exit_code::CommandOutcome;
use crate::filter::{Filter, SyscallSet};
use crate::output::{Event, Printer, FIXED_TICK_NS};
use crate::summary::Summary;
use crate::sys;

const SYS_EXECVE: u64 = 59;
const SYS_EXECVEAT: u64 = 322;
const SYS_RESTART_SYSCALL: u64 = 219;
const SYS_CLONE: u64 = 56;
const SYS_CLONE3: u64 = 435;
const SYS_GETRANDOM: u64 = 318;
const SYS_SCHED_SETAFFINITY: u64 = 203;
const SYS_SCHED_GETAFFINITY: u64 = 204;
const SYS_VFORK: u64 = 58;
const SYS_WAIT4: u64 = 61;
const SYS_WAITID: u64 = 247;
/// Kernel-internal restart codes (ERESTARTSYS .. ERESTART_RESTARTBLOCK).
const RESTART_CODES: std::ops::RangeInclusive<i64> = -516..=-512;

/// Why tracing ended.
#[derive(Debug)]
pub enum Ending {
    /// Every tracee is gone.
    Finished,
    /// SIGINT/SIGTERM/SIGHUP: tracees detached and left running.
    Signalled,
    /// The output could not be written (a closed pipe among them): tracees detached.
    OutputFailed(io::Error),
}

pub struct Tracer {
    decoder: Decoder,
    filter: Filter,
    trace: bool,
    summarize: bool,
    follow: bool,
    fixed: bool,
    seeded: bool,
    threads: ThreadTable,
    pub printer: Printer,
    pub summary: Summary,
    launched: Option<pid_t>,
    outcome: Option<CommandOutcome>,
    /// The errno of the launched command's own execve, while it has not succeeded.
    launch_exec_errno: Option<i32>,
    launch_exec_done: bool,
    detaching: bool,
    scratch: Vec<u8>,
    /// May a launched program get a seccomp filter (`--no-seccomp` says no)?
    seccomp_allowed: bool,
    /// Set at the first PTRACE_EVENT_SECCOMP: the filter is in place, resume with CONT.
    seccomp_active: bool,
    /// After a stop request under an active filter: serve stops silently until the
    /// tracees are gone (see [`Tracer::let_go`]).
    lingering: bool,
    colocate_allowed: bool,
    colocation: Option<Colocation>,
    /// New threads and children whose own first stop came before their creator's clone,
    /// fork or vfork event (the kernel reports the newest tracee first): the creator's
    /// event must not add them again, after they may have ended or been let go.
    reported_early: HashSet<pid_t>,
}

impl Tracer {
    pub fn new(config: &Config, printer: Printer) -> Self {
        let fixed = config.fixed_ts;
        Tracer {
            decoder: Decoder::new(DecodeOptions {
                string_limit: config.string_limit,
                fd_paths: config.fd_paths,
            }),
            filter: config.filter.clone(),
            trace: config.trace,
            summarize: config.summary,
            follow: config.follow,
            fixed,
            seeded: config.seed.is_some(),
            threads: ThreadTable::new(fixed, config.seed.unwrap_or(0)),
            printer,
            summary: Summary::new(),
            launched: None,
            outcome: None,
            launch_exec_errno: None,
            launch_exec_done: false,
            detaching: false,
            scratch: Vec::new(),
            seccomp_allowed: config.seccomp,
            seccomp_active: false,
            lingering: false,
            colocate_allowed: config.colocate && config.follow,
            colocation: None,
            reported_early: HashSet::new(),
        }
    }

    pub fn outcome(&self) -> Option<CommandOutcome> {
        self.outcome
    }

    /// The errno with which the launched command could not be executed (e.g. ENOEXEC),
    /// if its execve failed and it never exec'd.
    pub fn launch_failure(&self) -> Option<i32> {
        self.launch_exec_errno.filter(|_| !self.launch_exec_done)
    }

    /// The syscalls a seccomp filter must stop at, or `None` when a filter would spare
    /// nothing (every call is wanted) or is not allowed.
    fn seccomp_set(&self) -> Option<SyscallSet> {
        if !self.seccomp_allowed || self.filter.syscalls.is_all() {
            return None;
        }
        let mut set = self.filter.syscalls.clone();
        // execve stays traced: the launched program's own execve ends its muted prelude
        // and tells whether it could be executed at all.
        set.insert(SYS_EXECVE);
        set.insert(SYS_EXECVEAT);
        if self.seeded {
            set.insert(SYS_GETRANDOM);
        }
        if self.colocate_allowed {
            for nr in [
                SYS_SCHED_SETAFFINITY,
                SYS_SCHED_GETAFFINITY,
                SYS_WAIT4,
                SYS_WAITID,
                SYS_VFORK,
            ] {
                set.insert(nr);
            }
        }
        Some(set)
    }

    /// Launches `command`; the loop then starts with the child stopped before its execve.
    pub fn launch(
        &mut self,
        command: &[std::ffi::OsString],
        no_aslr: bool,
    ) -> Result<(), TracerError> {
        let filter = self.seccomp_set().map(|set| seccomp::program(&set));
        let options = ptrace::trace_options(self.follow, filter.is_some());
        let pid = launch::launch(command, options, no_aslr, filter.as_deref())?;
        self.launched = Some(pid);
        sys::WAKE_TID.store(pid, Ordering::SeqCst);
        let t = self.threads.add(pid, pid);
        t.muted = true;
        if self.colocate_allowed {
            self.colocation = Colocation::new();
            self.update_colocation();
        }
        ptrace::resume_syscall(pid, 0).map_err(|e| TracerError::os("ptrace(PTRACE_SYSCALL)", e))?;
        Ok(())
    }

    /// Attaches to every thread of `pid`; each reports an interrupt stop next.
    pub fn attach(&mut self, pid: pid_t) -> Result<(), TracerError> {
        let tids = attach::attach_process(pid, ptrace::trace_options(self.follow, false))?;
        sys::WAKE_TID
            .compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
            .ok();
        for tid in tids {
            self.threads.add(tid, pid);
        }
        Ok(())
    }

    /// Traces until every tracee is gone, a stop signal arrives, or output fails. In
    /// the last two cases the tracees are detached, or, under our seccomp filter, still
    /// attached for [`Tracer::let_go`].
    pub fn run(&mut self) -> Ending {
        loop {
            if sys::STOP_REQUESTED.swap(false, Ordering::SeqCst) {
                self.stop_tracing();
                return Ending::Signalled;
            }
            if self.printer.error().is_some() {
                self.stop_tracing();
                let e = self
                    .printer
                    .take_error()
                    .unwrap_or_else(|| io::Error::other("output failed"));
                return Ending::OutputFailed(e);
            }
            match ptrace::wait_any() {
                Ok(Some((tid, status))) => self.handle(tid, status),
                Ok(None) => return Ending::Finished,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Ending::Finished,
            }
        }
    }

    /// Lets go of whatever is attached so far (after a failed `-p` among several), so
    /// those processes run on untouched.
    pub fn abandon(&mut self) {
        self.detach_all();
    }

    /// Ends tracing early: tracees get their CPU mask back and are detached, except
    /// under our seccomp filter. A filter can't be removed, and without a tracer its
    /// traced calls (execve among them) would fail with ENOSYS: those tracees stay
    /// attached, untraced, until [`Tracer::let_go`].
    fn stop_tracing(&mut self) {
        self.unpin_all();
        self.colocate_allowed = false;
        if self.seccomp_active {
            self.lingering = true;
            self.trace = false;
            self.summarize = false;
        } else {
            self.detach_all();
        }
    }

    /// After an early end under our seccomp filter: serves the tracees' stops without
    /// tracing until they exit, so they run on unharmed. A second stop signal detaches
    /// them anyway. Returns at once when nothing is attached.
    pub fn let_go(&mut self) {
        if !self.lingering || self.threads.threads.is_empty() {
            return;
        }
        eprintln!(
            "syscall-tracer: tracing stopped; the program runs on under a seccomp filter that \
             needs its tracer, so the tracer stays until it exits (signal again to detach \
             anyway; --no-seccomp avoids this)"
        );
        // Those still inside a traced call are stopped at its exit next; then they run.
        let stopped: Vec<pid_t> = self.threads.threads.keys().copied().collect();
        for tid in stopped {
            let _ = ptrace::interrupt(tid);
        }
        loop {
            if sys::STOP_REQUESTED.swap(false, Ordering::SeqCst) {
                eprintln!(
                    "syscall-tracer: detaching; the program's filtered syscalls now fail with ENOSYS"
                );
                self.detach_all();
                return;
            }
            match ptrace::wait_any() {
                Ok(Some((tid, status))) => self.handle(tid, status),
                Ok(None) => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
        }
    }

    /// Gives every tracee but `except` (one that just chose its own mask) and the tracer
    /// the original CPU mask back.
    fn unpin_all_but(&mut self, except: Option<pid_t>) {
        if let Some(c) = &mut self.colocation {
            let tids = self.threads.threads.keys().copied();
            c.unpin(tids.filter(|&tid| Some(tid) != except));
        }
    }

    fn unpin_all(&mut self) {
        self.unpin_all_but(None);
    }

    /// Shares one CPU between tracer and tracees while at most one tracee thread can
    /// run; spreads them out again as soon as two could.
    fn update_colocation(&mut self) {
        let Some(c) = &mut self.colocation else {
            return;
        };
        if !self.colocate_allowed {
            return;
        }
        let runnable = self.threads.threads.values().filter(|t| !parked(t)).count();
        let tids = self.threads.threads.keys().copied();
        if runnable <= 1 {
            c.pin(tids);
        } else {
            c.unpin(tids);
        }
    }

    /// Stops every tracee, detaches it (re-injecting a pending signal) and waits until
    /// all are released. Group-stopped tracees stay stopped, as they would untraced.
    fn detach_all(&mut self) {
        self.unpin_all();
        self.detaching = true;
        let tids: Vec<pid_t> = self.threads.threads.keys().copied().collect();
        for tid in tids {
            if ptrace::interrupt(tid).is_err() {
                // Already gone (its death report, if any, is ignored below).
                self.forget(tid);
            }
        }
        // A thread past its exit never stops again: a leader that called pthread_exit
        // stays a zombie until the other threads end. So poll instead of blocking, and
        // let such threads go when nothing else is pending.
        while !self.threads.threads.is_empty() {
            match ptrace::poll_any() {
                Ok(Polled::Event(tid, status)) => self.handle(tid, status),
                Ok(Polled::NoChildren) => break,
                Ok(Polled::Nothing) => {
                    self.forget_exited();
                    if !self.threads.threads.is_empty() {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }

    /// Lets go of the threads that have exited (zombies): the kernel releases them
    /// when the tracer exits.
    fn forget_exited(&mut self) {
        let exited: Vec<pid_t> = self
            .threads
            .threads
            .keys()
            .copied()
            .filter(|&tid| attach::has_exited(tid))
            .collect();
        for tid in exited {
            self.forget_exiting(tid);
        }
    }

    fn forget(&mut self, tid: pid_t) {
        self.threads.threads.remove(&tid);
    }

    fn forget_exiting(&mut self, tid: pid_t) {
        let Some(mut t) = self.threads.threads.remove(&tid) else {
            return;
        };
        if t.in_syscall && t.shown && self.filter.shows_result(None) {
            self.decoder.unfinished(&mut t.rec);
            emit_call(&mut self.printer, &self.threads, &t, t.entry_ns, None, "");
        }
    }

    /// Resumes a thread, or in detach mode lets it go (the call in flight, if shown, is
    /// printed as unfinished first).
    fn resume(&mut self, tid: pid_t, sig: i32) {
        if self.detaching {
            if let Some(mut t) = self.threads.threads.remove(&tid) {
                if t.in_syscall && t.shown {
                    self.decoder.unfinished(&mut t.rec);
                    emit_call(
                        &mut self.printer,
                        &self.threads,
                        &t,
                        t.entry_ns,
                        None,
                        " <detached ...>",
                    );
                }
            }
            let _ = ptrace::detach(tid, sig);
            return;
        }
        let cont = self.lingering
            || (self.seccomp_active
                && !self.threads.threads.get(&tid).is_some_and(|t| t.in_syscall));
        let resumed = if cont {
            ptrace::resume_cont(tid, sig)
        } else {
            ptrace::resume_syscall(tid, sig)
        };
        if resumed.is_err() {
            // ESRCH: it was killed meanwhile; its death is reported by wait.
        }
    }

    fn handle(&mut self, tid: pid_t, status: WaitStatus) {
        match status {
            WaitStatus::Exited(code) => {
                self.thread_ended(tid, Event::Exited { code }, CommandOutcome::Exited(code))
            }
            WaitStatus::Killed { sig, core } => self.thread_ended(
                tid,
                Event::Killed { sig, core },
                CommandOutcome::Killed(sig),
            ),
            WaitStatus::Continued => {}
            WaitStatus::Stopped { sig, event } => {
                if !self.threads.threads.contains_key(&tid) {
                    // A new child whose first stop beat its parent's fork/clone event.
                    let pid = attach::tgid_of(tid);
                    self.threads.add(tid, pid);
                    self.reported_early.insert(tid);
                    self.update_colocation();
                }
                match event {
                    0 if sig == libc::SIGTRAP | 0x80 => self.syscall_stop(tid),
                    libc::PTRACE_EVENT_SECCOMP => self.syscall_stop(tid),
                    0 => self.signal_stop(tid, sig),
                    libc::PTRACE_EVENT_STOP => self.event_stop(tid, sig),
                    libc::PTRACE_EVENT_FORK
                    | libc::PTRACE_EVENT_VFORK
                    | libc::PTRACE_EVENT_CLONE => {
                        if let Ok(child) = ptrace::event_msg(tid) {
                            self.new_child(tid, child as pid_t, event);
                        }
                        self.resume(tid, 0);
                    }
                    libc::PTRACE_EVENT_EXEC => {
                        if let Ok(former) = ptrace::event_msg(tid) {
                            self.exec_happened(tid, former as pid_t);
                        }
                        self.resume(tid, 0);
                    }
                    _ => self.resume(tid, 0),
                }
            }
        }
    }

    fn thread_ended(&mut self, tid: pid_t, event: Event<'_>, outcome: CommandOutcome) {
        let Some(mut t) = self.threads.threads.remove(&tid) else {
            return;
        };
        let now = self.printer.now_ns();
        if t.in_syscall && t.shown && self.filter.shows_result(None) {
            self.decoder.unfinished(&mut t.rec);
            emit_call(&mut self.printer, &self.threads, &t, t.entry_ns, None, "");
        }
        if self.trace && !t.muted && self.filter.shows_thread(t.pid, t.tid) {
            self.printer.emit(t.ids, now, &event);
        }
        if Some(tid) == self.launched {
            self.outcome = Some(outcome);
        }
        self.update_colocation();
        self.retire_wake_tid(tid);
    }

    /// The signal handler needs some live tracee to interrupt (see sys.rs): not one that
    /// has ended.
    fn retire_wake_tid(&self, tid: pid_t) {
        if sys::WAKE_TID.load(Ordering::SeqCst) == tid {
            let next = self
                .threads
                .threads
                .values()
                .find(|t| t.tid != tid)
                .map_or(0, |t| t.tid);
            sys::WAKE_TID.store(next, Ordering::SeqCst);
        }
    }

    fn event_stop(&mut self, tid: pid_t, sig: i32) {
        let group_stop = matches!(
            sig,
            libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU
        );
        if !group_stop {
            // An interrupt (ours, or a new child's first stop): just carry on.
            self.resume(tid, 0);
            return;
        }
        if self.detaching {
            self.resume(tid, 0);
            return;
        }
        let now = self.printer.now_ns();
        if let Some(t) = self.threads.threads.get(&tid) {
            if self.trace && !t.muted && self.filter.shows_thread(t.pid, t.tid) {
                self.printer.emit(t.ids, now, &Event::Stopped { sig });
            }
        }
        // A stopped process is an idle moment worth showing now, not at the next 64 KiB.
        self.printer.flush();
        // Stay stopped like an untraced process, but keep reporting (SIGCONT, SIGKILL).
        if ptrace::listen(tid).is_err() {
            let _ = ptrace::resume_syscall(tid, 0);
        }
    }

    fn signal_stop(&mut self, tid: pid_t, sig: i32) {
        let info = ptrace::siginfo(tid);
        let now = self.printer.now_ns();
        if let (Ok(info), Some(t)) = (&info, self.threads.threads.get(&tid)) {
            if self.trace && !t.muted && self.filter.shows_thread(t.pid, t.tid) && !self.detaching {
                if self.fixed {
                    // si_pid of a traced sender is shown renumbered, like pids in calls.
                    self.printer
                        .set_renumbering(self.threads.display_pairs().collect());
                }
                self.printer
                    .emit(t.ids, now, &Event::Signal { siginfo: info });
            }
        }
        self.resume(tid, sig);
    }

    fn new_child(&mut self, parent: pid_t, child: pid_t, event: i32) {
        if self.reported_early.remove(&child) || self.threads.threads.contains_key(&child) {
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
        let _ = ppid;
        let pid = if is_thread { ppid } else { child };
        let muted = self.threads.threads.get(&parent).is_some_and(|p| p.muted);
        let t = self.threads.add(child, pid);
        t.muted = muted;
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
    fn exec_happened(&mut self, tid: pid_t, former: pid_t) {
        if former == tid {
            return;
        }
        let now = self.printer.now_ns();
        if let Some(mut leader) = self.threads.threads.remove(&tid) {
            if leader.in_syscall && leader.shown {
                self.decoder.unfinished(&mut leader.rec);
                emit_call(
                    &mut self.printer,
                    &self.threads,
                    &leader,
                    leader.entry_ns,
                    None,
                    "",
                );
            }
            let by = self.threads.ids_for(leader.pid, former).tid;
            if self.trace && !leader.muted && self.filter.shows_thread(leader.pid, leader.tid) {
                self.printer
                    .emit(leader.ids, now, &Event::Superseded { by_tid: by });
            }
            if let Some(mut t) = self.threads.threads.remove(&former) {
                t.tid = tid;
                t.ids = leader.ids;
                self.threads.threads.insert(tid, t);
            }
        } else if let Some(mut t) = self.threads.threads.remove(&former) {
            t.tid = tid;
            t.ids = self.threads.ids_for(t.pid, tid);
            self.threads.threads.insert(tid, t);
        }
    }

    fn syscall_stop(&mut self, tid: pid_t) {
        if self.lingering {
            self.resume(tid, 0);
            return;
        }
        let stop = ptrace::syscall_info(tid).unwrap_or(SyscallStop::None);
        match stop {
            SyscallStop::Entry { nr, args } => {
                let after_seccomp = self
                    .threads
                    .threads
                    .get(&tid)
                    .is_some_and(|t| t.in_syscall && t.via_seccomp);
                if !after_seccomp {
                    self.syscall_entry(tid, nr, args);
                }
            }
            SyscallStop::Seccomp { nr, args } => self.seccomp_stop(tid, nr, args),
            // Our own interrupt cut this call short; it is still in flight, and resumes
            // (restarts) once detached.
            SyscallStop::Exit { ret } if self.detaching && RESTART_CODES.contains(&ret) => {}
            SyscallStop::Exit { ret } => {
                let seen_entry = self.threads.threads.get(&tid).is_some_and(|t| t.in_syscall);
                if !seen_entry {
                    // Attached inside a call: take its number and arguments from the registers.
                    match ptrace::syscall_regs(tid) {
                        Ok((nr, args)) if !RESTART_CODES.contains(&ret) => {
                            self.syscall_entry(tid, nr, args)
                        }
                        _ => {
                            self.resume(tid, 0);
                            return;
                        }
                    }
                }
                self.syscall_exit(tid, ret);
            }
            SyscallStop::None => {}
        }
        self.resume(tid, 0);
    }

    /// A traced call's seccomp stop. The first one proves the filter is in place: from
    /// now on a killed tracer must take the tracees with it (PTRACE_O_EXITKILL, as strace
    /// does), since its filter would leave them with calls failing ENOSYS.
    fn seccomp_stop(&mut self, tid: pid_t, nr: u64, args: [u64; 6]) {
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
        self.syscall_entry(tid, nr, args);
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
        t.shown
            || t.counted
            || launch_exec
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

    fn syscall_entry(&mut self, tid: pid_t, nr: u64, args: [u64; 6]) {
        let now = self.printer.now_ns();
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        if t.muted && (nr == SYS_EXECVE || nr == SYS_EXECVEAT) {
            t.muted = false;
        }
        t.in_syscall = true;
        t.entry_nr = nr;
        t.entry_args = args;
        let wanted =
            !t.muted && self.filter.syscalls.contains(nr) && self.filter.shows_thread(t.pid, t.tid);
        t.shown = wanted && self.trace;
        t.counted = wanted && self.summarize;
        t.entry_ns = now;
        let resumed = if nr == SYS_RESTART_SYSCALL {
            t.interrupted_nr.take()
        } else {
            None
        };
        if t.shown {
            t.rec.resumed_from = resumed;
            let mut mem = ThreadMemory::new(t.pid, t.tid);
            self.decoder.entry(&mut t.rec, nr, args, &mut mem);
        }
        if parks(nr) {
            self.update_colocation();
        }
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

    fn syscall_exit(&mut self, tid: pid_t, ret: i64) {
        let now = self.printer.now_ns();
        let fixed = self.fixed;
        let seeded = self.seeded;
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        if !t.in_syscall {
            return;
        }
        t.in_syscall = false;
        t.via_seccomp = false;
        if RESTART_CODES.contains(&ret) {
            t.interrupted_nr = Some(t.entry_nr);
        }
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
        if seeded && t.entry_nr == SYS_GETRANDOM && ret > 0 {
            reseed_buffer(t, ret as usize, &mut self.scratch);
        }
        let nr = t.entry_nr;
        let colocating = self.colocation.is_some();
        // Before decoding: the program, and the trace, see the mask untouched.
        let t = if colocating
            && matches!(nr, SYS_SCHED_SETAFFINITY | SYS_SCHED_GETAFFINITY)
            && ret >= 0
        {
            self.affinity_exit(tid, ret);
            let Some(t) = self.threads.threads.get_mut(&tid) else {
                return;
            };
            t
        } else {
            t
        };
        let latency = if fixed {
            FIXED_TICK_NS
        } else {
            now.saturating_sub(t.entry_ns)
        };
        if t.counted {
            self.summary
                .record(t.entry_nr, latency, (-4095..0).contains(&ret));
        }
        if t.shown {
            let mut mem = ThreadMemory::new(t.pid, t.tid);
            self.decoder.exit(&mut t.rec, ret, &mut mem);
            if self.filter.shows_result(Some(ret)) {
                let t = &self.threads.threads[&tid];
                emit_call(
                    &mut self.printer,
                    &self.threads,
                    t,
                    t.entry_ns,
                    Some(latency),
                    "",
                );
            }
        }
        if colocating && parks(nr) {
            self.update_colocation();
        }
    }
}

/// Prints one call. In `--fixed-ts` mode, real pids and tids inside the rendering (clone's
/// return value, kill's argument, ...) are replaced by their display numbers.
fn emit_call(
    printer: &mut Printer,
    threads: &ThreadTable,
    t: &Thread,
    ts: u64,
    latency: Option<u64>,
    note: &str,
) {
    if printer.is_fixed() {
        printer.set_renumbering(threads.display_pairs().collect());
    }
    printer.emit(
        t.ids,
        ts,
        &Event::Syscall {
            rec: &t.rec,
            latency_ns: latency,
            note,
        },
    );
}

/// A thread that can't run until another does something: a parent in wait4/waitid, or
/// one in vfork until its child execs or exits. Co-location counts only the others.
fn parked(t: &Thread) -> bool {
    t.in_syscall
        && match t.entry_nr {
            SYS_WAIT4 | SYS_WAITID | SYS_VFORK => true,
            SYS_CLONE => t.entry_args[0] & libc::CLONE_VFORK as u64 != 0,
            _ => false,
        }
}

fn parks(nr: u64) -> bool {
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
