//! syscall-tracer: an strace-class system call tracer for x86-64 Linux.
pub mod decode;
#[rustfmt::skip]
pub mod generated;
