//! Where the trace goes, under faults: a program that closes or moves its own standard
//! streams leaves the trace (to stderr or to a file) complete; a full disk (a real small
//! tmpfs) ends tracing with exit 1 and one error line while the program runs on.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;

/// The calls stdio_games makes after taking its streams apart, as they must appear.
fn assert_stdio_games_trace(lines: &[Line]) {
    assert!(lines[0].rest.starts_with("execve("), "{:?}", lines[0]);
    assert_calls_paired(lines);
    let calls: Vec<String> = lines
        .iter()
        .filter(|l| l.is_call())
        .map(|l| l.rest.split(" (0.").next().unwrap().to_string())
        .collect();
    // The last eight calls before exit_group.
    let tail = &calls[calls.len() - 9..calls.len() - 1];
    if decoder_is_real() {
        assert_eq!(
            tail,
            [
                "dup2(3, 1) = 1",
                "close(3) = 0",
                "write(1, \"to the file\\n\", 12) = 12",
                "close(2) = 0",
                "write(2, \"lost\\n\", 5) = -1 EBADF (Bad file descriptor)",
                "close(1) = 0",
                "write(1, \"lost\\n\", 5) = -1 EBADF (Bad file descriptor)",
                "close(0) = 0",
            ]
        );
    } else {
        let names: Vec<&str> = tail.iter().map(|c| c.split('(').next().unwrap()).collect();
        assert_eq!(
            names,
            ["dup2", "close", "write", "close", "write", "close", "write", "close"]
        );
    }
    let n = lines.len();
    assert!(lines[n - 2].rest.starts_with("exit_group(0) = ?"));
    assert_eq!(lines[n - 1].rest, "+++ exited with 0 +++");
}

#[test]
fn a_program_that_closes_and_moves_its_stdio_to_a_file_trace() {
    let prog = program("stdio_games");
    let (traced_file, plain_file) = (temp_path("stdio-a"), temp_path("stdio-b"));
    let t = trace(&["--", prog.to_str().unwrap(), traced_file.to_str().unwrap()]);
    let plain = untraced(&prog, &[plain_file.to_str().unwrap()]);
    assert_eq!(t.code(), Some(0));
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(t.stdout(), String::from_utf8_lossy(&plain.stdout));
    assert_eq!(t.stderr(), String::from_utf8_lossy(&plain.stderr));
    assert_eq!(t.stderr(), "to stderr\n");
    assert_eq!(
        std::fs::read_to_string(&traced_file).unwrap(),
        "to the file\n"
    );
    assert_stdio_games_trace(&t.lines());
}

/// The trace goes to the tracer's stderr, which the program shares and then closes: the
/// tracer's own descriptor is untouched, so the trace is complete.
#[test]
fn a_program_that_closes_and_moves_its_stdio_trace_on_stderr() {
    let prog = program("stdio_games");
    let target = temp_path("stdio-c");
    let out = tracer()
        .arg("--")
        .arg(&prog)
        .arg(&target)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "to stdout\n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "to the file\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The program's own line sits among the trace's, which is written as it happens:
    // after the lines of the calls made before it.
    let own = stderr
        .lines()
        .position(|l| l == "to stderr")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(own > 0, "the execve line comes first: {stderr}");
    let trace: String = stderr
        .lines()
        .enumerate()
        .filter(|&(i, _)| i != own)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert_stdio_games_trace(&parse_lines(&trace));
}

/// A small tmpfs mounted for one test and unmounted when it ends.
struct SmallTmpfs(PathBuf);

impl SmallTmpfs {
    /// `None` (with the reason printed) where mounting is impossible (not root, no
    /// CAP_SYS_ADMIN): the test then has nothing to check.
    fn mount(size: &str) -> Option<Self> {
        let dir = temp_path("tmpfs");
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(SmallTmpfs(dir)),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for SmallTmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn a_full_disk_ends_tracing_with_exit_1_and_the_program_runs_on() {
    let Some(fs) = SmallTmpfs::mount("64k") else {
        return;
    };
    let trace_file = fs.path().join("trace");
    let prog = program("busy");
    let cmd = with_status(&prog, &[]);
    let out = tracer()
        .arg("-o")
        .arg(&trace_file)
        .arg("--")
        .args(&cmd)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // Detached at the first failed write, the program finished on its own, as untraced.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "busy done\nexit 0\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: writing output: No space left on device\n"
    );
    // What fit is a well-formed trace.
    let written = std::fs::metadata(&trace_file).unwrap().len();
    assert!(written > 0 && written <= 64 * 1024, "{written} bytes");
    let lines = complete_lines(&trace_file);
    assert!(lines[0].rest.starts_with("execve("), "{:?}", lines[0]);
    assert_calls_paired(&lines);
}

/// The trace on a stderr pipe whose reader has gone, under the seccomp filter: tracing
/// ends, the tracer stays (it must, for the filter) and its notice to stderr fails too;
/// that must not panic it, which would take the program down with it (EXITKILL).
#[test]
fn a_closed_stderr_under_the_filter_neither_panics_nor_harms_the_program() {
    let done = temp_path("stderr-gone");
    let _ = std::fs::remove_file(&done);
    let script = format!(
        "i=0; while [ $i -lt 2000 ]; do echo $i; i=$((i+1)); done >/dev/null; echo yes > {}",
        done.display()
    );
    let mut tr = tracer()
        .args(["-e", "trace=write", "--", "/bin/sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once: the tracer's first write to stderr fails (EPIPE).
    drop(tr.stderr.take());
    let mut tr = ChildGuard(tr);
    assert_eq!(tr.wait_exit("the tracer").code(), Some(0));
    assert_eq!(std::fs::read_to_string(&done).unwrap(), "yes\n");
}
