//! Project chores: `cargo xtask gen [--check]`, `check-kernel`, `oracle`, `stats`,
//! `diff-strace [--format strace] [--opts OPTIONS] [-s N] -- CMD...`, `bench [--runs N] [--quick] [--only W] [--save]`,
//! `soak [--short]`.
mod bench;
mod corpus;
mod diff_format;
mod diff_strace;
mod ioctls;
mod kernel_ids;
mod oracle;
mod soak;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// The table: syscalls.toml and the generated files it includes.
fn load() -> Result<codegen::Spec> {
    Ok(codegen::load(&root().join(codegen::TABLE_FILE))?)
}

/// Every file `gen` owns, with the text it should have.
fn expected(spec: &codegen::Spec) -> Vec<(PathBuf, String)> {
    let (files, doc) = codegen::emit(spec);
    let dir = root().join("tracer/decoder/src/generated");
    let mut v: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| (dir.join(f.name), f.text))
        .collect();
    v.push((root().join("docs/syscalls.md"), doc));
    v
}

fn gen(check: bool) -> Result<()> {
    let spec = load()?;
    let mut stale = Vec::new();
    for (path, text) in expected(&spec) {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            continue;
        }
        if check {
            stale.push(
                path.strip_prefix(root())
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
            );
        } else {
            std::fs::create_dir_all(path.parent().unwrap())?;
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            println!(
                "wrote {}",
                path.strip_prefix(root()).unwrap_or(&path).display()
            );
        }
    }
    if !stale.is_empty() {
        bail!(
            "generated code is stale ({}): run `cargo xtask gen`",
            stale.join(", ")
        );
    }
    if check {
        println!("generated code is up to date");
    }
    Ok(())
}

fn check_kernel() -> Result<()> {
    let spec = load()?;
    let reference = codegen::kernel::parse_reference(include_str!(
        "../../codegen/syscalls-x86_64-linux-7.0.tsv"
    ));
    let unistd = [
        "/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
        "/usr/include/asm/unistd_64.h",
    ]
    .iter()
    .find_map(|p| std::fs::read_to_string(p).ok())
    .map(|h| codegen::kernel::parse_unistd(&h));
    if unistd.is_none() {
        println!("note: no asm/unistd_64.h on this machine (install linux-libc-dev); compared with the reference list only");
    }
    let k = codegen::kernel::check(&spec, &reference, unistd.as_ref());
    for n in &k.notes {
        println!("{n}");
    }
    for e in &k.errors {
        println!("error: {e}");
    }
    println!(
        "{}/{} numbers present, {} mismatches",
        k.present,
        k.expected,
        k.errors.len()
    );
    if !k.errors.is_empty() {
        bail!(
            "{} mismatch(es) with the kernel's syscall lists",
            k.errors.len()
        );
    }
    Ok(())
}

/// Builds the release tracer and returns its path.
fn build_tracer() -> Result<PathBuf> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "syscall-tracer"])
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("building syscall-tracer failed");
    }
    Ok(root().join("target/release/syscall-tracer"))
}

/// The options both `diff-strace` forms take: `--format strace` (whole outputs) with
/// `--opts 'OPTIONS'` given to both tracers, `-s N`; the rest is left in order.
struct DiffOptions {
    mode: corpus::Mode,
    limit: Option<usize>,
    rest: Vec<String>,
}

fn diff_options(args: &[String]) -> Result<DiffOptions> {
    let mut whole = false;
    let mut baseline = false;
    let mut opts: Vec<String> = Vec::new();
    let mut limit = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some("strace") => whole = true,
                Some("lines") => whole = false,
                _ => bail!("--format takes `strace` (whole outputs) or `lines` (per thread)"),
            },
            "--opts" => opts.extend(
                it.next()
                    .context("--opts takes the options as one word: --opts '-f -tt -T'")?
                    .split_whitespace()
                    .map(str::to_string),
            ),
            // strace against itself, to see what timing alone changes.
            "--baseline" => baseline = true,
            "-s" => {
                let n = it.next().context("-s needs a number")?;
                limit = Some(n.parse().context("-s needs a number")?);
            }
            "--" => {
                rest.extend(it.by_ref().cloned());
            }
            _ => rest.push(a.clone()),
        }
    }
    if (!opts.is_empty() || baseline) && !whole {
        bail!("--opts needs --format strace (the per-thread comparison runs fixed options)");
    }
    let mode = if whole {
        corpus::Mode::Whole { opts, baseline }
    } else {
        corpus::Mode::PerThread
    };
    Ok(DiffOptions { mode, limit, rest })
}

/// `diff-strace --corpus [--format strace --opts '...'] [--min-rate P]
/// [--min-per-syscall P]`: the whole corpus, with the acceptance thresholds checked when
/// given (CI gives them).
fn diff_corpus(args: &[String]) -> Result<()> {
    let parsed = diff_options(args)?;
    let mut min_rate = None;
    let mut min_per_syscall = None;
    let mut show = 15;
    let mut it = parsed.rest.iter();
    while let Some(a) = it.next() {
        let value = |v: Option<&String>| -> Result<f64> {
            v.context("a percentage must follow")?
                .parse()
                .context("a percentage must follow")
        };
        match a.as_str() {
            "--min-rate" => min_rate = Some(value(it.next())?),
            "--min-per-syscall" => min_per_syscall = Some(value(it.next())?),
            // How many differing pairs to list (all of them: `--show all`).
            "--show" => {
                show = match it.next().map(String::as_str) {
                    Some("all") => usize::MAX,
                    Some(n) => n.parse().context("--show takes a number or `all`")?,
                    None => bail!("--show takes a number or `all`"),
                }
            }
            other => bail!("unknown option `{other}` for diff-strace --corpus"),
        }
    }
    let tracer = build_tracer()?;
    let work = root().join("target/diff-corpus");
    let _ = std::fs::remove_dir_all(&work);
    println!("oracle: {}; mode: {:?}", oracle(&parsed.mode), parsed.mode);
    let r = corpus::run(&root(), &tracer, &work, &parsed.mode)?;
    println!(
        "per program (exact/strace lines):
{}",
        corpus::program_table(&r)
    );
    println!(
        "per class:
{}",
        corpus::class_table(&r)
    );
    print!("{}", diff_strace::report(&r.total, show));
    let rate = 100.0 * r.total.rate();
    let worst = r.total.worst_frequent(5);
    println!(
        "overall: {rate:.2}% of {} strace lines; lowest per-syscall rate (5+ calls): {}",
        r.total.strace_lines,
        worst
            .as_ref()
            .map(|(n, p)| format!("{n} {:.2}%", 100.0 * p))
            .unwrap_or_else(|| "-".into())
    );
    if let Some(min) = min_rate {
        if rate < min {
            bail!("overall exact-match rate {rate:.2}% is below {min}%");
        }
    }
    if let (Some(min), Some((name, p))) = (min_per_syscall, worst) {
        if 100.0 * p < min {
            bail!(
                "{name} matches {:.2}% of its lines, below {min}%",
                100.0 * p
            );
        }
    }
    Ok(())
}

/// Which strace a comparison runs.
fn oracle(mode: &corpus::Mode) -> &'static str {
    let _ = mode;
    diff_format::strace_binary()
}

fn diff_strace(args: &[String]) -> Result<()> {
    if args.first().map(|s| s.as_str()) == Some("--corpus") {
        return diff_corpus(&args[1..]);
    }
    if args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--corpus")
    {
        bail!("--corpus comes first: diff-strace --corpus [--format strace --opts '...']");
    }
    let parsed = diff_options(args)?;
    if parsed.rest.is_empty() {
        bail!("usage: cargo xtask diff-strace [--format strace] [--opts 'OPTIONS'] [-s N] -- CMD [ARGS...]");
    }
    let tracer = build_tracer()?;
    let work = diff_strace::default_work_dir();
    let ids = kernel_ids::IdTable::from_spec(&load()?);
    println!("oracle: {}", oracle(&parsed.mode));
    let c = match &parsed.mode {
        corpus::Mode::PerThread => {
            diff_strace::run(&ids, &tracer, &parsed.rest, &work, parsed.limit, true)?
        }
        corpus::Mode::Whole { opts, baseline } => {
            let mut opts = opts.clone();
            if let Some(n) = parsed.limit {
                opts.extend(["-s".to_string(), n.to_string()]);
            }
            diff_format::run(&ids, &tracer, &parsed.rest, &work, &opts, true, *baseline)?
        }
    };
    let _ = std::fs::remove_dir_all(&work);
    print!("{}", diff_strace::report(&c, 10));
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(|s| s.as_str()) == Some("diff-strace") {
        if let Err(e) = diff_strace(&args[1..]) {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    if args.first().map(|s| s.as_str()) == Some("bench") {
        if let Err(e) = bench::main(&args[1..]) {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    let result = match args
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen"] => gen(false),
        ["gen", "--check"] => gen(true),
        ["check-kernel"] => check_kernel(),
        ["oracle"] => oracle::run(&root()),
        ["stats"] => load().map(|s| print!("{}", codegen::stats::stats(&s).report())),
        ["soak", ..] => soak::run(&root(), &args[1..]),
        ["ioctls"] => ioctls::generate(&root()),
        ["ioctls", "--check"] => build_tracer().and_then(|t| ioctls::check(&root(), &t)),
        _ => {
            eprintln!("usage: cargo xtask <gen [--check] | check-kernel | oracle | stats | diff-strace [--format strace [--opts 'OPTIONS'] [--baseline]] [-s N] -- CMD... | diff-strace --corpus [--format strace [--opts 'OPTIONS'] [--baseline]] [--min-rate P] [--min-per-syscall P] | bench [--runs N] [--quick] [--only W] [--save] | soak [--short] [--syscalls N] [--decoder-cases N] | ioctls [--check]>");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
