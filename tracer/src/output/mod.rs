//! Printing events. The engine hands over typed [`Event`]s; [`text`] and [`json`] turn
//! them into one line each; the [`Printer`] adds the timestamp and either writes the line
//! through a buffered writer at once, or, in `--fixed-ts` mode, keeps it in its thread's
//! block until the end (see [`Printer::finish`]).

pub mod json;
pub mod text;

use std::io::{self, BufWriter, Write};

use crate::cli::Format;
use crate::clock::{Clock, TimestampStyle};
use crate::decode::CallRecord;

/// The logical duration of every call in `--fixed-ts` mode, and the tick between events.
pub const FIXED_TICK_NS: u64 = 1000;

/// The numbers an event line shows (already renumbered in `--fixed-ts` mode) and, for
/// ordering, the index of the thread in order of appearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ids {
    pub pid: i32,
    pub tid: i32,
    pub order: usize,
}

/// Which part of a call a syscall event shows (strace's `<unfinished ...>` split).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallForm {
    /// The whole call at its return: `read(3, "a", 1) = 1`; `exit_group(0) = ?` for one
    /// that never returns.
    Whole,
    /// Still in flight a while after its entry: `read(3 <unfinished ...>`. `call_id`
    /// links it (in JSON) to the event that completes it.
    Unfinished { call_id: u64 },
    /// The return of a call shown unfinished: `<... read resumed>, "a", 1) = 1`.
    Resumed { call_id: u64 },
    /// Will never return, its thread gone: `read(3 <unfinished ...>) = ?`, or
    /// `<... read resumed>) = ?` when it was shown unfinished (`call_id`).
    CutShort { call_id: Option<u64> },
    /// In flight when the tracer detached: `read(3 <detached ...>`. A call already shown
    /// unfinished (`call_id`) gets no further text line, as in strace.
    Detached { call_id: Option<u64> },
}

impl CallForm {
    /// The id linking an unfinished call's events, if it was shown unfinished.
    pub fn call_id(self) -> Option<u64> {
        match self {
            CallForm::Whole => None,
            CallForm::Unfinished { call_id } | CallForm::Resumed { call_id } => Some(call_id),
            CallForm::CutShort { call_id } | CallForm::Detached { call_id } => call_id,
        }
    }
}

pub enum Event<'a> {
    /// A call, or part of one (`form`); `latency_ns` is `None` for calls that never
    /// returned and for the unfinished part.
    Syscall {
        rec: &'a CallRecord,
        latency_ns: Option<u64>,
        form: CallForm,
    },
    /// A signal-delivery stop, with the raw siginfo.
    Signal {
        siginfo: &'a [u8; 128],
    },
    /// A group-stop: `--- stopped by SIGSTOP ---`.
    Stopped {
        sig: i32,
    },
    Exited {
        code: i32,
    },
    Killed {
        sig: i32,
        core: bool,
    },
    /// The thread group leader replaced by a non-leader thread's execve.
    Superseded {
        by_tid: i32,
    },
}

pub struct Printer {
    format: Format,
    style: TimestampStyle,
    clock: Clock,
    fixed: bool,
    out: BufWriter<Box<dyn Write>>,
    line: String,
    /// `--fixed-ts`: rendered bodies per thread, in order of thread appearance.
    blocks: Vec<Vec<String>>,
    error: Option<io::Error>,
    /// `--fixed-ts`: (real, shown) pid pairs to rewrite inside syscall renderings.
    renumbering: Vec<(i32, i32)>,
}

impl Printer {
    pub fn new(out: Box<dyn Write>, format: Format, style: TimestampStyle, fixed: bool) -> Self {
        Printer {
            format,
            style,
            clock: Clock::new(),
            fixed,
            out: BufWriter::with_capacity(64 * 1024, out),
            line: String::with_capacity(512),
            blocks: Vec::new(),
            error: None,
            renumbering: Vec::new(),
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Nanoseconds since the trace started (meaningless but harmless in fixed mode).
    #[inline]
    pub fn now_ns(&self) -> u64 {
        self.clock.now_ns()
    }

    pub fn is_fixed(&self) -> bool {
        self.fixed
    }

    /// The first write error, if any; once set the tracer stops tracing.
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    pub fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    pub fn set_renumbering(&mut self, pairs: Vec<(i32, i32)>) {
        self.renumbering = pairs;
    }

    pub fn emit(&mut self, ids: Ids, ts_ns: u64, event: &Event<'_>) {
        if self.error.is_some() {
            return;
        }
        if self.format == Format::Text
            && matches!(
                event,
                Event::Syscall {
                    form: CallForm::Detached { call_id: Some(_) },
                    ..
                }
            )
        {
            // strace adds nothing to a call it already showed unfinished.
            return;
        }
        if self.fixed {
            let mut body = String::new();
            self.write_body(&mut body, ids, event);
            if matches!(event, Event::Syscall { .. } | Event::Signal { .. })
                && !self.renumbering.is_empty()
            {
                body = renumber_tokens(&body, &self.renumbering);
            }
            if self.blocks.len() <= ids.order {
                self.blocks.resize_with(ids.order + 1, Vec::new);
            }
            self.blocks[ids.order].push(body);
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        self.write_prefix(&mut line, ts_ns);
        self.write_body(&mut line, ids, event);
        line.push('\n');
        if let Err(e) = self.out.write_all(line.as_bytes()) {
            self.error = Some(e);
        }
        self.line = line;
    }

    fn write_prefix(&self, out: &mut String, ts_ns: u64) {
        match self.format {
            Format::Text => {
                out.push('[');
                if self.fixed {
                    crate::clock::write_seconds(ts_ns, 6, out);
                } else {
                    self.clock.write_text(self.style, ts_ns, out);
                }
                out.push_str("] ");
            }
            Format::Json => {
                let ns = if self.fixed {
                    ts_ns
                } else {
                    self.clock.json_ns(self.style, ts_ns)
                };
                json::write_ts_prefix(out, ns);
            }
        }
    }

    fn write_body(&self, out: &mut String, ids: Ids, event: &Event<'_>) {
        match self.format {
            Format::Text => text::write_event(out, ids, event),
            Format::Json => json::write_event(out, ids, event),
        }
    }

    /// Writes text that is not an event (the summary table).
    pub fn write_raw(&mut self, s: &str) {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(s.as_bytes()) {
                self.error = Some(e);
            }
        }
    }

    /// Emits what `--fixed-ts` held back: each thread's lines as one block, threads in
    /// order of appearance, stamped with a logical clock (the n-th line printed is at
    /// n µs). Then flushes.
    pub fn finish(&mut self) {
        let blocks = std::mem::take(&mut self.blocks);
        let mut tick = 0u64;
        let mut line = String::new();
        for body in blocks.iter().flatten() {
            if self.error.is_some() {
                break;
            }
            tick += 1;
            line.clear();
            self.write_prefix(&mut line, tick * FIXED_TICK_NS);
            line.push_str(body);
            line.push('\n');
            if let Err(e) = self.out.write_all(line.as_bytes()) {
                self.error = Some(e);
            }
        }
        self.flush();
    }

    pub fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
    }
}

/// Rewrites whole decimal tokens found in `map` (real -> shown), skipping the leading
/// `pid=.. tid=..` (or JSON ids), which are already shown numbers. A token is a decimal
/// or `0x` hex number not glued to letters, digits or `_` (names are left alone).
fn renumber_tokens(body: &str, map: &[(i32, i32)]) -> String {
    let skip = body
        .find(" tid=")
        .or_else(|| body.find("\"tid\":"))
        .map(|i| {
            let rest = &body[i + 1..];
            i + 1 + rest.find([' ', ',']).unwrap_or(rest.len())
        });
    let start = skip.unwrap_or(0);
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    out.push_str(&body[..start]);
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        let glued_before = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if c == b'0' && bytes.get(i + 1) == Some(&b'x') && !glued_before {
            let mut j = i + 2;
            while j < bytes.len() && bytes[j].is_ascii_hexdigit() {
                j += 1;
            }
            let glued_after =
                j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_');
            let value = if glued_after {
                None
            } else {
                i64::from_str_radix(&body[i + 2..j], 16).ok()
            };
            match value.and_then(|v| map.iter().find(|(r, _)| i64::from(*r) == v)) {
                Some((_, d)) => out.push_str(&format!("{d:#x}")),
                None => out.push_str(&body[i..j]),
            }
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let glued_after =
                j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_');
            let token = &body[i..j];
            let replaced = if glued_before || glued_after {
                None
            } else {
                token
                    .parse::<i32>()
                    .ok()
                    .and_then(|v| map.iter().find(|(r, _)| *r == v).map(|(_, d)| *d))
            };
            match replaced {
                Some(d) => out.push_str(&d.to_string()),
                None => out.push_str(token),
            }
            i = j;
        } else {
            let ch = body[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbers_only_whole_tokens_after_the_ids() {
        let map = [(4242, 1001), (77, 1002)];
        let s = renumber_tokens(
            "pid=1000 tid=1000 clone3(0x4242, 4242, x4242, 77, 0x4d) = 4242",
            &map,
        );
        assert_eq!(
            s,
            "pid=1000 tid=1000 clone3(0x4242, 1001, x4242, 1002, 0x3ea) = 1001"
        );
        let j = renumber_tokens(
            "\"event\":\"syscall\",\"pid\":1000,\"tid\":1000,\"ret\":4242",
            &map,
        );
        assert_eq!(
            j,
            "\"event\":\"syscall\",\"pid\":1000,\"tid\":1000,\"ret\":1001"
        );
    }
}
