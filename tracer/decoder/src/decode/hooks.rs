//! The few calls the vocabulary cannot describe, each named by `custom = "..."` in
//! `syscalls.toml` and listed by `cargo xtask stats`. Keep this file short: a new hook
//! is a sign the vocabulary is missing a type.
use super::display;
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

/// `rt_sigreturn({mask=[INT]})`: the signal mask the call restores, read from the
/// `struct ucontext` the signal frame holds at the stack pointer (x86-64: `uc_sigmask` at
/// offset 8 + 8 + 24 + 256 = 296, the return address having been popped).
pub fn rt_sigreturn(c: &mut Call<'_>) {
    const UC_SIGMASK: u64 = 296;
    if c.exiting() {
        return;
    }
    let Some(sp) = c.tracee().stack_pointer() else {
        return;
    };
    let mut b = [0u8; 8];
    let mut s = String::from("{mask=");
    // Not verbose (`-e verbose=`): the mask's address.
    if c.verbose() && c.tracee().read_mem(sp.wrapping_add(UC_SIGMASK), &mut b) == 8 {
        display::sigset(&mut s, u64::from_le_bytes(b), 64, c.opts().display.consts);
    } else {
        fmt::address(&mut s, sp.wrapping_add(UC_SIGMASK));
    }
    s.push('}');
    c.push_arg(&s);
}

/// `clone(child_stack=NULL, flags=CLONE_VM|SIGCHLD, parent_tid=[42], tls=..., child_tidptr=...)`:
/// strace names each argument, prints them in its own order rather than the kernel's
/// (flags, stack, parent_tid, child_tid, tls), shows the optional ones only when a flag
/// gives them meaning, and puts the exit signal after the flag bits.
pub fn clone(c: &mut Call<'_>) {
    const CLONE_PIDFD: u64 = 0x1000;
    const CLONE_SETTLS: u64 = 0x80000;
    const CLONE_PARENT_SETTID: u64 = 0x100000;
    const CLONE_CHILD_CLEARTID: u64 = 0x200000;
    const CLONE_CHILD_SETTID: u64 = 0x1000000;
    let [flags, stack, ptid, ctid, tls, _] = *c.regs();
    if !c.exiting() {
        let mut s = String::from("child_stack=");
        fmt::address(&mut s, stack);
        c.push_arg(&s);
        let mut s = String::from("flags=");
        let bits = flags & !0xff;
        if bits != 0 || flags == 0 {
            let style = c.opts().display.consts;
            display::flags(
                &mut s,
                bits,
                &crate::generated::tables::FLAGS_CLONE_FLAGS,
                style,
            );
        }
        if flags & 0xff != 0 {
            if bits != 0 {
                s.push('|');
            }
            display::signal(&mut s, (flags & 0xff) as i32, c.opts().display.consts);
        }
        c.push_arg(&s);
        let shown_at_exit = CLONE_PARENT_SETTID
            | CLONE_PIDFD
            | CLONE_SETTLS
            | CLONE_CHILD_SETTID
            | CLONE_CHILD_CLEARTID;
        if flags & shown_at_exit != 0 {
            c.more_at_exit();
        }
    } else {
        // The kernel writes parent_tid (or the pidfd) during the call: shown at exit.
        if flags & (CLONE_PARENT_SETTID | CLONE_PIDFD) != 0 {
            let mut s = String::from("parent_tid=");
            let mut b = [0u8; 4];
            let shown = ptid != 0 && !c.failed() && c.verbose();
            if shown && c.tracee().read_mem(ptid, &mut b) == 4 {
                s.push('[');
                let v = i32::from_le_bytes(b);
                // With CLONE_PARENT_SETTID the kernel stored the child's tid there (else
                // CLONE_PIDFD stored a pidfd).
                if flags & CLONE_PARENT_SETTID != 0 {
                    c.pid(&mut s, v);
                } else {
                    fmt::int(&mut s, v as i64);
                }
                s.push(']');
            } else {
                fmt::address(&mut s, ptid);
            }
            c.push_arg(&s);
        }
        if flags & CLONE_SETTLS != 0 {
            let mut s = String::from("tls=");
            fmt::address(&mut s, tls);
            c.push_arg(&s);
        }
        if flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID) != 0 {
            let mut s = String::from("child_tidptr=");
            fmt::address(&mut s, ctid);
            c.push_arg(&s);
        }
        c.ret(&super::vocab::Ty::Pid);
    }
}
