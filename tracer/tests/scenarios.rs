//! The engine against real programs (built from tests/programs/*.c): every thread shows
//! up, calls pair up, the first line is the launched execve, and the program's own output
//! and exit status are what they are untraced.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;

/// Traces `prog` (no arguments) and checks what every scenario needs: the program's
/// output and exit status are what they are untraced (0), the first line is its execve,
/// and every call's entry pairs with its exit.
fn traced_as_untraced(prog: &std::path::Path) -> (Traced, Vec<Line>) {
    let t = trace(&["--", prog.to_str().unwrap()]);
    let plain = untraced(prog, &[]);
    assert_eq!(t.stdout(), String::from_utf8_lossy(&plain.stdout));
    assert_eq!(t.code(), Some(0));
    let lines = t.lines();
    first_is_execve(&lines);
    assert_calls_paired(&lines);
    (t, lines)
}

fn first_is_execve(lines: &[Line]) {
    let first = lines.first().expect("empty trace");
    assert!(
        first.rest.starts_with("execve("),
        "first line is not the execve: {first:?}"
    );
    assert!(first.rest.contains(" = 0 ("), "execve failed: {first:?}");
}

fn tids(lines: &[Line]) -> BTreeSet<i32> {
    lines.iter().map(|l| l.tid).collect()
}

#[test]
fn single_threaded() {
    let prog = program("hello");
    let p = prog.to_str().unwrap();
    let t = trace(&["--", p, "/etc/hostname", "7"]);
    let plain = untraced(&prog, &["/etc/hostname", "7"]);
    assert_eq!(t.stdout(), String::from_utf8_lossy(&plain.stdout));
    assert_eq!(
        t.code(),
        Some(7),
        "the command's exit status is passed through"
    );
    let lines = t.lines();
    first_is_execve(&lines);
    assert_calls_paired(&lines);
    let pid = lines[0].pid;
    assert!(lines.iter().all(|l| l.pid == pid && l.tid == pid));
    assert_eq!(lines.last().unwrap().rest, "+++ exited with 7 +++");
    assert!(lines[lines.len() - 2].rest.starts_with("exit_group("));
    assert!(lines[lines.len() - 2].rest.ends_with(" = ?"));
    let greeting = lines
        .iter()
        .filter(|l| l.call() == "write" && l.rest.contains(" = 22 ("))
        .count();
    assert_eq!(greeting, 1, "{}", t.trace);
    if decoder_is_real() {
        assert!(
            lines[0].rest.starts_with(&format!(
                "execve(\"{p}\", [{}, \"/etc/hostname\", \"7\"]",
                quoted_with_limit(p, 32)
            )),
            "{:?}",
            lines[0]
        );
        assert!(
            lines.iter().any(|l| l
                .rest
                .starts_with("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3")),
            "{}",
            t.trace
        );
        assert!(lines
            .iter()
            .any(|l| l.rest.contains("\"/nonexistent/syscall-tracer-test\"")
                && l.rest.contains("= -1 ENOENT (No such file or directory)")));
        assert!(lines.iter().any(|l| l
            .rest
            .starts_with("write(1, \"hello from the tracee\\n\", 22) = 22")));
    }
}

#[test]
fn threads_created_while_tracing() {
    let prog = program("threads");
    let t = trace(&["--", prog.to_str().unwrap()]);
    assert_eq!(t.code(), Some(0));
    let plain = untraced(&prog, &[]);
    assert_eq!(
        sorted_lines(&t.stdout()),
        sorted_lines(&String::from_utf8_lossy(&plain.stdout))
    );
    let lines = t.lines();
    first_is_execve(&lines);
    assert_calls_paired(&lines);
    let expected: BTreeSet<i32> = reported_ids(&t.stderr()).into_iter().collect();
    assert_eq!(expected.len(), 5, "{}", t.stderr());
    assert_eq!(
        tids(&lines),
        expected,
        "every thread appears, and nothing else"
    );
    let pid = lines[0].pid;
    assert!(lines.iter().all(|l| l.pid == pid));
    for tid in &expected {
        assert!(
            lines
                .iter()
                .any(|l| l.tid == *tid && l.rest == "+++ exited with 0 +++"),
            "no exit line for {tid}"
        );
    }
}

#[test]
fn fork_exec_tree() {
    let prog = program("forktree");
    let (t, lines) = traced_as_untraced(&prog);
    let pids = reported_ids(&t.stderr());
    assert_eq!(pids.len(), 3, "{}", t.stderr());
    assert_eq!(
        tids(&lines),
        pids.iter().copied().collect(),
        "all three processes appear"
    );
    let (main, child, grandchild) = (pids[0], pids[1], pids[2]);
    assert!(
        lines.iter().all(|l| l.pid == l.tid),
        "single-threaded processes"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.pid == child && l.call() == "execve" && l.rest.contains(" = 0 (")),
        "the child's exec"
    );
    for (pid, code) in [(main, 0), (child, 3), (grandchild, 0)] {
        assert!(
            lines
                .iter()
                .any(|l| l.pid == pid && l.rest == format!("+++ exited with {code} +++")),
            "exit of {pid}"
        );
    }
    if decoder_is_real() {
        assert!(
            lines
                .iter()
                .any(|l| l.pid == main && l.rest.contains(&format!("= {child} ("))),
            "fork/clone returns the child"
        );
        assert!(lines.iter().any(|l| l.pid == main
            && l.rest
                .starts_with("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED")));
    }
}

#[test]
fn vfork_then_exec() {
    let prog = program("vfork");
    let (t, lines) = traced_as_untraced(&prog);
    let pids = reported_ids(&t.stderr());
    assert_eq!(tids(&lines), pids.iter().copied().collect());
    assert!(lines
        .iter()
        .any(|l| l.pid == pids[1] && l.call() == "execve"));
    if decoder_is_real() {
        assert!(lines
            .iter()
            .any(|l| l.pid == pids[0] && l.rest.starts_with("vfork() = ")));
    }
}

#[test]
fn execve_from_a_non_leader_thread() {
    let prog = program("exec_thread");
    let t = trace(&["--", prog.to_str().unwrap()]);
    assert_eq!(t.stdout(), "after exec\n");
    assert_eq!(t.code(), Some(0));
    let lines = t.lines();
    first_is_execve(&lines);
    assert_calls_paired(&lines);
    let ids = reported_ids(&t.stderr());
    let (leader, thread) = (ids[0], ids[1]);
    assert_eq!(tids(&lines), [leader, thread].into_iter().collect());
    let superseded = lines.iter().position(|l| {
        l.tid == leader && l.rest == format!("+++ superseded by execve in pid {thread} +++")
    });
    let superseded = superseded.unwrap_or_else(|| panic!("no superseded line:\n{}", t.trace));
    // The thread's execve completes under the leader's tid, after the old leader is gone.
    let exec = lines.iter().rposition(|l| l.call() == "execve").unwrap();
    assert!(exec > superseded && lines[exec].tid == leader && lines[exec].rest.contains(" = 0 ("));
    assert!(lines[superseded + 1..].iter().all(|l| l.tid == leader));
    assert_eq!(lines.last().unwrap().rest, "+++ exited with 0 +++");
}

#[test]
fn a_signal_interrupts_a_sleep() {
    let prog = program("sleep_signal");
    let t = trace(&["--", prog.to_str().unwrap()]);
    assert_eq!(t.stdout(), "interrupted\n");
    assert_eq!(t.code(), Some(0));
    let lines = t.lines();
    assert_calls_paired(&lines);
    let sig = lines
        .iter()
        .position(|l| l.rest.starts_with("--- "))
        .expect("a signal line");
    // The sleep is cut short with a restart code (ERESTART_RESTARTBLOCK, errno 516),
    // the handler runs, rt_sigreturn returns EINTR to the program.
    let sleep = &lines[sig - 1];
    assert!(
        sleep.rest.contains("= ? ERESTART") || sleep.rest.contains("-1 E"),
        "{sleep:?}"
    );
    if decoder_is_real() {
        assert!(
            lines[sig]
                .rest
                .starts_with("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL"),
            "{:?}",
            lines[sig]
        );
        assert_eq!(
            sleep.rest.split(" (0.").next().unwrap(),
            "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=30, tv_nsec=0}, NULL) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)"
        );
        assert_eq!(
            lines[sig + 1].rest.split(" (0.").next().unwrap(),
            "rt_sigreturn({mask=[]}) = -1 EINTR (Interrupted system call)"
        );
    }
}

/// Starts the tracer on `prog` with stdout piped; returns the tracer and the traced pid
/// once the program has printed "ready".
fn start_until_ready(
    prog: &std::path::Path,
    out: &std::path::Path,
) -> (
    std::process::Child,
    i32,
    BufReader<std::process::ChildStdout>,
) {
    let mut child = tracer()
        .arg("-o")
        .arg(out)
        .arg("--")
        .arg(prog)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    let kids = children_of(child.id());
    assert_eq!(kids.len(), 1, "{kids:?}");
    (child, kids[0], reader)
}

#[test]
fn sigstop_and_sigcont_from_outside() {
    let prog = program("stopcont");
    let out = temp_path("stopcont");
    let (mut child, pid, mut reader) = start_until_ready(&prog, &out);
    let _cleanup = KillOnDrop(pid);
    wait_blocked_in(pid, 230); // clock_nanosleep
    unsafe_free_kill(pid, "STOP");
    // The trace is written as it happens: the group-stop shows while the program is stopped.
    wait_until("the group-stop to be reported", || {
        std::fs::read_to_string(&out)
            .unwrap_or_default()
            .contains("--- stopped by ")
    });
    assert!(
        matches!(proc_state(pid), Some('T' | 't')),
        "stopped, as it would be untraced"
    );
    unsafe_free_kill(pid, "CONT");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert_eq!(rest, "done\n");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let trace = std::fs::read_to_string(&out).unwrap();
    let lines = parse_lines(&trace);
    first_is_execve(&lines);
    assert_calls_paired(&lines);
    // The resumed sleep may take long enough to be shown unfinished first.
    let lines = merge_resumed(&lines);
    let stopped = lines
        .iter()
        .position(|l| l.rest.starts_with("--- stopped by "))
        .expect("a stopped line");
    assert!(
        lines[stopped - 1].rest.starts_with("--- "),
        "the SIGSTOP delivery precedes the stop"
    );
    let cont = lines[stopped + 1..]
        .iter()
        .position(|l| l.rest.starts_with("--- "))
        .expect("the SIGCONT delivery");
    // The sleep resumes through restart_syscall.
    let restart = &lines[stopped + 1 + cont + 1];
    assert!(restart.rest.contains(" = 0 ("), "{restart:?}");
    if decoder_is_real() {
        assert_eq!(lines[stopped].rest, "--- stopped by SIGSTOP ---");
        assert!(lines[stopped + 1 + cont]
            .rest
            .starts_with("--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER"));
        assert!(
            restart
                .rest
                .starts_with("restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0"),
            "{restart:?}"
        );
    }
}

#[test]
fn tracee_killed_by_sigkill() {
    let prog = program("wait_forever");
    let out = temp_path("killed");
    let (mut child, pid, _reader) = start_until_ready(&prog, &out);
    let _cleanup = KillOnDrop(pid);
    wait_blocked_in(pid, 34); // pause
    unsafe_free_kill(pid, "KILL");
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(128 + 9),
        "killed by signal S: exit 128+S"
    );
    let lines = parse_lines(&std::fs::read_to_string(&out).unwrap());
    assert_calls_paired(&lines);
    let n = lines.len();
    assert!(
        lines[n - 1].rest.starts_with("+++ killed by "),
        "{:?}",
        lines[n - 1]
    );
    assert!(
        lines[n - 2].rest.ends_with(" = ?"),
        "the call in flight never returns: {:?}",
        lines[n - 2]
    );
    if decoder_is_real() {
        assert_eq!(lines[n - 1].rest, "+++ killed by SIGKILL +++");
        assert_eq!(lines[n - 2].rest, "pause() = ?");
    }
}

/// Attach mid-run, then SIGINT the tracer: it detaches and exits 0; the program keeps
/// running and its output is exactly what it is untraced.
fn attach_then_signal(signal: &str) {
    let Ticker {
        child: mut ticker,
        stdout: mut reader,
        first,
    } = start_ticker(40);
    assert_eq!(first, "tick 0\n");
    let pid = ticker.id() as i32;
    let out = temp_path("attach");
    let mut tr = tracer()
        .arg("-o")
        .arg(&out)
        .arg("-p")
        .arg(pid.to_string())
        .spawn()
        .unwrap();
    let mut seen = String::new();
    // Let a few ticks pass under trace (output is buffered, so count the ticks the
    // program prints instead of trace lines).
    for _ in 0..3 {
        reader.read_line(&mut seen).unwrap();
    }
    unsafe_free_kill(tr.id() as i32, signal);
    assert_eq!(tr.wait().unwrap().code(), Some(0));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert_eq!(ticker.wait().unwrap().code(), Some(0));
    let all = format!("{first}{seen}{rest}");
    let expected: String = (0..40).map(|i| format!("tick {i}\n")).collect();
    assert_eq!(all, expected);
    let lines = parse_lines(&std::fs::read_to_string(&out).unwrap());
    assert_calls_paired(&lines);
    assert!(lines.iter().all(|l| l.pid == pid && l.tid == pid));
    assert!(
        lines.iter().filter(|l| l.call() == "write").count() >= 2,
        "{lines:?}"
    );
}

#[test]
fn attach_mid_run_and_sigint() {
    attach_then_signal("INT");
}

#[test]
fn attach_mid_run_and_sigterm() {
    attach_then_signal("TERM");
}

#[test]
fn attach_mid_run_and_sighup() {
    attach_then_signal("HUP");
}

#[test]
fn tracer_killed_by_sigkill_leaves_nothing_stopped() {
    let prog = program("ticker");
    let out = temp_path("killed-tracer");
    let mut tr = tracer()
        .arg("-o")
        .arg(&out)
        .arg("--")
        .arg(&prog)
        .arg("30")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(tr.stdout.take().unwrap());
    let mut ticks = String::new();
    for _ in 0..3 {
        reader.read_line(&mut ticks).unwrap();
    }
    unsafe_free_kill(tr.id() as i32, "KILL");
    tr.wait().unwrap();
    // The kernel detaches the tracees of a dead tracer; the program runs to its end.
    std::io::Read::read_to_string(&mut reader, &mut ticks).unwrap();
    let expected: String = (0..30).map(|i| format!("tick {i}\n")).collect();
    assert_eq!(ticks, expected);
}

#[test]
fn closed_pipe_ends_tracing_and_detaches() {
    let prog = program("busy");
    let mut tr = tracer()
        .arg("--")
        .arg(&prog)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(tr.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("execve("), "{line}");
    drop(err); // like `| head -1`
    let mut stdout = String::new();
    std::io::Read::read_to_string(tr.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    // The tracee was detached and ran to its end; its output reached the pipe.
    assert_eq!(stdout, "busy done\n");
    assert_eq!(tr.wait().unwrap().code(), Some(0));
}

/// A string as strace quotes it with `-s limit`: cut after `limit` bytes, then `...`.
fn quoted_with_limit(s: &str, limit: usize) -> String {
    if s.len() > limit {
        format!("\"{}\"...", &s[..limit])
    } else {
        format!("\"{s}\"")
    }
}

#[test]
fn a_process_already_traced_is_a_clear_error() {
    let Ticker {
        child: mut ticker,
        stdout: mut reader,
        first: mut ticks,
    } = start_ticker(30);
    let pid = ticker.id().to_string();
    let out = temp_path("first");
    let mut first = tracer()
        .arg("-o")
        .arg(&out)
        .arg("-p")
        .arg(&pid)
        .spawn()
        .unwrap();
    wait_until("the first tracer to attach", || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .lines()
            .any(|l| l.starts_with("TracerPid:") && l.split_whitespace().nth(1) != Some("0"))
    });
    let second = tracer().arg("-p").arg(&pid).output().unwrap();
    assert_eq!(second.status.code(), Some(2));
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "error: cannot trace pid {pid}: Operation not permitted (hint: "
        )),
        "{err}"
    );
    unsafe_free_kill(first.id() as i32, "INT");
    assert_eq!(first.wait().unwrap().code(), Some(0));
    std::io::Read::read_to_string(&mut reader, &mut ticks).unwrap();
    assert_eq!(ticker.wait().unwrap().code(), Some(0));
    let expected: String = (0..30).map(|i| format!("tick {i}\n")).collect();
    assert_eq!(ticks, expected);
}

#[test]
fn real_time_signals_are_reinjected_exactly() {
    let prog = program("rt_signal");
    let t = trace(&["--", prog.to_str().unwrap()]);
    let plain = untraced(&prog, &[]);
    assert_eq!(t.stdout(), String::from_utf8_lossy(&plain.stdout));
    assert_eq!(t.stdout(), "rt signal 3 code -1 value 42, usr1 10\n");
    assert_eq!(t.code(), Some(0));
    let lines = t.lines();
    assert_calls_paired(&lines);
    let signals: Vec<&Line> = lines
        .iter()
        .filter(|l| l.rest.starts_with("--- "))
        .collect();
    assert_eq!(signals.len(), 2, "{}", t.trace);
    if decoder_is_real() {
        let pid = lines[0].pid;
        // glibc's SIGRTMIN is the kernel's 32 + 2, so SIGRTMIN+3 is 37: strace's SIGRT_5.
        assert_eq!(
            signals[0].rest,
            format!("--- SIGRT_5 {{si_signo=SIGRT_5, si_code=SI_QUEUE, si_pid={pid}, si_uid=0, si_int=42, si_ptr=0x2a}} ---")
        );
        assert!(signals[1]
            .rest
            .starts_with("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL"));
    }
}

#[test]
fn tracee_dies_of_sigsegv() {
    let prog = program("segv");
    let t = trace(&["--", prog.to_str().unwrap()]);
    assert_eq!(t.stdout(), "about to crash\n");
    assert_eq!(t.code(), Some(128 + 11));
    let lines = t.lines();
    let n = lines.len();
    assert!(
        lines[n - 1].rest.starts_with("+++ killed by "),
        "{}",
        t.trace
    );
    assert!(lines[n - 2].rest.starts_with("--- "), "{}", t.trace);
    if decoder_is_real() {
        assert_eq!(
            lines[n - 2].rest,
            "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---"
        );
        assert!(lines[n - 1].rest.starts_with("+++ killed by SIGSEGV"));
    }
}

#[test]
fn attach_to_multithreaded_processes() {
    let prog = program("mt_ticker");
    let spawn = || {
        let mut c = Command::new(&prog)
            .arg("60")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(c.stderr.take().unwrap());
        let mut tids = Vec::new();
        for _ in 0..4 {
            let mut l = String::new();
            err.read_line(&mut l).unwrap();
            tids.push(
                l.trim()
                    .strip_prefix("tid ")
                    .unwrap()
                    .parse::<i32>()
                    .unwrap(),
            );
        }
        (c, tids)
    };
    let (mut a, tids_a) = spawn();
    let (b, tids_b) = spawn();
    let (a_id, b_id) = (a.id(), b.id());
    let out = temp_path("mt");
    let mut tr = tracer()
        .arg("-o")
        .arg(&out)
        .arg("-p")
        .arg(format!("{},{}", a.id(), b.id()))
        .spawn()
        .unwrap();
    let mut a_out = BufReader::new(a.stdout.take().unwrap());
    let mut seen = String::new();
    // Let every thread make a few calls under trace (about ten rounds).
    for _ in 0..40 {
        a_out.read_line(&mut seen).unwrap();
    }
    unsafe_free_kill(tr.id() as i32, "INT");
    assert_eq!(tr.wait().unwrap().code(), Some(0));
    std::io::Read::read_to_string(&mut a_out, &mut seen).unwrap();
    assert_eq!(a.wait().unwrap().code(), Some(0));
    let b_output = b.wait_with_output().unwrap();
    assert_eq!(b_output.status.code(), Some(0));
    // Every thread printed every tick: nothing was lost or stopped by the detach.
    for (text, n) in [
        (seen, 0),
        (String::from_utf8_lossy(&b_output.stdout).into_owned(), 1),
    ] {
        assert_eq!(text.lines().count(), 240, "process {n}:\n{text}");
    }
    let lines = parse_lines(&std::fs::read_to_string(&out).unwrap());
    assert_calls_paired(&lines);
    let traced: BTreeSet<i32> = lines.iter().map(|l| l.tid).collect();
    let expected: BTreeSet<i32> = tids_a.iter().chain(&tids_b).copied().collect();
    assert_eq!(traced, expected, "every thread of both processes appears");
    for l in &lines {
        let owner = if tids_a.contains(&l.tid) { a_id } else { b_id };
        assert_eq!(l.pid as u32, owner, "{l:?}");
    }
}

#[test]
fn full_disk_is_an_error_and_the_tracee_runs_on() {
    let prog = program("busy");
    let out = tracer()
        .args(["-o", "/dev/full", "--"])
        .arg(&prog)
        .output()
        .unwrap();
    // The tracee was detached at the first failed write and finished on its own.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "busy done\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: writing output: No space left on device\n"
    );
}

#[test]
fn sigint_while_the_tracee_is_idle_detaches_a_launched_command() {
    let prog = program("wait_forever");
    let out = temp_path("idle");
    let (mut tr, pid, _reader) = start_until_ready(&prog, &out);
    let _cleanup = KillOnDrop(pid);
    wait_blocked_in(pid, 34); // pause: no more events will come from it
    unsafe_free_kill(tr.id() as i32, "INT");
    assert_eq!(tr.wait().unwrap().code(), Some(0));
    // Left running, no longer traced; its pause, cut short by the detach, restarts.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    assert!(status.lines().any(|l| l == "TracerPid:\t0"), "{status}");
    wait_blocked_in(pid, 34);
    let lines = parse_lines(&std::fs::read_to_string(&out).unwrap());
    let last = &lines.last().unwrap().rest;
    assert!(in_flight_at_detach(last, "pause("), "{last:?}");
}

/// The tracer's own runtime ignores SIGPIPE; the traced program must not inherit that.
/// `yes | head -1` ends because `yes` dies of SIGPIPE, exactly as untraced.
#[test]
fn a_launched_program_gets_the_default_sigpipe() {
    let t = trace(&["--", "/bin/sh", "-c", "yes | head -1"]);
    assert_eq!(t.stdout(), "y\n");
    assert_eq!(t.code(), Some(0));
    let lines = t.lines();
    assert!(
        lines.iter().any(|l| l.rest == "+++ killed by SIGPIPE +++"),
        "yes was not killed by SIGPIPE:\n{}",
        t.trace
    );
}
