//! The differential corpus: the project's own C programs (tests/corpus, one per topic)
//! and real programs from the machine, each traced by strace and by syscall-tracer.
use crate::diff_format;
use crate::diff_strace::{self, Comparison};
use crate::kernel_ids::IdTable;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Real programs every Debian machine has; outputs go to /dev/null.
const REAL_PROGRAMS: &[&[&str]] = &[
    &["/bin/ls", "-la", "/etc"],
    &["/bin/cat", "/etc/hostname", "/etc/hosts"],
    &["/bin/sh", "-c", "echo hello | cat | wc -c"],
    &[
        "/bin/sh",
        "-c",
        "for f in /etc/host*; do head -c 10 \"$f\"; done",
    ],
    &["/usr/bin/sort", "/etc/passwd"],
    &["/usr/bin/find", "/etc", "-maxdepth", "1", "-name", "*.conf"],
    &[
        "/bin/tar",
        "-cf",
        "/dev/null",
        "-C",
        "/etc",
        "hosts",
        "passwd",
    ],
    &["/bin/gzip", "-c", "/etc/services"],
    &[
        "/usr/bin/perl",
        "-e",
        "opendir(D, '/etc'); my @f = readdir(D); print scalar(@f)",
    ],
    &[
        "/usr/bin/python3",
        "-c",
        "import json, os; print(json.dumps(sorted(os.listdir('/'))))",
    ],
    &["/usr/bin/git", "--version"],
];

/// A corpus program whose first lines say `corpus: no-follow` is traced without
/// following children (it ptraces a child itself, which a following tracer prevents).
const NO_FOLLOW: &str = "corpus: no-follow";

/// Compiles every tests/corpus/*.c into `out`; returns (name, binary, follow) triples.
fn build_programs(root: &Path, out: &Path) -> Result<Vec<(String, PathBuf, bool)>> {
    std::fs::create_dir_all(out)?;
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join("tests/corpus"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    sources.retain(|p| p.extension().is_some_and(|e| e == "c"));
    sources.sort();
    let mut progs = Vec::new();
    for src in sources {
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        let bin = out.join(&name);
        let status = Command::new("cc")
            .args(["-O0", "-w", "-pthread", "-o"])
            .arg(&bin)
            .arg(&src)
            .status()
            .context("running cc (is gcc installed?)")?;
        if !status.success() {
            bail!("{} does not compile", src.display());
        }
        let head: String = std::fs::read_to_string(&src)?.lines().take(5).collect();
        progs.push((name, bin, !head.contains(NO_FOLLOW)));
    }
    Ok(progs)
}

/// strace's trace classes of every syscall, from the table.
fn classes(spec: &codegen::Spec) -> BTreeMap<String, Vec<String>> {
    spec.syscalls
        .iter()
        .map(|s| (s.name.clone(), s.classes.clone()))
        .collect()
}

pub struct CorpusRun {
    pub total: Comparison,
    pub per_program: Vec<(String, usize, usize)>,
    pub per_class: BTreeMap<String, (usize, usize)>,
}

/// How each program's two traces are compared.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Each thread's syscall lines (strace `-ff`), per call.
    PerThread,
    /// `--format strace`: whole outputs with these options on both sides.
    /// `baseline`: strace against itself.
    Whole { opts: Vec<String>, baseline: bool },
}

pub fn run(root: &Path, tracer: &Path, work: &Path, mode: &Mode) -> Result<CorpusRun> {
    let spec = codegen::load(&root.join(codegen::TABLE_FILE))?;
    let ids = IdTable::from_spec(&spec);
    let progs = build_programs(root, &work.join("bin"))?;
    let mut commands: Vec<(String, Vec<String>, bool)> = progs
        .into_iter()
        .map(|(n, b, follow)| (n, vec![b.to_string_lossy().into_owned()], follow))
        .collect();
    for cmd in REAL_PROGRAMS {
        if Path::new(cmd[0]).exists() {
            let label = cmd
                .iter()
                .take(2)
                .map(|s| s.rsplit('/').next().unwrap())
                .collect::<Vec<_>>()
                .join(" ");
            commands.push((label, cmd.iter().map(|s| s.to_string()).collect(), true));
        }
    }
    let mut total = Comparison::default();
    let mut per_program = Vec::new();
    for (i, (label, cmd, follow)) in commands.iter().enumerate() {
        let dir = work.join(format!("run{i}"));
        let c = match mode {
            Mode::PerThread => diff_strace::run(&ids, tracer, cmd, &dir, None, *follow),
            Mode::Whole { opts, baseline } => {
                diff_format::run(&ids, tracer, cmd, &dir, opts, *follow, *baseline)
            }
        }
        .with_context(|| format!("comparing `{label}`"))?;
        per_program.push((label.clone(), c.strace_lines, c.exact));
        total.merge(c);
    }
    let classes = classes(&spec);
    let mut per_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (name, (n, e)) in &total.per_syscall {
        let cs = classes.get(name).cloned().unwrap_or_default();
        let cs = if cs.is_empty() {
            vec!["(no class)".to_string()]
        } else {
            cs
        };
        for c in cs {
            let x = per_class.entry(c).or_default();
            x.0 += n;
            x.1 += e;
        }
    }
    Ok(CorpusRun {
        total,
        per_program,
        per_class,
    })
}

pub fn class_table(r: &CorpusRun) -> String {
    let mut o = String::from(
        "| class | strace lines | reproduced exactly | rate |\n|---|---:|---:|---:|\n",
    );
    for (c, (n, e)) in &r.per_class {
        o.push_str(&format!(
            "| {c} | {n} | {e} | {:.2}% |\n",
            100.0 * *e as f64 / *n as f64
        ));
    }
    let t = &r.total;
    o.push_str(&format!(
        "| **all** | {} | {} | {:.2}% |\n",
        t.strace_lines,
        t.exact,
        100.0 * t.rate()
    ));
    o
}

pub fn program_table(r: &CorpusRun) -> String {
    let mut o = String::new();
    for (label, n, e) in &r.per_program {
        let rate = if *n == 0 {
            100.0
        } else {
            100.0 * *e as f64 / *n as f64
        };
        o.push_str(&format!("  {label:<28} {e:>6}/{n:<6} {rate:>7.2}%\n"));
    }
    o
}
