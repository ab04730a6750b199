//! The text line body: `pid=P tid=T openat(...) = 3 (0.000081s)`; the `[ts] ` prefix
//! comes from the printer.

use std::fmt::Write;

use super::pids::{self, PidMap};
use super::{CallForm, Event, Ids};
use crate::decode::{render_siginfo_into, signal_name, AsRendered, CallText};

/// `pids`: in `--fixed-ts` mode, the display numbers of pid-typed values.
pub fn write_event(out: &mut String, ids: Ids, event: &Event<'_>, pids: Option<&PidMap>) {
    let _ = write!(out, "pid={} tid={} ", ids.pid, ids.tid);
    match *event {
        Event::Syscall {
            rec,
            latency_ns,
            form,
            ..
        } => {
            let part = part_of(form);
            match pids {
                Some(map) => rec.write_part(out, part, &mut pids::Renumbered(map)),
                None => rec.write_part(out, part, &mut AsRendered),
            }
            if let Some(ns) = latency_ns {
                out.push_str(" (");
                crate::clock::write_seconds(ns, 0, out);
                out.push_str("s)");
            }
        }
        Event::Signal { siginfo, .. } => {
            let signo = i32::from_ne_bytes([siginfo[0], siginfo[1], siginfo[2], siginfo[3]]);
            let _ = write!(out, "--- {} ", signal_name(signo));
            match pids {
                Some(map) => {
                    let mut info = String::new();
                    let si_pid = render_siginfo_into(&mut info, siginfo);
                    pids::write_siginfo(out, &info, si_pid, map);
                }
                None => {
                    render_siginfo_into(out, siginfo);
                }
            }
            out.push_str(" ---");
        }
        Event::Stopped { sig, .. } => {
            let _ = write!(out, "--- stopped by {} ---", signal_name(sig));
        }
        Event::Exited { code } => {
            let _ = write!(out, "+++ exited with {code} +++");
        }
        Event::Killed { sig, core } => {
            let _ = write!(
                out,
                "+++ killed by {}{} +++",
                signal_name(sig),
                if core { " (core dumped)" } else { "" }
            );
        }
        Event::Superseded { by_tid } => {
            let _ = write!(out, "+++ superseded by execve in pid {by_tid} +++");
        }
    }
}

/// The part of a call a text line shows.
fn part_of(form: CallForm) -> CallText {
    match form {
        CallForm::Whole => CallText::Whole,
        CallForm::Unfinished { .. } => CallText::Unfinished,
        CallForm::Resumed { .. } => CallText::Resumed,
        CallForm::CutShort { call_id: Some(_) } => CallText::ResumedCutShort,
        CallForm::CutShort { call_id: None } => CallText::CutShort,
        CallForm::Detached { .. } => CallText::Detached,
    }
}

/// The instruction pointer a text line shows under `-i`: where the thread was for a
/// call's part or a signal; none for a thread's end.
pub fn instruction_pointer(event: &Event<'_>) -> Option<u64> {
    match *event {
        Event::Syscall { form, ip, .. } => ip.for_part(part_of(form)),
        Event::Signal { ip, .. } | Event::Stopped { ip, .. } => ip,
        Event::Exited { .. } | Event::Killed { .. } | Event::Superseded { .. } => None,
    }
}
