//! The command line, parsed with clap and checked into a [`Config`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use crate::clock::TimestampStyle;
use crate::error::TracerError;
use crate::filter::{self, Filter, ResultFilter, SyscallSet};
use crate::suggest;

const EXAMPLES: &str = "\
Examples:
  syscall-tracer -- ls /                 trace ls and its children
  syscall-tracer -e trace=openat,read -- cat /etc/hosts
  syscall-tracer -e 'trace=%file' -y -- make
  syscall-tracer -e 'trace=!write' -Z -- ./prog   failed calls except writes
  syscall-tracer -p 1234,1240 -o trace.txt   attach to running processes
  syscall-tracer -c -- ./build.sh        per-syscall summary table only
  syscall-tracer --json --fixed-ts -- ./prog   deterministic JSON lines
  syscall-tracer --record run.rec -- ./prog    trace, and keep a recording
  syscall-tracer replay run.rec -e trace=%net  print a recording again (display options only)";

#[derive(Debug, Parser)]
#[command(
    name = "syscall-tracer",
    version,
    about = "Trace the system calls of a command or of running processes (x86-64 Linux)",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Attach to PID and all its threads (repeatable, or a comma list)
    #[arg(
        short = 'p',
        long = "attach",
        value_name = "PID",
        value_delimiter = ','
    )]
    pub attach: Vec<String>,

    /// Write the trace to FILE instead of stderr
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// One JSON object per line instead of text
    #[arg(long)]
    pub json: bool,

    /// Trace only this syscall set (same syntax as -e trace=)
    #[arg(long, value_name = "SET")]
    pub filter: Vec<String>,

    /// strace-style qualifier; only trace=SET is supported (names, %class, !negation, /regex)
    #[arg(short = 'e', value_name = "trace=SET")]
    pub expr: Vec<String>,

    /// Show only calls of these pids or tids (comma list)
    #[arg(long = "pid", value_name = "LIST", value_delimiter = ',')]
    pub pid_filter: Vec<String>,

    /// Count time, calls and errors per syscall and print a summary instead of the trace
    #[arg(short = 'c', long = "summary")]
    pub summary: bool,

    /// Like -c, but also print the trace
    #[arg(short = 'C', long = "summary-and-trace")]
    pub summary_and_trace: bool,

    /// Maximum string and buffer bytes to print
    #[arg(
        short = 's',
        long = "string-limit",
        value_name = "N",
        default_value_t = 32,
        allow_negative_numbers = true
    )]
    pub string_limit: usize,

    /// Print only calls that succeeded
    #[arg(short = 'z', long = "successful-only")]
    pub successful_only: bool,

    /// Print only calls that failed
    #[arg(short = 'Z', long = "failed-only")]
    pub failed_only: bool,

    /// Print file descriptors with their paths: 3</etc/hosts>
    #[arg(short = 'y', long = "decode-fds")]
    pub decode_fds: bool,

    /// Absolute timestamps: -t time of day, -tt with microseconds, -ttt epoch seconds
    #[arg(short = 't', action = clap::ArgAction::Count)]
    pub timestamps: u8,

    /// Follow forks (the default; accepted for strace compatibility, as is strace's long
    /// name `--follow-forks`)
    #[arg(short = 'f', long = "follow", alias = "follow-forks", hide = true)]
    pub follow_compat: bool,

    /// Do not follow forks, vforks and clones (threads created later are not traced)
    #[arg(long)]
    pub no_follow: bool,

    /// Deterministic output: logical clock, renumbered pids/tids, per-thread ordering
    #[arg(long)]
    pub fixed_ts: bool,

    /// Stop the program at every syscall even when a filter leaves some out (by default a
    /// launched program gets a seccomp-bpf filter so untraced calls run at full speed)
    #[arg(long)]
    pub no_seccomp: bool,

    /// Do not run the tracer and a single-threaded launched program on the same CPU
    #[arg(long)]
    pub no_colocate: bool,

    /// Seed for the deterministic stream that replaces getrandom(2) data (implies it is replaced)
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Also write the events, with the memory the decoder read, to FILE for
    /// `syscall-tracer replay FILE` (docs/RECORDING.md)
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// The command to run, with its arguments
    #[arg(trailing_var_arg = true, value_name = "CMD")]
    pub command: Vec<OsString>,
}

pub use crate::output::Format;

/// What to do, fully checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub command: Vec<OsString>,
    pub attach: Vec<i32>,
    pub output: Option<PathBuf>,
    pub format: Format,
    pub filter: Filter,
    pub summary: bool,
    pub trace: bool,
    pub string_limit: usize,
    pub fd_paths: bool,
    pub timestamps: TimestampStyle,
    pub follow: bool,
    pub fixed_ts: bool,
    /// `Some` when getrandom data is replaced by a seeded stream.
    pub seed: Option<u64>,
    /// A launched program may get a seccomp filter when the syscall set is not "all".
    pub seccomp: bool,
    /// A launched single-threaded program may share the tracer's CPU.
    pub colocate: bool,
    /// `--record FILE`: where the event stream is written.
    pub record: Option<PathBuf>,
}

/// strace's `-e` qualifiers (and their aliases) other than `trace=`: known, not supported.
const OTHER_QUALIFIERS: &[&str] = &[
    "abbrev",
    "a",
    "verbose",
    "v",
    "raw",
    "x",
    "signal",
    "signals",
    "s",
    "read",
    "reads",
    "r",
    "write",
    "writes",
    "w",
    "fault",
    "inject",
    "status",
    "quiet",
    "silent",
    "silence",
    "q",
    "decode-fd",
    "decode-fds",
    "decode-pid",
    "decode-pids",
    "kvm",
    "trace-fd",
    "trace-fds",
    "fd",
    "fds",
];

/// Why `-e QUALIFIER=...` is refused: a qualifier strace has but we do not, or a name
/// that is no qualifier at all (perhaps a mistyped `trace`).
fn qualifier_error(q: &str) -> String {
    if OTHER_QUALIFIERS.contains(&q) {
        return format!("unsupported qualifier '{q}' in -e (only trace= is)");
    }
    match suggest::nearest(q, [("trace", "trace")]) {
        Some(near) => format!("unknown qualifier '{q}' in -e (did you mean '{near}'?)"),
        None => format!("unknown qualifier '{q}' in -e (only trace= is supported)"),
    }
}

fn parse_pid(s: &str, what: &str) -> Result<i32, TracerError> {
    match s.trim().parse::<i32>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(TracerError::Usage(format!(
            "invalid {what} '{s}': expected a positive number"
        ))),
    }
}

impl Cli {
    pub fn into_config(self) -> Result<Config, TracerError> {
        let attach = self
            .attach
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| parse_pid(s, "pid"))
            .collect::<Result<Vec<_>, _>>()?;
        if attach.is_empty() && self.command.is_empty() {
            return Err(TracerError::Usage(
                "must have a command to run or -p PID".into(),
            ));
        }
        if !attach.is_empty() && !self.command.is_empty() {
            return Err(TracerError::Usage(
                "give either a command or -p PID, not both".into(),
            ));
        }
        if self.successful_only && self.failed_only {
            return Err(TracerError::Usage("-z and -Z exclude each other".into()));
        }
        if self.timestamps > 3 {
            return Err(TracerError::Usage("at most -ttt".into()));
        }
        let mut syscalls: Option<SyscallSet> = None;
        let mut specs: Vec<&str> = self.filter.iter().map(String::as_str).collect();
        for e in &self.expr {
            let spec = match e.split_once('=') {
                Some(("trace" | "t", set)) => set,
                Some((q, _)) => return Err(TracerError::Usage(qualifier_error(q))),
                None => e.as_str(),
            };
            specs.push(spec);
        }
        // Several sets narrow nothing: like repeated strace -e trace=, they add up.
        for spec in specs {
            let set = filter::parse_trace_set(spec)?;
            syscalls = Some(match syscalls {
                None => set,
                Some(mut acc) => {
                    acc.union(&set);
                    acc
                }
            });
        }
        let threads = self
            .pid_filter
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| parse_pid(s, "--pid entry"))
            .collect::<Result<Vec<_>, _>>()?;
        let result = if self.successful_only {
            ResultFilter::SuccessfulOnly
        } else if self.failed_only {
            ResultFilter::FailedOnly
        } else {
            ResultFilter::Any
        };
        let timestamps = match self.timestamps {
            0 => TimestampStyle::Relative,
            1 => TimestampStyle::TimeOfDay,
            2 => TimestampStyle::TimeOfDayMicros,
            _ => TimestampStyle::Epoch,
        };
        Ok(Config {
            command: self.command,
            attach,
            output: self.output,
            format: if self.json {
                Format::Json
            } else {
                Format::Text
            },
            filter: Filter {
                syscalls: syscalls.unwrap_or_else(SyscallSet::all),
                threads,
                result,
            },
            summary: self.summary || self.summary_and_trace,
            trace: !self.summary || self.summary_and_trace,
            string_limit: self.string_limit,
            fd_paths: self.decode_fds,
            timestamps,
            follow: !self.no_follow,
            fixed_ts: self.fixed_ts,
            seed: self.seed.or(if self.fixed_ts { Some(0) } else { None }),
            seccomp: !self.no_seccomp,
            colocate: !self.no_colocate,
            record: self.record,
        })
    }

    /// `syscall-tracer replay FILE [display options]`: the recording's path and the
    /// display options. Options that steer tracing itself mean nothing here.
    pub fn into_replay(self) -> Result<(PathBuf, Config), TracerError> {
        let refused = [
            (!self.attach.is_empty(), "-p"),
            (self.record.is_some(), "--record"),
            (self.seed.is_some(), "--seed"),
            (self.no_seccomp, "--no-seccomp"),
            (self.no_colocate, "--no-colocate"),
            (self.no_follow, "--no-follow"),
        ];
        if let Some((_, opt)) = refused.iter().find(|(given, _)| *given) {
            return Err(TracerError::Usage(format!(
                "replay takes display options only, not {opt}"
            )));
        }
        let file = match self.command.as_slice() {
            [file] => PathBuf::from(file),
            [] => {
                return Err(TracerError::Usage(
                    "replay needs a recording: replay FILE".into(),
                ))
            }
            [_, extra, ..] => {
                return Err(TracerError::Usage(format!(
                    "replay takes one recording, not also '{}'",
                    extra.to_string_lossy()
                )))
            }
        };
        let config = self.into_config()?;
        Ok((file, config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Result<Config, TracerError> {
        let mut full = vec!["syscall-tracer"];
        full.extend(args);
        Cli::try_parse_from(full)
            .expect("clap accepts it")
            .into_config()
    }

    #[test]
    fn summary_modes() {
        let c = config(&["--", "true"]).unwrap();
        assert!(c.trace && !c.summary);
        let c = config(&["-c", "--", "true"]).unwrap();
        assert!(!c.trace && c.summary);
        let c = config(&["-C", "--", "true"]).unwrap();
        assert!(c.trace && c.summary);
    }

    #[test]
    fn command_forms_and_attach_lists() {
        let c = config(&["ls", "-l", "/"]).unwrap();
        assert_eq!(c.command, ["ls", "-l", "/"]);
        let c = config(&["-p", "12,13", "-p", "14"]).unwrap();
        assert_eq!(c.attach, [12, 13, 14]);
        assert!(c.command.is_empty());
    }

    #[test]
    fn timestamps_and_determinism() {
        assert_eq!(
            config(&["-ttt", "--", "x"]).unwrap().timestamps,
            TimestampStyle::Epoch
        );
        assert_eq!(
            config(&["-t", "-t", "--", "x"]).unwrap().timestamps,
            TimestampStyle::TimeOfDayMicros
        );
        let c = config(&["--fixed-ts", "--", "x"]).unwrap();
        assert_eq!(c.seed, Some(0), "--fixed-ts seeds getrandom by default");
        assert_eq!(config(&["--seed", "9", "--", "x"]).unwrap().seed, Some(9));
        assert_eq!(config(&["--", "x"]).unwrap().seed, None);
    }

    #[test]
    fn qualifiers_other_than_trace() {
        let e = |q: &str| config(&["-e", q, "--", "x"]).unwrap_err().to_string();
        assert_eq!(
            e("signal=all"),
            "unsupported qualifier 'signal' in -e (only trace= is)"
        );
        assert_eq!(
            e("trcae=open"),
            "unknown qualifier 'trcae' in -e (did you mean 'trace'?)"
        );
        assert_eq!(
            e("Trace=open"),
            "unknown qualifier 'Trace' in -e (did you mean 'trace'?)"
        );
        assert_eq!(
            e("bogus=1"),
            "unknown qualifier 'bogus' in -e (only trace= is supported)"
        );
        assert!(config(&["--follow", "--", "x"]).unwrap().follow);
        assert!(config(&["--follow-forks", "--", "x"]).unwrap().follow);
    }

    #[test]
    fn filters_combine() {
        let c = config(&[
            "-e",
            "trace=write",
            "--filter",
            "read",
            "-Z",
            "--pid",
            "5,6",
            "--",
            "x",
        ])
        .unwrap();
        let write = crate::decode::syscall_number("write").unwrap();
        let read = crate::decode::syscall_number("read").unwrap();
        let exit_group = crate::decode::syscall_number("exit_group").unwrap();
        assert!(c.filter.syscalls.contains(write) && c.filter.syscalls.contains(read));
        assert!(!c.filter.syscalls.contains(exit_group));
        assert_eq!(c.filter.threads, [5, 6]);
        assert_eq!(c.filter.result, ResultFilter::FailedOnly);
    }
}
