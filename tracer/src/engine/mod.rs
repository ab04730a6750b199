//! The ptrace backend: launch or attach, then one loop that collects every stop already
//! pending, turns each into backend-neutral events for the core (`crate::core`), with the
//! stopped thread's memory as the decoder's world, and resumes the thread; when nothing
//! is pending it has the core write out what is buffered and blocks.
//!
//! Submodules: [`ptrace`] and [`memory`] are the thin unsafe layer; [`launch`] and
//! [`attach`] start tracing; [`threads`] keeps per-thread ptrace state; [`stops`] handles
//! each kind of stop; [`transparency`] keeps the program behaving as untraced (CLONE_UNTRACED, the
//! program's own seccomp filters, co-location's CPU masks, `--seed`); [`seccomp`] builds
//! the filter that spares untraced calls their stops; [`colocate`] shares one CPU between
//! tracer and a single-threaded tracee.
//!
//! Two resume modes: PTRACE_SYSCALL stops at every syscall entry and exit; once a
//! launched program runs under our seccomp filter, a thread outside a call is resumed
//! with PTRACE_CONT and its next stop is a PTRACE_EVENT_SECCOMP for a traced call (or a
//! signal or event), after which PTRACE_SYSCALL takes it to that call's exit. A thread
//! under a filter of the program's own always gets PTRACE_SYSCALL.

pub mod attach;
pub mod colocate;
pub mod command_env;
mod cpu_time;
pub mod launch;
pub mod memory;
pub mod pid_info;
pub mod ptrace;
pub mod seccomp;
pub mod sock_diag;
pub mod sockets;
mod stops;
mod tamper;
pub mod threads;
mod transparency;

use std::collections::HashSet;
use std::io;
use std::time::Duration;

use libc::pid_t;

use self::colocate::Colocation;
use self::ptrace::{Polled, WaitStatus};
use self::seccomp::{ArgTest, FirstArg};
use self::threads::ThreadTable;
use crate::cli::Config;
use crate::clock::Clock;
use crate::core::{Backend, Consumer, Ending, Event, EventKind, NoWorld, Silent};
use crate::decode::Tracee;
use crate::error::TracerError;
use crate::exit_code::CommandOutcome;
use crate::filter::{Filter, SyscallSet};
use crate::sys::signals::{self, Ticker};

const SYS_EXECVE: u64 = 59;
const SYS_EXECVEAT: u64 = 322;
const SYS_CLONE: u64 = 56;
const SYS_CLONE3: u64 = 435;
const SYS_GETRANDOM: u64 = 318;
const SYS_PRCTL: u64 = 157;
const SYS_SECCOMP: u64 = 317;
const SYS_SCHED_SETAFFINITY: u64 = 203;
const SYS_SCHED_GETAFFINITY: u64 = 204;
const SYS_VFORK: u64 = 58;
const SYS_WAIT4: u64 = 61;
const SYS_WAITID: u64 = 247;
const CLONE_UNTRACED: u64 = 0x0080_0000;
const PR_SET_SECCOMP: u64 = 22;
/// How often the loop wakes up while the core watches a call in flight.
const TICK: Duration = Duration::from_millis(50);
/// Kernel-internal restart codes (ERESTARTSYS .. ERESTART_RESTARTBLOCK).
const RESTART_CODES: std::ops::RangeInclusive<i64> = -516..=-512;
/// While detaching, idle polls (1 ms apart) before asking /proc which threads exited.
const DETACH_IDLE_POLLS: u32 = 10;
/// At most this many stops are collected before they are served.
const MAX_BATCH: usize = 4096;
/// A stop signal counts as sent to the launched program too (a terminal's Ctrl-C goes to
/// the whole foreground group) when the program received it at most this long before.
const GROUP_SIGNAL_WINDOW_NS: u64 = 500_000_000;

pub struct Tracer {
    /// Which calls the core wants: a seccomp filter spares the others their stops.
    filter: Filter,
    follow: bool,
    seeded: bool,
    threads: ThreadTable,
    clock: Clock,
    launched: Option<pid_t>,
    outcome: Option<CommandOutcome>,
    /// The errno of the launched command's own execve, while it has not succeeded.
    launch_exec_errno: Option<i32>,
    launch_exec_done: bool,
    detaching: bool,
    scratch: Vec<u8>,
    /// Stops collected from the kernel and not yet served (reused: no allocation per stop).
    batch: Vec<(pid_t, WaitStatus)>,
    /// Processes attached with `-p`, so a repeated pid (or a thread of one) is merged.
    attached: HashSet<pid_t>,
    /// May a launched program get a seccomp filter (`--no-seccomp` says no)?
    seccomp_allowed: bool,
    /// Set at the first PTRACE_EVENT_SECCOMP: the filter is in place, resume with CONT.
    seccomp_active: bool,
    /// Some tracee runs under a seccomp filter that is not ours.
    foreign_filters: bool,
    /// Seccomp filters the tracer itself runs under (a sandbox's), which a launched
    /// program inherits: their verdicts too come before any stop of ours.
    filters_inherited: u32,
    /// After a stop request under an active filter: serve stops silently until the
    /// tracees are gone (see [`Tracer::let_go`]).
    lingering: bool,
    colocate_allowed: bool,
    colocation: Option<Colocation>,
    /// New threads and children whose own first stop came before their creator's clone,
    /// fork or vfork event (the kernel reports the newest tracee first): the creator's
    /// event must not add them again, after they may have ended or been let go.
    reported_early: HashSet<pid_t>,
    /// Threads launched or attached before the loop starts: the core hears of them first.
    first_threads: Vec<(pid_t, pid_t)>,
    /// Wakes the loop while the core watches a call in flight.
    ticker: Ticker,
    /// When the launched program last received each signal (trace-clock ns, 0: never).
    program_signal_ns: [u64; 65],
    /// `-E`, `-u`, `--argv0`: how the command starts.
    startup: launch::Startup,
    /// `-e inject=` / `-e fault=`: which calls are tampered with, and how.
    tamper: crate::inject::Tamper,
    /// Threads held at a syscall stop by `delay_enter=` / `delay_exit=`.
    held: Vec<tamper::Held>,
    /// `-b execve`: a process that execs is let go of.
    detach_on_execve: bool,
    /// `--kill-on-exit`: PTRACE_O_EXITKILL on the launched command.
    kill_on_exit: bool,
    /// `-b execve` let go of the launched command: it is still our child, waited for
    /// at the end as strace waits for it.
    launched_detached: bool,
    /// The entry being reported is a call found in progress at its exit (attached
    /// inside it): it counts for `when=` but is not tampered with (strace's recovering).
    recovering: bool,
    /// `-i` is shown or a recording kept: signal-delivery and group-stops read the
    /// instruction pointer too (a syscall stop's comes with it for free).
    capture_ip: bool,
}

impl Tracer {
    pub fn new(config: &Config, clock: Clock) -> Self {
        Tracer {
            filter: config.filter.clone(),
            follow: config.follow,
            seeded: config.seed.is_some(),
            threads: ThreadTable::new(config.fixed_ts, config.seed.unwrap_or(0)),
            clock,
            launched: None,
            outcome: None,
            launch_exec_errno: None,
            launch_exec_done: false,
            detaching: false,
            scratch: Vec::new(),
            batch: Vec::new(),
            attached: HashSet::new(),
            seccomp_allowed: config.seccomp,
            seccomp_active: false,
            foreign_filters: false,
            filters_inherited: 0,
            lingering: false,
            colocate_allowed: config.colocate && config.follow,
            colocation: None,
            reported_early: HashSet::new(),
            first_threads: Vec::new(),
            ticker: Ticker::default(),
            program_signal_ns: [0; 65],
            startup: config.startup.clone(),
            tamper: config.tamper.clone(),
            held: Vec::new(),
            detach_on_execve: config.detach_on_execve,
            kill_on_exit: config.kill_on_exit,
            launched_detached: false,
            recovering: false,
            capture_ip: config.decor.instruction_pointer || config.record.is_some(),
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
    /// nothing (every call is wanted), is not allowed, or would reach children we do not
    /// follow (they would inherit it, and with no tracer its traced calls fail with
    /// ENOSYS: strace refuses `--seccomp-bpf` without `-f` for the same reason).
    fn seccomp_set(&self) -> Option<SyscallSet> {
        let traced = self.filter.traced_syscalls();
        if !self.seccomp_allowed || !self.follow || traced.is_all() {
            return None;
        }
        let mut set = traced;
        // execve stays traced: the launched program's own execve ends its muted prelude
        // and tells whether it could be executed at all. clone3 (its flags are in memory,
        // out of the filter's sight) and seccomp stay traced for `transparency`.
        for nr in [SYS_EXECVE, SYS_EXECVEAT, SYS_CLONE3, SYS_SECCOMP] {
            set.insert(nr);
        }
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

    /// The calls the filter traces for some values of their first argument only.
    fn seccomp_arg_tests() -> [ArgTest; 2] {
        [
            ArgTest {
                nr: SYS_CLONE as u32,
                when: FirstArg::AnyBit(CLONE_UNTRACED as u32),
            },
            ArgTest {
                nr: SYS_PRCTL as u32,
                when: FirstArg::Equals(PR_SET_SECCOMP as u32),
            },
        ]
    }

    /// Launches `command`; the loop then starts with the child stopped before its execve.
    pub fn launch(
        &mut self,
        command: &[std::ffi::OsString],
        no_aslr: bool,
    ) -> Result<(), TracerError> {
        let filter = self
            .seccomp_set()
            .map(|set| seccomp::program(&set, &Self::seccomp_arg_tests()));
        let mut options = ptrace::trace_options(self.follow, filter.is_some());
        if self.kill_on_exit {
            // Inherited by every child the launched command has while traced.
            options |= libc::PTRACE_O_EXITKILL as libc::c_long;
        }
        let pid = launch::launch(command, &self.startup, options, no_aslr, filter.as_deref())?;
        self.launched = Some(pid);
        self.filters_inherited = attach::seccomp_filters(std::process::id() as pid_t);
        self.threads.add(pid, pid);
        self.first_threads.push((pid, pid));
        if let Some(t) = self.threads.threads.get_mut(&pid) {
            t.muted = true;
            if self.filters_inherited > 0 {
                // The program runs under filters that are not ours from its first call on.
                t.own_filter = true;
                self.foreign_filters = true;
            }
        }
        if self.colocate_allowed {
            self.colocation = Colocation::new();
            self.update_colocation();
        }
        ptrace::resume_syscall(pid, 0).map_err(|e| TracerError::os("ptrace(PTRACE_SYSCALL)", e))?;
        Ok(())
    }

    /// Attaches to every thread of the process `id` belongs to (a thread id names its
    /// whole process, as with strace); each thread reports an interrupt stop next. A
    /// process attached already is not attached twice.
    pub fn attach(&mut self, id: pid_t) -> Result<(), TracerError> {
        let pid = attach::process_of(id).ok_or(TracerError::PidNotFound(id))?;
        if !self.attached.insert(pid) {
            return Ok(());
        }
        let tids = attach::attach_process(pid, ptrace::trace_options(self.follow, false))?;
        for tid in tids {
            if self.threads.add(tid, pid) {
                self.first_threads.push((tid, pid));
            }
        }
        Ok(())
    }

    /// Hands one event to the consumer; `world` answers what decoding it needs.
    fn deliver(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        pid: pid_t,
        ts_ns: u64,
        kind: EventKind,
        world: &mut dyn Tracee,
    ) -> crate::core::Reply {
        if self.lingering {
            // Tracing has stopped: the tracees are only served until they exit.
            return crate::core::Reply::default();
        }
        let event = Event {
            tid,
            pid,
            ts_ns,
            kind,
        };
        c.event(&event, world)
    }

    /// An event whose handling reads nothing of the thread.
    fn tell(&mut self, c: &mut dyn Consumer, tid: pid_t, pid: pid_t, ts_ns: u64, kind: EventKind) {
        self.deliver(c, tid, pid, ts_ns, kind, &mut NoWorld);
    }

    /// A thread traced from now on: the core numbers it.
    fn announce_thread(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        pid: pid_t,
        parent: Option<pid_t>,
    ) {
        let now = self.clock.now_ns();
        let before_exec = Some(tid) == self.launched && !self.launch_exec_done && parent.is_none();
        self.tell(
            c,
            tid,
            pid,
            now,
            EventKind::Spawn {
                parent,
                before_exec,
            },
        );
    }

    /// Starts or stops the wake-ups the core asks for, and those a held thread's release
    /// needs.
    fn sync_ticker(&mut self, c: &dyn Consumer) {
        let mut period = (c.wants_ticks() && !self.detaching && !self.lingering).then_some(TICK);
        if let Some(due) = self.next_release_ns() {
            let left = Duration::from_nanos(due.saturating_sub(self.clock.now_ns()).max(1_000));
            period = Some(period.map_or(left, |p| p.min(left)));
        }
        match period {
            Some(p) => self.ticker.start(p),
            None => self.ticker.stop(),
        }
    }

    /// Time passed: held threads whose delay is over go on, and the core may show calls
    /// in flight as unfinished.
    fn tick(&mut self, c: &mut dyn Consumer) {
        self.release_due(c, false);
        if c.wants_ticks() && !self.detaching && !self.lingering {
            let now = self.clock.now_ns();
            self.tell(c, 0, 0, now, EventKind::Tick);
        }
        self.sync_ticker(c);
    }

    /// Traces until every tracee is gone, a stop signal sent to the tracer alone arrives,
    /// or output fails. In the last two cases the tracees are detached, or, under our
    /// seccomp filter, still attached for [`Tracer::let_go`].
    fn trace(&mut self, c: &mut dyn Consumer) -> Ending {
        for (tid, pid) in std::mem::take(&mut self.first_threads) {
            self.announce_thread(c, tid, pid, None);
        }
        loop {
            if let Some(sig) = signals::take_stop_request() {
                // The handler started the ticker at its wake-up period.
                self.ticker.forget_period();
                if !self.program_also_got(c, sig) {
                    self.stop_tracing(c);
                    return Ending::Signalled;
                }
                self.tick(c);
            }
            if signals::take_tick() {
                self.tick(c);
            }
            if c.failed() {
                self.stop_tracing(c);
                return Ending::OutputFailed;
            }
            if c.limit_reached() {
                self.stop_tracing(c);
                return Ending::LimitReached;
            }
            match self.next_batch(c) {
                Batch::Ready => {
                    self.serve_batch(c);
                    self.release_due(c, false);
                }
                Batch::Interrupted => {}
                Batch::NoTracees => {
                    self.ticker.stop();
                    return Ending::Finished;
                }
            }
        }
    }

    /// Collects every stop already pending, so that each is served before any thread is
    /// resumed and stops again (a fast thread first in the kernel's list must not starve
    /// the others). With nothing pending, has the consumer write out what is buffered,
    /// so the trace is on screen (or in the file) while the program is quiet, and blocks.
    fn next_batch(&mut self, c: &mut dyn Consumer) -> Batch {
        self.batch.clear();
        // With one thread there is no one to be fair to: a poll would only find it still
        // running (it was just resumed), one system call per stop for nothing.
        while self.threads.threads.len() > 1 {
            match ptrace::poll_any() {
                Ok(Polled::Event(tid, status)) => {
                    self.batch.push((tid, status));
                    if self.batch.len() >= MAX_BATCH {
                        return Batch::Ready;
                    }
                }
                Ok(Polled::Nothing) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Ok(Polled::NoChildren) | Err(_) => break,
            }
        }
        if !self.batch.is_empty() {
            return Batch::Ready;
        }
        if self.threads.threads.is_empty() {
            // Every tracee is gone. The tracer may have children that are not tracees
            // (the command `-o '|CMD'` writes to): waiting on would wait for them.
            return Batch::NoTracees;
        }
        self.sync_ticker(c);
        c.flush();
        match ptrace::wait_any() {
            Ok(Some(event)) => {
                self.batch.push(event);
                Batch::Ready
            }
            Ok(None) => Batch::NoTracees,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Batch::Interrupted,
            Err(_) => Batch::NoTracees,
        }
    }

    fn serve_batch(&mut self, c: &mut dyn Consumer) {
        let mut batch = std::mem::take(&mut self.batch);
        for &(tid, status) in &batch {
            self.handle(c, tid, status);
        }
        batch.clear();
        self.batch = batch;
    }

    /// Serves whatever is pending without blocking.
    fn serve_pending(&mut self, c: &mut dyn Consumer) {
        while let Ok(Polled::Event(tid, status)) = ptrace::poll_any() {
            self.handle(c, tid, status);
        }
    }

    /// Whether a stop signal the tracer got went to the launched program too: a
    /// terminal's Ctrl-C (or Ctrl-\, or a hangup) signals the whole foreground process
    /// group. The program then handles it as it would untraced, and tracing goes on: if
    /// it dies of it, the tracer ends with its status. Sent to the tracer alone, the
    /// signal ends tracing.
    fn program_also_got(&mut self, c: &mut dyn Consumer, sig: i32) -> bool {
        let Some(pid) = self.launched else {
            return false;
        };
        let asked = self.clock.now_ns();
        // A group signal reaches the newest members first, so the program has it by now:
        // still pending, or already taken from its queue. Taking it and stopping to
        // report it happen at once (under the signal lock /proc reads too), so when it
        // is not pending any more its delivery stop is there to be served.
        if self.outcome.is_none() && attach::signal_pending(pid, sig) {
            return true;
        }
        self.serve_pending(c);
        if self.outcome == Some(CommandOutcome::Killed(sig)) {
            return true;
        }
        // Delivered already (it may even have handled it and exited by now).
        let received = self.program_signal_ns[sig as usize];
        received != 0 && received + GROUP_SIGNAL_WINDOW_NS >= asked
    }

    /// Lets go of whatever is attached so far (after a failed `-p` among several), so
    /// those processes run on untouched.
    pub fn abandon(&mut self) {
        self.detach_all(&mut Silent);
    }

    /// Ends tracing early: tracees get their CPU mask back and are detached, except
    /// under our seccomp filter. A filter can't be removed, and without a tracer its
    /// traced calls (execve among them) would fail with ENOSYS: those tracees stay
    /// attached, untraced, until [`Tracer::let_go`].
    fn stop_tracing(&mut self, c: &mut dyn Consumer) {
        self.release_due(c, true);
        self.ticker.stop();
        self.unpin_all();
        self.colocate_allowed = false;
        if self.seccomp_active {
            self.lingering = true;
        } else {
            self.detach_all(c);
        }
    }

    /// After an early end under our seccomp filter: serves the tracees' stops without
    /// tracing until they exit, so they run on unharmed. A second stop signal detaches
    /// them anyway. Returns at once when nothing is attached.
    pub fn let_go(&mut self) {
        if !self.lingering {
            return;
        }
        let c = &mut Silent;
        self.serve_pending(c);
        self.forget_exited(c);
        if self.threads.threads.is_empty() {
            return;
        }
        crate::usage::say(
            "syscall-tracer: tracing stopped; the program runs on under a seccomp filter that \
             needs its tracer, so the tracer stays until it exits (signal again to detach \
             anyway; --no-seccomp avoids this)",
        );
        // Those still inside a traced call are stopped at its exit next; then they run.
        let stopped: Vec<pid_t> = self.threads.threads.keys().copied().collect();
        for tid in stopped {
            let _ = ptrace::interrupt(tid);
        }
        loop {
            if signals::take_stop_request().is_some() {
                self.ticker.forget_period();
                self.ticker.stop();
                crate::usage::say(
                    "syscall-tracer: detaching; the program's filtered syscalls now fail with ENOSYS",
                );
                self.detach_all(c);
                return;
            }
            if signals::take_tick() {
                // Nothing waits for time here: the tick was a stop handler's wake-up.
                self.ticker.forget_period();
                self.ticker.stop();
            }
            match ptrace::wait_any() {
                Ok(Some((tid, status))) => self.handle(c, tid, status),
                Ok(None) => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
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
        let runnable = self
            .threads
            .threads
            .values()
            .filter(|t| !transparency::parked(t))
            .count();
        let tids = self.threads.threads.keys().copied();
        if runnable <= 1 {
            c.pin(tids);
        } else {
            c.unpin(tids);
        }
    }

    /// Stops every tracee, detaches it (re-injecting a pending signal) and waits until
    /// all are released. Group-stopped tracees stay stopped, as they would untraced.
    fn detach_all(&mut self, c: &mut dyn Consumer) {
        self.release_due(c, true);
        self.ticker.stop();
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
        // let such threads go when nothing has been pending for a while (asking /proc
        // about every thread on each idle poll would slow a detach from many threads).
        let mut idle_polls = 0;
        while !self.threads.threads.is_empty() {
            match ptrace::poll_any() {
                Ok(Polled::Event(tid, status)) => {
                    idle_polls = 0;
                    self.handle(c, tid, status);
                }
                Ok(Polled::NoChildren) => break,
                Ok(Polled::Nothing) => {
                    idle_polls += 1;
                    if idle_polls % DETACH_IDLE_POLLS == 0 {
                        self.forget_exited(c);
                    }
                    if !self.threads.threads.is_empty() {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }

    /// Lets go of the threads that have exited (zombies): the kernel releases them
    /// when the tracer exits.
    fn forget_exited(&mut self, c: &mut dyn Consumer) {
        let exited: Vec<pid_t> = self
            .threads
            .threads
            .keys()
            .copied()
            .filter(|&tid| attach::has_exited(tid))
            .collect();
        for tid in exited {
            self.forget_exiting(c, tid);
        }
    }

    fn forget(&mut self, tid: pid_t) {
        self.threads.threads.remove(&tid);
    }

    /// `-b execve`: lets go of a process at its exec event (one thread is left by then),
    /// as strace does; its execve stays unfinished in the trace. The launched command's
    /// own first execve is traced on.
    fn detach_at_exec(&mut self, c: &mut dyn Consumer, tid: pid_t) -> bool {
        if !self.detach_on_execve || (Some(tid) == self.launched && !self.launch_exec_done) {
            return false;
        }
        if let Some(t) = self.threads.threads.remove(&tid) {
            let now = self.clock.now_ns();
            self.tell(c, t.tid, t.pid, now, EventKind::Detached);
        }
        if let Some(colocation) = &self.colocation {
            colocation.release(tid);
        }
        let _ = ptrace::detach(tid, 0);
        self.launched_detached |= Some(tid) == self.launched;
        self.update_colocation();
        true
    }

    /// After tracing: waits for the launched command if `-b execve` let go of it, so
    /// the tracer ends after it as strace does (with no status of its own to report:
    /// strace too exits 0 then).
    pub fn wait_detached_launch(&mut self) {
        let Some(pid) = self.launched.filter(|_| self.launched_detached) else {
            return;
        };
        loop {
            match ptrace::wait_for(pid) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                _ => return,
            }
        }
    }

    /// Resumes a thread, or in detach mode lets it go (the core hears of it: a call in
    /// flight shows as detached; and the thread gets its own CPU mask back).
    fn resume(&mut self, c: &mut dyn Consumer, tid: pid_t, sig: i32) {
        if self.detaching {
            if let Some(t) = self.threads.threads.remove(&tid) {
                let now = self.clock.now_ns();
                self.tell(c, t.tid, t.pid, now, EventKind::Detached);
            }
            if let Some(c) = &self.colocation {
                c.release(tid);
            }
            let _ = ptrace::detach(tid, sig);
            return;
        }
        let cont = self.lingering
            || (self.seccomp_active
                && !self
                    .threads
                    .threads
                    .get(&tid)
                    .is_some_and(|t| t.in_syscall || t.own_filter));
        let resumed = if cont {
            ptrace::resume_cont(tid, sig)
        } else {
            ptrace::resume_syscall(tid, sig)
        };
        if resumed.is_err() {
            // ESRCH: it was killed meanwhile; its death is reported by wait.
        }
    }
}

impl Backend for Tracer {
    fn run(&mut self, consumer: &mut dyn Consumer) -> Ending {
        self.trace(consumer)
    }
}

/// What collecting stops gave.
enum Batch {
    /// Stops to serve in `Tracer::batch`.
    Ready,
    /// A signal to the tracer cut the wait short.
    Interrupted,
    /// No tracee is left.
    NoTracees,
}
