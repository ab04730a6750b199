//! `--format=strace` against strace 7.2 (`cargo xtask oracle`) with the same options,
//! on real programs: whole outputs compared line by line
//! after what differs between any two runs is masked alike on both sides, keeping
//! widths (pids, addresses, the digits of times), so `-a`'s alignment is compared
//! exactly. A fork and threads, whose interleaving follows timing, are compared with
//! their split calls joined, and strace's rules for `[pid N]` and `<unfinished ...>`
//! are checked on our output itself.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// strace 7.2, the oracle (`common::strace72`: a missing one fails the test).
fn oracle() -> Option<&'static str> {
    Some(strace72())
}

/// The calls the single-process tests show: the decoder renders them as strace does.
const CALLS: &str = "trace=pipe2,write,read,getpid,openat,exit_group";

/// Runs `tool` (strace, or ours with `--format=strace`) with `opts` on `prog args`, the
/// trace into a `-o` file (or on stderr when `to_file` is false).
fn run(ours: bool, opts: &[&str], to_file: bool, prog: &Path, args: &[&str]) -> String {
    let mut c = match ours {
        true => {
            let mut c = tracer();
            c.arg("--format=strace");
            c
        }
        false => Command::new(oracle().expect("strace")),
    };
    let out = temp_path(if ours { "ours" } else { "strace" });
    if to_file {
        c.arg("-o").arg(&out);
    }
    let output = c
        .args(opts)
        .arg("--")
        .arg(prog)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    if !to_file {
        return String::from_utf8_lossy(&output.stderr).into_owned();
    }
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    text
}

/// strace's and our output with the same options.
fn both(opts: &[&str], to_file: bool, prog: &Path, args: &[&str]) -> (String, String) {
    (
        run(false, opts, to_file, prog, args),
        run(true, opts, to_file, prog, args),
    )
}

/// Masks what differs between two runs, keeping every width: pids become `P0`, `P1`...
/// in numeric order (padded with `_`), addresses `0xAAAA...`, the digits of
/// timestamps and call times `N`.
fn normalise(text: &str) -> Vec<String> {
    let text = &unbroken(text);
    let prefix = regex::Regex::new(r"^(?:(\d+) +|\[pid +(\d+)\] )").unwrap();
    let getpid = regex::Regex::new(r"getpid\(\) += (\d+)").unwrap();
    // strace's messages start with its name as invoked.
    let notice = regex::Regex::new(r"^\S+: Process (\d+) ").unwrap();
    // Processes that strace says were attached (children) are `C0`, `C1`...; the
    // others (the launched one) `P0`...: a process whose lines have no prefix at all is
    // then still told from a child.
    let mut pids = BTreeSet::new();
    let mut children = BTreeSet::new();
    for l in text.lines() {
        if let Some(c) = notice.captures(l) {
            children.insert(c[1].parse::<u64>().unwrap());
        }
        for re in [&prefix, &getpid] {
            if let Some(c) = re.captures(l) {
                let m = c.get(1).or_else(|| c.get(2)).unwrap();
                pids.insert(m.as_str().parse::<u64>().unwrap());
            }
        }
    }
    let token = |v: u64| -> Option<String> {
        if let Some(i) = children.iter().position(|p| *p == v) {
            return Some(format!("C{i}"));
        }
        pids.iter()
            .filter(|p| !children.contains(p))
            .position(|p| *p == v)
            .map(|i| format!("P{i}"))
    };
    let number = regex::Regex::new(r"\b\d+\b").unwrap();
    let address = regex::Regex::new(r"0x[0-9a-f]{5,}").unwrap();
    let time = regex::Regex::new(r" <\d+(\.\d+)?>$").unwrap();
    text.lines()
        .map(|l| {
            let l = &*notice.replace(l, "strace: Process $1 ");
            let start = prefix.find(l).map_or(0, |m| m.end());
            let (head, rest) = l.split_at(start);
            let (stamps, body) = split_stamps(rest);
            let digits_to_n = |s: &str| s.replace(|c: char| c.is_ascii_digit(), "N");
            let body = time.replace(body, |c: &regex::Captures| digits_to_n(&c[0]));
            let body = address.replace_all(&body, |c: &regex::Captures| {
                format!("0x{}", "A".repeat(c[0].len() - 2))
            });
            let pid_mask = |c: &regex::Captures| {
                let s = &c[0];
                match s.parse::<u64>().ok().and_then(token) {
                    Some(t) => format!("{t:_<w$}", w = s.len()),
                    None => s.to_string(),
                }
            };
            let head = number.replace_all(head, pid_mask);
            let body = number.replace_all(&body, pid_mask);
            format!("{head}{}{body}", digits_to_n(stamps))
        })
        .collect()
}

/// strace's messages are written in the middle of an open line when they come then
/// (`wait4(7strace: Process 8 attached\n <unfinished ...>`): each such message is put on
/// a line of its own before the line it broke, which is joined again.
fn unbroken(text: &str) -> String {
    let broken =
        regex::Regex::new(r"^(.*?)((?:/[^/\s]+)+: Process \d+ (?:attached|detached))$").unwrap();
    let mut out = String::new();
    let mut carry = String::new();
    for l in text.lines() {
        let l = format!("{carry}{l}");
        carry.clear();
        match broken.captures(&l).filter(|c| !c[1].is_empty()) {
            Some(c) => {
                out.push_str(&c[2]);
                out.push('\n');
                carry = c[1].to_string();
            }
            None => {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    out.push_str(&carry);
    out
}

/// The timestamps at the start of a line (after its pid prefix), and the rest.
fn split_stamps(s: &str) -> (&str, &str) {
    let mut at = 0;
    loop {
        let rest = &s[at..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let r = &rest[spaces..];
        let token_end = if r.starts_with("(+") {
            r.find(") ").map(|e| e + 2)
        } else {
            r.find(' ')
                .filter(|&e| {
                    e > 0
                        && r[..e]
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
                })
                .map(|e| e + 1)
        };
        match token_end {
            Some(e) => at += spaces + e,
            None => return s.split_at(at),
        }
    }
}

fn assert_same(opts: &[&str], theirs: &str, ours: &str) {
    let (t, o) = (normalise(theirs), normalise(ours));
    assert!(!t.is_empty(), "strace printed nothing with {opts:?}");
    assert_eq!(
        t.join("\n"),
        o.join("\n"),
        "with {opts:?}\nstrace:\n{theirs}\nours:\n{ours}"
    );
}

#[test]
fn one_process_prints_what_strace_prints_with_every_decoration() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    let sets: &[&[&str]] = &[
        &[],
        &["-tt", "-T"],
        &["-t"],
        &["-ttt"],
        &["-r"],
        &["-r", "-tt"],
        &["-n"],
        &["-a", "20"],
        &["-a5"],
        &["--columns=60"],
        &["--timestamps=unix,ms", "--syscall-times=ns"],
        &["--absolute-timestamps=format:time,precision:ns"],
        &["--relative-timestamps=ms"],
        &["--syscall-times=s"],
        &["--always-show-pid"],
        // Into a -o file, -f prefixes every line with the pid.
        &["-f"],
        &["-f", "-n", "-tt", "-T", "-a", "30"],
        // Hex dumps: the pipe's ends are 3 (read) and 4 (write); all of the loader's
        // reads of fd 3 too.
        &["-e", "read=3", "-e", "write=4"],
        &["-e", "write=all", "-e", "read=!0"],
        &["--write=1", "--read=3", "-T"],
    ];
    for opts in sets {
        let mut all = vec!["-e", CALLS];
        all.extend_from_slice(opts);
        let (theirs, ours) = both(&all, true, &prog, &[]);
        assert_same(&all, &theirs, &ours);
    }
}

#[test]
fn vectored_calls_dump_each_buffer_as_strace_does() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    for opts in [
        &[
            "-e",
            "trace=writev,readv",
            "-e",
            "write=all",
            "-e",
            "read=all",
        ][..],
        &["-e", "trace=writev,readv", "-e", "read=3"],
    ] {
        let (theirs, ours) = both(opts, true, &prog, &["vectors"]);
        assert!(theirs.contains(" bytes in buffer 1"), "{theirs}");
        assert_same(opts, &theirs, &ours);
    }
}

#[test]
fn on_stderr_too() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    for opts in [&["-e", CALLS][..], &["-e", CALLS, "-f", "-T"]] {
        let (theirs, ours) = both(opts, false, &prog, &[]);
        assert_same(opts, &theirs, &ours);
    }
}

/// Whose a line is (the prefix's pid, `None` without one) and its body.
fn owner(line: &str) -> (Option<String>, String) {
    let (pid, body) = prefix_owner(line);
    // On stderr the first process's lines have no prefix while it is alone.
    (pid.or(Some("P0".to_string())), body)
}

fn prefix_owner(line: &str) -> (Option<String>, String) {
    let re = regex::Regex::new(r"^(?:([PC]\d+)_* +|\[pid +([PC]\d+)_*\] )").unwrap();
    match re.captures(line) {
        Some(c) => (
            c.get(1)
                .or_else(|| c.get(2))
                .map(|m| m.as_str().to_string()),
            line[c.get(0).unwrap().end()..].to_string(),
        ),
        None => (None, line.to_string()),
    }
}

/// Joins each `X <unfinished ...>` with its `<... name resumed>Y` (the same owner) into
/// `XY`, with the padding before ` = ` collapsed; checks strace's rule on the way: a call
/// is split only when another process's line came between its parts. Sorted.
fn joined(lines: &[String], who: &str) -> Vec<String> {
    let pad = regex::Regex::new(r"\) +=").unwrap();
    let mut open: std::collections::HashMap<Option<String>, (String, usize)> = Default::default();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let (pid, body) = owner(l);
        if let Some(head) = body.strip_suffix(" <unfinished ...>") {
            open.insert(pid.clone(), (head.to_string(), i));
            continue;
        }
        if let Some(rest) = body.strip_prefix("<... ") {
            let (head, at) = open
                .remove(&pid)
                .unwrap_or_else(|| panic!("{who}: resumed without its start: {l}"));
            assert!(
                lines[at + 1..i].iter().any(|m| owner(m).0 != pid),
                "{who}: {l} split with no other process's line in between"
            );
            let rest = &rest[rest.find(" resumed>").unwrap() + " resumed>".len()..];
            out.push(
                pad.replace(&format!("{pid:?} {head}{rest}"), ") =")
                    .into_owned(),
            );
            continue;
        }
        out.push(pad.replace(&format!("{pid:?} {body}"), ") =").into_owned());
    }
    assert!(
        open.is_empty() || open.values().all(|(h, _)| h.starts_with("exit")),
        "{who}: calls never resumed: {open:?}"
    );
    out.sort();
    out
}

#[test]
fn a_fork_shows_pid_prefixes_as_strace_does() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    let calls = ["-e", "trace=write,wait4,exit_group", "-f"];
    // Into a file: every line starts with its pid.
    let (theirs, ours) = both(&calls, true, &prog, &["fork"]);
    let (t, o) = (normalise(&theirs), normalise(&ours));
    assert!(o.iter().all(|l| prefix_owner(l).0.is_some()), "{ours}");
    assert_eq!(joined(&t, "strace"), joined(&o, "ours"), "{theirs}\n{ours}");
    // On stderr: `[pid N] ` while there are two processes; none before the fork or
    // after the child is gone.
    let (theirs, ours) = both(&calls, false, &prog, &["fork"]);
    for (who, text) in [("strace", &theirs), ("ours", &ours)] {
        let lines = normalise(text);
        let child: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("\"child\\n\""))
            .collect();
        assert!(
            child
                .iter()
                .all(|l| l.starts_with("[pid ") && prefix_owner(l).0.as_deref() == Some("C0")),
            "{who}: the child's lines are prefixed:\n{text}"
        );
        let last = lines.last().unwrap();
        assert_eq!(last, "+++ exited with 0 +++", "{who}:\n{text}");
    }
    let (t, o) = (normalise(&theirs), normalise(&ours));
    assert_eq!(joined(&t, "strace"), joined(&o, "ours"), "{theirs}\n{ours}");
}

#[test]
fn threads_split_calls_as_strace_does() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    let calls = ["-e", "trace=write", "-f"];
    let (theirs, ours) = both(&calls, true, &prog, &["threads"]);
    let (t, o) = (normalise(&theirs), normalise(&ours));
    assert_eq!(joined(&t, "strace"), joined(&o, "ours"), "{theirs}\n{ours}");
}

#[test]
fn our_format_shows_the_syscall_number_as_strace_numbers_it() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    let theirs = run(false, &["-n", "-e", CALLS], true, &prog, &[]);
    let ours = trace(&["-n", "-e", CALLS, "--", prog.to_str().unwrap()]).trace;
    let numbered = regex::Regex::new(r"(\[ *\d+\] [a-z_0-9]+)\(").unwrap();
    let pick = |text: &str| -> Vec<String> {
        numbered
            .captures_iter(text)
            .map(|c| c[1].to_string())
            .collect()
    };
    let t = pick(&theirs);
    assert!(t.iter().any(|l| l == "[   1] write"), "{theirs}");
    assert_eq!(t, pick(&ours), "{theirs}\n{ours}");
}

/// The files `-ff -o PREFIX` wrote, by their order of creation (the tid's order), each
/// normalised.
fn separate_files(prefix: &Path) -> Vec<Vec<String>> {
    let dir = prefix.parent().unwrap();
    let stem = format!("{}.", prefix.file_name().unwrap().to_string_lossy());
    let mut files: Vec<(u64, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let tid = name.strip_prefix(&stem)?.parse().ok()?;
            let text = std::fs::read_to_string(&p).unwrap();
            let _ = std::fs::remove_file(&p);
            Some((tid, text))
        })
        .collect();
    files.sort();
    // A thread's file names no other thread: its pids (the child's in wait4, si_pid)
    // are masked as numbers only.
    files
        .iter()
        .map(|(_, t)| {
            normalise(t)
                .into_iter()
                .map(|l| {
                    regex::Regex::new(r"\b\d{3,}\b")
                        .unwrap()
                        .replace_all(&l, "PID")
                        .into_owned()
                })
                .collect()
        })
        .collect()
}

#[test]
fn ff_writes_one_file_per_thread_as_strace_does() {
    if oracle().is_none() {
        return;
    }
    let prog = program("strace_format");
    for mode in ["fork", "threads"] {
        let theirs = temp_path("ff-strace");
        let ours = temp_path("ff-ours");
        let opts = ["-ff", "-e", "trace=write,wait4,exit_group,exit"];
        let run_one = |mut c: Command, out: &Path| {
            let status = c
                .args(opts)
                .arg("-o")
                .arg(out)
                .arg("--")
                .arg(&prog)
                .arg(mode)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        };
        run_one(Command::new(oracle().unwrap()), &theirs);
        let mut c = tracer();
        c.arg("--format=strace");
        run_one(c, &ours);
        assert!(!ours.exists(), "-ff writes no FILE itself");
        // Within a file the order is the thread's own, but a child's SIGCHLD may come
        // before or after the parent's wait4 returns: each file's lines compared sorted.
        let sorted = |files: Vec<Vec<String>>| -> Vec<Vec<String>> {
            files
                .into_iter()
                .map(|mut f| {
                    f.sort();
                    f
                })
                .collect()
        };
        let (t, o) = (
            sorted(separate_files(&theirs)),
            sorted(separate_files(&ours)),
        );
        assert_eq!(t.len(), 2, "{mode}: two threads or processes: {t:?}");
        assert_eq!(t, o, "{mode}");
    }
}

#[test]
fn signal_lines_follow_const_print_style_as_strace_does() {
    if oracle().is_none() {
        return;
    }
    // A child that exits 3 (CLD_EXITED, si_status a number) and one killed by SIGKILL
    // (CLD_KILLED, si_status a signal): strace 7.2 writes si_signo, si_code and a
    // signal's si_status as -X says, in its `--- SIGCHLD {...} ---` lines too.
    let prog = program("strace_format");
    let sh = Path::new("/bin/sh");
    for style in ["raw", "verbose", "abbrev"] {
        let opts = ["-f", "-e", "trace=none", "-X", style];
        for (p, args) in [
            (prog.as_path(), &["fork"][..]),
            (sh, &["-c", "sh -c 'kill -9 $$'; true"][..]),
        ] {
            let (theirs, ours) = both(&opts, true, p, args);
            let (mut t, mut o) = (normalise(&theirs), normalise(&ours));
            assert!(t.iter().any(|l| l.contains("--- SIGCHLD {")), "{theirs}");
            t.sort();
            o.sort();
            assert_eq!(t, o, "-X {style}\nstrace:\n{theirs}\nours:\n{ours}");
        }
    }
}

#[test]
fn calls_with_a_const_style_of_their_own_as_strace_shows_them() {
    if oracle().is_none() {
        return;
    }
    let prog = program("const_styles");
    for style in ["raw", "verbose", "abbrev"] {
        let opts = [
            "-e",
            "trace=ioprio_set,ioprio_get,syslog,capget,capset,quotactl",
            "-X",
            style,
        ];
        let (theirs, ours) = both(&opts, true, &prog, &[]);
        assert!(
            theirs.contains("syslog(10 /* SYSLOG_ACTION_SIZE_BUFFER */"),
            "{theirs}"
        );
        assert_same(&opts, &theirs, &ours);
    }
}

#[test]
fn verbose_statx_shows_the_times_the_kernel_filled_in_as_strace_does() {
    if oracle().is_none() {
        return;
    }
    let prog = program("statx_masks");
    let opts = ["-v", "-e", "trace=statx"];
    let (theirs, ours) = both(&opts, true, &prog, &[]);
    // What differs between runs: the file's name (the pid), inode, change and birth
    // times; its access and modification times are set.
    let fresh = regex::Regex::new(
        r"statx_masks\.\d+|stx_ino=\d+|(stx_[bc]time=)\{[^}]*\}( /\* [^*]* \*/)?",
    )
    .unwrap();
    let mask = |t: &str| fresh.replace_all(t, "${1}X").into_owned();
    let (theirs, ours) = (mask(&theirs), mask(&ours));
    assert!(theirs.contains("stx_mtime="), "{theirs}");
    assert_same(&opts, &theirs, &ours);
}
