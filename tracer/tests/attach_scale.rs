//! Attaching as strace does: every stopped thread is served in turn, so each of a
//! thousand busy threads makes progress and shows in the trace; `-p` of a thread id
//! attaches that thread's whole process; a pid given twice is attached once.

mod common;

use std::collections::BTreeSet;
use std::io::BufRead;
use std::process::{Command, Stdio};

use common::*;

/// `many_busy N`, past its "ready" line (every thread running).
fn start_busy(threads: u32) -> (ChildGuard, i32) {
    let mut child = Command::new(program("many_busy"))
        .arg(threads.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, format!("ready {threads}\n"));
    let pid = child.id() as i32;
    (ChildGuard(child), pid)
}

/// Asks a detached `many_busy` to stop making calls, and waits until every thread
/// sleeps: it runs on untraced (its handler ran), and /proc is quick to read again.
fn quieten(pid: i32) {
    unsafe_free_kill(pid, "USR1");
    wait_until_for("the threads to go quiet", 60, || {
        tasks(pid).iter().all(|t| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/task/{t}/stat"));
            stat.is_ok_and(|s| {
                s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('S')
            })
        })
    });
}

fn tasks(pid: i32) -> BTreeSet<i32> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

/// The thread ids a growing trace file has shown, read incrementally (the file grows
/// by megabytes: parsing all of it on every poll would be quadratic).
struct SeenTids {
    path: std::path::PathBuf,
    offset: u64,
    partial: String,
    tids: BTreeSet<i32>,
}

impl SeenTids {
    fn new(path: &std::path::Path) -> Self {
        SeenTids {
            path: path.to_path_buf(),
            offset: 0,
            partial: String::new(),
            tids: BTreeSet::new(),
        }
    }

    fn update(&mut self) -> &BTreeSet<i32> {
        use std::io::{Read, Seek, SeekFrom};
        let Ok(mut f) = std::fs::File::open(&self.path) else {
            return &self.tids;
        };
        f.seek(SeekFrom::Start(self.offset)).unwrap();
        let mut chunk = Vec::new();
        f.read_to_end(&mut chunk).unwrap();
        self.offset += chunk.len() as u64;
        self.partial.push_str(&String::from_utf8_lossy(&chunk));
        let end = self.partial.rfind('\n').map_or(0, |i| i + 1);
        for line in self.partial[..end].lines() {
            let tid = line
                .split(" tid=")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|t| t.parse().ok());
            self.tids
                .insert(tid.unwrap_or_else(|| panic!("malformed line {line:?}")));
        }
        self.partial.drain(..end);
        &self.tids
    }
}

fn attach(args: &[String], tag: &str) -> (ChildGuard, std::path::PathBuf) {
    let out = temp_path(tag);
    let child = tracer()
        .arg("-o")
        .arg(&out)
        .args(args)
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    (ChildGuard(child), out)
}

/// Every one of 1000 threads busy making calls is resumed and shows in the trace.
/// Before, the loop served whichever stopped thread the kernel reported first, and the
/// same few threads kept being reported: most of them were never resumed at all.
#[test]
fn attach_to_a_thousand_busy_threads_serves_every_one() {
    let (_program, pid) = start_busy(1000);
    let workers: BTreeSet<i32> = tasks(pid).into_iter().filter(|&t| t != pid).collect();
    assert_eq!(workers.len(), 1000);
    let (mut tr, out) = attach(
        &[
            "-e".into(),
            "trace=getppid".into(),
            "-p".into(),
            pid.to_string(),
        ],
        "thousand",
    );
    let mut seen = SeenTids::new(&out);
    wait_until_for("every worker thread to show in the trace", 120, || {
        workers.is_subset(seen.update())
    });
    unsafe_free_kill(tr.0.id() as i32, "INT");
    assert_eq!(tr.wait_exit("the detach").code(), Some(0));
    quieten(pid);
    assert_released(pid);
    let _ = std::fs::remove_file(&out);
}

/// `-p TID` of a thread that is not the leader attaches its whole process, as strace
/// does; the same process named twice (by pid, by one of its threads) is attached once.
/// Before: `error: pid N not found`.
#[test]
fn attach_by_thread_id_traces_the_whole_process_once() {
    let (_program, pid) = start_busy(3);
    let all = tasks(pid);
    let thread = *all.iter().find(|&&t| t != pid).unwrap();
    for args in [
        vec!["-p".to_string(), thread.to_string()],
        vec![
            "-p".to_string(),
            pid.to_string(),
            "-p".to_string(),
            format!("{pid},{thread}"),
        ],
    ] {
        let mut args = args;
        args.extend(["-e".to_string(), "trace=getppid".to_string()]);
        let (mut tr, out) = attach(&args, "by-tid");
        let workers: BTreeSet<i32> = all.iter().copied().filter(|&t| t != pid).collect();
        let mut seen = SeenTids::new(&out);
        wait_until_for("every thread to show", 60, || {
            workers.is_subset(seen.update())
        });
        unsafe_free_kill(tr.0.id() as i32, "INT");
        let status = tr.wait_exit("the detach");
        let mut stderr = String::new();
        if let Some(e) = tr.0.stderr.as_mut() {
            std::io::Read::read_to_string(e, &mut stderr).unwrap();
        }
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(complete_lines(&out).iter().all(|l| l.pid == pid));
        assert_released(pid);
        assert_eq!(proc_state(pid).map(|s| s != 'Z'), Some(true), "runs on");
        let _ = std::fs::remove_file(&out);
    }
}
