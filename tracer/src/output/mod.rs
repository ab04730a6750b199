//! Printing events. The engine hands over typed [`Event`]s; [`text`] and [`json`] turn
//! them into one line each; the [`Printer`] adds the timestamp and either writes the line
//! through a buffered writer at once, or, in `--fixed-ts` mode, keeps it in its thread's
//! block until the end (see [`Printer::finish`]).

pub mod json;
pub mod pids;
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
    /// `--fixed-ts`: the display numbers of the pids and tids that calls and siginfos
    /// show (see [`pids`]).
    renumbering: pids::PidMap,
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
            renumbering: pids::PidMap::default(),
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

    /// `--fixed-ts`: every (real, shown) pid pair known so far, for the pid-typed values
    /// inside the next events.
    pub fn set_renumbering(&mut self, pairs: Vec<(i32, i32)>) {
        self.renumbering = pids::PidMap::new(pairs);
    }

    /// How many pairs the renumbering map was built from: the engine rebuilds it only
    /// when it has numbered a new pid since (one rebuild per new thread, not per line).
    pub fn renumbering_len(&self) -> usize {
        self.renumbering.len()
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
        let pids = self.fixed.then_some(&self.renumbering);
        match self.format {
            Format::Text => text::write_event(out, ids, event, pids),
            Format::Json => json::write_event(out, ids, event, pids),
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
