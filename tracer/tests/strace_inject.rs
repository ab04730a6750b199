//! `-e inject=` and `-e fault=` against strace 7.2 (`cargo xtask oracle`): the same
//! options make the program see the same thing (its stdout, stderr and exit status are
//! compared), and our lines are strace's (without our `[ts] pid= tid=` prefix and latency
//! suffix), `(INJECTED)` and `(DELAYED)` included. Both our seccomp mode (the default
//! with a `-e trace=` set) and `--no-seccomp` are checked where they differ in how the
//! engine tampers.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use common::*;

/// Always true: a missing oracle fails the test (see `common::strace72`).
/// What a program did under one tool, and the trace lines (normalized).
#[derive(Debug)]
struct Run {
    stdout: String,
    stderr: String,
    /// The program's end as a shell sees it: exit code, or 128+signal.
    code: i32,
    lines: Vec<String>,
}

fn shell_code(status: ExitStatus) -> i32 {
    status
        .code()
        .or_else(|| status.signal().map(|s| 128 + s))
        .unwrap_or(-1)
}

fn run_with(tool: &Path, args: &[&str], cmd: &[&str]) -> (Run, String) {
    let out = temp_path("inject");
    let output = Command::new(tool)
        .arg("-o")
        .arg(&out)
        .args(args)
        .arg("--")
        .args(cmd)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: shell_code(output.status),
            lines: Vec::new(),
        },
        text,
    )
}

/// strace72 with `args`: its lines without the pid column (-f) and the alignment.
fn strace(args: &[&str], cmd: &[&str]) -> Run {
    let (mut run, text) = run_with(Path::new(strace72()), args, cmd);
    let pid = regex::Regex::new(r"^\d+ +").unwrap();
    let align = regex::Regex::new(r"\)\s+= ").unwrap();
    run.lines = text
        .lines()
        .map(|l| align.replace(&pid.replace(l, ""), ") = ").into_owned())
        .collect();
    run
}

/// Ours with `args`: its lines without prefix and latency; also the latencies of the
/// call lines (seconds), in order.
fn ours(args: &[&str], cmd: &[&str]) -> (Run, Vec<Option<f64>>) {
    let tracer = PathBuf::from(env!("CARGO_BIN_EXE_syscall-tracer"));
    let (mut run, text) = run_with(&tracer, args, cmd);
    let latency = regex::Regex::new(r" \((\d+\.\d+)s\)$").unwrap();
    let mut secs = Vec::new();
    run.lines = parse_lines(&text)
        .iter()
        .map(|l| {
            secs.push(latency.captures(&l.rest).map(|c| c[1].parse().unwrap()));
            latency.replace(&l.rest, "").into_owned()
        })
        .collect();
    (run, secs)
}

/// Both tools with the same options: the program saw the same, the lines are the same.
/// Returns our latencies for a closer look.
fn same_as_strace(args: &[&str], cmd: &[&str]) -> (Run, Vec<Option<f64>>) {
    let theirs = strace(args, cmd);
    let (mine, secs) = ours(args, cmd);
    assert_eq!(mine.stdout, theirs.stdout, "stdout, {args:?} {cmd:?}");
    assert_eq!(mine.stderr, theirs.stderr, "stderr, {args:?} {cmd:?}");
    assert_eq!(mine.code, theirs.code, "exit status, {args:?} {cmd:?}");
    assert_eq!(mine.lines, theirs.lines, "trace, {args:?} {cmd:?}");
    (mine, secs)
}

/// Two small files for `cat`.
fn two_files() -> (String, String) {
    let a = temp_path("inject-a");
    let b = temp_path("inject-b");
    std::fs::write(&a, "first\n").unwrap();
    std::fs::write(&b, "second\n").unwrap();
    (a.display().to_string(), b.display().to_string())
}

macro_rules! need_strace72 {
    () => {};
}

#[test]
fn openat_fails_with_enoent_from_the_second_call_on_as_under_strace() {
    need_strace72!();
    let (a, b) = two_files();
    let inject = ["-e", "inject=openat:error=ENOENT:when=2+"];
    // As the issue spells it: the program sees what strace's injection makes it see.
    let theirs = strace(&inject, &["cat", &a, &b]);
    let (mine, _) = ours(&inject, &["cat", &a, &b]);
    assert_eq!(
        (&mine.stdout, &mine.stderr, mine.code),
        (&theirs.stdout, &theirs.stderr, theirs.code)
    );
    assert_ne!(
        theirs.code, 0,
        "the injection made the program fail: {theirs:?}"
    );
    let injected: Vec<&String> = mine
        .lines
        .iter()
        .filter(|l| l.ends_with("= -1 ENOENT (No such file or directory) (INJECTED)"))
        .collect();
    assert!(!injected.is_empty(), "{:?}", mine.lines);
    // The openat lines, exactly strace's: the first call untouched, the rest injected.
    let args = [
        "-e",
        "trace=openat",
        "-e",
        "inject=openat:error=ENOENT:when=2+",
    ];
    let theirs = strace(&args, &["cat", &a, &b]);
    assert!(!theirs.lines[0].contains("INJECTED"), "{:?}", theirs.lines);
    assert!(
        theirs.lines[1].ends_with("(INJECTED)"),
        "{:?}",
        theirs.lines
    );
    for mode in [&[][..], &["--no-seccomp"][..]] {
        let (mine, _) = ours(&[&args[..], mode].concat(), &["cat", &a, &b]);
        assert_eq!(mine.lines, theirs.lines, "{mode:?}");
        assert_eq!((mine.code, &mine.stderr), (theirs.code, &theirs.stderr));
    }
}

#[test]
fn retval_makes_the_call_return_the_value() {
    need_strace72!();
    for mode in [&[][..], &["--no-seccomp"][..]] {
        let theirs = strace(
            &["-e", "trace=getpid", "-e", "inject=getpid:retval=42"],
            &["sh", "-c", "echo $$"],
        );
        let mut args = vec!["-e", "trace=getpid", "-e", "inject=getpid:retval=42"];
        args.extend(mode);
        let (mine, _) = ours(&args, &["sh", "-c", "echo $$"]);
        assert_eq!(mine.stdout, "42\n");
        assert_eq!((&mine.stdout, &mine.lines), (&theirs.stdout, &theirs.lines));
        assert!(
            mine.lines[0].ends_with("= 42 (INJECTED)"),
            "{:?}",
            mine.lines
        );
    }
}

#[test]
fn a_signal_is_delivered_at_the_calls_entry_in_both_modes() {
    need_strace72!();
    let (a, _) = two_files();
    // strace's own --seccomp-bpf loses such a signal; its default mode delivers it, and
    // so does ours in either mode.
    let theirs = strace(
        &[
            "-e",
            "trace=openat",
            "-e",
            "inject=openat:signal=SIGUSR1:when=3",
        ],
        &["cat", &a],
    );
    assert_eq!(theirs.code, 128 + libc::SIGUSR1, "{theirs:?}");
    for mode in [&[][..], &["--no-seccomp"][..]] {
        let mut args = vec![
            "-e",
            "trace=openat",
            "-e",
            "inject=openat:signal=SIGUSR1:when=3",
        ];
        args.extend(mode);
        let (mine, _) = ours(&args, &["cat", &a]);
        assert_eq!((mine.code, &mine.stdout), (theirs.code, &theirs.stdout));
        assert_eq!(mine.lines, theirs.lines, "{mode:?}");
        assert!(mine
            .lines
            .contains(&"--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---".to_string()));
    }
    // Delivered at entry: a sleep is interrupted by it, as strace shows.
    let args = [
        "-e",
        "trace=clock_nanosleep",
        "-e",
        "inject=clock_nanosleep:signal=SIGUSR1",
    ];
    let theirs = strace(&args, &["sleep", "5"]);
    let (mine, _) = ours(&args, &["sleep", "5"]);
    assert_eq!(mine.code, theirs.code);
    let norm = |l: &[String]| -> Vec<String> {
        // The time left differs from run to run.
        let left = regex::Regex::new(r"\{tv_sec=\d+, tv_nsec=\d+\}\) =").unwrap();
        l.iter()
            .map(|s| left.replace(s, "{...}) =").into_owned())
            .collect()
    };
    assert_eq!(norm(&mine.lines), norm(&theirs.lines));
    assert!(
        mine.lines[0].contains("ERESTART_RESTARTBLOCK"),
        "{:?}",
        mine.lines
    );
}

#[test]
fn fault_fails_calls_with_enosys_unless_told() {
    need_strace72!();
    let (a, _) = two_files();
    same_as_strace(
        &["-e", "trace=openat", "-e", "fault=openat:when=3"],
        &["cat", &a],
    );
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=openat",
            "--fault=openat:error=EACCES:when=4..5",
        ],
        &["cat", &a],
    );
    assert!(mine.lines[3].ends_with("EACCES (Permission denied) (INJECTED)"));
    // A later option overrides an earlier one for the calls both name.
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=openat",
            "-e",
            "fault=openat:error=EPERM",
            "--inject=openat:error=EACCES:when=3",
        ],
        &["cat", &a],
    );
    assert!(mine.lines[2].contains("EACCES"), "{:?}", mine.lines);
    assert!(!mine.lines[0].contains("INJECTED"), "{:?}", mine.lines);
}

#[test]
fn delays_hold_the_call_at_least_that_long() {
    need_strace72!();
    let (a, _) = two_files();
    // -Z: the delayed call (it fails) is never split into <unfinished ...> parts.
    for (spec, delay) in [
        ("inject=openat:delay_exit=30ms:when=3", 0.030),
        ("inject=openat:error=EPERM:delay_enter=30000:when=3", 0.030),
    ] {
        let (mine, secs) = same_as_strace(&["-Z", "-e", "trace=openat", "-e", spec], &["cat", &a]);
        let i = mine
            .lines
            .iter()
            .position(|l| l.ends_with("(DELAYED)"))
            .unwrap_or_else(|| panic!("{:?}", mine.lines));
        let latency = secs[i].expect("a returned call has a latency");
        assert!(latency >= delay, "{spec}: {latency} s");
    }
}

#[test]
fn poke_enter_writes_where_the_argument_points() {
    need_strace72!();
    for mode in [&[][..], &["--no-seccomp"][..]] {
        let mut args = vec![
            "-e",
            "trace=write",
            "-e",
            "inject=write:poke_enter=@arg2=414243",
        ];
        let theirs = strace(&args, &["/bin/echo", "hello"]);
        args.extend(mode);
        let (mine, _) = ours(&args, &["/bin/echo", "hello"]);
        assert_eq!(mine.stdout, "ABClo\n");
        assert_eq!((&mine.stdout, &mine.lines), (&theirs.stdout, &theirs.lines));
        assert_eq!(
            mine.lines[0],
            r#"write(1, "ABClo\n", 6) = 6 (INJECTED: args)"#
        );
    }
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=write",
            "-e",
            "inject=write:poke_exit=@arg2=58:retval=6",
        ],
        &["/bin/echo", "hello"],
    );
    assert_eq!(mine.stdout, "");
    assert!(mine.lines[0].ends_with("(INJECTED: args, retval)"));
}

#[test]
fn syscall_runs_another_call_instead() {
    need_strace72!();
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=getppid",
            "-e",
            "inject=getppid:syscall=getpid:error=EPERM",
        ],
        &["sh", "-c", "echo $PPID"],
    );
    assert_eq!(mine.stdout, "-1\n");
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=getppid",
            "-e",
            "inject=getppid:syscall=getpid:retval=7",
        ],
        &["sh", "-c", "echo $PPID"],
    );
    assert_eq!(mine.stdout, "7\n");
}

#[test]
fn calls_outside_the_trace_set_are_left_alone_as_strace_leaves_them() {
    // strace tampers only with the calls its -e trace= shows: openat here is untouched
    // (checked against strace 7.2 and 6.1), in our seccomp mode too, where openat is
    // never even stopped at.
    need_strace72!();
    let (a, b) = two_files();
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=read",
            "-e",
            "inject=openat:error=ENOENT:when=3+",
        ],
        &["cat", &a, &b],
    );
    assert_eq!(mine.stdout, "first\nsecond\n");
    assert_eq!(mine.code, 0);
}

#[test]
fn when_counts_per_syscall_and_per_process_and_thread() {
    need_strace72!();
    let prog = program("inject_forks");
    let prog = prog.to_str().unwrap();
    let args = [
        "-e",
        "trace=getppid",
        "-e",
        "inject=getppid:retval=1:when=2",
    ];
    let theirs = strace(&[&["-f"][..], &args[..]].concat(), &[prog]);
    let (mine, _) = ours(&args, &[prog]);
    assert_eq!(mine.stdout, theirs.stdout);
    assert_eq!(
        mine.stdout,
        "parent 0: 0\nparent 1: 1\nchild 0: 0\nchild 1: 1\nchild 2: 0\n\
         thread 0: 0\nthread 1: 1\nthread 2: 0\nparent 0: 0\n"
    );
}

#[test]
fn json_and_recordings_keep_the_notes() {
    let (a, _) = two_files();
    let args = [
        "-e",
        "trace=openat",
        "-e",
        "inject=openat:error=EPERM:delay_exit=1ms:when=3",
    ];
    let t = trace(&[&["--json"][..], &args[..], &["--", "cat", &a]].concat());
    let schema = common::schema::load();
    let mut noted = 0;
    for line in t.trace.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        common::schema::validate(&schema, &v).unwrap_or_else(|e| panic!("{e}: {line}"));
        if v["injected"] == "INJECTED" && v["delayed"] == true {
            assert_eq!(v["errno_name"], "EPERM");
            noted += 1;
        }
    }
    assert_eq!(noted, 1, "{}", t.trace);
    let rec = temp_path("inject-rec");
    let live = trace(
        &[
            &["--record", rec.to_str().unwrap()][..],
            &args[..],
            &["--", "cat", &a],
        ]
        .concat(),
    );
    assert!(
        live.trace.contains("(INJECTED) (DELAYED)"),
        "{}",
        live.trace
    );
    let out = temp_path("inject-replayed");
    let status = tracer()
        .args(["replay", rec.to_str().unwrap(), "-e", "trace=openat", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), live.trace);
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&rec);
}

#[test]
fn bad_specs_are_one_line_and_exit_2() {
    for args in [
        &["-e", "inject=openat"][..],
        &["-e", "inject=openat:error=ENOENT:retval=1"],
        &["--fault=openat:retval=1"],
        &["-e", "inject=openat:when=0:error=1"],
        &["-e", "inject=openat:poke_enter=@arg9=00"],
        &["-e", "inject=nosuchcall:error=1"],
        &["-e", "inject=getppid:syscall=write:error=1"],
    ] {
        let out = tracer()
            .args(args)
            .args(["--", "/bin/true"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: invalid "), "{args:?}: {err}");
    }
}

#[test]
fn a_call_that_never_returns_does_when_its_result_is_injected() {
    need_strace72!();
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=exit_group,exit",
            "-e",
            "inject=exit_group:error=ENOSYS",
        ],
        &["/bin/true"],
    );
    assert_eq!(
        mine.lines[0],
        "exit_group(0) = -1 ENOSYS (Function not implemented) (INJECTED)"
    );
    // Only delayed, it still never returns: `= ?`, no note (as strace).
    let (mine, _) = same_as_strace(
        &[
            "-e",
            "trace=exit_group",
            "-e",
            "inject=exit_group:delay_enter=1ms",
        ],
        &["/bin/true"],
    );
    assert_eq!(mine.lines[0], "exit_group(0) = ?");
}
