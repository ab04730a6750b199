//! The two speed features that change how a launched program runs, held to "the program
//! can't tell": the seccomp-bpf filter (installed when a syscall filter leaves calls out)
//! and co-location (tracer and a single-threaded tracee on one CPU).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use common::*;

fn send(pid: u32, signal: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{signal} {pid}");
}

/// The call lines of a trace with their processes' identities and timings dropped,
/// sorted: what two runs of the same deterministic program must share.
fn calls(t: &Traced) -> Vec<String> {
    let latency = regex::Regex::new(r" \(\d+\.\d{6}s\)$").unwrap();
    let mut v: Vec<String> = t
        .lines()
        .into_iter()
        .filter(|l| l.is_call())
        .map(|l| latency.replace(&l.rest, "").into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_filter_installs_seccomp_and_shows_exactly_what_syscall_stops_show() {
    let prog = program("filtered");
    let p = prog.to_str().unwrap();
    let fast = trace(&["-e", "trace=openat,close", "--", p, "50"]);
    let slow = trace(&["--no-seccomp", "-e", "trace=openat,close", "--", p, "50"]);
    let plain = untraced(&prog, &["50"]);
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(plain.contains("opened 50 of 50, thread 50 of 50, child ok\nSeccomp:\t0\n"));
    // Under the filter the program's calls all succeed, in every thread and process.
    assert_eq!(fast.code(), Some(0));
    assert_eq!(fast.stdout(), plain.replace("Seccomp:\t0", "Seccomp:\t2"));
    assert_eq!(slow.code(), Some(0));
    assert_eq!(slow.stdout(), *plain, "--no-seccomp installs nothing");
    let (f, s) = (calls(&fast), calls(&slow));
    let differing = f.iter().zip(&s).filter(|(a, b)| a != b).count();
    assert!(
        f.len() == s.len() && differing == 0,
        "the filter changes what is shown: {} vs {} calls, {differing} differ",
        f.len(),
        s.len()
    );
    // 50 opens of /dev/null in each of three tracees, plus the loader's and stdio's.
    let null_opens = f.iter().filter(|c| c.contains("\"/dev/null\"")).count();
    assert_eq!(null_opens, 150, "{f:#?}");
    assert!(f
        .iter()
        .all(|c| c.starts_with("openat(") || c.starts_with("close(")));
    assert_calls_paired(&fast.lines());
}

/// The switches `tests/programs/switches.c` counted while making 20,000 getppid calls
/// under the tracer with `args`.
fn switches_under(args: &[&str]) -> u64 {
    let prog = program("switches");
    let mut all = args.to_vec();
    all.extend(["--", prog.to_str().unwrap(), "20000"]);
    let t = trace(&all);
    assert_eq!(t.code(), Some(0));
    t.stdout()
        .strip_prefix("switches ")
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}", t.stdout()))
}

/// The filter really spares untraced calls their stops: 20,000 getppid calls, none
/// traced, switch the program out about as rarely as untraced, where every stop at a
/// call would switch it out at least twice per call. (Once, the tracer's own filter
/// installation, made in the launched child before its execve, was taken for a filter
/// of the program's own, and every call stopped.)
#[test]
fn the_filter_spares_untraced_calls_their_stops() {
    let stopped = switches_under(&["--no-seccomp", "-e", "trace=write"]);
    assert!(stopped >= 40_000, "every call stops twice: {stopped}");
    let spared = switches_under(&["-e", "trace=write"]);
    assert!(spared < 2_000, "under the filter: {spared} switches");
}

#[test]
fn without_a_filter_or_with_everything_traced_there_is_no_seccomp() {
    let prog = program("filtered");
    let p = prog.to_str().unwrap();
    for args in [vec!["--", p, "3"], vec!["-e", "trace=all", "--", p, "3"]] {
        let t = trace(&args);
        assert!(
            t.stdout().ends_with("Seccomp:\t0\n"),
            "{args:?}: {}",
            t.stdout()
        );
    }
}

#[test]
fn summary_with_a_filter_counts_under_seccomp() {
    let prog = program("filtered");
    let t = trace(&[
        "-c",
        "-e",
        "trace=openat",
        "--",
        prog.to_str().unwrap(),
        "40",
    ]);
    assert!(t.stdout().ends_with("Seccomp:\t2\n"));
    let row = t
        .trace
        .lines()
        .find(|l| l.trim_end().ends_with(" openat"))
        .unwrap_or_else(|| panic!("no openat row:\n{}", t.trace));
    // Columns are right-aligned under their headings.
    let header = t.trace.lines().next().unwrap();
    let end = header.find("calls").unwrap() + "calls".len();
    let count: u64 = row[..end]
        .split_whitespace()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    // At least the 120 opens of /dev/null.
    assert!(count >= 120, "{row}");
    assert!(
        !t.trace.contains(" getppid"),
        "only the filtered call is counted"
    );
}

/// Starts `filtered 200 10` under a filter, waits for 3 ticks, signals the tracer.
fn signalled_under_seccomp(signals: &[&str]) -> (String, Option<i32>, String, String) {
    let prog = program("filtered");
    let out = temp_path("seccomp-signal");
    let mut tr = tracer()
        .arg("-o")
        .arg(&out)
        .args(["-e", "trace=openat", "--"])
        .arg(&prog)
        .args(["200", "10"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(tr.stdout.take().unwrap());
    let mut stdout = String::new();
    for _ in 0..3 {
        reader.read_line(&mut stdout).unwrap();
    }
    for s in signals {
        send(tr.id(), s);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = tr.wait().unwrap();
    reader.read_to_string(&mut stdout).unwrap();
    let mut stderr = String::new();
    tr.stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let trace = std::fs::read_to_string(&out).unwrap();
    (stdout, status.code(), stderr, trace)
}

#[test]
fn a_stop_signal_under_seccomp_ends_the_trace_and_the_program_runs_on_unharmed() {
    for signal in ["INT", "TERM", "HUP"] {
        let (stdout, code, stderr, trace) = signalled_under_seccomp(&[signal]);
        assert_eq!(code, Some(0), "SIGINT is a clean end: {stderr}");
        assert!(
            stdout.ends_with("opened 200 of 200, thread 200 of 200, child ok\nSeccomp:\t2\n"),
            "SIG{signal}: a traced call failed after the trace ended:\n{stdout}"
        );
        assert!(stderr.contains("stays until it exits"), "{stderr}");
        let lines = parse_lines(&trace);
        assert_calls_paired(&lines);
        let opens = lines.iter().filter(|l| l.call() == "openat").count();
        assert!(
            (3..600).contains(&opens),
            "SIG{signal}: the trace stops at the signal, not at the end ({opens} opens)"
        );
    }
}

#[test]
fn a_second_stop_signal_detaches_anyway() {
    let (stdout, code, stderr, _) = signalled_under_seccomp(&["INT", "INT"]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("detaching"), "{stderr}");
    // The program ran to its end, not stopped or killed; as documented, its traced
    // calls after the detach failed (ENOSYS).
    let last = stdout
        .lines()
        .find(|l| l.starts_with("opened "))
        .unwrap_or_else(|| {
            panic!("the program did not reach its end:\n{stdout}");
        });
    assert_ne!(last, "opened 200 of 200, thread 200 of 200, child ok");
}

#[test]
fn a_killed_tracer_takes_seccomp_tracees_with_it() {
    let prog = program("filtered");
    let mut tr = tracer()
        .args(["-o", "/dev/null", "-e", "trace=openat", "--"])
        .arg(&prog)
        .args(["500", "10"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(tr.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let tracee = children_of(tr.id());
    assert_eq!(tracee.len(), 1, "{tracee:?}");
    send(tr.id(), "KILL");
    tr.wait().unwrap();
    // PTRACE_O_EXITKILL: rather than run on with every traced call failing, the
    // tracees die with their tracer (strace's choice for --seccomp-bpf too).
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    assert!(
        !rest.contains("opened"),
        "the program ran to its end: {rest}"
    );
    wait_until("the tracee to be gone", || {
        matches!(proc_state(tracee[0]), None | Some('Z'))
    });
}

#[test]
fn co_location_is_invisible_to_the_program() {
    let prog = program("affinity");
    let p = prog.to_str().unwrap();
    for mode in ["count", "threads", "own"] {
        let plain = untraced(&prog, &[mode]);
        let plain = String::from_utf8_lossy(&plain.stdout);
        for filter in [None, Some("trace=write")] {
            let mut args = vec![];
            if let Some(f) = filter {
                args.extend(["-e", f]);
            }
            args.extend(["--", p, mode]);
            let t = trace(&args);
            assert_eq!(t.code(), Some(0));
            assert_eq!(t.stdout(), plain, "affinity {mode}, filter {filter:?}");
        }
    }
}

#[test]
fn co_location_shows_the_original_mask_in_the_trace() {
    let prog = program("affinity");
    let pinned = trace(&[
        "-e",
        "trace=sched_getaffinity",
        "--",
        prog.to_str().unwrap(),
    ]);
    let free = trace(&[
        "--no-colocate",
        "-e",
        "trace=sched_getaffinity",
        "--",
        prog.to_str().unwrap(),
    ]);
    assert_eq!(calls(&pinned), calls(&free));
    assert_eq!(calls(&pinned).len(), 1, "{}", pinned.trace);
}

/// After a stop signal under the filter the trace ends with the summary: the calls that
/// were in flight then, and return (or not) while the tracer lingers, add nothing after
/// it (once they were shown as `<... resumed>) = ?` after the table).
#[test]
fn nothing_follows_the_summary_after_a_stop_under_the_filter() {
    let out = temp_path("linger-summary");
    let child = tracer()
        // execve returns before the stop: a table is printed (with nothing counted there
        // would be none, as with strace).
        .args(["-C", "-e", "trace=execve,clock_nanosleep,wait4", "-o"])
        .arg(&out)
        .args(["--", "/bin/sh", "-c", "sleep 1"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut tr = ChildGuard(child);
    let mut sleeper = None;
    wait_until("sleep to sleep", || {
        let shell = children_of(tr.0.id());
        sleeper = shell
            .first()
            .and_then(|&sh| children_of(sh as u32).first().copied());
        sleeper.is_some_and(|s| {
            let sc = std::fs::read_to_string(format!("/proc/{s}/syscall")).unwrap_or_default();
            sc.starts_with("230 ") && proc_state(s) == Some('S')
        })
    });
    send(tr.0.id(), "INT");
    assert_eq!(tr.wait_exit("the tracer").code(), Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    let last = text.lines().last().unwrap();
    assert!(
        last.ends_with(" total"),
        "the summary ends the output:\n{text}"
    );
}
