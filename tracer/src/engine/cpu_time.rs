//! A thread's CPU time, for `-c`'s system time per call. strace takes it from the
//! rusage `wait4` returns with each stop (in clock ticks, so short calls count as zero);
//! here it is `/proc/TID/schedstat`'s first field, the scheduler's nanosecond count of
//! time on a CPU. Read at a call's entry stop and at its exit stop, the difference is
//! time the thread ran between them, which is all in the kernel: the call's system time.
//!
//! Each thread's file stays open, so a reading is one `pread`: two per counted call.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;

/// Open files kept at most; beyond, the cache starts again (threads that ended without
/// a failed read would otherwise keep theirs).
const MAX_OPEN: usize = 256;

thread_local! {
    static OPEN: RefCell<HashMap<i32, File>> = RefCell::new(HashMap::new());
}

/// Nanoseconds thread `tid` has run, or `None` when the kernel does not say (no
/// schedstat, or the thread is gone).
pub fn of_thread(tid: i32) -> Option<u64> {
    OPEN.with(|open| {
        let mut open = open.borrow_mut();
        if let Some(file) = open.get(&tid) {
            if let Some(ns) = read(file) {
                return Some(ns);
            }
            // The thread ended (its tid may be another's now): open afresh.
            open.remove(&tid);
        }
        let file = File::open(format!("/proc/{tid}/schedstat")).ok()?;
        let ns = read(&file)?;
        if open.len() >= MAX_OPEN {
            open.clear();
        }
        open.insert(tid, file);
        Some(ns)
    })
}

fn read(file: &File) -> Option<u64> {
    let mut buf = [0u8; 96];
    let n = file.read_at(&mut buf, 0).ok()?;
    first_number(&buf[..n])
}

/// The first field of a schedstat line (`1234 56 7\n`).
fn first_number(line: &[u8]) -> Option<u64> {
    let end = line
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(line.len());
    std::str::from_utf8(&line[..end]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_own_thread_and_parses() {
        assert_eq!(first_number(b"333905 11371 2\n"), Some(333905));
        assert_eq!(first_number(b"x"), None);
        // This test's own thread (`/proc/thread-self` is `PID/task/TID`).
        let link = std::fs::read_link("/proc/thread-self").unwrap();
        let tid: i32 = link.file_name().unwrap().to_str().unwrap().parse().unwrap();
        let before = of_thread(tid).expect("schedstat is there");
        // Burn some CPU, then yield: the scheduler brings a running thread's count up to
        // date when it leaves the CPU (as a tracee does at each stop).
        let mut x = 0u64;
        for i in 0..1_000_000u64 {
            x = x.wrapping_add(std::hint::black_box(i));
        }
        std::thread::yield_now();
        assert!(of_thread(tid).unwrap() > before, "{x}");
        assert_eq!(of_thread(-5), None);
    }
}
