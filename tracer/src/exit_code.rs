//! The one place where outcomes become process exit codes.
//!
//! 0: tracing finished (or was stopped by SIGINT/SIGTERM/SIGHUP, or the output pipe closed).
//! 1: internal failure. 2: invalid arguments, pid not found, not permitted, bad command.
//! A launched command's own exit status N is passed through; if it was killed by signal S
//! the tracer exits with 128+S. (strace instead kills itself with S; a shell sees 128+S
//! either way, and exiting normally lets us flush output and the summary first.)

use crate::error::TracerError;

pub const OK: i32 = 0;
pub const INTERNAL: i32 = 1;
pub const USAGE: i32 = 2;

/// How the launched command ended, if the tracer launched one and saw it end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandOutcome {
    Exited(i32),
    Killed(i32),
}

pub fn for_outcome(outcome: Option<CommandOutcome>) -> i32 {
    match outcome {
        None => OK,
        Some(CommandOutcome::Exited(n)) => n,
        Some(CommandOutcome::Killed(sig)) => 128 + sig,
    }
}

pub fn for_error(err: &anyhow::Error) -> i32 {
    match err.downcast_ref::<TracerError>() {
        Some(
            TracerError::Usage(_)
            | TracerError::PidNotFound(_)
            | TracerError::NotPermitted { .. }
            | TracerError::CommandNotFound(_)
            | TracerError::CannotExecute { .. }
            | TracerError::OutputFile { .. }
            | TracerError::Replay(_),
        ) => USAGE,
        Some(
            TracerError::OutputWrite(_) | TracerError::RecordWrite { .. } | TracerError::Os { .. },
        )
        | None => INTERNAL,
    }
}
