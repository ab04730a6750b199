//! The ptrace engine: launch or attach, then one loop that waits for the next stop of any
//! thread, turns it into events for the printer and the summary, and resumes the thread.
//!
//! Submodules: [`ptrace`] and [`memory`] are the thin unsafe layer; [`launch`] and
//! [`attach`] start tracing; [`threads`] keeps per-thread state.

pub mod attach;
pub mod launch;
pub mod memory;
pub mod ptrace;
pub mod threads;

use std::collections::HashSet;
use std::io;
use std::sync::atomic::Ordering;

use libc::pid_t;

use self::memory::ThreadMemory;
use self::ptrace::{SyscallStop, WaitStatus};
use self::threads::{next_random, Thread, ThreadTable};
use crate::cli::Config;
use crate::decode::{DecodeOptions, Decoder};
use crate::error::TracerError;
use crate::exit_code::CommandOutcome;
use crate::filter::Filter;
use crate::output::{Event, Printer, FIXED_TICK_NS};
use crate::summary::Summary;
use crate::sys;

const SYS_EXECVE: u64 = 59;
const SYS_EXECVEAT: u64 = 322;
const SYS_RESTART_SYSCALL: u64 = 219;
const SYS_CLONE: u64 = 56;
const SYS_CLONE3: u64 = 435;
const SYS_GETRANDOM: u64 = 318;
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

    fn options(&self) -> libc::c_long {
        ptrace::trace_options(self.follow)
    }

    /// Launches `command`; the loop then starts with the child stopped before its execve.
    pub fn launch(
        &mut self,
        command: &[std::ffi::OsString],
        no_aslr: bool,
    ) -> Result<(), TracerError> {
        let pid = launch::launch(command, self.options(), no_aslr)?;
        self.launched = Some(pid);
        sys::WAKE_TID.store(pid, Ordering::SeqCst);
        let t = self.threads.add(pid, pid);
        t.muted = true;
        ptrace::resume_syscall(pid, 0).map_err(|e| TracerError::os("ptrace(PTRACE_SYSCALL)", e))?;
        Ok(())
    }

    /// Attaches to every thread of `pid`; each reports an interrupt stop next.
    pub fn attach(&mut self, pid: pid_t) -> Result<(), TracerError> {
        let tids = attach::attach_process(pid, self.options())?;
        sys::WAKE_TID
            .compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
            .ok();
        for tid in tids {
            self.threads.add(tid, pid);
        }
        Ok(())
    }

    /// Traces until every tracee is gone, a stop signal arrives, or output fails.
    pub fn run(&mut self) -> Ending {
        loop {
            if sys::STOP_REQUESTED.load(Ordering::SeqCst) {
                self.detach_all();
                return Ending::Signalled;
            }
            if self.printer.error().is_some() {
                self.detach_all();
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

    /// Stops every tracee, detaches it (re-injecting a pending signal) and waits until
    /// all are released. Group-stopped tracees stay stopped, as they would untraced.
    fn detach_all(&mut self) {
        self.detaching = true;
        let tids: Vec<pid_t> = self.threads.threads.keys().copied().collect();
        for tid in tids {
            if self.threads.threads[&tid].exiting {
                // It never stops again (the kernel lets it go when we exit); its last
                // call, exit or exit_group, never returns.
                self.forget_exiting(tid);
            } else if ptrace::interrupt(tid).is_err() {
                // Already gone (its death report, if any, is ignored below).
                self.forget(tid);
            }
        }
        while !self.threads.threads.is_empty() {
            match ptrace::wait_any() {
                Ok(Some((tid, status))) => self.handle(tid, status),
                Ok(None) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
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
        if ptrace::resume_syscall(tid, sig).is_err() {
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
                    let pid = attach::tgid_of(tid);
                    self.threads.add(tid, pid);
                    self.reported_early.insert(tid);
                }
                match event {
                    0 if sig == libc::SIGTRAP | 0x80 => self.syscall_stop(tid),
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
                    libc::PTRACE_EVENT_EXIT => {
                        if let Some(t) = self.threads.threads.get_mut(&tid) {
                            t.exiting = true;
                        }
                        self.retire_wake_tid(tid);
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
        self.retire_wake_tid(tid);
    }

    /// The signal handler needs some live tracee to interrupt (see sys.rs): not one that
    /// has ended or is ending.
    fn retire_wake_tid(&self, tid: pid_t) {
        if sys::WAKE_TID.load(Ordering::SeqCst) == tid {
            let next = self
                .threads
                .threads
                .values()
                .find(|t| !t.exiting && t.tid != tid)
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
            Some(p) if event == libc::PTRACE_EVENT_CLONE => {
                (p.pid, self.clone_flags(p) & libc::CLONE_THREAD as u64 != 0)
            }
            Some(p) => (p.pid, false),
            None => (parent, false),
        };
        let _ = ppid;
        let pid = if is_thread { ppid } else { child };
        let muted = self.threads.threads.get(&parent).is_some_and(|p| p.muted);
        let t = self.threads.add(child, pid);
        t.muted = muted;
    }

    /// The flags of the clone/clone3 the thread is inside (0 if unknown).
    fn clone_flags(&self, t: &Thread) -> u64 {
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
        let stop = ptrace::syscall_info(tid).unwrap_or(SyscallStop::None);
        match stop {
            SyscallStop::Entry { nr, args } => self.syscall_entry(tid, nr, args),
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

/// Replaces what getrandom returned with the thread's seeded stream, so runs repeat.
fn reseed_buffer(t: &mut Thread, len: usize, scratch: &mut Vec<u8>) {
    scratch.clear();
    while scratch.len() < len {
        scratch.extend_from_slice(&next_random(&mut t.rng).to_ne_bytes());
    }
    let mem = ThreadMemory::new(t.pid, t.tid);
    mem.write(t.entry_args[0], &scratch[..len]);
}
