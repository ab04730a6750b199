//! The differential harness: run a command under strace and under syscall-tracer, match
//! each thread's syscall lines, mask what legitimately differs between two runs
//! (addresses, pids, random bytes, times), and report how many of strace's lines we
//! reproduce exactly, overall and per syscall, with the first differing pairs.
use crate::kernel_ids::{self, Found, IdTable};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One traced thread's syscall lines, in order.
type Threads = Vec<(i64, Vec<String>)>;

#[derive(Default, Debug)]
pub struct Comparison {
    pub strace_lines: usize,
    pub exact: usize,
    /// `--format strace`: strace lines that are the parts of a call split by another
    /// process's line (`<unfinished ...>`, `<... resumed>`) where ours shows the same
    /// call split elsewhere or whole (the interleaving follows timing), or the reverse.
    pub split_elsewhere: usize,
    /// syscall → (strace lines, exact)
    pub per_syscall: BTreeMap<String, (usize, usize)>,
    /// (strace, ours) for lines that were paired but differ
    pub differing: Vec<(String, String)>,
    /// strace lines with no counterpart at all
    pub unmatched: Vec<String>,
}

impl Comparison {
    pub fn merge(&mut self, o: Comparison) {
        self.strace_lines += o.strace_lines;
        self.exact += o.exact;
        self.split_elsewhere += o.split_elsewhere;
        for (k, (n, e)) in o.per_syscall {
            let x = self.per_syscall.entry(k).or_default();
            x.0 += n;
            x.1 += e;
        }
        self.differing.extend(o.differing);
        self.unmatched.extend(o.unmatched);
    }

    pub fn rate(&self) -> f64 {
        if self.strace_lines == 0 {
            return 1.0;
        }
        self.exact as f64 / self.strace_lines as f64
    }

    /// The lowest per-syscall rate among syscalls that appear at least `min` times.
    pub fn worst_frequent(&self, min: usize) -> Option<(String, f64)> {
        self.per_syscall
            .iter()
            .filter(|(_, (n, _))| *n >= min)
            .map(|(s, (n, e))| (s.clone(), *e as f64 / *n as f64))
            .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap())
    }
}

fn syscall_name(line: &str) -> &str {
    line.split('(').next().unwrap_or("")
}

/// Lines that are syscalls (not signals, exits or strace's own notes).
fn is_syscall_line(l: &str) -> bool {
    let note = ["---", "+++", "strace:", "<..."]
        .iter()
        .any(|p| l.starts_with(p));
    !note && l.contains('(') && !l.contains("<unfinished ...>")
}

/// strace -ff writes PREFIX.PID files, one thread each; without -f, PREFIX alone.
fn read_strace(prefix: &Path) -> Result<Threads> {
    if let Ok(text) = std::fs::read_to_string(prefix) {
        // One unnamed thread: no number a line could contain stands for its pid.
        return Ok(vec![(
            i64::MAX,
            text.lines()
                .filter(|l| is_syscall_line(l))
                .map(str::to_string)
                .collect(),
        )]);
    }
    let dir = prefix.parent().unwrap();
    let stem = prefix.file_name().unwrap().to_string_lossy().into_owned();
    let mut threads = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(pid) = name
            .strip_prefix(&format!("{stem}."))
            .and_then(|s| s.parse::<i64>().ok())
        {
            let text = std::fs::read_to_string(&p)?;
            threads.push((
                pid,
                text.lines()
                    .filter(|l| is_syscall_line(l))
                    .map(str::to_string)
                    .collect(),
            ));
        }
    }
    threads.sort_by_key(|(pid, _)| *pid);
    Ok(threads)
}

/// What [`join_resumed`] made of a line.
enum Joined {
    /// The first part of a call in flight, kept until its return.
    Pending,
    /// A `<... name resumed>` part joined to its first part: the one line strace -ff
    /// prints for the call.
    Whole(String),
    Unchanged,
}

/// Joins our `read(3 <unfinished ...>` and `<... read resumed>, "a", 1) = 1` into
/// `read(3, "a", 1) = 1`, as strace -ff prints a call no other thread interrupted.
fn join_resumed(in_flight: &mut HashMap<i64, String>, tid: i64, body: &str) -> Joined {
    if let Some(head) = body.strip_suffix(" <unfinished ...>") {
        in_flight.insert(tid, head.to_string());
        return Joined::Pending;
    }
    if body.starts_with("<... ") {
        if let (Some(at), Some(head)) = (body.find(" resumed>"), in_flight.remove(&tid)) {
            return Joined::Whole(format!("{head}{}", &body[at + " resumed>".len()..]));
        }
    }
    Joined::Unchanged
}

/// `[ts] pid=P tid=T call(...) = ret (0.000012s)` → per tid, the strace part.
fn read_ours(path: &Path) -> Result<Threads> {
    let text = std::fs::read_to_string(path)?;
    let mut order: Vec<i64> = Vec::new();
    let mut by_tid: HashMap<i64, Vec<String>> = HashMap::new();
    // Calls shown in two parts (in flight a while): the first part, by thread.
    let mut in_flight: HashMap<i64, String> = HashMap::new();
    for l in text.lines() {
        let Some(rest) = l.split_once(" tid=").map(|x| x.1) else {
            continue;
        };
        let Some((tid, body)) = rest.split_once(' ') else {
            continue;
        };
        let Ok(tid) = tid.parse::<i64>() else {
            continue;
        };
        let body = match body.rfind(" (") {
            Some(i) if body.ends_with("s)") => &body[..i],
            _ => body,
        };
        let joined;
        let body = match join_resumed(&mut in_flight, tid, body) {
            Joined::Pending => continue,
            Joined::Whole(line) => {
                joined = line;
                joined.as_str()
            }
            Joined::Unchanged => body,
        };
        if !is_syscall_line(body) {
            continue;
        }
        if !by_tid.contains_key(&tid) {
            order.push(tid);
        }
        by_tid.entry(tid).or_default().push(body.to_string());
    }
    order.sort();
    Ok(order
        .into_iter()
        .map(|t| (t, by_tid.remove(&t).unwrap()))
        .collect())
}

/// Masks what differs between two runs of the same program: the ids the kernel hands
/// out (pids, IPC ids, key serials...) where the table places them, each replaced by its
/// kind and order of first appearance in the run (`PID0`, `SHMID1`); then addresses and
/// values that are random or time-dependent by nature.
pub struct Masker<'t> {
    table: &'t IdTable,
    tokens: HashMap<(String, i64), String>,
}

impl<'t> Masker<'t> {
    /// Numbers the run's ids: its threads (in order), then every id its calls were
    /// handed (returns and written memory), per kind, in order of appearance.
    pub fn new(table: &'t IdTable, run: &Threads) -> Self {
        let mut m = Masker {
            table,
            tokens: HashMap::new(),
        };
        for (tid, _) in run {
            if *tid != i64::MAX {
                m.number(kernel_ids::PID, *tid);
            }
        }
        for (_, lines) in run {
            let mut previous = None;
            for l in lines {
                let found = table.find(l, previous.as_ref());
                for f in &found {
                    // No process has pid 0; the other kinds start at 0 in a fresh namespace.
                    let real = f.value > 0 || (f.value == 0 && f.kind != kernel_ids::PID);
                    if f.output && real {
                        m.number(&f.kind, f.value);
                    }
                }
                previous = found.into_iter().find(|f| f.ret);
            }
        }
        m
    }

    /// The token of a pid of the run (`PID0`), if it was numbered.
    pub fn pid_token(&self, pid: i64) -> Option<&str> {
        self.tokens
            .get(&(kernel_ids::PID.to_string(), pid))
            .map(String::as_str)
    }

    fn number(&mut self, kind: &str, value: i64) {
        let key = (kind.to_string(), value);
        if self.tokens.contains_key(&key) {
            return;
        }
        let n = self.tokens.keys().filter(|(k, _)| k == kind).count();
        let token = if kind == kernel_ids::PID {
            format!("PID{n}")
        } else {
            format!("{}ID{n}", kind.to_ascii_uppercase())
        };
        self.tokens.insert(key, token);
    }

    /// One thread's lines, in order (a signal return restores what the call before it
    /// returned).
    pub fn mask_thread(&self, lines: &[String]) -> Vec<String> {
        let mut previous = None;
        lines
            .iter()
            .map(|l| {
                let found = self.table.find(l, previous.as_ref());
                let masked = self.mask_found(l, &found);
                previous = found.into_iter().find(|f| f.ret);
                masked
            })
            .collect()
    }

    fn mask_found(&self, line: &str, found: &[Found]) -> String {
        let mut found: Vec<&Found> = found.iter().collect();
        found.sort_by_key(|f| f.range.start);
        let mut out = String::with_capacity(line.len());
        let mut at = 0;
        for f in found {
            if let Some(t) = self.tokens.get(&(f.kind.clone(), f.value)) {
                if f.range.start >= at {
                    out.push_str(&line[at..f.range.start]);
                    out.push_str(t);
                    at = f.range.end;
                }
            }
        }
        out.push_str(&line[at..]);
        mask_volatile(&mask_addresses(&out))
    }
}

/// Where the kernel places stacks and mmap areas of x86-64 processes: a number there
/// printed in decimal (strace prints some pointer-sized values as offsets) is an address
/// that ASLR moves between runs.
const USER_TOP_RANGE: std::ops::Range<u64> = 0x7f00_0000_0000..0x8000_0000_0000;

/// Addresses: 0x followed by 5+ hex digits, and decimal numbers in [`USER_TOP_RANGE`].
fn mask_addresses(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0' && b.get(i + 1) == Some(&b'x') {
            let mut j = i + 2;
            while j < b.len() && b[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j - i - 2 >= 5 {
                out.push_str("0xADDR");
                i = j;
                continue;
            }
        }
        let starts_number = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
        if starts_number {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let ends_number = j == b.len() || !(b[j].is_ascii_alphanumeric() || b[j] == b'_');
            if ends_number
                && line[i..j]
                    .parse::<u64>()
                    .is_ok_and(|n| USER_TOP_RANGE.contains(&n))
            {
                out.push_str("ADDR");
                i = j;
                continue;
            }
        }
        let n = line[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&line[i..i + n]);
        i += n;
    }
    out
}

/// Replaces the digits after each occurrence of `key` in `s` by `token`.
pub fn mask_digits_after(s: &mut String, key: &str, token: &str) {
    let mut from = 0;
    while let Some(p) = s[from..].find(key) {
        let start = from + p + key.len();
        let end = s[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(s.len(), |e| start + e);
        s.replace_range(start..end, token);
        from = start + 1;
    }
}

/// Values that are random or time-dependent by nature.
fn mask_volatile(line: &str) -> String {
    let name = syscall_name(line);
    let mut s = line.to_string();
    if name == "getrandom" {
        if let (Some(a), Some(b)) = (s.find("(\""), s.find("\", ")) {
            s.replace_range(a + 2..b, "RANDOM");
        }
    }
    // Load averages, uptime and free memory move between runs.
    if name == "sysinfo" {
        s = s
            .split(|c: char| c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("N");
    }
    // Clock ticks since boot, the highest IPC index in use (the *_INFO commands), the
    // kernel log's unread size.
    let volatile_return = ["_INFO, ", "SYSLOG_ACTION_SIZE_UNREAD"];
    if name == "times" || volatile_return.iter().any(|v| s.contains(v)) {
        if let Some(p) = s.rfind(" = ") {
            s.replace_range(p + 3.., "N");
        }
    }
    // The parent of the traced program is the tracer itself.
    if name == "getppid" {
        if let Some(p) = s.rfind(" = ") {
            s.replace_range(p + 3.., "PPID");
        }
    }
    // An internet address cut short shows its raw bytes, the port first.
    for fam in [
        "sa_family=AF_INET, sa_data=\"",
        "sa_family=AF_INET6, sa_data=\"",
    ] {
        if let Some(p) = s.find(fam) {
            let start = p + fam.len();
            if let Some(end) = s[start..].find("\"}").map(|e| start + e) {
                s.replace_range(start..end, "BYTES");
            }
        }
    }
    // Netlink port ids the kernel picks for an unbound socket are negative and random.
    for key in ["nlmsg_pid=-", "nl_pid=-"] {
        let mut from = 0;
        while let Some(p) = s[from..].find(key) {
            let start = from + p + key.len() - 1;
            let end = s[start + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map(|e| start + 1 + e)
                .unwrap_or(s.len());
            s.replace_range(start..end, "PORTID");
            from = start + 1;
        }
    }
    // Ports the kernel picks (the ephemeral range) differ from run to run.
    let mut from = 0;
    while let Some(p) = s[from..].find("htons(") {
        let start = from + p + "htons(".len();
        let end = s[start..].find(')').map(|e| start + e).unwrap_or(s.len());
        if s[start..end].parse::<u32>().is_ok_and(|port| port >= 32768) {
            s.replace_range(start..end, "PORT");
        }
        from = start;
    }
    for key in [
        "tv_sec=",
        "tv_nsec=",
        "tv_usec=",
        "st_atime=",
        "st_mtime=",
        "st_ctime=",
        "si_utime=",
        "si_stime=",
        "shm_atime=",
        "shm_dtime=",
        "shm_ctime=",
        "sem_otime=",
        "sem_ctime=",
        "msg_stime=",
        "msg_rtime=",
        "msg_ctime=",
        "f_bfree=",
        "f_bavail=",
        "f_ffree=",
        // glibc numbers its netlink requests with the time of day; the kernel stamps
        // address and link records with uptimes.
        "nlmsg_seq=",
        "cstamp=",
        "tstamp=",
        "ndm_confirmed=",
        "ndm_used=",
        "ndm_updated=",
        // Socket inodes and cookies the kernel hands out (sock_diag).
        "idiag_inode=",
        "udiag_ino=",
        "idiag_cookie=[",
        "udiag_cookie=[",
    ] {
        mask_digits_after(&mut s, key, "T");
    }
    s
}

/// Pairs up lines of one thread by syscall name, tolerating gaps on either side.
fn align<'a>(a: &'a [String], b: &'a [String]) -> Vec<(Option<&'a String>, Option<&'a String>)> {
    const LOOKAHEAD: usize = 64;
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        if syscall_name(&a[i]) == syscall_name(&b[j]) {
            out.push((Some(&a[i]), Some(&b[j])));
            i += 1;
            j += 1;
            continue;
        }
        let skip_b =
            (j..b.len().min(j + LOOKAHEAD)).find(|&k| syscall_name(&b[k]) == syscall_name(&a[i]));
        let skip_a =
            (i..a.len().min(i + LOOKAHEAD)).find(|&k| syscall_name(&a[k]) == syscall_name(&b[j]));
        match (skip_a, skip_b) {
            (Some(ka), Some(kb)) if ka - i <= kb - j => {
                out.extend((i..ka).map(|k| (Some(&a[k]), None)));
                i = ka;
            }
            (_, Some(kb)) => {
                out.extend((j..kb).map(|k| (None, Some(&b[k]))));
                j = kb;
            }
            (Some(ka), None) => {
                out.extend((i..ka).map(|k| (Some(&a[k]), None)));
                i = ka;
            }
            (None, None) => {
                out.push((Some(&a[i]), None));
                i += 1;
            }
        }
    }
    out.extend(a[i..].iter().map(|l| (Some(l), None)));
    out
}

pub fn compare(table: &IdTable, strace: &Threads, ours: &Threads) -> Comparison {
    let sm = Masker::new(table, strace);
    let om = Masker::new(table, ours);
    let mut c = Comparison::default();
    for (k, (_, slines)) in strace.iter().enumerate() {
        let empty = Vec::new();
        let olines = ours.get(k).map(|t| &t.1).unwrap_or(&empty);
        let sm_lines = sm.mask_thread(slines);
        let om_lines = om.mask_thread(olines);
        // A strace line is reproduced when the same thread of our run has an identical
        // line not already claimed: order between, say, two wait4 results or the number of
        // merged SIGCHLDs depends on timing, not on the decoder.
        let mut ours_left: HashMap<&str, usize> = HashMap::new();
        for l in &om_lines {
            *ours_left.entry(l.as_str()).or_default() += 1;
        }
        let mut missed: Vec<&String> = Vec::new();
        for s in &sm_lines {
            c.strace_lines += 1;
            let entry = c
                .per_syscall
                .entry(syscall_name(s).to_string())
                .or_default();
            entry.0 += 1;
            match ours_left.get_mut(s.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    c.exact += 1;
                    entry.1 += 1;
                }
                _ => missed.push(s),
            }
        }
        // For the report, pair each missed line with what stood in its place.
        for (s, o) in align(&sm_lines, &om_lines) {
            let Some(s) = s else { continue };
            if !missed.contains(&s) || o == Some(s) {
                continue;
            }
            match o {
                Some(o) => c.differing.push((s.clone(), o.clone())),
                None => c.unmatched.push(s.clone()),
            }
        }
    }
    c
}

/// Runs `cmd` under both tracers in `work` and compares.
/// How long one traced run may take before `timeout` stops it (a hung corpus program
/// must not hang CI).
pub const RUN_LIMIT: &str = "120";

pub fn run(
    table: &IdTable,
    tracer: &Path,
    cmd: &[String],
    work: &Path,
    string_limit: Option<usize>,
    follow: bool,
) -> Result<Comparison> {
    std::fs::create_dir_all(work)?;
    let prefix = work.join("strace");
    let mut s = Command::new("timeout");
    s.args([
        "-k",
        "5",
        RUN_LIMIT,
        crate::diff_format::strace_binary(),
        "-qq",
        "-a1",
    ]);
    if follow {
        s.args(["-f", "-ff"]);
    }
    s.arg("-o").arg(&prefix);
    if let Some(n) = string_limit {
        s.arg("-s").arg(n.to_string());
    }
    let st = s
        .arg("--")
        .args(cmd)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .stdin(std::process::Stdio::null())
        .status();
    st.context("running strace (is it installed?)")?;
    let ours_path = work.join("ours.txt");
    let mut o = Command::new("timeout");
    o.args(["-k", "5", RUN_LIMIT]).arg(tracer);
    if !follow {
        o.arg("--no-follow");
    }
    o.arg("-o").arg(&ours_path);
    if let Some(n) = string_limit {
        o.arg("-s").arg(n.to_string());
    }
    o.arg("--")
        .args(cmd)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .stdin(std::process::Stdio::null())
        .status()?;
    if !ours_path.exists() {
        bail!("syscall-tracer wrote no output to {}", ours_path.display());
    }
    Ok(compare(
        table,
        &read_strace(&prefix)?,
        &read_ours(&ours_path)?,
    ))
}

pub fn report(c: &Comparison, show: usize) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "exact: {}/{} strace lines ({:.2}%)\n",
        c.exact,
        c.strace_lines,
        100.0 * c.rate()
    ));
    if c.split_elsewhere > 0 {
        o.push_str(&format!(
            "exact or split elsewhere: {}/{} ({:.2}%): {} lines are parts of calls that \
             another process's line split in one run and not (or not there) in the other\n",
            c.exact + c.split_elsewhere,
            c.strace_lines,
            100.0 * (c.exact + c.split_elsewhere) as f64 / c.strace_lines.max(1) as f64,
            c.split_elsewhere
        ));
    }
    if let Some((name, r)) = c.worst_frequent(5) {
        o.push_str(&format!(
            "lowest per-syscall rate (5+ calls): {name} {:.2}%\n",
            100.0 * r
        ));
    }
    o.push_str("per syscall (calls, exact, rate):\n");
    for (name, (n, e)) in &c.per_syscall {
        o.push_str(&format!(
            "  {name:<24} {n:>6} {e:>6} {:>7.2}%\n",
            100.0 * *e as f64 / *n as f64
        ));
    }
    if !c.differing.is_empty() {
        o.push_str(&format!(
            "first differing pairs ({} in all):\n",
            c.differing.len()
        ));
        for (s, ours) in c.differing.iter().take(show) {
            o.push_str(&format!("  strace: {s}\n  ours:   {ours}\n"));
        }
    }
    if !c.unmatched.is_empty() {
        o.push_str(&format!(
            "strace lines with no counterpart ({} in all):\n",
            c.unmatched.len()
        ));
        for s in c.unmatched.iter().take(show) {
            o.push_str(&format!("  {s}\n"));
        }
    }
    o
}

pub fn default_work_dir() -> PathBuf {
    std::env::temp_dir().join(format!("diff-strace-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static IdTable {
        kernel_ids::test_table()
    }

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn calls_in_flight_are_joined_into_one_line() {
        let mut open = HashMap::new();
        assert!(matches!(
            join_resumed(&mut open, 7, "read(3 <unfinished ...>"),
            Joined::Pending
        ));
        assert!(matches!(
            join_resumed(&mut open, 8, "getpid() = 8"),
            Joined::Unchanged
        ));
        match join_resumed(&mut open, 7, r#"<... read resumed>, "a", 1) = 1"#) {
            Joined::Whole(l) => assert_eq!(l, r#"read(3, "a", 1) = 1"#),
            _ => panic!("not joined"),
        }
        assert!(matches!(
            join_resumed(&mut open, 7, "<... read resumed>) = 0"),
            Joined::Unchanged
        ));
    }

    #[test]
    fn masking_hides_addresses_pids_and_randomness_only() {
        let t = table();
        let run = lines(&[
            "set_tid_address(0x7f2326d6bad0) = 4242",
            "read(3, \"abc\", 42) = 3",
            r#"getrandom("\xec\x87", 2, GRND_NONBLOCK) = 2"#,
            "io_uring_enter(-1, 1, 1, IORING_ENTER_EXT_ARG_REG, 140721138041136, 8) = -1",
            "lseek(3, 140721138041136, SEEK_SET) = 18446744073709551615",
        ]);
        let m = Masker::new(t, &vec![(4242, vec![])]);
        assert_eq!(
            m.mask_thread(&run),
            [
                "set_tid_address(0xADDR) = PID0",
                "read(3, \"abc\", 42) = 3",
                r#"getrandom("RANDOM", 2, GRND_NONBLOCK) = 2"#,
                "io_uring_enter(-1, 1, 1, IORING_ENTER_EXT_ARG_REG, ADDR, 8) = -1",
                "lseek(3, ADDR, SEEK_SET) = 18446744073709551615",
            ]
        );
    }

    /// A fresh IPC namespace hands out small ids: the segment's id is 6, a number that
    /// also stands in the same lines as a length, a descriptor and a file name.
    const FRESH_IPC_RUN: &[&str] = &[
        r#"openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 6"#,
        "shmget(IPC_PRIVATE, 6, IPC_CREAT|0600) = 6",
        "shmctl(6, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=6, shm_cpid=4242, shm_lpid=0, shm_nattch=0, shm_atime=0, shm_dtime=0, shm_ctime=1}) = 0",
        "shmat(6, NULL, 0) = 0x7f3f6e877000",
        "shmctl(6, IPC_RMID, NULL) = 0",
    ];

    #[test]
    fn a_small_ipc_id_is_masked_where_the_table_places_it_only() {
        let t = table();
        let run = vec![(4242, lines(FRESH_IPC_RUN))];
        let m = Masker::new(t, &run);
        assert_eq!(
            m.mask_thread(&run[0].1),
            [
                r#"openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 6"#,
                "shmget(IPC_PRIVATE, 6, IPC_CREAT|0600) = SHMID0",
                "shmctl(SHMID0, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=6, shm_cpid=PID0, shm_lpid=0, shm_nattch=0, shm_atime=T, shm_dtime=T, shm_ctime=T}) = 0",
                "shmat(SHMID0, NULL, 0) = 0xADDR",
                "shmctl(SHMID0, IPC_RMID, NULL) = 0",
            ]
        );
    }

    #[test]
    fn runs_that_got_different_small_ids_compare_equal_and_other_numbers_still_count() {
        // strace's run got segment 6, ours segment 7; ours also read 7 bytes where
        // strace's read 6 and opened a library of another name: those lines differ.
        let strace = vec![(4242, lines(FRESH_IPC_RUN))];
        let ours: Vec<String> = FRESH_IPC_RUN
            .iter()
            .map(|l| {
                l.replace("= 6", "= 7")
                    .replace("(6,", "(7,")
                    .replace("4242", "4343")
                    .replace("IPC_PRIVATE, 6,", "IPC_PRIVATE, 7,")
                    .replace("libc.so.6", "libc.so.7")
            })
            .collect();
        let c = compare(table(), &strace, &vec![(4343, ours)]);
        let differing: Vec<&str> = c.differing.iter().map(|(s, _)| syscall_name(s)).collect();
        // openat's fd 6 became 7 and its name changed; shmget's size changed.
        assert_eq!(differing, ["openat", "shmget"]);
        assert_eq!((c.exact, c.strace_lines), (3, 5));
    }

    #[test]
    fn a_small_pid_is_masked_in_pid_places_only() {
        // A fresh pid namespace: the traced process is pid 6.
        let t = table();
        let run = vec![(
            6,
            lines(&[
                r#"openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3"#,
                "getpid() = 6",
                "kill(6, SIGTERM) = 0",
                "read(3, \"abcdef\", 6) = 6",
            ]),
        )];
        let m = Masker::new(t, &run);
        assert_eq!(
            m.mask_thread(&run[0].1),
            [
                r#"openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3"#,
                "getpid() = PID0",
                "kill(PID0, SIGTERM) = 0",
                "read(3, \"abcdef\", 6) = 6",
            ]
        );
    }

    #[test]
    fn lines_reordered_by_timing_still_count_and_a_different_line_does_not() {
        let a: Vec<String> = [
            "wait4(-1, NULL, 0, NULL) = 7",
            "wait4(-1, NULL, 0, NULL) = 8",
            "close(1) = 0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let b: Vec<String> = [
            "wait4(-1, NULL, 0, NULL) = 8",
            "wait4(-1, NULL, 0, NULL) = 7",
            "close(1) = -1 EBADF (Bad file descriptor)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = compare(table(), &vec![(4242, a)], &vec![(4343, b)]);
        assert_eq!((c.exact, c.strace_lines), (2, 3));
        assert_eq!(c.differing.len(), 1);
    }

    #[test]
    fn alignment_tolerates_an_extra_line_on_either_side() {
        let a: Vec<String> = ["open(x)", "read(y)", "close(z)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let b: Vec<String> = ["open(x)", "brk(0)", "read(y)", "close(z)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = compare(table(), &vec![(1, a)], &vec![(2, b)]);
        assert_eq!((c.exact, c.strace_lines), (3, 3));
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// strace's output is outside input: any line, well formed or not, is read
        /// without a panic, and every id found is a number standing where it was found.
        #[test]
        fn any_line_is_masked_without_panicking(
            name in proptest::sample::select(vec![
                "shmctl", "semctl", "keyctl", "clone", "getsockopt", "waitid",
                "rt_sigreturn", "kill", "timer_create", "recvmsg", "fcntl",
            ]),
            body in proptest::prop_oneof![
                r#"[ -~é\\"\[\]{}(),=|/*]{0,80}"#,
                // Pieces of real renderings, in any order and nesting.
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "6", "-1", "0x1f", ", ", "(", ")", "[", "]", "{", "}", "\"", "\\",
                        "/* ", " */", " => ", "=", "pid=", "si_pid=", "shm_cpid=", "IPC_STAT",
                        "SHM_STAT", "GETPID", "KEYCTL_SEARCH", "SOL_SOCKET", "SO_PEERCRED",
                        "P_PID", "F_GETOWN", "parent_tid=", "IPC_64|", "é",
                    ]),
                    0..24,
                )
                .prop_map(|v| v.concat()),
            ],
            ret in "[-0-9a-zA-Z ()=x]{0,12}",
        ) {
            let t = table();
            let line = format!("{name}({body}) = {ret}");
            for l in [line.as_str(), body.as_str()] {
                for f in t.find(l, None) {
                    proptest::prop_assert_eq!(l[f.range.clone()].parse::<i64>().ok(), Some(f.value));
                }
            }
            let run = vec![(1, vec![line.clone(), body.clone()])];
            let masked = Masker::new(t, &run).mask_thread(&run[0].1);
            proptest::prop_assert_eq!(masked.len(), 2);
        }
    }
}
