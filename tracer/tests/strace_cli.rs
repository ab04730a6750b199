//! strace's command line, where the lead's part of it is honoured: `-o '|CMD'` and
//! `-o '!CMD'`, `-A`, `-Y` / `--decode-pids=comm,pidns`, long-option prefixes, and the
//! options refused with their reason. Compared with strace 7.2 (the oracle, `cargo xtask
//! oracle`) where it shows the same thing.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// The `call(args) = result` text of the lines of strace's output `-o` file (no prefix:
/// a single process).
fn strace_calls(args: &[&str]) -> Vec<String> {
    let out = temp_path("strace");
    let status = Command::new(strace72())
        .arg("-o")
        .arg(&out)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    // With -f, strace's -o lines start with the pid.
    let pid_prefix = regex::Regex::new(r"^\d+ +").unwrap();
    text.lines()
        .map(|l| pid_prefix.replace(l, "").into_owned())
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| collapse_alignment(&l))
        .collect()
}

/// strace pads ` = ` to column 40; ours has one space.
fn collapse_alignment(line: &str) -> String {
    match line.find(") ") {
        Some(_) => {
            let re = regex::Regex::new(r"\)\s+= ").unwrap();
            re.replace(line, ") = ").into_owned()
        }
        None => line.to_string(),
    }
}

/// Our calls' `call(args) = result`, without the prefix and the latency.
fn our_calls(trace: &str) -> Vec<String> {
    let latency = regex::Regex::new(r" \(\d+\.\d+s\)$").unwrap();
    parse_lines(trace)
        .iter()
        .filter(|l| l.is_call())
        .map(|l| latency.replace(&l.rest, "").into_owned())
        .collect()
}

#[test]
fn a_pipe_output_feeds_a_shell_command_and_is_waited_for() {
    for mark in ["|", "!"] {
        let dest = temp_path("piped");
        let cmd = format!("{mark}cat > {}", dest.display());
        let out = tracer()
            .args(["-o", &cmd, "-e", "trace=write", "--", "/bin/echo", "piped"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "piped\n");
        // Waited for: the file is complete when the tracer has exited.
        let text = std::fs::read_to_string(&dest).unwrap();
        let lines = parse_lines(&text);
        assert!(
            lines
                .iter()
                .any(|l| l.rest.starts_with("write(1, \"piped\\n\", 6) = 6")),
            "{text}"
        );
        assert!(
            lines.last().unwrap().rest.contains("+++ exited with 0 +++"),
            "{text}"
        );
        let _ = std::fs::remove_file(&dest);
    }
}

#[test]
fn a_pipe_command_that_stops_reading_ends_the_trace_not_the_program() {
    // `head` leaves after one line; the program must still run to its end, as untraced.
    let out = tracer()
        .args(["-o", "|head -n 1 >/dev/null", "--", "/bin/sh", "-c"])
        .arg("i=0; while [ $i -lt 200 ]; do i=$((i+1)); done; echo done")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "done\n");
}

#[test]
fn append_mode_keeps_what_the_file_held() {
    let path = temp_path("append");
    std::fs::write(&path, "before\n").unwrap();
    let out = tracer()
        .arg("-A")
        .arg("-o")
        .arg(&path)
        .args(["-e", "trace=exit_group", "--", "/bin/true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("before\n"), "{text}");
    assert!(text.contains("exit_group(0) = ?"), "{text}");
    // Without -A the file starts afresh, as strace's does.
    let out = tracer()
        .arg("-o")
        .arg(&path)
        .args(["-e", "trace=exit_group", "--", "/bin/true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!std::fs::read_to_string(&path).unwrap().contains("before"));
    let _ = std::fs::remove_file(&path);
    // -A without -o does nothing, and says so as strace does.
    let out = tracer()
        .args(["-A", "-e", "trace=none", "--", "/bin/true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("-A/--output-append-mode has no effect without -o/--output"));
}

#[test]
fn pids_show_their_command_names_as_strace_shows_them() {
    // `kill -0 $$`: the shell names itself; getppid names its parent, the tracer (whose
    // name differs from strace's), so it is left out.
    let script = "kill -0 $$; echo";
    let any_pid = regex::Regex::new(r"\d+<").unwrap();
    for flag in ["-Y", "--decode-pids=comm"] {
        let args = [
            flag,
            "-e",
            "trace=getpid,kill",
            "--",
            "/bin/sh",
            "-c",
            script,
        ];
        let theirs = strace_calls(&args);
        let t = trace(&args);
        assert_eq!(t.code(), Some(0), "{}", t.stderr());
        let ours = our_calls(&t.trace);
        let pid = t.lines()[0].pid;
        assert_eq!(
            ours,
            [
                format!("getpid() = {pid}<sh>"),
                format!("kill({pid}<sh>, 0) = 0")
            ],
            "{}",
            t.trace
        );
        // strace's pid differs; the text around it does not.
        let theirs: Vec<String> = theirs
            .iter()
            .map(|l| any_pid.replace(l, format!("{pid}<")).into_owned())
            .collect();
        assert_eq!(ours, theirs);
    }
}

#[test]
fn pids_of_another_namespace_show_the_tracers_number_too() {
    // util-linux's unshare is part of every Debian system (`.ci/run` needs nothing more).
    assert!(
        Command::new("unshare").arg("--help").output().is_ok(),
        "unshare (util-linux) runs"
    );
    let args = [
        "-f",
        "--decode-pids=pidns",
        "-e",
        "trace=getpid",
        "--",
        "unshare",
        "-pf",
        "/bin/sh",
        "-c",
        "kill -0 $$",
    ];
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let ours = our_calls(&t.trace);
    let re = regex::Regex::new(r"^getpid\(\) = 1 /\* (\d+) in strace's PID NS \*/$").unwrap();
    let tracer_pid: i32 = match ours.as_slice() {
        [one] => re.captures(one).expect(one)[1].parse().unwrap(),
        other => panic!("one getpid expected: {other:?}"),
    };
    // The number is the shell's in the tracer's namespace: the pid its lines carry.
    let getpid_line = t
        .lines()
        .into_iter()
        .find(|l| l.rest.starts_with("getpid"))
        .unwrap();
    assert_eq!(getpid_line.pid, tracer_pid);
    let theirs = strace_calls(&args);
    assert_eq!(theirs.len(), 1);
    assert!(re.is_match(&theirs[0]), "strace shows it alike: {theirs:?}");
    // Both at once: the name, then the number.
    let t = trace(&[
        "-Y",
        "--pidns-translation",
        "-e",
        "trace=getpid",
        "--",
        "unshare",
        "-pf",
        "/bin/sh",
        "-c",
        "kill -0 $$",
    ]);
    assert_eq!(
        our_calls(&t.trace),
        [format!(
            "getpid() = 1<sh> /* {} in strace's PID NS */",
            t.lines()[0].pid
        )]
    );
}

#[test]
fn replay_shows_recorded_command_names() {
    let rec = temp_path("rec");
    let live = trace(&[
        "-Y",
        "--record",
        rec.to_str().unwrap(),
        "-e",
        "trace=kill",
        "--",
        "/bin/sh",
        "-c",
        "kill -0 $$",
    ]);
    assert_eq!(live.code(), Some(0), "{}", live.stderr());
    let out = temp_path("replayed");
    let replayed = tracer()
        .args(["replay", rec.to_str().unwrap(), "-Y", "-e", "trace=kill"])
        .args(["-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(replayed.status.code(), Some(0), "{replayed:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), live.trace);
    assert!(live.trace.contains("<sh>, 0) = 0"), "{}", live.trace);
    let _ = std::fs::remove_file(&rec);
    let _ = std::fs::remove_file(&out);
}

#[test]
fn refused_options_say_why_in_one_line() {
    for (args, why) in [
        (
            &["-k"][..],
            "-k/--stack-trace (stack traces) is not supported yet",
        ),
        (&["--stack-trace=symbol"], "-k/--stack-trace (stack traces)"),
        (&["-d"], "-d/--debug prints strace's own internals"),
        (
            &["--color=always"],
            "--color: syscall-tracer prints no colours",
        ),
        (
            &["-e", "kvm=vcpu"],
            "-e kvm=/--kvm: KVM vcpu exit reasons are not decoded",
        ),
        (&["--kvm=vcpu"], "-e kvm=/--kvm"),
        (&["-N"], "-N/--arg-names is not supported yet"),
        (
            &["--secontext"],
            "--secontext: SELinux contexts are not shown",
        ),
    ] {
        let out = tracer()
            .args(args)
            .args(["--", "/bin/true"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with(&format!("error: {why}")), "{args:?}: {err}");
    }
    // --color=never asks for what we do anyway.
    let out = tracer()
        .args(["--color=never", "-e", "trace=none", "--", "/bin/true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn long_options_may_be_abbreviated_as_getopt_allows() {
    // `--string-lim` is `--string-limit`; `--succ` `--successful-only`.
    let t = trace(&[
        "--string-lim=3",
        "--succ",
        "-y",
        "-e",
        "trace=write",
        "--",
        "/bin/echo",
        "hello",
    ]);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let calls = our_calls(&t.trace);
    assert!(calls[0].starts_with("write(1<"), "{calls:?}");
    assert!(calls[0].contains(", \"hel\"..., 6) = 6"), "{calls:?}");
}
