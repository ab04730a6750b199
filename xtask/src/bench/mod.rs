//! `cargo xtask bench`: runs the workloads untraced, under the project's minimal ptrace
//! loop (the floor), under strace and under syscall-tracer, alternating runs, and
//! reports medians and ratios (docs/BENCHMARKS.md says how to read them).
//!
//! Layout: `workloads` (the C programs and sizes), `configs` (the tracers and modes, as
//! data), `measure` (one timed run), `machine` (what we ran on), `report` (tables).
mod configs;
mod machine;
mod measure;
mod report;
mod workloads;

use anyhow::{bail, Context, Result};
use configs::{Config, CONFIGS};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;
use workloads::{Kind, Workload, WORKLOADS};

const USAGE: &str =
    "usage: cargo xtask bench [--runs N] [--quick] [--only WORKLOAD[,WORKLOAD...]] [--save]
                         [--against BIN]
  --runs N    runs of every (workload, configuration) pair, odd (default 5; 1 with --quick)
  --against BIN  also run another build of syscall-tracer as ours runs, alternating with
              the rest, and report ours/against (a change measured head to head)
  --quick     a fast sanity pass: reduced sizes, one run unless --runs is given
  --only W    run only these workloads (names below)
  --save      also write the report into docs/BENCHMARKS.md, between its markers";

struct Options {
    runs: usize,
    quick: bool,
    only: Vec<String>,
    save: bool,
    against: Option<std::path::PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut runs = None;
        let mut o = Options {
            runs: 5,
            quick: false,
            only: Vec::new(),
            save: false,
            against: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--runs" => {
                    let n: usize = it
                        .next()
                        .and_then(|v| v.parse().ok())
                        .context("--runs needs a number")?;
                    // An odd count makes the median one real run, not an average.
                    if n.is_multiple_of(2) {
                        bail!("--runs must be odd (the median is then a real run)");
                    }
                    runs = Some(n);
                }
                "--quick" => o.quick = true,
                "--only" => o.only.extend(
                    it.next()
                        .context("--only needs workload names")?
                        .split(',')
                        .map(String::from),
                ),
                "--save" => o.save = true,
                "--against" => {
                    let bin = it
                        .next()
                        .context("--against needs a syscall-tracer binary")?;
                    let bin =
                        std::fs::canonicalize(bin).with_context(|| format!("--against {bin}"))?;
                    o.against = Some(bin);
                }
                "-h" | "--help" => {
                    println!("{USAGE}\nworkloads: {}", names());
                    std::process::exit(0);
                }
                other => bail!("unknown option `{other}`\n{USAGE}"),
            }
        }
        o.runs = runs.unwrap_or(if o.quick { 1 } else { 5 });
        Ok(o)
    }
}

fn names() -> String {
    WORKLOADS
        .iter()
        .map(|w| w.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn select(only: &[String]) -> Result<Vec<&'static Workload>> {
    for name in only {
        if !WORKLOADS.iter().any(|w| w.name == name) {
            bail!("no workload `{name}` (there are: {})", names());
        }
    }
    Ok(WORKLOADS
        .iter()
        .filter(|w| {
            only.is_empty()
                || only
                    .iter()
                    .any(|n| n == w.name || Some(n.as_str()) == w.lengthens)
        })
        .collect())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

/// Configurations this build of syscall-tracer supports: a flag it does not list in
/// `--help` means the configuration is skipped and reported "n/a".
fn available(tracer: &Path) -> Result<Vec<&'static str>> {
    let out = Command::new(tracer).arg("--help").output()?;
    let v = configs::supported(&String::from_utf8_lossy(&out.stdout));
    for c in CONFIGS
        .iter()
        .filter(|c| !c.against && !v.contains(&c.name))
    {
        let flag = c.needs_flag.unwrap_or("?");
        eprintln!(
            "note: `{}` is skipped: syscall-tracer has no {flag}",
            c.name
        );
    }
    Ok(v)
}

pub fn main(args: &[String]) -> Result<()> {
    let opts = Options::parse(args)?;
    let command = format!("cargo xtask bench {}", args.join(" "));
    let command = command.trim_end();
    for tool in ["strace", "taskset", "cc"] {
        if !on_path(tool) {
            bail!("`{tool}` is not installed (apt-get install strace util-linux gcc)");
        }
    }
    let selected = select(&opts.only)?;
    let root = crate::root();
    let tracer = crate::build_tracer()?;
    let bin_dir = root.join("target/bench");
    workloads::build(&root.join("tests/bench"), &bin_dir)?;
    let mut available = available(&tracer)?;
    if opts.against.is_some() {
        available.extend(CONFIGS.iter().filter(|c| c.against).map(|c| c.name));
    }
    let mut machine = machine::gather(&root);
    let scratch = bin_dir.join("run");
    let programs = configs::Programs {
        ours: tracer.display().to_string(),
        floor: bin_dir.join(workloads::FLOOR_PROGRAM).display().to_string(),
        seccomp_allow: bin_dir
            .join(workloads::SECCOMP_ALLOW_PROGRAM)
            .display()
            .to_string(),
        against: opts.against.as_ref().map(|p| p.display().to_string()),
    };

    let jobs: Vec<(&Workload, &Config)> = selected
        .iter()
        .flat_map(|w| CONFIGS.iter().map(move |c| (*w, c)))
        .filter(|(w, c)| {
            available.contains(&c.name)
                && match w.kind {
                    Kind::Rss => c.rss,
                    Kind::Long => c.long,
                    Kind::Timed | Kind::Info => true,
                }
        })
        .collect();

    // One untraced run of each workload first: it warms the page cache and gives the
    // output every traced run must reproduce.
    let mut reference = HashMap::new();
    for w in &selected {
        let o = measure::run(&w.command(&bin_dir, opts.quick), false, &scratch)?;
        reference.insert(w.name, o.stdout);
    }

    let started = Instant::now();
    let mut samples: HashMap<_, Vec<report::Sample>> = HashMap::new();
    for rep in 0..opts.runs {
        // Round-robin over every pair, so slow drifts of the machine hit every
        // configuration alike; each repetition starts at a different pair.
        let offset = rep * jobs.len() / opts.runs;
        for k in 0..jobs.len() {
            let (w, c) = jobs[(k + offset) % jobs.len()];
            let argv = c.command(&programs, w.filter, &w.command(&bin_dir, opts.quick));
            let o = measure::run(&argv, w.kind == Kind::Rss, &scratch)
                .with_context(|| format!("{} under {}", w.name, c.name))?;
            if o.stdout != reference[w.name] {
                bail!(
                    "{} under {}: its output differs from the untraced run's\n--- untraced:\n{}--- traced:\n{}",
                    w.name,
                    c.name,
                    reference[w.name],
                    o.stdout
                );
            }
            eprintln!(
                "[run {}/{}] {:<13} {:<24} {:>9.1} ms{}",
                rep + 1,
                opts.runs,
                w.name,
                c.name,
                o.secs * 1000.0,
                o.peak_rss_kib.map_or(String::new(), |k| format!(
                    "  peak RSS {:.1} MiB",
                    k as f64 / 1024.0
                ))
            );
            samples
                .entry((w.name, c.name))
                .or_default()
                .push(report::Sample {
                    secs: o.secs,
                    rss_kib: o.peak_rss_kib,
                });
        }
    }
    eprintln!(
        "{} runs in {:.0} s",
        jobs.len() * opts.runs,
        started.elapsed().as_secs_f64()
    );
    machine.push(("load average at end", machine::load_average()));

    let results = report::Results {
        workloads: selected,
        available,
        samples,
        quick: opts.quick,
        runs: opts.runs,
    };
    let text = report::render(&results, &machine, command);
    println!("{text}");
    if opts.save {
        let path = root.join("docs/BENCHMARKS.md");
        let doc = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, report::splice(&doc, &text)?)
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
