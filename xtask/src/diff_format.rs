//! `diff-strace --format strace`: whole outputs compared line by line. strace writes
//! `-o FILE` with the options given, syscall-tracer `--format=strace -o FILE` with the
//! same ones; every line of strace's file counts (pid prefixes, `<unfinished ...>` and
//! `<... resumed>` parts, signal and exit lines, hex dumps), not only whole calls.
//!
//! What differs between any two runs is normalised the same way on both sides: the
//! wall-clock and relative timestamps (`-t`, `-r`) become `TS`, call times (`-T`)
//! `<T>`; pids (in the prefix and inside lines) become `PID0`, `PID1`... in the order of
//! the processes' creation, kernel ids and addresses are masked as the per-thread
//! comparison masks them ([`Masker`]); and the padding before ` = ` is collapsed, as
//! masking changes the widths it pads (the tests in tracer/tests/strace_format.rs
//! compare alignment exactly on runs where nothing needs masking).

use crate::diff_strace::{Comparison, Masker};
use crate::kernel_ids::IdTable;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};

/// The strace used as the oracle: strace 7.2 as `cargo xtask oracle` sets it up (or
/// `$SYSCALL_TRACER_STRACE72`), else the system's.
pub fn strace_binary() -> &'static str {
    static CHOSEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CHOSEN.get_or_init(|| {
        if let Some(given) = std::env::var_os("SYSCALL_TRACER_STRACE72") {
            return given.to_string_lossy().into_owned();
        }
        let ours = crate::oracle::launcher(&crate::root());
        if ours.exists() {
            ours.display().to_string()
        } else {
            "strace".to_string()
        }
    })
}

/// Whether `path` is a `#!` script (the shell it runs re-orders the environment).
fn is_script(path: &Path) -> bool {
    let which = if path.components().count() > 1 {
        Some(path.to_path_buf())
    } else {
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(path))
                .find(|f| f.is_file())
        })
    };
    which
        .and_then(|f| std::fs::read(f).ok())
        .is_some_and(|b| b.starts_with(b"#!"))
}

/// One line taken apart: whose it is, and the rest with times normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parsed {
    /// The pid of the `1234  ` or `[pid 1234] ` prefix.
    pid: Option<i64>,
    /// Whether the line had the bracketed prefix form.
    bracketed: bool,
    /// `TS ` when the line had a timestamp.
    stamp: String,
    body: String,
}

/// Splits a line into prefix, timestamps and body; `-T`'s time and the padding before
/// ` = ` are normalised in the body.
fn parse(line: &str) -> Parsed {
    let mut rest = line;
    let mut pid = None;
    let mut bracketed = false;
    if let Some(r) = rest.strip_prefix("[pid ") {
        if let Some((n, after)) = r.split_once("] ") {
            if let Ok(p) = n.trim().parse() {
                pid = Some(p);
                bracketed = true;
                rest = after;
            }
        }
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = &rest[digits..];
        // `%-5d `: the pid, then spaces. A Unix timestamp (`-ttt`) has a dot instead.
        if digits > 0 && after.starts_with(' ') {
            pid = rest[..digits].parse().ok();
            rest = after.trim_start_matches(' ');
        }
    }
    let mut stamp = String::new();
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if let Some(after) = take_stamp(trimmed) {
            stamp.push_str("TS ");
            rest = after;
        } else {
            break;
        }
    }
    Parsed {
        pid,
        bracketed,
        stamp,
        body: normalise_body(rest),
    }
}

/// A timestamp at the start of `s` (`14:00:24.563874 `, `1796652024.5 `, `0.000123 `,
/// `(+     0.000123) `): what follows it.
fn take_stamp(s: &str) -> Option<&str> {
    if let Some(r) = s.strip_prefix("(+") {
        let end = r.find(") ")?;
        return Some(&r[end + 2..]);
    }
    let end = s.find(' ')?;
    let token = &s[..end];
    let is_time = token.split(':').count() == 3
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.');
    let is_number = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && token.bytes().next().is_some_and(|b| b.is_ascii_digit());
    (is_time || is_number).then(|| &s[end + 1..])
}

/// `<0.000012>` at the end becomes `<T>`; the spaces before the return's ` = ` one.
fn normalise_body(body: &str) -> String {
    let mut b = body.to_string();
    if b.ends_with('>') {
        if let Some(open) = b.rfind(" <") {
            let inner = &b[open + 2..b.len() - 1];
            if !inner.is_empty() && inner.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
                b.replace_range(open.., " <T>");
            }
        }
    }
    b = mask_run_numbers(&b);
    // The return's ` = `: the last `)` followed by spaces and `= `.
    let bytes = b.as_bytes();
    let mut at = None;
    for (i, _) in b.match_indices("= ") {
        let spaces = bytes[..i].iter().rev().take_while(|&&c| c == b' ').count();
        if spaces > 0 && i > spaces && bytes[i - spaces - 1] == b')' {
            at = Some((i - spaces, i));
        }
    }
    if let Some((from, to)) = at {
        b.replace_range(from..to, " ");
    }
    b
}

/// Numbers the kernel hands out afresh in every run and that `-yy` and `-v` show:
/// pipe, socket and anonymous inode numbers (`pipe:[350393]`), the inode of a file the
/// program created (`st_ino=`, `stx_ino=`, `d_ino=`), its times' nanoseconds, resource usage counts,
/// and the dates `-v` writes beside times (`/* 2026-... */`).
fn mask_run_numbers(line: &str) -> String {
    let mut s = line.to_string();
    for key in [
        "pipe:[",
        "socket:[",
        "st_ino=",
        "st_atime_nsec=",
        "st_mtime_nsec=",
        "st_ctime_nsec=",
        // A created file's inode in a directory listing, and -v's resource usage.
        "d_ino=",
        "stx_ino=",
        "ru_maxrss=",
        "ru_minflt=",
        "ru_majflt=",
        "ru_inblock=",
        "ru_oublock=",
        "ru_nvcsw=",
        "ru_nivcsw=",
    ] {
        crate::diff_strace::mask_digits_after(&mut s, key, "N");
    }
    s = mask_socket_details(&s);
    // An ephemeral port as -X raw shows it (`sin_port="\xa0\x71"`); `htons(N)` the
    // masker handles.
    for key in ["sin_port=\"", "sin6_port=\""] {
        let mut from = 0;
        while let Some(p) = s[from..].find(key) {
            let start = from + p + key.len();
            let Some(len) = s[start..].find('"') else {
                break;
            };
            s.replace_range(start..start + len, "N");
            from = start + 1;
        }
    }
    let mut from = 0;
    while let Some(p) = s[from..].find(" /* ") {
        let start = from + p + 4;
        let Some(len) = s[start..].find(" */") else {
            break;
        };
        let inner = &s[start..start + len];
        let is_date = inner.len() > 10
            && inner.as_bytes()[4] == b'-'
            && inner.as_bytes()[..4].iter().all(u8::is_ascii_digit);
        if is_date {
            s.replace_range(start..start + len, "DATE");
        }
        from = start + 1;
    }
    s
}

/// `-yy`'s socket details, fresh in every run: the inode (`<TCP:[1098785]>`,
/// `<UNIX:[1098746->1098747]>`) and the ports of its endpoints
/// (`<TCP:[127.0.0.1:39465->127.0.0.1:43396]>`): every number in the brackets that is
/// not part of a dotted address.
fn mask_socket_details(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(":[") {
        let head = &rest[..at];
        let proto_start = head.rfind('<').map(|i| i + 1);
        let is_proto = proto_start.is_some_and(|p| {
            let proto = &head[p..];
            !proto.is_empty()
                && proto.starts_with(|c: char| c.is_ascii_uppercase())
                && proto
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'v')
        });
        let end = rest[at..].find("]>").map(|e| at + e);
        let (true, Some(end)) = (is_proto, end) else {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        out.push_str(&rest[..at + 2]);
        let inner = &rest.as_bytes()[at + 2..end];
        let mut i = 0;
        while i < inner.len() {
            if inner[i].is_ascii_digit() {
                let j = i + inner[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let dotted = (i > 0 && inner[i - 1] == b'.') || inner.get(j) == Some(&b'.');
                if dotted {
                    out.push_str(std::str::from_utf8(&inner[i..j]).unwrap_or(""));
                } else {
                    out.push('N');
                }
                i = j;
            } else {
                let n = rest[at + 2 + i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[at + 2 + i..at + 2 + i + n]);
                i += n;
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A whole output, its lines parsed, and its pids masked in creation order.
fn normalised(text: &str, table: &IdTable) -> Vec<String> {
    let parsed: Vec<Parsed> = text.lines().map(parse).collect();
    // Each process's lines in order, for the masker (pids numbered in creation order).
    let mut by_pid: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for p in &parsed {
        by_pid
            .entry(p.pid.unwrap_or(i64::MAX))
            .or_default()
            .push(p.body.clone());
    }
    let threads: Vec<(i64, Vec<String>)> = by_pid.into_iter().collect();
    let masker = Masker::new(table, &threads);
    let mut masked: HashMap<i64, std::vec::IntoIter<String>> = threads
        .iter()
        .map(|(pid, lines)| (*pid, masker.mask_thread(lines).into_iter()))
        .collect();
    parsed
        .iter()
        .map(|p| {
            let key = p.pid.unwrap_or(i64::MAX);
            let body = masked
                .get_mut(&key)
                .and_then(Iterator::next)
                .unwrap_or_default();
            let body = mask_tracee_pids(&body, &masker, &threads);
            let prefix = match p.pid {
                Some(pid) => {
                    let token = masker.pid_token(pid).unwrap_or("PID?");
                    if p.bracketed {
                        format!("[pid {token}] ")
                    } else {
                        format!("{token} ")
                    }
                }
                None => String::new(),
            };
            format!("{prefix}{}{body}", p.stamp)
        })
        .collect()
}

/// Tracee pids the id table does not place (in `<... resumed>` parts, `+++` lines):
/// every whole number that is one of the run's pids.
fn mask_tracee_pids(line: &str, masker: &Masker<'_>, threads: &[(i64, Vec<String>)]) -> String {
    let mut out = String::with_capacity(line.len());
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let ends_word = end == b.len() || !b[end].is_ascii_alphanumeric();
            let value: Option<i64> = line[i..end].parse().ok();
            if let (true, Some(v)) = (ends_word, value) {
                if threads.iter().any(|(p, _)| *p == v) {
                    if let Some(t) = masker.pid_token(v) {
                        out.push_str(t);
                        i = end;
                        continue;
                    }
                }
            }
            out.push_str(&line[i..end]);
            i = end;
            continue;
        }
        let n = line[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&line[i..i + n]);
        i += n;
    }
    out
}

/// What a line is about, for the per-syscall report: the call's name, `<...>` for a
/// resumed part, `---`/`+++`, ` | ` for a dump line.
fn label(line: &str) -> String {
    let mut body = line;
    if let Some((_, b)) = body.strip_prefix("[pid ").and_then(|r| r.split_once("] ")) {
        body = b;
    } else if body.starts_with("PID") {
        body = body.split_once(' ').map_or(body, |(_, b)| b);
    }
    while let Some(b) = body.strip_prefix("TS ") {
        body = b;
    }
    // `-n`'s `[ 257] `, `-i`'s `[00007f...] `.
    while body.starts_with('[') {
        match body.split_once("] ") {
            Some((_, b)) => body = b,
            None => break,
        }
    }
    if body.starts_with("<... ") {
        return body
            .split_once(" resumed>")
            .map_or("<...>".into(), |(h, _)| format!("{h} resumed>"));
    }
    for p in ["---", "+++", "|"] {
        if body.starts_with(p) {
            return p.to_string();
        }
    }
    body.split('(').next().unwrap_or("").to_string()
}

/// Compares two whole outputs: a strace line is reproduced when ours has the same
/// normalised line not already claimed (the interleaving of processes, and so which
/// calls are split, follows timing).
pub fn compare(table: &IdTable, strace: &str, ours: &str) -> Comparison {
    let s = normalised(strace, table);
    let o = normalised(ours, table);
    let mut left: HashMap<&str, usize> = HashMap::new();
    for l in &o {
        *left.entry(l.as_str()).or_default() += 1;
    }
    let mut c = Comparison::default();
    let mut missed = Vec::new();
    for l in &s {
        c.strace_lines += 1;
        let e = c.per_syscall.entry(label(l)).or_default();
        e.0 += 1;
        match left.get_mut(l.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                c.exact += 1;
                e.1 += 1;
            }
            _ => missed.push(l.clone()),
        }
    }
    // Calls split in one run and not (or elsewhere) in the other: the missed lines of
    // each side, split parts joined, compared as whole calls.
    let ours_left: Vec<String> = o
        .iter()
        .filter(|l| match left.get_mut(l.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .cloned()
        .collect();
    let mut ours_joined: HashMap<String, usize> = HashMap::new();
    for (line, _) in join_split(&ours_left) {
        *ours_joined.entry(line).or_default() += 1;
    }
    let mut still_missed = Vec::new();
    for (line, parts) in join_split(&missed) {
        let was_split = parts.len() > 1;
        match ours_joined.get_mut(&line) {
            Some(n) if *n > 0 && (was_split || join_split_has(&ours_left, &line)) => {
                *n -= 1;
                c.split_elsewhere += parts.len();
            }
            _ => still_missed.extend(parts),
        }
    }
    // For the report: what ours has in the place of each missed line, by label.
    let mut ours_unclaimed: Vec<&String> = ours_left.iter().collect();
    for m in still_missed {
        let lab = label(&m);
        match ours_unclaimed.iter().position(|l| label(l) == lab) {
            Some(i) => c.differing.push((m, ours_unclaimed.remove(i).clone())),
            None => c.unmatched.push(m),
        }
    }
    c
}

/// Whether `line` is, among `lines`, a call that was split there.
fn join_split_has(lines: &[String], line: &str) -> bool {
    join_split(lines)
        .iter()
        .any(|(l, parts)| l == line && parts.len() > 1)
}

/// Each line with the split calls joined: `PID0 read(3 <unfinished ...>` and a later
/// `PID0 <... read resumed>, "a", 1) = 1` of the same process become `PID0 read(3, "a",
/// 1) = 1` (stamped as the first part), with the lines it was made of.
fn join_split(lines: &[String]) -> Vec<(String, Vec<String>)> {
    let owner = |l: &str| -> String {
        let (who, _) = split_owner(l);
        who.to_string()
    };
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut open: HashMap<String, usize> = HashMap::new();
    for l in lines {
        let who = owner(l);
        let (_, body) = split_owner(l);
        let body_no_ts = body.trim_start_matches("TS ");
        if let Some(rest) = body_no_ts.strip_prefix("<... ") {
            if let (Some(at), Some(i)) = (rest.find(" resumed>"), open.remove(&who)) {
                let tail = &rest[at + " resumed>".len()..];
                let (head, parts) = &mut out[i];
                *head = format!("{}{tail}", head.trim_end_matches(" <unfinished ...>"));
                parts.push(l.clone());
                continue;
            }
        }
        if l.ends_with(" <unfinished ...>") {
            open.insert(who, out.len());
        }
        out.push((l.clone(), vec![l.clone()]));
    }
    out.into_iter()
        .map(|(l, p)| (normalise_body(&l), p))
        .collect()
}

/// A normalised line's owner (`PID0`, `[pid PID0]`, or empty) and the rest.
fn split_owner(l: &str) -> (&str, &str) {
    if l.starts_with("[pid ") {
        if let Some(i) = l.find("] ") {
            return (&l[..i + 1], &l[i + 2..]);
        }
    }
    if l.starts_with("PID") {
        if let Some((who, rest)) = l.split_once(' ') {
            return (who, rest);
        }
    }
    ("", l)
}

/// Runs `cmd` under strace (`-o`) and under syscall-tracer (`--format=strace -o`), both
/// with `opts`, in `work`, and compares the outputs. `follow`: `-f` for both (else ours
/// gets `--no-follow`, strace's default). `baseline`: strace in ours' place, for the
/// figure two runs of strace itself reach.
pub fn run(
    table: &IdTable,
    tracer: &Path,
    cmd: &[String],
    work: &Path,
    opts: &[String],
    follow: bool,
    baseline: bool,
) -> Result<Comparison> {
    std::fs::create_dir_all(work)?;
    let theirs = work.join("strace.txt");
    let ours = work.join("ours.txt");
    let follow_given = opts.iter().any(|o| o == "-f" || o == "--follow-forks");
    let mut extra: Vec<&str> = Vec::new();
    if follow && !follow_given {
        extra.push("-f");
    }
    let limit = ["-k", "5", crate::diff_strace::RUN_LIMIT];
    let quiet = |c: &mut Command| {
        c.stdout(Stdio::null())
            .stderr(Stdio::null())
            .stdin(Stdio::null());
    };
    let mut s = Command::new("timeout");
    s.args(limit).arg(strace_binary()).args(&extra).args(opts);
    s.arg("-o").arg(&theirs).arg("--").args(cmd);
    quiet(&mut s);
    // Both commands' standard error is one file, at one path (ours' tells a refused
    // option): `-yy` shows fd 2's path, and `fstat(2)` what it is.
    let err = work.join("stderr.txt");
    s.stderr(std::fs::File::create(&err)?);
    s.status().context("running strace (is it installed?)")?;
    let mut o = Command::new("timeout");
    // strace 7.2 runs through a shell script (`cargo xtask oracle`'s launcher), and the
    // shell re-exports the environment in its own order, which execve under -v shows:
    // ours goes through one shell too, so both commands get the same environment.
    let through_shell = !baseline && is_script(Path::new(strace_binary()));
    if through_shell {
        o.args(limit).args(["/bin/sh", "-c", "exec \"$@\"", "sh"]);
    }
    if baseline {
        // strace against itself: what two runs differ by anyway.
        o.args(limit).arg(strace_binary());
    } else {
        if !through_shell {
            o.args(limit);
        }
        o.arg(tracer).arg("--format=strace");
        if !follow && !follow_given {
            o.arg("--no-follow");
        }
    }
    o.args(&extra)
        .args(opts)
        .arg("-o")
        .arg(&ours)
        .arg("--")
        .args(cmd);
    quiet(&mut o);
    o.stderr(std::fs::File::create(&err)?);
    o.status()?;
    let said = std::fs::read_to_string(&err).unwrap_or_default();
    let empty = std::fs::metadata(&ours).map_or(true, |m| m.len() == 0);
    if empty && (said.contains("error:") || !ours.exists()) {
        // A usage error: an option ours does not take (yet), said in its own line.
        bail!(
            "syscall-tracer refused the options {opts:?}: {}",
            said.lines().last().unwrap_or("no output")
        );
    }
    Ok(compare(
        table,
        &std::fs::read_to_string(&theirs)?,
        &std::fs::read_to_string(&ours)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static IdTable {
        crate::kernel_ids::test_table()
    }

    #[test]
    fn prefixes_stamps_and_times_are_normalised() {
        let p = parse("14732 14:00:24.563874 getpid()                 = 14732 <0.000012>");
        assert_eq!(p.pid, Some(14732));
        assert_eq!(p.stamp, "TS ");
        assert_eq!(p.body, "getpid() = 14732 <T>");
        let p = parse("[pid 13054] <... write resumed>)        = 2");
        assert_eq!((p.pid, p.bracketed), (Some(13054), true));
        assert_eq!(p.body, "<... write resumed>) = 2");
        let p = parse("     0.000192 (+     0.000001) write(1, \"a = b\", 5) = 5");
        assert_eq!(p.stamp, "TS TS ");
        assert_eq!(p.body, "write(1, \"a = b\", 5) = 5");
        let p = parse("1796652024.580258 +++ exited with 0 +++");
        assert_eq!((p.pid, p.stamp.as_str()), (None, "TS "));
    }

    #[test]
    fn runs_with_other_pids_and_times_compare_equal() {
        let a = "100   12:00:00.000001 clone(child_stack=NULL) = 101\n\
                 101   12:00:00.000002 getpid()                = 101\n\
                 100   12:00:00.000003 wait4(101 <unfinished ...>\n\
                 101   12:00:00.000004 +++ exited with 0 +++\n\
                 100   12:00:00.000005 <... wait4 resumed>, NULL, 0, NULL) = 101\n";
        let b = a
            .replace("100  ", "2000 ")
            .replace("101", "2001")
            .replace("12:00:00", "13:14:15");
        let c = compare(table(), a, &b);
        assert_eq!((c.exact, c.strace_lines), (5, 5), "{c:?}");
        let worse = b.replace("getpid()", "getppid()");
        let c = compare(table(), a, &worse);
        assert_eq!(c.exact, 4);
    }

    #[test]
    fn a_call_split_in_one_run_only_counts_apart_from_exact_lines() {
        let a = "100   write(1, \"a\", 1 <unfinished ...>\n\
                 101   getpid()                = 101\n\
                 100   <... write resumed>)    = 1\n";
        let b = "200   write(1, \"a\", 1)        = 1\n\
                 201   getpid()                = 201\n";
        let c = compare(table(), a, b);
        assert_eq!(
            (c.exact, c.split_elsewhere, c.strace_lines),
            (1, 2, 3),
            "{c:?}"
        );
        let c = compare(table(), b, a);
        assert_eq!(
            (c.exact, c.split_elsewhere, c.strace_lines),
            (1, 1, 2),
            "{c:?}"
        );
        // A different call is no match either way.
        let worse = b.replace("\"a\"", "\"b\"");
        let c = compare(table(), a, &worse);
        assert_eq!((c.exact, c.split_elsewhere), (1, 0), "{c:?}");
    }

    #[test]
    fn fresh_kernel_numbers_and_dates_are_masked() {
        assert_eq!(
            mask_run_numbers("pipe([6<pipe:[350393]>, 7<pipe:[350393]>]) = 0"),
            "pipe([6<pipe:[N]>, 7<pipe:[N]>]) = 0"
        );
        assert_eq!(
            mask_run_numbers("st_ino=10010927, st_atime=T /* 2026-12-07T14:00:24.56+0000 */"),
            "st_ino=N, st_atime=T /* DATE */"
        );
        assert_eq!(mask_run_numbers("x /* MAP_??? */"), "x /* MAP_??? */");
        assert_eq!(
            mask_run_numbers("f(3<TCP:[127.0.0.1:39465->127.0.0.1:43396]>, 4<UNIX:[17->18]>)"),
            "f(3<TCP:[127.0.0.1:N->127.0.0.1:N]>, 4<UNIX:[N->N]>)"
        );
        assert_eq!(
            mask_run_numbers("socket(AF_INET6) = 4<UDPv6:[1098787]>, \"a:[1]>\""),
            "socket(AF_INET6) = 4<UDPv6:[N]>, \"a:[1]>\""
        );
        assert_eq!(
            mask_run_numbers("st_atime_nsec=93183530, st_mtime_nsec=1}"),
            "st_atime_nsec=N, st_mtime_nsec=N}"
        );
        assert_eq!(
            mask_run_numbers(r#"{sa_family=0x2, sin_port="\xa0\x71", sin_addr="\x7f"}"#),
            r#"{sa_family=0x2, sin_port="N", sin_addr="\x7f"}"#
        );
    }

    proptest::proptest! {
        /// Any line, well formed or not, is parsed and normalised without a panic.
        #[test]
        fn any_line_is_normalised(line in r#"[ -~]{0,80}"#) {
            let _ = parse(&line);
            let _ = compare(table(), &line, &line);
        }
    }
}
