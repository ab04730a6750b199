//! Shared helpers for the integration tests: building the C test programs, running the
//! tracer, and reading its text output.
#![allow(dead_code)]

pub mod schema;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// The C sources live in the repository's top-level `tests/programs/`.
fn sources() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/programs")
}

/// Compiles `tests/programs/NAME.c` (once per source change) and returns the binary.
/// Several test binaries may compile at once: each writes a private file, then renames.
pub fn program(name: &str) -> PathBuf {
    let src = sources().join(format!("{name}.c"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs");
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join(name);
    let fresh = match (std::fs::metadata(&bin), std::fs::metadata(&src)) {
        (Ok(b), Ok(s)) => b.modified().unwrap() >= s.modified().unwrap(),
        _ => false,
    };
    if !fresh {
        let tmp = dir.join(format!(
            ".{name}.{}.{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let out = Command::new("cc")
            .args(["-O1", "-Wall", "-pthread", "-o"])
            .arg(&tmp)
            .arg(&src)
            .output()
            .expect("cc (gcc) must be installed to build the test programs");
        assert!(
            out.status.success(),
            "compiling {name}.c failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::rename(&tmp, &bin).unwrap();
    }
    bin
}

pub fn tracer() -> Command {
    Command::new(env!("CARGO_BIN_EXE_syscall-tracer"))
}

/// A fresh path in the target's temp dir for an `-o` file. Its length never changes
/// (the counter is zero-padded): the tracer's own command line sits on the stack its
/// child inherits, so `--fixed-ts` output is identical only for identical-length
/// command lines.
pub fn temp_path(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("out");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!(
        "{tag}.{}.{:06}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ))
}

/// What one traced run produced.
pub struct Traced {
    pub output: Output,
    pub trace: String,
}

impl Traced {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
    pub fn lines(&self) -> Vec<Line> {
        parse_lines(&self.trace)
    }
}

/// Runs the tracer with `args` (the trace going to an `-o` file) and returns everything.
pub fn trace(args: &[&str]) -> Traced {
    let (output, trace) = run_with_trace_file(tracer(), "trace", args);
    Traced { output, trace }
}

/// Runs `cmd` (a tracer) with `-o FILE` and `args`, stdin empty; returns how it ran and
/// what it wrote to FILE (a temporary file, removed after).
fn run_with_trace_file(mut cmd: Command, name: &str, args: &[&str]) -> (Output, String) {
    let out = temp_path(name);
    let output = cmd
        .arg("-o")
        .arg(&out)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let trace = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (output, trace)
}

/// The untraced run of the same command, for comparison.
pub fn untraced(cmd: &Path, args: &[&str]) -> Output {
    Command::new(cmd)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// One text trace line: `[ts] pid=P tid=T rest`.
#[derive(Debug, Clone)]
pub struct Line {
    pub ts: String,
    pub pid: i32,
    pub tid: i32,
    pub rest: String,
}

impl Line {
    pub fn is_call(&self) -> bool {
        !self.rest.starts_with("---") && !self.rest.starts_with("+++")
    }
    /// The call's name (text before the first parenthesis).
    pub fn call(&self) -> &str {
        self.rest.split('(').next().unwrap_or("")
    }
}

pub fn parse_lines(trace: &str) -> Vec<Line> {
    let re = regex::Regex::new(r"^\[([0-9:.]+)\] pid=(\d+) tid=(\d+) (.*)$").unwrap();
    trace
        .lines()
        .map(|l| {
            let c = re
                .captures(l)
                .unwrap_or_else(|| panic!("malformed trace line: {l:?}"));
            Line {
                ts: c[1].to_string(),
                pid: c[2].parse().unwrap(),
                tid: c[3].parse().unwrap(),
                rest: c[4].to_string(),
            }
        })
        .collect()
}

/// Every call line is well formed, and entries pair with exits: a whole call
/// `name(args) = result` has a latency unless it never returned (`= ?`); a call shown
/// `name(args <unfinished ...>` is followed, among its thread's lines, by its
/// `<... name resumed>...) = result` before that thread's next call (or the trace ends:
/// it was in flight when the tracer detached); a call cut short by its thread's death
/// is `name(args <unfinished ...>) = ?`; one in flight at detach `name(args <detached ...>`.
pub fn assert_calls_paired(lines: &[Line]) {
    let done = regex::Regex::new(r"^[a-z_0-9]+\(.*\) = .+ \(\d+\.\d{6}s\)$").unwrap();
    let never = regex::Regex::new(r"^[a-z_0-9]+\(.*\) = \?$").unwrap();
    let cut_short = regex::Regex::new(r"^[a-z_0-9]+\(.* <unfinished \.\.\.>\) = \?$").unwrap();
    let detached = regex::Regex::new(r"^[a-z_0-9]+\(.* <detached \.\.\.>$").unwrap();
    let unfinished = regex::Regex::new(r"^([a-z_0-9]+)\(.* <unfinished \.\.\.>$").unwrap();
    let resumed =
        regex::Regex::new(r"^<\.\.\. ([a-z_0-9]+) resumed>.*\) = (.+ \(\d+\.\d{6}s\)|\?)$")
            .unwrap();
    let mut open: std::collections::HashMap<i32, String> = std::collections::HashMap::new();
    for l in lines.iter().filter(|l| l.is_call()) {
        if let Some(c) = unfinished.captures(&l.rest) {
            let prev = open.insert(l.tid, c[1].to_string());
            assert!(
                prev.is_none(),
                "a second call began before {prev:?} resumed: {l:?}"
            );
            continue;
        }
        if let Some(c) = resumed.captures(&l.rest) {
            let began = open.remove(&l.tid);
            assert_eq!(
                began.as_deref(),
                Some(&c[1]),
                "resumed without its unfinished part: {l:?}"
            );
            continue;
        }
        assert!(
            !open.contains_key(&l.tid),
            "a call began before {:?} resumed: {l:?}",
            open[&l.tid]
        );
        assert!(
            done.is_match(&l.rest)
                || never.is_match(&l.rest)
                || cut_short.is_match(&l.rest)
                || detached.is_match(&l.rest),
            "unpaired or malformed call line: {l:?}"
        );
    }
}

/// Whether a thread's last line shows a call (beginning `head`) in flight when the
/// tracer detached: `read(0 <detached ...>`, or, if it was shown unfinished already,
/// that `read(0 <unfinished ...>` line, to which strace adds nothing.
pub fn in_flight_at_detach(last: &str, head: &str) -> bool {
    last.starts_with(head)
        && (last.ends_with(" <detached ...>") || last.ends_with(" <unfinished ...>"))
}

/// The trace with each `<unfinished ...>` line joined to its `<... resumed>` line into the
/// one line strace prints when nothing interleaves (`read(0, "a", 1) = 1 (0.5s)`), at the
/// unfinished part's place; an unfinished part never resumed stays as it is.
pub fn merge_resumed(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut open: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
    for l in lines {
        if l.is_call() && l.rest.ends_with(" <unfinished ...>") {
            open.insert(l.tid, out.len());
            out.push(l.clone());
            continue;
        }
        if l.is_call() && l.rest.starts_with("<... ") {
            if let (Some(i), Some(at)) = (open.remove(&l.tid), l.rest.find(" resumed>")) {
                let head = out[i]
                    .rest
                    .trim_end_matches(" <unfinished ...>")
                    .to_string();
                out[i].rest = format!("{head}{}", &l.rest[at + " resumed>".len()..]);
                continue;
            }
        }
        out.push(l.clone());
    }
    out
}

/// True once the lead's generated decoder has replaced the raw stub: assertions about
/// exact strace rendering (names beyond a handful, quoted paths) apply only then.
pub fn decoder_is_real() -> bool {
    syscall_tracer::decode::syscall_name(257) == Some("openat")
}

/// Waits (up to a generous bound, only to avoid hanging forever) until `cond` holds.
pub fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The children of a process (first thread), from /proc.
pub fn children_of(pid: u32) -> Vec<i32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// The state letter of a process from /proc/PID/stat (R, S, T, t, Z, ...).
pub fn proc_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

/// `tid N` / `pid N` numbers a test program printed on stderr.
pub fn reported_ids(stderr: &str) -> Vec<i32> {
    stderr
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
        .collect()
}

pub fn sorted_lines(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s.lines().map(str::to_owned).collect();
    v.sort();
    v
}

/// Waits until `pid` sleeps inside syscall `nr` (it has printed "ready", but might not
/// have entered the call yet).
pub fn wait_blocked_in(pid: i32, nr: u32) {
    wait_until("the tracee to block in its call", || {
        let sc = std::fs::read_to_string(format!("/proc/{pid}/syscall")).unwrap_or_default();
        sc.split_whitespace().next() == Some(&nr.to_string()) && proc_state(pid) == Some('S')
    });
}

/// kill(1) by signal name, so the tests need no unsafe code.
pub fn unsafe_free_kill(pid: i32, sig: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Kills a process the test left running on purpose, even if an assertion fails first
/// (a leftover would hold the test's stdout and stderr open).
pub struct KillOnDrop(pub i32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // Only if the pid still belongs to one of our test programs (it may have been
        // reaped and reused meanwhile).
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", self.0)).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains("/programs/") {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(self.0.to_string())
                .status();
        }
    }
}

/// Waits, like [`wait_until`], with a bound of `secs` (hang guards for runs that are
/// slow on a loaded machine: tracing a storm of calls, attaching to fifty threads).
pub fn wait_until_for(what: &str, secs: u64, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A child process of the test (usually the tracer) that is killed if the test fails
/// before it ended, so a hang or an assertion never leaves it behind. Our own unreaped
/// child: its pid cannot have been reused.
pub struct ChildGuard(pub Child);

impl ChildGuard {
    /// Waits (bounded, as a hang guard) until the child exits; returns its status.
    pub fn wait_exit(&mut self, what: &str) -> ExitStatus {
        let mut status = None;
        wait_until_for(what, 120, || {
            status = self.0.try_wait().unwrap();
            status.is_some()
        });
        status.unwrap()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// `sh -c 'PROG ARGS; echo "exit $?"' PROG ARGS`: the program's exit status shows on
/// stdout even when the tracer that started it has detached and gone (its real parent
/// is then the shell, not the tracer).
pub fn with_status(prog: &Path, args: &[&str]) -> Vec<String> {
    let mut v = vec![
        "/bin/sh".to_string(),
        "-c".to_string(),
        r#""$0" "$@"; echo "exit $?""#.to_string(),
        prog.to_str().unwrap().to_string(),
    ];
    v.extend(args.iter().map(|a| a.to_string()));
    v
}

/// The complete lines of a trace file that the tracer is still writing (its buffered
/// writes may end in the middle of a line).
pub fn complete_lines(path: &Path) -> Vec<Line> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let end = text.rfind('\n').map_or(0, |i| i + 1);
    parse_lines(&text[..end])
}

/// A field of /proc/PID/task/TID/status, e.g. `State` or `TracerPid`.
fn task_status_field(pid: i32, tid: &str, field: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/status")).ok()?;
    status.lines().find_map(|l| {
        l.strip_prefix(field)
            .and_then(|v| v.strip_prefix(':'))
            .map(|v| v.trim().to_string())
    })
}

/// No thread of `pid` is stopped (`T` or `t`) or still traced: what a detach must leave.
/// A process that is gone passes.
pub fn assert_released(pid: i32) {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return;
    };
    for task in tasks.flatten() {
        let tid = task.file_name().to_string_lossy().into_owned();
        let state = task_status_field(pid, &tid, "State").unwrap_or_default();
        let tracer = task_status_field(pid, &tid, "TracerPid").unwrap_or_default();
        assert!(
            !state.starts_with('T') && !state.starts_with('t'),
            "thread {tid} of {pid} left stopped: {state}"
        );
        assert!(
            tracer.is_empty() || tracer == "0",
            "thread {tid} of {pid} still traced by {tracer}"
        );
    }
}

/// Waits until `pid` has ended (gone, or a zombie its new parent has yet to reap): a
/// detached program must run to its end, not linger.
pub fn wait_ended(pid: i32) {
    wait_until_for("the detached program to end", 120, || {
        matches!(proc_state(pid), None | Some('Z' | 'X'))
    });
}

/// The parent of a process, from /proc.
pub fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')')
        .next()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Reads one line (with its newline) from a child's pipe.
pub fn read_line(r: &mut impl BufRead) -> String {
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    line
}

/// A running `ticker N` (one "tick I" line every 20 ms) to attach to, with its stdout
/// and the first tick already read: by then it is past its start-up.
pub struct Ticker {
    pub child: std::process::Child,
    pub stdout: std::io::BufReader<std::process::ChildStdout>,
    pub first: String,
}

pub fn start_ticker(ticks: u32) -> Ticker {
    use std::io::BufRead;
    let mut child = Command::new(program("ticker"))
        .arg(ticks.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    Ticker {
        child,
        stdout,
        first,
    }
}

/// strace 7.2, the oracle: `$SYSCALL_TRACER_STRACE72`, or the launcher `cargo xtask
/// oracle` sets up in `target/oracle/`. A test that compares with it fails, rather than
/// passing unchecked, when it is not set up.
pub fn strace72() -> &'static str {
    static FOUND: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FOUND.get_or_init(|| {
        if let Some(given) = std::env::var_os("SYSCALL_TRACER_STRACE72") {
            return given.to_string_lossy().into_owned();
        }
        let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/oracle/strace72");
        assert!(
            ours.exists(),
            "strace 7.2, the oracle, is not set up: run `cargo xtask oracle` (or set \
             SYSCALL_TRACER_STRACE72)"
        );
        ours.to_string_lossy().into_owned()
    })
}

/// Runs strace 7.2 with `args` (its options, then the command), the program's stdin
/// empty and stdout a pipe as `trace` gives ours; returns how it ran and the trace it
/// wrote with `-o` (read from a temporary file, then removed).
pub fn strace72_run(args: &[&str]) -> (Output, String) {
    run_with_trace_file(Command::new(strace72()), "strace72", args)
}
