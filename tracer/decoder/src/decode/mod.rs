//! Turns a syscall's registers and the tracee's memory into strace's rendering. Pure:
//! what comes from the world (memory, descriptor paths, socket protocols, interface
//! names, the UTC offset) comes through [`Tracee`].
//!
//! The engine owns one [`CallRecord`] per thread and drives it through
//! [`Decoder::entry`] and [`Decoder::exit`] (or [`Decoder::unfinished`]); the rendered
//! arguments and return value are then read back from the record by the printers.
//! Everything per-syscall comes from the generated code; this module holds the
//! per-type ("vocabulary") renderers only.

/// What the decoder needs from a traced thread. Implemented by the engine over
/// `process_vm_readv`; implemented over plain byte buffers in tests.
pub trait Tracee {
    /// Copies up to `buf.len()` bytes from `addr` into `buf`; returns how many bytes were
    /// copied (fewer than asked when the range runs into unmapped memory, 0 on a fault).
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize;
    /// What a file descriptor of this tracee refers to, for `-y`; `AT_FDCWD` (-100) asks
    /// for the working directory. `None` if unknown.
    fn fd_path(&mut self, _fd: i32) -> Option<FdPath> {
        None
    }
    /// The thread's stack pointer at the current stop, for `rt_sigreturn`, whose only
    /// "argument" is the signal frame on the stack. `None` if unknown.
    fn stack_pointer(&mut self) -> Option<u64> {
        None
    }
    /// The protocol of a netlink socket of this tracee (NETLINK_ROUTE is 0); `None` when
    /// `fd` is not a netlink socket or that cannot be told.
    fn netlink_protocol(&mut self, _fd: i32) -> Option<u32> {
        None
    }
    /// The name of generic netlink family `id` as the kernel registers it (`nlctrl`).
    fn generic_family(&mut self, _id: u16) -> Option<String> {
        None
    }
    /// The name of network interface `index` (`lo`), where strace would look it up: the
    /// tracer's own network namespace. `None` when there is no such interface.
    fn interface_name(&mut self, _index: u32) -> Option<String> {
        None
    }
    /// The offset from UTC, in seconds, of local time at the instant `epoch_sec`, for
    /// dates shown in local time; `None` when that time cannot be converted (dates are
    /// then left out, as strace leaves them out when `localtime` fails).
    fn utc_offset(&mut self, _epoch_sec: i64) -> Option<i64> {
        None
    }
    /// What `-Y`/`--decode-pids` shows beside pid `pid` as this tracee sees it (in its
    /// own pid namespace): the process's command name and its pid in the tracer's
    /// namespace. `None` when there is no such process.
    fn pid_info(&mut self, _pid: i32) -> Option<PidInfo> {
        None
    }
    /// The CPU time the thread has run, in nanoseconds, at this stop: read at a call's
    /// entry and exit, the difference is the call's system time (`-c` without `-w`).
    /// `None` if unknown.
    fn cpu_time_ns(&mut self) -> Option<u64> {
        None
    }
    /// `-yy`: socket `fd`'s protocol and endpoints as strace names them from the kernel's
    /// sock_diag answers (`TCP:[127.0.0.1:80->127.0.0.1:43210]`, `UNIX-STREAM:[5->6]`,
    /// `NETLINK:[ROUTE:1234]`, `UDP:[12345]` when the kernel tells nothing more). `None`
    /// for a protocol strace does not ask about (the link is shown instead).
    fn socket_details(&mut self, _fd: i32) -> Option<String> {
        None
    }
    /// `-yy`: the device `fd`'s path names, when it is a character or block device.
    fn fd_device(&mut self, _fd: i32) -> Option<Device> {
        None
    }
    /// `-yy`: the text of `/proc/PID/fdinfo/FD` (a pidfd's pid, an eventfd's counter, a
    /// signalfd's mask, a pty master's index).
    fn fd_info(&mut self, _fd: i32) -> Option<Vec<u8>> {
        None
    }
}

/// A process as `-Y` and `--decode-pids=pidns` show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PidInfo {
    /// `/proc/PID/comm`, without its newline.
    pub comm: Vec<u8>,
    /// The same process's pid in the tracer's pid namespace.
    pub tracer_pid: i32,
}

/// What a descriptor refers to, as `/proc/PID/fd/N` names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FdPath {
    /// The link's bytes exactly as the kernel gives them (a path need not be UTF-8),
    /// without the ` (deleted)` the kernel appends to the name of an unlinked file.
    pub path: Vec<u8>,
    /// The file was unlinked: strace shows `</tmp/x>(deleted)`.
    pub deleted: bool,
}

/// User choices that change rendering.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// `-s N`: how many bytes of a string or buffer to show.
    pub string_limit: usize,
    /// `-y`: print file descriptors as `3</path>`.
    pub fd_paths: bool,
    /// `-yy` / `--decode-fds=`: what else is shown with descriptors.
    pub fd_details: FdDetails,
    /// `-v` / `-e abbrev=`: the calls shown unabbreviated (every struct field, every
    /// array element, the environment in full). Empty by default: strace abbreviates all.
    pub unabbreviated: CallSet,
    /// `-x`, `-X`, `-e raw=`: how strings, constants and chosen calls are spelled.
    pub display: display::Display,
    /// `-e verbose=SET`: the calls whose structures are not dereferenced (shown by
    /// address). Empty by default: strace dereferences them in every call.
    pub not_verbose: CallSet,
}

/// A set of syscall numbers, for options that apply per call (`-e abbrev=SET`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSet {
    bits: Vec<u64>,
    /// Whether numbers past the bitmap are in the set.
    beyond: bool,
}

impl CallSet {
    /// Numbers below this are held one by one; the rest all together.
    pub const SIZE: u64 = 1024;

    pub fn all() -> Self {
        CallSet {
            bits: vec![u64::MAX; (Self::SIZE / 64) as usize],
            beyond: true,
        }
    }

    /// The set of the numbers for which `member` says yes (`beyond` for those past SIZE).
    pub fn from_fn(member: impl Fn(u64) -> bool, beyond: bool) -> Self {
        let mut bits = vec![0u64; (Self::SIZE / 64) as usize];
        for nr in 0..Self::SIZE {
            if member(nr) {
                bits[(nr / 64) as usize] |= 1 << (nr % 64);
            }
        }
        CallSet { bits, beyond }
    }

    pub fn contains(&self, nr: u64) -> bool {
        if nr >= Self::SIZE {
            return self.beyond;
        }
        self.bits
            .get((nr / 64) as usize)
            .is_some_and(|w| w & (1 << (nr % 64)) != 0)
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            string_limit: 32,
            fd_paths: false,
            fd_details: FdDetails::default(),
            unabbreviated: CallSet::default(),
            display: display::Display::default(),
            not_verbose: CallSet::default(),
        }
    }
}

/// One thread's call between its entry and exit stops: the registers seen at entry and
/// the rendering built so far. Reused from call to call, so steady-state tracing does not
/// allocate.
#[derive(Debug, Default)]
pub struct CallRecord {
    /// Syscall number (`orig_rax`).
    pub nr: u64,
    /// The six argument registers at entry.
    pub args: [u64; 6],
    /// Set by the engine before entering `restart_syscall`: the call it resumes.
    pub resumed_from: Option<u64>,
    known_name: Option<&'static str>,
    rendered: Vec<String>,
    argc: usize,
    /// Entry values of in/out arguments, to print `[16 => 4]` when they change.
    pub(crate) saved: [Option<u64>; 6],
    ret: Option<i64>,
    ret_text: String,
    /// Where the entry renderer stopped; the exit renderer continues from here.
    pub(crate) stage: u8,
    /// How many arguments the entry stop rendered (an in-flight call shows these).
    entry_argc: usize,
    /// Whether the entry stop rendered everything but the return value (strace's
    /// RVAL_DECODED at entry): a call that dies in flight then shows no `<unfinished ...>`.
    entry_complete: bool,
    /// Every value the table types as a pid or tid, where its rendering stands.
    pids: Vec<PidSpan>,
    /// What `-e inject=` did to the call (set by the core; cleared at each entry):
    /// strace's `(INJECTED)` and `(DELAYED)` after the result.
    pub tampered: Tampering,
}

/// How a call was tampered with, as strace notes it after the result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tampering {
    /// The call's result was injected (`error=`/`retval=`).
    pub retval: bool,
    /// Memory an argument points to was overwritten (`poke_enter=`/`poke_exit=`).
    pub args: bool,
    /// The thread was held at the call's entry or exit (`delay_enter=`/`delay_exit=`).
    pub delayed: bool,
}

impl Tampering {
    pub fn is_empty(self) -> bool {
        self == Tampering::default()
    }

    pub fn union(self, other: Tampering) -> Tampering {
        Tampering {
            retval: self.retval || other.retval,
            args: self.args || other.args,
            delayed: self.delayed || other.delayed,
        }
    }

    /// strace's words in the parentheses: `INJECTED`, `INJECTED: args`,
    /// `INJECTED: args, retval`; `None` when neither result nor memory was touched.
    pub fn injected_note(self) -> Option<&'static str> {
        match (self.args, self.retval) {
            (true, true) => Some("INJECTED: args, retval"),
            (true, false) => Some("INJECTED: args"),
            (false, true) => Some("INJECTED"),
            (false, false) => None,
        }
    }

    /// The three flags as bits (retval 1, args 2, delayed 4), for recordings.
    pub fn bits(self) -> u8 {
        u8::from(self.retval) | u8::from(self.args) << 1 | u8::from(self.delayed) << 2
    }

    /// The flags of [`Tampering::bits`]; `None` when other bits are set.
    pub fn from_bits(bits: u8) -> Option<Tampering> {
        (bits < 8).then_some(Tampering {
            retval: bits & 1 != 0,
            args: bits & 2 != 0,
            delayed: bits & 4 != 0,
        })
    }
}

/// Which rendered text of a call holds a [`PidSpan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The n-th rendered argument (an index into [`CallRecord::args_rendered`]).
    Arg(u8),
    /// The text after ` = `.
    Ret,
    /// Rendered into an argument that is not stored yet.
    Pending,
}

/// One pid- or tid-typed value inside a rendering: `text[start..end]` is its decimal
/// rendering, `real` its value. `--fixed-ts` rewrites exactly these bytes (and nothing
/// else: a number inside a string or an unrelated field stays as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PidSpan {
    pub slot: Slot,
    pub start: u32,
    pub end: u32,
    pub real: i32,
    /// The argument register whose own value this is (JSON's `raw_args[i]`), as opposed
    /// to a pid read from memory or a field of a struct.
    pub register: Option<u8>,
}

impl CallRecord {
    pub fn new() -> Self {
        Self::default()
    }

    /// strace's name for the call: `openat`, or `syscall_0x1c8` for an unknown number.
    pub fn name(&self) -> std::borrow::Cow<'static, str> {
        match self.known_name {
            Some(n) => std::borrow::Cow::Borrowed(n),
            None => std::borrow::Cow::Owned(format!("syscall_{:#x}", self.nr)),
        }
    }

    /// The rendered arguments, each exactly as strace prints it.
    pub fn args_rendered(&self) -> &[String] {
        &self.rendered[..self.argc]
    }

    /// The raw return value, `None` while the call has not returned (or never will).
    pub fn ret(&self) -> Option<i64> {
        self.ret
    }

    /// The errno of a failed call (kernel-internal restart codes included), else `None`.
    pub fn errno(&self) -> Option<i32> {
        match self.ret {
            Some(r) if (-4095..0).contains(&r) => Some((-r) as i32),
            _ => None,
        }
    }

    /// `ENOENT` for a failed call, else `None`.
    pub fn errno_name(&self) -> Option<&'static str> {
        self.errno().and_then(errno_name)
    }

    /// The part after ` = `: `3`, `-1 ENOENT (No such file or directory)`, `?`,
    /// `? ERESTARTSYS (To be restarted if SA_RESTART is set)`.
    pub fn ret_rendered(&self) -> &str {
        &self.ret_text
    }

    /// The pid- and tid-typed values of the rendering, in rendering order within each
    /// slot.
    pub fn pid_spans(&self) -> &[PidSpan] {
        &self.pids
    }

    /// Appends `name(arg, arg) = ret` to `out`.
    pub fn write_text(&self, out: &mut String) {
        self.write_part(out, CallText::Whole, &mut AsRendered);
    }

    /// The arguments the entry stop rendered: what an in-flight call shows.
    pub fn entry_args_rendered(&self) -> &[String] {
        &self.rendered[..self.entry_argc.min(self.argc)]
    }

    /// Appends the part `part` of strace's rendering of this call, each argument and the
    /// return written by `parts` (as rendered, or with pids renumbered).
    pub fn write_part(&self, out: &mut String, part: CallText, parts: &mut dyn TextParts) {
        let entry = self.entry_args_rendered().len();
        let (head, from, to) = match part {
            CallText::Whole => (true, 0, self.argc),
            CallText::Unfinished | CallText::CutShort | CallText::Detached => (true, 0, entry),
            CallText::Resumed | CallText::ResumedCutShort => (false, entry, self.argc),
        };
        if head {
            out.push_str(&self.name());
            out.push('(');
        } else {
            out.push_str("<... ");
            out.push_str(&self.name());
            out.push_str(" resumed>");
            // strace 7 opens the rest with the comma that follows the entry's arguments.
            if entry > 0 && to > from {
                out.push_str(", ");
            }
        }
        for i in from..to {
            if i > from {
                out.push_str(", ");
            }
            parts.arg(out, self, i);
        }
        match part {
            CallText::Unfinished => out.push_str(" <unfinished ...>"),
            CallText::Detached => out.push_str(" <detached ...>"),
            CallText::CutShort | CallText::ResumedCutShort if !self.entry_complete => {
                out.push_str(" <unfinished ...>")
            }
            _ => {}
        }
        if !matches!(part, CallText::Unfinished | CallText::Detached) {
            out.push_str(") = ");
            parts.ret(out, self);
            if self.ret.is_some() {
                self.write_tamper_notes(out);
            }
        }
    }

    /// ` (INJECTED)`, ` (DELAYED)`: strace's notes after a tampered call's result.
    fn write_tamper_notes(&self, out: &mut String) {
        if let Some(note) = self.tampered.injected_note() {
            out.push_str(" (");
            out.push_str(note);
            out.push(')');
        }
        if self.tampered.delayed {
            out.push_str(" (DELAYED)");
        }
    }

    pub(crate) fn reset(&mut self, nr: u64, args: [u64; 6], name: Option<&'static str>) {
        self.tampered = Tampering::default();
        self.nr = nr;
        self.known_name = name;
        self.args = args;
        self.argc = 0;
        self.ret = None;
        self.ret_text.clear();
        self.stage = 0;
        self.saved = [None; 6];
        self.entry_argc = 0;
        self.entry_complete = false;
        self.pids.clear();
    }

    /// Marks the end of the entry stop's rendering.
    pub(crate) fn entry_done(&mut self, complete: bool) {
        self.entry_argc = self.argc;
        self.entry_complete = complete;
    }

    /// Records a pid rendered as `text[start..end]` of the argument being built.
    pub(crate) fn push_pid(&mut self, start: usize, end: usize, real: i32) {
        self.pids.push(PidSpan {
            slot: Slot::Pending,
            start: start as u32,
            end: end as u32,
            real,
            register: None,
        });
    }

    /// The pids recorded since the argument or return began belong to `slot`.
    pub(crate) fn settle_pids(&mut self, slot: Slot) {
        for p in self.pids.iter_mut().rev() {
            if p.slot != Slot::Pending {
                break;
            }
            p.slot = slot;
        }
    }

    /// Forgets pids of text that is being discarded: recorded after `mark` entries.
    pub(crate) fn drop_pids_from(&mut self, mark: usize) {
        self.pids.truncate(mark);
    }

    pub(crate) fn pid_mark(&self) -> usize {
        self.pids.len()
    }

    /// Forgets the pids of the return text (before it is rendered again or replaced).
    pub(crate) fn clear_ret_pids(&mut self) {
        self.pids.retain(|p| p.slot != Slot::Ret);
    }

    /// The most recent pid span, for marking it as a register's own value.
    pub(crate) fn last_pid_mut(&mut self) -> Option<&mut PidSpan> {
        self.pids.last_mut()
    }

    /// A fresh (cleared, capacity kept) slot for the next argument.
    pub(crate) fn next_arg(&mut self) -> &mut String {
        if self.argc == self.rendered.len() {
            self.rendered.push(String::new());
        }
        let s = &mut self.rendered[self.argc];
        s.clear();
        self.argc += 1;
        s
    }

    pub(crate) fn last_arg_mut(&mut self) -> &mut String {
        &mut self.rendered[self.argc - 1]
    }

    pub(crate) fn ret_text_mut(&mut self) -> &mut String {
        &mut self.ret_text
    }

    pub(crate) fn set_ret(&mut self, ret: Option<i64>) {
        self.ret = ret;
    }
}

/// Which part of a call a line shows, as strace prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallText {
    /// `read(3, "a", 1) = 1`; `exit_group(0) = ?` for a call that never returns.
    Whole,
    /// A call still in flight: `read(3 <unfinished ...>`, the arguments known at entry.
    Unfinished,
    /// The return of a call shown unfinished: `<... read resumed>, "a", 1) = 1` (strace
    /// 7's placement of the comma).
    Resumed,
    /// A call that will never return, its thread gone: `read(3 <unfinished ...>) = ?`, or
    /// `exit_group(0) = ?` when the entry showed everything.
    CutShort,
    /// The same for a call shown unfinished before: `<... read resumed> <unfinished ...>)
    /// = ?`, or `<... futex resumed>) = ?` when the entry showed everything.
    ResumedCutShort,
    /// A call in flight when the tracer detached: `read(3 <detached ...>`.
    Detached,
}

/// Writes one argument, or the return, of a call into a line.
pub trait TextParts {
    fn arg(&mut self, out: &mut String, rec: &CallRecord, i: usize);
    fn ret(&mut self, out: &mut String, rec: &CallRecord);
}

/// The arguments and return exactly as rendered.
pub struct AsRendered;

impl TextParts for AsRendered {
    fn arg(&mut self, out: &mut String, rec: &CallRecord, i: usize) {
        out.push_str(&rec.args_rendered()[i]);
    }

    fn ret(&mut self, out: &mut String, rec: &CallRecord) {
        out.push_str(rec.ret_rendered());
    }
}

/// Renders calls; holds only the user's options and the syscall table, so one is shared
/// by all threads.
#[derive(Debug, Clone)]
pub struct Decoder {
    pub opts: DecodeOptions,
    table: &'static [Option<vocab::SyscallDef>],
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(DecodeOptions::default())
    }
}

impl Decoder {
    pub fn new(opts: DecodeOptions) -> Self {
        Decoder {
            opts,
            table: &crate::generated::syscalls::SYSCALLS,
        }
    }

    /// A decoder over a table generated from another `syscalls.toml` (codegen's tests
    /// prove that a syscall added as data renders without new Rust).
    pub fn with_table(opts: DecodeOptions, table: &'static [Option<vocab::SyscallDef>]) -> Self {
        Decoder { opts, table }
    }

    /// At the syscall-entry stop: renders every argument strace shows at entry
    /// (input memory is read now, before the kernel or another thread changes it).
    pub fn entry(&self, rec: &mut CallRecord, nr: u64, args: [u64; 6], t: &mut dyn Tracee) {
        rec.reset(nr, args, self.def(nr).map(|d| d.name));
        render::entry(self, rec, t);
    }

    /// At the syscall-exit stop: renders the remaining (output) arguments and the return.
    pub fn exit(&self, rec: &mut CallRecord, ret: i64, t: &mut dyn Tracee) {
        rec.set_ret(Some(ret));
        render::exit(self, rec, ret, t);
    }

    /// One completed call, entry then exit over the same memory, as its text line
    /// (`name(args) = ret`): for tests, fuzzing and recorded registers.
    pub fn line(&self, nr: u64, args: [u64; 6], ret: i64, t: &mut dyn Tracee) -> String {
        let mut rec = CallRecord::new();
        self.entry(&mut rec, nr, args, t);
        self.exit(&mut rec, ret, t);
        let mut s = String::new();
        rec.write_text(&mut s);
        s
    }

    /// Whether a call never returns (`ret = "none"`: exit, exit_group): strace prints
    /// it, `= ?`, at its entry.
    pub fn never_returns(&self, nr: u64) -> bool {
        self.def(nr).is_some_and(|d| d.ret == "none")
    }

    pub(crate) fn def(&self, nr: u64) -> Option<&'static vocab::SyscallDef> {
        self.table.get(nr as usize).and_then(|d| d.as_ref())
    }

    /// For a call that will never return (`exit_group`, a thread killed mid-call, a
    /// detach while in flight): the return renders as `?`.
    pub fn unfinished(&self, rec: &mut CallRecord) {
        rec.set_ret(None);
        rec.clear_ret_pids();
        rec.ret_text_mut().clear();
        rec.ret_text_mut().push('?');
    }
}

pub mod display;
pub mod fd_details;
pub mod fmt;
pub mod hooks;
pub mod memory_image;
pub mod netlink;
mod render;
mod siginfo;
pub mod vocab;

pub use fd_details::{Device, FdDetails};
pub use render::{
    all_syscalls, class_names, class_syscalls, errno_message, errno_name, render_siginfo,
    render_siginfo_into, render_siginfo_styled_into, signal_name, syscall_name, syscall_number,
};
