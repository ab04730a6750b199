//! What is shown, compared with strace 7.2 on the same programs and options: `-e signal=`,
//! `-e status=` (and `-z`/`-Z`), `-P`, `-e trace-fds=`, `--syscall-limit`, `-e trace=`'s
//! empty items and personalities, and `-q`/`-e quiet=`. Both tools write to an `-o` file;
//! the lines are compared without our `[ts] pid= tid=` prefix, our latency, strace's
//! `PID ` prefix and alignment, with what differs from run to run (addresses, pids,
//! random bytes) masked.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// Always true: a missing oracle fails the test (see `common::strace72`).
/// What one tool printed: the trace's lines (normalised) and its own stderr lines
/// (without the program's name).
#[derive(Debug)]
struct Run {
    lines: Vec<String>,
    notes: Vec<String>,
}

/// Masks what differs between two runs of the same program.
fn normalise(line: &str) -> Option<String> {
    use std::sync::LazyLock;
    // Calls whose results differ for reasons of their own (a tid, random bytes).
    static DROP: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"^(set_tid_address|getrandom)\(").unwrap());
    static MASKS: LazyLock<Vec<(regex::Regex, &str)>> = LazyLock::new(|| {
        [
            (r"0x[0-9a-f]+", "0xX"),
            (r"/\* \d+ vars \*/", "/* N vars */"),
            (r"si_(pid|uid|utime|stime)=\d+", "si_$1=N"),
            (r"\) += ", ") = "),
            (r"execve in pid \d+", "execve in pid N"),
        ]
        .into_iter()
        .map(|(re, with)| (regex::Regex::new(re).unwrap(), with))
        .collect()
    });
    if DROP.is_match(line) {
        return None;
    }
    let mut l = line.to_string();
    for (re, with) in MASKS.iter() {
        l = re.replace_all(&l, *with).into_owned();
    }
    Some(l)
}

/// The tool's own stderr lines, `PROG: ` cut off (the traced programs print none but
/// exec_thread's `tid N`).
fn notes(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        // exec_thread's own lines.
        .filter(|l| !l.starts_with("tid "))
        .map(|l| match l.split_once(": ") {
            Some((_, rest)) => rest.to_string(),
            None => l.to_string(),
        })
        .map(|l| {
            regex::Regex::new(r"^Process \d+ ")
                .unwrap()
                .replace(&l, "Process N ")
                .into_owned()
        })
        .collect()
}

fn strace(args: &[&str], cmd: &[&str], cwd: &Path) -> Run {
    let out = temp_path("strace72");
    let output = Command::new(strace72())
        .arg("-f")
        .arg("-o")
        .arg(&out)
        .args(args)
        .args(cmd)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    let pid = regex::Regex::new(r"^\d+ +").unwrap();
    Run {
        lines: text
            .lines()
            .filter_map(|l| normalise(&pid.replace(l, "")))
            .collect(),
        notes: notes(&output.stderr),
    }
}

fn ours(args: &[&str], cmd: &[&str], cwd: &Path) -> Run {
    let out = temp_path("select");
    let output = tracer()
        .arg("-o")
        .arg(&out)
        .args(args)
        .arg("--")
        .args(cmd)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    let latency = regex::Regex::new(r" \(\d+\.\d+s\)$").unwrap();
    Run {
        lines: parse_lines(&text)
            .iter()
            .filter_map(|l| normalise(&latency.replace(&l.rest, "")))
            .collect(),
        notes: notes(&output.stderr)
            .into_iter()
            // Ours alone: the program runs on under our seccomp filter after a limit.
            .filter(|n| !n.starts_with("tracing stopped;"))
            .collect(),
    }
}

/// Runs both tools; the lines (and notes) must be the same. `sorted`: compare them as
/// sets of lines, for processes whose lines interleave differently.
fn same(args: &[&str], cmd: &[&str], cwd: &Path, sorted: bool) -> Vec<String> {
    let mut theirs = strace(args, cmd, cwd);
    let mut ours = ours(args, cmd, cwd);
    if sorted {
        theirs.lines.sort();
        ours.lines.sort();
    }
    if let Some(i) = (0..ours.lines.len().max(theirs.lines.len()))
        .find(|&i| ours.lines.get(i) != theirs.lines.get(i))
    {
        panic!(
            "{args:?} {cmd:?}: line {i} differs from strace 7.2's:\n ours:   {:?}\n strace: {:?}",
            ours.lines.get(i),
            theirs.lines.get(i)
        );
    }
    assert_eq!(
        ours.notes, theirs.notes,
        "{args:?} {cmd:?}: our notes (left) differ from strace 7.2's"
    );
    ours.lines
}

fn root() -> &'static Path {
    Path::new("/")
}

#[test]
fn signal_sets_select_signal_and_killed_lines() {
    let cmd = ["sh", "-c", "/bin/true; kill -USR1 $$"];
    for set in [
        "all",
        "none",
        "!SIGCHLD",
        "usr1",
        "10",
        "SIGCHLD",
        "!!sigusr1,chld",
        ",usr1,",
    ] {
        let spec = format!("signal={set}");
        let lines = same(&["-e", "trace=none", "-e", &spec], &cmd, root(), true);
        let killed = lines.iter().any(|l| l.starts_with("+++ killed by SIGUSR1"));
        assert_eq!(killed, !matches!(set, "none" | "SIGCHLD"), "{set}");
    }
    same(&["--signal=!usr1", "-e", "trace=none"], &cmd, root(), true);
}

#[test]
fn bad_signal_status_fd_and_quiet_sets_are_refused_as_strace_refuses_them() {
    for (arg, line) in [
        ("signal=FOO", "invalid signal 'FOO'"),
        ("signal=256", "invalid signal '256'"),
        ("signal=,", "invalid signal ','"),
        ("signal=all,usr1", "invalid signal 'all'"),
        ("status=bogus", "invalid status 'bogus'"),
        ("status=", "invalid status ''"),
        ("trace-fds=-1", "invalid descriptor '-1'"),
        ("fd=2147483648", "invalid descriptor '2147483648'"),
        ("quiet=detach", "invalid quiet 'detach'"),
    ] {
        let out = tracer()
            .args(["-e", arg, "--", "true"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{arg}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: {line}\n"),
            "{arg}"
        );
        let theirs = Command::new(strace72())
            .args(["-e", arg, "true"])
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&theirs.stderr).contains(line),
            "strace 7.2 says otherwise about {arg}"
        );
    }
    for (args, line) in [
        (
            &["--syscall-limit=0"][..],
            "invalid --syscall-limit argument: '0'",
        ),
        (
            &["--syscall-limit=1k"],
            "invalid --syscall-limit argument: '1k'",
        ),
        (
            &["-q", "-e", "quiet=none"],
            "-q and -e quiet/--quiet cannot be provided simultaneously",
        ),
    ] {
        let out = tracer()
            .args(args)
            .args(["--", "true"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: {line}\n")
        );
    }
}

#[test]
fn status_sets_select_calls_by_outcome() {
    let cmd = ["cat", "/nonexistent"];
    for set in [
        "successful",
        "failed",
        "unfinished",
        "unavailable",
        "detached",
        "none",
        "!failed",
        "failed,unfinished",
        "Successful",
    ] {
        let spec = format!("status={set}");
        let lines = same(&["-e", &spec], &cmd, root(), false);
        match set {
            "failed" => assert!(lines.iter().any(|l| l.contains("ENOENT"))),
            "unfinished" => assert_eq!(lines, ["exit_group(1) = ?", "+++ exited with 1 +++"]),
            "none" | "unavailable" | "detached" => {
                assert_eq!(lines, ["+++ exited with 1 +++"])
            }
            _ => assert!(lines.len() > 2),
        }
    }
    same(&["-z"], &cmd, root(), false);
    same(&["-Z"], &cmd, root(), false);
    same(&["--status=failed"], &cmd, root(), false);
    // The last of -z, -Z and status= counts (strace warns when -z and -Z are both given).
    same(&["-Z", "-z"], &cmd, root(), false);
    same(&["-z", "-Z"], &cmd, root(), false);
    same(&["-e", "status=failed", "-z"], &cmd, root(), false);
    same(&["--status=unfinished", "-Z"], &cmd, root(), false);
    same(&["-Z", "-e", "status=unfinished"], &cmd, root(), false);
    // A call cut short by another thread's execve is unfinished.
    let prog = program("exec_thread");
    let lines = same(
        &["-e", "status=unfinished"],
        &[prog.to_str().unwrap()],
        root(),
        false,
    );
    assert_eq!(lines[0], "pause() = ?");
}

#[test]
fn trace_path_selects_calls_on_the_path_by_name_and_descriptor() {
    let lines = same(&["-P", "/etc/hosts"], &["cat", "/etc/hosts"], root(), false);
    assert!(lines[0].starts_with("openat(AT_FDCWD, \"/etc/hosts\""));
    assert!(lines.iter().any(|l| l.starts_with("read(3,")));
    assert!(lines.iter().any(|l| l == "close(3) = 0"));
    // A path given relative to the working directory resolves, with strace's note.
    same(
        &["-P", "hosts"],
        &["cat", "hosts"],
        Path::new("/etc"),
        false,
    );
    // ... and the absolute path matches a relative open's descriptor.
    same(
        &["-P", "/etc/hosts"],
        &["cat", "hosts"],
        Path::new("/etc"),
        false,
    );
    // A symlink matches as given and as what it resolves into.
    let link = temp_path("hosts-link");
    std::os::unix::fs::symlink("/etc/hosts", &link).unwrap();
    let link = link.to_str().unwrap();
    let lines = same(&["-P", link], &["cat", link], root(), false);
    assert!(lines[0].contains(link));
    same(
        &["-P", link, "-e", "quiet=path-resolution"],
        &["cat", link],
        root(),
        false,
    );
    same(
        &["--trace-path", link],
        &["cat", "/etc/hosts"],
        root(),
        false,
    );
    // A path that does not exist: its failed open.
    let lines = same(
        &["-P", "/nonexistent"],
        &["cat", "/nonexistent"],
        root(),
        false,
    );
    assert_eq!(
        lines[0],
        "openat(AT_FDCWD, \"/nonexistent\", O_RDONLY) = -1 ENOENT (No such file or directory)"
    );
    // Several paths, a directory.
    same(
        &["-P", "/etc/hosts", "-P", "/etc/passwd"],
        &["cat", "/etc/passwd", "/etc/hosts"],
        root(),
        false,
    );
    same(&["-P", "/etc"], &["ls", "/etc"], root(), false);
    // An empty path matches empty path arguments.
    same(&["-P", ""], &["cat", "/etc/hosts"], root(), false);
    // Signals and exits are shown as usual.
    same(
        &["-P", "/etc/hosts"],
        &["sh", "-c", "kill -USR1 $$"],
        root(),
        false,
    );
    let _ = std::fs::remove_file(link);
}

#[test]
fn trace_fds_selects_calls_on_descriptors() {
    let lines = same(&["-e", "trace-fds=1"], &["echo", "hi"], root(), false);
    assert!(lines.iter().any(|l| l == "write(1, \"hi\\n\", 3) = 3"));
    same(&["-e", "fd=3"], &["cat", "/etc/hosts"], root(), false);
    same(
        &["-e", "trace-fds=!1"],
        &["cat", "/etc/hosts"],
        root(),
        false,
    );
    same(&["-e", "fds=all"], &["true"], root(), false);
    same(&["-e", "trace-fd=none"], &["true"], root(), false);
    same(
        &["--trace-fds=3", "-P", "/etc/passwd"],
        &["cat", "/etc/hosts"],
        root(),
        false,
    );
}

#[test]
fn syscall_limit_detaches_after_n_calls_shown() {
    let cat = ["cat", "/etc/hosts"];
    let lines = same(&["--syscall-limit=3"], &cat, root(), false);
    assert_eq!(lines.len(), 3);
    // Counted after the filters: the calls shown.
    same(
        &["--syscall-limit=2", "-e", "trace=read"],
        &cat,
        root(),
        false,
    );
    same(
        &["--syscall-limit=2", "-Z"],
        &["cat", "/nonexistent"],
        root(),
        false,
    );
    same(
        &["--syscall-limit=2", "-P", "/etc/hosts"],
        &cat,
        root(),
        false,
    );
    // exit_group never returns, so never counts; the notice goes to stderr unless quiet.
    same(
        &["--syscall-limit=1", "-e", "status=unfinished"],
        &["true"],
        root(),
        false,
    );
    same(
        &["--syscall-limit=1", "-e", "quiet=none"],
        &["true"],
        root(),
        false,
    );
    // Threads of several processes share one count.
    same(
        &["--syscall-limit=3", "-e", "trace=execve,exit_group"],
        &["sh", "-c", "/bin/true; /bin/true"],
        root(),
        true,
    );
}

#[test]
fn trace_sets_skip_empty_items_and_take_personalities() {
    let cat = ["cat", "/etc/hosts"];
    for set in [
        "trace=,openat,,close,",
        "trace=read@64,write@32",
        "trace=%file@64",
        "trace=/^read$@64",
        "trace=!read@32",
        "trace=read@x32,close",
        "trace=?nosuch@64,read",
        "trace=%net,close",
    ] {
        same(&["-e", set], &cat, root(), false);
    }
}

#[test]
fn quiet_leaves_out_exit_and_superseded_lines() {
    let exit3 = ["sh", "-c", "exit 3"];
    for args in [
        &["-qq"][..],
        &["-q"],
        &["-qqq"],
        &["-e", "quiet=exit"],
        &["--quiet=exits"],
        &["--silent=exit"],
        &["-e", "silence=!exit"],
        &["--quiet"],
        &["-e", "q=all"],
    ] {
        let mut all = vec!["-e", "trace=exit_group"];
        all.extend(args);
        let lines = same(&all, &exit3, root(), false);
        let quiet_exit = !matches!(args, ["-q"] | ["--quiet"] | ["-e", "silence=!exit"]);
        assert_eq!(lines.len(), if quiet_exit { 1 } else { 2 }, "{args:?}");
    }
    // A non-leader's execve: `+++ superseded by execve in pid N +++` (thread-execve).
    let prog = program("exec_thread");
    let prog = prog.to_str().unwrap();
    for q in ["quiet=thread-execve", "quiet=superseded", "quiet=none"] {
        let ours = ours(&["-e", "trace=none", "-e", q], &[prog], root());
        let theirs = strace(&["-e", "trace=none", "-e", q], &[prog], root());
        let superseded = |r: &Run| r.lines.iter().any(|l| l.starts_with("+++ superseded"));
        assert_eq!(superseded(&ours), superseded(&theirs), "{q}");
        assert_eq!(superseded(&ours), q == "quiet=none", "{q}");
    }
}
