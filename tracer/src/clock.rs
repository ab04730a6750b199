//! Event times: one monotonic reading per ptrace stop, turned into the timestamp styles
//! strace offers ([`TimeBase`]). In `--fixed-ts` mode the printer replaces them with a
//! logical clock.

use std::fmt::Write;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampStyle {
    /// Seconds since the trace started: `000000.001234` (the default).
    Relative,
    /// `-t`: `HH:MM:SS` local time.
    TimeOfDay,
    /// `-tt`: `HH:MM:SS.uuuuuu`.
    TimeOfDayMicros,
    /// `-ttt`: `1700000000.123456` seconds since the Unix epoch.
    Epoch,
}

/// The backend's clock: one monotonic reading per event.
pub struct Clock {
    start: Instant,
    start_epoch_ns: u64,
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock {
    pub fn new() -> Self {
        let start_epoch_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Clock {
            start: Instant::now(),
            start_epoch_ns,
        }
    }

    /// Nanoseconds since the trace started.
    #[inline]
    pub fn now_ns(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }

    /// Where the trace's clock starts in wall-clock time, for the printers.
    pub fn time_base(&self) -> TimeBase {
        TimeBase {
            start_epoch_ns: self.start_epoch_ns,
            zone: Zone::Local,
        }
    }
}

/// How local time is found for `-t` and `-tt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// This machine's time zone, at each instant (live tracing).
    Local,
    /// A fixed offset from UTC in seconds (a replayed recording: the offset where and
    /// when it was recorded).
    Fixed(i64),
}

/// What the printers need to turn trace-clock nanoseconds into strace's timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBase {
    /// Wall-clock time (ns since the Unix epoch) at trace-clock 0.
    pub start_epoch_ns: u64,
    pub zone: Zone,
}

impl TimeBase {
    /// The timestamp JSON carries: relative ns by default, epoch ns for any `-t` style.
    pub fn json_ns(&self, style: TimestampStyle, rel_ns: u64) -> u64 {
        match style {
            TimestampStyle::Relative => rel_ns,
            _ => self.start_epoch_ns + rel_ns,
        }
    }

    /// Writes the text timestamp (without brackets).
    pub fn write_text(&self, style: TimestampStyle, rel_ns: u64, out: &mut String) {
        match style {
            TimestampStyle::Relative => write_seconds(rel_ns, 6, out),
            TimestampStyle::Epoch => write_seconds(self.start_epoch_ns + rel_ns, 0, out),
            TimestampStyle::TimeOfDay | TimestampStyle::TimeOfDayMicros => {
                let abs = self.start_epoch_ns + rel_ns;
                let secs = (abs / 1_000_000_000) as i64;
                let (h, m, s) = match self.zone {
                    Zone::Local => crate::sys::local_hms(secs),
                    Zone::Fixed(off) => {
                        let d = (secs + off).rem_euclid(86_400);
                        ((d / 3600) as u32, (d / 60 % 60) as u32, (d % 60) as u32)
                    }
                };
                let _ = write!(out, "{h:02}:{m:02}:{s:02}");
                if style == TimestampStyle::TimeOfDayMicros {
                    let _ = write!(out, ".{:06}", (abs % 1_000_000_000) / 1000);
                }
            }
        }
    }
}

/// `SSSSSS.uuuuuu` with the integer part zero-padded to `int_width` digits.
pub fn write_seconds(ns: u64, int_width: usize, out: &mut String) {
    let _ = write!(
        out,
        "{:0w$}.{:06}",
        ns / 1_000_000_000,
        (ns % 1_000_000_000) / 1000,
        w = int_width
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_is_zero_padded() {
        let mut s = String::new();
        write_seconds(1_234_000, 6, &mut s);
        assert_eq!(s, "000000.001234");
        s.clear();
        write_seconds(81_000, 0, &mut s);
        assert_eq!(s, "0.000081");
    }
}
