//! The machine a run was made on, gathered at run time for the report: ratios only
//! mean something next to the CPU, the kernel and the tools' versions.
use std::path::Path;
use std::process::Command;

/// Label and value pairs, in the order they are shown.
pub type Machine = Vec<(&'static str, String)>;

pub fn gather(root: &Path) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let mut cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    // The hypervisor flag: on a VM, waking a tracer on another vCPU is much dearer.
    if cpuinfo
        .lines()
        .any(|l| l.starts_with("flags") && l.split_whitespace().any(|f| f == "hypervisor"))
    {
        cpu.push_str(" (virtual machine)");
    }
    let cpus = std::thread::available_parallelism()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "unknown".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kib: f64 = m
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.1} GiB", kib / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let mut commit = first_line(
        "git",
        &[
            "-C",
            &root.display().to_string(),
            "rev-parse",
            "--short",
            "HEAD",
        ],
    );
    let dirty = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if dirty {
        commit.push_str(" + uncommitted changes");
    }
    vec![
        ("date", first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"])),
        ("CPU", cpu),
        ("CPUs available", cpus),
        ("memory", memory),
        ("kernel", kernel),
        ("strace", first_line("strace", &["-V"])),
        ("rustc", first_line("rustc", &["-V"])),
        ("cc", first_line("cc", &["--version"])),
        ("syscall-tracer", commit),
        ("load average at start", load_average()),
    ]
}

/// The 1, 5 and 15 minute load averages: a busy machine makes every figure noisier.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
        })
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "unknown".into())
}
