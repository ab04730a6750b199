//! syscall-tracer: an strace-class system call tracer for x86-64 Linux.
//!
//! `cli` parses the command line; `engine` drives ptrace; `decode` renders calls through
//! the `generated` syscall table; `output` prints text or JSON lines; `summary` counts for
//! `-c`; `filter` decides what is shown; `exit_code` maps outcomes to exit codes; `usage`
//! reports a rejected command line in one line, `suggest` the name a typo meant and
//! `permission_hint` the likely cause of a refused ptrace. Unsafe code lives only in
//! `engine::ptrace`, `engine::memory` and `sys`.

pub mod cli;
pub mod clock;
pub mod core;
pub mod engine;
pub mod error;
pub mod exit_code;
pub mod filter;
pub mod output;
pub mod permission_hint;
pub mod record;
pub mod suggest;
pub mod summary;
pub mod sys;
pub mod usage;

/// The pure decoder and the generated table live in their own crate (`tracer/decoder`),
/// which has no dependencies: re-exported under their old paths.
pub use syscall_decode::{decode, generated};
