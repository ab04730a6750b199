//! `cargo xtask soak [--short] [--syscalls N] [--decoder-cases N]`: a long run that
//! shows the tracer neither loses events nor grows.
//!
//! 1. The release tracer traces `tests/programs/soak_workload.c` (four threads making
//!    N system calls, 5,000,000 by default). The trace streams through a pipe into this
//!    process, which counts the call lines per syscall (nothing is written to disk) and
//!    compares them with the workload's own counts; meanwhile it samples the tracer's
//!    VmRSS every 100 ms. It fails if a call is missing or extra, a call line is
//!    unfinished or malformed, or RSS grows past a small tolerance after warm-up.
//! 2. The decoder property test (`tracer/decoder/tests/decoder_properties.rs`) runs with
//!    `PROPTEST_CASES` raised (1,000,000 cases by default), split over two processes.
//!
//! `--short` (CI) traces 200,000 calls and runs 20,000 decoder cases in the debug build.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// The calls the workload's threads make in their loops (and nothing else makes).
const LOOP_CALLS: [&str; 5] = ["getppid", "getuid", "getegid", "close", "write"];
/// RSS growth allowed after warm-up: far below what a leak of even one byte per event
/// would add over millions of events, above page-level noise.
const RSS_TOLERANCE_KB: u64 = 1024;
/// Warm-up ends once this share of the expected calls has been printed.
const WARM_UP_SHARE: f64 = 0.10;

struct Options {
    syscalls: u64,
    decoder_cases: u64,
    /// Decoder cases in the release build (full soak) or the debug build (CI).
    release_decoder: bool,
}

fn parse_options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        syscalls: 5_000_000,
        decoder_cases: 1_000_000,
        release_decoder: true,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = |what: &str| -> Result<u64> {
            it.next()
                .with_context(|| format!("{what} needs a number"))?
                .replace('_', "")
                .parse()
                .with_context(|| format!("{what} needs a number"))
        };
        match a.as_str() {
            "--short" => {
                o.syscalls = 200_000;
                o.decoder_cases = 20_000;
                o.release_decoder = false;
            }
            "--syscalls" => o.syscalls = number("--syscalls")?,
            "--decoder-cases" => o.decoder_cases = number("--decoder-cases")?,
            other => bail!("unknown option `{other}` for soak"),
        }
    }
    if o.syscalls < 1000 {
        bail!("--syscalls must be at least 1000");
    }
    Ok(o)
}

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let o = parse_options(args)?;
    let tracer = crate::build_tracer()?;
    let workload = build_workload(root)?;
    let t = trace_workload(&tracer, &workload, o.syscalls)?;
    print!("{}", t.report());
    let started = Instant::now();
    let decoder = decoder_cases(root, o.decoder_cases, o.release_decoder)?;
    println!(
        "decoder cases:       {decoder} (tracer/decoder/tests/decoder_properties.rs, {} build), all passed in {:.1} s",
        if o.release_decoder { "release" } else { "debug" },
        started.elapsed().as_secs_f64()
    );
    t.verdict()
}

fn build_workload(root: &Path) -> Result<PathBuf> {
    let dir = root.join("target/soak");
    std::fs::create_dir_all(&dir)?;
    let bin = dir.join("soak_workload");
    let out = Command::new("cc")
        .args(["-O2", "-Wall", "-pthread", "-o"])
        .arg(&bin)
        .arg(root.join("tests/programs/soak_workload.c"))
        .output()
        .context("running cc (gcc) to build the workload")?;
    if !out.status.success() {
        bail!(
            "building the workload failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(bin)
}

/// One VmRSS sample of the tracer.
#[derive(Clone, Copy)]
struct Sample {
    calls: u64,
    rss_kb: u64,
}

#[derive(Default)]
struct Counts {
    /// Call lines of the worker threads, per syscall.
    worker_calls: BTreeMap<String, u64>,
    /// Every call line, any thread.
    all_calls: u64,
    /// Call lines that are neither complete (`= ... (0.000012s)`) nor the expected
    /// never-returning exits (`exit(0) = ?`); a `<... resumed>` line without its
    /// `<unfinished ...>` part; an unfinished part never resumed (at the end).
    unpaired: u64,
    malformed: Vec<String>,
    exits: u64,
    /// Calls shown `<unfinished ...>` (in flight a while) awaiting their resumed line,
    /// by thread: the name of the call.
    in_flight: BTreeMap<u32, String>,
}

struct SoakRun {
    expected: BTreeMap<String, u64>,
    counts: Counts,
    samples: Vec<Sample>,
    warm_up: Option<Sample>,
    tracer_code: Option<i32>,
    seconds: f64,
}

fn trace_workload(tracer: &Path, workload: &Path, syscalls: u64) -> Result<SoakRun> {
    let started = Instant::now();
    let mut child = Command::new(tracer)
        .arg("--")
        .arg(workload)
        .arg(syscalls.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting the tracer")?;
    let pid = child.id();
    let mut workload_out = child.stdout.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = workload_out.read_to_string(&mut s);
        s
    });

    let printed = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (printed, done) = (printed.clone(), done.clone());
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            while !done.load(Ordering::Relaxed) {
                if let Some(rss_kb) = vm_rss_kb(pid) {
                    samples.push(Sample {
                        calls: printed.load(Ordering::Relaxed),
                        rss_kb,
                    });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            samples
        })
    };

    let mut counts = Counts::default();
    let mut trace = BufReader::with_capacity(1 << 20, child.stderr.take().unwrap());
    let mut line = String::new();
    let mut worker_total = 0u64;
    loop {
        line.clear();
        if trace.read_line(&mut line)? == 0 {
            break;
        }
        if count_line(line.trim_end_matches('\n'), &mut counts) {
            worker_total += 1;
            if worker_total.is_multiple_of(1024) {
                printed.store(worker_total, Ordering::Relaxed);
            }
        }
    }
    let status = child.wait()?;
    counts.unpaired += counts.in_flight.len() as u64;
    done.store(true, Ordering::Relaxed);
    let samples = sampler.join().expect("the sampler thread");
    let out = stdout_reader.join().expect("the stdout reader thread");
    let expected = parse_workload_counts(&out)?;
    let total: u64 = expected.values().sum();
    if total != syscalls {
        bail!("the workload made {total} loop calls, not {syscalls}:\n{out}");
    }
    let threshold = (total as f64 * WARM_UP_SHARE) as u64;
    let warm_up = samples.iter().copied().find(|s| s.calls >= threshold);
    Ok(SoakRun {
        expected,
        counts,
        samples,
        warm_up,
        tracer_code: status.code(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn vm_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Counts one trace line; true if it is a loop call of a worker thread.
fn count_line(line: &str, c: &mut Counts) -> bool {
    let Some((pid, tid, rest)) = split_line(line) else {
        if c.malformed.len() < 5 {
            c.malformed.push(line.to_string());
        }
        return false;
    };
    if rest.starts_with("+++ ") {
        c.exits += 1;
        return false;
    }
    if rest.starts_with("--- ") {
        return false;
    }
    if let Some(head) = rest.strip_suffix(" <unfinished ...>") {
        // A call in flight for a while: counted when its `<... resumed>` part comes.
        let name = head.split('(').next().unwrap_or("").to_string();
        if c.in_flight.insert(tid, name).is_some() {
            c.unpaired += 1;
        }
        return false;
    }
    c.all_calls += 1;
    let name = match rest.strip_prefix("<... ") {
        Some(resumed) => {
            let name = resumed.split(' ').next().unwrap_or("");
            if c.in_flight.remove(&tid).as_deref() != Some(name) {
                c.unpaired += 1;
            }
            name
        }
        None => rest.split('(').next().unwrap_or(""),
    };
    let complete = rest.ends_with("s)") && rest.contains(" = ");
    let never_returns = rest.ends_with(" = ?") && matches!(name, "exit" | "exit_group");
    if !complete && !never_returns {
        c.unpaired += 1;
    }
    if tid != pid && LOOP_CALLS.contains(&name) {
        *c.worker_calls.entry(name.to_string()).or_default() += 1;
        return true;
    }
    false
}

/// `[TS] pid=P tid=T REST` into (P, T, REST).
fn split_line(line: &str) -> Option<(u32, u32, &str)> {
    let rest = line.strip_prefix('[')?;
    let (_, rest) = rest.split_once("] pid=")?;
    let (pid, rest) = rest.split_once(" tid=")?;
    let (tid, rest) = rest.split_once(' ')?;
    Some((pid.parse().ok()?, tid.parse().ok()?, rest))
}

/// The workload's "NAME COUNT" lines (without "total").
fn parse_workload_counts(out: &str) -> Result<BTreeMap<String, u64>> {
    let mut m = BTreeMap::new();
    for l in out.lines() {
        let (name, n) = l
            .split_once(' ')
            .with_context(|| format!("unexpected workload output: {out:?}"))?;
        if name != "total" {
            m.insert(name.to_string(), n.parse()?);
        }
    }
    if m.len() != LOOP_CALLS.len() {
        bail!("the workload did not report its counts (output: {out:?})");
    }
    Ok(m)
}

impl SoakRun {
    fn made(&self) -> u64 {
        self.expected.values().sum()
    }

    fn printed(&self) -> u64 {
        self.counts.worker_calls.values().sum()
    }

    /// Calls missing or extra, summed over syscalls.
    fn lost(&self) -> u64 {
        LOOP_CALLS
            .iter()
            .map(|n| {
                let want = self.expected.get(*n).copied().unwrap_or(0);
                let got = self.counts.worker_calls.get(*n).copied().unwrap_or(0);
                want.abs_diff(got)
            })
            .sum()
    }

    fn after_warm_up(&self) -> impl Iterator<Item = &Sample> {
        let from = self.warm_up.map_or(u64::MAX, |w| w.calls);
        self.samples.iter().filter(move |s| s.calls >= from)
    }

    fn max_rss_after_warm_up(&self) -> Option<u64> {
        self.after_warm_up().map(|s| s.rss_kb).max()
    }

    fn report(&self) -> String {
        let kb = |v: Option<u64>| v.map_or("-".to_string(), |v| format!("{v} kB"));
        let mut r = String::new();
        let per_call: Vec<String> = LOOP_CALLS
            .iter()
            .map(|n| {
                format!(
                    "{n} {}/{}",
                    self.counts.worker_calls.get(*n).copied().unwrap_or(0),
                    self.expected.get(*n).copied().unwrap_or(0)
                )
            })
            .collect();
        r += &format!(
            "syscalls made:       {} by the workload's 4 threads\n",
            self.made()
        );
        r += &format!(
            "calls printed:       {} ({} call lines in all, {} exit lines)\n",
            self.printed(),
            self.counts.all_calls,
            self.counts.exits
        );
        r += &format!("per syscall:         {}\n", per_call.join(", "));
        r += &format!("events lost:         {}\n", self.lost());
        r += &format!(
            "unpaired/unfinished: {} (malformed lines: {})\n",
            self.counts.unpaired,
            self.counts.malformed.len()
        );
        for m in &self.counts.malformed {
            r += &format!("  malformed: {m:?}\n");
        }
        r += &format!(
            "tracer RSS:          {} at the start, {} at warm-up ({}% of calls), {} at the end, {} max after warm-up, {} max overall ({} samples)\n",
            kb(self.samples.first().map(|s| s.rss_kb)),
            kb(self.warm_up.map(|s| s.rss_kb)),
            (WARM_UP_SHARE * 100.0) as u32,
            kb(self.samples.last().map(|s| s.rss_kb)),
            kb(self.max_rss_after_warm_up()),
            kb(self.samples.iter().map(|s| s.rss_kb).max()),
            self.samples.len()
        );
        r += &format!(
            "time:                {:.1} s ({:.0} traced calls/s); tracer exit code {}\n",
            self.seconds,
            self.counts.all_calls as f64 / self.seconds,
            self.tracer_code
                .map_or("none (killed)".to_string(), |c| c.to_string())
        );
        r
    }

    fn verdict(&self) -> Result<()> {
        if self.tracer_code != Some(0) {
            bail!("the tracer exited with {:?}", self.tracer_code);
        }
        if self.lost() != 0 {
            bail!("{} events lost or extra", self.lost());
        }
        if self.counts.unpaired != 0 || !self.counts.malformed.is_empty() {
            bail!("unpaired or malformed trace lines");
        }
        // Every thread's end: four workers and main.
        if self.counts.exits != 5 {
            bail!("{} exit lines, expected 5", self.counts.exits);
        }
        let (Some(warm), Some(max)) = (self.warm_up, self.max_rss_after_warm_up()) else {
            bail!("too few RSS samples: the run was too short to measure");
        };
        if max > warm.rss_kb + RSS_TOLERANCE_KB {
            bail!(
                "tracer RSS grew from {} kB to {max} kB after warm-up (tolerance {RSS_TOLERANCE_KB} kB)",
                warm.rss_kb
            );
        }
        println!("soak: ok");
        Ok(())
    }
}

/// Runs the decoder property test with `cases` cases, half in each of two processes (two
/// cores); returns how many ran.
fn decoder_cases(root: &Path, cases: u64, release: bool) -> Result<u64> {
    let mut build = Command::new(env!("CARGO"));
    build.args(["test", "--no-run", "--message-format=json", "-q"]);
    if release {
        build.arg("--release");
    }
    let out = build
        .args(["-p", "syscall-decode", "--test", "decoder_properties"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .context("building the decoder property test")?;
    if !out.status.success() {
        bail!("building the decoder property test failed");
    }
    let json = String::from_utf8_lossy(&out.stdout);
    let exe = json
        .lines()
        .filter(|l| l.contains("\"name\":\"decoder_properties\""))
        .find_map(|l| {
            let start = l.find("\"executable\":\"")? + "\"executable\":\"".len();
            Some(l[start..].split('"').next()?.to_string())
        })
        .context("cargo did not name the decoder property test's executable")?;
    let halves = [cases / 2, cases - cases / 2];
    let runs: Vec<_> = halves
        .iter()
        .map(|n| {
            Command::new(&exe)
                .arg("--quiet")
                .env("PROPTEST_CASES", n.to_string())
                .current_dir(root.join("tracer/decoder"))
                .stdout(Stdio::piped())
                .spawn()
        })
        .collect::<Result<_, _>>()?;
    for r in runs {
        let out = r.wait_with_output()?;
        if !out.status.success() {
            bail!(
                "the decoder property test failed:\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
    Ok(halves.iter().sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified() {
        let mut c = Counts::default();
        assert!(count_line(
            "[000000.000100] pid=10 tid=11 getppid() = 10 (0.000002s)",
            &mut c
        ));
        assert!(!count_line(
            "[000000.000100] pid=10 tid=10 getppid() = 1 (0.000002s)",
            &mut c
        ));
        assert!(!count_line(
            "[000000.000100] pid=10 tid=11 exit(0) = ?",
            &mut c
        ));
        assert!(count_line(
            "[000000.000100] pid=10 tid=12 close(-1) = -1 EBADF (Bad file descriptor) (0.000002s)",
            &mut c
        ));
        count_line("[000000.000100] pid=10 tid=12 getuid() = ?", &mut c);
        count_line(
            "[000000.000100] pid=10 tid=12 +++ exited with 0 +++",
            &mut c,
        );
        count_line("garbage", &mut c);
        // A call in flight a while, in two lines: one call.
        assert!(!count_line(
            "[000000.000100] pid=10 tid=13 getppid( <unfinished ...>",
            &mut c
        ));
        assert!(count_line(
            "[000000.200100] pid=10 tid=13 <... getppid resumed>) = 10 (0.200000s)",
            &mut c
        ));
        // A resumed part without its start is unpaired.
        count_line(
            "[000000.200100] pid=10 tid=14 <... close resumed>) = 0 (0.200000s)",
            &mut c,
        );
        assert_eq!(c.worker_calls.get("getppid"), Some(&2));
        assert_eq!(c.worker_calls.get("close"), Some(&2));
        assert_eq!(c.all_calls, 7);
        assert_eq!(c.unpaired, 2, "getuid never returned; close never began");
        assert!(c.in_flight.is_empty());
        assert_eq!(c.exits, 1);
        assert_eq!(c.malformed, ["garbage"]);
    }

    #[test]
    fn options() {
        let o = parse_options(&["--short".into(), "--syscalls".into(), "3_000".into()]).unwrap();
        assert_eq!((o.syscalls, o.decoder_cases), (3000, 20_000));
        assert!(parse_options(&["--syscalls".into()]).is_err());
        assert!(parse_options(&["--bogus".into()]).is_err());
    }
}
