//! `-e inject=` / `-e fault=`: the engine tampers with the calls `crate::inject` chooses,
//! at the moments strace does, so the program sees exactly what it sees under strace.
//!
//! * Entry (before the call is decoded, so the trace shows poked memory as strace
//!   does): the signal is queued; for `error=`/`retval=` the call's number becomes -1
//!   (skipped) or the `syscall=` one; `poke_enter` writes memory; `delay_enter` holds
//!   the thread.
//! * Exit (before decoding): `poke_exit` writes memory, `delay_exit` holds the thread
//!   (its exit is reported when it is let go, so the call's latency includes the
//!   delay), and the return value becomes the injected one.
//!
//! Only calls the trace set covers are tampered with, and not in the launched child's
//! prelude: strace tampers in `syscall_entering_trace` after its filter, so `-e
//! trace=read -e inject=openat:...` leaves openat alone. Counting (`when=`) is per
//! syscall and per thread, each new thread starting afresh (strace copies the rules into
//! each tcb at its first call). A held thread is resumed by the event loop when its time
//! comes ([`Tracer::release_due`]); the ticker wakes the loop for it.
//!
//! A signal queued at a seccomp stop would be dropped by the kernel (resuming from a
//! PTRACE_EVENT stop delivers nothing), so there it is sent with tgkill, and its siginfo
//! is rewritten at delivery to what resuming an entry stop gives (`SI_KERNEL`).

use libc::pid_t;

use super::memory::ThreadMemory;
use super::{ptrace, Tracer};
use crate::core::{Consumer, EventKind};
use crate::decode::Tampering;
use crate::inject::{Outcome, Poke};

/// A thread held by `delay_enter` / `delay_exit` until `until_ns` (trace clock).
pub(super) struct Held {
    pub tid: pid_t,
    pub until_ns: u64,
    /// Held at the exit: the return to report when let go, and its notes.
    pub exit: Option<(i64, Tampering)>,
}

/// What the entry did that the exit finishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tampered {
    /// The call was replaced (`error=`/`retval=`): its return is set at exit.
    pub outcome: Option<Outcome>,
    /// `syscall=NAME` ran instead: its success is required, as strace does.
    pub substituted: bool,
}

const SI_KERNEL: i32 = 0x80;
const SI_TKILL: i32 = -6;

impl Tracer {
    /// At a call's entry, before it is decoded: tampers as the rule says (if this is one
    /// of the invocations `when=` chooses) and tells the core what it did. `nr` must be in
    /// the trace set and the thread past its prelude. `now` is the entry's time (the
    /// note is stamped with it: event times never go back).
    pub(super) fn tamper_at_entry(
        &mut self,
        c: &mut dyn Consumer,
        tid: pid_t,
        nr: u64,
        args: [u64; 6],
        now: u64,
    ) {
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        let Some(action) = self.tamper.fires(nr, &mut t.countdowns) else {
            return;
        };
        let pid = t.pid;
        let mut note = Tampering::default();
        if let Some(sig) = action.signal {
            t.resume_sig = i32::from(sig);
        }
        if let Some(outcome) = action.outcome {
            let replace = action.syscall.unwrap_or(u64::MAX);
            if ptrace::set_syscall_nr(tid, replace).is_ok() {
                if action.syscall.is_none() {
                    // Skipped: the return is already what the program will see, should
                    // the exit never be stopped at (a detach in between).
                    let _ = ptrace::set_return(tid, return_value(outcome));
                }
                note.retval = true;
                t.tampered = Some(Tampered {
                    outcome: Some(outcome),
                    substituted: action.syscall.is_some(),
                });
            }
        }
        let exit_work = action.delay_exit.is_some() || !action.poke_exit.is_empty();
        if exit_work && t.tampered.is_none() {
            t.tampered = Some(Tampered::default());
        }
        if poke(pid, tid, nr, &args, &action.poke_enter) {
            note.args = true;
        }
        let delay = action.delay_enter;
        if let Some(d) = delay {
            note.delayed = true;
            let until_ns = now.saturating_add(d.as_nanos() as u64);
            self.held.push(Held {
                tid,
                until_ns,
                exit: None,
            });
        }
        if !note.is_empty() {
            self.tell(c, tid, pid, now, EventKind::Tampered(note));
        }
    }

    /// At a call's exit, before it is decoded: pokes, sets the injected return, and says
    /// whether to hold the thread. Returns the return the program sees, the notes for the
    /// core, and when to let the thread go if it is held.
    pub(super) fn tamper_at_exit(&mut self, tid: pid_t, ret: i64) -> (i64, Tampering, Option<u64>) {
        let mut note = Tampering::default();
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return (ret, note, None);
        };
        let Some(done) = t.tampered.take() else {
            return (ret, note, None);
        };
        let (pid, nr, args) = (t.pid, t.entry_nr, t.entry_args);
        let Some(rule) = self.tamper.rule_for(nr) else {
            return (ret, note, None);
        };
        if poke(pid, tid, nr, &args, &rule.action.poke_exit) {
            note.args = true;
        }
        let hold = rule.action.delay_exit.map(|d| {
            note.delayed = true;
            self.clock.now_ns().saturating_add(d.as_nanos() as u64)
        });
        let mut ret = ret;
        if let Some(outcome) = done.outcome {
            let failed = (-4095..0).contains(&ret);
            if done.substituted && failed {
                crate::usage::say(&format!(
                    "syscall-tracer: Failed to tamper with process {tid}: unexpectedly got \
                     error (return value {ret:#x}, error {})",
                    -ret
                ));
            } else {
                let value = return_value(outcome);
                if ptrace::set_return(tid, value).is_ok() {
                    ret = value as i64;
                }
            }
        }
        (ret, note, hold)
    }

    /// Lets go of the held threads whose time has come (all of them with `all`): a
    /// thread held at its exit reports it now, then each is resumed.
    pub(super) fn release_due(&mut self, c: &mut dyn Consumer, all: bool) {
        if self.held.is_empty() {
            return;
        }
        let now = self.clock.now_ns();
        let (due, keep): (Vec<Held>, Vec<Held>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|h| all || h.until_ns <= now);
        self.held = keep;
        for h in due {
            let Some(pid) = self.threads.threads.get(&h.tid).map(|t| t.pid) else {
                continue;
            };
            if let Some((ret, note)) = h.exit {
                let now = self.clock.now_ns();
                self.report_exit(c, h.tid, pid, now, ret, note);
            }
            self.resume_from_syscall_stop(c, h.tid);
        }
    }

    /// The earliest time a held thread is due, if any.
    pub(super) fn next_release_ns(&self) -> Option<u64> {
        self.held.iter().map(|h| h.until_ns).min()
    }

    pub(super) fn is_held(&self, tid: pid_t) -> bool {
        self.held.iter().any(|h| h.tid == tid)
    }

    /// Resumes a thread after a syscall stop, with the signal an injection queued.
    pub(super) fn resume_from_syscall_stop(&mut self, c: &mut dyn Consumer, tid: pid_t) {
        let sig = self
            .threads
            .threads
            .get_mut(&tid)
            .map_or(0, |t| std::mem::take(&mut t.resume_sig));
        self.resume(c, tid, sig);
    }

    /// At a seccomp stop a resume's signal is lost: queue the injected one with tgkill
    /// instead (its siginfo is put right at delivery, see [`Tracer::injected_siginfo`]).
    pub(super) fn signal_at_seccomp_stop(&mut self, tid: pid_t) {
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        let sig = std::mem::take(&mut t.resume_sig);
        if sig != 0 && ptrace::thread_kill(t.pid, tid, sig).is_ok() {
            t.injected_signal = Some(sig);
        }
    }

    /// At a signal-delivery stop: if this is the signal sent by tgkill for an injection,
    /// the siginfo a resumed entry stop would have given (`SI_KERNEL`, nothing else),
    /// which the program then receives.
    pub(super) fn injected_siginfo(&mut self, tid: pid_t, sig: i32, info: &mut [u8; 128]) {
        let Some(t) = self.threads.threads.get_mut(&tid) else {
            return;
        };
        if t.injected_signal != Some(sig) {
            return;
        }
        let field =
            |at: usize| i32::from_ne_bytes([info[at], info[at + 1], info[at + 2], info[at + 3]]);
        if field(8) != SI_TKILL || field(16) != std::process::id() as i32 {
            return;
        }
        t.injected_signal = None;
        let mut raw = [0u8; 128];
        raw[0..4].copy_from_slice(&sig.to_ne_bytes());
        raw[8..12].copy_from_slice(&SI_KERNEL.to_ne_bytes());
        if ptrace::set_siginfo(tid, &raw).is_ok() {
            *info = raw;
        }
    }
}

/// The register value an outcome returns: `-errno` or the value.
fn return_value(outcome: Outcome) -> u64 {
    match outcome {
        Outcome::Error(e) => (-i64::from(e)) as u64,
        Outcome::Retval(v) => v,
    }
}

/// Writes each poke where its argument points; true if any was written. An argument
/// past the call's own count, or memory that can't be written, is reported as strace
/// reports it and skipped.
fn poke(pid: pid_t, tid: pid_t, nr: u64, args: &[u64; 6], pokes: &[Poke]) -> bool {
    let mut poked = false;
    let nargs = crate::generated::syscalls::SYSCALLS
        .get(nr as usize)
        .and_then(|d| d.as_ref())
        .map_or(6, |d| d.args.len());
    let name = crate::decode::syscall_name(nr).unwrap_or("?");
    for p in pokes {
        let i = usize::from(p.arg);
        if i > nargs {
            crate::usage::say(&format!(
                "syscall-tracer: Failed to tamper with process {tid}: requested to tamper \
                 with argument #{i}, but system call '{name}' has only {nargs} arguments"
            ));
            continue;
        }
        if ThreadMemory::new(pid, tid).write(args[i - 1], &p.data) {
            poked = true;
        } else {
            crate::usage::say(&format!(
                "syscall-tracer: Failed to tamper with process {tid}: couldn't poke"
            ));
        }
    }
    poked
}
