//! The binary's edge: parse arguments, run, map the result to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use syscall_tracer::cli::{Cli, Config, Format};
use syscall_tracer::engine::{Ending, Tracer};
use syscall_tracer::error::TracerError;
use syscall_tracer::exit_code;
use syscall_tracer::output::Printer;
use syscall_tracer::sys;
use syscall_tracer::usage;

/// Runs before `main`, and so before the Rust runtime ignores SIGPIPE and reopens closed
/// standard descriptors: what the tracer inherited is what the launched program must get
/// (see `sys::inherited`). glibc calls `.init_array` entries before `main`.
#[used]
#[link_section = ".init_array"]
static CAPTURE_INHERITED: extern "C" fn() = sys::inherited::capture;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
    let code = match cli.into_config().map_err(anyhow::Error::from).and_then(run) {
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
    let out: Box<dyn Write> = match &config.output {
        Some(path) => {
            Box::new(
                std::fs::File::create(path).map_err(|source| TracerError::OutputFile {
                    path: path.clone(),
                    source,
                })?,
            )
        }
        None => Box::new(std::io::stderr()),
    };
    let printer = Printer::new(out, config.format, config.timestamps, config.fixed_ts);
    let mut tracer = Tracer::new(&config, printer);
    sys::signals::install_handlers().map_err(|e| TracerError::os("sigaction", e))?;
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
    let ending = tracer.run();
    tracer.printer.finish();
    if config.summary {
        let mut s = String::new();
        match config.format {
            Format::Text => tracer.summary.write_text(&mut s),
            Format::Json => tracer.summary.write_json(&mut s),
        }
        tracer.printer.write_raw(&s);
        tracer.printer.flush();
    }
    let late_error = tracer.printer.take_error();
    // The trace is complete; tracees still under our seccomp filter need us until they exit.
    tracer.let_go();
    match ending {
        Ending::Signalled => Ok(exit_code::OK),
        Ending::OutputFailed(e) => output_failure(e),
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

/// A closed pipe is how `| head` says "enough": a clean end. Anything else is a failure.
fn output_failure(e: std::io::Error) -> anyhow::Result<i32> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(exit_code::OK)
    } else {
        Err(TracerError::OutputWrite(e).into())
    }
}
