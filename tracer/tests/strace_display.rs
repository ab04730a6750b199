//! The display options — `-x`, `-xx`, `--strings-in-hex=`, `-X raw|abbrev|verbose` /
//! `--const-print-style=`, `-e raw=SET` — compared with strace 7.2 on a real program:
//! the same options and the same `-e trace=` set given to both, the call lines the same
//! byte for byte once our `[ts] pid= tid=` prefix and latency are stripped and strace's
//! column padding is collapsed. Addresses (the loader's, the stack's) and the child's
//! pid differ from run to run and are masked in both. Also: a replay honours them, and
//! bad values are one line and exit code 2.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// The calls `display.c` makes (and the loader's before them).
const TRACE: &str = "trace=write,openat,fcntl,lseek,access,umask,mkdirat,mknodat,socket,\
                     setsockopt,rt_sigaction,rt_sigprocmask,prlimit64,mmap,mprotect,madvise,\
                     prctl,clone,connect,statx";

/// Always true: a missing oracle fails the test (see `common::strace72`).
/// What differs between two runs of one program: addresses of the loader's mappings, the
/// stack and the executable (ASLR: any hex number of 9 digits or more), socket inodes
/// under `-y` (also spelled in hex under `-xx`), and the pid clone returns.
fn masked(line: &str) -> String {
    let addr = regex::Regex::new(r"0x[0-9a-f]{9,}").unwrap();
    let socket = regex::Regex::new(
        r"<(socket:\[\d+\]|\\x73\\x6f\\x63\\x6b\\x65\\x74\\x3a\\x5b(\\x3\d)+\\x5d)>",
    )
    .unwrap();
    let pid = regex::Regex::new(r"^(clone\(.*\) = )\d+$").unwrap();
    let line = addr.replace_all(line, "ADDR");
    let line = socket.replace_all(&line, "<SOCKET>");
    pid.replace(&line, "${1}PID").into_owned()
}

/// strace 7.2's call lines for `opts`, each `<unfinished ...>` part joined to its
/// `<... resumed>` part, padding collapsed, masked.
fn strace_lines(opts: &[&str], prog: &Path) -> Vec<String> {
    let out = temp_path("strace72");
    let status = Command::new(strace72())
        .args(["-f", "-qq", "-o"])
        .arg(&out)
        .args(opts)
        .args(["-e", TRACE])
        .arg(prog)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let pid_prefix = regex::Regex::new(r"^\d+ +").unwrap();
    let padding = regex::Regex::new(r"\) +=( |$)").unwrap();
    let mut lines: Vec<String> = Vec::new();
    let mut open: Option<usize> = None;
    for l in text.lines() {
        let l = pid_prefix.replace(l, "");
        if l.starts_with("+++") || l.starts_with("---") {
            continue;
        }
        if let Some(head) = l.strip_suffix(" <unfinished ...>") {
            open = Some(lines.len());
            lines.push(head.to_string());
            continue;
        }
        if let (Some(i), Some(at)) = (open, l.find(" resumed>")) {
            if l.starts_with("<... ") {
                let rest = lines[i].clone() + &l[at + " resumed>".len()..];
                lines[i] = rest;
                open = None;
                continue;
            }
        }
        lines.push(l.into_owned());
    }
    lines
        .iter()
        .map(|l| masked(&padding.replace(l, ") =$1")))
        .collect()
}

/// Our call lines for the same options: prefix and latency stripped, masked.
fn our_lines(opts: &[&str], prog: &Path) -> Vec<String> {
    let out = temp_path("display");
    // Standard output to /dev/null, as for strace: `-y` shows what fd 1 is.
    let status = tracer()
        .arg("-o")
        .arg(&out)
        .args(opts)
        .args(["-e", TRACE, "--"])
        .arg(prog)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    calls_of(&text)
}

fn calls_of(trace: &str) -> Vec<String> {
    let latency = regex::Regex::new(r" \(\d+\.\d+s\)$").unwrap();
    merge_resumed(&parse_lines(trace))
        .iter()
        .filter(|l| l.is_call())
        .map(|l| masked(&latency.replace(&l.rest, "")))
        .collect()
}

/// Both tools with `opts`: the same call lines, in order.
fn assert_same_as_strace(opts: &[&str]) {
    let prog = program("display");
    let theirs = strace_lines(opts, &prog);
    let ours = our_lines(opts, &prog);
    assert!(theirs.len() > 20, "strace showed too little: {theirs:#?}");
    for (s, o) in theirs.iter().zip(&ours) {
        assert_eq!(o, s, "with {opts:?}");
    }
    assert_eq!(
        ours.len(),
        theirs.len(),
        "with {opts:?}: {ours:#?}\n{theirs:#?}"
    );
}

#[test]
fn strings_in_hex_as_strace_shows_them() {
    for opts in [
        &["-x"][..],
        &["-xx"],
        &["-xxx"],
        &["--strings-in-hex"],
        &["--strings-in-hex=all"],
        &["--strings-in-hex=non-ascii"],
        &["--strings-in-hex=non-ascii-chars"],
        &["--strings-in-hex=none"],
        &["-xx", "-y"],
    ] {
        assert_same_as_strace(opts);
    }
}

#[test]
fn constants_raw_abbrev_and_verbose_as_strace_shows_them() {
    for opts in [
        &["-X", "raw"][..],
        &["-X", "verbose"],
        &["-X", "abbrev"],
        &["--const-print-style=raw"],
        &["--const-print-style=verbose"],
        &["-X", "verbose", "-x"],
    ] {
        assert_same_as_strace(opts);
    }
}

#[test]
fn raw_calls_as_strace_shows_them() {
    // Calls whose registers hold no address that changes from run to run (mmap's is
    // fixed, setsockopt's points at the stack, masked), and failures among them.
    let set = "raw=lseek,fcntl,umask,socket,setsockopt,mprotect,madvise,rt_sigprocmask";
    assert_same_as_strace(&["-e", set]);
    assert_same_as_strace(&["-e", "x=%memory"]);
    assert_same_as_strace(&["--raw=fcntl,socket", "-X", "verbose"]);
}

#[test]
fn a_replay_shows_a_recording_under_other_display_options() {
    let prog = program("display");
    let rec = temp_path("display-rec");
    let live = trace(&[
        "--record",
        rec.to_str().unwrap(),
        "-e",
        TRACE,
        "--",
        prog.to_str().unwrap(),
    ]);
    assert_eq!(live.code(), Some(0), "{}", live.stderr());
    for opts in [&["-X", "verbose"][..], &["-xx"], &["-e", "raw=fcntl,lseek"]] {
        let out = tracer()
            .arg("replay")
            .arg(&rec)
            .args(opts)
            .args(["-e", TRACE])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let ours = calls_of(&String::from_utf8_lossy(&out.stderr));
        let theirs = strace_lines(opts, &prog);
        assert_eq!(ours, theirs, "replay with {opts:?}");
    }
    let _ = std::fs::remove_file(&rec);
}

#[test]
fn bad_display_values_are_one_line_and_exit_2() {
    for (args, line) in [
        (
            &["-X", "names"][..],
            "invalid -X argument: 'names' (raw, abbrev, verbose)",
        ),
        (
            &["--strings-in-hex=some"],
            "invalid --strings-in-hex argument: 'some' (none, non-ascii-chars, non-ascii, all)",
        ),
    ] {
        let out = tracer().args(args).args(["--", "true"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(line), "{err}");
    }
    let out = tracer()
        .args(["-e", "raw=nosuchcall", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
