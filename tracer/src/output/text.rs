//! The text line body: `pid=P tid=T openat(...) = 3 (0.000081s)`; the `[ts] ` prefix
//! comes from the printer.

use std::fmt::Write;

use super::{CallForm, Event, Ids};
use crate::decode::{render_siginfo, signal_name};

pub fn write_event(out: &mut String, ids: Ids, event: &Event<'_>) {
    let _ = write!(out, "pid={} tid={} ", ids.pid, ids.tid);
    match *event {
        Event::Syscall {
            rec,
            latency_ns,
            form,
        } => {
            match form {
                CallForm::Whole => rec.write_text(out),
                CallForm::Unfinished { .. } => rec.write_unfinished_text(out),
                CallForm::Resumed { .. } | CallForm::CutShort { call_id: Some(_) } => {
                    rec.write_resumed_text(out)
                }
                CallForm::CutShort { call_id: None } => rec.write_cut_short_text(out),
                CallForm::Detached { .. } => rec.write_detached_text(out),
            }
            if let Some(ns) = latency_ns {
                out.push_str(" (");
                crate::clock::write_seconds(ns, 0, out);
                out.push_str("s)");
            }
        }
        Event::Signal { siginfo } => {
            let signo = i32::from_ne_bytes([siginfo[0], siginfo[1], siginfo[2], siginfo[3]]);
            let _ = write!(
                out,
                "--- {} {} ---",
                signal_name(signo),
                render_siginfo(siginfo)
            );
        }
        Event::Stopped { sig } => {
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
