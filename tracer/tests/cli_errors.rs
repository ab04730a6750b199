//! Bad command lines and unreachable targets: one `error: ...` line, the documented exit
//! code, no panic, no tracee left behind.

mod common;

use common::*;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = tracer().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_usage_error(args: &[&str], expected: &str) {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, Some(2), "{args:?}: stderr {stderr:?}");
    assert!(stdout.is_empty(), "{args:?}: stdout {stdout:?}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: want one line, got {stderr:?}"
    );
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr:?}");
    assert!(
        stderr.contains(expected),
        "{args:?}: {stderr:?} lacks {expected:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn pid_not_found() {
    let (code, _, stderr) = run(&["-p", "999999"]);
    assert_eq!(code, Some(2));
    assert_eq!(stderr, "error: pid 999999 not found\n");
}

#[test]
fn bad_pids() {
    assert_usage_error(&["-p", "abc"], "invalid pid 'abc'");
    assert_usage_error(&["-p", "-5"], "");
    assert_usage_error(&["-p", "0"], "invalid pid '0'");
    assert_usage_error(&["--pid", "x", "--", "true"], "invalid --pid entry 'x'");
}

#[test]
fn unknown_option() {
    assert_usage_error(&["--xyzzy", "--", "true"], "unexpected argument '--xyzzy'");
    assert_usage_error(&["-j"], "unexpected argument '-j'");
}

#[test]
fn unknown_syscall_or_class_in_filter() {
    assert_usage_error(
        &["-e", "trace=write,frobnicate", "--", "true"],
        "unknown syscall 'frobnicate'",
    );
    assert_usage_error(
        &["--filter=nosuchcall", "--", "true"],
        "unknown syscall 'nosuchcall'",
    );
    assert_usage_error(
        &["-e", "trace=%nosuchclass", "--", "true"],
        "unknown syscall class '%nosuchclass'",
    );
    assert_usage_error(&["-e", "trace=/(", "--", "true"], "invalid regex");
    // What the user typed is echoed with its control characters escaped: still one line.
    assert_usage_error(
        &["-e", "trace=write,a\nb", "--", "true"],
        "unknown syscall 'a\\nb'",
    );
    assert_usage_error(&["-p", "1\n2"], "invalid pid '1\\n2'");
    assert_usage_error(
        &["-e", "kvm=vcpu", "--", "true"],
        "-e kvm=/--kvm: KVM vcpu exit reasons are not decoded",
    );
}

#[test]
fn missing_or_bad_command() {
    assert_usage_error(&[], "must have a command to run or -p PID");
    assert_usage_error(
        &["--", "/nonexistent/program"],
        "/nonexistent/program: command not found",
    );
    assert_usage_error(
        &["--", "no-such-command-anywhere"],
        "no-such-command-anywhere: command not found",
    );
    let not_exec = temp_path("notexec");
    std::fs::write(&not_exec, "data").unwrap();
    assert_usage_error(&["--", not_exec.to_str().unwrap()], "Permission denied");
    assert_usage_error(&["-p", "1", "--", "true"], "not both");
    // Executable bit set, but not a program: the exec itself fails.
    let garbage = temp_path("garbage");
    std::fs::write(&garbage, b"\x00\x01garbage").unwrap();
    std::fs::set_permissions(
        &garbage,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    assert_usage_error(
        &["-o", "/dev/null", "--", garbage.to_str().unwrap()],
        "Exec format error",
    );
}

#[test]
fn bad_values() {
    assert_usage_error(
        &["-s", "-5", "--", "true"],
        "invalid value '-5' for '--string-limit",
    );
    assert_usage_error(&["-s", "many", "--", "true"], "invalid value 'many'");
    assert_usage_error(&["-tttt", "--", "true"], "at most -ttt");
}

#[test]
fn unwritable_output() {
    assert_usage_error(
        &["-o", "/nonexistent/dir/trace.txt", "--", "true"],
        "cannot open output file /nonexistent/dir/trace.txt",
    );
}

#[test]
fn help_shows_examples_and_exits_zero() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("Examples:") && stdout.contains("syscall-tracer -- ls /"),
        "{stdout}"
    );
}

/// A bad command line never starts the command: `touch MARKER` after the bad options
/// leaves no file.
#[test]
fn a_bad_command_line_starts_nothing() {
    let marker = temp_path("marker");
    let m = marker.to_str().unwrap();
    for bad in [
        &["--xyzzy"][..],
        &["-e", "trace=nosuchcall"],
        &["-e", "trace=%nosuchclass"],
        &["-s", "-1"],
        &["-p", "abc"],
        &["-e", "signal=FOO"],
        &["-o", "/nonexistent/dir/trace.txt"],
    ] {
        let mut args = bad.to_vec();
        args.extend(["--", "/usr/bin/touch", m]);
        assert_usage_error(&args, "");
        assert!(!marker.exists(), "{args:?} ran the command");
    }
}

/// The tracer run as an unprivileged user (nobody), with no capabilities.
fn unprivileged(args: &[&str]) -> std::process::Output {
    std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_syscall-tracer"))
        .args(args)
        .output()
        .expect("setpriv (util-linux) runs the tracer as nobody")
}

fn assert_not_permitted(out: &std::process::Output, pid: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: cannot trace pid {pid}: Operation not permitted (hint: run as root"
        )),
        "{stderr}"
    );
}

/// The tracee's tracer, from /proc (0: not traced).
fn tracer_pid(pid: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("TracerPid:"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn pid_1_without_permission() {
    let out = unprivileged(&["-p", "1"]);
    assert_not_permitted(&out, "1");
    assert_eq!(tracer_pid("1"), "0");
    assert_ne!(proc_state(1), Some('t'));
}

/// Another user's process: refused, and the process is neither traced nor stopped; it
/// runs to its end.
#[test]
fn a_root_process_without_permission_is_left_alone() {
    use std::io::Read;
    let Ticker {
        child: mut ticker,
        stdout: mut reader,
        first: mut ticks,
    } = start_ticker(10);
    let pid = ticker.id().to_string();
    let out = unprivileged(&["-p", &pid]);
    assert_not_permitted(&out, &pid);
    assert_eq!(tracer_pid(&pid), "0");
    assert!(!matches!(proc_state(ticker.id() as i32), Some('t' | 'T')));
    reader.read_to_string(&mut ticks).unwrap();
    assert_eq!(ticker.wait().unwrap().code(), Some(0));
    let expected: String = (0..10).map(|i| format!("tick {i}\n")).collect();
    assert_eq!(ticks, expected);
}

/// The one line an error gives, checked whole: exit 2, nothing on stdout, no panic.
fn assert_error_line(args: &[&str], line: &str) {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, Some(2), "{args:?}: stderr {stderr:?}");
    assert!(stdout.is_empty(), "{args:?}: stdout {stdout:?}");
    assert_eq!(stderr, format!("{line}\n"), "{args:?}");
}

#[test]
fn a_bad_regex_gives_its_reason_on_the_same_line() {
    assert_error_line(
        &["-e", "trace=/[", "--", "true"],
        "error: invalid regex '[' in syscall set: unclosed character class",
    );
    assert_error_line(
        &["-e", "trace=read,/(", "--", "true"],
        "error: invalid regex '(' in syscall set: unclosed group",
    );
}

#[test]
fn a_near_miss_names_the_nearest_valid_name() {
    assert_error_line(
        &["--folow", "--", "true"],
        "error: unexpected argument '--folow' found (did you mean '--follow'?)",
    );
    assert_error_line(
        &["--jsn", "--", "true"],
        "error: unexpected argument '--jsn' found (did you mean '--json'?)",
    );
    assert_error_line(
        &["-e", "trcae=open", "--", "true"],
        "error: unknown qualifier 'trcae' in -e (did you mean 'trace'?)",
    );
    assert_error_line(
        &["-e", "trace=opn", "--", "true"],
        "error: unknown syscall 'opn' (did you mean 'open'?)",
    );
    assert_error_line(
        &["-e", "trace=%fiel", "--", "true"],
        "error: unknown syscall class '%fiel' (did you mean '%file'?)",
    );
    assert_error_line(
        &["--filter", "read,wrtie", "--", "true"],
        "error: unknown syscall 'wrtie' (did you mean 'write'?)",
    );
    // Nothing close: no guess.
    assert_error_line(
        &["-e", "trace=frobnicate", "--", "true"],
        "error: unknown syscall 'frobnicate'",
    );
    assert_error_line(
        &["--xyzzy", "--", "true"],
        "error: unexpected argument '--xyzzy' found",
    );
    // `--follow` is accepted (following is the default), as is strace's `--follow-forks`.
    for follow in ["--follow", "--follow-forks"] {
        let (code, _, stderr) = run(&[follow, "-o", "/dev/null", "--", "true"]);
        assert_eq!(code, Some(0), "{follow}: {stderr}");
    }
}

/// A kernel thread, from /proc (PF_KTHREAD in the flags of /proc/PID/stat).
fn a_kernel_thread() -> i32 {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .find(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let flags = stat
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().nth(6))
                .and_then(|f| f.parse::<u64>().ok());
            flags.is_some_and(|f| f & 0x0020_0000 != 0)
        })
        .expect("a kernel thread (kthreadd) is visible in /proc")
}

/// Root is refused too, but never told to run as root: the hint names the real cause,
/// here a process that already has a tracer, and a kernel thread.
#[test]
fn root_is_never_told_to_run_as_root() {
    let Ticker {
        child: mut ticker,
        stdout: mut reader,
        first: mut ticks,
    } = start_ticker(30);
    let pid = ticker.id().to_string();
    let first = tracer()
        .args(["-o", "/dev/null", "-p", &pid])
        .spawn()
        .unwrap();
    let mut first = ChildGuard(first);
    wait_until("the first tracer to attach", || {
        !["0", ""].contains(&tracer_pid(&pid).as_str())
    });
    let (code, stdout, stderr) = run(&["-p", &pid]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        format!(
            "error: cannot trace pid {pid}: Operation not permitted (hint: pid {pid} is already \
             traced by pid {} (syscall-tracer), and a process has at most one tracer)\n",
            first.0.id()
        )
    );
    unsafe_free_kill(first.0.id() as i32, "INT");
    assert_eq!(first.wait_exit("the first tracer").code(), Some(0));
    std::io::Read::read_to_string(&mut reader, &mut ticks).unwrap();
    assert_eq!(ticker.wait().unwrap().code(), Some(0));

    let kthread = a_kernel_thread().to_string();
    let (code, _, stderr) = run(&["-p", &kthread]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: cannot trace pid {kthread}: Operation not permitted (hint: pid {kthread} \
             is a kernel thread, which cannot be traced)\n"
        )
    );
}
