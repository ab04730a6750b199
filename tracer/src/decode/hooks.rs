//! The few calls the vocabulary cannot describe, each named by `custom = "..."` in
//! `syscalls.toml` and listed by `cargo xtask stats`. Keep this file short: a new hook
//! is a sign the vocabulary is missing a type.
use super::fmt;
use super::vocab::Call;

/// A number the kernel reserves without an entry point: strace shows the name and the
/// six raw registers.
pub fn reserved(c: &mut Call<'_>) {
    raw_args(c, 6);
}

/// A number the table does not know: `syscall_0x1c8(0x1, ...)` with six raw registers.
pub fn unknown(c: &mut Call<'_>) {
    raw_args(c, 6);
}

fn raw_args(c: &mut Call<'_>, n: usize) {
    if c.exiting() {
        return;
    }
    for i in 0..n {
        let mut s = String::new();
        fmt::hex(&mut s, c.regs()[i]);
        c.push_arg(&s);
    }
}

/// `restart_syscall(<... resuming interrupted nanosleep ...>)`: its argument is which
/// call the kernel resumes, known only to the engine.
pub fn restart_syscall(c: &mut Call<'_>) {
    if c.exiting() {
        return;
    }
    let s = match c.resumed_from().and_then(super::render::syscall_name) {
        Some(name) => format!("<... resuming interrupted {name} ...>"),
        None => "<... resuming interrupted system call ...>".to_string(),
    };
    c.push_arg(&s);
}
