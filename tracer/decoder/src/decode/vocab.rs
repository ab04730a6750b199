//! The vocabulary: one renderer per type of `syscalls.toml`, never one per syscall.
//!
//! Generated code describes each syscall as a list of `Call::arg` calls with a [`Ty`];
//! [`Call`] decides whether an argument is due now (entry or exit), reads the memory it
//! needs, and appends strace's rendering of it to the call's record.
use super::display::ConstStyle;
use super::fmt as f;
use super::{CallRecord, DecodeOptions, Slot, Tracee};

/// Whether an argument's memory belongs to the entry, the exit, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
    Inout,
}

/// Where an argument's length comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Len {
    None,
    /// Another argument's value.
    Arg(u64),
    /// A 32-bit value behind another argument (`socklen_t *addrlen`).
    Ptr(u64),
    /// The return value.
    Ret,
    /// The return value, but no more than another argument's value.
    RetMax(u64),
}

/// A vocabulary type with its parameters; see the legend of `syscalls.toml`.
#[derive(Debug)]
pub enum Ty {
    Int(u8),
    UInt(u8),
    Hex(u8),
    Octal(u8),
    Ptr,
    Fd,
    Dirfd,
    Pid,
    Uid(u8),
    Signo,
    Mode(u8),
    Umask,
    Dev,
    Rlim,
    Sighandler,
    Wstatus,
    Time,
    /// A time_t in a struct, its nanoseconds in the 8 bytes after it (struct stat's).
    TimeNs,
    Ticks,
    Flags(&'static FlagTable, u8),
    Enum(&'static EnumTable, u8),
    Path,
    Str,
    Comm,
    Bytes,
    HexBytes,
    Struct(&'static Layout),
    PtrTo(&'static Ty),
    Array(&'static Ty),
    StrArray,
    EnvArray,
    Sockaddr,
    Iovec,
    Sigset,
    Fdset,
    Msghdr,
    Siginfo,
    Dirents,
    Msgbuf,
    Capsets,
    Inline(&'static Layout),
    Chars(u16),
    /// A byte array of this many bytes, each shown in hex with its index named.
    IndexedBytes(&'static EnumTable, u16),
    /// A struct sockaddr inside a struct (`ifr_addr`), of this many bytes.
    SockaddrInPlace(u16),
    /// An IPv4 address in network byte order.
    InAddr,
    /// A port number in network byte order.
    Port,
    /// An IPv6 address inside a struct, printed with its field name inside.
    In6Addr,
    /// A network interface index.
    Ifindex,
    /// A buffer on socket argument 0: netlink messages on a netlink socket, else bytes.
    SockBuf,
    /// A netlink attribute's string, its trailing NUL not shown.
    NlaStr,
    /// A netlink attribute's address, of the message's address family.
    NlaInetAddr,
    /// A netlink attribute's hardware address.
    NlaHwaddr,
    /// A netlink attribute's u32 array, each value with its index named.
    NlaIndexed(&'static EnumTable),
    /// A netlink attribute holding attributes.
    Nested(&'static super::netlink::NlAttrs),
    Pad,
    None,
    SigMask,
    PageVec,
    IoctlRequest(&'static EnumTable),
    IntOrBytes,
    Remaining(&'static Ty),
    Htons(&'static EnumTable),
    TimevalDate,
    TimespecUtime,
    Cpuset,
    Nodemask,
    Errnum,
    Ioprio,
    MsghdrInline,
    Ptrs(&'static Ty),
    ErrnoName,
    FutexWakeOp,
    /// A scheduling policy: `SCHED_RESET_ON_FORK|` and a value of the table.
    SchedPolicy(&'static EnumTable),
    /// A poll return summed up from args 0 (fds) and 1 (nfds); with the timespec left in arg 2.
    PollRet(bool),
    /// A select return summed up from args 0 to 3; the time left in arg 4, a timespec when true.
    SelectRet(bool),
    Mmsghdr,
    FlexBytes,
}

impl Ty {
    /// Bytes of memory this type takes as a struct field or array element.
    pub fn mem_size(&self) -> usize {
        match self {
            Ty::Int(n) | Ty::UInt(n) | Ty::Hex(n) | Ty::Octal(n) | Ty::Uid(n) | Ty::Mode(n) => {
                *n as usize
            }
            Ty::Flags(_, n) | Ty::Enum(_, n) => *n as usize,
            Ty::Fd | Ty::Dirfd | Ty::Pid | Ty::Signo | Ty::Umask | Ty::Wstatus => 4,
            Ty::Inline(l) => l.size as usize,
            Ty::Chars(n) | Ty::SockaddrInPlace(n) | Ty::IndexedBytes(_, n) => *n as usize,
            Ty::Pad | Ty::None | Ty::FlexBytes => 0,
            Ty::TimevalDate | Ty::TimespecUtime => 16,
            Ty::MsghdrInline => 56,
            Ty::Errnum | Ty::Ioprio | Ty::ErrnoName | Ty::FutexWakeOp | Ty::SchedPolicy(_) => 4,
            Ty::InAddr | Ty::Ifindex => 4,
            Ty::Port | Ty::Htons(_) => 2,
            Ty::IoctlRequest(_) => 4,
            Ty::In6Addr => 16,
            _ => 8,
        }
    }

    /// Whether the value is an address of a structure, an array or a set (what strace
    /// shows by address in a call that is not verbose), rather than of a string or
    /// buffer.
    pub fn is_structured(&self) -> bool {
        self.is_memory()
            && !matches!(
                self,
                Ty::Path | Ty::Str | Ty::Comm | Ty::Bytes | Ty::SockBuf | Ty::HexBytes
            )
    }

    /// Whether the value is an address whose pointee is rendered.
    pub fn is_memory(&self) -> bool {
        matches!(
            self,
            Ty::Path
                | Ty::Str
                | Ty::Comm
                | Ty::Bytes
                | Ty::SockBuf
                | Ty::HexBytes
                | Ty::Struct(_)
                | Ty::PtrTo(_)
                | Ty::Array(_)
                | Ty::StrArray
                | Ty::EnvArray
                | Ty::Sockaddr
                | Ty::Iovec
                | Ty::Sigset
                | Ty::Fdset
                | Ty::Msghdr
                | Ty::PageVec
                | Ty::IntOrBytes
                | Ty::Remaining(_)
                | Ty::Siginfo
                | Ty::Dirents
                | Ty::Msgbuf
                | Ty::Capsets
                | Ty::Cpuset
                | Ty::Nodemask
                | Ty::Ptrs(_)
                | Ty::Mmsghdr
        )
    }
}

/// One entry of the vocabulary registry as the generated tables carry it.
#[derive(Debug)]
pub struct VocabFact {
    pub name: &'static str,
    /// An address whose pointee is rendered.
    pub memory: bool,
    /// Bytes as a struct field or array element, when the type fixes it.
    pub size: Option<u32>,
    /// The type as the generated code uses it (with some table); none for `select`.
    pub sample: Option<&'static Ty>,
    pub doc: &'static str,
}

/// A flag word: masked value fields first, then bits in printing order.
#[derive(Debug)]
pub struct FlagTable {
    pub name: &'static str,
    pub zero: Option<&'static str>,
    pub fields: &'static [FlagField],
    pub bits: &'static [(&'static str, u64)],
    pub placeholder: Option<&'static str>,
    /// The comment after leftover bits when no bit (fields aside) is known: strace prints
    /// the fields on their own first (`FAN_CLASS_NOTIF|0x8000 /* FAN_??? */`).
    pub bits_placeholder: Option<&'static str>,
    /// `flags` in `0x8002 (flags O_RDWR|O_LARGEFILE)`; empty for `0 (PER_LINUX)`.
    pub ret_label: &'static str,
    /// A size in the masked high bits, printed last as `N<<NAME` (MFD_HUGE_SHIFT).
    pub shift: Option<(u64, &'static str)>,
    /// The set bits are one-bit struct fields: `{is_icsk=1, mc_loop=1}`.
    pub as_fields: bool,
}

#[derive(Debug)]
pub struct FlagField {
    pub mask: u64,
    pub values: &'static [(&'static str, u64)],
    pub ty: Option<&'static Ty>,
    /// An unnamed value stays with the leftover bits instead of printing apart.
    pub merge_unknown: bool,
    /// How `-X raw|verbose` shows the field: with the other bits, or as a number apart.
    pub apart: Apart,
}

/// Whether strace prints a masked field apart from the other bits under `-X raw` and
/// `-X verbose` (it does where its decoder prints the field with a call of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Apart {
    No,
    /// Apart, zero included: `0 /* PER_LINUX */|0x400000`.
    Always,
    /// Apart, but a zero raw value is printed as nothing (statx: `|0x900`).
    BlankRawZero,
}

#[derive(Debug)]
pub struct EnumTable {
    pub name: &'static str,
    pub values: &'static [(&'static str, i64)],
    pub unknown_int: bool,
    /// An unknown value prints as an unsigned decimal (rseq's cpu_id: `4294967293`).
    pub unknown_uint: bool,
    pub placeholder: Option<&'static str>,
}

impl EnumTable {
    pub fn name_of(&self, v: i64) -> Option<&'static str> {
        self.values.iter().find(|(_, x)| *x == v).map(|(n, _)| *n)
    }

    /// `name_of` for a table in ascending order (ioctl requests, which codegen checks).
    pub fn name_of_sorted(&self, v: i64) -> Option<&'static str> {
        let i = self.values.binary_search_by_key(&v, |(_, x)| *x).ok()?;
        Some(self.values[i].0)
    }
}

#[derive(Debug)]
pub struct Layout {
    pub name: &'static str,
    pub size: u32,
    /// The smallest caller length the struct is shown for; a shorter one shows the
    /// address, and the bytes between the caller's length and `size` read as zero.
    pub min_size: u32,
    pub fields: &'static [Field],
    pub array_form: bool,
    /// `{inputs} => {outputs}`: the `out` fields in their own braces after a success.
    pub arrow_form: bool,
    /// What a caller's length beyond the struct's size shows.
    pub past_end: PastEnd,
}

/// How a struct given a length beyond its size is shown (strace differs by call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastEnd {
    /// The struct, then its nonzero bytes past the end: `/* bytes 24..31 */ "..."`.
    Shown,
    /// Just the struct.
    Ignored,
    /// The address: the struct is shown only at its exact size.
    Address,
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub offset: u32,
    pub size: u32,
    pub ty: Ty,
    pub hide: bool,
    pub len: Option<u8>,
    pub cond: Option<FieldCond>,
    /// An output of the call, shown only at the exit of a successful call.
    pub out: bool,
    /// Changed by the call: `old => new` (from the struct's first 8 bytes at entry).
    pub inout: bool,
}

/// Shows (or, with `show = false`, hides) a field by another field's masked value.
#[derive(Debug)]
pub struct FieldCond {
    pub field: u8,
    pub mask: u64,
    pub values: &'static [u64],
    pub show: bool,
}

/// One row of the generated syscall table.
#[derive(Debug)]
pub struct SyscallDef {
    pub name: &'static str,
    pub render: fn(&mut Call<'_>),
    pub classes: u32,
    pub reserved: bool,
    pub args: &'static [ArgMeta],
    /// The return type as written in `syscalls.toml` (`none`: the call never returns);
    /// empty for a reserved number.
    pub ret: &'static str,
}

/// An argument as `syscalls.toml` declares it: for tools (JSON names, tests), not for
/// rendering, which the generated function does.
#[derive(Debug)]
pub struct ArgMeta {
    pub name: &'static str,
    pub dir: Dir,
    /// The type expression as written in `syscalls.toml`.
    pub ty: &'static str,
}

/// A call being rendered at its entry or exit stop.
pub struct Call<'a> {
    pub(super) rec: &'a mut CallRecord,
    pub(super) t: &'a mut dyn Tracee,
    pub(super) opts: &'a DecodeOptions,
    pub(super) exiting: bool,
    /// At entry: an output argument was met, so it and all after it wait for the exit.
    pub(super) blocked: bool,
    pub(super) ret: i64,
    /// Argument 0's netlink protocol (None inside: not a netlink socket), asked of the
    /// tracee once per stop: an mmsghdr vector would otherwise ask once per message.
    pub(super) socket: Option<Option<u32>>,
}

impl<'a> Call<'a> {
    pub fn regs(&self) -> &[u64; 6] {
        &self.rec.args
    }

    pub fn exiting(&self) -> bool {
        self.exiting
    }

    pub fn failed(&self) -> bool {
        self.exiting && (-4095..0).contains(&self.ret)
    }

    pub fn ret_value(&self) -> i64 {
        self.ret
    }

    /// For `restart_syscall`: the interrupted call the kernel resumes, if the engine knows.
    pub fn resumed_from(&self) -> Option<u64> {
        self.rec.resumed_from
    }

    pub fn opts(&self) -> &DecodeOptions {
        self.opts
    }

    /// Whether this call is abbreviated (strace's default; `-v` and `-e abbrev=` turn
    /// it off): structs show their main fields then `...`, arrays their first `-s`
    /// elements, the environment its size.
    pub fn abbrev(&self) -> bool {
        !self.opts.unabbreviated.contains(self.rec.nr)
    }

    /// Whether this call's structures are dereferenced (strace's default; `-e verbose=`
    /// names the calls that are).
    pub fn verbose(&self) -> bool {
        !self.opts.not_verbose.contains(self.rec.nr)
    }

    /// How many elements of an array are shown: `-s` of them, or all unabbreviated.
    pub(super) fn element_limit(&self) -> u64 {
        if self.abbrev() {
            self.opts.string_limit as u64
        } else {
            u64::MAX
        }
    }

    pub fn tracee(&mut self) -> &mut dyn Tracee {
        &mut *self.t
    }

    /// Whether argument `idx` is rendered now. Entry renders the leading inputs; exit
    /// renders everything from the first output on (strace's order and timing).
    fn due(&mut self, idx: u8, dir: Dir) -> bool {
        if self.exiting {
            return idx >= self.rec.stage;
        }
        if self.blocked {
            return false;
        }
        if dir == Dir::In {
            self.rec.stage = idx + 1;
            true
        } else {
            self.blocked = true;
            false
        }
    }

    /// Renders argument `idx` (its register value `v`) as `ty`, if it is due now.
    pub fn arg(&mut self, idx: u8, dir: Dir, v: u64, ty: &Ty, len: Len) {
        if dir == Dir::Inout && !self.exiting {
            self.save_entry_value(idx, v, ty);
        }
        if !self.due(idx, dir) {
            return;
        }
        let mut out = std::mem::take(self.rec.next_arg());
        // Output memory of a failed call is not what the kernel wrote: show the address.
        // strace still walks a failed readv's iovecs (showing their buffers' addresses) and
        // shows the name length a failed recvmsg offered.
        let unwritten = match dir {
            Dir::Out => !matches!(ty, Ty::Iovec | Ty::Remaining(_)),
            Dir::Inout => matches!(ty, Ty::Msghdr),
            Dir::In => false,
        };
        if unwritten && self.failed() && ty.is_memory() {
            match ty {
                Ty::Msghdr if self.verbose() => self.msghdr_namelen(&mut out, v),
                _ => f::address(&mut out, v),
            }
        } else {
            let len = self.resolve_len(len, dir);
            self.value(&mut out, v, ty, len, idx, dir);
            if matches!(ty, Ty::Pid) {
                // The argument is the register's own value: JSON's raw_args shows it too.
                if let Some(p) = self.rec.last_pid_mut() {
                    p.register = Some(idx);
                }
            }
        }
        self.all_strings_in_hex(&mut out);
        *self.rec.last_arg_mut() = out;
        let slot = self.rec.args_rendered().len() - 1;
        self.rec.settle_pids(Slot::Arg(slot as u8));
    }

    /// For a hook that will render more arguments at the exit stop (strace then shows
    /// `<unfinished ...>` for a call cut short).
    pub fn more_at_exit(&mut self) {
        self.blocked = true;
    }

    /// Appends an argument rendered by a hook (with the pids [`Call::pid`] recorded
    /// into it since the last argument).
    pub fn push_arg(&mut self, s: &str) {
        self.rec.next_arg().push_str(s);
        let slot = self.rec.args_rendered().len() - 1;
        self.rec.settle_pids(Slot::Arg(slot as u8));
    }

    /// Appends a pid or tid to `out`, the text of the argument or return being built,
    /// and records where it stands so `--fixed-ts` can show its display number.
    pub fn pid(&mut self, out: &mut String, v: i32) {
        let start = out.len();
        f::int(out, v as i64);
        self.rec.push_pid(start, out.len(), v);
    }

    fn save_entry_value(&mut self, idx: u8, v: u64, ty: &Ty) {
        // recvmsg's msg_namelen goes in and comes back: `msg_namelen=110 => 0`.
        if let Ty::Msghdr = ty {
            let mut b = [0u8; 4];
            let ok = v != 0 && self.t.read_mem(v.wrapping_add(8), &mut b) == 4;
            self.rec.saved[idx as usize] = ok.then(|| u32::from_le_bytes(b) as u64);
            return;
        }
        if let Ty::Struct(l) = ty {
            let mut b = [0u8; 8];
            let n = (l.size as usize).min(8);
            if v != 0 && self.t.read_mem(v, &mut b[..n]) == n {
                self.rec.saved[idx as usize] = Some(u64::from_le_bytes(b));
                return;
            }
        }
        if let Ty::PtrTo(inner) = ty {
            if v != 0 {
                let mut b = [0u8; 8];
                let n = inner.mem_size().min(8);
                if self.t.read_mem(v, &mut b[..n]) == n {
                    self.rec.saved[idx as usize] = Some(u64::from_le_bytes(b));
                    return;
                }
            }
        }
        self.rec.saved[idx as usize] = None;
    }

    fn resolve_len(&mut self, len: Len, dir: Dir) -> Option<u64> {
        match len {
            Len::None => None,
            Len::Arg(n) => Some(n),
            Len::Ptr(p) => {
                if p == 0 {
                    return Some(0);
                }
                let mut b = [0u8; 4];
                let now =
                    (self.t.read_mem(p, &mut b) == 4).then(|| u32::from_le_bytes(b) as u64)?;
                // strace reads no more than the caller offered: the smaller of the length
                // given at entry (kept for an in/out argument) and the one returned.
                let before = (0..6)
                    .find(|&j| self.rec.args[j] == p)
                    .and_then(|j| self.rec.saved[j]);
                Some(before.map_or(now, |b| (b & 0xffff_ffff).min(now)))
            }
            Len::Ret => {
                if self.exiting && !self.failed() {
                    Some(self.ret as u64)
                } else if dir == Dir::In {
                    None
                } else {
                    Some(0)
                }
            }
            Len::RetMax(max) => self.resolve_len(Len::Ret, dir).map(|n| n.min(max)),
        }
    }

    /// Renders the return value at exit: an error, a restart code, or a value of `ty`.
    pub fn ret(&mut self, ty: &Ty) {
        if !self.exiting {
            return;
        }
        let r = self.ret;
        let mut out = std::mem::take(self.rec.ret_text_mut());
        out.clear();
        self.rec.clear_ret_pids();
        if (-4095..0).contains(&r) {
            f::error_return(&mut out, (-r) as i32);
        } else {
            match ty {
                Ty::Flags(t, _) => {
                    f::hex(&mut out, r as u64);
                    let mut names = String::new();
                    f::flags(&mut names, r as u64, t);
                    // A zero nothing names stays bare (`F_GETFD` = 0); a named zero does not
                    // (`F_GETFL` = `0 (flags O_RDONLY)`).
                    if r != 0 || names != "0" {
                        out.push_str(" (");
                        if !t.ret_label.is_empty() {
                            out.push_str(t.ret_label);
                            out.push(' ');
                        }
                        self.styled_ret_flags(&mut names, r as u64, t);
                        out.push_str(&names);
                        out.push(')');
                    }
                }
                // A signal number returned (rt_sigtimedwait): `34 (SIGRTMIN)`.
                Ty::Signo => {
                    f::int(&mut out, r);
                    if r > 0 {
                        out.push_str(" (");
                        f::signal(&mut out, r as i32);
                        out.push(')');
                    }
                }
                Ty::Enum(t, _) => {
                    f::int(&mut out, r);
                    if let Some(n) = t.name_of(r) {
                        out.push_str(" (");
                        out.push_str(n);
                        out.push(')');
                    }
                }
                Ty::None => out.push('?'),
                Ty::Time => {
                    f::int(&mut out, r);
                    let mut d = String::new();
                    if f::date(&mut d, r, None, self.t) {
                        out.push_str(" (");
                        out.push_str(&d);
                        out.push(')');
                    }
                }
                // sched_getscheduler: `0x40000003 (SCHED_RESET_ON_FORK|SCHED_BATCH)`.
                Ty::SchedPolicy(t) => {
                    f::hex(&mut out, r as u64);
                    out.push_str(" (");
                    f::sched_policy(&mut out, r as u32, t);
                    out.push(')');
                }
                // ioprio_get under -X raw: the number alone (strace's ioprio.c).
                Ty::Ioprio if self.opts.display.consts == ConstStyle::Raw => f::int(&mut out, r),
                Ty::Ioprio => {
                    f::int(&mut out, r);
                    out.push_str(" (");
                    let verbose = self.opts.display.consts == ConstStyle::Verbose;
                    f::ioprio_with(&mut out, r as u32, verbose);
                    out.push(')');
                }
                Ty::PollRet(_) | Ty::SelectRet(_) if r == 0 => out.push_str("0 (Timeout)"),
                // Not verbose: the count without the descriptors.
                Ty::PollRet(_) if !self.verbose() => f::int(&mut out, r),
                Ty::PollRet(left) => {
                    f::int(&mut out, r);
                    let left = left.then_some(2);
                    self.poll_summary(&mut out, left);
                }
                Ty::SelectRet(nsec) => {
                    f::int(&mut out, r);
                    self.select_summary(&mut out, r as u64, *nsec);
                }
                Ty::Fd => self.fd(&mut out, r as i32),
                Ty::Pid => self.pid(&mut out, r as i32),
                Ty::Octal(_) | Ty::Umask => f::octal(&mut out, r as u64),
                Ty::Hex(_) | Ty::Ptr => f::hex(&mut out, r as u64),
                Ty::UInt(_) => f::uint(&mut out, r as u64),
                _ => f::int(&mut out, r),
            }
        }
        *self.rec.ret_text_mut() = out;
        self.rec.settle_pids(Slot::Ret);
    }

    pub fn set_ret_text(&mut self, s: &str) {
        self.rec.clear_ret_pids();
        let t = self.rec.ret_text_mut();
        t.clear();
        t.push_str(s);
    }

    fn fd(&mut self, out: &mut String, fd: i32) {
        f::int(out, fd as i64);
        if self.opts.fd_details.any() && fd >= 0 {
            let (paths, want) = (self.opts.fd_paths, self.opts.fd_details);
            return super::fd_details::append(out, fd, paths, want, self.t);
        }
        if self.opts.fd_paths && fd >= 0 {
            if let Some(p) = self.t.fd_path(fd) {
                super::display::fd_path(out, &p, self.opts.display.strings);
            }
        }
    }

    /// Renders one value: a register (or a field's bytes, widened) as `ty`.
    pub fn value(
        &mut self,
        out: &mut String,
        v: u64,
        ty: &Ty,
        len: Option<u64>,
        idx: u8,
        dir: Dir,
    ) {
        let limit = self.opts.string_limit;
        // -X raw / -X verbose: named constants as numbers, or numbers and names.
        if self.styled_const(out, v, ty) {
            return;
        }
        match ty {
            Ty::Int(n) => f::int(out, f::sign_extend(v, *n)),
            Ty::UInt(n) => f::uint(out, f::truncate(v, *n)),
            Ty::Hex(n) => f::hex(out, f::truncate(v, *n)),
            Ty::Octal(n) => f::octal(out, f::truncate(v, *n)),
            Ty::Ptr => f::address(out, v),
            Ty::InAddr => f::in_addr(out, (v as u32).to_le_bytes()),
            Ty::Port => f::port(out, v as u16),
            Ty::Ifindex => f::ifindex(out, v as u32, self.t),
            Ty::Fd => self.fd(out, v as i32),
            Ty::Dirfd => {
                if v as i32 == -100 {
                    out.push_str("AT_FDCWD");
                    if self.opts.fd_paths {
                        if let Some(p) = self.t.fd_path(-100) {
                            super::display::fd_path(out, &p, self.opts.display.strings);
                        }
                    }
                } else {
                    self.fd(out, v as i32)
                }
            }
            Ty::Pid => self.pid(out, v as i32),
            Ty::Uid(n) => {
                let x = f::truncate(v, *n);
                if x == f::truncate(u64::MAX, *n) {
                    out.push_str("-1");
                } else {
                    f::uint(out, x)
                }
            }
            Ty::Signo => f::signal(out, v as i32),
            Ty::Mode(n) => f::mode(out, f::truncate(v, *n) as u32),
            // strace prints the argument as a 16-bit umode_t.
            Ty::Umask => f::octal(out, v & 0xffff),
            Ty::Dev => f::dev(out, v),
            Ty::Rlim => f::rlim(out, v),
            Ty::Sighandler => f::sighandler(out, v),
            Ty::Wstatus => f::wstatus(out, v as u32),
            Ty::SigMask => f::sigset(out, v, 64),
            Ty::IoctlRequest(t) => match self.ioctl_name(t, v as u32) {
                Some(n) => out.push_str(n),
                None => f::ioc(out, v as u32),
            },
            Ty::Htons(t) => {
                out.push_str("htons(");
                f::enumerated(out, (v as u16).swap_bytes() as u64, 2, t);
                out.push(')');
            }
            Ty::Ticks => f::ticks(out, v as i64),
            Ty::Flags(t, n) => f::flags(out, f::truncate(v, *n), t),
            Ty::Enum(t, n) => f::enumerated(out, f::truncate(v, *n), *n, t),
            Ty::None | Ty::Pad | Ty::FlexBytes => {}
            Ty::Chars(_)
            | Ty::IndexedBytes(..)
            | Ty::SockaddrInPlace(_)
            | Ty::In6Addr
            | Ty::NlaStr
            | Ty::NlaInetAddr
            | Ty::NlaHwaddr
            | Ty::NlaIndexed(_)
            | Ty::Nested(_)
            | Ty::Inline(_)
            | Ty::TimevalDate
            | Ty::TimespecUtime
            | Ty::MsghdrInline => f::hex(out, v),
            Ty::Time | Ty::TimeNs => f::time_comment(out, v as i64, self.t),
            Ty::PollRet(_) | Ty::SelectRet(_) => f::int(out, v as i64),
            Ty::Errnum => f::errnum(out, v as i32),
            Ty::FutexWakeOp => f::futex_wake_op(out, v as u32),
            Ty::ErrnoName => match f::errno_entry(v as i32) {
                Some((name, _)) => out.push_str(name),
                None => f::int(out, v as i32 as i64),
            },
            Ty::Ioprio => f::ioprio(out, v as u32),
            Ty::SchedPolicy(t) => f::sched_policy(out, v as u32, t),
            Ty::Dirents if !self.verbose() => f::address(out, v),
            // strace counts the entries of an empty buffer even at NULL.
            Ty::Dirents => self.dirents(out, v, len.unwrap_or(0)),
            // Memory from here on: `v` is an address.
            _ if v == 0 => out.push_str("NULL"),
            // Not verbose: structures, arrays and sets by address (strings and buffers
            // are still shown); an empty array is still `[]`.
            Ty::Array(_) | Ty::Iovec | Ty::PageVec if !self.verbose() && len == Some(0) => {
                out.push_str("[]")
            }
            _ if !self.verbose() && ty.is_structured() => f::address(out, v),
            Ty::Path => self.cstring(out, v, 4096, true),
            Ty::Str => self.cstring(out, v, limit, false),
            Ty::Comm => self.cstring(out, v, limit.min(15), false),
            Ty::SockBuf if !self.verbose() => match len {
                Some(n) => self.buffer(out, v, n, false),
                None => f::address(out, v),
            },
            Ty::SockBuf => match (len, self.netlink_socket()) {
                (Some(n), Some(protocol)) => self.netlink(out, v, n, protocol),
                (Some(n), None) => self.buffer(out, v, n, false),
                (None, _) => f::address(out, v),
            },
            Ty::Bytes | Ty::HexBytes => match len {
                Some(n) => self.buffer(out, v, n, matches!(ty, Ty::HexBytes)),
                None => f::address(out, v),
            },
            // A struct with a size argument (openat2, clone3): strace shows just the
            // address when the caller's size is smaller than the struct it knows.
            Ty::Struct(l)
                if len.is_some_and(|n| {
                    n < l.min_size as u64 || (n > l.size as u64 && l.past_end == PastEnd::Address)
                }) =>
            {
                f::address(out, v)
            }
            Ty::Struct(l) => {
                let before = if dir == Dir::Inout && self.exiting {
                    self.rec.saved[idx as usize]
                } else {
                    None
                };
                let start = out.len();
                let given = len.map_or(l.size, |n| n.min(l.size as u64) as u32);
                self.structure(out, v, l, given, before);
                if let Some(n) = len.filter(|&n| n > l.size as u64 && l.past_end == PastEnd::Shown)
                {
                    if out[start..].starts_with('{') {
                        self.struct_tail(out, v, l.size as u64, n);
                    }
                }
            }
            Ty::PtrTo(inner) => {
                let size = inner.mem_size();
                let mut b = [0u8; 8];
                if self.t.read_mem(v, &mut b[..size]) != size {
                    return f::address(out, v);
                }
                let now = u64::from_le_bytes(b);
                out.push('[');
                if dir == Dir::Inout && self.exiting {
                    if let Some(before) = self.rec.saved[idx as usize] {
                        if before != now {
                            self.value(out, before, inner, None, idx, Dir::In);
                            out.push_str(" => ");
                        }
                    }
                }
                self.value(out, now, inner, None, idx, Dir::In);
                out.push(']');
            }
            Ty::Array(inner) => self.array(out, v, len.unwrap_or(0), inner),
            // Written only when a signal cut the call short (a restart code at the exit stop).
            Ty::Remaining(inner) => {
                if self.exiting && (-516..=-512).contains(&self.ret) {
                    self.value(out, v, inner, len, idx, Dir::In)
                } else {
                    f::address(out, v)
                }
            }
            Ty::IntOrBytes => match len {
                Some(4) => {
                    let mut b = [0u8; 4];
                    if !self.read_exact(v, &mut b) {
                        return f::address(out, v);
                    }
                    out.push('[');
                    f::int(out, i32::from_le_bytes(b) as i64);
                    out.push(']');
                }
                Some(n) => self.buffer(out, v, n, false),
                None => f::address(out, v),
            },
            Ty::StrArray => self.strarray(out, v),
            Ty::EnvArray if !self.abbrev() => self.strarray(out, v),
            Ty::EnvArray => {
                let n = self.count_pointers(v);
                f::address(out, v);
                if let Some(n) = n {
                    out.push_str(&format!(" /* {n} var{} */", if n == 1 { "" } else { "s" }));
                }
            }
            Ty::Sockaddr => match len {
                Some(n) => self.sockaddr(out, v, n as usize),
                None => f::address(out, v),
            },
            Ty::Iovec => {
                let data_limit = if dir == Dir::In {
                    None
                } else {
                    Some(self.ret.max(0) as u64)
                };
                self.iovec(out, v, len.unwrap_or(0), data_limit, None)
            }
            Ty::Sigset => self.sigset(out, v, len.unwrap_or(8) as usize, dir),
            Ty::Fdset => self.fdset(out, v, len.unwrap_or(0), true),
            Ty::PageVec => self.array(out, v, len.unwrap_or(0).div_ceil(4096), &Ty::UInt(1)),
            Ty::Msghdr => {
                let data_limit = if self.exiting {
                    Some(self.ret.max(0) as u64)
                } else {
                    None
                };
                let before = if dir == Dir::Inout && self.exiting {
                    self.rec.saved[idx as usize]
                } else {
                    None
                };
                self.msghdr(out, v, data_limit, before)
            }
            Ty::Capsets => self.capsets(out, v, len.unwrap_or(0)),
            Ty::Msgbuf => {
                let mut b = [0u8; 8];
                if !self.read_exact(v, &mut b) {
                    return f::address(out, v);
                }
                out.push_str("{mtype=");
                f::int(out, i64::from_le_bytes(b));
                out.push_str(", mtext=");
                self.buffer(out, v.wrapping_add(8), len.unwrap_or(0), false);
                out.push('}');
            }
            Ty::Cpuset => self.cpuset(out, v, len.unwrap_or(0)),
            Ty::Ptrs(inner) => self.ptrs(out, v, len.unwrap_or(0), inner),
            Ty::Nodemask => self.nodemask(out, v, len.unwrap_or(0)),
            Ty::Siginfo => {
                let mut b = [0u8; 128];
                if self.read_exact(v, &mut b) {
                    if let Some((start, end, pid)) =
                        super::siginfo::render_styled(out, &b, self.opts.display.consts)
                    {
                        self.rec.push_pid(start, end, pid);
                    }
                } else {
                    f::address(out, v);
                }
            }
            Ty::Mmsghdr => self.mmsgvec(out, v, len.unwrap_or(0), dir),
        }
    }

    /// An ioctl request's name. A number several subsystems share prints all their names
    /// (`SNDCTL_TMR_START or TCSETS`), but on a terminal (argument 0) strace 7.2 prints
    /// only the terminal's: termios and tty requests, named `TC...` and `TIO...`.
    pub(super) fn ioctl_name(&mut self, t: &EnumTable, r: u32) -> Option<&'static str> {
        let names = t.name_of_sorted(r as i64)?;
        if !names.contains(" or ") {
            return Some(names);
        }
        let fd = self.rec.args[0] as i32;
        let terminal = self.t.fd_path(fd).is_some_and(|p| {
            let p = p.path.as_slice();
            p.starts_with(b"/dev/pts/")
                || p.starts_with(b"/dev/tty")
                || p == b"/dev/ptmx"
                || p == b"/dev/console"
        });
        let tty_name = |n: &&str| n.starts_with("TC") || n.starts_with("TIO");
        Some(match names.split(" or ").find(tty_name) {
            Some(n) if terminal => n,
            _ => names,
        })
    }

    /// getdents: the address and how many records the returned bytes hold; with -v,
    /// the records.
    fn dirents(&mut self, out: &mut String, addr: u64, len: u64) {
        if !self.abbrev() && (addr != 0 || len == 0) {
            return self.dirent_list(out, addr, len);
        }
        f::address(out, addr);
        // The kernel returns at most the caller's count; a negative one is no length.
        let len = if (len as i64) < 0 {
            0
        } else {
            len.min(1 << 20) as usize
        };
        let mut buf = vec![0u8; len];
        if len > 0 && !self.read_exact(addr, &mut buf) {
            return;
        }
        let (mut off, mut n) = (0usize, 0u64);
        while off + 18 <= len {
            let reclen = u16::from_le_bytes([buf[off + 16], buf[off + 17]]) as usize;
            if reclen == 0 {
                break;
            }
            n += 1;
            off += reclen;
        }
        let _ = std::fmt::Write::write_fmt(out, format_args!(" /* {n} entries */"));
    }

    /// `[{d_ino=2, d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, ...]` (getdents64),
    /// or getdents' order, d_name before the d_type stored in the record's last byte.
    fn dirent_list(&mut self, out: &mut String, addr: u64, len: u64) {
        let wide = self.rec.name() == "getdents64";
        let len = if (len as i64) < 0 {
            0
        } else {
            len.min(1 << 20) as usize
        };
        let mut buf = vec![0u8; len];
        if len > 0 && !self.read_exact(addr, &mut buf) {
            return f::address(out, addr);
        }
        let types = &crate::generated::tables::ENUM_DIRENT_TYPES;
        out.push('[');
        let mut off = 0usize;
        while off + 18 <= len {
            let d = &buf[off..];
            let reclen = u16::from_le_bytes([d[16], d[17]]) as usize;
            let name_at = if wide { 19 } else { 18 };
            if reclen < name_at || off + reclen > len {
                break;
            }
            if off > 0 {
                out.push_str(", ");
            }
            let rec = &d[..reclen];
            let name = &rec[name_at..];
            let name = &name[..name.iter().position(|&c| c == 0).unwrap_or(name.len())];
            let d_type = if wide { rec[18] } else { rec[reclen - 1] };
            out.push_str("{d_ino=");
            f::uint(out, f::le_value(&rec[..8]));
            out.push_str(", d_off=");
            if wide {
                f::int(out, f::le_value(&rec[8..16]) as i64);
            } else {
                f::uint(out, f::le_value(&rec[8..16]));
            }
            out.push_str(", d_reclen=");
            f::uint(out, reclen as u64);
            if wide {
                out.push_str(", d_type=");
                f::enumerated(out, d_type as u64, 1, types);
            }
            out.push_str(", d_name=");
            f::quoted(out, name);
            if !wide {
                out.push_str(", d_type=");
                f::enumerated(out, d_type as u64, 1, types);
            }
            out.push('}');
            off += reclen;
        }
        out.push(']');
    }

    /// A bitmap of `len` bytes as the list of its set bits: `[0 1]`.
    fn cpuset(&mut self, out: &mut String, addr: u64, len: u64) {
        let mut buf = vec![0u8; len.min(1 << 16) as usize];
        if !self.read_exact(addr, &mut buf) {
            return f::address(out, addr);
        }
        out.push('[');
        let mut first = true;
        for (i, byte) in buf.iter().enumerate() {
            for bit in 0..8 {
                if byte & (1 << bit) != 0 {
                    if !first {
                        out.push(' ');
                    }
                    first = false;
                    f::uint(out, (i * 8 + bit) as u64);
                }
            }
        }
        out.push(']');
    }

    /// A node mask of `maxnode` bits, as the kernel reads it (maxnode - 1 bits), in longs.
    fn nodemask(&mut self, out: &mut String, addr: u64, maxnode: u64) {
        let nlongs = maxnode.saturating_add(62) / 64;
        self.word_list(out, addr, nlongs, |_, out, w| f::hex_padded(out, w, 16));
    }

    /// `[a, b, ...]` over `count` 8-byte words at `addr`, each shown by `show`: cut with
    /// `...` after -s words or at the first unreadable one; the bare address when even
    /// the first cannot be read.
    fn word_list(
        &mut self,
        out: &mut String,
        addr: u64,
        count: u64,
        mut show: impl FnMut(&mut Self, &mut String, u64),
    ) {
        let limit = self.element_limit();
        let mut words = Words::at(addr);
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            if i >= limit && (i > 0 || self.readable(addr, 8)) {
                out.push_str("...");
                break;
            }
            match self.word_at(&mut words, i) {
                Some(w) => show(self, out, w),
                None if i == 0 => {
                    out.pop();
                    return f::address(out, addr);
                }
                None => {
                    out.push_str("...");
                    break;
                }
            }
        }
        out.push(']');
    }

    /// ` ([{fd=4, revents=POLLIN}], left {...})`: the descriptors with events, and the
    /// time left in argument `left` when it is not NULL.
    fn poll_summary(&mut self, out: &mut String, left: Option<usize>) {
        // nfds is an unsigned int; the kernel refuses more than RLIMIT_NOFILE anyway.
        let (fds, nfds) = (self.rec.args[0], (self.rec.args[1] as u32).min(1 << 16));
        if fds == 0 {
            return;
        }
        let mut buf = vec![0u8; nfds as usize * 8];
        if !self.read_exact(fds, &mut buf) {
            return;
        }
        out.push_str(" ([");
        let mut first = true;
        let mut shown = 0;
        for e in buf.chunks_exact(8) {
            let revents = u16::from_le_bytes([e[6], e[7]]);
            if revents == 0 {
                continue;
            }
            if !first {
                out.push_str(", ");
            }
            if shown as u64 >= self.element_limit() {
                out.push_str("...");
                break;
            }
            shown += 1;
            first = false;
            out.push_str("{fd=");
            f::int(out, i32::from_le_bytes([e[0], e[1], e[2], e[3]]) as i64);
            out.push_str(", revents=");
            super::display::flags(
                out,
                revents as u64,
                &crate::generated::tables::FLAGS_POLLFLAGS,
                self.opts.display.consts,
            );
            out.push('}');
        }
        out.push(']');
        if let Some(i) = left {
            let tmo = self.rec.args[i];
            if tmo != 0 {
                out.push_str(", left ");
                self.structure(
                    out,
                    tmo,
                    &crate::generated::tables::STRUCT_TIMESPEC,
                    16,
                    None,
                );
            }
        }
        out.push(')');
    }

    /// ` (in [4], out [7], left {...})`: the ready descriptors of each set, at most `ready`.
    fn select_summary(&mut self, out: &mut String, mut ready: u64, nsec: bool) {
        let nfds = (self.rec.args[0] as i32).clamp(0, 1 << 16) as usize;
        out.push_str(" (");
        let mut sep = "";
        for (i, name) in ["in", "out", "except"].iter().enumerate() {
            let set = self.rec.args[i + 1];
            if set == 0 || ready == 0 {
                continue;
            }
            let mut buf = vec![0u8; nfds.div_ceil(64) * 8];
            if !self.read_exact(set, &mut buf) {
                continue;
            }
            let mut first = true;
            for fd in 0..nfds {
                if buf[fd / 8] & (1 << (fd % 8)) == 0 {
                    continue;
                }
                if first {
                    out.push_str(sep);
                    out.push_str(name);
                    out.push_str(" [");
                    first = false;
                    sep = ", ";
                } else {
                    out.push(' ');
                }
                f::uint(out, fd as u64);
                ready -= 1;
                if ready == 0 {
                    break;
                }
            }
            if !first {
                out.push(']');
            }
        }
        let tmo = self.rec.args[4];
        if tmo != 0 && !self.verbose() {
            out.push_str(sep);
            out.push_str("left ");
            f::address(out, tmo);
        } else if tmo != 0 {
            let mut b = [0u8; 16];
            if self.read_exact(tmo, &mut b) {
                let _ = std::fmt::Write::write_fmt(
                    out,
                    format_args!(
                        "{sep}left {{tv_sec={}, {}={}}}",
                        i64::from_le_bytes(b[..8].try_into().unwrap()),
                        if nsec { "tv_nsec" } else { "tv_usec" },
                        if nsec {
                            u64::from_le_bytes(b[8..].try_into().unwrap()).to_string()
                        } else {
                            i64::from_le_bytes(b[8..].try_into().unwrap()).to_string()
                        }
                    ),
                );
            }
        }
        out.push(')');
    }

    /// `count` pointers, each shown as `elem` (NULL and unreadable ones as addresses).
    fn ptrs(&mut self, out: &mut String, addr: u64, count: u64, elem: &Ty) {
        self.word_list(out, addr, count, |c, out, p| {
            c.value(out, p, elem, None, 0, Dir::In)
        });
    }

    /// A NUL-terminated string: quoted, cut after `limit` bytes with `...`.
    fn cstring(&mut self, out: &mut String, addr: u64, limit: usize, _is_path: bool) {
        let mut buf = [0u8; 4097];
        let want = (limit + 1).min(buf.len());
        let got = read_partial(self.t, addr, &mut buf[..want]);
        if got == 0 {
            return f::address(out, addr);
        }
        match buf[..got].iter().position(|&b| b == 0) {
            Some(n) => self.quoted(out, &buf[..n]),
            None if got > limit => {
                self.quoted(out, &buf[..limit]);
                out.push_str("...");
            }
            // The string runs into unreadable memory before its end or the limit:
            // strace cannot fetch it and shows the address.
            None if got < want => f::address(out, addr),
            None => self.quoted(out, &buf[..got]),
        }
    }

    /// A buffer of `len` bytes: quoted, the first `-s` bytes then `...`.
    pub(super) fn buffer(&mut self, out: &mut String, addr: u64, len: u64, all_hex: bool) {
        let limit = self.opts.string_limit;
        let show = (len as usize).min(limit);
        // The default -s fits on the stack: no allocation per call in steady state.
        let mut small = [0u8; 256];
        let mut large = Vec::new();
        let buf: &mut [u8] = if show <= small.len() {
            &mut small[..show]
        } else {
            large.resize(show, 0);
            &mut large
        };
        if self.t.read_mem(addr, buf) != show {
            return f::address(out, addr);
        }
        let buf = &*buf;
        if all_hex {
            f::quoted_hex(out, buf);
        } else {
            self.quoted(out, buf);
        }
        if (len as usize) > limit {
            out.push_str("...");
        }
    }

    /// strace reads an array's first element before abbreviating it (`-s 0` shows `[...]`
    /// for readable memory, the address otherwise).
    fn readable(&mut self, addr: u64, size: usize) -> bool {
        let mut b = [0u8; 16];
        let n = size.min(b.len());
        self.read_exact(addr, &mut b[..n])
    }

    fn read_exact(&mut self, addr: u64, buf: &mut [u8]) -> bool {
        self.t.read_mem(addr, buf) == buf.len()
    }

    /// `before`: the struct's first 8 bytes at entry, for its `inout` fields; `given`:
    /// the bytes the caller passed (the rest, up to the size, read as zero).
    fn structure(
        &mut self,
        out: &mut String,
        addr: u64,
        l: &Layout,
        given: u32,
        before: Option<u64>,
    ) {
        let mut buf = [0u8; 512];
        let size = l.size as usize;
        let given = (given as usize).min(size);
        if size > buf.len() || !self.read_exact(addr, &mut buf[..given]) {
            return f::address(out, addr);
        }
        // A trailing flexible array: as many more bytes as its count field says.
        let mut total = size;
        if let Some(fld) = l.fields.last().filter(|f| matches!(f.ty, Ty::FlexBytes)) {
            if let Some(i) = fld.len {
                let lf = &l.fields[i as usize];
                let s = lf.offset as usize;
                let n = (f::le_value(&buf[s..s + lf.size as usize]) as usize).min(FLEX_MAX);
                // strace shows `???` unless the whole array (up to its cap) is readable.
                let got = read_partial(
                    self.t,
                    addr.wrapping_add(size as u64),
                    &mut buf[size..size + n],
                );
                if got == n {
                    total = size + n;
                }
            }
        }
        self.struct_fields(out, &buf[..total], l, before);
    }

    /// Renders a struct from its bytes (also used for inline and array elements).
    pub fn struct_bytes(&mut self, out: &mut String, b: &[u8], l: &Layout) {
        self.struct_fields(out, b, l, None)
    }

    fn struct_fields(&mut self, out: &mut String, b: &[u8], l: &Layout, before: Option<u64>) {
        if !l.arrow_form {
            return self.struct_part(out, b, l, before, None);
        }
        self.struct_part(out, b, l, before, Some(false));
        if self.exiting && !self.failed() {
            // Rendered in place (so recorded pids stand where they print), taken back
            // when there is no output field to show.
            let (start, mark) = (out.len(), self.rec.pid_mark());
            out.push_str(" => ");
            self.struct_part(out, b, l, before, Some(true));
            if &out[start + 4..] == "{}" {
                out.truncate(start);
                self.rec.drop_pids_from(mark);
            }
        }
    }

    /// The fields of a struct; `only`: just its inputs (`Some(false)`) or outputs.
    fn struct_part(
        &mut self,
        out: &mut String,
        b: &[u8],
        l: &Layout,
        before: Option<u64>,
        only: Option<bool>,
    ) {
        out.push(if l.array_form { '[' } else { '{' });
        let mut first = true;
        let mut hidden = false;
        let mut shown = 0;
        for fld in l.fields {
            if matches!(fld.ty, Ty::Pad) {
                continue;
            }
            if fld.hide && self.abbrev() {
                hidden = true;
                continue;
            }
            if fld.out && (!self.exiting || self.failed()) || only.is_some_and(|o| o != fld.out) {
                continue;
            }
            if let Some(c) = &fld.cond {
                let g = &l.fields[c.field as usize];
                let s = g.offset as usize;
                let x = f::le_value(&b[s..s + g.size as usize]) & c.mask;
                if c.values.contains(&x) != c.show {
                    continue;
                }
            }
            if !first {
                out.push_str(", ");
            }
            if l.array_form && shown as u64 >= self.element_limit() {
                out.push_str("...");
                break;
            }
            shown += 1;
            first = false;
            if matches!(fld.ty, Ty::In6Addr) {
                let start = fld.offset as usize;
                let addr: [u8; 16] = b[start..start + 16].try_into().unwrap();
                f::in6_addr_named(out, addr, fld.name);
                continue;
            }
            if !l.array_form {
                out.push_str(fld.name);
                out.push('=');
            }
            let start = fld.offset as usize;
            if matches!(fld.ty, Ty::FlexBytes) {
                let shown = &b[start.min(b.len())..];
                let declared = fld.len.map(|i| {
                    let lf = &l.fields[i as usize];
                    let s = lf.offset as usize;
                    f::le_value(&b[s..s + lf.size as usize])
                });
                if shown.is_empty() && declared.is_some_and(|d| d > 0) {
                    out.push_str("???");
                    continue;
                }
                f::quoted_hex(out, shown);
                if declared.is_some_and(|d| d > shown.len() as u64) {
                    out.push_str("...");
                }
                continue;
            }
            let bytes = &b[start..start + fld.size as usize];
            if let (true, Some(old)) = (fld.inout, before) {
                let end = start + fld.size as usize;
                if end <= 8 {
                    let old = f::le_value(&old.to_le_bytes()[start..end]);
                    if old != f::le_value(bytes) {
                        self.value(out, old, &fld.ty, None, 0, Dir::In);
                        out.push_str(" => ");
                    }
                }
            }
            self.field_value(out, b, l, fld, bytes);
        }
        if hidden {
            out.push_str(if first { "..." } else { ", ..." });
        }
        out.push(if l.array_form { ']' } else { '}' });
    }

    /// One field's value: `bytes` are its own, `b` the whole struct (for length fields).
    fn field_value(&mut self, out: &mut String, b: &[u8], l: &Layout, fld: &Field, bytes: &[u8]) {
        let len_of = |fld: &Field| {
            fld.len.map(|i| {
                let lf = &l.fields[i as usize];
                let s = lf.offset as usize;
                f::le_value(&b[s..s + lf.size as usize])
            })
        };
        match &fld.ty {
            Ty::Inline(inner) => self.struct_bytes(out, bytes, inner),
            Ty::TimevalDate => f::timeval_date(out, bytes, false, self.t),
            Ty::TimeNs => {
                let at = fld.offset as usize + 8;
                let nsec = b.get(at..at + 8).map_or(0, f::le_value);
                f::time_ns_comment(out, f::le_value(bytes) as i64, nsec, self.t)
            }
            Ty::TimespecUtime => f::timeval_date(out, bytes, true, self.t),
            Ty::MsghdrInline => {
                let data_limit = if self.exiting { len_of(fld) } else { None };
                self.msghdr_bytes(out, bytes.try_into().unwrap(), data_limit, None)
            }
            Ty::SockaddrInPlace(_) => f::sockaddr_shown(out, bytes, self.t, &self.opts.display),
            Ty::IndexedBytes(names, _) => {
                out.push('[');
                for (i, &byte) in bytes.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if i as u64 >= self.element_limit() {
                        out.push_str("...");
                        break;
                    }
                    out.push('[');
                    match names.name_of(i as i64) {
                        Some(n) => out.push_str(n),
                        None => f::uint(out, i as u64),
                    }
                    out.push_str("]=");
                    f::hex(out, byte as u64);
                }
                out.push(']');
            }
            Ty::Chars(_) => {
                let end = bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len());
                self.quoted(out, &bytes[..end]);
                if end == bytes.len() {
                    out.push_str("...");
                }
            }
            ty => {
                let v = f::le_value(bytes);
                self.value(out, v, ty, len_of(fld), 0, Dir::In);
            }
        }
    }

    /// `{first=value, ...}`: a struct of which only the first field arrived (a netlink
    /// dump request's family); `b` is the struct's size, zero-filled past what arrived.
    pub(super) fn struct_first_field(&mut self, out: &mut String, b: &[u8], l: &Layout) {
        out.push('{');
        if let Some(fld) = l.fields.iter().find(|f| !matches!(f.ty, Ty::Pad)) {
            out.push_str(fld.name);
            out.push('=');
            let s = fld.offset as usize;
            self.field_value(out, b, l, fld, &b[s..s + fld.size as usize]);
            out.push_str(", ...");
        }
        out.push('}');
    }

    fn array(&mut self, out: &mut String, addr: u64, count: u64, elem: &Ty) {
        let size = match elem {
            Ty::Struct(l) => l.size as usize,
            t => t.mem_size(),
        };
        if size == 0 {
            return f::address(out, addr);
        }
        let limit = self.element_limit();
        let mut buf = [0u8; 512];
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            if i >= limit && (i > 0 || self.readable(addr, size)) {
                out.push_str("...");
                break;
            }
            let a = addr.wrapping_add(i * size as u64);
            if size > buf.len() || !self.read_exact(a, &mut buf[..size]) {
                if i == 0 {
                    out.pop();
                    return f::address(out, addr);
                }
                // strace: the element it could not fetch, as a comment.
                out.push_str("... /* ");
                f::address(out, a);
                out.push_str(" */");
                break;
            }
            match elem {
                Ty::Struct(l) => {
                    let b = buf;
                    self.struct_bytes(out, &b[..size], l)
                }
                t => self.value(out, f::le_value(&buf[..size]), t, None, 0, Dir::In),
            }
        }
        out.push(']');
    }

    /// Word `i` of the array at `w.base`, read [`WORD_WINDOW`] words at a time: an
    /// environment of 40 variables is one read of tracee memory, not 41. `None` where
    /// the memory can't be read.
    fn word_at(&mut self, w: &mut Words, i: u64) -> Option<u64> {
        if i < w.start || i >= w.start + w.len {
            let mut bytes = [0u8; WORD_WINDOW * 8];
            let at = w.base.wrapping_add(8 * i);
            // A read stops at the first unmapped byte, so the window never claims
            // words past a fault.
            let n = self.t.read_mem(at, &mut bytes) / 8;
            for (k, chunk) in bytes.chunks_exact(8).take(n).enumerate() {
                w.buf[k] = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            }
            w.start = i;
            w.len = n as u64;
            if n == 0 {
                return None;
            }
        }
        Some(w.buf[(i - w.start) as usize])
    }

    fn count_pointers(&mut self, addr: u64) -> Option<usize> {
        let mut w = Words::at(addr);
        let mut n = 0;
        loop {
            if self.word_at(&mut w, n as u64)? == 0 {
                return Some(n);
            }
            n += 1;
            if n > 1 << 20 {
                return None;
            }
        }
    }

    fn strarray(&mut self, out: &mut String, addr: u64) {
        let limit = self.opts.string_limit;
        let count_limit = self.element_limit();
        let mut w = Words::at(addr);
        let Some(first) = self.word_at(&mut w, 0) else {
            return f::address(out, addr);
        };
        out.push('[');
        let mut p = first;
        let mut i = 0usize;
        loop {
            if p == 0 {
                break;
            }
            if i > 0 {
                out.push_str(", ");
            }
            if i as u64 >= count_limit {
                out.push_str("...");
                break;
            }
            self.cstring(out, p, limit, false);
            i += 1;
            match self.word_at(&mut w, i as u64) {
                Some(next) => p = next,
                None => {
                    out.push_str(", ...");
                    break;
                }
            }
        }
        out.push(']');
    }

    fn sockaddr(&mut self, out: &mut String, addr: u64, len: usize) {
        let mut buf = [0u8; 128];
        let n = len.min(buf.len());
        if n == 0 || !self.read_exact(addr, &mut buf[..n]) {
            return f::address(out, addr);
        }
        f::sockaddr_shown(out, &buf[..n], self.t, &self.opts.display);
    }

    /// iovecs and their contents; on a netlink socket of protocol `netlink`, the contents
    /// are netlink messages.
    fn iovec(
        &mut self,
        out: &mut String,
        addr: u64,
        count: u64,
        mut data_limit: Option<u64>,
        netlink: Option<u32>,
    ) {
        let limit = self.element_limit();
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            if i >= limit && (i > 0 || self.readable(addr, 16)) {
                out.push_str("...");
                break;
            }
            let mut b = [0u8; 16];
            if !self.read_exact(addr.wrapping_add(16 * i), &mut b) {
                if i == 0 {
                    out.pop();
                    return f::address(out, addr);
                }
                out.push_str("... /* ");
                f::address(out, addr.wrapping_add(16 * i));
                out.push_str(" */");
                break;
            }
            let base = u64::from_le_bytes(b[..8].try_into().unwrap());
            let len = u64::from_le_bytes(b[8..].try_into().unwrap());
            let shown = match data_limit {
                Some(d) => {
                    let s = d.min(len);
                    data_limit = Some(d - s);
                    s
                }
                None => len,
            };
            out.push_str("{iov_base=");
            if base == 0 {
                out.push_str("NULL");
            } else if data_limit.is_some() && self.failed() {
                f::address(out, base);
            } else if let Some(protocol) = netlink {
                self.netlink(out, base, shown, protocol);
            } else {
                self.buffer(out, base, shown, false);
            }
            out.push_str(", iov_len=");
            f::uint(out, len);
            out.push('}');
        }
        out.push(']');
    }

    /// The three capability sets, each one 64-bit set from two 32-bit words (one word
    /// for _LINUX_CAPABILITY_VERSION_1).
    fn capsets(&mut self, out: &mut String, addr: u64, version: u64) {
        let words = if version == 0x1998_0330 { 1 } else { 2 };
        let mut b = [0u8; 24];
        if !self.read_exact(addr, &mut b[..12 * words]) {
            return f::address(out, addr);
        }
        let word = |i: usize| u32::from_le_bytes(b[4 * i..4 * i + 4].try_into().unwrap()) as u64;
        let table = &crate::generated::tables::FLAGS_CAPABILITY_BITS;
        let known = table.bits.iter().fold(0, |m, (_, b)| m | b);
        for (k, name) in ["effective", "permitted", "inheritable"].iter().enumerate() {
            let set = word(k) | if words == 2 { word(3 + k) << 32 } else { 0 };
            out.push_str(if k == 0 { "{" } else { ", " });
            out.push_str(name);
            out.push('=');
            let style = self.opts.display.consts;
            if style != ConstStyle::Abbrev {
                // strace's capability.c: the low word, then `|` and the high word when
                // it is not zero, each a number of its own (verbose: with its names).
                let word = |out: &mut String, shift: u32| {
                    let w = (set >> shift) & 0xffff_ffff;
                    f::hex(out, w);
                    let bits = (w << shift) & known;
                    if style == ConstStyle::Verbose && bits != 0 {
                        out.push_str(" /* ");
                        f::flags(out, bits, table);
                        if w & !(known >> shift) & 0xffff_ffff != 0 {
                            out.push('|');
                            f::hex(out, w & !(known >> shift));
                        }
                        out.push_str(" */");
                    }
                };
                let (lo, hi) = (set & 0xffff_ffff, set >> 32);
                if lo != 0 || hi == 0 {
                    word(out, 0);
                }
                if hi != 0 {
                    if lo != 0 {
                        out.push('|');
                    }
                    word(out, 32);
                }
                continue;
            }
            let start = out.len();
            if set & known != 0 || set == 0 {
                f::flags(out, set & known, table);
            }
            let rest = set & !known;
            if rest != 0 {
                if out.len() > start {
                    out.push('|');
                }
                // strace shows unknown bits of the upper word as that word alone.
                f::hex(out, if rest >> 32 != 0 { rest >> 32 } else { rest });
                if set & known == 0 {
                    out.push_str(" /* CAP_??? */");
                }
            }
        }
        out.push('}');
    }

    fn sigset(&mut self, out: &mut String, addr: u64, len: usize, dir: Dir) {
        let mut b = [0u8; 8];
        let n = len.min(8);
        // strace shows an input set only when its size is exactly the kernel's sigset_t;
        // a set the kernel wrote (rt_sigpending accepts smaller sizes) shows its bytes.
        let size_ok = if dir == Dir::In {
            len == 8
        } else {
            (1..=8).contains(&len)
        };
        if !size_ok || !self.read_exact(addr, &mut b[..n]) {
            return f::address(out, addr);
        }
        super::display::sigset(out, u64::from_le_bytes(b), 64, self.opts.display.consts);
    }

    /// `[3 4]`; with `paths`, each descriptor as -y shows it (`[3</tmp/f>]`), as strace
    /// does for the sets given but not for the ready sets it lists after the return.
    fn fdset(&mut self, out: &mut String, addr: u64, nfds: u64, paths: bool) {
        // select() takes an int: a negative count is shown as the bare address, as strace
        // does; a huge one is read up to 65536 descriptors (8 KiB).
        if (nfds as i32) < 0 {
            return f::address(out, addr);
        }
        let nfds = (nfds as i32 as u64).min(1024 * 64);
        let bytes = nfds.div_ceil(64) as usize * 8;
        let mut buf = vec![0u8; bytes];
        if !self.read_exact(addr, &mut buf) {
            return f::address(out, addr);
        }
        out.push('[');
        let mut first = true;
        for fd in 0..nfds as usize {
            if buf[fd / 8] & (1 << (fd % 8)) != 0 {
                if !first {
                    out.push(' ');
                }
                first = false;
                if paths {
                    self.fd(out, fd as i32);
                } else {
                    f::uint(out, fd as u64);
                }
            }
        }
        out.push(']');
    }

    /// Ancillary data: `[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS,
    /// cmsg_data=[3]}]`. Only the SOL_SOCKET messages are decoded; with any other the
    /// buffer is shown by address.
    fn cmsgs(&mut self, out: &mut String, addr: u64, len: u64) {
        let len = len.min(4096) as usize;
        let mut buf = vec![0u8; len];
        if !self.read_exact(addr, &mut buf) {
            return f::address(out, addr);
        }
        // Rendered in place, so recorded pids stand where they print; a message that
        // cannot be shown takes it all back for the bare address.
        let (start, mark) = (out.len(), self.rec.pid_mark());
        let give_up = |c: &mut Self, out: &mut String| {
            out.truncate(start);
            c.rec.drop_pids_from(mark);
            f::address(out, addr)
        };
        out.push('[');
        let mut off = 0usize;
        while off + 16 <= len {
            let clen = u64::from_le_bytes(buf[off..off + 8].try_into().unwrap()) as usize;
            let level = i32::from_le_bytes(buf[off + 8..off + 12].try_into().unwrap());
            let ty = i32::from_le_bytes(buf[off + 12..off + 16].try_into().unwrap());
            if clen < 16 || off + clen > len || level != 1 || !(1..=2).contains(&ty) {
                return give_up(self, out);
            }
            if off > 0 {
                out.push_str(", ");
            }
            let data = &buf[off + 16..off + clen];
            out.push_str("{cmsg_len=");
            f::uint(out, clen as u64);
            let style = self.opts.display.consts;
            out.push_str(", cmsg_level=");
            super::display::named(
                out,
                style,
                |o| o.push_str("0x1"),
                |o| o.push_str("SOL_SOCKET"),
            );
            out.push_str(", cmsg_type=");
            let scm = if ty == 1 {
                "SCM_RIGHTS"
            } else {
                "SCM_CREDENTIALS"
            };
            super::display::named(out, style, |o| f::hex(o, ty as u64), |o| o.push_str(scm));
            if ty == 1 {
                out.push_str(", cmsg_data=[");
                for (i, fd) in data.chunks_exact(4).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.fd(out, i32::from_le_bytes(fd.try_into().unwrap()));
                }
                out.push_str("]}");
            } else if data.len() >= 12 {
                let w = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().unwrap());
                out.push_str(", cmsg_data={pid=");
                self.pid(out, w(0) as i32);
                out.push_str(", uid=");
                f::uint(out, w(4) as u64);
                out.push_str(", gid=");
                f::uint(out, w(8) as u64);
                out.push_str("}}");
            } else {
                return give_up(self, out);
            }
            off += clen.div_ceil(8) * 8;
        }
        out.push(']');
    }

    fn msghdr_namelen(&mut self, out: &mut String, addr: u64) {
        let mut b = [0u8; 4];
        if addr == 0 || !self.read_exact(addr.wrapping_add(8), &mut b) {
            return f::address(out, addr);
        }
        out.push_str("{msg_namelen=");
        f::int(out, i32::from_le_bytes(b) as i64);
        out.push('}');
    }

    fn msghdr(
        &mut self,
        out: &mut String,
        addr: u64,
        data_limit: Option<u64>,
        namelen_before: Option<u64>,
    ) {
        let mut b = [0u8; 56];
        if !self.read_exact(addr, &mut b) {
            return f::address(out, addr);
        }
        self.msghdr_bytes(out, &b, data_limit, namelen_before)
    }

    fn msghdr_bytes(
        &mut self,
        out: &mut String,
        b: &[u8; 56],
        data_limit: Option<u64>,
        namelen_before: Option<u64>,
    ) {
        let q = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().unwrap());
        let (name, namelen) = (q(0), u32::from_le_bytes(b[8..12].try_into().unwrap()));
        let (iov, iovlen) = (q(16), q(24));
        let (control, controllen) = (q(32), q(40));
        let flags = u32::from_le_bytes(b[48..52].try_into().unwrap());
        out.push_str("{msg_name=");
        if name == 0 {
            out.push_str("NULL");
        } else {
            self.sockaddr(out, name, namelen as usize);
        }
        out.push_str(", msg_namelen=");
        if let Some(b) = namelen_before.filter(|b| *b != namelen as u64) {
            f::uint(out, b);
            out.push_str(" => ");
        }
        f::uint(out, namelen as u64);
        out.push_str(", msg_iov=");
        if iov == 0 {
            out.push_str("NULL");
        } else {
            // A message's buffers on a netlink socket (argument 0 of sendmsg, recvmsg and
            // their mmsg forms) hold netlink messages.
            let netlink = self.netlink_socket();
            self.iovec(out, iov, iovlen, data_limit, netlink);
        }
        out.push_str(", msg_iovlen=");
        f::uint(out, iovlen);
        if control != 0 && controllen != 0 {
            out.push_str(", msg_control=");
            self.cmsgs(out, control, controllen);
        }
        out.push_str(", msg_controllen=");
        f::uint(out, controllen);
        out.push_str(", msg_flags=");
        super::display::flags(
            out,
            flags as u64,
            &crate::generated::tables::FLAGS_MSG_FLAGS,
            self.opts.display.consts,
        );
        out.push('}');
    }
}

impl Call<'_> {
    /// The bytes a caller passed past the struct it knows (openat2's size > 24): strace
    /// adds them before the closing brace, when any is nonzero.
    fn struct_tail(&mut self, out: &mut String, addr: u64, from: u64, to: u64) {
        let limit = self.opts.string_limit as u64;
        let shown = (to - from).min(limit) as usize;
        let mut extra = vec![0u8; shown];
        if self.t.read_mem(addr.wrapping_add(from), &mut extra) != shown
            || extra.iter().all(|&b| b == 0)
        {
            return;
        }
        out.pop();
        out.push_str(&format!(", /* bytes {from}..{} */ ", to - 1));
        f::quoted_hex(out, &extra);
        if to - from > limit {
            out.push_str("...");
        }
        out.push('}');
    }

    /// `[{msg_hdr={...}, msg_len=5}, ...]`: as many entries as the call handled, with
    /// their `msg_len`, after a success; all `len` of them, without it, after a failure.
    fn mmsgvec(&mut self, out: &mut String, addr: u64, vlen: u64, dir: Dir) {
        let done = self.exiting && !self.failed();
        let count = if done {
            vlen.min(self.ret.max(0) as u64)
        } else {
            vlen
        };
        let limit = self.element_limit();
        let mut b = [0u8; 64];
        if !self.read_exact(addr, &mut b) {
            return f::address(out, addr);
        }
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            let a = addr.wrapping_add(64 * i);
            if i >= limit || !self.read_exact(a, &mut b) {
                out.push_str("...");
                break;
            }
            let msg_len = u32::from_le_bytes(b[56..60].try_into().unwrap()) as u64;
            let data_limit = if dir == Dir::Out && done {
                Some(msg_len)
            } else {
                None
            };
            out.push_str("{msg_hdr=");
            self.msghdr(out, a, data_limit, None);
            if done {
                out.push_str(", msg_len=");
                f::uint(out, msg_len);
            }
            out.push('}');
        }
        out.push(']');
    }
}

/// Words read ahead from a pointer array (argv, envp) or word list.
const WORD_WINDOW: usize = 32;

struct Words {
    base: u64,
    buf: [u64; WORD_WINDOW],
    /// Index of `buf[0]` in the array, and how many words `buf` holds.
    start: u64,
    len: u64,
}

impl Words {
    fn at(base: u64) -> Words {
        Words {
            base,
            buf: [0; WORD_WINDOW],
            start: 0,
            len: 0,
        }
    }
}

/// The most bytes of a trailing flexible array shown (strace's MAX_HANDLE_SZ).
const FLEX_MAX: usize = 128;

/// Reads as much of `buf` as is mapped, page by page, so a string that ends just before
/// an unmapped page is still read whole.
fn read_partial(t: &mut dyn Tracee, addr: u64, buf: &mut [u8]) -> usize {
    let n = t.read_mem(addr, buf);
    if n == buf.len() || n > 0 {
        return n;
    }
    let page_end = (addr | 0xfff).wrapping_add(1);
    let first = page_end.wrapping_sub(addr) as usize;
    if first >= buf.len() {
        return 0;
    }
    let got = t.read_mem(addr, &mut buf[..first]);
    if got < first {
        return got;
    }
    got + read_partial(t, page_end, &mut buf[first..])
}

#[cfg(test)]
mod registry {
    use crate::generated::tables::VOCABULARY;

    /// The runtime's facts about each type agree with codegen's registry; a type added
    /// to one and not the other, or described differently, fails here.
    #[test]
    fn runtime_facts_agree_with_the_registry() {
        let mut wrong = Vec::new();
        for f in VOCABULARY {
            let Some(ty) = f.sample else { continue };
            if ty.is_memory() != f.memory {
                wrong.push(format!(
                    "{}: is_memory {} != {}",
                    f.name,
                    ty.is_memory(),
                    f.memory
                ));
            }
            if let Some(size) = f.size {
                if ty.mem_size() != size as usize {
                    wrong.push(format!("{}: mem_size {} != {size}", f.name, ty.mem_size()));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let without_sample = VOCABULARY.iter().filter(|f| f.sample.is_none()).count();
        assert!(VOCABULARY.len() > 90 && without_sample == 1);
    }
}
