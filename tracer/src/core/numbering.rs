//! The numbers threads are shown with: their real pids and tids, or under `--fixed-ts`
//! consecutive numbers from [`FIXED_ID_BASE`] in order of first appearance.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::output::pids::PidMap;
use crate::output::Ids;

/// First number handed out by `--fixed-ts` renumbering.
pub const FIXED_ID_BASE: i32 = 1000;

/// The number `--fixed-ts` shows for the tracer's own pid, which a launched program sees
/// as its parent (`getppid()`) and as the sender of any signal the tracer sends it: one
/// below the first tracee's, as the parent comes before its child.
pub const TRACER_DISPLAY_ID: i32 = FIXED_ID_BASE - 1;

/// Hashes a tid with one multiplication. Thread tables are looked up several times per
/// stop; SipHash's protection against chosen keys buys nothing for kernel-assigned ids,
/// and the multiply spreads consecutive tids over the table's control bits.
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

pub type TidMap<V> = HashMap<i32, V, BuildHasherDefault<TidHasher>>;

pub struct Numbering {
    fixed: bool,
    display: TidMap<i32>,
    next_order: usize,
    /// The tracer's own pid (fixed for its life: the `--fixed-ts` re-exec keeps it).
    tracer_pid: i32,
    /// `--fixed-ts`: every (real, shown) pair so far, rebuilt when a number is added.
    map: PidMap,
}

impl Numbering {
    pub fn new(fixed: bool, tracer_pid: i32) -> Self {
        Numbering {
            fixed,
            display: TidMap::default(),
            next_order: 0,
            tracer_pid,
            map: PidMap::default(),
        }
    }

    /// The display number for a real pid or tid, assigning the next one if new.
    fn display_of(&mut self, real: i32) -> (i32, usize) {
        if let Some(&d) = self.display.get(&real) {
            return (d, (d - FIXED_ID_BASE) as usize);
        }
        let order = self.next_order;
        self.next_order += 1;
        let d = FIXED_ID_BASE + order as i32;
        self.display.insert(real, d);
        (d, order)
    }

    /// The numbers a thread is shown with (the process number is assigned first, so a
    /// process's leader gets its number before its threads).
    pub fn ids_for(&mut self, pid: i32, tid: i32) -> Ids {
        if !self.fixed {
            return Ids { pid, tid, order: 0 };
        }
        let (dpid, _) = self.display_of(pid);
        let (dtid, order) = self.display_of(tid);
        Ids {
            pid: dpid,
            tid: dtid,
            order,
        }
    }

    /// `--fixed-ts`: the map from real to shown numbers for the pid-typed values inside
    /// calls and signals, the tracer's own pid included; `None` otherwise.
    pub fn pid_map(&mut self) -> Option<&PidMap> {
        if !self.fixed {
            return None;
        }
        // Numbers are only ever added, so a count tells whether the map is stale (one
        // rebuild per new thread, not per line).
        if self.map.len() != self.display.len() + 1 {
            let pairs = self
                .display
                .iter()
                .map(|(&r, &d)| (r, d))
                .chain([(self.tracer_pid, TRACER_DISPLAY_ID)])
                .collect();
            self.map = PidMap::new(pairs);
        }
        Some(&self.map)
    }
}
