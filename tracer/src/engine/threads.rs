//! Per-thread tracing state and the numbers threads are shown with.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use libc::pid_t;

use crate::decode::CallRecord;
use crate::output::Ids;

/// First number handed out by `--fixed-ts` renumbering.
pub const FIXED_ID_BASE: i32 = 1000;

/// The number `--fixed-ts` shows for the tracer's own pid, which a launched program sees
/// as its parent (`getppid()`) and as the sender of any signal the tracer sends it: one
/// below the first tracee's, as the parent comes before its child.
pub const TRACER_DISPLAY_ID: i32 = FIXED_ID_BASE - 1;

pub struct Thread {
    pub tid: pid_t,
    /// Thread group id (the process).
    pub pid: pid_t,
    pub ids: Ids,
    /// Between an entry stop and its exit stop.
    pub in_syscall: bool,
    /// The current call is decoded and will be printed (decided at entry).
    pub shown: bool,
    /// The current call counts in the summary.
    pub counted: bool,
    pub entry_ns: u64,
    pub entry_nr: u64,
    pub entry_args: [u64; 6],
    pub rec: CallRecord,
    /// The call that returned a restart code, for `restart_syscall`'s rendering.
    pub interrupted_nr: Option<u64>,
    /// A launched child before its execve: its pre-exec plumbing is not shown.
    pub muted: bool,
    /// The current call was entered through a seccomp stop (so a syscall-entry stop for
    /// it, which kernels before 5.x report after the seccomp one, is not a new call).
    pub via_seccomp: bool,
    /// State of the `--seed` stream that replaces this thread's getrandom data.
    pub rng: u64,
    /// The current call was shown as `<unfinished ...>` under this id.
    pub call_id: Option<u64>,
    /// The thread runs under a seccomp filter of the program's own: it is stopped at every
    /// call (a filter's EPERM or SIGSYS verdict happens before any stop of ours).
    pub own_filter: bool,
    /// A clone3 whose CLONE_UNTRACED we cleared in its `clone_args`: (address, flags as
    /// the program wrote them), put back at the call's exit.
    pub clone3_flags: Option<(u64, u64)>,
}

/// Hashes a tid with one multiplication. The thread table is looked up several times
/// per stop; SipHash's protection against chosen keys buys nothing for kernel-assigned
/// ids, and the multiply spreads consecutive tids over the table's control bits.
#[derive(Default)]
pub struct TidHasher(u64);

impl Hasher for TidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i32(&mut self, n: i32) {
        self.0 = (n as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type TidMap<V> = HashMap<pid_t, V, BuildHasherDefault<TidHasher>>;

/// Every traced thread, plus the display numbering (real numbers, or in `--fixed-ts`
/// mode consecutive numbers from [`FIXED_ID_BASE`] in order of first appearance).
pub struct ThreadTable {
    pub threads: TidMap<Thread>,
    fixed: bool,
    display: TidMap<i32>,
    next_order: usize,
    seed: u64,
    /// The tracer's own pid (fixed for its life: the `--fixed-ts` re-exec keeps it).
    tracer_pid: pid_t,
}

impl ThreadTable {
    pub fn new(fixed: bool, seed: u64) -> Self {
        ThreadTable {
            threads: TidMap::default(),
            fixed,
            display: TidMap::default(),
            next_order: 0,
            seed,
            tracer_pid: std::process::id() as pid_t,
        }
    }

    /// The display number for a real pid or tid, assigning the next one if new.
    pub fn display_of(&mut self, real: pid_t) -> (i32, usize) {
        if let Some(&d) = self.display.get(&real) {
            return (d, (d - FIXED_ID_BASE) as usize);
        }
        let order = self.next_order;
        self.next_order += 1;
        let d = FIXED_ID_BASE + order as i32;
        self.display.insert(real, d);
        (d, order)
    }

    /// Every (real, shown) number pair, for renumbering the pid-typed values inside
    /// rendered calls and signals; in `--fixed-ts` mode the tracer's own pid is one of them.
    pub fn display_pairs(&self) -> impl Iterator<Item = (pid_t, i32)> + '_ {
        let tracer = self.fixed.then_some((self.tracer_pid, TRACER_DISPLAY_ID));
        self.display.iter().map(|(&r, &d)| (r, d)).chain(tracer)
    }

    /// Hands the printer the (real, shown) pairs if it does not have them all yet.
    /// Numbers are only ever added, so a count tells.
    pub fn refresh_renumbering(&self, printer: &mut crate::output::Printer) {
        let count = self.display.len() + usize::from(self.fixed);
        if printer.is_fixed() && printer.renumbering_len() != count {
            printer.set_renumbering(self.display_pairs().collect());
        }
    }

    pub fn ids_for(&mut self, pid: pid_t, tid: pid_t) -> Ids {
        if !self.fixed {
            return Ids { pid, tid, order: 0 };
        }
        // The process number first, so a process's leader gets its number before its threads.
        let (dpid, _) = self.display_of(pid);
        let (dtid, order) = self.display_of(tid);
        Ids {
            pid: dpid,
            tid: dtid,
            order,
        }
    }

    pub fn add(&mut self, tid: pid_t, pid: pid_t) -> &mut Thread {
        let ids = self.ids_for(pid, tid);
        let rng = self.seed ^ (ids.tid as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.threads.entry(tid).or_insert_with(|| Thread {
            tid,
            pid,
            ids,
            in_syscall: false,
            shown: false,
            counted: false,
            entry_ns: 0,
            entry_nr: 0,
            entry_args: [0; 6],
            rec: CallRecord::new(),
            interrupted_nr: None,
            muted: false,
            via_seccomp: false,
            rng,
            call_id: None,
            own_filter: false,
            clone3_flags: None,
        })
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
