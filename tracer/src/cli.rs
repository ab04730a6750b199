//! The command line, parsed with clap and checked into a [`Config`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use crate::clock::TimestampStyle;
use crate::dump::FdSet;
use crate::error::TracerError;
use crate::filter::{self, Filter, ResultFilter, SyscallSet};
use crate::output::decor::{AbsFormat, Absolute, Decorations, Precision};
use crate::strace_options::refusals;
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

    /// strace-style qualifier; only trace=SET is supported (names, %class, !negation, /regex)
    #[arg(short = 'e', value_name = "trace=SET")]
    pub expr: Vec<String>,

    /// Show only calls of these pids or tids (comma list)
    #[arg(long = "pid", value_name = "LIST", value_delimiter = ',')]
    pub pid_filter: Vec<String>,

    /// Count time, calls and errors per syscall and print a summary instead of the trace
    #[arg(short = 'c', long = "summary-only")]
    pub summary: bool,

    /// Like -c, but also print the trace (strace's long name; `--summary-and-trace` too)
    #[arg(short = 'C', long = "summary", alias = "summary-and-trace")]
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
    Ok(cli)
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
    /// Notices about options that do nothing here (strace prints them too), for stderr.
    pub warnings: Vec<String>,
    /// `-t`, `-r`, `-T`, `-n`, `-a`, `--always-show-pid` and their long forms.
    pub decor: crate::output::decor::Decorations,
    /// `-f` was given (strace then prefixes lines written to a `-o` file with pids).
    pub follow_flag: bool,
    /// `-e read=`/`-e write=`: whose data is dumped.
    pub dumps: crate::dump::Dumps,
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
        None => format!("unknown qualifier '{q}' in -e (only trace= is supported)"),
    }
}

/// The parser's line for a strace option listed as not built yet.
fn not_yet(spelling: &str) -> TracerError {
    let line = crate::strace_options::find(spelling)
        .map(|o| o.not_yet_message())
        .unwrap_or_else(|| format!("{spelling} is not supported yet"));
    TracerError::Usage(line)
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
        // Repeated letters of options that are built (-y) asking for what is not.
        if self.decode_fds >= 2 {
            return Err(not_yet("-yy"));
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
                Some(("decode-pids" | "decode-pid", what)) => {
                    parse_pid_decoding(&[what.to_string()], &mut decode_pids)?;
                    continue;
                }
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
                result,
            },
            summary: self.summary || self.summary_and_trace,
            trace: !self.summary || self.summary_and_trace,
            string_limit: self.string_limit,
            fd_paths: self.decode_fds > 0,
            timestamps,
            follow: !self.no_follow,
            fixed_ts: self.fixed_ts,
            seed: self.seed.or(if self.fixed_ts { Some(0) } else { None }),
            seccomp: !self.no_seccomp,
            colocate: !self.no_colocate,
            record: self.record,
            append: self.append,
            output_separately: self.output_separately || self.follow_compat >= 2,
            decode_pids,
            warnings,
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
            always_show_pid: self.always_show_pid,
            column: self.columns.unwrap_or(crate::output::decor::DEFAULT_COLUMN),
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
        assert!(e("signal=all")
            .starts_with("-e signal=/-e signals=/-e s=/--signal is not supported yet"));
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
