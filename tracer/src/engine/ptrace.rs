//! The thin unsafe layer over ptrace(2) and waitpid(2). Every other module talks to the
//! kernel through these wrappers, which turn C conventions into `io::Result`.

use std::io;

use libc::{c_long, c_void, pid_t};

/// Options set at seize time: we want to see every syscall stop distinctly from
/// signal stops, follow every kind of child, and see execs before they return. (No
/// PTRACE_O_TRACEEXIT: the exit is learnt from waitpid, and the extra stop per thread
/// would cost a round trip for nothing.) With `seccomp`, a filter's RET_TRACE verdict
/// stops the tracee too.
pub fn trace_options(follow: bool, seccomp: bool) -> c_long {
    let mut opts = libc::PTRACE_O_TRACESYSGOOD | libc::PTRACE_O_TRACEEXEC;
    if follow {
        opts |= libc::PTRACE_O_TRACECLONE | libc::PTRACE_O_TRACEFORK | libc::PTRACE_O_TRACEVFORK;
    }
    if seccomp {
        opts |= libc::PTRACE_O_TRACESECCOMP;
    }
    opts as c_long
}

/// Changes the options of one tracee (its future children inherit them).
pub fn set_options(tid: pid_t, options: c_long) -> io::Result<()> {
    request(libc::PTRACE_SETOPTIONS, tid, 0, options as usize).map(drop)
}

fn check(r: c_long) -> io::Result<c_long> {
    if r == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn request(req: libc::c_uint, tid: pid_t, addr: usize, data: usize) -> io::Result<c_long> {
    // SAFETY: callers pass requests whose `addr`/`data` are plain integers (not pointers),
    // so the kernel never dereferences memory of ours for them.
    check(unsafe { libc::ptrace(req, tid, addr as *mut c_void, data as *mut c_void) })
}

pub fn seize(tid: pid_t, options: c_long) -> io::Result<()> {
    request(libc::PTRACE_SEIZE, tid, 0, options as usize).map(drop)
}

pub fn interrupt(tid: pid_t) -> io::Result<()> {
    request(libc::PTRACE_INTERRUPT, tid, 0, 0).map(drop)
}

/// Resumes to the next syscall stop, delivering `sig` (0 for none).
pub fn resume_syscall(tid: pid_t, sig: i32) -> io::Result<()> {
    request(libc::PTRACE_SYSCALL, tid, 0, sig as usize).map(drop)
}

/// Resumes without syscall stops, delivering `sig`: only signals, events and seccomp
/// RET_TRACE verdicts stop the tracee again.
pub fn resume_cont(tid: pid_t, sig: i32) -> io::Result<()> {
    request(libc::PTRACE_CONT, tid, 0, sig as usize).map(drop)
}

/// Lets a group-stopped tracee stay stopped while still reporting new events (SIGCONT).
pub fn listen(tid: pid_t) -> io::Result<()> {
    request(libc::PTRACE_LISTEN, tid, 0, 0).map(drop)
}

pub fn detach(tid: pid_t, sig: i32) -> io::Result<()> {
    request(libc::PTRACE_DETACH, tid, 0, sig as usize).map(drop)
}

pub fn event_msg(tid: pid_t) -> io::Result<u64> {
    let mut msg: libc::c_ulong = 0;
    // SAFETY: PTRACE_GETEVENTMSG writes one unsigned long to `data`, which points at `msg`.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETEVENTMSG,
            tid,
            std::ptr::null_mut::<c_void>(),
            &mut msg as *mut libc::c_ulong,
        )
    })?;
    Ok(msg as u64)
}

/// The raw `siginfo_t` of a signal-delivery stop. Fails with EINVAL for a group-stop.
pub fn siginfo(tid: pid_t) -> io::Result<[u8; 128]> {
    let mut raw = [0u8; 128];
    // SAFETY: PTRACE_GETSIGINFO writes a siginfo_t (128 bytes on x86-64) to `data`.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETSIGINFO,
            tid,
            std::ptr::null_mut::<c_void>(),
            raw.as_mut_ptr() as *mut c_void,
        )
    })?;
    Ok(raw)
}

/// What a syscall stop is, from PTRACE_GET_SYSCALL_INFO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyscallStop {
    Entry {
        nr: u64,
        args: [u64; 6],
    },
    Exit {
        ret: i64,
    },
    /// A seccomp filter's RET_TRACE verdict, before the call runs (like an entry).
    /// `data` is the verdict's SECCOMP_RET_DATA: which filter asked.
    Seccomp {
        nr: u64,
        args: [u64; 6],
        data: u32,
    },
    /// Not a syscall stop after all (op 0), e.g. a stale report.
    None,
}

const GET_SYSCALL_INFO: libc::c_uint = 0x420e;

/// `struct ptrace_syscall_info` from <linux/ptrace.h>; the union is laid out as its
/// largest member (the seccomp variant) so every op fits.
#[repr(C)]
#[derive(Default)]
struct RawSyscallInfo {
    op: u8,
    pad: [u8; 3],
    arch: u32,
    instruction_pointer: u64,
    stack_pointer: u64,
    // entry: nr, args[6]; exit: rval (i64), is_error (u8); seccomp: nr, args[6], ret_data (u32)
    data: [u64; 8],
}

/// The stop, and the instruction pointer there (after the `syscall` instruction): strace's
/// `-i` shows it, and the kernel reports it with the rest at no extra cost.
pub fn syscall_info(tid: pid_t) -> io::Result<(SyscallStop, u64)> {
    let mut raw = RawSyscallInfo::default();
    let size = std::mem::size_of::<RawSyscallInfo>();
    // SAFETY: the kernel writes at most `size` bytes (passed as `addr`) into `raw`.
    check(unsafe {
        libc::ptrace(
            GET_SYSCALL_INFO,
            tid,
            size as *mut c_void,
            &mut raw as *mut RawSyscallInfo as *mut c_void,
        )
    })?;
    let args = [
        raw.data[1],
        raw.data[2],
        raw.data[3],
        raw.data[4],
        raw.data[5],
        raw.data[6],
    ];
    let stop = match raw.op {
        1 => SyscallStop::Entry {
            nr: raw.data[0],
            args,
        },
        3 => SyscallStop::Seccomp {
            nr: raw.data[0],
            args,
            data: raw.data[7] as u32,
        },
        2 => SyscallStop::Exit {
            ret: raw.data[0] as i64,
        },
        _ => SyscallStop::None,
    };
    Ok((stop, raw.instruction_pointer))
}

/// The offset of `rip` in `struct user_regs_struct`, for PTRACE_PEEKUSER.
const REG_RIP: u64 = 16 * 8;

/// The thread's instruction pointer, at any ptrace stop (a signal-delivery or group-stop:
/// `-i` shows where the thread was).
pub fn instruction_pointer(tid: pid_t) -> io::Result<u64> {
    // PTRACE_PEEKUSER reads a word of the tracee's `struct user` at an offset inside it.
    peek_word(libc::PTRACE_PEEKUSER, tid, REG_RIP)
}

/// A PEEK request: the word it returns. The word itself is the result, so -1 is
/// ambiguous: errno tells.
fn peek_word(request: libc::c_uint, tid: pid_t, addr: u64) -> io::Result<u64> {
    // SAFETY: errno is thread-local; resetting it before the call is the documented way.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: a PEEK request reads from the tracee (its memory or its `struct user`) at
    // `addr`, the tracee's address or offset, never ours; nothing of ours is written.
    let v = unsafe {
        libc::ptrace(
            request,
            tid,
            addr as *mut c_void,
            std::ptr::null_mut::<c_void>(),
        )
    };
    if v == -1 {
        let e = io::Error::last_os_error();
        if e.raw_os_error().unwrap_or(0) != 0 {
            return Err(e);
        }
    }
    Ok(v as u64)
}

/// Syscall number and arguments from the registers, for a thread whose entry stop we
/// never saw (it was attached while inside a call).
pub fn syscall_regs(tid: pid_t) -> io::Result<(u64, [u64; 6])> {
    let regs = registers(tid)?;
    Ok((
        regs.orig_rax,
        [regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9],
    ))
}

/// Offsets of registers in `struct user_regs_struct`, for PTRACE_POKEUSER.
const REG_RAX: usize = 10 * 8;
const REG_RDI: usize = 14 * 8;
const REG_ORIG_RAX: usize = 15 * 8;

fn poke_user(tid: pid_t, offset: usize, value: u64) -> io::Result<()> {
    request(libc::PTRACE_POKEUSER, tid, offset, value as usize).map(drop)
}

/// At a syscall-entry or seccomp stop: changes the call's first argument before it runs.
pub fn set_first_arg(tid: pid_t, value: u64) -> io::Result<()> {
    poke_user(tid, REG_RDI, value)
}

/// At a syscall-entry or seccomp stop: the call does not run and returns `-errno`.
pub fn skip_syscall(tid: pid_t, errno: i32) -> io::Result<()> {
    poke_user(tid, REG_ORIG_RAX, u64::MAX)?;
    poke_user(tid, REG_RAX, (-(errno as i64)) as u64)
}

/// At a syscall-entry or seccomp stop: the call to run instead (`u64::MAX`: none, the
/// call is skipped and returns what `rax` holds).
pub fn set_syscall_nr(tid: pid_t, nr: u64) -> io::Result<()> {
    poke_user(tid, REG_ORIG_RAX, nr)
}

/// At a syscall stop: the value the call returns (`-errno` for a failure).
pub fn set_return(tid: pid_t, value: u64) -> io::Result<()> {
    poke_user(tid, REG_RAX, value)
}

/// At a signal-delivery stop: replaces the siginfo the tracee will receive.
pub fn set_siginfo(tid: pid_t, raw: &[u8; 128]) -> io::Result<()> {
    // SAFETY: PTRACE_SETSIGINFO reads a siginfo_t (128 bytes on x86-64) from `data`,
    // which points at `raw`, alive for the call.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_SETSIGINFO,
            tid,
            std::ptr::null_mut::<c_void>(),
            raw.as_ptr() as *mut c_void,
        )
    })
    .map(drop)
}

/// Queues `sig` for one thread (tgkill).
pub fn thread_kill(pid: pid_t, tid: pid_t, sig: i32) -> io::Result<()> {
    // SAFETY: tgkill takes three integers and touches no memory of ours.
    check(unsafe { libc::syscall(libc::SYS_tgkill, pid, tid, sig) }).map(drop)
}

/// The stack pointer, for the rare decoder that needs it (rt_sigreturn's signal frame).
pub fn stack_pointer(tid: pid_t) -> io::Result<u64> {
    Ok(registers(tid)?.rsp)
}

fn registers(tid: pid_t) -> io::Result<libc::user_regs_struct> {
    // SAFETY: user_regs_struct is plain integers; all-zero is a valid value.
    let mut regs: libc::user_regs_struct = unsafe { std::mem::zeroed() };
    // SAFETY: PTRACE_GETREGS writes one user_regs_struct to `data`, which points at `regs`.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETREGS,
            tid,
            std::ptr::null_mut::<c_void>(),
            &mut regs as *mut libc::user_regs_struct as *mut c_void,
        )
    })?;
    Ok(regs)
}

/// One word of tracee memory; the fallback when process_vm_readv is refused.
pub fn peek(tid: pid_t, addr: u64) -> io::Result<u64> {
    peek_word(libc::PTRACE_PEEKDATA, tid, addr)
}

/// How a waited-for thread changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitStatus {
    Exited(i32),
    Killed {
        sig: i32,
        core: bool,
    },
    /// `sig` is the stop signal (SIGTRAP|0x80 for syscall stops), `event` the PTRACE_EVENT_*.
    Stopped {
        sig: i32,
        event: i32,
    },
    Continued,
}

/// waitpid(-1, __WALL): the next thread with news. `Interrupted` when a signal to the
/// tracer cut the wait short, `None` when no tracee is left (ECHILD).
pub fn wait_any() -> io::Result<Option<(pid_t, WaitStatus)>> {
    wait_for(-1)
}

/// What a non-blocking wait found.
pub enum Polled {
    Event(pid_t, WaitStatus),
    /// Tracees remain, none with news.
    Nothing,
    NoChildren,
}

/// waitpid(-1, __WALL | WNOHANG).
pub fn poll_any() -> io::Result<Polled> {
    let mut status = 0;
    // SAFETY: waitpid writes one int to `status`.
    let r = unsafe { libc::waitpid(-1, &mut status, libc::__WALL | libc::WNOHANG) };
    match r {
        -1 => {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::ECHILD) {
                Ok(Polled::NoChildren)
            } else {
                Err(e)
            }
        }
        0 => Ok(Polled::Nothing),
        tid => Ok(Polled::Event(tid, decode_status(status))),
    }
}

pub fn wait_for(pid: pid_t) -> io::Result<Option<(pid_t, WaitStatus)>> {
    let mut status = 0;
    // SAFETY: waitpid writes one int to `status`.
    let r = unsafe { libc::waitpid(pid, &mut status, libc::__WALL) };
    if r == -1 {
        let e = io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::ECHILD) {
            return Ok(None);
        }
        return Err(e);
    }
    Ok(Some((r, decode_status(status))))
}

fn decode_status(status: i32) -> WaitStatus {
    if libc::WIFEXITED(status) {
        WaitStatus::Exited(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        WaitStatus::Killed {
            sig: libc::WTERMSIG(status),
            core: libc::WCOREDUMP(status),
        }
    } else if libc::WIFSTOPPED(status) {
        WaitStatus::Stopped {
            sig: libc::WSTOPSIG(status),
            event: (status >> 16) & 0xff,
        }
    } else {
        WaitStatus::Continued
    }
}
