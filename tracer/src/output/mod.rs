//! The sinks. The core hands each of them typed [`Event`]s ([`Sink`]); [`text`] and
//! [`json`] turn an event into one line; the [`Printer`] adds the timestamp and either
//! writes the line through the shared buffered writer at once, or, in `--fixed-ts` mode,
//! keeps it in its thread's block until the end (see [`Printer::finish`]). The `-c`
//! summary is a sink too (`crate::summary`).

pub mod decor;
pub mod json;
pub mod pids;
pub mod separate;
pub mod strace;
pub mod text;

use std::cell::RefCell;
use std::io::{self, BufWriter, Write};
use std::rc::Rc;

use crate::clock::{TimeBase, TimestampStyle};
use crate::decode::CallRecord;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// `--format=strace`: strace's own lines ([`strace`]).
    Strace,
}

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

/// The instruction pointers of a call (`-i`), as far as they are known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallIp {
    /// At the entry, after the `syscall` instruction: the call site.
    pub entry: Option<u64>,
    /// At the return, once it returned: the entry's, but for a successful execve (the
    /// new program's start) or a sigreturn.
    pub exit: Option<u64>,
}

impl CallIp {
    /// The one a line showing `part` of the call shows, as strace does: its leader is
    /// printed at the return for a resumed line, at the entry otherwise (and a thread
    /// that dies in a call is stopped where it entered it).
    pub fn for_part(self, part: crate::decode::CallText) -> Option<u64> {
        match part {
            crate::decode::CallText::Resumed => self.exit,
            _ => self.entry,
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
        ip: CallIp,
    },
    /// A signal-delivery stop, with the raw siginfo, and where the thread was.
    Signal {
        siginfo: &'a [u8; 128],
        ip: Option<u64>,
    },
    /// A group-stop: `--- stopped by SIGSTOP ---`.
    Stopped {
        sig: i32,
        ip: Option<u64>,
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

/// Where every sink writes: the `-o` file or stderr, behind one buffer, with the first
/// write error kept (after which nothing more is written). Shared by the sinks, so the
/// summary table follows the trace in the same stream.
#[derive(Clone)]
pub struct SharedOut(Rc<RefCell<OutState>>);

struct OutState {
    w: BufWriter<Box<dyn Write>>,
    error: Option<io::Error>,
}

impl SharedOut {
    pub fn new(w: Box<dyn Write>) -> Self {
        SharedOut(Rc::new(RefCell::new(OutState {
            w: BufWriter::with_capacity(64 * 1024, w),
            error: None,
        })))
    }

    pub fn write(&self, bytes: &[u8]) {
        let mut o = self.0.borrow_mut();
        if o.error.is_none() {
            if let Err(e) = o.w.write_all(bytes) {
                o.error = Some(e);
            }
        }
    }

    pub fn flush(&self) {
        let mut o = self.0.borrow_mut();
        if o.error.is_none() {
            if let Err(e) = o.w.flush() {
                o.error = Some(e);
            }
        }
    }

    /// Whether a write failed; once it has, tracing stops.
    pub fn failed(&self) -> bool {
        self.0.borrow().error.is_some()
    }

    pub fn take_error(&self) -> Option<io::Error> {
        self.0.borrow_mut().error.take()
    }
}

/// One event as the core hands it to the sinks.
pub struct Line<'a> {
    /// The numbers the line shows (renumbered under `--fixed-ts`).
    pub ids: Ids,
    /// Nanoseconds since tracing started.
    pub ts_ns: u64,
    pub event: &'a Event<'a>,
    /// `--fixed-ts`: the display numbers of the pid-typed values inside the event.
    pub pids: Option<&'a pids::PidMap>,
}

/// The times of one returned call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallTime {
    /// Latency: from the entry stop to the exit stop.
    pub wall_ns: u64,
    /// CPU time the thread spent between the two stops, all of it in the kernel: the
    /// call's system time (`None` when it could not be read).
    pub system_ns: Option<u64>,
}

/// Something that turns the core's events into output, ripgrep-style: the text and JSON
/// printers, the `-c` summary; later a Perfetto timeline or strace's own format.
pub trait Sink {
    /// An event to show.
    fn event(&mut self, _line: &Line<'_>) {}
    /// The entry of a call to be shown (`line.event` is its [`CallForm::Unfinished`]
    /// part), told only to sinks that print entries as they come ([`Sink::wants_entries`]).
    fn entered(&mut self, _line: &Line<'_>) {}
    /// Whether the sink prints entries as they come, as strace does (the core then tells
    /// it [`Sink::entered`], and shows no `<unfinished ...>` of its own).
    fn wants_entries(&self) -> bool {
        false
    }
    /// How many tracees exist now (strace shows `[pid N]` while there are several).
    fn tracees(&mut self, _count: usize) {}
    /// A thread traced from now on that the tracer did not launch: attached with `-p`,
    /// or created by a tracee (strace's `Process N attached`).
    fn attached(&mut self, _tid: i32) {}
    /// The tracer let go of a thread (strace's `Process N detached`).
    fn detached(&mut self, _tid: i32) {}
    /// `-e read=`/`-e write=`: the dump lines (each ending in a newline) of the call the
    /// thread `ids` just showed.
    fn dump(&mut self, _ids: Ids, _text: &str) {}
    /// A returned call to count (`-c`): its number, times and whether it failed.
    fn count(&mut self, _nr: u64, _time: CallTime, _failed: bool) {}
    /// The trace is over: write what was held back.
    fn finish(&mut self) {}
}

/// The text or JSON trace.
pub struct Printer {
    format: Format,
    style: TimestampStyle,
    time: TimeBase,
    fixed: bool,
    out: SharedOut,
    line: String,
    /// `--fixed-ts`: rendered bodies per thread, in order of thread appearance.
    blocks: Vec<Vec<String>>,
    /// `-n`: `[ 257] ` before each call.
    syscall_number: bool,
    /// `-i`: `[00007f0c1a2b3c4d] ` before each line (text), `"ip"` (JSON).
    instruction_pointer: bool,
    /// The `-n`/`-i` text put after the ids (reused: no allocation per line).
    leader: String,
}

impl Printer {
    pub fn new(
        out: SharedOut,
        format: Format,
        style: TimestampStyle,
        fixed: bool,
        time: TimeBase,
    ) -> Self {
        Printer {
            format,
            style,
            time,
            fixed,
            out,
            line: String::with_capacity(512),
            blocks: Vec::new(),
            syscall_number: false,
            instruction_pointer: false,
            leader: String::new(),
        }
    }

    /// `-n`: the text lines show the syscall number before each call, `[ 257] `.
    pub fn with_syscall_number(mut self, on: bool) -> Self {
        self.syscall_number = on;
        self
    }

    /// `-i`: the text lines show the instruction pointer after the ids (after `-n`'s
    /// number), `[????????????????] ` where there is none; JSON gets `"ip"`.
    pub fn with_instruction_pointer(mut self, on: bool) -> Self {
        self.instruction_pointer = on;
        self
    }

    pub fn emit(&mut self, ids: Ids, ts_ns: u64, event: &Event<'_>, pids: Option<&pids::PidMap>) {
        if self.out.failed() {
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
            self.write_body(&mut body, ids, event, pids);
            if self.blocks.len() <= ids.order {
                self.blocks.resize_with(ids.order + 1, Vec::new);
            }
            self.blocks[ids.order].push(body);
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        self.write_prefix(&mut line, ts_ns);
        self.write_body(&mut line, ids, event, pids);
        line.push('\n');
        self.out.write(line.as_bytes());
        self.line = line;
    }

    fn write_prefix(&self, out: &mut String, ts_ns: u64) {
        match self.format {
            Format::Text => {
                out.push('[');
                if self.fixed {
                    crate::clock::write_seconds(ts_ns, 6, out);
                } else {
                    self.time.write_text(self.style, ts_ns, out);
                }
                out.push_str("] ");
            }
            Format::Json | Format::Strace => {
                let ns = if self.fixed {
                    ts_ns
                } else {
                    self.time.json_ns(self.style, ts_ns)
                };
                json::write_ts_prefix(out, ns);
            }
        }
    }

    fn write_body(
        &mut self,
        out: &mut String,
        ids: Ids,
        event: &Event<'_>,
        pids: Option<&pids::PidMap>,
    ) {
        let pids = if self.fixed || pids.is_some_and(pids::PidMap::decorates) {
            pids
        } else {
            None
        };
        match self.format {
            Format::Text => {
                let start = out.len();
                text::write_event(out, ids, event, pids);
                // After `pid=P tid=T `: `-n`'s number, then `-i`'s pointer, as strace
                // orders them.
                let at = out[start..]
                    .match_indices(' ')
                    .nth(1)
                    .map_or(out.len(), |(i, _)| start + i + 1);
                let leader = &mut self.leader;
                leader.clear();
                if let (true, Event::Syscall { rec, .. }) = (self.syscall_number, event) {
                    let _ = std::fmt::Write::write_fmt(leader, format_args!("[{:>4}] ", rec.nr));
                }
                if self.instruction_pointer {
                    decor::write_instruction_pointer(text::instruction_pointer(event), leader);
                }
                out.insert_str(at, leader);
            }
            Format::Json | Format::Strace => {
                json::write_event(out, ids, event, pids);
                if self.instruction_pointer {
                    json::write_instruction_pointer(out, event);
                }
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
            if self.out.failed() {
                break;
            }
            tick += 1;
            line.clear();
            self.write_prefix(&mut line, tick * FIXED_TICK_NS);
            line.push_str(body);
            line.push('\n');
            self.out.write(line.as_bytes());
        }
        self.out.flush();
    }
}

impl Sink for Printer {
    fn event(&mut self, line: &Line<'_>) {
        self.emit(line.ids, line.ts_ns, line.event, line.pids);
    }

    /// The dump follows the call's line as it is; JSON carries no dump.
    fn dump(&mut self, ids: Ids, text: &str) {
        if self.format != Format::Text || self.out.failed() {
            return;
        }
        if self.fixed {
            // Held with the call's line, which ends where the dump begins.
            if let Some(last) = self.blocks.get_mut(ids.order).and_then(|b| b.last_mut()) {
                last.push('\n');
                last.push_str(text.strip_suffix('\n').unwrap_or(text));
            }
            return;
        }
        self.out.write(text.as_bytes());
    }

    fn finish(&mut self) {
        Printer::finish(self);
    }
}
