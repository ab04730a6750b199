//! The benchmark's programs (tests/bench/*.c) and their sizes. Sizes are chosen so a
//! run that stops at every syscall lasts about a second on a 2-vCPU VM: untraced runs
//! of the syscall loops then take only milliseconds, which is the point (the loops
//! measure the cost per stop).
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One of the five workloads: in the geometric means and the criteria.
    Timed,
    /// Shown in the table, left out of means and criteria.
    Info,
    /// The many-threads program: run only for the tracer's peak RSS.
    Rss,
    /// A syscall loop made long enough for the filtered mode, where nothing stops: run
    /// only by configurations that don't stop at every call, shown only among the
    /// filtered rows, and what the filtered criterion reads for the loop it lengthens.
    Long,
}

pub struct Workload {
    pub name: &'static str,
    /// The binary (tests/bench/PROGRAM.c), built into target/bench/.
    pub program: &'static str,
    /// The program's one argument, normally and under `--quick`.
    pub size: u64,
    pub quick_size: u64,
    /// The syscall X of the filtered mode (`-e trace=X`): one the workload rarely makes.
    pub filter: &'static str,
    /// Syscalls made per unit of size, when known: gives the cost per traced syscall.
    pub calls_per_unit: Option<u64>,
    pub kind: Kind,
    pub about: &'static str,
    /// For a [`Kind::Long`] workload: the timed workload it lengthens.
    pub lengthens: Option<&'static str>,
}

pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "raw_loop",
        program: "raw_loop",
        size: 20_000,
        quick_size: 5_000,
        filter: "write",
        calls_per_unit: Some(1),
        kind: Kind::Timed,
        about: "getppid() through syscall(2) in a loop",
        lengthens: None,
    },
    Workload {
        name: "file_loop",
        program: "file_loop",
        size: 5_000,
        quick_size: 1_250,
        filter: "write",
        calls_per_unit: Some(3),
        kind: Kind::Timed,
        about: "openat/read/close of /etc/passwd in a loop",
        lengthens: None,
    },
    Workload {
        name: "threads_loop",
        program: "threads_loop",
        size: 80_000,
        quick_size: 20_000,
        filter: "write",
        calls_per_unit: Some(1),
        kind: Kind::Timed,
        about: "4 threads sharing the getppid() calls",
        lengthens: None,
    },
    Workload {
        name: "paced",
        program: "paced",
        size: 5_000,
        quick_size: 1_250,
        filter: "write",
        // Its user work dominates: a cost per call derived from it would be noise.
        calls_per_unit: None,
        kind: Kind::Timed,
        about: "~200 us of calibrated user work, then getppid() (~5,000 calls/s)",
        lengthens: None,
    },
    Workload {
        name: "forkexec",
        program: "forkexec",
        size: 300,
        quick_size: 75,
        // Its one write (the summary line); execve is what it does most, 451 times.
        filter: "write",
        calls_per_unit: None,
        kind: Kind::Timed,
        about: "fork+exec of itself, waited for; every 4th child nests 2 more levels",
        lengthens: None,
    },
    Workload {
        name: "startup",
        program: "raw_loop",
        size: 0,
        quick_size: 0,
        filter: "write",
        calls_per_unit: None,
        kind: Kind::Info,
        about: "raw_loop with no loop: the fixed cost of starting a tracer",
        lengthens: None,
    },
    Workload {
        name: "threads200",
        program: "threads200",
        size: 200,
        quick_size: 200,
        filter: "write",
        calls_per_unit: None,
        kind: Kind::Rss,
        about: "200 threads alive at once, 40 getppid() each",
        lengthens: None,
    },
    // The syscall loops last milliseconds untraced: at their normal sizes a filtered run
    // measures mostly the tracer's fixed start-up cost (the `startup` row). These run
    // ~50 times longer, so the filtered mode shows what each untraced call costs.
    Workload {
        name: "raw_loop_long",
        program: "raw_loop",
        size: 1_000_000,
        quick_size: 250_000,
        filter: "write",
        calls_per_unit: Some(1),
        kind: Kind::Long,
        about: "raw_loop, 50 times longer, for the filtered mode",
        lengthens: Some("raw_loop"),
    },
    Workload {
        name: "file_loop_long",
        program: "file_loop",
        size: 100_000,
        quick_size: 25_000,
        filter: "write",
        calls_per_unit: Some(3),
        kind: Kind::Long,
        about: "file_loop, 20 times longer, for the filtered mode",
        lengthens: Some("file_loop"),
    },
    Workload {
        name: "threads_loop_long",
        program: "threads_loop",
        size: 4_000_000,
        quick_size: 1_000_000,
        filter: "write",
        calls_per_unit: Some(1),
        kind: Kind::Long,
        about: "threads_loop, 50 times longer, for the filtered mode",
        lengthens: Some("threads_loop"),
    },
];

/// The ptrace floor's source, built beside the workloads.
pub const FLOOR_PROGRAM: &str = "floor";
/// The allow-everything seccomp launcher, the control for the filtered mode.
pub const SECCOMP_ALLOW_PROGRAM: &str = "seccomp_allow";

impl Workload {
    pub fn size(&self, quick: bool) -> u64 {
        if quick {
            self.quick_size
        } else {
            self.size
        }
    }

    pub fn command(&self, bin_dir: &Path, quick: bool) -> Vec<String> {
        vec![
            bin_dir.join(self.program).display().to_string(),
            self.size(quick).to_string(),
        ]
    }

    /// Syscalls the loop makes, when known.
    pub fn calls(&self, quick: bool) -> Option<u64> {
        self.calls_per_unit.map(|c| c * self.size(quick))
    }
}

/// Compiles the floor and every workload program with `cc -O2` into `out`.
pub fn build(src_dir: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let mut programs = vec![FLOOR_PROGRAM, SECCOMP_ALLOW_PROGRAM];
    for w in WORKLOADS {
        if !programs.contains(&w.program) {
            programs.push(w.program);
        }
    }
    for p in programs {
        let src = src_dir.join(format!("{p}.c"));
        let status = Command::new("cc")
            .args(["-O2", "-Wall", "-pthread", "-o"])
            .arg(out.join(p))
            .arg(&src)
            .status()
            .context("running cc (is gcc installed?)")?;
        if !status.success() {
            bail!("{} does not compile", src.display());
        }
    }
    Ok(())
}
