//! The tracer's failure kinds. Each maps to an exit code in [`crate::exit_code`].

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum TracerError {
    /// A command line the tracer cannot act on.
    #[error("{0}")]
    Usage(String),
    #[error("pid {0} not found")]
    PidNotFound(i32),
    #[error("cannot trace pid {pid}: {} (hint: {hint})", describe(source))]
    NotPermitted {
        pid: i32,
        source: io::Error,
        hint: &'static str,
    },
    #[error("{0}: command not found")]
    CommandNotFound(String),
    #[error("{path}: {}", describe(source))]
    CannotExecute { path: String, source: io::Error },
    #[error("cannot open output file {}: {}", path.display(), describe(source))]
    OutputFile { path: PathBuf, source: io::Error },
    #[error("writing output: {}", describe(.0))]
    OutputWrite(io::Error),
    #[error("{what}: {}", describe(source))]
    Os {
        what: &'static str,
        source: io::Error,
    },
}

impl TracerError {
    pub fn os(what: &'static str, source: io::Error) -> Self {
        TracerError::Os { what, source }
    }
}

pub const PERMISSION_HINT: &str =
    "run as root, or lower /proc/sys/kernel/yama/ptrace_scope; a process already being traced cannot be traced twice";

/// An OS error as a person reads it: "Permission denied", without "(os error 13)".
pub fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}
