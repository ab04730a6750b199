//! The seccomp-bpf filter that lets untraced syscalls run without stopping the tracee.
//!
//! When a filter (`-e trace=...`) leaves syscalls out and we launched the program, the
//! child installs a classic-BPF program just before its execve: syscalls in the traced set
//! return SECCOMP_RET_TRACE (a PTRACE_EVENT_SECCOMP stop), all others SECCOMP_RET_ALLOW.
//! The engine then resumes tracees with PTRACE_CONT, so an untraced call costs a few
//! filter instructions in the kernel instead of two round trips through the tracer.
//!
//! The price is the one strace documents for `--seccomp-bpf`: a filter can never be
//! removed, and once no tracer is attached its RET_TRACE calls fail with ENOSYS. See
//! the engine for what that means for detaching and for a killed tracer.


use libc::sock_filter;

use crate::filter::SyscallSet;

/// Highest syscall number the program distinguishes; numbers above are traced (a new
/// kernel's call we do not know is better seen than lost).
const MAX_NR: u32 = 511;
const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
/// The x32 ABI marks its numbers with this bit; those calls are always traced.
const X32_SYSCALL_BIT: u32 = 0x4000_0000;
const SECCOMP_RET_TRACE_ACTION: u32 = 0x7ff0_0000;
/// The SECCOMP_RET_DATA our verdicts carry, so that a RET_TRACE from a filter the program
/// installed itself (which untraced would fail with ENOSYS) can be told from ours.
pub const TRACE_DATA: u32 = 0x5354;
const SECCOMP_RET_TRACE: u32 = SECCOMP_RET_TRACE_ACTION | TRACE_DATA;
const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
/// Offsets in `struct seccomp_data`.
const OFFSET_NR: u32 = 0;
const OFFSET_ARCH: u32 = 4;
/// The low 32 bits of argument 0 (little-endian).
const OFFSET_ARG0_LOW: u32 = 16;

// Classic BPF opcodes (linux/filter.h).
const LD_W_ABS: u16 = 0x20;
const JMP_JEQ_K: u16 = 0x15;
const JMP_JGE_K: u16 = 0x35;
const JMP_JGT_K: u16 = 0x25;
const JMP_JSET_K: u16 = 0x45;
const RET_K: u16 = 0x06;

fn stmt(code: u16, k: u32) -> sock_filter {
    sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> sock_filter {
    sock_filter { code, jt, jf, k }
}

/// The traced numbers as inclusive ranges, ascending.
fn ranges(traced: &SyscallSet) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for nr in 0..=MAX_NR {
        if !traced.contains(nr as u64) {
            continue;
        }
        match out.last_mut() {
            Some((_, hi)) if *hi + 1 == nr => *hi = nr,
            _ => out.push((nr, nr)),
        }
    }
    out
}

/// A call traced only for some values of its first argument (the engine must see a
/// `clone` with CLONE_UNTRACED, a `prctl(PR_SET_SECCOMP)`, but no other clone or prctl).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgTest {
    pub nr: u32,
    pub when: FirstArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstArg {
    /// Any of these bits set in its low 32 bits.
    AnyBit(u32),
    /// Its low 32 bits equal this.
    Equals(u32),
}

/// A seccomp program that returns RET_TRACE for every number in `traced` (and for any
/// other architecture, x32 call or number above [`MAX_NR`]), for the calls `tests`
/// select by their first argument, and RET_ALLOW otherwise.
///
/// Each range costs three instructions with jumps of at most two, and each test five
/// with jumps of at most four, so no jump ever needs more than the eight bits classic
/// BPF gives it.
pub fn program(traced: &SyscallSet, tests: &[ArgTest]) -> Vec<sock_filter> {
    let mut p = vec![
        stmt(LD_W_ABS, OFFSET_ARCH),
        jump(JMP_JEQ_K, AUDIT_ARCH_X86_64, 1, 0),
        stmt(RET_K, SECCOMP_RET_TRACE),
        stmt(LD_W_ABS, OFFSET_NR),
        jump(JMP_JSET_K, X32_SYSCALL_BIT, 0, 1),
        stmt(RET_K, SECCOMP_RET_TRACE),
        jump(JMP_JGT_K, MAX_NR, 0, 1),
        stmt(RET_K, SECCOMP_RET_TRACE),
    ];
    for t in tests.iter().filter(|t| !traced.contains(u64::from(t.nr))) {
        // Not this call: skip the four instructions below, the number still loaded.
        p.push(jump(JMP_JEQ_K, t.nr, 0, 4));
        p.push(stmt(LD_W_ABS, OFFSET_ARG0_LOW));
        p.push(match t.when {
            FirstArg::AnyBit(bits) => jump(JMP_JSET_K, bits, 0, 1),
            FirstArg::Equals(v) => jump(JMP_JEQ_K, v, 0, 1),
        });
        p.push(stmt(RET_K, SECCOMP_RET_TRACE));
        p.push(stmt(RET_K, SECCOMP_RET_ALLOW));
    }
    for (lo, hi) in ranges(traced) {
        // nr < lo: on to the next range (whose test fails the same way, down to ALLOW).
        p.push(jump(JMP_JGE_K, lo, 0, 2));
        // nr > hi: try the next range.
        p.push(jump(JMP_JGT_K, hi, 1, 0));
        p.push(stmt(RET_K, SECCOMP_RET_TRACE));
    }
    // Where the last range's jumps land, and the whole program's end when nothing matched.
    p.push(stmt(RET_K, SECCOMP_RET_ALLOW));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `program` over one (arch, nr) pair the way the kernel would; for tests.
    fn verdict(program: &[sock_filter], arch: u32, nr: u32) -> Option<u32> {
        verdict_with(program, arch, nr, 0)
    }

    fn verdict_with(program: &[sock_filter], arch: u32, nr: u32, arg0: u32) -> Option<u32> {
        let (mut pc, mut acc) = (0usize, 0u32);
        while let Some(ins) = program.get(pc) {
            let next = |taken: bool| pc + 1 + if taken { ins.jt } else { ins.jf } as usize;
            match ins.code {
                LD_W_ABS => {
                    acc = match ins.k {
                        OFFSET_NR => nr,
                        OFFSET_ARCH => arch,
                        OFFSET_ARG0_LOW => arg0,
                        _ => return None,
                    };
                    pc += 1;
                }
                JMP_JEQ_K => pc = next(acc == ins.k),
                JMP_JGE_K => pc = next(acc >= ins.k),
                JMP_JGT_K => pc = next(acc > ins.k),
                JMP_JSET_K => pc = next(acc & ins.k != 0),
                RET_K => return Some(ins.k),
                _ => return None,
            }
        }
        None
    }

    /// Whether a verdict stops the tracee.
    fn traces(verdict: u32) -> bool {
        verdict & 0xffff_0000 == SECCOMP_RET_TRACE_ACTION
    }

    fn set(nrs: &[u64]) -> SyscallSet {
        let mut s = SyscallSet::none();
        for &n in nrs {
            s.insert(n);
        }
        s
    }

    fn check(traced: &SyscallSet) {
        let p = program(traced, &[]);
        assert!(p.len() < 4096, "the kernel's limit");
        for nr in 0..=MAX_NR + 5 {
            let v = verdict(&p, AUDIT_ARCH_X86_64, nr).expect("program ends in a return");
            let want = nr > MAX_NR || traced.contains(nr as u64);
            assert_eq!(traces(v), want, "nr {nr}");
        }
        let foreign = verdict(&p, 0x4000_0003, 1).unwrap();
        assert!(traces(foreign), "other architectures are traced");
        let x32 = verdict(&p, AUDIT_ARCH_X86_64, X32_SYSCALL_BIT | 1).unwrap();
        assert!(traces(x32), "x32 calls are traced");
    }

    #[test]
    fn verdicts_match_the_set() {
        check(&SyscallSet::none());
        check(&set(&[0]));
        check(&set(&[59, 322]));
        check(&set(&[0, 1, 2, 3, 257, 258, 259, 462]));
        check(&SyscallSet::all());
    }

    #[test]
    fn the_worst_case_set_fits_and_is_exact() {
        // Every other number: the most ranges a set can have.
        let evens: Vec<u64> = (0..=MAX_NR as u64).step_by(2).collect();
        check(&set(&evens));
        let odds: Vec<u64> = (1..=MAX_NR as u64).step_by(2).collect();
        check(&set(&odds));
    }

    #[test]
    fn argument_tests_trace_only_matching_calls() {
        const CLONE: u32 = 56;
        const PRCTL: u32 = 157;
        let tests = [
            ArgTest {
                nr: CLONE,
                when: FirstArg::AnyBit(0x0080_0000),
            },
            ArgTest {
                nr: PRCTL,
                when: FirstArg::Equals(22),
            },
        ];
        let p = program(&set(&[1, 2]), &tests);
        let v = |nr, arg0| traces(verdict_with(&p, AUDIT_ARCH_X86_64, nr, arg0).unwrap());
        assert!(v(CLONE, 0x0080_0011));
        assert!(!v(CLONE, 0x11));
        assert!(v(PRCTL, 22));
        assert!(!v(PRCTL, 15));
        assert!(v(1, 0) && v(2, 0) && !v(3, 0) && !v(0, 0));
        // A call the set traces anyway is traced whatever its argument.
        let p = program(&set(&[CLONE as u64]), &tests);
        assert!(traces(
            verdict_with(&p, AUDIT_ARCH_X86_64, CLONE, 0).unwrap()
        ));
    }

    #[test]
    fn our_verdicts_carry_our_data() {
        let p = program(&set(&[1]), &[]);
        assert_eq!(
            verdict(&p, AUDIT_ARCH_X86_64, 1),
            Some(0x7ff0_0000 | TRACE_DATA)
        );
    }

    #[test]
    fn contiguous_numbers_share_one_range() {
        assert_eq!(
            ranges(&set(&[1, 2, 3, 7, 9, 10])),
            [(1, 3), (7, 7), (9, 10)]
        );
    }
}
