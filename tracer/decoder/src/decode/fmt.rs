//! strace's spelling of values: numbers, quoted strings, flags, signals, modes, socket
//! addresses and errors. Pure functions over values already read from the tracee.
use super::display::ConstStyle;
use super::vocab::{EnumTable, FlagTable};
use super::{FdPath, Tracee};
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
    escaped(out, b, b"");
    out.push('"');
}

/// strace's string escaping without the surrounding quotes: `"` and `\` behind a
/// backslash, `\f \n \r \t \v` by name, printable ASCII (0x20..0x7e) as is unless listed
/// in `also`, every other byte (UTF-8 included: strace does not decode it) in octal with
/// as few digits as needed, or all three when the next byte is an octal digit (`\0017`).
pub fn escaped(out: &mut String, b: &[u8], also: &[u8]) {
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            0x20..=0x7e if !also.contains(&c) => out.push(c as char),
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
}

/// Every byte as `\x..`, as strace prints random bytes.
pub fn quoted_hex(out: &mut String, b: &[u8]) {
    out.push('"');
    for c in b {
        let _ = write!(out, "\\x{c:02x}");
    }
    out.push('"');
}

/// What `-y` appends to a descriptor: `</etc/hosts>`, `<socket:[1234]>`,
/// `</tmp/x>(deleted)`. The path is escaped as strace escapes it there: its string
/// escaping with `<` and `>` in octal too (`\74`, `\76`), without quotes.
pub fn fd_path(out: &mut String, p: &FdPath) {
    out.push('<');
    escaped(out, &p.path, b"<>");
    out.push('>');
    if p.deleted {
        out.push_str("(deleted)");
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
    let start = out.len();
    signal(out, sig);
    if out[start..].starts_with("SIG") {
        out.replace_range(start..start + 3, "");
    }
}

/// `[INT TERM]`, or `~[RTMIN RT_1]` when more than half the bits are set.
pub fn sigset(out: &mut String, mask: u64, nbits: usize) {
    sigset_with(out, mask, nbits, signal_short);
}

/// A signal set in strace's form, each member written by `member` (given its number).
pub fn sigset_with(
    out: &mut String,
    mask: u64,
    nbits: usize,
    mut member: impl FnMut(&mut String, i32),
) {
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
            member(out, bit as i32 + 1);
        }
    }
    out.push(']');
}

/// strace's symbolic mode: the file type when its bits are set, the set-id and sticky
/// bits by name, then the permissions: `S_IFREG|S_ISUID|0755`, `S_ISVTX|0777`, `000`.
pub fn mode(out: &mut String, m: u32) {
    // The kernel's umode_t is 16 bits, and strace cuts the value to it.
    let m = m & 0xffff;
    let fmt = m & 0o170000;
    if fmt != 0 {
        match gen::ENUM_FILE_TYPES.name_of(fmt as i64) {
            Some(n) => out.push_str(n),
            // strace spells an unknown file type as one octal number.
            None => return octal(out, m as u64),
        }
        out.push('|');
    }
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
}

/// A clock_t as strace prints it: the ticks, and for a nonzero count the seconds at
/// USER_HZ = 100 (`31 /* 0.31 s */`).
pub fn ticks(out: &mut String, t: i64) {
    int(out, t);
    if t != 0 {
        let _ = write!(out, " /* {}.{:02} s */", t / 100, (t % 100).abs());
    }
}

/// strace's ISO 8601 date in local time, with `frac` (nanoseconds, or microseconds when
/// `usec`) after the seconds; false when the time does not convert. The offset from UTC
/// in force at that instant comes from the world (`Tracee::utc_offset`): the conversion
/// itself is arithmetic, not the C library's, so decoding stays pure.
pub fn date(out: &mut String, sec: i64, frac: Option<(u64, bool)>, w: &mut dyn Tracee) -> bool {
    let Some(off) = w.utc_offset(sec) else {
        return false;
    };
    let Some(local) = sec.checked_add(off) else {
        return false;
    };
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    // glibc's localtime_r fails when the year does not fit its int.
    if year + 1900 > i64::from(i32::MAX) || year < i64::from(i32::MIN) + 1900 {
        return false;
    }
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        year,
        month,
        day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    match frac {
        Some((f, true)) => {
            let _ = write!(out, ".{f:06}");
        }
        Some((f, false)) => {
            let _ = write!(out, ".{f:09}");
        }
        None => {}
    }
    let _ = write!(
        out,
        "{}{:02}{:02}",
        if off < 0 { '-' } else { '+' },
        off.abs() / 3600,
        off.abs() / 60 % 60
    );
    true
}

/// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01
/// (Howard Hinnant's `civil_from_days`), valid over the whole range of i64 seconds.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A time_t: `1700000000 /* 2023-11-14T22:13:20+0000 */`.
pub fn time_comment(out: &mut String, sec: i64, w: &mut dyn Tracee) {
    int(out, sec);
    let mut d = String::new();
    if date(&mut d, sec, None, w) {
        let _ = write!(out, " /* {d} */");
    }
}

/// A time_t and its nanoseconds, as strace shows struct stat's times: `1 /* 1970-01-01T00:00:01.000000002+0000 */`
/// (no fraction when it is zero; no date for nanoseconds past a second, nor for zero).
pub fn time_ns_comment(out: &mut String, sec: i64, nsec: u64, w: &mut dyn Tracee) {
    int(out, sec);
    if nsec >= 1_000_000_000 || (sec == 0 && nsec == 0) {
        return;
    }
    let mut d = String::new();
    if date(&mut d, sec, (nsec != 0).then_some((nsec, false)), w) {
        let _ = write!(out, " /* {d} */");
    }
}

/// A 16-byte timeval (or timespec when `utime`, with utimensat's UTIME_NOW/UTIME_OMIT)
/// and its date when the value is a valid, nonzero time.
pub fn timeval_date(out: &mut String, b: &[u8], utime: bool, w: &mut dyn Tracee) {
    let sec = le_value(&b[..8]) as i64;
    let frac = le_value(&b[8..16]);
    if utime {
        match frac {
            0x3fff_ffff => return out.push_str("UTIME_NOW"),
            0x3fff_fffe => return out.push_str("UTIME_OMIT"),
            _ => {}
        }
    }
    let (name, max) = if utime {
        ("tv_nsec", 1_000_000_000)
    } else {
        ("tv_usec", 1_000_000)
    };
    let _ = write!(out, "{{tv_sec={sec}, {name}=");
    if utime {
        uint(out, frac);
    } else {
        int(out, frac as i64);
    }
    out.push('}');
    if (sec != 0 || frac != 0) && frac < max {
        let mut d = String::new();
        if date(&mut d, sec, Some((frac, !utime)), w) {
            let _ = write!(out, " /* {d} */");
        }
    }
}

/// FUTEX_WAKE_OP's operation word, field by field as strace spells it.
pub fn futex_wake_op(out: &mut String, v: u32) {
    if (v >> 28) & 8 != 0 {
        out.push_str("FUTEX_OP_OPARG_SHIFT<<28|");
    }
    let op = (v >> 28) & 7;
    match [
        "FUTEX_OP_SET",
        "FUTEX_OP_ADD",
        "FUTEX_OP_OR",
        "FUTEX_OP_ANDN",
        "FUTEX_OP_XOR",
    ]
    .get(op as usize)
    {
        Some(n) => out.push_str(n),
        None => {
            let _ = write!(out, "{op:#x}");
        }
    }
    out.push_str("<<28");
    if op > 4 {
        out.push_str(" /* FUTEX_OP_??? */");
    }
    out.push('|');
    hex(out, ((v >> 12) & 0xfff) as u64);
    out.push_str("<<12|");
    let cmp = (v >> 24) & 0xf;
    match [
        "FUTEX_OP_CMP_EQ",
        "FUTEX_OP_CMP_NE",
        "FUTEX_OP_CMP_LT",
        "FUTEX_OP_CMP_LE",
        "FUTEX_OP_CMP_GT",
        "FUTEX_OP_CMP_GE",
    ]
    .get(cmp as usize)
    {
        Some(n) => out.push_str(n),
        None => {
            let _ = write!(out, "{cmp:#x}");
        }
    }
    out.push_str("<<24");
    if cmp > 5 {
        out.push_str(" /* FUTEX_OP_CMP_??? */");
    }
    out.push('|');
    hex(out, (v & 0xfff) as u64);
}

/// `-ENOENT` for a negated errno, else the number.
pub fn errnum(out: &mut String, v: i32) {
    match (v < 0).then(|| errno_entry(-v)).flatten() {
        Some((name, _)) => {
            out.push('-');
            out.push_str(name);
        }
        None => int(out, v as i64),
    }
}

/// C's `%#0*lx`: zero-padded to `width` characters, the `0x` included (none for 0).
pub fn hex_padded(out: &mut String, v: u64, width: usize) {
    if v == 0 {
        let _ = write!(out, "{:0width$}", 0);
    } else {
        let _ = write!(out, "{v:#0width$x}");
    }
}

/// `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`.
pub fn ioprio(out: &mut String, v: u32) {
    ioprio_with(out, v, false)
}

/// [`ioprio`]; `verbose_class`: the class as -X verbose spells a constant
/// (`0x2 /* IOPRIO_CLASS_BE */`), as strace 7.2 does under it.
pub fn ioprio_with(out: &mut String, v: u32, verbose_class: bool) {
    let class = v >> 13;
    out.push_str("IOPRIO_PRIO_VALUE(");
    if verbose_class && class < 4 {
        hex(out, class as u64);
        out.push_str(" /* ");
    }
    match [
        "IOPRIO_CLASS_NONE",
        "IOPRIO_CLASS_RT",
        "IOPRIO_CLASS_BE",
        "IOPRIO_CLASS_IDLE",
    ]
    .get(class as usize)
    {
        Some(n) => {
            out.push_str(n);
            if verbose_class {
                out.push_str(" */");
            }
        }
        None => {
            let _ = write!(out, "{class:#x} /* IOPRIO_CLASS_??? */");
        }
    }
    let _ = write!(out, ", {})", v & 0x1fff);
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
    } else if v > 1024 && v.is_multiple_of(1024) {
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
    // A ptrace event stop: `{WIFSTOPPED(s) && ...}|PTRACE_EVENT_EXIT<<16`.
    if event != 0 && s & 0xff == 0x7f {
        out.push('|');
        enumerated(out, event as u64, 4, &gen::ENUM_PTRACE_EVENTS);
        out.push_str("<<16");
    }
}

/// Flag words: masked value fields, then bits in table order, then leftover bits in hex,
/// then typed fields (a signal, a priority, permission bits) and a shifted size
/// (`21<<MFD_HUGE_SHIFT`), which strace prints last.
pub fn flags(out: &mut String, v: u64, t: &FlagTable) {
    if t.as_fields {
        return bit_fields(out, v, t);
    }
    let start = out.len();
    let typed_mask = t
        .fields
        .iter()
        .filter(|f| f.ty.is_some())
        .fold(0, |m, f| m | f.mask)
        | t.shift.map_or(0, |(m, _)| m);
    let mut rest = v & !typed_mask;
    let mut known = false;
    // Whether a bit (not a field value) was named: with a bits placeholder, the fields
    // do not count (strace prints them on their own first).
    let mut bits_known = false;
    for fld in t.fields.iter().filter(|f| f.ty.is_none()) {
        let x = rest & fld.mask;
        if x == 0 && !fld.values.iter().any(|(_, v)| *v == 0) {
            continue;
        }
        // A socket type strace does not name joins the leftover bits: `0x4d /* SOCK_??? */`.
        if fld.merge_unknown && !fld.values.iter().any(|(_, v)| *v == x) {
            continue;
        }
        if out.len() > start {
            out.push('|');
        }
        match fld.values.iter().find(|(_, fv)| *fv == x) {
            Some((n, _)) => {
                known = true;
                out.push_str(n)
            }
            // strace marks an unknown field value right after it: `0xf /* MAP_??? */|MAP_FIXED`.
            None => {
                hex(out, x);
                if let Some(p) = t.placeholder {
                    known = true;
                    let _ = write!(out, " /* {p} */");
                }
            }
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
            bits_known = true;
        }
    }
    if rest != 0 {
        if out.len() > start {
            out.push('|');
        }
        hex(out, rest);
        let comment = match t.bits_placeholder {
            Some(p) if !bits_known => Some(p),
            Some(_) => None,
            None if !known => t.placeholder,
            None => None,
        };
        if let Some(p) = comment {
            let _ = write!(out, " /* {p} */");
        }
    }
    // A size in high bits comes after the bits and before typed fields:
    // `SHM_HUGETLB|21<<SHM_HUGE_SHIFT|0600`.
    if let Some((mask, name)) = t.shift {
        let size = v & mask;
        if size != 0 {
            if out.len() > start {
                out.push('|');
            }
            let _ = write!(out, "{}<<{name}", size >> mask.trailing_zeros());
            known = true;
        }
    }
    for fld in t.fields.iter().filter(|f| f.ty.is_some()) {
        let x = v & fld.mask;
        let ty = fld.ty.expect("filtered");
        if matches!(ty, super::vocab::Ty::Signo) && x == 0 {
            continue;
        }
        // A zero number is still printed after other flags (`SWAP_FLAG_PREFER|0`), and
        // permission bits always are (`IPC_CREAT|000`).
        if x == 0 && out.len() == start && !matches!(ty, super::vocab::Ty::Octal(_)) {
            continue;
        }
        // strace joins permission bits with `|` only after a known flag: unknown bits
        // alone run into them (`0x40000000` for 0x40000|000).
        let perms = matches!(ty, super::vocab::Ty::Octal(_));
        if out.len() > start && (known || !perms) {
            out.push('|');
        }
        match ty {
            super::vocab::Ty::Signo => signal(out, x as i32),
            super::vocab::Ty::Octal(_) => octal(out, x),
            super::vocab::Ty::Int(_) | super::vocab::Ty::UInt(_) => uint(out, x),
            _ => hex(out, x),
        }
    }
    if out.len() == start {
        match t.zero {
            Some(z) => out.push_str(z),
            None => out.push('0'),
        }
    }
}

/// A scheduling policy: strace 7.2 names bit 30 first (`SCHED_RESET_ON_FORK|SCHED_BATCH`,
/// `SCHED_RESET_ON_FORK|0x10`) unless bit 31 is set too; a value it cannot split is one
/// number with the table's placeholder (`0xc0000003 /* SCHED_??? */`).
pub fn sched_policy(out: &mut String, v: u32, t: &EnumTable) {
    const RESET_ON_FORK: u32 = 0x4000_0000;
    if v & RESET_ON_FORK != 0 && v & 0x8000_0000 == 0 {
        out.push_str("SCHED_RESET_ON_FORK|");
        let rest = v & !RESET_ON_FORK;
        match t.name_of(rest as i64) {
            Some(n) => out.push_str(n),
            None => hex(out, rest as u64),
        }
        return;
    }
    enumerated(out, v as u64, 4, t);
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
    } else if t.unknown_uint {
        uint(out, v);
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

/// One-bit struct fields, the set ones: `{is_icsk=1, mc_loop=1}`; other set bits after
/// them as `0x...`.
fn bit_fields(out: &mut String, v: u64, t: &FlagTable) {
    out.push('{');
    let mut rest = v;
    let mut first = true;
    for (name, bit) in t.bits {
        if v & bit != 0 {
            if !first {
                out.push_str(", ");
            }
            let _ = write!(out, "{name}=1");
            rest &= !bit;
            first = false;
        }
    }
    if rest != 0 {
        if !first {
            out.push_str(", ");
        }
        hex(out, rest);
    }
    out.push('}');
}

/// A port held in network byte order: `htons(53)`.
pub fn port(out: &mut String, raw: u16) {
    let _ = write!(out, "htons({})", raw.swap_bytes());
}

/// An IPv4 address held in network byte order: `inet_addr("127.0.0.1")`.
pub fn in_addr(out: &mut String, b: [u8; 4]) {
    let _ = write!(out, "inet_addr(\"{}.{}.{}.{}\")", b[0], b[1], b[2], b[3]);
}

/// An IPv6 address inside a struct, as strace names it: `inet_pton(AF_INET6, "::1", &f)`.
pub fn in6_addr_named(out: &mut String, b: [u8; 16], field: &str) {
    out.push_str("inet_pton(AF_INET6, \"");
    ipv6(out, b);
    let _ = write!(out, "\", &{field})");
}

/// An IPv6 address as glibc's inet_ntop writes it (strace's source). It differs from
/// Rust's Display only for an IPv4-compatible address (`::1.2.3.4`, not `::102:304`).
pub fn ipv6(out: &mut String, b: [u8; 16]) {
    let a = std::net::Ipv6Addr::from(b);
    let w = a.segments();
    if w[..6].iter().all(|&x| x == 0) && w[6] != 0 {
        let _ = write!(out, "::{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
    } else {
        let _ = write!(out, "{a}");
    }
}

/// A network interface index, named as strace names it when the world knows that
/// interface (`if_nametoindex("lo")`), else the number. strace resolves it in its own
/// network namespace; so does the ptrace backend's `Tracee::interface_name`.
pub fn ifindex(out: &mut String, idx: u32, w: &mut dyn Tracee) {
    match w.interface_name(idx) {
        Some(name) => {
            out.push_str("if_nametoindex(");
            quoted(out, name.as_bytes());
            out.push(')');
        }
        None => {
            let _ = write!(out, "{idx}");
        }
    }
}

/// A socket address by family, as strace prints it.
pub fn sockaddr(out: &mut String, b: &[u8], w: &mut dyn Tracee) {
    sockaddr_shown(out, b, w, &super::display::Display::default())
}

/// [`sockaddr`] under the display options `d` (the family under `-X`, paths under `-x`).
pub fn sockaddr_shown(out: &mut String, b: &[u8], w: &mut dyn Tracee, d: &super::display::Display) {
    let quoted = |out: &mut String, b: &[u8]| super::display::quoted(out, b, d.strings);
    if b.len() < 2 {
        out.push_str("{sa_family=???}");
        return;
    }
    let family = u16::from_le_bytes([b[0], b[1]]);
    out.push_str("{sa_family=");
    let families = &gen::ENUM_ADDRESS_FAMILIES;
    super::display::enumerated(out, family as u64, 2, families, d.consts);
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
        // -X raw/verbose: strace shows the port and address as their bytes (verbose:
        // with the usual spelling in a comment).
        2 if b.len() >= 8 && d.consts != ConstStyle::Abbrev => {
            let port = |o: &mut String| {
                let _ = write!(o, "htons({})", be16(2));
            };
            byte_field(out, d.consts, "sin_port", &b[2..4], port);
            let ip = |o: &mut String| in_addr(o, b[4..8].try_into().unwrap());
            byte_field(out, d.consts, "sin_addr", &b[4..8], ip);
        }
        10 if b.len() >= 24 && d.consts != ConstStyle::Abbrev => {
            let addr: [u8; 16] = b[8..24].try_into().unwrap();
            let port = |o: &mut String| {
                let _ = write!(o, "htons({})", be16(2));
            };
            byte_field(out, d.consts, "sin6_port", &b[2..4], port);
            let flow = |o: &mut String| {
                let flow = u32::from_be_bytes(b[4..8].try_into().unwrap());
                let _ = write!(o, "htonl({flow})");
            };
            byte_field(out, d.consts, "sin6_flowinfo", &b[4..8], flow);
            let ip = |o: &mut String| {
                o.push_str("inet_pton(AF_INET6, \"");
                ipv6(o, addr);
                o.push_str("\")");
            };
            byte_field(out, d.consts, "sin6_addr", &addr, ip);
            if b.len() >= 28 {
                let scope = u32::from_le_bytes(b[24..28].try_into().unwrap());
                let _ = write!(out, ", sin6_scope_id={scope}");
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
                ", sin6_port=htons({}), sin6_flowinfo=htonl({}), inet_pton(AF_INET6, \"",
                be16(2),
                flow
            );
            ipv6(out, addr);
            out.push_str("\", &sin6_addr)");
            if b.len() >= 28 {
                let scope = u32::from_le_bytes(b[24..28].try_into().unwrap());
                out.push_str(", sin6_scope_id=");
                // strace names the interface only where a scope is one: link-local
                // unicast (fe80::/10) and link-local multicast (ff02::/16 and kin).
                let link_local = (addr[0] == 0xfe && addr[1] & 0xc0 == 0x80)
                    || (addr[0] == 0xff && addr[1] & 0x0f == 0x2);
                if link_local {
                    ifindex(out, scope, w);
                } else {
                    let _ = write!(out, "{scope}");
                }
            }
        }
        16 if b.len() >= 12 => {
            // strace prints the port id signed: kernel-chosen ids are often negative.
            let pid = i32::from_le_bytes(b[4..8].try_into().unwrap());
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

/// `, NAME=` and a sockaddr field as `-X raw|verbose` shows it: its bytes in hex, with
/// (verbose) the usual spelling in a comment.
fn byte_field(
    out: &mut String,
    consts: ConstStyle,
    name: &str,
    bytes: &[u8],
    usual: impl FnOnce(&mut String),
) {
    out.push_str(", ");
    out.push_str(name);
    out.push('=');
    super::display::named(out, consts, |o| quoted_hex(o, bytes), usual);
}
