//! A thread's CPU time, for `-c`'s system time per call. strace takes it from the
//! rusage `wait4` returns with each stop (in clock ticks, so short calls count as zero);
//! here it is `/proc/TID/schedstat`'s first field, the scheduler's nanosecond count of
//! time on a CPU. Read at a call's entry stop and at its exit stop, the difference is
//! time the thread ran between them, which is all in the kernel: the call's system time.

use std::io::Read;

/// Nanoseconds thread `tid` has run, or `None` when the kernel does not say (no
/// schedstat, or the thread is gone).
pub fn of_thread(tid: i32) -> Option<u64> {
    let mut buf = [0u8; 96];
    let mut file = std::fs::File::open(format!("/proc/{tid}/schedstat")).ok()?;
    let n = file.read(&mut buf).ok()?;
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
        let tid = std::process::id() as i32;
        let before = of_thread(tid).expect("schedstat is there");
        // Burn some CPU: the count cannot go back and must move.
        let mut x = 0u64;
        while of_thread(tid).unwrap() == before {
            x = x.wrapping_add(std::hint::black_box(1));
        }
        assert!(of_thread(tid).unwrap() > before, "{x}");
    }
}
