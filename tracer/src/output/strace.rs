//! `--format=strace`: the lines strace 7.2 prints, byte for byte.
//!
//! strace writes a call's entry as soon as it sees it (`read(3`) and the rest at its
//! return (`, "a", 1) = 1`); when anything of another thread is printed in between, the
//! open line is closed with ` <unfinished ...>` and the return later starts a line of
//! its own, `<... read resumed>, "a", 1) = 1`. This sink does the same from the core's
//! [`Sink::entered`] and return events, and adds strace's line leader: `[pid N] ` while
//! several tracees exist (or `N     ` into a `-o` file under `-f`, and with
//! `--always-show-pid`), the timestamps of `-t`/`-r`, `-n`'s syscall number, `-i`'s
//! instruction pointer; then `-a`'s
//! column before ` = result` and `-T`'s `<0.000012>` after it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::decor::{self, Decorations};
use super::pids::{self, PidMap};
use super::{CallForm, CallIp, Event, Line, SharedOut, Sink};
use crate::clock::TimeBase;
use crate::decode::display::ConstStyle;
use crate::decode::{
    render_siginfo_styled_into, signal_name, AsRendered, CallRecord, CallText, TextParts,
};

/// Which pid prefix strace's rules give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PidPrefix {
    /// `[pid  1234] ` while more than one tracee exists (the trace goes to stderr).
    WhileSeveral,
    /// `1234  ` on every line: `-o FILE` with `-f` (or several `-p`), or
    /// `--always-show-pid`.
    Always,
    /// No prefix: `-o FILE` without `-f`.
    Never,
}

impl PidPrefix {
    /// strace's rule: `--always-show-pid` always; into a `-o` file, when `-f` was given
    /// or several processes are attached at the start; to stderr, while several exist.
    pub fn for_options(always: bool, to_file: bool, follow_flag: bool, attached: usize) -> Self {
        if always || (to_file && (follow_flag || attached > 1)) {
            PidPrefix::Always
        } else if to_file {
            PidPrefix::Never
        } else {
            PidPrefix::WhileSeveral
        }
    }
}

/// Where strace's own messages (`Process N attached`) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notices {
    /// Into the trace's stream, in order with its lines: the trace is on stderr.
    InTrace,
    /// Straight to stderr: the trace goes to a `-o` file.
    Stderr,
    /// Not at all (`-q`).
    Off,
}

/// The options the sink needs.
#[derive(Debug, Clone)]
pub struct StraceSettings {
    pub decor: Decorations,
    pub prefix: PidPrefix,
    pub notices: Notices,
    /// What strace's messages start with: the tracer's name as invoked (strace prints
    /// its own `argv[0]`).
    pub progname: String,
    /// `-X`: signal lines' siginfo follows it as the calls' arguments do.
    pub consts: ConstStyle,
}

/// A line begun and not ended: the entry of `tid`'s call, `col` bytes long.
struct Open {
    tid: i32,
    col: usize,
}

pub struct StraceSink {
    settings: StraceSettings,
    time: TimeBase,
    out: SharedOut,
    /// Tracees in existence (strace's `nprocs`).
    tracees: usize,
    open: Option<Open>,
    /// Threads whose call in flight was closed `<unfinished ...>`.
    split: HashSet<i32>,
    /// The last syscall number of each thread (`-n` shows it on signal and exit lines).
    last_nr: HashMap<i32, u64>,
    /// When the previous line began (`-r`).
    previous_ns: Option<u64>,
    line: String,
    scratch: String,
}

impl StraceSink {
    pub fn new(out: SharedOut, settings: StraceSettings, time: TimeBase) -> Self {
        StraceSink {
            settings,
            time,
            out,
            tracees: 0,
            open: None,
            split: HashSet::new(),
            last_nr: HashMap::new(),
            previous_ns: None,
            line: String::with_capacity(512),
            scratch: String::with_capacity(512),
        }
    }

    /// Ends the open line, if any, as strace does before printing anything else.
    fn close_open(&mut self) {
        if let Some(open) = self.open.take() {
            self.out.write(b" <unfinished ...>\n");
            self.split.insert(open.tid);
        }
    }

    /// Starts a line for `tid` at `ts_ns` into `self.line`: strace's leader. `ip` is
    /// where the thread stopped, for `-i` (none on a thread's end).
    fn leader(&mut self, tid: i32, ts_ns: u64, ip: Option<u64>) {
        self.close_open();
        let line = &mut self.line;
        line.clear();
        let d = self.settings.decor;
        match self.settings.prefix {
            PidPrefix::Always => {
                let _ = write!(line, "{tid:<5} ");
            }
            PidPrefix::WhileSeveral if self.tracees > 1 => {
                let _ = write!(line, "[pid {tid:>5}] ");
            }
            _ => {}
        }
        if let Some(abs) = d.absolute {
            decor::write_absolute(abs, &self.time, ts_ns, line);
            line.push(' ');
        }
        if let Some(precision) = d.relative {
            let since = ts_ns.saturating_sub(self.previous_ns.unwrap_or(ts_ns));
            self.previous_ns = Some(ts_ns);
            if d.absolute.is_some() {
                line.push_str("(+");
            }
            decor::write_duration(since, precision, 6, line);
            line.push_str(if d.absolute.is_some() { ") " } else { " " });
        }
        if d.syscall_number {
            let nr = self.last_nr.get(&tid).copied().unwrap_or(0);
            let _ = write!(line, "[{nr:>4}] ");
        }
        if d.instruction_pointer {
            decor::write_instruction_pointer(ip, line);
        }
    }

    /// One of strace's messages: `strace: Process 1234 attached`. In the trace's stream
    /// it lands where strace's does, inside an open line if one is.
    fn notice(&mut self, what: &str) {
        let text = format!("{}: {what}\n", self.settings.progname);
        match self.settings.notices {
            Notices::InTrace => self.out.write(text.as_bytes()),
            Notices::Stderr => {
                use std::io::Write as _;
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
            Notices::Off => {}
        }
    }

    fn write_line(&mut self) {
        self.line.push('\n');
        self.out.write(self.line.as_bytes());
    }

    /// The text of `part` of the call into `self.scratch`; returns where ` = ` stands in
    /// it, if the part shows a return.
    fn render(&mut self, rec: &CallRecord, part: CallText, map: Option<&PidMap>) -> Option<usize> {
        self.scratch.clear();
        let mut parts = Marked {
            inner: match map {
                Some(map) => Inner::Renumbered(pids::Renumbered(map)),
                None => Inner::AsRendered,
            },
            eq_at: None,
        };
        rec.write_part(&mut self.scratch, part, &mut parts);
        parts.eq_at
    }

    /// Appends `self.scratch[from..]` to the line, with ` = ` moved to `-a`'s column
    /// (`eq_at`), then `-T`'s time.
    fn append_call(&mut self, from: usize, eq_at: Option<usize>, latency_ns: Option<u64>) {
        let text = &self.scratch;
        match eq_at {
            Some(eq) if eq >= from => {
                self.line.push_str(&text[from..eq]);
                self.line.push(' ');
                let col = self.settings.decor.column;
                if self.line.len() < col {
                    let pad = col - self.line.len();
                    self.line.extend(std::iter::repeat_n(' ', pad));
                }
                self.line.push_str("= ");
                self.line.push_str(&text[eq + 3..]);
                if let (Some(ns), Some(precision)) = (latency_ns, self.settings.decor.syscall_times)
                {
                    self.line.push_str(" <");
                    decor::write_duration(ns, precision, 0, &mut self.line);
                    self.line.push('>');
                }
            }
            _ => self.line.push_str(&text[from.min(text.len())..]),
        }
    }

    /// The length of the entry's text (`read(3`), which an open line already shows.
    fn head_len(&mut self, rec: &CallRecord, map: Option<&PidMap>) -> usize {
        self.render(rec, CallText::Unfinished, map);
        self.scratch.len() - " <unfinished ...>".len()
    }

    fn syscall(
        &mut self,
        line: &Line<'_>,
        rec: &CallRecord,
        latency: Option<u64>,
        form: CallForm,
        ip: CallIp,
    ) {
        let tid = line.ids.tid;
        self.last_nr.insert(tid, rec.nr);
        let map = line.pids;
        let was_split = self.split.remove(&tid);
        let continuing = self.open.as_ref().is_some_and(|o| o.tid == tid);
        let part = match form {
            CallForm::Whole | CallForm::Resumed { .. } => {
                if was_split {
                    CallText::Resumed
                } else {
                    CallText::Whole
                }
            }
            CallForm::CutShort { .. } => {
                if was_split {
                    CallText::ResumedCutShort
                } else {
                    CallText::CutShort
                }
            }
            CallForm::Detached { .. } => {
                if was_split {
                    // strace adds nothing to a call it already showed unfinished.
                    return;
                }
                CallText::Detached
            }
            // The core announces entries through `entered` instead.
            CallForm::Unfinished { .. } => return,
        };
        if continuing {
            let from = self.head_len(rec, map);
            let col = self.open.take().map_or(0, |o| o.col);
            let eq_at = self.render(rec, part, map);
            self.line.clear();
            // Only the column matters of what was written already.
            self.line.extend(std::iter::repeat_n(' ', col));
            self.append_call(from, eq_at, latency);
            self.line.drain(..col);
            self.write_line();
            return;
        }
        // A resumed line is stamped at the return; a whole one at the entry.
        let ts = match part {
            CallText::Resumed => line.ts_ns + latency.unwrap_or(0),
            _ => line.ts_ns,
        };
        self.leader(tid, ts, ip.for_part(part));
        let eq_at = self.render(rec, part, map);
        self.append_call(0, eq_at, latency);
        self.write_line();
    }
}

/// The argument and return writer of the sink's renderings: notes where ` = ` stands.
struct Marked<'a> {
    inner: Inner<'a>,
    eq_at: Option<usize>,
}

enum Inner<'a> {
    AsRendered,
    Renumbered(pids::Renumbered<'a>),
}

impl TextParts for Marked<'_> {
    fn arg(&mut self, out: &mut String, rec: &CallRecord, i: usize) {
        match &mut self.inner {
            Inner::AsRendered => AsRendered.arg(out, rec, i),
            Inner::Renumbered(r) => r.arg(out, rec, i),
        }
    }

    fn ret(&mut self, out: &mut String, rec: &CallRecord) {
        // The call's text has just written `) = `.
        self.eq_at = out.len().checked_sub(3);
        match &mut self.inner {
            Inner::AsRendered => AsRendered.ret(out, rec),
            Inner::Renumbered(r) => r.ret(out, rec),
        }
    }
}

impl Sink for StraceSink {
    fn wants_entries(&self) -> bool {
        true
    }

    fn entered(&mut self, line: &Line<'_>) {
        let Event::Syscall { rec, ip, .. } = line.event else {
            return;
        };
        let tid = line.ids.tid;
        self.last_nr.insert(tid, rec.nr);
        self.split.remove(&tid);
        self.leader(tid, line.ts_ns, ip.for_part(CallText::Unfinished));
        let head = self.head_len(rec, line.pids);
        self.line.push_str(&self.scratch[..head]);
        self.out.write(self.line.as_bytes());
        self.open = Some(Open {
            tid,
            col: self.line.len(),
        });
    }

    fn event(&mut self, line: &Line<'_>) {
        if self.out.failed() {
            return;
        }
        let tid = line.ids.tid;
        match *line.event {
            Event::Syscall {
                rec,
                latency_ns,
                form,
                ip,
            } => return self.syscall(line, rec, latency_ns, form, ip),
            Event::Signal { siginfo, ip } => {
                self.leader(tid, line.ts_ns, ip);
                let signo = i32::from_ne_bytes([siginfo[0], siginfo[1], siginfo[2], siginfo[3]]);
                let _ = write!(self.line, "--- {} ", signal_name(signo));
                let consts = self.settings.consts;
                match line.pids {
                    Some(map) => {
                        let mut info = String::new();
                        let si_pid = render_siginfo_styled_into(&mut info, siginfo, consts);
                        pids::write_siginfo(&mut self.line, &info, si_pid, map);
                    }
                    None => {
                        render_siginfo_styled_into(&mut self.line, siginfo, consts);
                    }
                }
                self.line.push_str(" ---");
            }
            Event::Stopped { sig, ip } => {
                self.leader(tid, line.ts_ns, ip);
                let _ = write!(self.line, "--- stopped by {} ---", signal_name(sig));
            }
            Event::Exited { code } => {
                self.leader(tid, line.ts_ns, None);
                let _ = write!(self.line, "+++ exited with {code} +++");
            }
            Event::Killed { sig, core } => {
                self.leader(tid, line.ts_ns, None);
                let _ = write!(
                    self.line,
                    "+++ killed by {}{} +++",
                    signal_name(sig),
                    if core { " (core dumped)" } else { "" }
                );
            }
            Event::Superseded { by_tid } => {
                self.leader(tid, line.ts_ns, None);
                let _ = write!(self.line, "+++ superseded by execve in pid {by_tid} +++");
            }
        }
        self.write_line();
    }

    fn tracees(&mut self, count: usize) {
        self.tracees = count;
    }

    fn dump(&mut self, _ids: super::Ids, text: &str) {
        self.close_open();
        self.out.write(text.as_bytes());
    }

    fn attached(&mut self, tid: i32) {
        self.notice(&format!("Process {tid} attached"));
    }

    fn detached(&mut self, tid: i32) {
        self.notice(&format!("Process {tid} detached"));
    }

    fn finish(&mut self) {
        // A line left open (the tracer detached mid-call) ends as strace ends it.
        self.close_open();
        self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_prefix_rules() {
        use PidPrefix::*;
        assert_eq!(PidPrefix::for_options(false, false, true, 0), WhileSeveral);
        assert_eq!(PidPrefix::for_options(false, true, true, 0), Always);
        assert_eq!(PidPrefix::for_options(false, true, false, 1), Never);
        assert_eq!(PidPrefix::for_options(false, true, false, 2), Always);
        assert_eq!(PidPrefix::for_options(true, false, false, 0), Always);
    }
}
