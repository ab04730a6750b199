//! syscall-tracer: an strace-class system call tracer for x86-64 Linux.
//!
//! A backend produces events: `engine` over ptrace, `record::Replay` from a recording.
//! The `core` pairs them into calls, applies the `filter` (and strace's further selections in
//! `select`: signals, statuses, `-P`, quiet), numbers threads, has the pure
//! `decode` crate render each call through the `generated` syscall table, and hands the
//! result to sinks: the `output` printers (text, JSON) and the `summary` for `-c`.
//! `record::Recorder` writes the events down on the way. `cli` parses the command line (`strace_options` lists strace's options and what each
//! does here);
//! `exit_code` maps outcomes to exit codes; `tips` is `--tips`; `usage` reports a rejected command line in
//! one line, `suggest` the name a typo meant and `permission_hint` the likely cause of a
//! refused ptrace. docs/ARCHITECTURE.md has the whole picture. Unsafe code lives only in
//! `engine::ptrace`, `engine::memory`, `engine::colocate` and `sys`.

pub mod cli;
pub mod clock;
pub mod core;
pub mod display_options;
pub mod dump;
pub mod engine;
pub mod error;
pub mod exit_code;
pub mod filter;
pub mod inject;
pub mod output;
pub mod permission_hint;
pub mod record;
pub mod select;
pub mod strace_options;
pub mod suggest;
pub mod summary;
pub mod sys;
pub mod tips;
pub mod usage;

/// The pure decoder and the generated table live in their own crate (`tracer/decoder`),
/// which has no dependencies: re-exported under their old paths.
pub use syscall_decode::{decode, generated};
