//! The trace is visible while it happens: written out whenever the tracer would wait for
//! the program, so a trace file read while the program sleeps holds every line so far
//! and a tracer killed with SIGKILL loses none of them; a call that does not return
//! shows as `<unfinished ...>` while it is in flight, as strace shows it.

mod common;

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdout, Stdio};

use common::*;

/// A traced program started by the tracer, past its "ready" line.
struct Launched {
    tracer: ChildGuard,
    pid: i32,
    /// The program's stdout (its lines after "ready").
    stdout: BufReader<ChildStdout>,
}

/// Starts `tracer ARGS -- PROG PROG_ARGS` with the program's stdout piped, and reads
/// its "ready" line.
fn launch_until_ready(args: &[&str], prog: &str, prog_args: &[&Path]) -> Launched {
    let mut child = tracer()
        .args(args)
        .arg("--")
        .arg(program(prog))
        .args(prog_args)
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    assert_eq!(read_line(&mut stdout), "ready\n");
    let kids = children_of(child.id());
    assert_eq!(kids.len(), 1, "{kids:?}");
    Launched {
        tracer: ChildGuard(child),
        pid: kids[0],
        stdout,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// A fresh fifo in the target's temp dir.
fn fifo(tag: &str) -> PathBuf {
    let path = temp_path(tag);
    let _ = std::fs::remove_file(&path);
    let ok = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(ok.success());
    path
}

/// `fifo_reader` traced with `-o FILE -e trace=read` and `extra`, past its "ready": the
/// trace file, the fifo it will block reading, and the run.
fn fifo_reader_traced(tag: &str, extra: &[&str]) -> (PathBuf, PathBuf, Launched) {
    let out = temp_path(tag);
    let fifo = fifo(&format!("fifo-{tag}"));
    let mut args = vec!["-o", out.to_str().unwrap(), "-e", "trace=read"];
    args.extend_from_slice(extra);
    let run = launch_until_ready(&args, "fifo_reader", &[&fifo]);
    (out, fifo, run)
}

/// Waits until the trace shows the reader's read in flight.
fn wait_shown_unfinished(out: &Path) {
    wait_until("the in-flight read to show", || {
        read(out).contains("read(3 <unfinished ...>")
    });
}

fn write_fifo(path: &Path, data: &str) {
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.write_all(data.as_bytes()).unwrap();
}

/// While the program sleeps in pause(), the trace file already holds its calls up to
/// the pause (the "ready" write among them); killing the tracer with SIGKILL then loses
/// none of them. Before, nothing reached the file until the buffer filled or tracing
/// ended, and a killed tracer left it empty.
fn lines_before_a_sleep_are_in_the_file(extra: &[&str], ready_write: &str) {
    let out = temp_path("live");
    let mut args = vec!["-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let mut run = launch_until_ready(&args, "wait_forever", &[]);
    let _cleanup = KillOnDrop(run.pid);
    wait_blocked_in(run.pid, 34); // pause
                                  // Written before the tracer blocked: already there, no need to wait for it.
    let now = read(&out);
    assert!(now.contains(ready_write), "{now}");
    run.tracer.0.kill().unwrap();
    run.tracer.0.wait().unwrap();
    let after = read(&out);
    assert!(
        after.starts_with(&now),
        "nothing shown is lost:\n{now}\n---\n{after}"
    );
    assert!(after.contains(ready_write));
    assert!(after.lines().count() >= 2, "{after}");
}

#[test]
fn a_trace_file_read_while_the_program_sleeps_holds_the_lines_before_it() {
    lines_before_a_sleep_are_in_the_file(&[], r#"write(1, "ready\n", 6) = 6"#);
}

#[test]
fn json_is_written_as_it_happens_too() {
    lines_before_a_sleep_are_in_the_file(
        &["--json"],
        r#""syscall":"write","args":["1","\"ready\\n\"","6"]"#,
    );
}

/// A call blocked in read on a fifo shows as `read(3 <unfinished ...>` while it waits
/// (strace 7's rendering: the arguments known at entry), and its return later as
/// `<... read resumed>, "hello", 64) = 5 (...)`.
#[test]
fn a_call_blocked_in_read_shows_unfinished_before_it_returns() {
    let (out, fifo, mut run) = fifo_reader_traced("unfinished", &[]);
    let _cleanup = KillOnDrop(run.pid);
    wait_shown_unfinished(&out);
    assert_eq!(proc_state(run.pid), Some('S'), "still blocked in the read");
    write_fifo(&fifo, "hello");
    assert_eq!(read_line(&mut run.stdout), "got: hello\n");
    assert_eq!(run.tracer.wait_exit("the tracer").code(), Some(0));
    let lines = parse_lines(&read(&out));
    assert_calls_paired(&lines);
    let at = lines
        .iter()
        .position(|l| l.rest == "read(3 <unfinished ...>")
        .unwrap();
    let resumed = &lines[at + 1];
    assert_eq!(resumed.tid, lines[at].tid);
    assert!(
        resumed
            .rest
            .starts_with(r#"<... read resumed>, "hello", 64) = 5 ("#),
        "{resumed:?}"
    );
    // The resumed line is stamped when the call returned, after the unfinished one.
    assert!(resumed.ts > lines[at].ts);
    let merged = merge_resumed(&lines);
    assert!(merged
        .iter()
        .any(|l| l.rest.starts_with(r#"read(3, "hello", 64) = 5 ("#)));
}

/// In JSON the in-flight call is a `syscall_entry` event with the arguments known at
/// entry, and its return the usual `syscall` event with every argument; both carry the
/// same `call_id`.
#[test]
fn json_links_the_entry_and_the_return_of_a_call_in_flight() {
    let (out, fifo, mut run) = fifo_reader_traced("unfinished-json", &["--json"]);
    let _cleanup = KillOnDrop(run.pid);
    wait_until("the in-flight read to show", || {
        read(&out).contains("\"syscall_entry\"")
    });
    write_fifo(&fifo, "hi");
    assert_eq!(read_line(&mut run.stdout), "got: hi\n");
    assert_eq!(run.tracer.wait_exit("the tracer").code(), Some(0));
    let events: Vec<serde_json::Value> = read(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let schema = schema::load();
    for e in &events {
        schema::validate(&schema, e).unwrap_or_else(|err| panic!("{err}: {e}"));
    }
    let entry = events
        .iter()
        .find(|e| e["event"] == "syscall_entry")
        .unwrap();
    assert_eq!(entry["syscall"], "read");
    assert_eq!(entry["args"], serde_json::json!(["3"]));
    let id = entry["call_id"].as_u64().unwrap();
    let done = events
        .iter()
        .find(|e| e["event"] == "syscall" && e["call_id"].as_u64() == Some(id))
        .expect("the completed event with the same call_id");
    assert_eq!(done["args"], serde_json::json!(["3", "\"hi\"", "64"]));
    assert_eq!(done["ret"], 2);
    assert!(done["ts_ns"].as_u64() > entry["ts_ns"].as_u64());
}

/// `fifo_reader` traced with `--fixed-ts -e trace=read` (and `extra`), blocked in its
/// read: the trace file, the fifo and the run. `--fixed-ts` output must not depend on
/// timing, so no call is ever split there: what a call in flight ends as is all it shows.
fn blocked_in_read(tag: &str, extra: &[&str]) -> (PathBuf, PathBuf, Launched) {
    let mut args = vec!["--fixed-ts"];
    args.extend_from_slice(extra);
    let (out, fifo, run) = fifo_reader_traced(tag, &args);
    wait_blocked_in(run.pid, 0);
    (out, fifo, run)
}

/// A call in flight when the tracer detaches shows strace's `read(3 <detached ...>`, its
/// entry arguments and no result (before: `read(3) = ? <detached ...>`).
#[test]
fn a_call_in_flight_at_detach_shows_its_entry_arguments() {
    let (out, fifo, mut run) = blocked_in_read("detached", &["--no-seccomp"]);
    let _cleanup = KillOnDrop(run.pid);
    unsafe_free_kill(run.tracer.0.id() as i32, "INT");
    assert_eq!(run.tracer.wait_exit("the detach").code(), Some(0));
    assert_released(run.pid);
    let lines = parse_lines(&read(&out));
    assert_eq!(lines.last().unwrap().rest, "read(3 <detached ...>");
    assert!(lines.iter().all(|l| !l.rest.contains("unfinished")));
    // The program runs on untraced: its read still works.
    write_fifo(&fifo, "after");
    assert_eq!(read_line(&mut run.stdout), "got: after\n");
}

/// A thread that dies inside a call shows strace's `read(3 <unfinished ...>) = ?`.
#[test]
fn a_call_cut_short_by_death_shows_unfinished_and_no_result() {
    let (out, fifo, mut run) = blocked_in_read("cut-short", &[]);
    let _cleanup = KillOnDrop(run.pid);
    unsafe_free_kill(run.pid, "KILL");
    assert_eq!(run.tracer.wait_exit("the tracer").code(), Some(128 + 9));
    let lines = parse_lines(&read(&out));
    let n = lines.len();
    assert_eq!(lines[n - 2].rest, "read(3 <unfinished ...>) = ?");
    assert_eq!(lines[n - 1].rest, "+++ killed by SIGKILL +++");
    let _ = std::fs::remove_file(&fifo);
}

/// A call shown unfinished whose thread then dies ends as strace 7 ends it:
/// `<... read resumed> <unfinished ...>) = ?` (the read had arguments still to show).
#[test]
fn a_call_shown_unfinished_and_cut_short_by_death() {
    let (out, fifo, mut run) = fifo_reader_traced("unfinished-killed", &[]);
    let _cleanup = KillOnDrop(run.pid);
    wait_shown_unfinished(&out);
    unsafe_free_kill(run.pid, "KILL");
    assert_eq!(run.tracer.wait_exit("the tracer").code(), Some(128 + 9));
    let lines = parse_lines(&read(&out));
    assert_calls_paired(&lines);
    let n = lines.len();
    assert_eq!(lines[n - 3].rest, "read(3 <unfinished ...>");
    assert_eq!(
        lines[n - 2].rest,
        "<... read resumed> <unfinished ...>) = ?"
    );
    assert_eq!(lines[n - 1].rest, "+++ killed by SIGKILL +++");
    let _ = std::fs::remove_file(&fifo);
}

/// A tracer started with SIGALRM blocked (its ticker's signal) still shows a call in
/// flight: it unblocks what it needs; the program gets the blocked mask.
#[test]
fn calls_in_flight_show_even_when_the_tracer_inherits_sigalrm_blocked() {
    let out = temp_path("alrm-blocked");
    let fifo = fifo("fifo-ab");
    let mut child = std::process::Command::new(program("with_state"))
        .arg("-")
        .arg(env!("CARGO_BIN_EXE_syscall-tracer"))
        .args(["-o", out.to_str().unwrap(), "-e", "trace=read", "--"])
        .arg(program("fifo_reader"))
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    assert_eq!(read_line(&mut stdout), "ready\n");
    let mut tracer = ChildGuard(child);
    wait_shown_unfinished(&out);
    write_fifo(&fifo, "x");
    assert_eq!(read_line(&mut stdout), "got: x\n");
    assert_eq!(tracer.wait_exit("the tracer").code(), Some(0));
    let _ = std::fs::remove_file(&fifo);
}
