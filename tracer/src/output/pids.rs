//! `--fixed-ts` renumbering of pids and tids inside a call's rendering or a siginfo.
//!
//! The decoder records, for every value the syscall table types as a pid or tid, where its
//! decimal rendering stands ([`PidSpan`]); the printer rewrites exactly those bytes with
//! the display number and leaves everything else alone, so `write(1, "4096 bytes", 10)`
//! keeps its text and count whatever the thread's number is.

use std::fmt::Write;

use crate::decode::{CallRecord, PidSpan, Slot, TextParts};

/// Real pid or tid → the number `--fixed-ts` shows for it, and what `-Y` /
/// `--decode-pids` shows beside it. A map with no pairs shows every number as it is.
#[derive(Debug, Default, Clone)]
pub struct PidMap {
    /// Sorted by real number.
    pairs: Vec<(i32, i32)>,
    /// `-Y` / `--decode-pids`: what follows each pid.
    decor: Option<PidDecor>,
}

/// `-Y` and `--decode-pids=pidns`: `1234<sh>`, `1<sh> /* 4242 in strace's PID NS */`.
#[derive(Debug, Default, Clone)]
pub struct PidDecor {
    pub comm: bool,
    pub pidns: bool,
    /// What the world said of the pids of the event being shown.
    pub known: Vec<(i32, crate::decode::PidInfo)>,
}

impl PidDecor {
    /// Appends what follows pid `real`, if the process was known.
    fn write_after(&self, out: &mut String, real: i32) {
        let Some((_, info)) = self.known.iter().find(|(p, _)| *p == real) else {
            return;
        };
        if self.comm {
            out.push('<');
            crate::decode::fmt::escaped(out, &info.comm, b"<>");
            out.push('>');
        }
        if self.pidns && info.tracer_pid != real {
            let _ = write!(out, " /* {} in strace's PID NS */", info.tracer_pid);
        }
    }
}

impl PidMap {
    pub fn new(mut pairs: Vec<(i32, i32)>) -> Self {
        pairs.sort_unstable();
        PidMap { pairs, decor: None }
    }

    /// This map (renumbering or not) with `-Y`'s decoration.
    pub fn decorated(pairs: Option<&PidMap>, decor: PidDecor) -> Self {
        PidMap {
            pairs: pairs.map(|m| m.pairs.clone()).unwrap_or_default(),
            decor: Some(decor),
        }
    }

    /// Whether the map adds text after pids (`-Y`), so it matters without `--fixed-ts`.
    pub fn decorates(&self) -> bool {
        self.decor.is_some()
    }

    /// How many pairs it holds.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    fn lookup(&self, real: i32) -> Option<i32> {
        self.pairs
            .binary_search_by_key(&real, |&(r, _)| r)
            .ok()
            .map(|i| self.pairs[i].1)
    }

    /// How a pid-typed value shows: the display number of a known pid; a negative value
    /// names a process group (`kill(-pgid, ...)`, `wait4(-pgid, ...)`) and shows as the
    /// negative of its leader's number; 0 and -1 ("this process", "every process") and
    /// pids the tracer never met stay as they are.
    pub fn show(&self, real: i32) -> i32 {
        match real {
            0 | -1 => real,
            r if r > 0 => self.lookup(r).unwrap_or(r),
            r => r
                .checked_neg()
                .and_then(|leader| self.lookup(leader))
                .map_or(r, |d| -d),
        }
    }
}

/// Appends `text` to `out` with the bytes of each span (in increasing order, as the
/// decoder records them) replaced by its pid's display number. A span that does not fit
/// `text` is left alone rather than trusted.
pub fn write_spliced<'a>(
    out: &mut String,
    text: &str,
    spans: impl Iterator<Item = &'a PidSpan>,
    map: &PidMap,
) {
    let mut at = 0;
    for p in spans {
        let (start, end) = (p.start as usize, p.end as usize);
        if start < at || start > end || text.get(start..end).is_none() {
            continue;
        }
        out.push_str(&text[at..start]);
        let _ = write!(out, "{}", map.show(p.real));
        if let Some(decor) = &map.decor {
            decor.write_after(out, p.real);
        }
        at = end;
    }
    out.push_str(&text[at..]);
}

fn in_slot(rec: &CallRecord, slot: Slot) -> impl Iterator<Item = &PidSpan> {
    rec.pid_spans().iter().filter(move |p| p.slot == slot)
}

/// Argument `i` as rendered, its pids renumbered.
pub fn write_arg(out: &mut String, rec: &CallRecord, i: usize, map: &PidMap) {
    let text = &rec.args_rendered()[i];
    write_spliced(out, text, in_slot(rec, Slot::Arg(i as u8)), map);
}

/// The text after ` = `, its pids renumbered.
pub fn write_ret(out: &mut String, rec: &CallRecord, map: &PidMap) {
    write_spliced(out, rec.ret_rendered(), in_slot(rec, Slot::Ret), map);
}

/// A call's arguments and return with their pids renumbered, for
/// [`CallRecord::write_part`].
pub struct Renumbered<'a>(pub &'a PidMap);

impl TextParts for Renumbered<'_> {
    fn arg(&mut self, out: &mut String, rec: &CallRecord, i: usize) {
        write_arg(out, rec, i, self.0);
    }

    fn ret(&mut self, out: &mut String, rec: &CallRecord) {
        write_ret(out, rec, self.0);
    }
}

/// Argument register `i`, with the display number in its low 32 bits when the argument
/// is a pid (a pid_t is an int: the upper bits, zero or the sign, are kept).
pub fn raw_arg(rec: &CallRecord, i: usize, map: &PidMap) -> u64 {
    let raw = rec.args[i];
    match rec.pid_spans().iter().find(|p| p.register == Some(i as u8)) {
        Some(p) => (raw & !0xffff_ffff) | u64::from(map.show(p.real) as u32),
        None => raw,
    }
}

/// The raw return value, the display number when the call returns a pid.
pub fn raw_ret(rec: &CallRecord, map: &PidMap) -> Option<i64> {
    let ret = rec.ret()?;
    match in_slot(rec, Slot::Ret).next() {
        Some(p) if i64::from(p.real) == ret => Some(i64::from(map.show(p.real))),
        _ => Some(ret),
    }
}

/// A siginfo's rendering with its `si_pid` (the byte range `at` of `text`) renumbered.
pub fn write_siginfo(
    out: &mut String,
    text: &str,
    si_pid: Option<(std::ops::Range<usize>, i32)>,
    map: &PidMap,
) {
    let span = si_pid.map(|(at, real)| PidSpan {
        slot: Slot::Ret,
        start: at.start as u32,
        end: at.end as u32,
        real,
        register: None,
    });
    write_spliced(out, text, span.iter(), map);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name(arg, arg) = ret` as [`CallRecord::write_text`] writes it, pids renumbered.
    fn write_call(out: &mut String, rec: &CallRecord, map: &PidMap) {
        rec.write_part(out, crate::decode::CallText::Whole, &mut Renumbered(map));
    }

    fn span(start: usize, end: usize, real: i32) -> PidSpan {
        PidSpan {
            slot: Slot::Arg(0),
            start: start as u32,
            end: end as u32,
            real,
            register: None,
        }
    }

    fn map() -> PidMap {
        PidMap::new(vec![(4096, 1001), (77, 1002), (31337, 999)])
    }

    fn spliced(text: &str, spans: &[PidSpan]) -> String {
        let mut s = String::new();
        write_spliced(&mut s, text, spans.iter(), &map());
        s
    }

    #[test]
    fn rewrites_exactly_the_recorded_spans() {
        // `kill(4096, SIGTERM)` next to a string holding the same number.
        let text = r#"4096, "4096 bytes", 4096"#;
        assert_eq!(
            spliced(text, &[span(0, 4, 4096)]),
            r#"1001, "4096 bytes", 4096"#
        );
        assert_eq!(
            spliced(text, &[span(0, 4, 4096), span(20, 24, 4096)]),
            r#"1001, "4096 bytes", 1001"#
        );
        assert_eq!(spliced(text, &[]), text);
        // Numbers of different widths: the text around moves, nothing else changes.
        let t = "{pid=77, uid=0}";
        assert_eq!(spliced(t, &[span(5, 7, 77)]), "{pid=1002, uid=0}");
    }

    #[test]
    fn unknown_zero_and_minus_one_stay_and_groups_keep_their_sign() {
        let m = map();
        assert_eq!(m.show(4096), 1001);
        assert_eq!(m.show(-4096), -1001);
        assert_eq!(m.show(0), 0);
        assert_eq!(m.show(-1), -1);
        assert_eq!(m.show(12345), 12345);
        assert_eq!(m.show(-12345), -12345);
        assert_eq!(m.show(i32::MIN), i32::MIN);
        assert_eq!(m.show(31337), 999);
        assert_eq!(spliced("-4096", &[span(0, 5, -4096)]), "-1001");
    }

    #[test]
    fn spans_that_do_not_fit_are_ignored_not_trusted() {
        let text = "héllo 4096";
        // Past the end, reversed, overlapping, inside a UTF-8 character.
        for bad in [span(7, 40, 4096), span(5, 3, 4096), span(1, 2, 4096)] {
            assert_eq!(spliced(text, &[bad]), text);
        }
        assert_eq!(
            spliced(text, &[span(7, 11, 4096), span(8, 11, 4096)]),
            "héllo 1001"
        );
    }

    #[test]
    fn registers_keep_their_upper_bits() {
        let mut rec = CallRecord::new();
        // kill(-4096, SIGKILL) as glibc passes it: the int sign-extended.
        crate::decode::Decoder::default().entry(
            &mut rec,
            62,
            [(-4096i64) as u64, 9, 0, 0, 0, 0],
            &mut NoMemory,
        );
        let m = map();
        assert_eq!(raw_arg(&rec, 0, &m), (-1001i64) as u64);
        assert_eq!(raw_arg(&rec, 1, &m), 9);
        let mut s = String::new();
        write_arg(&mut s, &rec, 0, &m);
        assert_eq!(s, "-1001");
    }

    struct NoMemory;
    impl crate::decode::Tracee for NoMemory {
        fn read_mem(&mut self, _addr: u64, _buf: &mut [u8]) -> usize {
            0
        }
    }

    use crate::decode::memory_image::MemoryImage;
    use crate::decode::{syscall_number, Decoder};

    const P: u64 = 0x7ffd_0000_1000;
    const Q: u64 = 0x7ffd_0000_2000;

    /// One call decoded through the table, as printed plainly and as `--fixed-ts`
    /// prints it with thread 4096 shown as 1001.
    fn both(name: &str, args: [u64; 6], ret: i64, mem: &mut MemoryImage) -> (String, String) {
        let nr = syscall_number(name).unwrap();
        let d = Decoder::default();
        let mut rec = CallRecord::new();
        d.entry(&mut rec, nr, args, mem);
        d.exit(&mut rec, ret, mem);
        let (mut plain, mut fixed) = (String::new(), String::new());
        rec.write_text(&mut plain);
        write_call(&mut fixed, &rec, &map());
        (plain, fixed)
    }

    fn fixed(name: &str, args: [u64; 6], ret: i64, mem: &mut MemoryImage) -> String {
        both(name, args, ret, mem).1
    }

    fn le(words: &[(usize, u64, usize)], size: usize) -> Vec<u8> {
        let mut b = vec![0u8; size];
        for &(off, v, n) in words {
            b[off..off + n].copy_from_slice(&v.to_le_bytes()[..n]);
        }
        b
    }

    #[test]
    fn numbers_that_are_not_pids_stay() {
        let mut m = MemoryImage::new();
        m.map(P, b"4096 bytes");
        let (plain, shown) = both("write", [1, P, 10, 0, 0, 0], 4096, &mut m);
        assert_eq!(plain, r#"write(1, "4096 bytes", 10) = 4096"#);
        assert_eq!(shown, plain);
        // A pipe size, a user id, a pidfd: typed otherwise by the table.
        assert_eq!(
            fixed("fcntl", [3, 1031, 4096, 0, 0, 0], 4096, &mut m),
            "fcntl(3, F_SETPIPE_SZ, 4096) = 4096"
        );
        assert_eq!(
            fixed("getpriority", [2, 4096, 0, 0, 0, 0], 20, &mut m),
            "getpriority(PRIO_USER, 4096) = 20"
        );
        assert_eq!(
            fixed("waitid", [3, 4096, 0, 4, 0, 0], -10, &mut m),
            "waitid(P_PIDFD, 4096, NULL, WEXITED, NULL) = -1 ECHILD (No child processes)"
        );
    }

    #[test]
    fn pid_arguments_and_returns_are_renumbered() {
        let mut m = MemoryImage::new();
        assert_eq!(
            fixed("kill", [4096, 15, 0, 0, 0, 0], 0, &mut m),
            "kill(1001, SIGTERM) = 0"
        );
        assert_eq!(
            fixed("kill", [(-4096i64) as u64, 0, 0, 0, 0, 0], 0, &mut m),
            "kill(-1001, 0) = 0"
        );
        assert_eq!(fixed("getppid", [0; 6], 31337, &mut m), "getppid() = 999");
        assert_eq!(
            fixed("tgkill", [77, 4096, 0, 0, 0, 0], 0, &mut m),
            "tgkill(1002, 1001, 0) = 0"
        );
        assert_eq!(
            fixed("getpriority", [1, 4096, 0, 0, 0, 0], 20, &mut m),
            "getpriority(PRIO_PGRP, 1001) = 20"
        );
        assert_eq!(
            fixed("fcntl", [3, 8, 4096, 0, 0, 0], 0, &mut m),
            "fcntl(3, F_SETOWN, 1001) = 0"
        );
        assert_eq!(
            fixed("fcntl", [3, 9, 0, 0, 0, 0], 4096, &mut m),
            "fcntl(3, F_GETOWN) = 1001"
        );
        assert_eq!(
            fixed("semctl", [0, 0, 11, 0, 0, 0], 4096, &mut m),
            "semctl(0, 0, GETPID, NULL) = 1001"
        );
        // A failure's -1 is not a pid.
        assert_eq!(
            fixed("getpgid", [4096, 0, 0, 0, 0, 0], -3, &mut m),
            "getpgid(1001) = -1 ESRCH (No such process)"
        );
    }

    #[test]
    fn pids_in_memory_are_renumbered_where_they_print() {
        let mut m = MemoryImage::new();
        // waitid's siginfo: si_pid, among other numbers equal to it.
        m.map(
            P,
            le(
                &[
                    (0, 17, 4),
                    (8, 1, 4),
                    (16, 4096, 4),
                    (20, 4096, 4),
                    (24, 4096, 4),
                ],
                128,
            ),
        );
        assert_eq!(
            fixed("waitid", [1, 4096, P, 4, 0, 0], 0, &mut m),
            "waitid(P_PID, 1001, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1001, \
             si_uid=4096, si_status=4096, si_utime=0, si_stime=0}, WEXITED, NULL) = 0"
        );
        // F_GETOWN_EX's struct and capget's header.
        m.map(Q, le(&[(0, 0, 4), (4, 4096, 4)], 8));
        assert_eq!(
            fixed("fcntl", [3, 16, Q, 0, 0, 0], 0, &mut m),
            "fcntl(3, F_GETOWN_EX, {type=F_OWNER_TID, pid=1001}) = 0"
        );
        m.map(Q, le(&[(0, 0x2008_0522, 4), (4, 4096, 4)], 8));
        assert!(fixed("capget", [Q, 0, 0, 0, 0, 0], -14, &mut m)
            .starts_with("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=1001}, NULL)"));
    }

    #[test]
    fn credentials_in_a_message_are_renumbered_and_its_data_is_not() {
        let mut m = MemoryImage::new();
        let (iov, data, control) = (Q, Q + 0x100, Q + 0x200);
        m.map(
            P,
            le(
                &[(16, iov, 8), (24, 1, 8), (32, control, 8), (40, 32, 8)],
                56,
            ),
        );
        m.map(iov, le(&[(0, data, 8), (8, 4, 8)], 16));
        m.map(data, b"4096");
        m.map(
            control,
            le(
                &[
                    (0, 28, 8),
                    (8, 1, 4),
                    (12, 2, 4),
                    (16, 4096, 4),
                    (20, 4096, 4),
                ],
                32,
            ),
        );
        assert_eq!(
            fixed("sendmsg", [3, P, 0, 0, 0, 0], 4, &mut m),
            "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"4096\", \
             iov_len=4}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, \
             cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=1001, uid=4096, gid=0}}], \
             msg_controllen=32, msg_flags=0}, 0) = 4"
        );
        // A control buffer that cannot be shown leaves no pid behind.
        m.map(control, le(&[(0, 28, 8), (8, 1, 4), (12, 9, 4)], 32));
        let (plain, shown) = both("sendmsg", [3, P, 0, 0, 0, 0], 4, &mut m);
        assert_eq!(shown, plain);
    }

    #[test]
    fn clone_results_are_renumbered_in_the_hook_and_in_the_struct() {
        let mut m = MemoryImage::new();
        // clone(CLONE_PARENT_SETTID|SIGCHLD) with parent_tid at P.
        m.map(P, 4096i32.to_le_bytes());
        let shown = fixed("clone", [0x100000 | 17, 0, P, 0, 0, 0], 4096, &mut m);
        assert!(
            shown.contains("parent_tid=[1001]") && shown.ends_with(" = 1001"),
            "{shown}"
        );
        // clone3's struct, parent_tid written by the call and shown after ` => `.
        m.map(Q, le(&[(0, 0x100000, 8), (24, P, 8), (32, 17, 8)], 88));
        let (plain, shown) = both("clone3", [Q, 88, 0, 0, 0, 0], 4096, &mut m);
        assert!(plain.contains("=> {parent_tid=[4096]}"), "{plain}");
        assert_eq!(shown, plain.replace("4096", "1001"));
    }
}
