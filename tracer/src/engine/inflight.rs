//! Calls between their entry and their return, shown the way strace shows them.
//!
//! A call is normally printed whole when it returns. One still in flight
//! [`UNFINISHED_AFTER`] after its entry is printed as `read(3 <unfinished ...>` with the
//! arguments known at entry, and its return later as `<... read resumed>, "a", 1) = 1`,
//! so that a program hung in a call shows where. A call that will never return because
//! its thread died shows `<unfinished ...>) = ?`; one in flight when the tracer detaches
//! shows `<detached ...>`; `exit` and `exit_group` are printed, `= ?`, at their entry.
//! `--fixed-ts` keeps whole lines (its output must not depend on timing).

use std::time::Duration;

use libc::pid_t;

use super::threads::{Thread, ThreadTable};
use super::Tracer;
use crate::output::{CallForm, Event, Printer};

/// How long a call may be in flight before it is shown unfinished.
pub const UNFINISHED_AFTER: Duration = Duration::from_millis(100);
/// How often the loop looks for such calls while one may be pending.
const TICK: Duration = Duration::from_millis(50);

/// Prints one call, or part of one. In `--fixed-ts` mode, real pids and tids inside the
/// rendering (clone's return value, kill's argument, ...) are replaced by their display
/// numbers.
pub(super) fn emit_call(
    printer: &mut Printer,
    threads: &ThreadTable,
    t: &Thread,
    ts: u64,
    latency_ns: Option<u64>,
    form: CallForm,
) {
    threads.refresh_renumbering(printer);
    printer.emit(
        t.ids,
        ts,
        &Event::Syscall {
            rec: &t.rec,
            latency_ns,
            form,
        },
    );
}

impl Tracer {
    /// A shown call was entered: make sure the loop wakes up to show it unfinished if it
    /// takes a while.
    pub(super) fn expect_return(&mut self) {
        if self.announce && !self.ticker.is_running() {
            self.ticker.start(TICK);
        }
    }

    /// `exit_group(0) = ?`, printed at the entry of a call that never returns (as strace
    /// does); nothing more is printed for it.
    pub(super) fn show_never_returning(&mut self, tid: pid_t) {
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        self.decoder.unfinished(&mut t.rec);
        t.shown = false;
        if self.filter.shows_result(None) {
            let t = &self.threads.threads[&tid];
            emit_call(
                &mut self.printer,
                &self.threads,
                t,
                t.entry_ns,
                None,
                CallForm::Whole,
            );
        }
    }

    /// Shows the calls in flight for longer than [`UNFINISHED_AFTER`] as unfinished, and
    /// stops the ticker when no shown call is left that may need it.
    pub(super) fn tick(&mut self) {
        if !self.announce || self.detaching || self.lingering {
            self.ticker.stop();
            return;
        }
        let now = self.printer.now_ns();
        let after = UNFINISHED_AFTER.as_nanos() as u64;
        let mut due: Vec<(u64, pid_t)> = Vec::new();
        let mut waiting = false;
        for t in self.threads.threads.values() {
            if !(t.in_syscall && t.shown && t.call_id.is_none()) {
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
            let Some(t) = self.threads.threads.get_mut(&tid) else {
                continue;
            };
            t.call_id = Some(call_id);
            let t = &self.threads.threads[&tid];
            emit_call(
                &mut self.printer,
                &self.threads,
                t,
                t.entry_ns,
                None,
                CallForm::Unfinished { call_id },
            );
        }
        if waiting {
            self.ticker.start(TICK);
        } else {
            self.ticker.stop();
        }
    }

    /// For a thread that died (or was superseded by an exec) inside a shown call.
    pub(super) fn show_cut_short(&mut self, t: &mut Thread) {
        self.show_in_flight_end(t, |call_id| CallForm::CutShort { call_id });
    }

    /// For a thread let go of inside a shown call.
    pub(super) fn show_detached(&mut self, t: &mut Thread) {
        self.show_in_flight_end(t, |call_id| CallForm::Detached { call_id });
    }

    /// A call that will not return while we trace: stamped at its entry, or now if its
    /// unfinished part was shown already.
    fn show_in_flight_end(&mut self, t: &mut Thread, form: fn(Option<u64>) -> CallForm) {
        // Once tracing has stopped (lingering under our filter), a thread's `in_syscall`
        // is stale and nothing more is shown.
        if !(self.trace && t.in_syscall && t.shown && self.filter.shows_result(None)) {
            return;
        }
        self.decoder.unfinished(&mut t.rec);
        let ts = match t.call_id {
            Some(_) => self.printer.now_ns(),
            None => t.entry_ns,
        };
        emit_call(
            &mut self.printer,
            &self.threads,
            t,
            ts,
            None,
            form(t.call_id),
        );
    }
}
