//! Fault scenarios against real programs (tests/programs/*.c): the program ends while
//! its threads are in calls; the tracer is told to stop in the middle of a storm of
//! calls, or while the leader is a zombie; attaching to a process whose fifty threads
//! keep coming and going; a child left a zombie. Each checks the program's output and
//! exit status against its untraced run, the tracer's documented exit code, and that
//! nothing is left stopped, traced or running.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read, Write};
use std::process::{Command, Stdio};

use common::*;

#[test]
fn the_program_exits_while_its_threads_are_in_calls() {
    let prog = program("exit_midway");
    let t = trace(&["--", prog.to_str().unwrap()]);
    let plain = untraced(&prog, &[]);
    assert_eq!(t.stdout(), String::from_utf8_lossy(&plain.stdout));
    assert_eq!(plain.status.code(), Some(5));
    assert_eq!(t.code(), Some(5), "the program's status is passed through");
    let lines = t.lines();
    assert_calls_paired(&lines);
    let tids = reported_ids(&t.stderr());
    assert_eq!(tids.len(), 4, "{}", t.stderr());
    let by_tid = |tid: i32| -> Vec<&Line> { lines.iter().filter(|l| l.tid == tid).collect() };
    for &tid in &tids {
        let own = by_tid(tid);
        assert_eq!(
            own.last().map(|l| l.rest.as_str()),
            Some("+++ exited with 5 +++"),
            "thread {tid}:\n{}",
            t.trace
        );
    }
    let main = by_tid(tids[0]);
    assert!(
        main[main.len() - 2].rest.starts_with("exit_group(5) = ?"),
        "{:?}",
        main[main.len() - 2]
    );
    // The worker blocked in read never returns from it: its last call is unfinished.
    let blocked = tids[1..].iter().filter(|&&tid| {
        let own = by_tid(tid);
        own.len() >= 2 && {
            let last = &own[own.len() - 2].rest;
            last.starts_with("read(") && last.ends_with(" = ?")
        }
    });
    assert_eq!(blocked.count(), 1, "{}", t.trace);
}

/// Launches tests/programs/NAME.c (wrapped to report its exit status) under the tracer,
/// the trace going to a fresh file, stdin and stdout piped. Returns the tracer, the
/// command and the trace file.
fn launch_with_status(
    name: &str,
    tag: &str,
    stderr: Stdio,
) -> (ChildGuard, Vec<String>, std::path::PathBuf) {
    let prog = program(name);
    let cmd = with_status(&prog, &[]);
    let out = temp_path(tag);
    let tr = ChildGuard(
        tracer()
            .arg("-o")
            .arg(&out)
            .arg("--")
            .args(&cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap(),
    );
    (tr, cmd, out)
}

/// [`launch_with_status`] for a program whose first line on stderr is "pid N": also
/// returns that pid.
fn launch_reporting_pid(name: &str) -> (ChildGuard, Vec<String>, i32, std::path::PathBuf) {
    let (mut tr, cmd, out) = launch_with_status(name, name, Stdio::piped());
    let mut err = BufReader::new(tr.0.stderr.take().unwrap());
    let pid: i32 = read_line(&mut err)
        .trim()
        .strip_prefix("pid ")
        .expect("the program's pid")
        .parse()
        .unwrap();
    (tr, cmd, pid, out)
}

/// The tracer attached (`-p`) to `pid`, its trace going to a fresh file.
fn attach_tracer(pid: i32, tag: &str) -> (ChildGuard, std::path::PathBuf) {
    let out = temp_path(tag);
    let tr = ChildGuard(
        tracer()
            .arg("-o")
            .arg(&out)
            .arg("-p")
            .arg(pid.to_string())
            .spawn()
            .unwrap(),
    );
    (tr, out)
}

/// Tells a program waiting on stdin to finish ("go") and returns all it prints.
fn release_and_read(tr: &mut ChildGuard) -> String {
    let mut stdin = tr.0.stdin.take().unwrap();
    stdin.write_all(b"go\n").unwrap();
    drop(stdin);
    let mut stdout = String::new();
    tr.0.stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    stdout
}

/// The storm: four threads making calls as fast as they can, under trace (no filter),
/// when the tracer gets `signal`. The tracer detaches and exits 0; the program runs on
/// and, told to finish, checks itself and reports exactly what it does untraced.
fn stopped_during_a_storm(signal: &str) {
    let (mut tr, cmd, pid, out) = launch_reporting_pid("storm");
    let _cleanup = KillOnDrop(pid);
    let shell = parent_of(pid).unwrap();
    // Main waits for the test in read(0); the four workers run flat out. The trace file
    // is written in 64 KiB blocks: wait until it holds calls of every worker.
    wait_blocked_in(pid, 0);
    wait_until_for("calls of every worker in the trace", 120, || {
        let workers: BTreeSet<i32> = complete_lines(&out)
            .iter()
            .filter(|l| l.pid == pid && l.tid != pid && l.call() == "getppid")
            .map(|l| l.tid)
            .collect();
        workers.len() == 4
    });
    unsafe_free_kill(tr.0.id() as i32, signal);
    assert_eq!(tr.wait_exit("the tracer to detach").code(), Some(0));
    assert_released(pid);
    assert_released(shell);
    assert!(
        proc_state(pid).is_some_and(|s| s != 'Z'),
        "the program runs on"
    );

    let stdout = release_and_read(&mut tr);
    wait_ended(pid);
    let mut plain = Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    plain.stdin.take().unwrap().write_all(b"go\n").unwrap();
    let plain = plain.wait_with_output().unwrap();
    assert_eq!(stdout, String::from_utf8_lossy(&plain.stdout));
    assert_eq!(
        stdout,
        "worker 0 ok\nworker 1 ok\nworker 2 ok\nworker 3 ok\nstorm done\nexit 0\n"
    );

    let lines = complete_lines(&out);
    assert_calls_paired(&lines);
    assert!(lines.iter().all(|l| l.pid == pid || l.pid == shell));
    assert!(
        lines.iter().all(|l| !l.rest.starts_with("+++ ")),
        "nothing ended while traced"
    );
    let tids: BTreeSet<i32> = lines
        .iter()
        .filter(|l| l.pid == pid)
        .map(|l| l.tid)
        .collect();
    assert_eq!(tids.len(), 5, "main and four workers");
    // Calls in flight at the detach are shown so: main's read, the shell's wait.
    let last_of = |tid: i32| lines.iter().rfind(|l| l.tid == tid).unwrap().rest.clone();
    let main_last = last_of(pid);
    assert!(in_flight_at_detach(&main_last, "read(0"), "{main_last}");
    let shell_last = last_of(shell);
    assert!(in_flight_at_detach(&shell_last, "wait4(-1"), "{shell_last}");
}

#[test]
fn sigint_during_a_storm_of_calls() {
    stopped_during_a_storm("INT");
}

#[test]
fn sigterm_during_a_storm_of_calls() {
    stopped_during_a_storm("TERM");
}

#[test]
fn sighup_during_a_storm_of_calls() {
    stopped_during_a_storm("HUP");
}

/// The leader has called pthread_exit: a zombie until its threads end, it never stops
/// again. The tracer must still detach at once, not wait for the whole process.
#[test]
fn sigint_while_the_leader_is_a_zombie() {
    let (mut tr, _, pid, out) = launch_reporting_pid("zombie_leader");
    let _cleanup = KillOnDrop(pid);
    wait_until("the leader to be a zombie", || proc_state(pid) == Some('Z'));
    unsafe_free_kill(tr.0.id() as i32, "INT");
    // The program waits for stdin, so a tracer waiting for the leader never exits.
    assert_eq!(tr.wait_exit("the tracer to detach").code(), Some(0));
    assert_released(pid);
    let stdout = release_and_read(&mut tr);
    wait_ended(pid);
    assert_eq!(
        sorted_lines(&stdout),
        ["exit 0", "worker 0 done", "worker 1 done"]
    );
    let lines = complete_lines(&out);
    assert_calls_paired(&lines);
    let leader: Vec<&Line> = lines.iter().filter(|l| l.tid == pid).collect();
    assert!(
        leader.last().unwrap().rest.starts_with("exit(0) = ?"),
        "{:?}",
        leader.last()
    );
}

/// Attach to a process that keeps fifty threads alive, each making a few calls and
/// ending, then SIGINT the tracer: the process runs on and finishes correctly.
#[test]
fn attach_to_fifty_threads_that_come_and_go_then_detach() {
    let prog = program("churn");
    let mut churn = ChildGuard(
        Command::new(&prog)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(churn.0.stdout.take().unwrap());
    assert_eq!(read_line(&mut stdout), "ready\n");
    let pid = churn.0.id() as i32;
    let (mut tr, out) = attach_tracer(pid, "churn");
    // Threads born and ended under trace (the trace file fills in 64 KiB blocks).
    wait_until_for("a hundred threads to end under trace", 120, || {
        complete_lines(&out)
            .iter()
            .filter(|l| l.rest == "+++ exited with 0 +++")
            .count()
            >= 100
    });
    unsafe_free_kill(tr.0.id() as i32, "INT");
    assert_eq!(tr.wait_exit("the tracer to detach").code(), Some(0));
    assert_released(pid);
    churn.0.stdin.take().unwrap().write_all(b"stop\n").unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "churn done: 0 failures\n");
    assert_eq!(churn.wait_exit("the program to finish").code(), Some(0));

    let lines = complete_lines(&out);
    assert_calls_paired(&lines);
    assert!(lines.iter().all(|l| l.pid == pid), "only the one process");
    let mut per_tid: BTreeMap<i32, usize> = BTreeMap::new();
    for l in &lines {
        *per_tid.entry(l.tid).or_default() += 1;
    }
    assert!(per_tid.len() > 100, "{} threads seen", per_tid.len());
    // A thread that ended under trace shows its end exactly once.
    for tid in per_tid.keys() {
        let ends = lines
            .iter()
            .filter(|l| l.tid == *tid && l.rest.starts_with("+++ "))
            .count();
        assert!(ends <= 1, "thread {tid} ended {ends} times");
    }
}

/// A child that exits and stays a zombie while its parent goes on, then is reaped.
#[test]
fn a_zombie_child_is_shown_and_reaped() {
    let prog = program("zombie");
    let t = trace(&["--", prog.to_str().unwrap()]);
    let plain = untraced(&prog, &[]);
    assert_eq!(t.stdout(), String::from_utf8_lossy(&plain.stdout));
    assert_eq!(
        t.stdout(),
        "child exiting\nchild is a zombie\nreaped: exit 3\n"
    );
    assert_eq!(t.code(), Some(0));
    let lines = t.lines();
    assert_calls_paired(&lines);
    let pids = reported_ids(&t.stderr());
    let (parent, child) = (pids[0], pids[1]);
    let child_end = lines
        .iter()
        .position(|l| l.pid == child && l.rest == "+++ exited with 3 +++")
        .expect("the child's exit");
    let waitid = lines
        .iter()
        .position(|l| l.pid == parent && l.call() == "waitid")
        .expect("the parent's waitid");
    let reap = lines
        .iter()
        .position(|l| l.pid == parent && l.call() == "wait4")
        .expect("the parent's wait4");
    assert!(
        child_end < waitid && waitid < reap,
        "exit, then the parent sees it, then reaps it:\n{}",
        t.trace
    );
    assert_eq!(
        lines.last().unwrap().rest,
        "+++ exited with 0 +++",
        "the parent ends last"
    );
    if decoder_is_real() {
        assert!(
            lines[waitid].rest.starts_with(&format!(
                "waitid(P_PID, {child}, {{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid={child}, si_uid=0, si_status=3, "
            )) && lines[waitid].rest.contains("}, WEXITED|WNOWAIT, NULL) = 0 ("),
            "{:?}",
            lines[waitid]
        );
        assert!(
            lines[reap].rest.starts_with(&format!(
                "wait4({child}, [{{WIFEXITED(s) && WEXITSTATUS(s) == 3}}], 0, NULL) = {child} ("
            )),
            "{:?}",
            lines[reap]
        );
    }
}

/// The same churn, launched: SIGINT while threads are being created. A thread whose
/// first stop the tracer sees (and detaches) before its creator's clone event must not
/// be waited for again.
#[test]
fn sigint_while_a_launched_program_creates_threads() {
    let (mut tr, _, out) = launch_with_status("churn", "churn-launched", Stdio::inherit());
    let mut stdout = BufReader::new(tr.0.stdout.take().unwrap());
    assert_eq!(read_line(&mut stdout), "ready\n");
    wait_until_for("a hundred threads to end under trace", 120, || {
        complete_lines(&out)
            .iter()
            .filter(|l| l.rest == "+++ exited with 0 +++")
            .count()
            >= 100
    });
    let pid = complete_lines(&out)[0].pid;
    let _cleanup = KillOnDrop(pid);
    unsafe_free_kill(tr.0.id() as i32, "INT");
    // The program waits for stdin, so a tracer waiting for a thread it already let go
    // never exits.
    assert_eq!(tr.wait_exit("the tracer to detach").code(), Some(0));
    assert_released(pid);
    tr.0.stdin.take().unwrap().write_all(b"stop\n").unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "churn done: 0 failures\nexit 0\n");
    wait_ended(pid);
    assert_calls_paired(&complete_lines(&out));
}

/// Attach to a process whose leader has already ended (a zombie until its threads end):
/// its live threads are traced, the leader is no obstacle.
#[test]
fn attach_to_a_process_whose_leader_is_a_zombie() {
    let prog = program("zombie_leader");
    let mut zl = ChildGuard(
        Command::new(&prog)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let pid = zl.0.id() as i32;
    let mut err = BufReader::new(zl.0.stderr.take().unwrap());
    assert_eq!(read_line(&mut err), format!("pid {pid}\n"));
    wait_until("the leader to be a zombie", || proc_state(pid) == Some('Z'));
    let (mut tr, out) = attach_tracer(pid, "zleader-attach");
    wait_until_for("the spinning worker's calls in the trace", 120, || {
        complete_lines(&out)
            .iter()
            .any(|l| l.call() == "getppid" && l.tid != pid)
    });
    unsafe_free_kill(tr.0.id() as i32, "INT");
    assert_eq!(tr.wait_exit("the tracer to detach").code(), Some(0));
    assert_released(pid);
    zl.0.stdin.take().unwrap().write_all(b"go\n").unwrap();
    let mut stdout = String::new();
    zl.0.stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert_eq!(sorted_lines(&stdout), ["worker 0 done", "worker 1 done"]);
    assert_eq!(zl.wait_exit("the program to finish").code(), Some(0));
    let lines = complete_lines(&out);
    assert_calls_paired(&lines);
    assert!(lines.iter().all(|l| l.pid == pid && l.tid != pid));
}
