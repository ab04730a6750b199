//! One JSON object per line; fields are documented in `docs/event.schema.json`.
//! Hand-written so the per-call path reuses one buffer instead of building a tree.

use std::fmt::Write;

use super::pids::{self, PidMap};
use super::{CallForm, Event, Ids};
use crate::decode::{render_siginfo_into, signal_name};

/// `{"ts_ns":N,`: the timestamp comes first so `--fixed-ts` can add it last.
pub fn write_ts_prefix(out: &mut String, ts_ns: u64) {
    let _ = write!(out, "{{\"ts_ns\":{ts_ns},");
}

/// `-i`: `,"ip":N` before the object's closing brace (already written), the instruction
/// pointer at the call's entry (the call site) or at the signal; nothing for an exit or
/// where it is not known.
pub fn write_instruction_pointer(out: &mut String, event: &Event<'_>) {
    let ip = match *event {
        Event::Syscall { ip, .. } => ip.entry,
        Event::Signal { ip, .. } | Event::Stopped { ip, .. } => ip,
        Event::Exited { .. } | Event::Killed { .. } | Event::Superseded { .. } => None,
    };
    if let (Some(ip), Some(b'}')) = (ip, out.as_bytes().last()) {
        out.pop();
        let _ = write!(out, ",\"ip\":{ip}}}");
    }
}

/// `pids`: in `--fixed-ts` mode, the display numbers of pid-typed values (in `args`,
/// `ret_text` and `siginfo`, and in `ret` and `raw_args` where the value is a pid).
pub fn write_event(out: &mut String, ids: Ids, event: &Event<'_>, pids: Option<&PidMap>) {
    let kind = match event {
        Event::Syscall {
            form: CallForm::Unfinished { .. },
            ..
        } => "syscall_entry",
        Event::Syscall { .. } => "syscall",
        Event::Signal { .. } | Event::Stopped { .. } => "signal",
        Event::Exited { .. } | Event::Killed { .. } | Event::Superseded { .. } => "exit",
    };
    let _ = write!(
        out,
        "\"event\":\"{kind}\",\"pid\":{},\"tid\":{}",
        ids.pid, ids.tid
    );
    match *event {
        Event::Syscall {
            rec,
            latency_ns,
            form,
            ..
        } => {
            if let Some(id) = form.call_id() {
                let _ = write!(out, ",\"call_id\":{id}");
            }
            out.push_str(",\"syscall\":");
            write_str(out, &rec.name());
            out.push_str(",\"args\":[");
            let entry_only = matches!(form, CallForm::Unfinished { .. });
            let args = if entry_only {
                rec.entry_args_rendered()
            } else {
                rec.args_rendered()
            };
            let mut scratch = String::new();
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match pids {
                    Some(map) => {
                        scratch.clear();
                        pids::write_arg(&mut scratch, rec, i, map);
                        write_str(out, &scratch);
                    }
                    None => write_str(out, a),
                }
            }
            out.push_str("],\"raw_args\":[");
            // As many raw registers as rendered arguments: the call's own arity.
            for (i, a) in rec.args.iter().take(args.len()).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match pids {
                    Some(map) => {
                        let _ = write!(out, "{}", pids::raw_arg(rec, i, map));
                    }
                    None => {
                        let _ = write!(out, "{a}");
                    }
                }
            }
            out.push(']');
            if entry_only {
                out.push('}');
                return;
            }
            out.push_str(",\"ret\":");
            match pids {
                Some(map) => write_opt(out, pids::raw_ret(rec, map)),
                None => write_opt(out, rec.ret()),
            }
            out.push_str(",\"errno\":");
            write_opt(out, rec.errno());
            out.push_str(",\"errno_name\":");
            match rec.errno_name() {
                Some(n) => write_str(out, n),
                None => out.push_str("null"),
            }
            out.push_str(",\"ret_text\":");
            match pids {
                Some(map) => {
                    scratch.clear();
                    pids::write_ret(&mut scratch, rec, map);
                    write_str(out, &scratch);
                }
                None => write_str(out, rec.ret_rendered()),
            }
            out.push_str(",\"latency_ns\":");
            write_opt(out, latency_ns);
            if let CallForm::Detached { .. } = form {
                out.push_str(",\"note\":\"<detached ...>\"");
            }
            if rec.ret().is_some() {
                if let Some(note) = rec.tampered.injected_note() {
                    out.push_str(",\"injected\":");
                    write_str(out, note);
                }
                if rec.tampered.delayed {
                    out.push_str(",\"delayed\":true");
                }
            }
        }
        Event::Signal { siginfo, .. } => {
            let signo = i32::from_ne_bytes([siginfo[0], siginfo[1], siginfo[2], siginfo[3]]);
            out.push_str(",\"signal\":");
            write_str(out, &signal_name(signo));
            out.push_str(",\"siginfo\":");
            let mut info = String::new();
            let si_pid = render_siginfo_into(&mut info, siginfo);
            match pids {
                Some(map) => {
                    let mut shown = String::new();
                    pids::write_siginfo(&mut shown, &info, si_pid, map);
                    write_str(out, &shown);
                }
                None => write_str(out, &info),
            }
        }
        Event::Stopped { sig, .. } => {
            out.push_str(",\"signal\":");
            write_str(out, &signal_name(sig));
            out.push_str(",\"stopped\":true");
        }
        Event::Exited { code } => {
            let _ = write!(out, ",\"exit_code\":{code}");
        }
        Event::Killed { sig, core } => {
            out.push_str(",\"killed_by\":");
            write_str(out, &signal_name(sig));
            let _ = write!(out, ",\"core_dumped\":{core}");
        }
        Event::Superseded { by_tid } => {
            let _ = write!(out, ",\"superseded_by\":{by_tid}");
        }
    }
    out.push('}');
}

fn write_opt<T: std::fmt::Display>(out: &mut String, v: Option<T>) {
    match v {
        Some(v) => {
            let _ = write!(out, "{v}");
        }
        None => out.push_str("null"),
    }
}

/// A JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        write_str(&mut s, "a\"b\\c\n\u{1}");
        assert_eq!(s, r#""a\"b\\c\n\u0001""#);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v, "a\"b\\c\n\u{1}");
    }
}
