//! The command line, parsed with clap and checked into a [`Config`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use crate::clock::TimestampStyle;
use crate::decode::{CallSet, FdDetails};
use crate::dump::FdSet;
use crate::error::TracerError;
use crate::filter::{self, Filter, SyscallSet};
use crate::output::decor::{AbsFormat, Absolute, Decorations, Precision};
use crate::select::{self, NumberSet, PathSelect, Quiet};
use crate::strace_options::refusals;
use crate::suggest;
use crate::summary::{self, SummaryOptions};

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
    // getopt_long's rule, which strace's users rely on: an unambiguous prefix of a long
    // option is that option (`--summary-only` as `--summary-o`).
    infer_long_args = true,
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

    /// Write the trace to FILE instead of stderr; `|CMD` or `!CMD` pipes it to a shell
    /// command
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Append to the -o file instead of truncating it
    #[arg(short = 'A', long = "output-append-mode")]
    pub append: bool,

    /// One JSON object per line instead of text (the same as --format=json)
    #[arg(long)]
    pub json: bool,

    /// The lines' format: text (the default), json (as --json), or strace (strace's own
    /// lines, byte for byte)
    #[arg(long, value_name = "text|json|strace")]
    pub format: Option<String>,

    /// The column ` = result` is aligned to in --format=strace (default 40)
    #[arg(short = 'a', long = "columns", value_name = "COLUMN")]
    pub columns: Option<usize>,

    /// Show the syscall number: `[ 257] `
    #[arg(short = 'n', long = "syscall-number")]
    pub syscall_number: bool,

    /// Show the instruction pointer at the call (or the signal): `[00007f0c1a2b3c4d] `
    #[arg(short = 'i', long = "instruction-pointer")]
    pub instruction_pointer: bool,

    /// Time since the previous line (strace's -r; microseconds)
    #[arg(short = 'r')]
    pub relative: bool,

    /// Time since the previous line, in this precision: s, ms, us (the default) or ns
    #[arg(
        long = "relative-timestamps",
        value_name = "PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "us"
    )]
    pub relative_precision: Option<String>,

    /// Absolute timestamps, strace's long form: [format:]time|unix|none and
    /// [precision:]s|ms|us|ns (`--timestamps=unix,ms`); alone, time of day in seconds
    #[arg(
        long = "absolute-timestamps",
        alias = "timestamps",
        value_name = "FORMAT,PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = ""
    )]
    pub absolute_timestamps: Option<String>,

    /// Show the time spent in each call in --format=strace, `<0.000012>` (our format
    /// always shows it)
    #[arg(short = 'T')]
    pub syscall_times: bool,

    /// The same as -T, in this precision: s, ms, us (the default) or ns
    #[arg(
        long = "syscall-times",
        value_name = "PRECISION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "us"
    )]
    pub syscall_times_precision: Option<String>,

    /// Prefix every line with its pid in --format=strace, one process or several
    #[arg(long = "always-show-pid")]
    pub always_show_pid: bool,

    /// Dump the data read from these descriptors (as -e read=SET)
    #[arg(long = "read", value_name = "SET")]
    pub read_fds: Vec<String>,

    /// Dump the data written to these descriptors (as -e write=SET)
    #[arg(long = "write", value_name = "SET")]
    pub write_fds: Vec<String>,

    /// Trace only this syscall set (same as -e trace=SET; also strace's `--trace=SET`)
    #[arg(long, alias = "trace", value_name = "SET")]
    pub filter: Vec<String>,

    /// strace-style qualifier: trace=SET (names, %class, !negation, /regex), signal=,
    /// status=, trace-fds=, quiet=, decode-pids= (a bare SET is trace=SET)
    #[arg(short = 'e', value_name = "trace=SET")]
    pub expr: Vec<String>,

    /// Tamper with traced calls as strace does: SET:ACTION[:ACTION...] with error=ERRNO or
    /// retval=N, signal=SIG, syscall=NAME, delay_enter=T, delay_exit=T,
    /// poke_enter=@argN=HEX, poke_exit=@argN=HEX, when=N[..M][+[STEP]] (also -e inject=)
    #[arg(long = "inject", value_name = "SPEC")]
    pub inject: Vec<String>,

    /// Make traced calls fail: SET[:error=ERRNO][:syscall=NAME][:when=EXPR], ENOSYS unless
    /// error= says (also -e fault=)
    #[arg(long = "fault", value_name = "SPEC")]
    pub fault: Vec<String>,

    /// Show only calls of these pids or tids (comma list)
    #[arg(long = "pid", value_name = "LIST", value_delimiter = ',')]
    pub pid_filter: Vec<String>,

    /// Count time, calls and errors per syscall and print a summary instead of the trace
    #[arg(short = 'c', long = "summary-only")]
    pub summary: bool,

    /// Like -c, but also print the trace (strace's long name; `--summary-and-trace` too)
    #[arg(short = 'C', long = "summary", alias = "summary-and-trace")]
    pub summary_and_trace: bool,

    /// The table's order: time, min-time, max-time, avg-time, calls, errors, name,
    /// nothing (strace's names; default time)
    #[arg(
        short = 'S',
        long = "summary-sort-by",
        value_name = "SORTBY",
        overrides_with = "summary_sort"
    )]
    pub summary_sort: Option<String>,

    /// The table's columns: time-percent, total-time, min-time, max-time, avg-time, calls,
    /// errors, name (strace's), wall-total/-min/-max/-avg, and ours p50, p99
    #[arg(
        short = 'U',
        long = "summary-columns",
        value_name = "COLUMNS",
        overrides_with = "summary_columns"
    )]
    pub summary_columns: Option<String>,

    /// Overhead subtracted from each call's time in the table (unit s, ms, us or ns;
    /// default us)
    #[arg(
        short = 'O',
        long = "summary-syscall-overhead",
        value_name = "OVERHEAD",
        overrides_with = "summary_overhead"
    )]
    pub summary_overhead: Option<String>,

    /// The table counts each call's latency instead of its system time
    #[arg(short = 'w', long = "summary-wall-clock")]
    pub summary_wall_clock: bool,

    /// Put VAR=VAL in the command's environment, or remove VAR from it (repeatable, in
    /// order)
    #[arg(short = 'E', long = "env", value_name = "VAR=VAL")]
    pub env: Vec<OsString>,

    /// Run the command as USER (its uid, gid and groups) or as UID:GID (root only)
    #[arg(
        short = 'u',
        long = "user",
        value_name = "USER",
        overrides_with = "user"
    )]
    pub user: Option<String>,

    /// The command's argv[0] (the program is still found by its name)
    #[arg(long = "argv0", value_name = "NAME", overrides_with = "argv0")]
    pub argv0: Option<OsString>,

    /// Detach from a process when it executes a new program (only `execve`; the
    /// launched command's own first execve is traced)
    #[arg(
        short = 'b',
        long = "detach-on",
        value_name = "execve",
        overrides_with = "detach_on"
    )]
    pub detach_on: Option<String>,

    /// Run the tracer as the command's grandchild: the command stays the shell's child
    /// (-DD: the tracer in its own process group, -DDD: in its own session)
    #[arg(short = 'D', action = clap::ArgAction::Count)]
    pub daemonize_short: u8,

    /// The same as -D (grandchild), -DD (pgroup) or -DDD (session)
    #[arg(
        long = "daemonize",
        aliases = ["daemonized", "daemonised"],
        value_name = "grandchild|pgroup|session",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "grandchild",
        overrides_with = "daemonize_long"
    )]
    pub daemonize_long: Option<String>,

    /// Which signals stop the tracer: 1/anywhere (they kill it at once), 2/waiting (they
    /// end the trace cleanly: the default), 3/never (ignored), 4/never_tstp (and ^Z too)
    #[arg(
        short = 'I',
        long = "interruptible",
        value_name = "N",
        overrides_with = "interruptible"
    )]
    pub interruptible: Option<String>,

    /// Show a tip about syscall-tracer at the end: [[id:]N|random][,[format:]none|compact|full]
    #[arg(
        long = "tips",
        value_name = "ID,FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        overrides_with = "tips"
    )]
    pub tips: Option<String>,

    /// Kill the tracees if the tracer dies (PTRACE_O_EXITKILL; launched commands only)
    #[arg(long = "kill-on-exit")]
    pub kill_on_exit: bool,

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
    #[arg(short = 'y', action = clap::ArgAction::Count)]
    pub decode_fds: u8,

    /// Absolute timestamps: -t time of day, -tt with microseconds, -ttt epoch seconds
    #[arg(short = 't', action = clap::ArgAction::Count)]
    pub timestamps: u8,

    /// Follow forks (the default; accepted for strace compatibility, as is strace's long
    /// name `--follow-forks`); `-ff` with -o also writes each process to FILE.PID
    #[arg(short = 'f', long = "follow", alias = "follow-forks", action = clap::ArgAction::Count)]
    pub follow_compat: u8,

    /// strace's deprecated -F: the same as -f (any number of them)
    #[arg(short = 'F', hide = true, action = clap::ArgAction::Count)]
    pub follow_deprecated: u8,

    /// With -o FILE: one file per process, FILE.PID (what -ff asks)
    #[arg(long = "output-separately")]
    pub output_separately: bool,

    /// What to show with descriptors: path (as -y), socket, dev, pidfd, eventfd,
    /// signalfd, all (as -yy), none; `!` before the list negates it
    #[arg(
        long = "decode-fds",
        value_name = "SET",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "path"
    )]
    pub decode_fds_set: Vec<String>,

    /// Print structures, arrays and the environment unabbreviated (strace's -v)
    #[arg(short = 'v', long = "no-abbrev")]
    pub no_abbrev: bool,

    /// Abbreviate only the calls of SET (default all; strace's `-e abbrev=SET`)
    #[arg(long = "abbrev", value_name = "SET")]
    pub abbrev: Vec<String>,

    /// Dereference structures only in the calls of SET (default all; strace's
    /// `-e verbose=SET`)
    #[arg(long = "verbose", value_name = "SET")]
    pub verbose: Vec<String>,

    /// Show the command name of pids: `1234<sh>` (strace's -Y; -YY is the same)
    #[arg(short = 'Y', action = clap::ArgAction::Count)]
    pub decode_pids_comm: u8,

    /// What to show with pids: `comm` (as -Y) and/or `pidns` (the pid in the tracer's
    /// namespace too, for programs in another pid namespace)
    #[arg(long = "decode-pids", value_name = "comm,pidns", value_delimiter = ',')]
    pub decode_pids: Vec<String>,

    /// The same as --decode-pids=pidns
    #[arg(long = "pidns-translation")]
    pub pidns_translation: bool,

    /// Only calls that touch PATH, by name or by descriptor (repeatable; strace's -P)
    // An OsString: strace takes an empty PATH too (it matches empty path arguments).
    #[arg(short = 'P', long = "trace-path", value_name = "PATH")]
    pub trace_path: Vec<OsString>,

    /// Only calls on these descriptors (same as -e trace-fds=SET)
    #[arg(long = "trace-fds", value_name = "SET")]
    pub trace_fds: Vec<String>,

    /// Signals whose `---` and `+++ killed by` lines are shown (same as -e signal=SET)
    #[arg(long = "signal", value_name = "SET")]
    pub signal: Vec<String>,

    /// Calls shown by outcome: successful, failed, unfinished, unavailable, detached
    /// (same as -e status=SET)
    #[arg(long = "status", value_name = "SET")]
    pub status: Vec<String>,

    /// Messages left out: -q attach and personality, -qq also exit, -qqq all
    #[arg(short = 'q', action = clap::ArgAction::Count)]
    pub quiet_level: u8,

    /// Messages left out: attach, exit, path-resolution, personality, thread-execve
    /// (same as -e quiet=SET; strace's --silent and --silence too)
    #[arg(
        long = "quiet",
        alias = "silent",
        alias = "silence",
        value_name = "SET",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "attach,personality"
    )]
    pub quiet: Vec<String>,

    /// Stop tracing (detach) after N calls are shown
    #[arg(
        long = "syscall-limit",
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub syscall_limit: Option<String>,
    /// Strings in hex: -x those with non-ASCII bytes, -xx all of them
    #[arg(short = 'x', action = clap::ArgAction::Count)]
    pub strings_hex: u8,

    /// Strings in hex: none, non-ascii-chars (only those bytes), non-ascii (as -x), all
    /// (as -xx, the value when none is given)
    #[arg(
        long = "strings-in-hex",
        value_name = "WHICH",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "all"
    )]
    pub strings_in_hex: Option<String>,

    /// Constants and flags: raw (numbers), abbrev (names, the default), verbose (both)
    #[arg(short = 'X', long = "const-print-style", value_name = "STYLE")]
    pub const_style: Option<String>,

    /// Show these calls undecoded, their arguments in hex (as -e raw=SET)
    #[arg(long = "raw", value_name = "SET")]
    pub raw: Vec<String>,

    /// strace options this tool refuses, each with its reason (see `refusals`).
    #[command(flatten)]
    pub refused: Refused,

    /// Stop only on traced calls, with a seccomp-bpf filter: the default here (strace's
    /// `--seccomp-bpf`, accepted)
    #[arg(long = "seccomp-bpf")]
    pub seccomp_bpf: bool,

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

    /// A strace option given that is not built yet: the parser's line for it.
    #[arg(skip)]
    pub not_yet: Option<String>,

    /// `-e inject=`, `-e fault=`, `--inject`, `--fault` in command-line order (a later
    /// one overrides an earlier one for the calls both name), when the parser knew it.
    #[arg(skip)]
    pub tamper_order: Option<Vec<(crate::inject::Kind, String)>>,
    /// `-z`, `-Z`, `--status` and `-e status=` in command-line order (the last one
    /// counts, as in strace), when [`parse`] could tell the order.
    #[arg(skip)]
    pub status_order: Vec<String>,
}

pub use crate::output::Format;

/// Parses a command line (the program's name first). `--help` ends with the table of
/// strace's options and what each does here.
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::FromArgMatches;
    let matches = command().try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.not_yet = not_yet_given(&matches);
    cli.tamper_order = Some(tamper_in_order(&matches));
    cli.status_order = status_order(&matches);
    Ok(cli)
}

/// The tampering options as given, in order: `-e inject=`/`-e fault=` among `-e`s, and
/// `--inject`/`--fault`.
fn tamper_in_order(matches: &clap::ArgMatches) -> Vec<(crate::inject::Kind, String)> {
    use crate::inject::Kind;
    let mut all: Vec<(usize, Kind, String)> = Vec::new();
    let mut take = |id: &str, pick: &dyn Fn(&str) -> Option<(Kind, String)>| {
        if let (Some(idx), Some(vals)) = (matches.indices_of(id), matches.get_many::<String>(id)) {
            for (i, v) in idx.zip(vals) {
                if let Some((kind, spec)) = pick(v) {
                    all.push((i, kind, spec));
                }
            }
        }
    };
    take("expr", &|v| tamper_qualifier(v));
    take("inject", &|v| Some((Kind::Inject, v.to_string())));
    take("fault", &|v| Some((Kind::Fault, v.to_string())));
    all.sort_by_key(|(i, _, _)| *i);
    all.into_iter().map(|(_, k, s)| (k, s)).collect()
}

/// `inject=SPEC` / `fault=SPEC` of an `-e`.
fn tamper_qualifier(e: &str) -> Option<(crate::inject::Kind, String)> {
    use crate::inject::Kind;
    match e.split_once('=') {
        Some(("inject", spec)) => Some((Kind::Inject, spec.to_string())),
        Some(("fault", spec)) => Some((Kind::Fault, spec.to_string())),
        _ => None,
    }
}

/// The status specs of `-z`, `-Z`, `--status=` and `-e status=`, in command-line order.
fn status_order(matches: &clap::ArgMatches) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for (id, spec) in [("successful_only", "successful"), ("failed_only", "failed")] {
        if matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine) {
            for i in matches.indices_of(id).into_iter().flatten() {
                found.push((i, spec.to_string()));
            }
        }
    }
    for (id, prefix) in [("status", ""), ("expr", "status=")] {
        let (Some(indices), Ok(Some(values))) =
            (matches.indices_of(id), matches.try_get_many::<String>(id))
        else {
            continue;
        };
        for (i, v) in indices.zip(values) {
            if let Some(spec) = v.strip_prefix(prefix) {
                found.push((i, spec.to_string()));
            }
        }
    }
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, s)| s).collect()
}

/// The parser: [`Cli`], `--help`'s table of strace's options, and a hidden argument for
/// each spelling of a strace option not built yet, so that it is refused with its own
/// line rather than clap's "unexpected argument".
pub fn command() -> clap::Command {
    use clap::{Arg, ArgAction, CommandFactory};
    let long_help = format!("{EXAMPLES}\n\n{}", crate::strace_options::help_text());
    let mut cmd = Cli::command().after_long_help(long_help);
    for option in not_yet_options() {
        for &spelling in option.spellings {
            let known = cmd.get_arguments().any(|a| {
                spelling.strip_prefix("--").map_or_else(
                    || a.get_short() == spelling.chars().nth(1),
                    |long| {
                        a.get_long() == Some(long)
                            || a.get_all_aliases().is_some_and(|v| v.contains(&long))
                    },
                )
            });
            if spelling.starts_with("-e ") || known {
                continue;
            }
            let arg = Arg::new(spelling).hide(true);
            let arg = match spelling.strip_prefix("--") {
                Some(long) => arg
                    .long(long)
                    .num_args(0..=1)
                    .require_equals(true)
                    .default_missing_value("")
                    .action(ArgAction::Append),
                None => {
                    let letter = spelling.chars().nth(1).expect("a short option");
                    let arg = arg.short(letter);
                    if option.takes_value() {
                        arg.num_args(1).action(ArgAction::Append)
                    } else {
                        arg.action(ArgAction::Count)
                    }
                }
            };
            cmd = cmd.arg(arg);
        }
    }
    cmd
}

fn not_yet_options() -> impl Iterator<Item = &'static crate::strace_options::StraceOption> {
    crate::strace_options::TABLE
        .iter()
        .filter(|o| matches!(o.ours, crate::strace_options::Ours::NotYet(_)))
}

/// The first not-yet-built option on the command line, as the parser's line for it.
fn not_yet_given(matches: &clap::ArgMatches) -> Option<String> {
    not_yet_options()
        .find(|o| {
            o.spellings.iter().any(|s| {
                matches!(matches.try_get_raw(s), Ok(Some(_)))
                    && matches.value_source(s) == Some(clap::parser::ValueSource::CommandLine)
            })
        })
        .map(|o| o.not_yet_message())
}

/// strace options that make no sense here (yet): accepted by the parser only to be
/// refused with the reason, never with clap's generic "unexpected argument".
#[derive(Debug, clap::Args)]
pub struct Refused {
    #[arg(
        short = 'k',
        long = "stack-trace",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        hide = true
    )]
    stack_trace: Option<String>,
    #[arg(long = "stack-trace-frame-limit", hide = true)]
    stack_trace_frame_limit: Option<String>,
    #[arg(short = 'd', long = "debug", hide = true, action = clap::ArgAction::Count)]
    debug: u8,
    #[arg(
        long = "color",
        alias = "colour",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "auto",
        hide = true
    )]
    color: Option<String>,
    #[arg(long = "kvm", hide = true)]
    kvm: Option<String>,
    #[arg(long = "namespace", hide = true)]
    namespace: Option<String>,
    #[arg(
        long = "secontext",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        hide = true
    )]
    secontext: Option<String>,
    #[arg(short = 'N', long = "arg-names", hide = true)]
    arg_names: bool,
}

impl Refused {
    /// The first refused option given, as its reason.
    fn check(&self) -> Result<(), TracerError> {
        let refused = [
            (
                self.stack_trace.is_some() || self.stack_trace_frame_limit.is_some(),
                refusals::STACK_TRACE,
            ),
            (self.debug > 0, refusals::DEBUG),
            (
                self.color.as_deref().is_some_and(|c| c != "never"),
                refusals::COLOR,
            ),
            (self.kvm.is_some(), refusals::KVM),
            (self.namespace.is_some(), refusals::NAMESPACE),
            (self.secontext.is_some(), refusals::SECONTEXT),
            (self.arg_names, refusals::ARG_NAMES),
        ];
        match refused.iter().find(|(given, _)| *given) {
            Some((_, why)) => Err(TracerError::Usage((*why).to_string())),
            None => Ok(()),
        }
    }
}

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
    /// `-A`: the `-o` file is appended to.
    pub append: bool,
    /// `-ff` / `--output-separately`: with `-o FILE`, one file per process, `FILE.PID`.
    pub output_separately: bool,
    /// `-Y` / `--decode-pids=`: what is shown beside pids.
    pub decode_pids: PidDecoding,
    /// `-S`, `-U`, `-O`, `-w`: how the `-c`/`-C` table is made.
    pub summary_options: SummaryOptions,
    /// `-b execve`: processes are let go of when they execve (the launched command's
    /// first execve aside).
    pub detach_on_execve: bool,
    /// `--kill-on-exit`: the launched command and its children die with the tracer.
    pub kill_on_exit: bool,
    /// `--tips`: the tip shown at the end, if any.
    pub tips: Option<crate::tips::Tips>,
    /// `-I`: what the stop signals do to the tracer.
    pub interruptible: crate::sys::signals::Interruptible,
    /// `-E`, `-u`, `--argv0`: how a launched command starts.
    pub startup: Startup,
    /// `-yy` / `--decode-fds=`: what is shown with descriptors beyond their paths.
    pub fd_details: FdDetails,
    /// `-v` / `-e abbrev=SET`: the calls shown unabbreviated.
    pub unabbreviated: CallSet,
    /// `-e verbose=SET`: the calls whose structures are shown by address.
    pub not_verbose: CallSet,
    /// Notices about options that do nothing here (strace prints them too), for stderr.
    pub warnings: Vec<String>,
    /// `-x`, `-X`, `-e raw=`: how strings, constants and chosen calls are spelled.
    pub display: crate::decode::display::Display,
    /// `-e inject=` / `-e fault=`: what the engine does to which calls.
    pub tamper: crate::inject::Tamper,
    /// `-t`, `-r`, `-T`, `-n`, `-a`, `--always-show-pid` and their long forms.
    pub decor: crate::output::decor::Decorations,
    /// `-f` was given (strace then prefixes lines written to a `-o` file with pids).
    pub follow_flag: bool,
    /// `-e read=`/`-e write=`: whose data is dumped.
    pub dumps: crate::dump::Dumps,
}

/// How the command starts, beyond its argv: strace's `-E`, `-u` and `--argv0`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Startup {
    /// `-E VAR=VAL` / `-E VAR`, in order (see `engine::command_env`).
    pub env_changes: Vec<OsString>,
    /// `-u USER` or `-u UID:GID`.
    pub user: Option<String>,
    /// `--argv0=NAME`: the command's `argv[0]` (the program is still found by its name).
    pub argv0: Option<OsString>,
    /// `-D`/`-DD`/`-DDD`: the tracer runs as the command's grandchild; the command is
    /// the process the shell started.
    pub daemonize: Option<crate::sys::Daemonize>,
}

/// `-Y` and `--decode-pids=comm,pidns`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PidDecoding {
    /// `1234<sh>`: the command name of the process.
    pub comm: bool,
    /// `1 /* 4567 in strace's PID NS */`: the pid in the tracer's namespace too.
    pub pidns: bool,
}

/// Where `-o` sends the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputTarget<'a> {
    Stderr,
    File(&'a std::path::Path),
    /// `-o '|CMD'` or `-o '!CMD'`: the standard input of `sh -c CMD`.
    Pipe(&'a str),
}

impl Config {
    /// Where the trace goes, as strace reads `-o`: a leading `|` or `!` pipes it to a
    /// shell command.
    pub fn output_target(&self) -> OutputTarget<'_> {
        match &self.output {
            None => OutputTarget::Stderr,
            Some(path) => match path.to_str().and_then(|p| p.strip_prefix(['|', '!'])) {
                Some(cmd) => OutputTarget::Pipe(cmd),
                None => OutputTarget::File(path),
            },
        }
    }
}

/// strace's warning for a `retval=` that the program will read as an error.
fn tamper_warnings(tamper: &crate::inject::Tamper) -> Vec<String> {
    tamper
        .retvals()
        .filter(|&v| (v as i64) < 0 && (v as i64) >= -4095)
        .map(|v| {
            format!(
                "Inadvertent injection of error {} is possible for retval={v}",
                -(v as i64)
            )
        })
        .collect()
}

/// `--decode-pids=comm,pidns` (strace's spellings; repeated values add up).
fn parse_pid_decoding(items: &[String], into: &mut PidDecoding) -> Result<(), TracerError> {
    for item in items.iter().flat_map(|s| s.split(',')) {
        match item {
            "comm" => into.comm = true,
            "pidns" => into.pidns = true,
            "all" => {
                *into = PidDecoding {
                    comm: true,
                    pidns: true,
                }
            }
            "none" => *into = PidDecoding::default(),
            other => {
                let near = suggest::nearest(other, [("comm", "comm"), ("pidns", "pidns")]);
                return Err(TracerError::Usage(format!(
                    "invalid --decode-pids value '{other}' (comm, pidns){}",
                    suggest::did_you_mean(near)
                )));
            }
        }
    }
    Ok(())
}

/// `--decode-fds=SET` / `-e decode-fds=SET`: strace's elements, `all`, `none`, and a
/// leading `!` for the complement; empty elements are skipped. Returns (path, details).
fn parse_fd_decoding(set: &str) -> Result<(bool, FdDetails), TracerError> {
    let (negated, list) = match set.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, set),
    };
    let (mut path, mut d) = (false, FdDetails::default());
    for item in list.split(',').filter(|i| !i.is_empty()) {
        match item {
            "path" => path = true,
            "socket" => d.socket = true,
            "dev" => d.dev = true,
            "pidfd" => d.pidfd = true,
            "eventfd" => d.eventfd = true,
            "signalfd" => d.signalfd = true,
            "all" => (path, d) = (true, FdDetails::ALL),
            "none" => (path, d) = (false, FdDetails::default()),
            other => {
                let names = ["path", "socket", "dev", "pidfd", "eventfd", "signalfd"];
                let near = suggest::nearest(other, names.map(|n| (n, n)));
                return Err(TracerError::Usage(format!(
                    "invalid decode-fds '{other}' (path, socket, dev, pidfd, eventfd, \
                     signalfd, all, none){}",
                    suggest::did_you_mean(near)
                )));
            }
        }
    }
    if negated {
        path = !path;
        d = FdDetails {
            socket: !d.socket,
            dev: !d.dev,
            pidfd: !d.pidfd,
            eventfd: !d.eventfd,
            signalfd: !d.signalfd,
        };
    }
    Ok((path, d))
}

/// Why `-e QUALIFIER=...` is refused: a qualifier strace has but that is not built yet
/// (or is refused, with the table's reason), or a name that is no qualifier at all
/// (perhaps a mistyped `trace`).
fn qualifier_error(q: &str) -> String {
    use crate::strace_options::{find, Ours};
    if let Some(option) = find(&format!("-e {q}=")) {
        return match option.ours {
            Ours::Refused(why) => why.to_string(),
            _ => option.not_yet_message(),
        };
    }
    match suggest::nearest(q, [("trace", "trace")]) {
        Some(near) => format!("unknown qualifier '{q}' in -e (did you mean '{near}'?)"),
        None => format!("unknown qualifier '{q}' in -e (see --help for strace's qualifiers)"),
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
        self.refused.check()?;
        if let Some(line) = self.not_yet {
            return Err(TracerError::Usage(line));
        }
        let mut warnings = Vec::new();
        let mut decode_pids = PidDecoding {
            comm: self.decode_pids_comm > 0,
            pidns: self.pidns_translation,
        };
        parse_pid_decoding(&self.decode_pids, &mut decode_pids)?;
        if self.append && self.output.is_none() {
            warnings.push("-A/--output-append-mode has no effect without -o/--output".into());
        }
        let summary_options = self.summary_options(&mut warnings)?;
        if self.argv0.is_some() && self.command.is_empty() {
            return Err(TracerError::Usage(
                "PROG [ARGS] must be specified with --argv0".into(),
            ));
        }
        let detach_on_execve = match self.detach_on.as_deref() {
            None => false,
            Some("execve") => true,
            Some(other) => {
                return Err(TracerError::Usage(format!(
                    "Syscall '{other}' for -b isn't supported"
                )))
            }
        };
        let daemonize = self.daemonize()?;
        let tips = self.tips()?;
        let interruptible = match &self.interruptible {
            Some(v) => crate::sys::signals::Interruptible::parse(v)
                .ok_or_else(|| TracerError::Usage(format!("invalid -I argument: '{v}'")))?,
            // A tracer out of the shell's way ignores ^C and ^Z, as strace's under -D.
            None if daemonize.is_some() => crate::sys::signals::Interruptible::NeverTstp,
            None => crate::sys::signals::Interruptible::Waiting,
        };
        if self.kill_on_exit && !self.attach.is_empty() {
            return Err(TracerError::Usage(
                "--kill-on-exit and -p/--attach are mutually exclusive options".into(),
            ));
        }
        if let Some(user) = &self.user {
            crate::sys::user::parse_spec(user).map_err(|e| TracerError::Usage(e.to_string()))?;
        }
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
            warnings.push(
                "Only the last of -z/--successful-only/-Z/--failed-only options will take \
                 effect. See status qualifier for more complex filters."
                    .into(),
            );
        }
        if self.timestamps > 3 {
            return Err(TracerError::Usage("at most -ttt".into()));
        }
        let decor = self.decorations()?;
        // What only strace's own format shows (ours has its own timestamp and spacing).
        if self.format.as_deref() != Some("strace") {
            if decor.relative.is_some() {
                warnings.push(
                    "-r/--relative-timestamps applies to --format=strace; [ts] here is the \
                     time since the trace started"
                        .into(),
                );
            }
            if self.columns.is_some() {
                warnings.push("-a/--columns applies to --format=strace".into());
            }
        }
        let format = match (self.format.as_deref(), self.json) {
            (None | Some("text"), false) => Format::Text,
            (None | Some("json"), true) | (Some("json"), false) => Format::Json,
            (Some("strace"), false) => Format::Strace,
            (Some(f @ ("text" | "strace")), true) => {
                return Err(TracerError::Usage(format!(
                    "--json and --format={f} exclude each other"
                )))
            }
            (Some(other), _) => {
                let near = suggest::nearest(
                    other,
                    [("text", "text"), ("json", "json"), ("strace", "strace")],
                );
                return Err(TracerError::Usage(format!(
                    "invalid --format '{other}' (text, json, strace){}",
                    suggest::did_you_mean(near)
                )));
            }
        };
        let mut dumps = crate::dump::Dumps::default();
        for set in &self.read_fds {
            dumps
                .read
                .add(FdSet::parse(set).map_err(TracerError::Usage)?);
        }
        for set in &self.write_fds {
            dumps
                .write
                .add(FdSet::parse(set).map_err(TracerError::Usage)?);
        }
        let mut syscalls: Option<SyscallSet> = None;
        let mut specs: Vec<&str> = self.filter.iter().map(String::as_str).collect();
        // `--decode-fds=` and `-e decode-fds=`: the last one given counts, as in strace.
        let mut fd_sets: Vec<&str> = self.decode_fds_set.iter().map(String::as_str).collect();
        // `--abbrev=` and `-e abbrev=`: the last one given counts; `-v` is `abbrev=none`.
        let mut abbrev_sets: Vec<&str> = self.abbrev.iter().map(String::as_str).collect();
        // The number-set qualifiers: a later one replaces an earlier one, as in strace.
        let mut status_specs: Vec<&str> = Vec::new();
        if self.successful_only {
            status_specs.push("successful");
        }
        if self.failed_only {
            status_specs.push("failed");
        }
        status_specs.extend(self.status.iter().map(String::as_str));
        let mut signal_specs: Vec<&str> = self.signal.iter().map(String::as_str).collect();
        let mut fd_specs: Vec<&str> = self.trace_fds.iter().map(String::as_str).collect();
        let mut quiet_specs: Vec<&str> = self.quiet.iter().map(String::as_str).collect();
        let mut display = crate::display_options::Given {
            x: self.strings_hex,
            strings_in_hex: self.strings_in_hex.as_deref(),
            const_style: self.const_style.as_deref(),
            raw: self.raw.iter().map(String::as_str).collect(),
        };
        let mut verbose_sets: Vec<&str> = self.verbose.iter().map(String::as_str).collect();
        for e in &self.expr {
            let spec = match e.split_once('=') {
                Some(("trace" | "t", set)) => set,
                Some(("read" | "reads" | "r", set)) => {
                    dumps
                        .read
                        .add(FdSet::parse(set).map_err(TracerError::Usage)?);
                    continue;
                }
                Some(("write" | "writes" | "w", set)) => {
                    dumps
                        .write
                        .add(FdSet::parse(set).map_err(TracerError::Usage)?);
                    continue;
                }
                Some(("raw" | "x", set)) => {
                    display.raw.push(set);
                    continue;
                }
                Some(("decode-pids" | "decode-pid", what)) => {
                    parse_pid_decoding(&[what.to_string()], &mut decode_pids)?;
                    continue;
                }
                Some(("decode-fds" | "decode-fd", set)) => {
                    fd_sets.push(set);
                    continue;
                }
                Some(("abbrev" | "a", set)) => {
                    abbrev_sets.push(set);
                    continue;
                }
                Some(("signal" | "signals" | "s", set)) => {
                    signal_specs.push(set);
                    continue;
                }
                Some(("status", set)) => {
                    status_specs.push(set);
                    continue;
                }
                Some(("trace-fds" | "trace-fd" | "fd" | "fds", set)) => {
                    fd_specs.push(set);
                    continue;
                }
                Some(("quiet" | "silent" | "silence" | "q", set)) => {
                    quiet_specs.push(set);
                    continue;
                }
                // Taken in command-line order below.
                Some(("inject" | "fault", _)) => continue,
                Some(("verbose" | "v", set)) => {
                    verbose_sets.push(set);
                    continue;
                }
                Some((q, _)) => return Err(TracerError::Usage(qualifier_error(q))),
                None => e.as_str(),
            };
            specs.push(spec);
        }
        let last = |specs: &[&str], parse: fn(&str) -> Result<NumberSet, String>| {
            specs
                .last()
                .map(|s| parse(s).map_err(TracerError::Usage))
                .transpose()
        };
        if !self.status_order.is_empty() {
            status_specs = self.status_order.iter().map(String::as_str).collect();
        }
        let status = last(&status_specs, select::qualifiers::parse_status)?;
        let signals = last(&signal_specs, select::qualifiers::parse_signals)?;
        let fds = last(&fd_specs, select::qualifiers::parse_fds)?;
        let explicit_quiet = last(&quiet_specs, select::qualifiers::parse_quiet)?;
        if self.quiet_level > 0 && explicit_quiet.is_some() {
            return Err(TracerError::Usage(
                "-q and -e quiet/--quiet cannot be provided simultaneously".into(),
            ));
        }
        let quiet = match (&explicit_quiet, self.quiet_level) {
            (Some(q), _) => q.clone(),
            // strace is quiet about attaching when the trace goes to a file and the
            // command is its own.
            (None, 0) if self.output.is_some() && attach.is_empty() => {
                select::qualifiers::quiet_level(1)
            }
            (None, q) => select::qualifiers::quiet_level(q),
        };
        let mut paths = Vec::new();
        for p in &self.trace_path {
            let (forms, note) = select::paths::resolve(std::path::Path::new(p));
            paths.extend(forms);
            // Only `-e quiet=` silences it: strace 7.2 resolves the paths before -q
            // counts.
            if let Some(note) = note {
                if !explicit_quiet
                    .as_ref()
                    .is_some_and(|q| q.contains(Quiet::PathResolution as u32))
                {
                    warnings.push(note);
                }
            }
        }
        let path_select = (!self.trace_path.is_empty() || fds.is_some())
            .then(|| PathSelect::new(paths, fds.unwrap_or_default()));
        let syscall_limit = self
            .syscall_limit
            .as_deref()
            .map(|n| {
                select::number_set::c_integer(n)
                    .filter(|&n| n > 0)
                    .map(|n| n as u64)
                    .ok_or_else(|| {
                        TracerError::Usage(format!("invalid --syscall-limit argument: '{n}'"))
                    })
            })
            .transpose()?;
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
        let (fd_paths, fd_details) = match fd_sets.last() {
            Some(_) if self.decode_fds > 0 => {
                return Err(TracerError::Usage(
                    "-y and --decode-fds cannot be provided simultaneously".into(),
                ))
            }
            Some(set) => parse_fd_decoding(set)?,
            None if self.decode_fds >= 2 => (true, FdDetails::ALL),
            None => (self.decode_fds > 0, FdDetails::default()),
        };
        for set in &fd_sets {
            parse_fd_decoding(set)?;
        }
        let mut abbreviated = SyscallSet::all();
        for set in &abbrev_sets {
            abbreviated = filter::parse_trace_set(set)?;
        }
        let mut verbose = SyscallSet::all();
        for set in &verbose_sets {
            verbose = filter::parse_trace_set(set)?;
        }
        let not_verbose = CallSet::from_fn(|nr| !verbose.contains(nr), !verbose.contains(u64::MAX));
        let unabbreviated = if self.no_abbrev {
            CallSet::all()
        } else {
            CallSet::from_fn(
                |nr| !abbreviated.contains(nr),
                !abbreviated.contains(u64::MAX),
            )
        };
        let display = display.into_display()?;
        let tamper = self.tamper()?;
        for w in tamper_warnings(&tamper) {
            warnings.push(w);
        }
        let threads = self
            .pid_filter
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| parse_pid(s, "--pid entry"))
            .collect::<Result<Vec<_>, _>>()?;
        // Our format's `[ts]` shows an absolute time as -t/-tt/-ttt do, in seconds or
        // microseconds (finer precisions round to microseconds there).
        let timestamps = match decor.absolute {
            None => TimestampStyle::Relative,
            Some(a) => match (a.format, a.precision) {
                (AbsFormat::Unix, _) => TimestampStyle::Epoch,
                (AbsFormat::Time, Precision::S) => TimestampStyle::TimeOfDay,
                (AbsFormat::Time, _) => TimestampStyle::TimeOfDayMicros,
            },
        };
        Ok(Config {
            command: self.command,
            attach,
            output: self.output,
            format,
            filter: Filter {
                syscalls: syscalls.unwrap_or_else(SyscallSet::all),
                threads,
                status: status.unwrap_or_else(NumberSet::all),
                signals: signals.unwrap_or_else(NumberSet::all),
                quiet,
                paths: path_select,
                syscall_limit,
            },
            summary: self.summary || self.summary_and_trace,
            trace: !self.summary || self.summary_and_trace,
            string_limit: self.string_limit,
            fd_paths,
            fd_details,
            unabbreviated,
            not_verbose,
            timestamps,
            follow: !self.no_follow,
            fixed_ts: self.fixed_ts,
            seed: self.seed.or(if self.fixed_ts { Some(0) } else { None }),
            // A process let go of under our filter would see its traced calls fail
            // (strace too turns --seccomp-bpf off with -b).
            seccomp: !self.no_seccomp && !detach_on_execve,
            colocate: !self.no_colocate,
            record: self.record,
            append: self.append,
            output_separately: self.output_separately || self.follow_compat >= 2,
            decode_pids,
            summary_options,
            detach_on_execve,
            kill_on_exit: self.kill_on_exit,
            interruptible,
            tips,
            startup: Startup {
                env_changes: self.env,
                user: self.user,
                argv0: self.argv0,
                daemonize,
            },
            warnings,
            display,
            tamper,
            decor,
            follow_flag: self.follow_compat > 0 || self.follow_deprecated > 0,
            dumps,
        })
    }

    /// `-t`/`--timestamps=`, `-r`, `-T`, `-n`, `-a`, `--always-show-pid`.
    fn decorations(&self) -> Result<Decorations, TracerError> {
        let precision = |given: &Option<String>, what: &str| -> Result<_, TracerError> {
            given
                .as_deref()
                .map(|p| {
                    Precision::parse(p).ok_or_else(|| {
                        TracerError::Usage(format!(
                            "invalid {what} precision '{p}' (s, ms, us, ns)"
                        ))
                    })
                })
                .transpose()
        };
        let absolute = match &self.absolute_timestamps {
            Some(spec) => Absolute::parse(spec).map_err(TracerError::Usage)?,
            None => Absolute::from_count(self.timestamps),
        };
        let relative = precision(&self.relative_precision, "--relative-timestamps")?
            .or(self.relative.then_some(Precision::Us));
        let syscall_times = precision(&self.syscall_times_precision, "--syscall-times")?
            .or(self.syscall_times.then_some(Precision::Us));
        Ok(Decorations {
            absolute,
            relative,
            syscall_times,
            syscall_number: self.syscall_number,
            instruction_pointer: self.instruction_pointer,
            always_show_pid: self.always_show_pid,
            column: self.columns.unwrap_or(crate::output::decor::DEFAULT_COLUMN),
        })
    }

    /// strace's `--tips` with nothing to trace: the tip to show instead (then exit 0).
    pub fn tip_alone(&self) -> Option<crate::tips::Tips> {
        if !self.command.is_empty() || !self.attach.is_empty() {
            return None;
        }
        self.tips().ok().flatten().filter(|t| t.shown)
    }

    /// `--tips[=...]`, checked: the tip to show at the end, if any.
    pub fn tips(&self) -> Result<Option<crate::tips::Tips>, TracerError> {
        self.tips
            .as_deref()
            .map(crate::tips::Tips::parse)
            .transpose()
            .map_err(TracerError::Usage)
    }

    /// `-D`/`-DD`/`-DDD` or `--daemonize[=grandchild|pgroup|session]`, as strace reads
    /// them (not both, at most three D's, a command to run).
    fn daemonize(&self) -> Result<Option<crate::sys::Daemonize>, TracerError> {
        use crate::sys::Daemonize;
        let usage = |e: String| Err(TracerError::Usage(e));
        let how = match (self.daemonize_short, self.daemonize_long.as_deref()) {
            (0, None) => return Ok(None),
            (_, Some(_)) if self.daemonize_short > 0 => {
                return usage("-D and --daemonize cannot be provided simultaneously".into())
            }
            (1, None) | (_, Some("grandchild")) => Daemonize::Grandchild,
            (2, None) | (_, Some("pgroup" | "pgrp")) => Daemonize::ProcessGroup,
            (3, None) | (_, Some("session")) => Daemonize::Session,
            (n, None) => {
                return usage(format!(
                    "Too many -D's ({n}), maximum supported -D count is 3"
                ))
            }
            (_, Some(other)) => return usage(format!("invalid --daemonize argument: '{other}'")),
        };
        if self.command.is_empty() {
            return usage("PROG [ARGS] must be specified with -D/--daemonize".into());
        }
        Ok(Some(how))
    }

    /// `-S`, `-U`, `-O` and `-w`, checked as strace checks them: `-U` and `-w` need a
    /// table (an error without one), `-S` only warns.
    fn summary_options(&self, warnings: &mut Vec<String>) -> Result<SummaryOptions, TracerError> {
        let table = self.summary || self.summary_and_trace;
        let usage = |e: String| TracerError::Usage(e);
        if self.summary && self.summary_and_trace {
            return Err(usage(
                "-c/--summary-only and -C/--summary are mutually exclusive".into(),
            ));
        }
        for (given, what) in [
            (self.summary_columns.is_some(), "-U/--summary-columns"),
            (self.summary_wall_clock, "-w/--summary-wall-clock"),
        ] {
            if given && !table {
                return Err(usage(format!(
                    "{what} must be given with (-c/--summary-only or -C/--summary)"
                )));
            }
        }
        if self.summary_sort.is_some() && !table {
            warnings.push(
                "-S/--summary-sort-by has no effect without (-c/--summary-only or \
                 -C/--summary)"
                    .into(),
            );
        }
        let mut options = SummaryOptions {
            wall_clock: self.summary_wall_clock,
            ..SummaryOptions::default()
        };
        if let Some(s) = &self.summary_sort {
            options.sort = summary::parse_sort(s).map_err(usage)?;
        }
        if let Some(c) = &self.summary_columns {
            options.columns = summary::parse_columns(c).map_err(usage)?;
        }
        if let Some(o) = &self.summary_overhead {
            options.overhead_ns = summary::parse_overhead(o).map_err(usage)?;
        }
        Ok(options)
    }

    /// The tampering rules, in command-line order when the parser recorded it (else
    /// `-e`'s first, then `--inject`, then `--fault`).
    fn tamper(&self) -> Result<crate::inject::Tamper, TracerError> {
        use crate::inject::{self, Kind};
        let given: Vec<(Kind, String)> = match &self.tamper_order {
            Some(order) => order.clone(),
            None => self
                .expr
                .iter()
                .filter_map(|e| tamper_qualifier(e))
                .chain(self.inject.iter().map(|s| (Kind::Inject, s.clone())))
                .chain(self.fault.iter().map(|s| (Kind::Fault, s.clone())))
                .collect(),
        };
        let mut tamper = inject::Tamper::default();
        for (kind, spec) in given {
            tamper.push(inject::parse(&spec, kind).map_err(TracerError::Usage)?);
        }
        Ok(tamper)
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
            (
                !self.inject.is_empty()
                    || !self.fault.is_empty()
                    || self.expr.iter().any(|e| tamper_qualifier(e).is_some()),
                "-e inject=/-e fault=",
            ),
            (!self.env.is_empty(), "-E"),
            (self.user.is_some(), "-u"),
            (self.argv0.is_some(), "--argv0"),
            (self.detach_on.is_some(), "-b"),
            (
                self.daemonize_short > 0 || self.daemonize_long.is_some(),
                "-D",
            ),
            (self.kill_on_exit, "--kill-on-exit"),
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
    use crate::select::Status;

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
        assert_eq!(e("signal=FOO"), "invalid signal 'FOO'");
        assert_eq!(e("status=,"), "invalid status ','");
        assert!(e("kvm=vcpu").starts_with("-e kvm="));
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
            "unknown qualifier 'bogus' in -e (see --help for strace's qualifiers)"
        );
        assert!(config(&["--follow", "--", "x"]).unwrap().follow);
        assert!(config(&["--follow-forks", "--", "x"]).unwrap().follow);
    }

    #[test]
    fn decode_fds_sets_as_strace_reads_them() {
        let fds = |args: &[&str]| {
            let mut all = args.to_vec();
            all.extend(["--", "x"]);
            config(&all).map(|c| (c.fd_paths, c.fd_details))
        };
        assert_eq!(fds(&["-y"]).unwrap(), (true, FdDetails::default()));
        assert_eq!(fds(&["-yy"]).unwrap(), (true, FdDetails::ALL));
        assert_eq!(
            fds(&["--decode-fds"]).unwrap(),
            (true, FdDetails::default())
        );
        let (path, d) = fds(&["-e", "decode-fds=!socket"]).unwrap();
        assert!(path && !d.socket && d.dev && d.pidfd && d.eventfd && d.signalfd);
        // The last set given counts.
        let (path, d) = fds(&["--decode-fds=dev", "--decode-fds=socket"]).unwrap();
        assert!(!path && d.socket && !d.dev);
        assert_eq!(
            fds(&["--decode-fds=none"]).unwrap(),
            (false, FdDetails::default())
        );
        assert!(fds(&["-y", "--decode-fds=all"]).is_err());
        assert!(fds(&["--decode-fds=sockets"])
            .unwrap_err()
            .to_string()
            .contains("did you mean 'socket'"));
    }

    #[test]
    fn abbreviation_and_verbosity_per_call() {
        let execve = crate::decode::syscall_number("execve").unwrap();
        let read = crate::decode::syscall_number("read").unwrap();
        let c = config(&["--", "x"]).unwrap();
        assert!(!c.unabbreviated.contains(execve) && !c.not_verbose.contains(execve));
        let c = config(&["-v", "--", "x"]).unwrap();
        assert!(c.unabbreviated.contains(execve) && c.unabbreviated.contains(read));
        let c = config(&["-e", "abbrev=read", "--", "x"]).unwrap();
        assert!(c.unabbreviated.contains(execve) && !c.unabbreviated.contains(read));
        let c = config(&["--verbose=!execve", "--", "x"]).unwrap();
        assert!(c.not_verbose.contains(execve) && !c.not_verbose.contains(read));
        assert!(config(&["-e", "verbose=nosuchcall", "--", "x"]).is_err());
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
        assert_eq!(c.filter.status, NumberSet::of([Status::Failed as u32]));
    }
}
