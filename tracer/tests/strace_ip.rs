//! `-i` / `--instruction-pointer` against strace 7.2 (`cargo xtask oracle`). Both tools
//! run the same program with ASLR off (`setarch -R`), so the program's libraries sit at
//! the same addresses and the pointers are compared exactly: for calls (the entry's; a
//! resumed line the return's), signals, and `[????????????????]` on exit lines, with
//! `-f`, a thread and a child that execs. Only the launched command's own execve differs:
//! its call site is in the tracer's code, strace's or ours. Our text and JSON formats show
//! the same pointers, and replay prints what the live run printed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// The calls shown: the thread's and the child's, a signal sent and returned from, the
/// wait for the child (in flight while the child runs), and the ends.
const CALLS: &str = "trace=write,execve,wait4,exit_group,exit,rt_sigreturn,tgkill";

/// Runs strace 7.2 (`ours` false) or us with `opts` on `ip_mix kill` with ASLR off; the
/// trace from the `-o` file.
fn run(ours: bool, opts: &[&str]) -> String {
    run_mode(ours, opts, "kill")
}

/// The same with `ip_mix MODE`.
fn run_mode(ours: bool, opts: &[&str], mode: &str) -> String {
    let out = temp_path(if ours { "ours" } else { "strace" });
    let mut c = Command::new("setarch");
    c.arg("-R");
    match ours {
        true => c.arg(env!("CARGO_BIN_EXE_syscall-tracer")),
        false => c.arg(strace72()),
    };
    // The same environment for both (the size of the program's stack depends on it);
    // strace's launcher, a shell script, exports PWD.
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("PWD", std::env::current_dir().unwrap());
    let output = c
        .arg("-o")
        .arg(&out)
        .args(opts)
        .arg("--")
        .arg(program("ip_mix"))
        .arg(mode)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    // The program is killed by a signal: strace dies of it too, we exit 128 + it.
    assert!(
        matches!(output.status.code(), None | Some(129..)),
        "{output:?}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    text
}

/// `-i`'s field: `[` 16 hex digits or 16 `?` `] `.
fn ip_re() -> regex::Regex {
    regex::Regex::new(r"\[([0-9a-f]{16}|\?{16})\] ").unwrap()
}

/// A `-o -f` trace as comparable lines per thread: pids become `P0`, `P1`... in order of
/// appearance, `-tt`'s digits `N`, a call split by another thread's lines is joined
/// again (keeping the entry's pointer; the resumed line's own is returned apart, by the
/// joined line), and the launched command's execve keeps only the shape of its pointer
/// and stack address.
type Resumed = BTreeMap<String, String>;
fn per_thread(text: &str) -> (BTreeMap<String, Vec<String>>, Resumed) {
    let prefix = regex::Regex::new(r"^(\d+) +").unwrap();
    let time = regex::Regex::new(r"\d\d:\d\d:\d\d\.\d{6} ").unwrap();
    let launch = regex::Regex::new(r"\[[0-9a-f]{16}\] (execve\(.*), 0x[0-9a-f]+ (/\*)").unwrap();
    let resumed = regex::Regex::new(r"^(.*?)\[([0-9a-f]{16})\] <\.\.\. \w+ resumed>(.*)$").unwrap();
    let mut pids: Vec<String> = Vec::new();
    for l in text.lines() {
        if let Some(c) = prefix.captures(l) {
            if !pids.contains(&c[1].to_string()) {
                pids.push(c[1].to_string());
            }
        }
    }
    let mut threads: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut resumed_ips = Resumed::new();
    for (n, l) in text.lines().enumerate() {
        let mut l = time.replace(l, "HH:MM:SS.NNNNNN ").into_owned();
        if n == 0 {
            l = launch
                .replace(&l, "[LAUNCHER........] $1, 0xSTACK $2")
                .into_owned();
        }
        for (i, p) in pids.iter().enumerate() {
            l = regex::Regex::new(&format!(r"\b{p}\b"))
                .unwrap()
                .replace_all(&l, format!("P{i}"))
                .into_owned();
        }
        let tid = l.split(' ').next().unwrap_or("").to_string();
        let lines = threads.entry(tid).or_default();
        if let Some(c) = resumed.captures(&l) {
            let open = lines.last_mut().expect("a resumed call was entered");
            let head = open
                .strip_suffix(" <unfinished ...>")
                .unwrap_or_else(|| panic!("resumed after {open}"));
            // strace shows the return's pointer: the entry's, but for a successful
            // execve (the new program's start).
            assert!(
                head.contains(&format!("[{}] ", &c[2])) || head.contains("execve("),
                "{head} / {l}"
            );
            *open = format!("{head}{}", &c[3]);
            resumed_ips.insert(open.clone(), c[2].to_string());
            continue;
        }
        lines.push(l);
    }
    (threads, resumed_ips)
}

#[test]
fn pointers_equal_strace_s_with_aslr_off() {
    let opts = ["-f", "-i", "-n", "-tt", "-e", CALLS];
    let theirs = run(false, &opts);
    let mut ours_opts = vec!["--format=strace"];
    ours_opts.extend(opts);
    let ours = run(true, &ours_opts);
    // What the comparison is about is there.
    let ip = ip_re();
    for needle in [
        "--- SIGUSR1 {",
        "] write(1, \"thread\\n\", 7) = 7",
        "] execve(\"/bin/true\"",
        "[????????????????] +++ exited with 0 +++",
        "[????????????????] +++ killed by SIGTERM +++",
    ] {
        assert!(theirs.contains(needle), "strace shows {needle}:\n{theirs}");
    }
    assert!(theirs.lines().all(|l| ip.is_match(l)), "{theirs}");
    let ((ours_lines, ours_resumed), (their_lines, their_resumed)) =
        (per_thread(&ours), per_thread(&theirs));
    assert_eq!(
        ours_lines, their_lines,
        "ours:\n{ours}\nstrace 7.2:\n{theirs}"
    );
    // A call both split (which follows timing) resumes at the same pointer.
    for (call, ip) in &ours_resumed {
        if let Some(theirs) = their_resumed.get(call) {
            assert_eq!(ip, theirs, "{call}");
        }
    }
}

/// The pointers of a trace's lines, the launched command's execve left out, and those
/// of resumed lines (whether a call is split follows timing; a resumed execve shows the
/// new program's start).
fn pointers<'a>(
    lines: impl Iterator<Item = &'a str>,
    ip: impl Fn(&str) -> String,
) -> BTreeSet<String> {
    lines
        .skip(1)
        .filter(|l| !l.contains(" resumed>"))
        .map(ip)
        .collect()
}

#[test]
fn text_and_json_show_the_same_pointers() {
    let ip = ip_re();
    let strace = run(false, &["-f", "-i", "-e", CALLS]);
    let from_strace = pointers(strace.lines(), |l| ip.captures(l).unwrap()[1].to_string());
    // Our text: after `pid=P tid=T `, as strace puts it after its pid.
    let text = run(true, &["-f", "-i", "-e", CALLS]);
    let ids =
        regex::Regex::new(r"^\[[0-9.]+\] pid=\d+ tid=\d+ \[([0-9a-f]{16}|\?{16})\] ").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for l in &lines {
        assert!(ids.is_match(l), "{l}");
    }
    let exits = lines
        .iter()
        .filter(|l| l.contains("+++ "))
        .collect::<Vec<_>>();
    assert!(!exits.is_empty() && exits.iter().all(|l| l.contains("[????????????????] +++ ")));
    let from_text = pointers(text.lines(), |l| ids.captures(l).unwrap()[1].to_string());
    assert_eq!(
        from_text, from_strace,
        "ours:\n{text}\nstrace 7.2:\n{strace}"
    );
    // JSON: `ip` on calls and signals, as a number; none on exits.
    let json = run(true, &["--json", "-f", "-i", "-e", CALLS]);
    let schema = schema::load();
    let from_json = pointers(json.lines(), |l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        schema::validate(&schema, &v).unwrap_or_else(|e| panic!("{e}\nline: {l}"));
        match v["event"].as_str().unwrap() {
            "exit" => {
                assert!(v.get("ip").is_none(), "{l}");
                "?".repeat(16)
            }
            _ => format!("{:016x}", v["ip"].as_u64().expect(l)),
        }
    });
    assert_eq!(from_json, from_strace, "{json}");
}

/// A recording keeps the pointers: replayed with `-i` it prints what the live run did,
/// in every format; one made without `-i` still has its signals' pointers.
#[test]
fn replay_shows_the_recorded_pointers() {
    let prog = program("ip_mix");
    let live_and_replayed = |opts: &[&str]| -> (String, String) {
        let (live, rec, replayed) = (temp_path("live"), temp_path("rec"), temp_path("replay"));
        let status = tracer()
            .arg("--record")
            .arg(&rec)
            .arg("-o")
            .arg(&live)
            .args(opts)
            .arg("--")
            .arg(&prog)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        let mut opts = opts.to_vec();
        if !opts.contains(&"-i") {
            opts.push("-i");
        }
        let out = tracer()
            .arg("replay")
            .arg(&rec)
            .arg("-o")
            .arg(&replayed)
            .args(&opts)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let read = |p: &Path| {
            let t = std::fs::read_to_string(p).unwrap();
            let _ = std::fs::remove_file(p);
            t
        };
        let _ = std::fs::remove_file(&rec);
        (read(&live), read(&replayed))
    };
    for opts in [
        &["--format=strace", "-f", "-i"][..],
        &["-f", "-i", "-n"],
        &["--json", "-f", "-i"],
    ] {
        let (live, replayed) = live_and_replayed(opts);
        assert!(live.contains("SIGUSR1"), "{live}");
        assert_eq!(replayed, live, "{opts:?}");
    }
    let (_, replayed) = live_and_replayed(&["--format=strace", "-f"]);
    let signal = replayed
        .lines()
        .find(|l| l.contains("--- SIGUSR1"))
        .unwrap();
    assert!(
        regex::Regex::new(r"\[[0-9a-f]{16}\] --- SIGUSR1")
            .unwrap()
            .is_match(signal),
        "{replayed}"
    );
}

/// A group-stop and its continuation, and a fault: the pointer where the thread stopped,
/// and the faulting instruction's. Compared as sorted lines, split calls joined (the two
/// processes' lines interleave as timing has it), pids masked.
#[test]
fn stops_and_faults_show_where_the_thread_was() {
    let opts = ["-f", "-i", "-e", "trace=write,kill"];
    let sorted = |text: &str| {
        let pid = regex::Regex::new(r"\bP\d+\b").unwrap();
        let mut lines: Vec<String> = per_thread(text)
            .0
            .into_values()
            .flatten()
            .map(|l| pid.replace_all(&l, "P").into_owned())
            .collect();
        lines.sort();
        lines
    };
    let theirs = run_mode(false, &opts, "stop");
    for needle in [
        "] --- stopped by SIGSTOP ---",
        "] --- SIGCONT {",
        "] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---",
        "[????????????????] +++ killed by SIGSEGV +++",
    ] {
        assert!(theirs.contains(needle), "strace shows {needle}:\n{theirs}");
    }
    let ours = run_mode(
        true,
        &["--format=strace", "-f", "-i", "-e", "trace=write,kill"],
        "stop",
    );
    assert_eq!(
        sorted(&ours),
        sorted(&theirs),
        "ours:\n{ours}\nstrace 7.2:\n{theirs}"
    );
}
