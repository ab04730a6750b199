//! Running one command: wall time from spawn to wait, its exit status and stdout, and
//! optionally the peak RSS of the spawned process itself (the tracer, not its tracees).
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A run that takes longer than this is killed and the benchmark fails: the longest
/// expected run is a few seconds.
const TIMEOUT: Duration = Duration::from_secs(120);

/// How often /proc/PID/status is read while sampling RSS.
const RSS_INTERVAL: Duration = Duration::from_millis(10);

#[derive(Debug)]
pub struct Outcome {
    pub secs: f64,
    pub stdout: String,
    /// VmHWM of the spawned process, KiB.
    pub peak_rss_kib: Option<u64>,
}

enum Msg {
    Started(u32),
    Done,
}

/// Runs `argv` with stdin from /dev/null and stdout/stderr into files under `scratch`
/// (files, not pipes, so nothing of ours has to keep reading while it runs).
pub fn run(argv: &[String], sample_rss: bool, scratch: &Path) -> Result<Outcome> {
    std::fs::create_dir_all(scratch)?;
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(File::create(&out_path)?)
        .stderr(File::create(&err_path)?)
        // Its own process group, so a timeout can kill the tracer and its tracees
        // (a Ctrl-C of the xtask then leaves the current run to finish on its own).
        .process_group(0);

    // The monitor thread exists before the clock starts: creating it is not timed.
    let (tx, rx) = mpsc::channel();
    let monitor = std::thread::spawn(move || monitor(rx, sample_rss));
    let start = Instant::now();
    let spawned = cmd.spawn();
    let status = match spawned {
        Ok(mut child) => {
            let _ = tx.send(Msg::Started(child.id()));
            child.wait()
        }
        Err(e) => Err(e),
    };
    let secs = start.elapsed().as_secs_f64();
    let _ = tx.send(Msg::Done);
    let (peak_rss_kib, timed_out) = monitor.join().expect("monitor thread panicked");
    let shown = argv.join(" ");
    let status = status.with_context(|| format!("running `{shown}`"))?;
    if timed_out {
        bail!(
            "`{shown}` ran longer than {}s and was killed",
            TIMEOUT.as_secs()
        );
    }
    if !status.success() {
        let err = std::fs::read_to_string(&err_path).unwrap_or_default();
        let tail: Vec<&str> = err.lines().rev().take(10).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "`{shown}` failed ({status}); its stderr ends:\n{}",
            tail.join("\n")
        );
    }
    let stdout = std::fs::read_to_string(&out_path)?;
    Ok(Outcome {
        secs,
        stdout,
        peak_rss_kib,
    })
}

/// Waits for the run to finish, sampling VmHWM every [`RSS_INTERVAL`] when asked and
/// killing the process group after [`TIMEOUT`]. VmHWM only grows, so the last reading
/// is the peak (up to the last interval before the process exits). wait4's ru_maxrss
/// would not do: it includes the tracees the tracer waited for.
fn monitor(rx: mpsc::Receiver<Msg>, sample_rss: bool) -> (Option<u64>, bool) {
    let pid = match rx.recv() {
        Ok(Msg::Started(pid)) => pid,
        _ => return (None, false),
    };
    let start = Instant::now();
    let mut peak = None;
    loop {
        let wait = if sample_rss {
            RSS_INTERVAL
        } else {
            TIMEOUT.saturating_sub(start.elapsed())
        };
        match rx.recv_timeout(wait) {
            Ok(_) | Err(RecvTimeoutError::Disconnected) => return (peak, false),
            Err(RecvTimeoutError::Timeout) => {
                if sample_rss {
                    if let Some(kib) = vm_hwm(pid) {
                        peak = Some(kib);
                    }
                }
                if start.elapsed() >= TIMEOUT {
                    // SAFETY: kill(2) on the process group we created for this run.
                    unsafe { libc::kill(-(pid as i32), libc::SIGKILL) };
                    return (peak, true);
                }
            }
        }
    }
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_hwm(&status)
}

/// The `VmHWM:    1234 kB` line of /proc/PID/status, in KiB.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_hwm() {
        let s = "Name:\tx\nVmPeak:\t  9000 kB\nVmHWM:\t    1234 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm(s), Some(1234));
        assert_eq!(parse_vm_hwm("Name:\tzombie\nState:\tZ\n"), None);
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("xtask-bench-test-{}-{name}", std::process::id()))
    }

    #[test]
    fn captures_stdout_and_fails_on_a_failed_run() {
        let dir = scratch("run");
        let argv = ["sh", "-c", "echo counted 3; echo noise >&2"].map(String::from);
        let o = run(&argv, false, &dir).unwrap();
        assert_eq!(o.stdout, "counted 3\n");
        assert_eq!(o.peak_rss_kib, None);
        let argv = ["sh", "-c", "echo why >&2; exit 3"].map(String::from);
        let e = run(&argv, false, &dir).unwrap_err().to_string();
        assert!(e.contains("exit status: 3") && e.contains("why"), "{e}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
