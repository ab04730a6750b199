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
    #[error("cannot trace pid {pid}: {}{}", describe(source), hint_suffix(hint))]
    NotPermitted {
        pid: i32,
        source: io::Error,
        /// The likely cause, from [`crate::permission_hint`].
        hint: Option<String>,
    },
    #[error("{0}: command not found")]
    CommandNotFound(String),
    #[error("{path}: {}", describe(source))]
    CannotExecute { path: String, source: io::Error },
    #[error("cannot open output file {}: {}", path.display(), describe(source))]
    OutputFile { path: PathBuf, source: io::Error },
    #[error("writing output: {}", describe(.0))]
    OutputWrite(io::Error),
    #[error("writing recording {}: {}", path.display(), describe(source))]
    RecordWrite { path: PathBuf, source: io::Error },
    /// A recording that cannot be replayed (unreadable, not a recording, corrupt): the
    /// reason, from `record::ReplayError`.
    #[error("{0}")]
    Replay(String),
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

    /// Tracing `pid` was refused; the hint is worked out now, while the target and its
    /// tracer (if any) can still be looked at.
    pub fn not_permitted(pid: i32, source: io::Error) -> Self {
        TracerError::NotPermitted {
            pid,
            source,
            hint: crate::permission_hint::for_pid(pid),
        }
    }
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref()
        .map(|h| format!(" (hint: {h})"))
        .unwrap_or_default()
}

/// An OS error as a person reads it: "Permission denied", without "(os error 13)".
pub fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}
