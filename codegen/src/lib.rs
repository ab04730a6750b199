//! Parses, validates and emits the syscall table.
