//! strace's line decorations and how each is spelled on the command line: absolute
//! timestamps (`-t`, `-tt`, `-ttt`, `--timestamps=FORMAT,PRECISION`), relative ones
//! (`-r`, `--relative-timestamps=PRECISION`), call times (`-T`, `--syscall-times=`), the
//! syscall number (`-n`), the pid prefix (`--always-show-pid`) and the result column
//! (`-a`). The strace-format sink prints them as strace does; the default format maps
//! the timestamps onto its `[ts]` (see `crate::cli`).

use std::fmt::Write;

use crate::clock::{TimeBase, Zone};

/// How many digits of a second a time shows: `s`, `ms`, `us`, `ns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    S,
    Ms,
    Us,
    Ns,
}

impl Precision {
    /// strace's spellings (`--syscall-times=ms`).
    pub fn parse(s: &str) -> Option<Precision> {
        Some(match s {
            "s" => Precision::S,
            "ms" => Precision::Ms,
            "us" => Precision::Us,
            "ns" => Precision::Ns,
            _ => return None,
        })
    }

    pub fn digits(self) -> u32 {
        match self {
            Precision::S => 0,
            Precision::Ms => 3,
            Precision::Us => 6,
            Precision::Ns => 9,
        }
    }

    /// `.123` for 123 ms at millisecond precision; nothing at whole seconds.
    fn write_fraction(self, ns_of_second: u64, out: &mut String) {
        let digits = self.digits();
        if digits > 0 {
            let v = ns_of_second / 10u64.pow(9 - digits);
            let _ = write!(out, ".{v:0w$}", w = digits as usize);
        }
    }
}

/// The form of an absolute timestamp: time of day or seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbsFormat {
    Time,
    Unix,
}

/// `-t`, `-tt`, `-ttt`, `--timestamps=FORMAT,PRECISION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Absolute {
    pub format: AbsFormat,
    pub precision: Precision,
}

impl Absolute {
    /// `-t` (1), `-tt` (2), `-ttt` (3).
    pub fn from_count(n: u8) -> Option<Absolute> {
        let (format, precision) = match n {
            0 => return None,
            1 => (AbsFormat::Time, Precision::S),
            2 => (AbsFormat::Time, Precision::Us),
            _ => (AbsFormat::Unix, Precision::Us),
        };
        Some(Absolute { format, precision })
    }

    /// `--timestamps=[format:]time|unix|none,[precision:]s|ms|us|ns`, as strace reads
    /// it: either part may be left out (time and seconds then), `none` turns them off.
    pub fn parse(spec: &str) -> Result<Option<Absolute>, String> {
        let mut format = Some(AbsFormat::Time);
        let mut precision = Precision::S;
        for item in spec.split(',').filter(|s| !s.is_empty()) {
            let (key, value) = match item.split_once(':') {
                Some((k, v)) => (Some(k), v),
                None => (None, item),
            };
            let as_format = match value {
                "time" => Some(Some(AbsFormat::Time)),
                "unix" => Some(Some(AbsFormat::Unix)),
                "none" => Some(None),
                _ => None,
            };
            match (key, as_format, Precision::parse(value)) {
                (None | Some("format"), Some(f), _) => format = f,
                (None | Some("precision"), _, Some(p)) => precision = p,
                _ => {
                    return Err(format!(
                        "invalid timestamp specification '{item}' (format:time|unix|none, \
                         precision:s|ms|us|ns)"
                    ))
                }
            }
        }
        Ok(format.map(|format| Absolute { format, precision }))
    }

    /// `14:00:24.563874` or `1796652024.563874`; `abs_ns` is wall-clock time.
    pub fn write(self, abs_ns: u64, zone: Zone, out: &mut String) {
        let secs = abs_ns / 1_000_000_000;
        match self.format {
            AbsFormat::Unix => {
                let _ = write!(out, "{secs}");
            }
            AbsFormat::Time => {
                let (h, m, s) = match zone {
                    Zone::Local => crate::sys::local_hms(secs as i64),
                    Zone::Fixed(off) => {
                        let d = (secs as i64 + off).rem_euclid(86_400);
                        ((d / 3600) as u32, (d / 60 % 60) as u32, (d % 60) as u32)
                    }
                };
                let _ = write!(out, "{h:02}:{m:02}:{s:02}");
            }
        }
        self.precision.write_fraction(abs_ns % 1_000_000_000, out);
    }
}

/// `-r`'s and `-T`'s durations: seconds (padded to `width` with spaces), then the
/// fraction at `precision`: `     0.000123`, `0.000012`.
pub fn write_duration(ns: u64, precision: Precision, width: usize, out: &mut String) {
    let _ = write!(out, "{:w$}", ns / 1_000_000_000, w = width);
    precision.write_fraction(ns % 1_000_000_000, out);
}

/// What decorates each line, as the options ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decorations {
    /// `-t`/`--timestamps=`: the wall-clock time of each line.
    pub absolute: Option<Absolute>,
    /// `-r`: the time since the previous line.
    pub relative: Option<Precision>,
    /// `-T`: the time spent in each call.
    pub syscall_times: Option<Precision>,
    /// `-n`: `[ 257] `.
    pub syscall_number: bool,
    /// `-i`: `[00007f0c1a2b3c4d] `, the instruction pointer (`[????????????????] ` on a
    /// line that has none).
    pub instruction_pointer: bool,
    /// `--always-show-pid`: `1234  ` on every line, one process or many.
    pub always_show_pid: bool,
    /// `-a`: the column ` = result` is aligned to.
    pub column: usize,
}

impl Default for Decorations {
    fn default() -> Self {
        Decorations {
            absolute: None,
            relative: None,
            syscall_times: None,
            syscall_number: false,
            instruction_pointer: false,
            always_show_pid: false,
            column: DEFAULT_COLUMN,
        }
    }
}

/// `-i`'s `[00007f0c1a2b3c4d] ` (strace's `%016lx`), or `[????????????????] ` for a
/// line without one (a thread's death).
pub fn write_instruction_pointer(ip: Option<u64>, out: &mut String) {
    match ip {
        Some(ip) => {
            let _ = write!(out, "[{ip:016x}] ");
        }
        None => out.push_str("[????????????????] "),
    }
}

/// strace's default `-a`.
pub const DEFAULT_COLUMN: usize = 40;

/// Writes an absolute timestamp for trace-clock `rel_ns`.
pub fn write_absolute(abs: Absolute, time: &TimeBase, rel_ns: u64, out: &mut String) {
    abs.write(time.start_epoch_ns + rel_ns, time.zone, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abs(spec: &str) -> Option<Absolute> {
        Absolute::parse(spec).unwrap()
    }

    #[test]
    fn timestamp_specs_as_strace_reads_them() {
        use AbsFormat::*;
        use Precision::*;
        let a = |format, precision| Some(Absolute { format, precision });
        assert_eq!(abs(""), a(Time, S));
        assert_eq!(abs("unix,ms"), a(Unix, Ms));
        assert_eq!(abs("format:time,precision:ns"), a(Time, Ns));
        assert_eq!(abs("us"), a(Time, Us));
        assert_eq!(abs("none"), None);
        assert!(Absolute::parse("format:ms").is_err());
        assert!(Absolute::parse("bogus").is_err());
    }

    #[test]
    fn forms() {
        let mut s = String::new();
        let t = Absolute {
            format: AbsFormat::Unix,
            precision: Precision::Ms,
        };
        t.write(1_796_652_024_650_999_999, Zone::Fixed(0), &mut s);
        assert_eq!(s, "1796652024.650");
        s.clear();
        let t = Absolute {
            format: AbsFormat::Time,
            precision: Precision::Ns,
        };
        t.write(
            60_000_000_123 + 86_400 * 1_000_000_000,
            Zone::Fixed(0),
            &mut s,
        );
        assert_eq!(s, "00:01:00.000000123");
        s.clear();
        write_duration(1_500, Precision::Us, 6, &mut s);
        assert_eq!(s, "     0.000001");
        s.clear();
        write_duration(2_000_000_000, Precision::S, 0, &mut s);
        assert_eq!(s, "2");
    }

    proptest::proptest! {
        #[test]
        fn any_spec_parses_or_is_refused_without_panicking(spec in "[a-z:,]{0,30}") {
            let _ = Absolute::parse(&spec);
        }
    }
}
