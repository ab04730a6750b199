//! Co-location: tracer and tracees on one CPU while that is harmless.
//!
//! Every traced syscall is two round trips between tracee and tracer. On different CPUs
//! each trip wakes an idle CPU (an inter-processor interrupt, expensive in a VM): about
//! 70 µs a syscall on the project's machines, against about 12 µs when both share a CPU.
//! While at most one tracee thread can run, sharing costs the program nothing, since it
//! and the tracer never run at the same time: a single-threaded program, or a shell or
//! make waiting in wait4 for the one child it runs. When a second thread could run in
//! parallel, everyone gets the original CPU mask back (the engine decides; this module
//! only moves threads).
//!
//! Only programs we launched are pinned, never attached ones. What the pinning would
//! show the program, its `sched_getaffinity` result, is rewritten to the original mask;
//! once a thread sets its own affinity, co-location ends for good.

use std::io;

use libc::{cpu_set_t, pid_t};

/// The original mask and the CPU everyone shares while pinned.
pub struct Colocation {
    original: cpu_set_t,
    pinned: cpu_set_t,
    /// The tracer and the tracees are on the shared CPU.
    active: bool,
    /// They ever were: a thread the tracer lets go of may still carry the pin (one born
    /// while pinned, before the engine knew it).
    ever_active: bool,
}

fn affinity_of(tid: pid_t) -> io::Result<cpu_set_t> {
    // SAFETY: cpu_set_t is a plain bit array; all-zero is a valid (empty) set.
    let mut set: cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: the kernel writes at most size_of::<cpu_set_t>() bytes into `set`.
    let r = unsafe { libc::sched_getaffinity(tid, std::mem::size_of::<cpu_set_t>(), &mut set) };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(set)
}

fn set_affinity(tid: pid_t, set: &cpu_set_t) -> io::Result<()> {
    // SAFETY: the kernel reads size_of::<cpu_set_t>() bytes from `set`, which we own.
    let r = unsafe { libc::sched_setaffinity(tid, std::mem::size_of::<cpu_set_t>(), set) };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn is_set(cpu: usize, set: &cpu_set_t) -> bool {
    // SAFETY: CPU_ISSET reads one bit of `set`; `cpu` is bounded by the set's size.
    cpu < libc::CPU_SETSIZE as usize && unsafe { libc::CPU_ISSET(cpu, set) }
}

fn only(cpu: usize) -> cpu_set_t {
    // SAFETY: cpu_set_t is a plain bit array; all-zero is a valid (empty) set.
    let mut set: cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: CPU_SET writes one bit; callers pass a CPU found in a valid set.
    unsafe { libc::CPU_SET(cpu, &mut set) };
    set
}

fn current_cpu() -> Option<usize> {
    // SAFETY: sched_getcpu takes no arguments.
    let cpu = unsafe { libc::sched_getcpu() };
    usize::try_from(cpu).ok()
}

impl Colocation {
    /// `None` when there is nothing to gain (a one-CPU mask) or the mask can't be read.
    pub fn new() -> Option<Self> {
        let original = affinity_of(0).ok()?;
        // SAFETY: CPU_COUNT only reads the set.
        if unsafe { libc::CPU_COUNT(&original) } < 2 {
            return None;
        }
        let cpu = current_cpu()
            .filter(|&c| is_set(c, &original))
            .or_else(|| (0..libc::CPU_SETSIZE as usize).find(|&c| is_set(c, &original)))?;
        Some(Colocation {
            original,
            pinned: only(cpu),
            active: false,
            ever_active: false,
        })
    }

    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Puts the tracer and every listed thread on the shared CPU. A thread that can't
    /// be moved (it vanished, a cpuset forbids it) keeps its mask.
    pub fn pin(&mut self, tids: impl Iterator<Item = pid_t>) {
        if self.active || set_affinity(0, &self.pinned).is_err() {
            return;
        }
        for tid in tids {
            let _ = set_affinity(tid, &self.pinned);
        }
        self.active = true;
        self.ever_active = true;
    }

    /// The program chose its own masks: from now on never touch a thread's mask again.
    pub fn forsake(&mut self) {
        self.ever_active = false;
    }

    /// Gives one thread the tracer lets go of its original mask, if it may be pinned.
    pub fn release(&self, tid: pid_t) {
        if self.ever_active {
            let _ = set_affinity(tid, &self.original);
        }
    }

    /// Gives the tracer and every listed thread the original mask back.
    pub fn unpin(&mut self, tids: impl Iterator<Item = pid_t>) {
        if !self.active {
            return;
        }
        for tid in tids {
            let _ = set_affinity(tid, &self.original);
        }
        let _ = set_affinity(0, &self.original);
        self.active = false;
    }

    /// The original mask as the kernel lays it out for `sched_getaffinity`: `len` bytes,
    /// CPU n at bit n % 8 of byte n / 8.
    pub fn original_bytes(&self, len: usize) -> Vec<u8> {
        let len = len.min(libc::CPU_SETSIZE as usize / 8);
        (0..len)
            .map(|byte| {
                (0..8).fold(0u8, |acc, bit| {
                    acc | (u8::from(is_set(byte * 8 + bit, &self.original)) << bit)
                })
            })
            .collect()
    }
}
