//! The vocabulary: one renderer per type of `syscalls.toml`, never one per syscall.
//!
//! Generated code describes each syscall as a list of `Call::arg` calls with a [`Ty`];
//! [`Call`] decides whether an argument is due now (entry or exit), reads the memory it
//! needs, and appends strace's rendering of it to the call's record.
use super::fmt as f;
use super::{CallRecord, DecodeOptions, Tracee};

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
    Flags(&'static FlagTable, u8),
    Enum(&'static EnumTable, u8),
    Path,
    Str,
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
    Inline(&'static Layout),
    Chars(u16),
    Pad,
    None,
    SigMask,
    PollResult,
    SelectResult,
    PageVec,
    IoctlRequest(&'static EnumTable),
    Updated(&'static Ty),
    IntOrBytes,
    Remaining(&'static Ty),
    Htons(&'static EnumTable),
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
            Ty::Chars(n) => *n as usize,
            Ty::Pad | Ty::None => 0,
            _ => 8,
        }
    }

    /// Whether the value is an address whose pointee is rendered.
    pub fn is_memory(&self) -> bool {
        matches!(
            self,
            Ty::Path
                | Ty::Str
                | Ty::Bytes
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
                | Ty::Updated(_)
                | Ty::IntOrBytes
                | Ty::Remaining(_)
        )
    }
}

/// A flag word: masked value fields first, then bits in printing order.
#[derive(Debug)]
pub struct FlagTable {
    pub name: &'static str,
    pub zero: Option<&'static str>,
    pub fields: &'static [FlagField],
    pub bits: &'static [(&'static str, u64)],
    pub octal_rest: bool,
    pub placeholder: Option<&'static str>,
}

#[derive(Debug)]
pub struct FlagField {
    pub mask: u64,
    pub values: &'static [(&'static str, u64)],
    pub ty: Option<&'static Ty>,
    /// An unnamed value stays with the leftover bits instead of printing apart.
    pub merge_unknown: bool,
    /// Printed after the bits as `N<<NAME` (`21<<MAP_HUGE_SHIFT`).
    pub shift: Option<&'static str>,
}

#[derive(Debug)]
pub struct EnumTable {
    pub name: &'static str,
    pub values: &'static [(&'static str, i64)],
    pub unknown_int: bool,
    pub placeholder: Option<&'static str>,
}

impl EnumTable {
    pub fn name_of(&self, v: i64) -> Option<&'static str> {
        self.values.iter().find(|(_, x)| *x == v).map(|(n, _)| *n)
    }
}

#[derive(Debug)]
pub struct Layout {
    pub name: &'static str,
    pub size: u32,
    pub fields: &'static [Field],
    pub array_form: bool,
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
                Ty::Msghdr => self.msghdr_namelen(&mut out, v),
                _ => f::address(&mut out, v),
            }
        } else {
            let len = self.resolve_len(len, dir);
            self.value(&mut out, v, ty, len, idx, dir);
        }
        *self.rec.last_arg_mut() = out;
    }

    /// Appends an argument rendered by a hook.
    pub fn push_arg(&mut self, s: &str) {
        self.rec.next_arg().push_str(s);
    }

    fn save_entry_value(&mut self, idx: u8, v: u64, ty: &Ty) {
        // recvmsg's msg_namelen goes in and comes back: `msg_namelen=110 => 0`.
        if let Ty::Msghdr = ty {
            let mut b = [0u8; 4];
            let ok = v != 0 && self.t.read_mem(v.wrapping_add(8), &mut b) == 4;
            self.rec.saved[idx as usize] = ok.then(|| u32::from_le_bytes(b) as u64);
            return;
        }
        if let Ty::PtrTo(inner) | Ty::Updated(inner) = ty {
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
        if (-4095..0).contains(&r) {
            f::error_return(&mut out, (-r) as i32);
        } else {
            match ty {
                Ty::Flags(t, _) => {
                    if r == 0 {
                        out.push('0');
                    } else {
                        f::hex(&mut out, r as u64);
                        out.push_str(" (flags ");
                        f::flags(&mut out, r as u64, t);
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
                Ty::PollResult => {
                    f::int(&mut out, r);
                    self.poll_result(&mut out, r);
                }
                Ty::SelectResult => {
                    f::int(&mut out, r);
                    self.select_result(&mut out, r);
                }
                Ty::Fd => self.fd(&mut out, r as i32),
                Ty::Octal(_) | Ty::Umask => f::octal(&mut out, r as u64),
                Ty::Hex(_) | Ty::Ptr => f::hex(&mut out, r as u64),
                Ty::UInt(_) => f::uint(&mut out, r as u64),
                _ => f::int(&mut out, r),
            }
        }
        *self.rec.ret_text_mut() = out;
    }

    pub fn set_ret_text(&mut self, s: &str) {
        let t = self.rec.ret_text_mut();
        t.clear();
        t.push_str(s);
    }

    fn fd(&mut self, out: &mut String, fd: i32) {
        f::int(out, fd as i64);
        if self.opts.fd_paths && fd >= 0 {
            if let Some(p) = self.t.fd_path(fd) {
                out.push('<');
                f::path_in_angle(out, &p);
                out.push('>');
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
        match ty {
            Ty::Int(n) => f::int(out, f::sign_extend(v, *n)),
            Ty::UInt(n) => f::uint(out, f::truncate(v, *n)),
            Ty::Hex(n) => f::hex(out, f::truncate(v, *n)),
            Ty::Octal(n) => f::octal(out, f::truncate(v, *n)),
            Ty::Ptr => f::address(out, v),
            Ty::Fd => self.fd(out, v as i32),
            Ty::Dirfd => {
                if v as i32 == -100 {
                    out.push_str("AT_FDCWD");
                    if self.opts.fd_paths {
                        if let Some(p) = self.t.fd_path(-100) {
                            out.push('<');
                            f::path_in_angle(out, &p);
                            out.push('>');
                        }
                    }
                } else {
                    self.fd(out, v as i32)
                }
            }
            Ty::Pid => f::int(out, v as i32 as i64),
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
            Ty::Umask => f::octal(out, v & 0o7777),
            Ty::Dev => f::dev(out, v),
            Ty::Rlim => f::rlim(out, v),
            Ty::Sighandler => f::sighandler(out, v),
            Ty::Wstatus => f::wstatus(out, v as u32),
            Ty::SigMask => f::sigset(out, v, 64),
            Ty::IoctlRequest(t) => match t.name_of(v as u32 as i64) {
                Some(n) => out.push_str(n),
                None => f::ioc(out, v as u32),
            },
            Ty::PollResult | Ty::SelectResult => f::int(out, v as i64),
            Ty::Htons(t) => {
                out.push_str("htons(");
                f::enumerated(out, (v as u16).swap_bytes() as u64, 2, t);
                out.push(')');
            }
            Ty::Flags(t, n) => f::flags(out, f::truncate(v, *n), t),
            Ty::Enum(t, n) => f::enumerated(out, f::truncate(v, *n), *n, t),
            Ty::None | Ty::Pad => {}
            Ty::Chars(_) | Ty::Inline(_) => f::hex(out, v),
            // Memory from here on: `v` is an address.
            _ if v == 0 => out.push_str("NULL"),
            Ty::Path => self.cstring(out, v, 4096, true),
            Ty::Str => self.cstring(out, v, limit, false),
            Ty::Bytes | Ty::HexBytes => match len {
                Some(n) => self.buffer(out, v, n, matches!(ty, Ty::HexBytes)),
                None => f::address(out, v),
            },
            // A struct with a length shorter than itself (a socket option's optlen) is not
            // decoded.
            Ty::Struct(l) if len.is_some_and(|n| n < l.size as u64) => f::address(out, v),
            Ty::Struct(l) => self.structure(out, v, l),
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
            // Shown as given, then as the call left it: `[0] => [4]`.
            Ty::Updated(inner) => {
                let size = inner.mem_size();
                let mut b = [0u8; 8];
                if self.t.read_mem(v, &mut b[..size]) != size {
                    return f::address(out, v);
                }
                let now = u64::from_le_bytes(b);
                let before = self.rec.saved[idx as usize]
                    .filter(|_| dir == Dir::Inout && self.exiting && !self.failed());
                if let Some(before) = before.filter(|b| *b != now) {
                    out.push('[');
                    self.value(out, before, inner, None, idx, Dir::In);
                    out.push_str("] => ");
                }
                out.push('[');
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
            Ty::EnvArray => {
                let n = self.count_pointers(v);
                f::address(out, v);
                match n {
                    Some(n) => {
                        out.push_str(&format!(" /* {n} var{} */", if n == 1 { "" } else { "s" }))
                    }
                    None => {}
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
                self.iovec(out, v, len.unwrap_or(0), data_limit)
            }
            Ty::Sigset => self.sigset(out, v, len.unwrap_or(8) as usize),
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
        }
    }

    /// A NUL-terminated string: quoted, cut after `limit` bytes with `...`.
    fn cstring(&mut self, out: &mut String, addr: u64, limit: usize, is_path: bool) {
        let mut buf = [0u8; 4097];
        let want = (limit + 1).min(buf.len());
        let got = read_partial(self.t, addr, &mut buf[..want]);
        if got == 0 {
            return f::address(out, addr);
        }
        match buf[..got].iter().position(|&b| b == 0) {
            Some(n) => f::quoted(out, &buf[..n]),
            None if got > limit => {
                f::quoted(out, &buf[..limit]);
                out.push_str("...");
            }
            // The string runs into unreadable memory before its end.
            None if is_path || got < want => {
                f::quoted(out, &buf[..got]);
                out.push_str("...");
            }
            None => f::quoted(out, &buf[..got]),
        }
    }

    /// A buffer of `len` bytes: quoted, the first `-s` bytes then `...`.
    fn buffer(&mut self, out: &mut String, addr: u64, len: u64, all_hex: bool) {
        let limit = self.opts.string_limit;
        let show = (len as usize).min(limit);
        let mut buf = vec![0u8; show];
        if self.t.read_mem(addr, &mut buf) != show {
            return f::address(out, addr);
        }
        if all_hex {
            f::quoted_hex(out, &buf);
        } else {
            f::quoted(out, &buf);
        }
        if (len as usize) > limit {
            out.push_str("...");
        }
    }

    fn read_exact(&mut self, addr: u64, buf: &mut [u8]) -> bool {
        self.t.read_mem(addr, buf) == buf.len()
    }

    fn structure(&mut self, out: &mut String, addr: u64, l: &Layout) {
        let mut buf = [0u8; 512];
        let size = l.size as usize;
        if size > buf.len() || !self.read_exact(addr, &mut buf[..size]) {
            return f::address(out, addr);
        }
        self.struct_bytes(out, &buf[..size], l);
    }

    /// Renders a struct from its bytes (also used for inline and array elements).
    pub fn struct_bytes(&mut self, out: &mut String, b: &[u8], l: &Layout) {
        out.push(if l.array_form { '[' } else { '{' });
        let mut first = true;
        let mut hidden = false;
        for fld in l.fields {
            if matches!(fld.ty, Ty::Pad) {
                continue;
            }
            if fld.hide {
                hidden = true;
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
            first = false;
            if !l.array_form {
                out.push_str(fld.name);
                out.push('=');
            }
            let start = fld.offset as usize;
            let bytes = &b[start..start + fld.size as usize];
            match &fld.ty {
                Ty::Inline(inner) => self.struct_bytes(out, bytes, inner),
                Ty::Chars(_) => {
                    let end = bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len());
                    f::quoted(out, &bytes[..end]);
                    if end == bytes.len() {
                        out.push_str("...");
                    }
                }
                ty => {
                    let v = f::le_value(bytes);
                    let len = fld.len.map(|i| {
                        let lf = &l.fields[i as usize];
                        let s = lf.offset as usize;
                        f::le_value(&b[s..s + lf.size as usize])
                    });
                    self.value(out, v, ty, len, 0, Dir::In);
                }
            }
        }
        if hidden {
            out.push_str(if first { "..." } else { ", ..." });
        }
        out.push(if l.array_form { ']' } else { '}' });
    }

    fn array(&mut self, out: &mut String, addr: u64, count: u64, elem: &Ty) {
        let size = match elem {
            Ty::Struct(l) => l.size as usize,
            t => t.mem_size(),
        };
        if size == 0 {
            return f::address(out, addr);
        }
        let limit = self.opts.string_limit as u64;
        let mut buf = [0u8; 512];
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            if i >= limit {
                out.push_str("...");
                break;
            }
            let a = addr.wrapping_add(i * size as u64);
            if size > buf.len() || !self.read_exact(a, &mut buf[..size]) {
                if i == 0 {
                    out.pop();
                    return f::address(out, addr);
                }
                out.push_str("...");
                f::address(out, a);
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

    fn read_pointer(&mut self, addr: u64) -> Option<u64> {
        let mut b = [0u8; 8];
        self.read_exact(addr, &mut b).then(|| u64::from_le_bytes(b))
    }

    fn count_pointers(&mut self, addr: u64) -> Option<usize> {
        let mut n = 0;
        loop {
            let p = self.read_pointer(addr.wrapping_add(8 * n as u64))?;
            if p == 0 {
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
        let Some(first) = self.read_pointer(addr) else {
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
            if i >= limit {
                out.push_str("...");
                break;
            }
            self.cstring(out, p, limit, false);
            i += 1;
            match self.read_pointer(addr.wrapping_add(8 * i as u64)) {
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
        f::sockaddr(out, &buf[..n]);
    }

    fn iovec(&mut self, out: &mut String, addr: u64, count: u64, mut data_limit: Option<u64>) {
        let limit = self.opts.string_limit as u64;
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            if i >= limit {
                out.push_str("...");
                break;
            }
            let mut b = [0u8; 16];
            if !self.read_exact(addr.wrapping_add(16 * i), &mut b) {
                if i == 0 {
                    out.pop();
                    return f::address(out, addr);
                }
                out.push_str("...");
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
            } else {
                self.buffer(out, base, shown, false);
            }
            out.push_str(", iov_len=");
            f::uint(out, len);
            out.push('}');
        }
        out.push(']');
    }

    fn sigset(&mut self, out: &mut String, addr: u64, len: usize) {
        let mut b = [0u8; 8];
        // strace decodes only the kernel's own sigset size; any other is shown as an address.
        if len != 8 || !self.read_exact(addr, &mut b) {
            return f::address(out, addr);
        }
        f::sigset(out, u64::from_le_bytes(b), 64);
    }

    /// `[3 4]`; with `paths`, each descriptor as -y shows it (`[3</tmp/f>]`), as strace
    /// does for the sets given but not for the ready sets it lists after the return.
    fn fdset(&mut self, out: &mut String, addr: u64, nfds: u64, paths: bool) {
        let nfds = nfds.min(1024 * 64);
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

    /// After poll's count: the descriptors that have events, or `(Timeout)`.
    fn poll_result(&mut self, out: &mut String, r: i64) {
        if r == 0 {
            out.push_str(" (Timeout)");
            return;
        }
        // strace builds this in a 1024-byte buffer: it stops with `...` after -s entries
        // or when the next one would come within 27 bytes of the buffer's end.
        const ROOM: usize = 1024 - 27;
        let [fds, nfds, ..] = self.rec.args;
        let limit = self.opts.string_limit;
        let mut s = String::new();
        let mut printed = 0;
        for i in 0..nfds.min(1 << 20) {
            let mut b = [0u8; 8];
            if !self.read_exact(fds.wrapping_add(8 * i), &mut b) {
                break;
            }
            let revents = u16::from_le_bytes([b[6], b[7]]);
            if revents == 0 {
                continue;
            }
            s.push_str(if s.is_empty() { "[" } else { ", " });
            if printed >= limit {
                s.push_str("...");
                break;
            }
            let head = format!(
                "{{fd={}, revents=",
                i32::from_le_bytes(b[..4].try_into().unwrap())
            );
            let mut names = String::new();
            f::flags(
                &mut names,
                revents as u64,
                &crate::generated::tables::FLAGS_POLLFLAGS,
            );
            if s.len() + head.len() + names.len() + 1 >= ROOM {
                s.push_str("...");
                break;
            }
            s.push_str(&head);
            s.push_str(&names);
            s.push('}');
            printed += 1;
        }
        if !s.is_empty() {
            out.push_str(" (");
            out.push_str(&s);
            out.push_str("])");
        }
    }

    /// After select's count: the ready sets and the time left, or `(Timeout)`.
    fn select_result(&mut self, out: &mut String, r: i64) {
        if r == 0 {
            out.push_str(" (Timeout)");
            return;
        }
        let [nfds, rd, wr, ex, tv, _] = self.rec.args;
        let mut parts = Vec::new();
        for (name, addr) in [("in", rd), ("out", wr), ("except", ex)] {
            if addr == 0 {
                continue;
            }
            let mut s = String::new();
            self.fdset(&mut s, addr, nfds as i32 as i64 as u64, false);
            if s.len() > 2 && s.starts_with('[') {
                parts.push(format!("{name} {s}"));
            }
        }
        if tv != 0 {
            let mut b = [0u8; 16];
            if self.read_exact(tv, &mut b) {
                let sec = i64::from_le_bytes(b[..8].try_into().unwrap());
                let usec = u64::from_le_bytes(b[8..].try_into().unwrap());
                parts.push(format!("left {{tv_sec={sec}, tv_usec={usec}}}"));
            }
        }
        if !parts.is_empty() {
            out.push_str(" (");
            out.push_str(&parts.join(", "));
            out.push(')');
        }
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
        let mut s = String::from("[");
        let mut off = 0usize;
        while off + 16 <= len {
            let clen = u64::from_le_bytes(buf[off..off + 8].try_into().unwrap()) as usize;
            let level = i32::from_le_bytes(buf[off + 8..off + 12].try_into().unwrap());
            let ty = i32::from_le_bytes(buf[off + 12..off + 16].try_into().unwrap());
            if clen < 16 || off + clen > len || level != 1 || !(1..=2).contains(&ty) {
                return f::address(out, addr);
            }
            if off > 0 {
                s.push_str(", ");
            }
            let data = &buf[off + 16..off + clen];
            s.push_str(&format!(
                "{{cmsg_len={clen}, cmsg_level=SOL_SOCKET, cmsg_type="
            ));
            if ty == 1 {
                s.push_str("SCM_RIGHTS, cmsg_data=[");
                for (i, fd) in data.chunks_exact(4).enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.fd(&mut s, i32::from_le_bytes(fd.try_into().unwrap()));
                }
                s.push_str("]}");
            } else if data.len() >= 12 {
                let w = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().unwrap());
                s.push_str(&format!(
                    "SCM_CREDENTIALS, cmsg_data={{pid={}, uid={}, gid={}}}}}",
                    w(0) as i32,
                    w(4),
                    w(8)
                ));
            } else {
                return f::address(out, addr);
            }
            off += clen.div_ceil(8) * 8;
        }
        s.push(']');
        out.push_str(&s);
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
            self.iovec(out, iov, iovlen, data_limit);
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
        f::flags(
            out,
            flags as u64,
            &crate::generated::tables::FLAGS_MSG_FLAGS,
        );
        out.push('}');
    }
}

/// Reads as much of `buf` as is mapped, page by page, so a string that ends just before
/// an unmapped page is still read whole.
fn read_partial(t: &mut dyn Tracee, addr: u64, buf: &mut [u8]) -> usize {
    let n = t.read_mem(addr, buf);
    if n == buf.len() || n > 0 {
        return n;
    }
    let page_end = (addr | 0xfff).wrapping_add(1);
    let first = (page_end - addr) as usize;
    if first >= buf.len() {
        return 0;
    }
    let got = t.read_mem(addr, &mut buf[..first]);
    if got < first {
        return got;
    }
    got + read_partial(t, page_end, &mut buf[first..])
}
