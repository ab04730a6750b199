//! What the tracer inherited from whoever started it, captured before the Rust runtime
//! changes it, so the program it launches inherits exactly that.
//!
//! Before `main` the Rust runtime ignores SIGPIPE and reopens closed descriptors 0-2 on
//! `/dev/null`; later the tracer installs its own signal handlers. Untraced, the program
//! would have inherited the caller's state: `nohup` (SIGHUP ignored), `trap '' PIPE`, a
//! non-interactive shell's background job (SIGINT and SIGQUIT ignored), a blocked signal
//! mask, a closed stdout (`prog >&-`). [`capture`] runs from the binary's `.init_array`,
//! before the runtime's own initialization; [`restore_in_child`] runs in the forked child
//! just before its `execve`.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};

/// Highest signal number (the kernel's `_NSIG`).
const NSIG: i32 = 64;

/// Signals the caller left ignored, bit `sig - 1` each.
static IGNORED: AtomicU64 = AtomicU64::new(0);
/// The caller's signal mask, in the kernel's 64-bit layout.
static MASK: AtomicU64 = AtomicU64::new(0);
/// Descriptors 0, 1 and 2 that were closed, bit `fd` each.
static CLOSED_STDIO: AtomicU8 = AtomicU8::new(0);
static CAPTURED: AtomicBool = AtomicBool::new(false);

/// The kernel's `struct sigaction` for `rt_sigaction(2)` on x86-64 (not glibc's, whose
/// wrapper also refuses the two real-time signals glibc keeps for itself).
#[repr(C)]
#[derive(Default)]
struct KernelSigaction {
    handler: usize,
    flags: u64,
    restorer: usize,
    mask: u64,
}

/// The kernel's dispositions are plain integers: `SIG_DFL` 0, `SIG_IGN` 1.
const SIG_DFL: usize = 0;
const SIG_IGN: usize = 1;

fn query_disposition(sig: i32) -> Option<usize> {
    let mut old = KernelSigaction::default();
    // SAFETY: rt_sigaction with a null new action only writes the current one into `old`,
    // a live struct of the kernel's layout; the size argument is the kernel sigset's (8).
    let r = unsafe {
        libc::syscall(
            libc::SYS_rt_sigaction,
            sig,
            std::ptr::null::<KernelSigaction>(),
            &mut old as *mut KernelSigaction,
            8usize,
        )
    };
    (r == 0).then_some(old.handler)
}

fn set_disposition(sig: i32, handler: usize) {
    let act = KernelSigaction {
        handler,
        ..KernelSigaction::default()
    };
    // SAFETY: `act` is a live struct of the kernel's layout, read by the kernel only; no
    // old action is asked for. SIG_DFL and SIG_IGN are not code addresses, so no
    // restorer is needed.
    unsafe {
        libc::syscall(
            libc::SYS_rt_sigaction,
            sig,
            &act as *const KernelSigaction,
            std::ptr::null_mut::<KernelSigaction>(),
            8usize,
        );
    }
}

/// Records the inherited signal dispositions, mask and closed standard descriptors.
/// Called once before `main` (see the binary); later calls do nothing. Only raw system
/// calls: the runtime is not initialized yet.
pub extern "C" fn capture() {
    if CAPTURED.swap(true, Ordering::SeqCst) {
        return;
    }
    let mut ignored = 0u64;
    for sig in 1..=NSIG {
        if query_disposition(sig) == Some(SIG_IGN) {
            ignored |= 1 << (sig - 1);
        }
    }
    IGNORED.store(ignored, Ordering::SeqCst);
    let mut mask = 0u64;
    // SAFETY: with a null new set, rt_sigprocmask only writes the current mask (8 bytes,
    // the size passed) into `mask`.
    unsafe {
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            libc::SIG_BLOCK,
            std::ptr::null::<u64>(),
            &mut mask as *mut u64,
            8usize,
        );
    }
    MASK.store(mask, Ordering::SeqCst);
    let mut closed = 0u8;
    for fd in 0..3 {
        // SAFETY: F_GETFD on a descriptor number takes no pointer; EBADF means closed.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            closed |= 1 << fd;
        }
    }
    CLOSED_STDIO.store(closed, Ordering::SeqCst);
}

/// Everything the child must get back, read before the fork (the child may only make
/// system calls).
#[derive(Debug, Clone, Copy)]
pub struct ForChild {
    ignored: u64,
    mask: u64,
    closed_stdio: u8,
}

impl ForChild {
    pub fn now() -> Self {
        capture();
        ForChild {
            ignored: IGNORED.load(Ordering::SeqCst),
            mask: MASK.load(Ordering::SeqCst),
            closed_stdio: CLOSED_STDIO.load(Ordering::SeqCst),
        }
    }
}

/// In the forked child, just before its `execve`: every signal back to the disposition
/// the tracer inherited (ignored, or default: an `execve` resets caught ones to default
/// anyway), the inherited mask, and the standard descriptors that were closed closed
/// again. Only raw system calls, as between fork and exec.
pub fn restore_in_child(state: &ForChild) {
    for sig in 1..=NSIG {
        if sig == libc::SIGKILL || sig == libc::SIGSTOP {
            continue;
        }
        let handler = if state.ignored & (1 << (sig - 1)) != 0 {
            SIG_IGN
        } else {
            SIG_DFL
        };
        set_disposition(sig, handler);
    }
    // SAFETY: rt_sigprocmask reads the 8-byte set at the pointer, a live local.
    unsafe {
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            libc::SIG_SETMASK,
            &state.mask as *const u64,
            std::ptr::null_mut::<u64>(),
            8usize,
        );
    }
    for fd in 0..3 {
        if state.closed_stdio & (1 << fd) != 0 {
            // SAFETY: closes a descriptor the runtime opened on /dev/null in its place.
            unsafe { libc::close(fd) };
        }
    }
}

/// Before the tracer re-executes itself (`--fixed-ts`, see `reexec_without_aslr`): the
/// state it inherited back in place, so that the new image captures what this one did,
/// not what the runtime made of it. Nothing but the runtime's own changes is undone:
/// the tracer has installed no handler yet.
pub fn restore_for_reexec() {
    restore_in_child(&ForChild::now());
}

/// If that re-exec failed: the runtime's state again (SIGPIPE ignored, closed standard
/// descriptors on `/dev/null`), which the rest of the tracer expects.
pub fn undo_restore_for_reexec() {
    set_disposition(libc::SIGPIPE, SIG_IGN);
    let closed = CLOSED_STDIO.load(Ordering::SeqCst);
    for fd in 0..3 {
        if closed & (1 << fd) != 0 {
            // SAFETY: opens /dev/null (a NUL-terminated literal); the lowest free
            // descriptor is the closed one, as the runtime's own reopening relies on.
            unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        }
    }
}
