//! The core: takes a backend's [`Event`]s, keeps per-thread state, pairs entries with
//! returns, applies the filter, numbers threads for display, decodes calls through the
//! pure decoder (asking the event's world for memory and facts) and hands what is to be
//! shown to the sinks. It knows nothing of ptrace: a recording replayed through it
//! prints what the live run printed.
//!
//! Calls are printed whole at their return. One still in flight [`UNFINISHED_AFTER`]
//! after its entry is printed as `read(3 <unfinished ...>` at the next
//! [`EventKind::Tick`], and its return later as `<... read resumed>, "a", 1) = 1`. A call
//! that will never return because its thread died shows `<unfinished ...>) = ?`; one in
//! flight when the tracer detaches shows `<detached ...>`; `exit` and `exit_group` are
//! printed, `= ?`, at their entry. `--fixed-ts` keeps whole lines (its output must not
//! depend on timing).

pub mod event;
pub mod numbering;

use std::time::Duration;

use crate::decode::{CallRecord, DecodeOptions, Decoder, Tracee};
use crate::filter::Filter;
use crate::output::pids::{PidDecor, PidMap};
use crate::output::{CallForm, Event as Shown, Line, Sink, FIXED_TICK_NS};
use crate::select::{Quiet, Status};

pub use event::{Backend, Consumer, Ending, Event, EventKind, NoWorld, Reply, Silent};
use numbering::{Numbering, TidMap};

/// How long a call may be in flight before it is shown unfinished.
pub const UNFINISHED_AFTER: Duration = Duration::from_millis(100);

const SYS_EXECVE: u64 = 59;
const SYS_EXECVEAT: u64 = 322;
const SYS_RESTART_SYSCALL: u64 = 219;
/// Kernel-internal restart codes (ERESTARTSYS .. ERESTART_RESTARTBLOCK).
const RESTART_CODES: std::ops::RangeInclusive<i64> = -516..=-512;

/// What the core keeps of a thread.
struct Thread {
    tid: i32,
    pid: i32,
    ids: crate::output::Ids,
    /// The launched command before its execve: nothing of it is shown.
    muted: bool,
    /// Between an entry and its return.
    in_call: bool,
    /// The current call is decoded and will be printed (decided at entry).
    shown: bool,
    /// The current call counts in the summary.
    counted: bool,
    entry_ns: u64,
    /// The thread's CPU time at the counted call's entry (`-c` without `-w`).
    entry_cpu_ns: Option<u64>,
    entry_nr: u64,
    /// The current call's instruction pointers (`-i`).
    ip: crate::output::CallIp,
    rec: CallRecord,
    /// The call that returned a restart code, for `restart_syscall`'s rendering.
    interrupted_nr: Option<u64>,
    /// The current call was shown as `<unfinished ...>` under this id.
    call_id: Option<u64>,
    /// `-Y` / `--decode-pids`: what the world said of the pids in the current call.
    known_pids: Vec<(i32, crate::decode::PidInfo)>,
    /// `-e inject=` tampering told before the entry of the call it concerns.
    next_tampering: crate::decode::Tampering,
}

/// The user's choices the core applies.
#[derive(Debug, Clone, Default)]
pub struct CoreOptions {
    pub decode: DecodeOptions,
    pub filter: Filter,
    /// Calls are printed (not `-c` alone).
    pub trace: bool,
    /// Calls are counted for a summary.
    pub summarize: bool,
    /// The summary counts system time (not `-w`): the world is asked for the thread's
    /// CPU time at each counted call's entry and exit.
    pub system_time: bool,
    /// `--fixed-ts`: renumbered threads, whole lines only.
    pub fixed: bool,
    /// `-Y` / `--decode-pids`: what to show beside pids (its `known` list unused).
    pub pid_decor: Option<PidDecor>,
    /// `-e read=`/`-e write=`: descriptors whose data is dumped after the call.
    pub dumps: crate::dump::Dumps,
}

pub struct Core {
    decoder: Decoder,
    filter: Filter,
    trace: bool,
    summarize: bool,
    system_time: bool,
    fixed: bool,
    pid_decor: Option<PidDecor>,
    dumps: crate::dump::Dumps,
    /// Whether calls in flight get an `<unfinished ...>` line (a trace in real time,
    /// without a filter on results).
    announce: bool,
    /// Whether a sink prints entries as they come (strace's format): each shown entry is
    /// handed to the sinks' `entered` (without a filter on results, which needs the
    /// return to decide).
    entries: bool,
    threads: TidMap<Thread>,
    numbering: Numbering,
    sinks: Vec<Box<dyn Sink>>,
    out: Option<crate::output::SharedOut>,
    next_call_id: u64,
    /// A shown call is in flight and not yet announced: ticks are wanted.
    ticking: bool,
    /// `--syscall-limit`: calls still to show (or count) before tracing stops.
    calls_left: Option<u64>,
    /// The threads let go of once the limit was reached, for strace's notices.
    detached_at_limit: Vec<i32>,
}

impl Core {
    /// `tracer_pid`: the tracer's own pid, which `--fixed-ts` shows as
    /// [`numbering::TRACER_DISPLAY_ID`] (the recorded one on replay).
    pub fn new(opts: CoreOptions, tracer_pid: i32, sinks: Vec<Box<dyn Sink>>) -> Self {
        let entries = opts.trace
            && opts.filter.shows_every_status()
            && sinks.iter().any(|s| s.wants_entries());
        let announce = opts.trace && !opts.fixed && opts.filter.shows_every_status() && !entries;
        let calls_left = opts.filter.syscall_limit;
        Core {
            decoder: Decoder::new(opts.decode),
            announce,
            entries,
            filter: opts.filter,
            trace: opts.trace,
            summarize: opts.summarize,
            system_time: opts.system_time && !opts.fixed,
            fixed: opts.fixed,
            pid_decor: opts.pid_decor,
            dumps: opts.dumps,
            threads: TidMap::default(),
            numbering: Numbering::new(opts.fixed, tracer_pid),
            sinks,
            out: None,
            next_call_id: 1,
            ticking: false,
            calls_left,
            detached_at_limit: Vec::new(),
        }
    }

    /// The stream the sinks write to: flushed before the backend blocks, and its failure
    /// stops tracing.
    pub fn with_output(mut self, out: crate::output::SharedOut) -> Self {
        self.out = Some(out);
        self
    }

    /// The threads detached because `--syscall-limit` was reached, in tid order.
    pub fn detached_at_limit(&self) -> Vec<i32> {
        let mut tids = self.detached_at_limit.clone();
        tids.sort_unstable();
        tids
    }

    /// The trace is over: every sink writes what it held back.
    pub fn finish(&mut self) {
        for s in &mut self.sinks {
            s.finish();
        }
        self.flush();
    }

    fn emit(&mut self, tid: i32, ts_ns: u64, shown: &Shown<'_>) {
        let Some(t) = self.threads.get(&tid) else {
            return;
        };
        emit_to(&mut self.sinks, &mut self.numbering, t.ids, ts_ns, shown);
    }

    fn shows(&self, t: &Thread) -> bool {
        self.trace && !t.muted && self.filter.shows_thread(t.pid, t.tid)
    }

    fn spawn(&mut self, ev: &Event, parent: Option<i32>, before_exec: bool) {
        let ids = self.numbering.ids_for(ev.pid, ev.tid);
        let muted =
            before_exec || parent.is_some_and(|p| self.threads.get(&p).is_some_and(|p| p.muted));
        self.threads.entry(ev.tid).or_insert_with(|| Thread {
            tid: ev.tid,
            pid: ev.pid,
            ids,
            muted,
            in_call: false,
            shown: false,
            counted: false,
            entry_ns: 0,
            entry_cpu_ns: None,
            entry_nr: 0,
            ip: Default::default(),
            rec: CallRecord::new(),
            interrupted_nr: None,
            call_id: None,
            known_pids: Vec::new(),
            next_tampering: Default::default(),
        });
        self.tell_tracees();
    }

    /// Tells the sinks how many tracees exist now.
    fn tell_tracees(&mut self) {
        let n = self.threads.len();
        for s in &mut self.sinks {
            s.tracees(n);
        }
    }

    fn entry(
        &mut self,
        ev: &Event,
        nr: u64,
        args: [u64; 6],
        ip: Option<u64>,
        world: &mut dyn Tracee,
    ) -> Reply {
        let Some(t) = self.threads.get_mut(&ev.tid) else {
            return Reply::default();
        };
        t.ip = crate::output::CallIp {
            entry: ip,
            exit: None,
        };
        if t.muted && (nr == SYS_EXECVE || nr == SYS_EXECVEAT) {
            t.muted = false;
        }
        t.in_call = true;
        t.entry_nr = nr;
        t.call_id = None;
        let tampering = std::mem::take(&mut t.next_tampering);
        let wanted = !t.muted
            && self.filter.syscalls.contains(nr)
            && self.filter.shows_thread(t.pid, t.tid)
            && self.filter.shows_call(nr, &args, world);
        t.shown = wanted && self.trace;
        t.counted = wanted && self.summarize;
        t.entry_ns = ev.ts_ns;
        t.entry_cpu_ns = if t.counted && self.system_time {
            world.cpu_time_ns()
        } else {
            None
        };
        let resumed = if nr == SYS_RESTART_SYSCALL {
            t.interrupted_nr.take()
        } else {
            None
        };
        let reply = Reply {
            exit_wanted: t.shown || t.counted,
        };
        if t.shown {
            t.rec.resumed_from = resumed;
            self.decoder.entry(&mut t.rec, nr, args, world);
            t.rec.tampered = tampering;
            if self.pid_decor.is_some() {
                learn_pids(t, world);
            }
            // A call that never returns does when its result is injected; strace's own
            // format shows such a call like any other: its entry now, its `) = ?` when the
            // thread is gone.
            if self.decoder.never_returns(nr) && !tampering.retval && !self.entries {
                self.show_never_returning(ev.tid);
            } else if self.announce {
                self.ticking = true;
            } else if self.entries {
                let t = &self.threads[&ev.tid];
                let shown = Shown::Syscall {
                    rec: &t.rec,
                    latency_ns: None,
                    form: CallForm::Unfinished { call_id: 0 },
                    ip: t.ip,
                };
                let line = Line {
                    ids: t.ids,
                    ts_ns: t.entry_ns,
                    event: &shown,
                    pids: self.numbering.pid_map(),
                };
                for s in &mut self.sinks {
                    s.entered(&line);
                }
            }
        }
        reply
    }

    /// `exit_group(0) = ?`, printed at the entry of a call that never returns (as strace
    /// does); nothing more is printed for it.
    fn show_never_returning(&mut self, tid: i32) {
        let Some(t) = self.threads.get_mut(&tid) else {
            return;
        };
        self.decoder.unfinished(&mut t.rec);
        t.shown = false;
        if self.filter.shows_status(Status::Unfinished) {
            let t = &self.threads[&tid];
            emit_call(
                &mut self.sinks,
                &mut self.numbering,
                self.pid_decor.as_ref(),
                t,
                t.entry_ns,
                None,
                CallForm::Whole,
            );
        }
    }

    fn exit(&mut self, ev: &Event, ret: i64, ip: Option<u64>, world: &mut dyn Tracee) {
        let Some(t) = self.threads.get_mut(&ev.tid) else {
            return;
        };
        if !t.in_call {
            return;
        }
        t.in_call = false;
        t.ip.exit = ip;
        if RESTART_CODES.contains(&ret) {
            t.interrupted_nr = Some(t.entry_nr);
        }
        let latency = if self.fixed {
            FIXED_TICK_NS
        } else {
            ev.ts_ns.saturating_sub(t.entry_ns)
        };
        if t.counted {
            let failed = (-4095..0).contains(&ret);
            let system_ns = if self.fixed {
                Some(FIXED_TICK_NS)
            } else {
                t.entry_cpu_ns
                    .and_then(|entry| Some(world.cpu_time_ns()?.saturating_sub(entry)))
            };
            let time = crate::output::CallTime {
                wall_ns: latency,
                system_ns,
            };
            for s in &mut self.sinks {
                s.count(t.entry_nr, time, failed);
            }
        }
        let printed = t.shown && self.filter.shows_result(Some(ret));
        if printed || (t.counted && !self.trace) {
            self.calls_left = self.calls_left.map(|n| n.saturating_sub(1));
        }
        if t.shown {
            self.decoder.exit(&mut t.rec, ret, world);
            if self.pid_decor.is_some() {
                learn_pids(t, world);
            }
            if self.filter.shows_result(Some(ret)) {
                let (ts, form) = match t.call_id {
                    // A resumed line is printed, and stamped, at the return.
                    Some(call_id) => (ev.ts_ns, CallForm::Resumed { call_id }),
                    None => (t.entry_ns, CallForm::Whole),
                };
                emit_call(
                    &mut self.sinks,
                    &mut self.numbering,
                    self.pid_decor.as_ref(),
                    t,
                    ts,
                    Some(latency),
                    form,
                );
                if !self.dumps.is_empty() {
                    let text = self.dumps.render(t.entry_nr, t.rec.args, ret, world);
                    if !text.is_empty() {
                        for s in &mut self.sinks {
                            s.dump(t.ids, &text);
                        }
                    }
                }
            }
        }
        if let Some(t) = self.threads.get_mut(&ev.tid) {
            t.call_id = None;
        }
    }

    /// After an execve by a non-leader: it takes over the leader's tid; the old leader
    /// is gone without a death report.
    fn exec(&mut self, ev: &Event, former: i32) {
        let tid = ev.tid;
        if former == tid {
            return;
        }
        if let Some(mut leader) = self.threads.remove(&tid) {
            self.show_in_flight_end(&mut leader, ev.ts_ns, |call_id| CallForm::CutShort {
                call_id,
            });
            let by = self.numbering.ids_for(leader.pid, former).tid;
            if self.shows(&leader) && !self.filter.quiets(Quiet::ThreadExecve) {
                let shown = Shown::Superseded { by_tid: by };
                emit_to(
                    &mut self.sinks,
                    &mut self.numbering,
                    leader.ids,
                    ev.ts_ns,
                    &shown,
                );
            }
            if let Some(mut t) = self.threads.remove(&former) {
                t.tid = tid;
                t.ids = leader.ids;
                self.threads.insert(tid, t);
            }
            self.tell_tracees();
        } else if let Some(mut t) = self.threads.remove(&former) {
            t.tid = tid;
            t.ids = self.numbering.ids_for(t.pid, tid);
            self.threads.insert(tid, t);
        }
    }

    /// A thread gone: its call in flight ends as `form` says, then `last` (its death) is
    /// shown if any.
    fn gone(&mut self, ev: &Event, form: fn(Option<u64>) -> CallForm, last: Option<Shown<'_>>) {
        let Some(mut t) = self.threads.remove(&ev.tid) else {
            return;
        };
        self.show_in_flight_end(&mut t, ev.ts_ns, form);
        if let Some(shown) = last {
            if self.shows(&t) {
                emit_to(
                    &mut self.sinks,
                    &mut self.numbering,
                    t.ids,
                    ev.ts_ns,
                    &shown,
                );
            }
        }
        self.tell_tracees();
    }

    /// A call that will not return while we trace: stamped at its entry, or now if its
    /// unfinished part was shown already.
    fn show_in_flight_end(&mut self, t: &mut Thread, now: u64, form: fn(Option<u64>) -> CallForm) {
        let status = match form(None) {
            CallForm::Detached { .. } => Status::Detached,
            _ => Status::Unfinished,
        };
        if !(self.trace && t.in_call && t.shown && self.filter.shows_status(status)) {
            return;
        }
        self.decoder.unfinished(&mut t.rec);
        let ts = match t.call_id {
            Some(_) => now,
            None => t.entry_ns,
        };
        emit_call(
            &mut self.sinks,
            &mut self.numbering,
            self.pid_decor.as_ref(),
            t,
            ts,
            None,
            form(t.call_id),
        );
    }

    /// Shows the calls in flight for longer than [`UNFINISHED_AFTER`] as unfinished;
    /// ticks stay wanted while a shown call may still need it.
    fn tick(&mut self, now: u64) {
        if !self.announce {
            self.ticking = false;
            return;
        }
        let after = UNFINISHED_AFTER.as_nanos() as u64;
        let mut due: Vec<(u64, i32)> = Vec::new();
        let mut waiting = false;
        for t in self.threads.values() {
            if !(t.in_call && t.shown && t.call_id.is_none()) {
                continue;
            }
            if now.saturating_sub(t.entry_ns) >= after {
                due.push((t.entry_ns, t.tid));
            } else {
                waiting = true;
            }
        }
        due.sort_unstable();
        for (_, tid) in due {
            let call_id = self.next_call_id;
            self.next_call_id += 1;
            let Some(t) = self.threads.get_mut(&tid) else {
                continue;
            };
            t.call_id = Some(call_id);
            let t = &self.threads[&tid];
            emit_call(
                &mut self.sinks,
                &mut self.numbering,
                self.pid_decor.as_ref(),
                t,
                t.entry_ns,
                None,
                CallForm::Unfinished { call_id },
            );
        }
        self.ticking = waiting;
    }
}

/// `-Y`: asks the world about every pid the current call shows, once each.
fn learn_pids(t: &mut Thread, world: &mut dyn Tracee) {
    t.known_pids.clear();
    for span in t.rec.pid_spans() {
        if span.real > 0 && !t.known_pids.iter().any(|(p, _)| *p == span.real) {
            if let Some(info) = world.pid_info(span.real) {
                t.known_pids.push((span.real, info));
            }
        }
    }
}

/// Hands a call, or part of one, to every sink; `decor` is `-Y`'s.
fn emit_call(
    sinks: &mut [Box<dyn Sink>],
    numbering: &mut Numbering,
    decor: Option<&PidDecor>,
    t: &Thread,
    ts_ns: u64,
    latency_ns: Option<u64>,
    form: CallForm,
) {
    let shown = Shown::Syscall {
        rec: &t.rec,
        latency_ns,
        form,
        ip: t.ip,
    };
    let Some(decor) = decor else {
        emit_to(sinks, numbering, t.ids, ts_ns, &shown);
        return;
    };
    let map = PidMap::decorated(
        numbering.pid_map(),
        PidDecor {
            known: t.known_pids.clone(),
            ..decor.clone()
        },
    );
    let line = Line {
        ids: t.ids,
        ts_ns,
        event: &shown,
        pids: Some(&map),
    };
    for s in sinks.iter_mut() {
        s.event(&line);
    }
}

/// Hands one event to every sink, with the pid map `--fixed-ts` renumbers by.
fn emit_to(
    sinks: &mut [Box<dyn Sink>],
    numbering: &mut Numbering,
    ids: crate::output::Ids,
    ts_ns: u64,
    event: &Shown<'_>,
) {
    let pids = numbering.pid_map();
    let line = Line {
        ids,
        ts_ns,
        event,
        pids,
    };
    for s in sinks.iter_mut() {
        s.event(&line);
    }
}

impl Core {
    /// Whether a thread's `---`/`+++` line about signal `sig` is shown.
    fn shows_signal_line(&self, tid: i32, sig: i32) -> bool {
        self.filter.shows_signal(sig) && self.threads.get(&tid).is_some_and(|t| self.shows(t))
    }
}

impl Consumer for Core {
    fn event(&mut self, ev: &Event, world: &mut dyn Tracee) -> Reply {
        if self.limit_reached() {
            // strace detaches at once: nothing after the last call counted is shown.
            if ev.kind == EventKind::Detached {
                self.detached_at_limit.push(ev.tid);
            }
            return Reply::default();
        }
        match &ev.kind {
            EventKind::Spawn {
                parent,
                before_exec,
            } => {
                self.spawn(ev, *parent, *before_exec);
                if !*before_exec {
                    for s in &mut self.sinks {
                        s.attached(ev.tid);
                    }
                }
            }
            EventKind::Entry { nr, args, ip } => return self.entry(ev, *nr, *args, *ip, world),
            EventKind::Exit { ret, ip } => self.exit(ev, *ret, *ip, world),
            EventKind::Signal { siginfo, ip } => {
                let signo = i32::from_ne_bytes([siginfo[0], siginfo[1], siginfo[2], siginfo[3]]);
                if self.shows_signal_line(ev.tid, signo) {
                    self.emit(ev.tid, ev.ts_ns, &Shown::Signal { siginfo, ip: *ip });
                }
            }
            EventKind::Stopped { sig, ip } => {
                if self.shows_signal_line(ev.tid, *sig) {
                    self.emit(ev.tid, ev.ts_ns, &Shown::Stopped { sig: *sig, ip: *ip });
                }
            }
            EventKind::Exec { former } => self.exec(ev, *former),
            EventKind::Tampered(how) => {
                if let Some(t) = self.threads.get_mut(&ev.tid) {
                    if t.in_call {
                        t.rec.tampered = t.rec.tampered.union(*how);
                    } else {
                        t.next_tampering = t.next_tampering.union(*how);
                    }
                }
            }
            EventKind::Exited { code } => self.gone(
                ev,
                |call_id| CallForm::CutShort { call_id },
                (!self.filter.quiets(Quiet::Exit)).then_some(Shown::Exited { code: *code }),
            ),
            EventKind::Killed { sig, core } => self.gone(
                ev,
                |call_id| CallForm::CutShort { call_id },
                self.filter.shows_signal(*sig).then_some(Shown::Killed {
                    sig: *sig,
                    core: *core,
                }),
            ),
            EventKind::Released => self.gone(ev, |call_id| CallForm::CutShort { call_id }, None),
            EventKind::Detached => {
                self.gone(ev, |call_id| CallForm::Detached { call_id }, None);
                for s in &mut self.sinks {
                    s.detached(ev.tid);
                }
            }
            EventKind::Tick => self.tick(ev.ts_ns),
        }
        Reply::default()
    }

    fn wants_ticks(&self) -> bool {
        self.ticking
    }

    fn flush(&mut self) {
        if let Some(out) = &self.out {
            out.flush();
        }
    }

    fn failed(&self) -> bool {
        self.out.as_ref().is_some_and(|o| o.failed())
    }

    fn limit_reached(&self) -> bool {
        self.calls_left == Some(0)
    }
}
