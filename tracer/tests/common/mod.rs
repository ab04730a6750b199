//! Shared helpers for the integration tests: building the C test programs, running the
//! tracer, and reading its text output.
#![allow(dead_code)]

pub mod schema;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
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
    let out = temp_path("trace");
    let output = tracer()
        .arg("-o")
        .arg(&out)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let trace = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    Traced { output, trace }
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

/// Every call line is complete: `name(args) = result`, with a latency unless it never
/// returned (`= ?`). This is how entry and exit pairing shows in one-line output.
pub fn assert_calls_paired(lines: &[Line]) {
    let done = regex::Regex::new(r"^[a-z_0-9]+\(.*\) = .+ \(\d+\.\d{6}s\)$").unwrap();
    let unfinished = regex::Regex::new(r"^[a-z_0-9]+\(.*\) = \?( <detached \.\.\.>)?$").unwrap();
    for l in lines.iter().filter(|l| l.is_call()) {
        assert!(
            done.is_match(&l.rest) || unfinished.is_match(&l.rest),
            "unpaired or malformed call line: {l:?}"
        );
    }
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
