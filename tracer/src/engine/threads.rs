//! Per-thread ptrace state.

use libc::pid_t;

use crate::core::numbering::{Numbering, TidMap};

pub struct Thread {
    pub tid: pid_t,
    /// Thread group id (the process).
    pub pid: pid_t,
    /// Between an entry stop and its exit stop.
    pub in_syscall: bool,
    /// The current call's return matters to the core (shown or counted).
    pub exit_wanted: bool,
    pub entry_nr: u64,
    pub entry_args: [u64; 6],
    /// A launched child before its execve: its pre-exec plumbing is the tracer's own.
    pub muted: bool,
    /// The current call was entered through a seccomp stop (so a syscall-entry stop for
    /// it, which kernels before 5.x report after the seccomp one, is not a new call).
    pub via_seccomp: bool,
    /// State of the `--seed` stream that replaces this thread's getrandom data.
    pub rng: u64,
    /// The thread runs under a seccomp filter of the program's own: it is stopped at every
    /// call (a filter's EPERM or SIGSYS verdict happens before any stop of ours).
    pub own_filter: bool,
    /// A clone3 whose CLONE_UNTRACED we cleared in its `clone_args`: (address, flags as
    /// the program wrote them), put back at the call's exit.
    pub clone3_flags: Option<(u64, u64)>,
    /// `-e inject=`: this thread's `when=` countdown per syscall (strace keeps one per
    /// tracee, each starting afresh).
    pub countdowns: crate::inject::Countdowns,
    /// The current call was tampered with at entry and its exit has work left.
    pub tampered: Option<super::tamper::Tampered>,
    /// A signal `signal=` delivers when the thread is resumed from this syscall stop.
    pub resume_sig: i32,
    /// A signal `signal=` sent with tgkill (at a seccomp stop), whose siginfo is put
    /// right at its delivery.
    pub injected_signal: Option<i32>,
    /// The instruction pointer at the thread's last syscall stop (`-i`).
    pub ip: Option<u64>,
}

/// Every traced thread.
pub struct ThreadTable {
    pub threads: TidMap<Thread>,
    seed: u64,
    /// The numbers the core shows threads with, counted the same way here: a thread's
    /// `--seed` stream derives from its number, so runs repeat under `--fixed-ts`.
    numbering: Numbering,
}

impl ThreadTable {
    pub fn new(fixed: bool, seed: u64) -> Self {
        ThreadTable {
            threads: TidMap::default(),
            seed,
            numbering: Numbering::new(fixed, std::process::id() as pid_t),
        }
    }

    /// Adds a thread (a no-op if known); true if it is new.
    pub fn add(&mut self, tid: pid_t, pid: pid_t) -> bool {
        let number = self.numbering.ids_for(pid, tid).tid;
        if self.threads.contains_key(&tid) {
            return false;
        }
        let rng = self.seed ^ (number as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.threads.insert(
            tid,
            Thread {
                tid,
                pid,
                in_syscall: false,
                exit_wanted: false,
                entry_nr: 0,
                entry_args: [0; 6],
                muted: false,
                via_seccomp: false,
                rng,
                own_filter: false,
                clone3_flags: None,
                countdowns: Default::default(),
                tampered: None,
                resume_sig: 0,
                injected_signal: None,
                ip: None,
            },
        );
        true
    }
}

/// SplitMix64: a tiny, well-known generator; enough to make getrandom data repeatable.
pub fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
