//! The items of strace's number-set qualifiers, read as strace 7.2 reads them.

use super::number_set::{self, c_integer, named, NumberSet};
use crate::decode::signal_name;

/// The largest signal number a signal set holds (strace's bound).
const MAX_SIGNAL: i64 = 255;

/// `-e signal=SET`: names with or without `SIG`, any case (`usr1`, `SIGRT_3`,
/// `SIGRTMIN`), or numbers up to 255.
pub fn parse_signals(spec: &str) -> Result<NumberSet, String> {
    number_set::parse(spec, "signal", signal_number)
}

/// One signal item; numbers start with a digit (no sign, no space), as strace reads them.
pub fn signal_number(token: &str) -> Option<u32> {
    if token.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return c_integer(token)
            .filter(|n| (0..=MAX_SIGNAL).contains(n))
            .map(|n| n as u32);
    }
    let bare = match token.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("SIG") => &token[3..],
        _ => token,
    };
    (0..=MAX_SIGNAL as u32).find(|&n| {
        signal_name(n as i32)
            .strip_prefix("SIG")
            .is_some_and(|name| name.eq_ignore_ascii_case(bare))
    })
}

/// A call's outcome, as `-e status=` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Returned without an error.
    Successful = 0,
    /// Returned an error (-4095..-1).
    Failed = 1,
    /// Never returned: `exit_group(0) = ?`, or its thread died (`<unfinished ...>) = ?`).
    Unfinished = 2,
    /// Returned, but the return value could not be read: never the case here (the
    /// registers are read at every stop or the thread is gone), so selecting it alone
    /// shows no call.
    Unavailable = 3,
    /// In flight when the tracer detached: `read(0, <detached ...>`.
    Detached = 4,
}

impl Status {
    /// How many statuses there are: a set holding all of them is complete.
    pub const COUNT: u32 = 5;

    /// The outcome of a call that returned `ret`.
    pub fn of_return(ret: i64) -> Status {
        if (-4095..0).contains(&ret) {
            Status::Failed
        } else {
            Status::Successful
        }
    }
}

const STATUS_NAMES: [(u32, &str); 5] = [
    (Status::Successful as u32, "successful"),
    (Status::Failed as u32, "failed"),
    (Status::Unfinished as u32, "unfinished"),
    (Status::Unavailable as u32, "unavailable"),
    (Status::Detached as u32, "detached"),
];

/// `-e status=SET`: successful, failed, unfinished, unavailable, detached (any case).
pub fn parse_status(spec: &str) -> Result<NumberSet, String> {
    number_set::parse(spec, "status", |t| named(t, &STATUS_NAMES))
}

/// The name of status `n` (for writing a set back).
pub fn status_name(n: u32) -> String {
    name_of(n, &STATUS_NAMES)
}

/// A message `-e quiet=` can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quiet {
    /// Attaching and detaching, and the notice that `--syscall-limit` was reached.
    Attach = 0,
    /// `+++ exited with N +++`.
    Exit = 1,
    /// `Requested path "x" resolved into "y"` for `-P`.
    PathResolution = 2,
    /// Personality changes: never printed here (only the 64-bit personality is traced).
    Personality = 3,
    /// `+++ superseded by execve in pid N +++`.
    ThreadExecve = 4,
}

/// strace 7.2's names, aliases after the name written back.
const QUIET_NAMES: [(u32, &str); 7] = [
    (Quiet::Attach as u32, "attach"),
    (Quiet::Exit as u32, "exit"),
    (Quiet::PathResolution as u32, "path-resolution"),
    (Quiet::Personality as u32, "personality"),
    (Quiet::ThreadExecve as u32, "thread-execve"),
    (Quiet::Exit as u32, "exits"),
    (Quiet::ThreadExecve as u32, "superseded"),
];

/// `-e quiet=SET`: attach, exit (exits), path-resolution, personality, thread-execve
/// (superseded).
pub fn parse_quiet(spec: &str) -> Result<NumberSet, String> {
    number_set::parse(spec, "quiet", |t| named(t, &QUIET_NAMES))
}

/// What `-q`, `-qq` and `-qqq` leave out (strace's `--quiet=attach,personality`, `...,exit`
/// and `all`).
pub fn quiet_level(q: u8) -> NumberSet {
    match q {
        0 => NumberSet::none(),
        1 => NumberSet::of([Quiet::Attach as u32, Quiet::Personality as u32]),
        2 => NumberSet::of([
            Quiet::Attach as u32,
            Quiet::Personality as u32,
            Quiet::Exit as u32,
        ]),
        _ => NumberSet::all(),
    }
}

pub fn quiet_name(n: u32) -> String {
    name_of(n, &QUIET_NAMES)
}

/// `-e trace-fds=SET`: descriptor numbers, 0 to 2^31-1.
pub fn parse_fds(spec: &str) -> Result<NumberSet, String> {
    number_set::parse(spec, "descriptor", |t| {
        c_integer(t)
            .filter(|n| (0..=i64::from(i32::MAX)).contains(n))
            .map(|n| n as u32)
    })
}

fn name_of(n: u32, names: &[(u32, &str)]) -> String {
    names
        .iter()
        .find(|(v, _)| *v == n)
        .map_or_else(|| n.to_string(), |(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_as_strace_reads_them() {
        for (item, n) in [
            ("usr1", 10),
            ("SIGUSR1", 10),
            ("Sigusr1", 10),
            ("10", 10),
            ("010", 10),
            ("chld", 17),
            ("SIGRTMIN", 32),
            ("rt_1", 33),
            ("SIGRT_32", 64),
            ("stkflt", 16),
            ("0", 0),
            ("255", 255),
        ] {
            assert_eq!(signal_number(item), Some(n), "{item}");
        }
        for bad in [
            "256", "-1", "+1", " 10", "10 ", "0x1", "iot", "cld", "SIGRT_0", "rt_33", "SIG_0",
            "rtmax", "", "FOO",
        ] {
            assert_eq!(signal_number(bad), None, "{bad}");
        }
        assert_eq!(parse_signals("FOO").unwrap_err(), "invalid signal 'FOO'");
        let s = parse_signals("!SIGCHLD").unwrap();
        assert!(!s.contains(17) && s.contains(10));
    }

    #[test]
    fn statuses_and_quiet() {
        let s = parse_status("Failed,unfinished").unwrap();
        assert!(s.contains(Status::Failed as u32) && !s.contains(Status::Successful as u32));
        assert_eq!(parse_status("bogus").unwrap_err(), "invalid status 'bogus'");
        assert!(parse_status("all").unwrap().covers(Status::COUNT));
        let q = parse_quiet("exits,superseded").unwrap();
        assert!(q.contains(Quiet::Exit as u32) && q.contains(Quiet::ThreadExecve as u32));
        assert_eq!(parse_quiet("detach").unwrap_err(), "invalid quiet 'detach'");
    }

    #[test]
    fn descriptors() {
        assert!(parse_fds("+5, 6").unwrap().contains(6));
        assert!(parse_fds("2147483647").is_ok());
        for bad in ["2147483648", "-1", "x", "5 ", ""] {
            assert_eq!(
                parse_fds(bad).unwrap_err(),
                format!("invalid descriptor '{bad}'")
            );
        }
    }
}
