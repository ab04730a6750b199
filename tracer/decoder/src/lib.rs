//! The pure decoder: a syscall's registers, plus what a [`decode::Tracee`] answers about
//! the thread (memory, descriptor paths, socket protocols, interface names, the UTC
//! offset), rendered as strace renders them. The syscall table is compiled from
//! `syscalls.toml` into [`generated`].
//!
//! Decoding does no I/O: no file system, no network, no libc, no clock. Whatever comes
//! from the world comes through `Tracee`, which a backend implements (the ptrace engine
//! over the live thread, replay over a recording, tests over a byte image). The crate
//! has no dependencies and forbids unsafe code, and `tracer/tests/architecture.rs` checks
//! its sources, so the boundary holds by construction.

#![forbid(unsafe_code)]

pub mod decode;
#[rustfmt::skip]
pub mod generated;
