//! strace's spelling of values: numbers, quoted strings, flags, signals, modes, socket
//! addresses and errors. Pure functions over values already read from the tracee.
use super::vocab::{EnumTable, FlagTable};
use crate::generated::tables as gen;
use std::fmt::Write;

pub fn sign_extend(v: u64, width: u8) -> i64 {
    match width {
        1 => v as i8 as i64,
        2 => v as i16 as i64,
        4 => v as i32 as i64,
        _ => v as i64,
    }
}

pub fn truncate(v: u64, width: u8) -> u64 {
    match width {
        1 => v & 0xff,
        2 => v & 0xffff,
        4 => v & 0xffff_ffff,
        _ => v,
    }
}

/// A little-endian value of 1 to 8 bytes.
pub fn le_value(b: &[u8]) -> u64 {
    let mut x = [0u8; 8];
    let n = b.len().min(8);
    x[..n].copy_from_slice(&b[..n]);
    u64::from_le_bytes(x)
}

pub fn int(out: &mut String, v: i64) {
    let _ = write!(out, "{v}");
}

pub fn uint(out: &mut String, v: u64) {
    let _ = write!(out, "{v}");
}

pub fn hex(out: &mut String, v: u64) {
    if v == 0 {
        out.push('0');
    } else {
        let _ = write!(out, "{v:#x}");
    }
}

/// C's `%#03o`, as strace prints modes and umasks: `0644`, `022`, `004`, `000`.
pub fn octal(out: &mut String, v: u64) {
    let digits = if v == 0 {
        "0".to_string()
    } else {
        format!("0{v:o}")
    };
    for _ in digits.len()..3 {
        out.push('0');
    }
    out.push_str(&digits);
}

pub fn address(out: &mut String, v: u64) {
    if v == 0 {
        out.push_str("NULL");
    } else {
        let _ = write!(out, "{v:#x}");
    }
}

/// C-quoted bytes as strace prints them: `\n`, `\t`, `\"`, `\\`, octal for the rest.
pub fn quoted(out: &mut String, b: &[u8]) {
    out.push('"');
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            0x20..=0x7e => out.push(c as char),
            _ => {
                out.push('\\');
                let next_is_octal = matches!(b.get(i + 1), Some(b'0'..=b'7'));
                if next_is_octal {
                    out.push((b'0' + (c >> 6)) as char);
                    out.push((b'0' + ((c >> 3) & 7)) as char);
                } else if c >> 3 != 0 {
                    if c >> 6 != 0 {
                        out.push((b'0' + (c >> 6)) as char);
                    }
                    out.push((b'0' + ((c >> 3) & 7)) as char);
                }
                out.push((b'0' + (c & 7)) as char);
            }
        }
    }
    out.push('"');
}

/// Every byte as `\x..`, as strace prints random bytes.
pub fn quoted_hex(out: &mut String, b: &[u8]) {
    out.push('"');
    for c in b {
        let _ = write!(out, "\\x{c:02x}");
    }
    out.push('"');
}

/// A path inside `<...>` for -y: strace escapes non-printables and `>` there.
pub fn path_in_angle(out: &mut String, p: &str) {
    for c in p.bytes() {
        if (0x20..=0x7e).contains(&c) && c != b'<' && c != b'>' && c != b'\\' {
            out.push(c as char);
        } else {
            let _ = write!(out, "\\x{c:02x}");
        }
    }
}

/// `SIGINT`, `SIGRTMIN`, `SIGRT_3`, or the number.
pub fn signal(out: &mut String, sig: i32) {
    if let Some(n) = gen::ENUM_SIGNALS.name_of(sig as i64) {
        out.push_str(n);
    } else if sig == 32 {
        out.push_str("SIGRTMIN");
    } else if (33..=64).contains(&sig) {
        let _ = write!(out, "SIGRT_{}", sig - 32);
    } else {
        int(out, sig as i64);
    }
}

/// Signal name without its `SIG` prefix, as in signal sets.
fn signal_short(out: &mut String, sig: i32) {
    let mut s = String::new();
    signal(&mut s, sig);
    out.push_str(s.strip_prefix("SIG").unwrap_or(&s));
}

/// `[INT TERM]`, or `~[RTMIN RT_1]` when more than half the bits are set.
pub fn sigset(out: &mut String, mask: u64, nbits: usize) {
    let nbits = nbits.min(64);
    let all = if nbits == 64 {
        u64::MAX
    } else {
        (1u64 << nbits) - 1
    };
    let mask = mask & all;
    let (m, inverted) = if (mask.count_ones() as usize) * 2 > nbits {
        (!mask & all, true)
    } else {
        (mask, false)
    };
    if inverted {
        out.push('~');
    }
    out.push('[');
    let mut first = true;
    for bit in 0..nbits {
        if m & (1 << bit) != 0 {
            if !first {
                out.push(' ');
            }
            first = false;
            signal_short(out, bit as i32 + 1);
        }
    }
    out.push(']');
}

/// `S_IFREG|0644` when the file type bits are set, else `0644`.
pub fn mode(out: &mut String, m: u32) {
    let fmt = m & 0o170000;
    if fmt != 0 {
        match gen::ENUM_FILE_TYPES.name_of(fmt as i64) {
            Some(n) => out.push_str(n),
            None => {
                let _ = write!(out, "{fmt:#o}");
            }
        }
        out.push('|');
        for (bit, name) in [
            (0o4000, "S_ISUID"),
            (0o2000, "S_ISGID"),
            (0o1000, "S_ISVTX"),
        ] {
            if m & bit != 0 {
                out.push_str(name);
                out.push('|');
            }
        }
        octal(out, (m & 0o777) as u64);
    } else {
        octal(out, m as u64);
    }
}

/// `makedev(0x8, 0x1)`, with glibc's split of the 64-bit device number.
pub fn dev(out: &mut String, d: u64) {
    let major = ((d >> 32) & 0xffff_f000) | ((d >> 8) & 0xfff);
    let minor = ((d >> 12) & 0xffff_ff00) | (d & 0xff);
    out.push_str("makedev(");
    hex(out, major);
    out.push_str(", ");
    hex(out, minor);
    out.push(')');
}

pub fn rlim(out: &mut String, v: u64) {
    if v == u64::MAX {
        out.push_str("RLIM64_INFINITY");
    } else if v > 1024 && v % 1024 == 0 {
        let _ = write!(out, "{}*1024", v / 1024);
    } else {
        uint(out, v);
    }
}

pub fn sighandler(out: &mut String, v: u64) {
    match v {
        0 => out.push_str("SIG_DFL"),
        1 => out.push_str("SIG_IGN"),
        _ if v == u64::MAX => out.push_str("SIG_ERR"),
        _ => hex(out, v),
    }
}

/// A wait status as strace's macros: `{WIFEXITED(s) && WEXITSTATUS(s) == 0}`.
pub fn wstatus(out: &mut String, s: u32) {
    let low = s & 0x7f;
    out.push('{');
    if low == 0 {
        let _ = write!(out, "WIFEXITED(s) && WEXITSTATUS(s) == {}", (s >> 8) & 0xff);
    } else if s & 0xff == 0x7f {
        out.push_str("WIFSTOPPED(s) && WSTOPSIG(s) == ");
        signal(out, ((s >> 8) & 0xff) as i32);
    } else if s == 0xffff {
        out.push_str("WIFCONTINUED(s)");
    } else {
        out.push_str("WIFSIGNALED(s) && WTERMSIG(s) == ");
        signal(out, low as i32);
        if s & 0x80 != 0 {
            out.push_str(" && WCOREDUMP(s)");
        }
    }
    out.push('}');
    let event = s >> 16;
    if event != 0 && s & 0xff == 0x7f {
        let _ = write!(out, " | {:#x}", event << 16);
    }
}

/// Flag words: masked fields, then bits in table order, then leftover bits in hex.
pub fn flags(out: &mut String, v: u64, t: &FlagTable) {
    let start = out.len();
    let mut rest = v;
    let mut known = false;
    // System V IPC flags (`IPC_CREAT|0600`, `IPC_EXCL|000`): the permission bits always
    // close the value, in octal, after the flags and any unknown bits.
    let perms = t.octal_rest.then(|| {
        let p = rest & 0o777;
        rest &= !0o777;
        p
    });
    let mut shifted = None;
    for fld in t.fields {
        let x = rest & fld.mask;
        if let Some(name) = fld.shift {
            rest &= !fld.mask;
            shifted = Some((x >> fld.mask.trailing_zeros(), name)).filter(|(n, _)| *n != 0);
            continue;
        }
        if fld.ty.is_none() && x == 0 && !fld.values.iter().any(|(_, v)| *v == 0) {
            continue;
        }
        if fld.merge_unknown && !fld.values.iter().any(|(_, v)| *v == x) {
            continue;
        }
        if out.len() > start {
            out.push('|');
        }
        match fld.ty {
            Some(super::vocab::Ty::Signo) if x == 0 => {
                out.pop_if_bar(start);
                continue;
            }
            Some(super::vocab::Ty::Signo) => {
                known = true;
                signal(out, x as i32)
            }
            Some(_) => hex(out, x),
            None => match fld.values.iter().find(|(_, fv)| *fv == x) {
                Some((n, _)) => {
                    known = true;
                    out.push_str(n)
                }
                None => {
                    hex(out, x);
                    if let Some(p) = t.placeholder {
                        let _ = write!(out, " /* {p} */");
                    }
                }
            },
        }
        rest &= !fld.mask;
    }
    for (name, bits) in t.bits {
        if rest & bits == *bits {
            if out.len() > start {
                out.push('|');
            }
            out.push_str(name);
            rest &= !bits;
            known = true;
        }
    }
    if rest != 0 {
        if out.len() > start {
            out.push('|');
        }
        hex(out, rest);
        if !known {
            if let Some(p) = t.placeholder {
                let _ = write!(out, " /* {p} */");
            }
        }
    }
    if let Some((n, name)) = shifted {
        if out.len() > start {
            out.push('|');
        }
        let _ = write!(out, "{n}<<{name}");
    }
    if let Some(p) = perms {
        if out.len() > start {
            out.push('|');
        }
        octal(out, p);
    }
    if out.len() == start {
        match t.zero {
            Some(z) => out.push_str(z),
            None => out.push('0'),
        }
    }
}

trait PopBar {
    fn pop_if_bar(&mut self, start: usize);
}

impl PopBar for String {
    fn pop_if_bar(&mut self, start: usize) {
        if self.len() > start && self.ends_with('|') {
            self.pop();
        }
    }
}

/// An ioctl request no table names, split as the kernel's `_IOC()` macro builds it.
pub fn ioc(out: &mut String, v: u32) {
    let dir = match v >> 30 {
        0 => "_IOC_NONE",
        1 => "_IOC_WRITE",
        2 => "_IOC_READ",
        _ => "_IOC_READ|_IOC_WRITE",
    };
    out.push_str("_IOC(");
    out.push_str(dir);
    for x in [(v >> 8) & 0xff, v & 0xff, (v >> 16) & 0x3fff] {
        out.push_str(", ");
        hex(out, x as u64);
    }
    out.push(')');
}

/// One enum value: its name, or the number with strace's `/* X_??? */` placeholder.
pub fn enumerated(out: &mut String, v: u64, width: u8, t: &EnumTable) {
    let signed = sign_extend(v, width);
    if let Some(n) = t.name_of(signed).or_else(|| t.name_of(v as i64)) {
        out.push_str(n);
        return;
    }
    if t.unknown_int {
        int(out, signed);
    } else {
        hex(out, v);
    }
    if let Some(p) = t.placeholder {
        let _ = write!(out, " /* {p} */");
    }
}

/// `-1 ENOENT (No such file or directory)`, or `? ERESTARTSYS (...)` for restart codes.
pub fn error_return(out: &mut String, e: i32) {
    let restart = (512..=516).contains(&e);
    out.push_str(if restart { "? " } else { "-1 " });
    match errno_entry(e) {
        Some((name, msg)) => {
            let _ = write!(out, "{name} ({msg})");
        }
        None => {
            let _ = write!(out, "ERRNO_{e} (Unknown error {e})");
        }
    }
}

pub fn errno_entry(e: i32) -> Option<(&'static str, &'static str)> {
    gen::ERRNO
        .binary_search_by_key(&e, |x| x.0)
        .ok()
        .map(|i| (gen::ERRNO[i].1, gen::ERRNO[i].2))
}

/// A socket address by family, as strace prints it.
pub fn sockaddr(out: &mut String, b: &[u8]) {
    if b.len() < 2 {
        out.push_str("{sa_family=???}");
        return;
    }
    let family = u16::from_le_bytes([b[0], b[1]]);
    out.push_str("{sa_family=");
    enumerated(out, family as u64, 2, &gen::ENUM_ADDRESS_FAMILIES);
    let be16 = |o: usize| u16::from_be_bytes([b[o], b[o + 1]]);
    match family {
        1 => {
            // AF_UNIX: a path, an abstract name (leading NUL, shown with `@`), or nothing.
            let path = &b[2..];
            if !path.is_empty() {
                out.push_str(", sun_path=");
                if path[0] == 0 && path.len() > 1 {
                    out.push('@');
                    quoted(out, &path[1..]);
                } else {
                    let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
                    quoted(out, &path[..end]);
                }
            }
        }
        2 if b.len() >= 8 => {
            let _ = write!(
                out,
                ", sin_port=htons({}), sin_addr=inet_addr(\"{}.{}.{}.{}\")",
                be16(2),
                b[4],
                b[5],
                b[6],
                b[7]
            );
        }
        10 if b.len() >= 24 => {
            let flow = u32::from_be_bytes(b[4..8].try_into().unwrap());
            let addr: [u8; 16] = b[8..24].try_into().unwrap();
            let _ = write!(
                out,
                ", sin6_port=htons({}), sin6_flowinfo=htonl({}), inet_pton(AF_INET6, \"{}\", &sin6_addr)",
                be16(2),
                flow,
                std::net::Ipv6Addr::from(addr)
            );
            if b.len() >= 28 {
                let scope = u32::from_le_bytes(b[24..28].try_into().unwrap());
                let _ = write!(out, ", sin6_scope_id={scope}");
            }
        }
        16 if b.len() >= 12 => {
            let pid = u32::from_le_bytes(b[4..8].try_into().unwrap());
            let groups = u32::from_le_bytes(b[8..12].try_into().unwrap());
            let _ = write!(out, ", nl_pid={pid}, nl_groups={groups:08x}");
        }
        _ => {
            if b.len() > 2 {
                out.push_str(", sa_data=");
                quoted(out, &b[2..]);
            }
        }
    }
    out.push('}');
}
