//! How the launched command starts and how the tracer runs beside it: `-E`, `-u`,
//! `--argv0`, `-b execve`, `-D`, `-I`, `--kill-on-exit`, `--tips`. Compared with strace
//! 7.2 (`cargo xtask oracle`) running the same command, and with the untraced run.

mod common;

use std::process::{Command, Output, Stdio};

use common::*;

/// Always true: a missing oracle fails the test (see `common::strace72`).
/// The command's stdout under strace 7.2 with `args` (trace to /dev/null).
fn under_strace(args: &[&str]) -> Output {
    Command::new(strace72())
        .args(["-o", "/dev/null"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The command's output under ours with `args` (trace to /dev/null).
fn under_ours(args: &[&str]) -> Output {
    tracer()
        .args(["-o", "/dev/null"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Both tools give the command the same output and exit status.
fn same_as_strace(args: &[&str]) -> String {
    let ours = under_ours(args);
    assert!(
        ours.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let theirs = under_strace(args);
    assert_eq!(stdout(&ours), stdout(&theirs), "{args:?}");
    assert_eq!(ours.status.code(), theirs.status.code());
    stdout(&ours)
}

#[test]
fn env_sets_replaces_and_removes_as_strace() {
    let args = [
        "-E",
        "TRACER_TEST_A=1",
        "-E",
        "HOME",
        "--env=TRACER_TEST_A=2",
        "-E",
        "PATH=/usr/bin:/bin",
        "-E",
        "TRACER_TEST_B",
        "env",
    ];
    let ours = under_ours(&args);
    assert!(ours.status.success());
    let out = stdout(&ours);
    // strace72 is a shell script around strace: the shell reorders the environment
    // sets PWD and drops names that are no shell names (CARGO_BIN_EXE_syscall-tracer),
    // so the same variables are compared, those aside.
    let theirs = stdout(&under_strace(&args));
    let vars = |s: &str| {
        let mut v: Vec<String> = s
            .lines()
            .filter(|l| !l.starts_with("PWD=") && !l.split('=').next().unwrap().contains('-'))
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    assert_eq!(vars(&out), vars(&theirs));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"TRACER_TEST_A=2"), "{out}");
    assert!(lines.contains(&"PATH=/usr/bin:/bin"));
    assert!(!lines.iter().any(|l| l.starts_with("HOME=")));
    // The untraced run with the same changes (env(1) makes them): the same variables.
    let untraced = Command::new("env")
        .args(["-u", "HOME", "TRACER_TEST_A=2", "PATH=/usr/bin:/bin", "env"])
        .output()
        .unwrap();
    assert_eq!(sorted_lines(&out), sorted_lines(&stdout(&untraced)));
    // PATH replaced in place, as strace: the same position as in our own environment.
    let own: Vec<String> = std::env::vars().map(|(k, _)| k).collect();
    let names: Vec<&str> = lines.iter().map(|l| l.split('=').next().unwrap()).collect();
    let path_before = own.iter().position(|k| k == "PATH");
    if let Some(i) = path_before {
        let removed_before = own[..i].iter().filter(|k| *k == "HOME").count();
        assert_eq!(
            names.iter().position(|k| *k == "PATH"),
            Some(i - removed_before)
        );
    }
}

#[test]
fn user_switches_ids_and_groups_as_strace() {
    let status = |who: &str| {
        let out = same_as_strace(&[
            "-u",
            who,
            "grep",
            "-E",
            "^(Uid|Gid|Groups):",
            "/proc/self/status",
        ]);
        out.lines().map(str::to_owned).collect::<Vec<_>>()
    };
    // A name: its passwd ids and its groups (initgroups), as `id` lists them.
    let nobody = status("nobody");
    let id = |flag: &str| {
        let o = Command::new("id").args([flag, "nobody"]).output().unwrap();
        stdout(&o).trim().to_string()
    };
    let (uid, gid) = (id("-u"), id("-g"));
    assert_eq!(nobody[0], format!("Uid:\t{uid}\t{uid}\t{uid}\t{uid}"));
    assert_eq!(nobody[1], format!("Gid:\t{gid}\t{gid}\t{gid}\t{gid}"));
    let mut groups: Vec<String> = id("-G").split(' ').map(str::to_owned).collect();
    groups.sort();
    let mut ours: Vec<String> = nobody[2]
        .trim_start_matches("Groups:")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    ours.sort();
    assert_eq!(ours, groups);
    // UID:GID: those numbers, no supplementary groups.
    let pair = status("1:2");
    assert_eq!(pair[0], "Uid:\t1\t1\t1\t1");
    assert_eq!(pair[1], "Gid:\t2\t2\t2\t2");
    assert_eq!(pair[2].trim_end(), "Groups:");
}

#[test]
fn argv0_is_the_commands() {
    let out = same_as_strace(&["--argv0=renamed", "sh", "-c", "echo $0"]);
    assert_eq!(out, "renamed\n");
    // The trace shows it as strace shows it: the execve's argv.
    let t = trace(&["--argv0=renamed", "-e", "trace=execve", "sh", "-c", "true"]);
    assert!(
        t.trace
            .contains(r#"execve("/usr/bin/sh", ["renamed", "-c", "true"]"#)
            || t.trace
                .contains(r#"execve("/bin/sh", ["renamed", "-c", "true"]"#),
        "{}",
        t.trace
    );
}

#[test]
fn bad_startup_values_are_one_line_as_strace_words_them() {
    for (args, line) in [
        (
            vec!["-u", "no-such-user-here", "true"],
            "Cannot find user 'no-such-user-here'",
        ),
        (vec!["-u", "1:x", "true"], "Invalid UID:GID pair '1:x'"),
        (
            vec!["--argv0=x", "-p", "1"],
            "PROG [ARGS] must be specified with --argv0",
        ),
    ] {
        let o = under_ours(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(line), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let theirs = String::from_utf8_lossy(&under_strace(&args).stderr).into_owned();
        assert!(theirs.contains(line), "strace says: {theirs}");
    }
}

/// The execve lines of a trace (ours: `execve(...` after the prefix; strace's `-o` file
/// with `-f`: after the pid), each with whether it returned (`= 0`).
fn execves(lines: impl Iterator<Item = String>) -> Vec<(String, bool)> {
    lines
        .filter_map(|l| {
            let at = l.find("execve(\"")?;
            let rest = &l[at..];
            let path = rest.split('"').nth(1)?.to_string();
            Some((path, rest.contains(") = 0")))
        })
        .collect()
}

#[test]
fn detach_on_execve_lets_go_where_strace_does() {
    let cmd = ["sh", "-c", "/bin/true; exec /bin/echo x"];
    let mut args = vec!["-b", "execve", "-e", "trace=execve"];
    args.extend(cmd);
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    assert_eq!(t.stdout(), "x\n");
    let ours = execves(t.trace.lines().map(str::to_owned));
    // The launched command's own execve is traced through; later ones are left
    // unfinished: the process is let go of there.
    assert_eq!(ours.len(), 3, "{}", t.trace);
    assert!(ours[0].1);
    assert_eq!(ours[1], ("/bin/true".to_string(), false));
    assert_eq!(ours[2], ("/bin/echo".to_string(), false));
    let out = temp_path("strace72-b");
    let o = Command::new(strace72())
        .args(["-f", "-o"])
        .arg(&out)
        .args(&args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), t.code());
    assert_eq!(stdout(&o), t.stdout());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    // strace shows the execve unfinished, then `<detached ...>`: an entry whose
    // line has no result.
    let theirs = execves(text.lines().map(str::to_owned));
    assert_eq!(ours, theirs, "strace:\n{text}");
    // Nothing of a process is traced after it was let go of: no write of echo's.
    let t = trace(&[
        "-b",
        "execve",
        "-e",
        "trace=execve,write",
        "sh",
        "-c",
        "exec /bin/echo x",
    ]);
    assert!(!t.trace.contains("write("), "{}", t.trace);
    // Other values are refused with strace's words.
    let o = under_ours(&["-b", "clone", "true"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Syscall 'clone' for -b isn't supported"));
}

/// The tracer ends after the command it let go of, as strace (which exits 0 then).
#[test]
fn detach_on_execve_waits_for_the_launched_command() {
    let mut tr = ChildGuard(
        tracer()
            .args([
                "-o",
                "/dev/null",
                "-b",
                "execve",
                "sh",
                "-c",
                "exec sleep 0.3",
            ])
            .stdin(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let tracer_pid = tr.0.id();
    let mut command = None;
    wait_until("the command to start", || {
        command = children_of(tracer_pid).first().copied();
        command.is_some()
    });
    let status = tr.wait_exit("the tracer");
    assert_eq!(status.code(), Some(0));
    // Reaped by the tracer: gone, not left running nor a zombie.
    assert_eq!(proc_state(command.unwrap()), None);
}

/// Starts `wait_forever` under ours with `extra`, and returns the tracer and the
/// program's pid once the program runs.
fn tracer_and_program(extra: &[&str]) -> (ChildGuard, i32) {
    let prog = program("wait_forever");
    let mut tr = ChildGuard(
        tracer()
            .args(["-o", "/dev/null"])
            .args(extra)
            .arg(&prog)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut out = std::io::BufReader::new(tr.0.stdout.take().unwrap());
    assert_eq!(read_line(&mut out), "ready\n");
    let pid = children_of(tr.0.id())[0];
    (tr, pid)
}

#[test]
fn kill_on_exit_takes_the_tracees_with_the_tracer() {
    // With it: the tracer killed, the program dies too (PTRACE_O_EXITKILL).
    let (mut tr, pid) = tracer_and_program(&["--kill-on-exit"]);
    tr.0.kill().unwrap();
    tr.wait_exit("the tracer");
    wait_ended(pid);
    // Without it (the default, as strace without --seccomp-bpf): the program is let go
    // of and runs on.
    let (mut tr, pid) = tracer_and_program(&[]);
    tr.0.kill().unwrap();
    tr.wait_exit("the tracer");
    wait_until("the program to be released", || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .contains("TracerPid:\t0\n")
    });
    assert_eq!(proc_state(pid), Some('S'), "still running");
    unsafe_free_kill(pid, "KILL");
    // With -p it means nothing: refused, as strace refuses it.
    let o = under_ours(&["--kill-on-exit", "-p", "1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("--kill-on-exit and -p/--attach are mutually exclusive options"),
        "{err}"
    );
}

/// Fields 4-6 of /proc/PID/stat: parent, process group, session.
fn ppid_pgrp_session(pid: i32) -> (i32, i32, i32) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let f: Vec<i32> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|s| s.parse().unwrap())
        .collect();
    (f[0], f[1], f[2])
}

fn tracer_of(pid: i32) -> i32 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("TracerPid:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Runs `wait_forever` under `tool` with `-D`-style `args`: the process started is the
/// program, the shell's (here the test's) child; its tracer is elsewhere. Returns the
/// relationships: (program's parent, tracer's parent, tracer's group and session are
/// its own, the program's group and session), then ends the program.
fn daemonized(tool: &mut Command, args: &[&str]) -> (i32, i32, bool, bool, (i32, i32)) {
    let out = temp_path("daemonized");
    let mut child = ChildGuard(
        tool.args(["-o"])
            .arg(&out)
            .args(args)
            .arg(program("wait_forever"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = std::io::BufReader::new(child.0.stdout.take().unwrap());
    assert_eq!(read_line(&mut stdout), "ready\n");
    let program = child.0.id() as i32;
    let tracer = tracer_of(program);
    assert!(
        tracer > 0 && tracer != program,
        "traced, by another process"
    );
    let (program_parent, program_group, program_session) = ppid_pgrp_session(program);
    let (tracer_parent, tracer_group, tracer_session) = ppid_pgrp_session(tracer);
    assert!(
        children_of(program as u32).is_empty(),
        "the tracer is no child of it"
    );
    unsafe_free_kill(program, "TERM");
    let status = child.wait_exit("the program");
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc::SIGTERM)
    );
    wait_ended(tracer);
    // The tracer saw it all, to the program's end.
    let trace = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert!(trace.contains("+++ killed by SIGTERM +++"), "{trace}");
    (
        program_parent,
        tracer_parent,
        tracer_group == tracer,
        tracer_session == tracer,
        (program_group, program_session),
    )
}

#[test]
fn daemonize_keeps_the_command_the_shells_child() {
    let me = std::process::id() as i32;
    let (_, my_group, my_session) = ppid_pgrp_session(me);
    for (args, own_group, own_session) in [
        (vec!["-D"], false, false),
        (vec!["--daemonize"], false, false),
        (vec!["-DD"], true, false),
        (vec!["--daemonize=pgroup"], true, false),
        (vec!["-DDD"], true, true),
        (vec!["--daemonize=session"], true, true),
    ] {
        let ours = daemonized(&mut tracer(), &args);
        assert_eq!(ours.0, me, "{args:?}: the program is the test's child");
        assert_ne!(ours.1, me, "{args:?}: the tracer is not");
        assert_eq!((ours.2, ours.3), (own_group, own_session), "{args:?}");
        assert_eq!(
            ours.4,
            (my_group, my_session),
            "{args:?}: the program stays put"
        );
        if args[0].starts_with("-D") {
            let theirs = daemonized(&mut Command::new(strace72()), &args);
            assert_eq!(theirs.0, me);
            assert_ne!(theirs.1, me);
            assert_eq!((theirs.2, theirs.3), (ours.2, ours.3), "{args:?}");
        }
    }
    // The command's exit status is the shell's to see, directly.
    let o = under_ours(&["-D", "sh", "-c", "exit 3"]);
    assert_eq!(o.status.code(), Some(3));
    for (args, line) in [
        (
            vec!["-DDDD", "true"],
            "Too many -D's (4), maximum supported -D count is 3",
        ),
        (
            vec!["-D", "--daemonize", "true"],
            "-D and --daemonize cannot be provided simultaneously",
        ),
        (
            vec!["--daemonize=foo", "true"],
            "invalid --daemonize argument: 'foo'",
        ),
        (
            vec!["-D", "-p", "1"],
            "PROG [ARGS] must be specified with -D/--daemonize",
        ),
    ] {
        let o = under_ours(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(line),
            "{args:?}"
        );
    }
}

/// The tracer's ignored signals among the stop signals and SIGTSTP, from /proc.
fn ignored_stop_signals(pid: i32) -> Vec<i32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let mask = status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .map(|m| u64::from_str_radix(m.trim(), 16).unwrap())
        .unwrap();
    [
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGTERM,
        libc::SIGTSTP,
    ]
    .into_iter()
    .filter(|&s| mask & (1 << (s - 1)) != 0)
    .collect()
}

/// The tracer (ours or strace) running `wait_forever` with `args`, once it runs.
fn tool_and_program(tool: &mut Command, args: &[&str]) -> (ChildGuard, i32) {
    let mut tr = ChildGuard(
        tool.args(["-o", "/dev/null"])
            .args(args)
            .arg(program("wait_forever"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut out = std::io::BufReader::new(tr.0.stdout.take().unwrap());
    assert_eq!(read_line(&mut out), "ready\n");
    let pid = children_of(tr.0.id())[0];
    (tr, pid)
}

#[test]
fn interruptible_levels_are_straces() {
    use libc::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    for (level, ignored) in [
        ("1", vec![]),
        ("anywhere", vec![]),
        ("2", vec![]),
        ("waiting", vec![]),
        ("3", vec![SIGHUP, SIGINT, SIGQUIT, SIGTERM]),
        ("never", vec![SIGHUP, SIGINT, SIGQUIT, SIGTERM]),
        ("4", vec![SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP]),
        (
            "never_tstp",
            vec![SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP],
        ),
    ] {
        let (tr, pid) = tool_and_program(&mut tracer(), &["-I", level]);
        assert_eq!(
            ignored_stop_signals(tr.0.id() as i32),
            ignored,
            "-I {level}"
        );
        // The program gets what the tracer inherited, not the tracer's choice.
        assert_eq!(ignored_stop_signals(pid), Vec::<i32>::new());
        unsafe_free_kill(pid, "KILL");
        drop(tr);
        let (tr, pid) = tool_and_program(&mut Command::new(strace72()), &["-I", level]);
        assert_eq!(
            ignored_stop_signals(tr.0.id() as i32),
            ignored,
            "strace -I {level}"
        );
        unsafe_free_kill(pid, "KILL");
    }
    // 1: a stop signal kills the tracer outright (the program, untouched, runs on).
    let (mut tr, pid) = tool_and_program(&mut tracer(), &["-I", "1"]);
    unsafe_free_kill(tr.0.id() as i32, "TERM");
    let status = tr.wait_exit("the tracer");
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(SIGTERM)
    );
    unsafe_free_kill(pid, "KILL");
    // 2: it ends the trace cleanly, the tracer exits 0 (the program runs on, let go of).
    let (mut tr, pid) = tool_and_program(&mut tracer(), &["-I", "2"]);
    unsafe_free_kill(tr.0.id() as i32, "TERM");
    assert_eq!(tr.wait_exit("the tracer").code(), Some(0));
    unsafe_free_kill(pid, "KILL");
    // 3: ignored: the tracer sees the program to its end (then killed by SIGKILL).
    let (mut tr, pid) = tool_and_program(&mut tracer(), &["-I", "3"]);
    unsafe_free_kill(tr.0.id() as i32, "TERM");
    unsafe_free_kill(pid, "KILL");
    assert_eq!(tr.wait_exit("the tracer").code(), Some(128 + 9));
    // Bad levels: strace's words.
    let o = under_ours(&["-I", "5", "true"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid -I argument: '5'"));
    // Under -D the default is 4, as strace's: ^C and ^Z are the program's.
    let prog = program("wait_forever");
    let mut p = ChildGuard(
        tracer()
            .args(["-D", "-o", "/dev/null"])
            .arg(&prog)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut out = std::io::BufReader::new(p.0.stdout.take().unwrap());
    assert_eq!(read_line(&mut out), "ready\n");
    let tracer_pid = tracer_of(p.0.id() as i32);
    assert_eq!(
        ignored_stop_signals(tracer_pid),
        vec![SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP]
    );
    unsafe_free_kill(p.0.id() as i32, "KILL");
    p.wait_exit("the program");
    wait_ended(tracer_pid);
}

/// The lines of a tip box: from its top (`  ____`) to its bottom (` \____/`), cut at
/// the box's right edge (strace draws its mascot beside it).
fn tip_box(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let Some(top) = lines.iter().position(|l| l.starts_with("  ______")) else {
        return Vec::new();
    };
    let mut boxed = Vec::new();
    for l in &lines[top..] {
        let cut: String = l.chars().take(49).collect();
        boxed.push(cut.trim_end().to_string());
        if l.starts_with(" \\___") {
            break;
        }
    }
    boxed
}

#[test]
fn tips_are_shown_at_the_end_in_straces_box() {
    let h = program("hello");
    let h = h.to_str().unwrap();
    // On stderr, after the trace (the -o file holds no tip), in a box of strace's size.
    let t = trace(&["--tips=id:1", h]);
    assert_eq!(t.code(), Some(0));
    assert!(!t.trace.contains("____"));
    let ours = tip_box(&t.stderr());
    assert!(ours.len() >= 4, "{}", t.stderr());
    let o = under_strace(&["--tips=id:1", h]);
    let theirs = tip_box(&String::from_utf8_lossy(&o.stderr));
    // The same frame: top, the line below it, the bottom; text lines as wide.
    assert_eq!(ours[0], theirs[0]);
    assert_eq!(ours[1], theirs[1]);
    assert_eq!(ours.last(), theirs.last());
    let width = |b: &[String]| b[2..b.len() - 1].iter().map(|l| l.len()).max();
    assert!(width(&ours) <= width(&theirs));
    // After the summary, when both go to stderr.
    let o = tracer().args(["-c", "--tips", h]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.find(" total").unwrap() < err.find("  ______").unwrap(),
        "{err}"
    );
    // format:none: nothing; alone (no command): a tip, exit 0, as strace.
    let o = under_ours(&["--tips=format:none", h]);
    assert!(tip_box(&String::from_utf8_lossy(&o.stderr)).is_empty());
    let o = tracer().arg("--tips").output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(!tip_box(&String::from_utf8_lossy(&o.stderr)).is_empty());
    // Any id is a tip (taken modulo their number), as strace's.
    let o = tracer().arg("--tips=id:999").output().unwrap();
    assert!(!tip_box(&String::from_utf8_lossy(&o.stderr)).is_empty());
    let o = under_ours(&["--tips=bogus", h]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid --tips argument: 'bogus'"));
}
