//! The binary's edge: parse arguments, run, map the result to an exit code.

use std::io::Write;
use std::process::ExitCode;

use syscall_tracer::cli::{Config, OutputTarget};
use syscall_tracer::clock::{Clock, TimeBase, Zone};
use syscall_tracer::core::{Backend, Core, CoreOptions, Ending};
use syscall_tracer::decode::DecodeOptions;
use syscall_tracer::engine::Tracer;
use syscall_tracer::error::TracerError;
use syscall_tracer::exit_code;
use syscall_tracer::output::pids::PidDecor;
use syscall_tracer::output::separate::PerThread;
use syscall_tracer::output::strace::{Notices, PidPrefix, StraceSettings, StraceSink};
use syscall_tracer::output::{Format, Printer, SharedOut, Sink};
use syscall_tracer::record::format::{End, Header};
use syscall_tracer::record::{Recorder, Replay};
use syscall_tracer::select::Quiet;
use syscall_tracer::summary::SummarySink;
use syscall_tracer::sys;
use syscall_tracer::usage;

/// Runs before `main`, and so before the Rust runtime ignores SIGPIPE and reopens closed
/// standard descriptors: what the tracer inherited is what the launched program must get
/// (see `sys::inherited`). glibc calls `.init_array` entries before `main`.
#[used]
#[link_section = ".init_array"]
static CAPTURE_INHERITED: extern "C" fn() = sys::inherited::capture;

fn main() -> ExitCode {
    // `syscall-tracer replay FILE [display options]`; `-- replay` still traces a program
    // of that name.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let replay = args.get(1).is_some_and(|a| a == "replay");
    if replay {
        args.remove(1);
        // The recording first, display options after it: the options are parsed as for a
        // live run, the recording in the command's place.
        if args
            .get(1)
            .is_some_and(|a| !a.to_string_lossy().starts_with('-'))
        {
            let file = args.remove(1);
            args.extend(["--".into(), file]);
        }
    }
    let cli = match syscall_tracer::cli::parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            if usage::is_help_or_version(&e) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            usage::say(&usage::clap_error_line(&e));
            return ExitCode::from(exit_code::USAGE as u8);
        }
    };
    // strace's `--tips` alone: a tip, and nothing to trace.
    if let Some(tips) = cli.tip_alone().filter(|_| !replay) {
        show_tip(tips);
        return ExitCode::SUCCESS;
    }
    let outcome = if replay {
        // (A replay's warnings are those of its display options, printed the same way.)
        cli.into_replay()
            .map_err(anyhow::Error::from)
            .and_then(|(file, config)| replay_file(&file, config))
    } else {
        cli.into_config().map_err(anyhow::Error::from).and_then(run)
    };
    let code = match outcome {
        Ok(code) => code,
        Err(e) => {
            usage::say(&usage::error_line(&e.to_string()));
            exit_code::for_error(&e)
        }
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn run(config: Config) -> anyhow::Result<i32> {
    if config.fixed_ts && !config.command.is_empty() {
        sys::reexec_without_aslr();
    }
    warn(&config);
    // Declared before the stream so that it is dropped after it: the pipe's command
    // sees the end of its input, then is waited for.
    let (writer, _pipe) = open_output(&config)?;
    let out = SharedOut::new(writer);
    let clock = Clock::new();
    let time = clock.time_base();
    let mut core = core_for(&config, &out, time, std::process::id() as i32);
    let header = Header {
        start_epoch_ns: time.start_epoch_ns,
        utc_offset: sys::utc_offset((time.start_epoch_ns / 1_000_000_000) as i64).unwrap_or(0),
        tracer_pid: std::process::id() as i32,
    };
    let mut tracer = Tracer::new(&config, clock);
    let record_file = match &config.record {
        Some(path) => {
            Some(
                std::fs::File::create(path).map_err(|source| TracerError::OutputFile {
                    path: path.clone(),
                    source,
                })?,
            )
        }
        None => None,
    };
    sys::signals::install_for(config.interruptible).map_err(|e| TracerError::os("sigaction", e))?;
    if config.command.is_empty() {
        for &pid in &config.attach {
            if let Err(e) = tracer.attach(pid) {
                tracer.abandon();
                return Err(e.into());
            }
        }
    } else {
        tracer.launch(&config.command, config.fixed_ts)?;
    }
    let (ending, record_error) = match record_file {
        Some(file) => {
            let mut recorder = Recorder::new(&mut core, Box::new(file), &header);
            let ending = tracer.run(&mut recorder);
            (ending, recorder.finish(record_end(tracer.outcome())))
        }
        None => (tracer.run(&mut core), None),
    };
    if matches!(ending, Ending::LimitReached) && !config.filter.quiets(Quiet::Attach) {
        // After the trace so far, before the `-c` table, as strace prints it.
        out.flush();
        usage::say("syscall-tracer: System call limit has been reached, detaching tracees");
        for tid in core.detached_at_limit() {
            usage::say(&format!("syscall-tracer: Process {tid} detached"));
        }
    }
    core.finish();
    let late_error = out.take_error();
    // The trace is complete; tracees still under our seccomp filter need us until they exit.
    tracer.let_go();
    tracer.wait_detached_launch();
    if let Some(tips) = config.tips {
        show_tip(tips);
    }
    if let (Some(source), Some(path)) = (record_error, &config.record) {
        // Unlike the trace's own stream, a recording cut short is never a clean end.
        return Err(TracerError::RecordWrite {
            path: path.clone(),
            source,
        }
        .into());
    }
    match ending {
        Ending::Signalled | Ending::LimitReached => Ok(exit_code::OK),
        Ending::OutputFailed => {
            output_failure(late_error.unwrap_or_else(|| std::io::Error::other("output failed")))
        }
        Ending::Finished => match (late_error, tracer.launch_failure()) {
            (Some(e), _) => output_failure(e),
            (None, Some(errno)) => Err(TracerError::CannotExecute {
                path: config.command[0].to_string_lossy().into_owned(),
                source: std::io::Error::from_raw_os_error(errno),
            }
            .into()),
            (None, None) => Ok(exit_code::for_outcome(tracer.outcome())),
        },
    }
}

/// `--tips`: a tip on stderr (a random one drawn from the clock unless `id:` chose).
fn show_tip(tips: syscall_tracer::tips::Tips) {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64 ^ d.as_secs())
        .unwrap_or(0);
    let _ = std::io::stderr().write_all(tips.render(seed).as_bytes());
}

/// How the launched command ended, for the recording's last record.
fn record_end(outcome: Option<exit_code::CommandOutcome>) -> End {
    match outcome {
        Some(exit_code::CommandOutcome::Exited(code)) => End::Exited(code),
        Some(exit_code::CommandOutcome::Killed(sig)) => End::Killed(sig),
        None => End::Unknown,
    }
}

/// `syscall-tracer replay FILE`: the recording is the backend; the core and sinks are
/// those of a live run with the same display options.
fn replay_file(file: &std::path::Path, config: Config) -> anyhow::Result<i32> {
    let mut replay = Replay::open(file).map_err(TracerError::from)?;
    warn(&config);
    let (writer, _pipe) = open_output(&config)?;
    let out = SharedOut::new(writer);
    let header = *replay.header();
    let time = TimeBase {
        start_epoch_ns: header.start_epoch_ns,
        zone: Zone::Fixed(header.utc_offset),
    };
    let mut core = core_for(&config, &out, time, header.tracer_pid);
    let ending = replay.run(&mut core);
    core.finish();
    let late_error = out.take_error();
    if let Some(e) = replay.take_error() {
        return Err(TracerError::from(e).into());
    }
    match (ending, late_error) {
        (_, Some(e)) => output_failure(e),
        (Ending::OutputFailed, None) => output_failure(std::io::Error::other("output failed")),
        _ => Ok(exit_code::OK),
    }
}

/// The core and its sinks for these options, writing to `out`; `tracer_pid` is the pid
/// `--fixed-ts` shows as 999 (the live tracer's, or the recorded one).
fn core_for(config: &Config, out: &SharedOut, time: TimeBase, tracer_pid: i32) -> Core {
    Core::new(core_options(config), tracer_pid, sinks(config, out, time)).with_output(out.clone())
}

/// What the core applies of the options.
fn core_options(config: &Config) -> CoreOptions {
    CoreOptions {
        decode: DecodeOptions {
            string_limit: config.string_limit,
            fd_paths: config.fd_paths,
            fd_details: config.fd_details,
            unabbreviated: config.unabbreviated.clone(),
            display: config.display.clone(),
            not_verbose: config.not_verbose.clone(),
        },
        filter: config.filter.clone(),
        trace: config.trace,
        summarize: config.summary,
        system_time: config.summary && !config.summary_options.wall_clock,
        fixed: config.fixed_ts,
        dumps: config.dumps.clone(),
        pid_decor: (config.decode_pids.comm || config.decode_pids.pidns).then(|| PidDecor {
            comm: config.decode_pids.comm,
            pidns: config.decode_pids.pidns,
            known: Vec::new(),
        }),
    }
}

/// Notices about options that do nothing here, as strace prints them.
fn warn(config: &Config) {
    for w in &config.warnings {
        usage::say(&format!("syscall-tracer: {w}"));
    }
}

/// The `-o` file (appended to with `-A`), the `-o '|CMD'` pipe, or stderr.
fn open_output(config: &Config) -> Result<(Box<dyn Write>, Option<PipeCommand>), TracerError> {
    let failed = |source| TracerError::OutputFile {
        path: config.output.clone().unwrap_or_default(),
        source,
    };
    if separate_files(config).is_some() {
        // Each thread's file is opened as it comes; a summary goes to stderr.
        return Ok((Box::new(std::io::stderr()), None));
    }
    Ok(match config.output_target() {
        OutputTarget::Stderr => (Box::new(std::io::stderr()), None),
        OutputTarget::File(path) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .append(config.append)
                .truncate(!config.append)
                .open(path)
                .map_err(failed)?;
            (Box::new(file), None)
        }
        OutputTarget::Pipe(cmd) => {
            let mut child = std::process::Command::new("/bin/sh")
                .arg("-c")
                .arg(cmd)
                .stdin(std::process::Stdio::piped())
                .spawn()
                .map_err(failed)?;
            let stdin = child.stdin.take().expect("stdin was asked to be piped");
            (Box::new(stdin), Some(PipeCommand(child)))
        }
    })
}

/// The command `-o '|CMD'` writes to: waited for once the trace is written and its pipe
/// closed, so its output is complete when the tracer exits (as strace's `pclose`).
struct PipeCommand(std::process::Child);

impl Drop for PipeCommand {
    fn drop(&mut self) {
        // The tracer's wait for any child may have reaped it already: then there is
        // nothing to wait for.
        let _ = self.0.wait();
    }
}

/// `-ff` / `--output-separately` with `-o FILE`: each thread's trace in `FILE.TID`.
fn separate_files(config: &Config) -> Option<&std::path::Path> {
    match config.output_target() {
        OutputTarget::File(path) if config.output_separately => Some(path),
        _ => None,
    }
}

/// The sinks the options ask for: the trace (text, JSON or strace's; into one file per
/// thread with `-ff`) unless `-c` alone, then the summary for `-c`/`-C`.
fn sinks(config: &Config, out: &SharedOut, time: TimeBase) -> Vec<Box<dyn Sink>> {
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    let separate = separate_files(config);
    let strace = (config.format == Format::Strace).then(|| {
        let prefix = match separate {
            Some(_) if config.decor.always_show_pid => PidPrefix::Always,
            Some(_) => PidPrefix::Never,
            None => PidPrefix::for_options(
                config.decor.always_show_pid,
                config.output.is_some(),
                config.follow_flag,
                config.attach.len(),
            ),
        };
        StraceSettings {
            decor: config.decor,
            prefix,
            // strace says nothing of attaching children when it runs a command with -o.
            notices: match (config.output.is_some(), config.command.is_empty()) {
                (false, _) => Notices::InTrace,
                (true, true) => Notices::Stderr,
                (true, false) => Notices::Off,
            },
            progname: std::env::args()
                .next()
                .unwrap_or_else(|| "syscall-tracer".into()),
            consts: config.display.consts,
        }
    });
    let (format, style, fixed, number, ip) = (
        config.format,
        config.timestamps,
        config.fixed_ts,
        config.decor.syscall_number,
        config.decor.instruction_pointer,
    );
    let make = move |out: SharedOut| -> Box<dyn Sink> {
        match &strace {
            Some(settings) => Box::new(StraceSink::new(out, settings.clone(), time)),
            None => Box::new(
                Printer::new(out, format, style, fixed, time)
                    .with_syscall_number(number)
                    .with_instruction_pointer(ip),
            ),
        }
    };
    if config.trace {
        match separate {
            Some(path) => sinks.push(Box::new(PerThread::new(
                path.to_path_buf(),
                config.append,
                Box::new(make),
            ))),
            None => sinks.push(make(out.clone())),
        }
    }
    if config.summary {
        sinks.push(Box::new(
            SummarySink::new(out.clone(), config.format)
                .with_options(config.summary_options.clone()),
        ));
    }
    sinks
}

/// A closed pipe is how `| head` says "enough": a clean end. Anything else is a failure.
fn output_failure(e: std::io::Error) -> anyhow::Result<i32> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(exit_code::OK)
    } else {
        Err(TracerError::OutputWrite(e).into())
    }
}
