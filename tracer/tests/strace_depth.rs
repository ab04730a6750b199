//! How deep values are decoded, compared with strace 7.2 (`cargo xtask oracle`) on
//! real programs: `-v` and `-e abbrev=SET` (every struct field, array element and
//! environment variable), `-yy` and `--decode-fds=SET` (socket endpoints, device numbers,
//! pidfd pids, eventfd counters, signalfd masks), and that a recording gives them back.
//!
//! Inode numbers, ports and pids differ from run to run; each line set is compared after
//! renumbering every number of four digits or more by its first appearance, so the same
//! socket must still show the same inode wherever it appears.

mod common;

use std::collections::HashMap;
use std::process::Stdio;

use common::*;

/// Always true: a missing oracle fails the test (see `common::strace72`).
/// strace 7.2's `call(args) = result` lines for `args` (one process: no pid prefix).
fn strace72_calls(args: &[&str]) -> Vec<String> {
    // Output to a pipe, as `trace` gives it: the program's stdout shows as `pipe:[N]`.
    let (run, text) = strace72_run(args);
    assert!(run.status.success(), "{run:?}");
    let aligned = regex::Regex::new(r"\)\s+= ").unwrap();
    // With -f, strace's -o lines start with the pid.
    let pid_prefix = regex::Regex::new(r"^\d+ +").unwrap();
    text.lines()
        .map(|l| pid_prefix.replace(l, ""))
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| aligned.replace(&l, ") = ").into_owned())
        .collect()
}

/// Our lines' `call(args) = result`, without the prefix and the latency.
fn our_calls(trace: &str) -> Vec<String> {
    let latency = regex::Regex::new(r" \(\d+\.\d+s\)$").unwrap();
    parse_lines(trace)
        .iter()
        .filter(|l| l.is_call())
        .map(|l| latency.replace(&l.rest, "").into_owned())
        .collect()
}

/// The two line lists are equal; on failure, the first lines that differ.
fn assert_same(ours: &[String], theirs: &[String], context: &str) {
    let (ours, theirs) = (renumbered(ours), renumbered(theirs));
    if ours == theirs {
        return;
    }
    let at = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    panic!(
        "{context}: line {at} differs\n ours:   {:?}\n strace: {:?}\n({} lines against {})",
        ours.get(at),
        theirs.get(at),
        ours.len(),
        theirs.len()
    );
}

/// Every number of 4+ digits replaced by `#k`, k its order of first appearance, and
/// every address by `0x…` (strace leaves address randomization on).
fn renumbered(lines: &[String]) -> Vec<String> {
    let re = regex::Regex::new(r"\d{4,}").unwrap();
    let address = regex::Regex::new(r"0x[0-9a-f]{8,}").unwrap();
    let pty = regex::Regex::new(r"TIOCGPTN, \[\d+\]").unwrap();
    let clock = regex::Regex::new(r"T\d\d:\d\d:\d\d(?<frac>\.)?\d*").unwrap();
    // eventfd ids count the machine's eventfds: another program may take one between.
    let eventfd_id = regex::Regex::new(r"eventfd-id=(\d+)").unwrap();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut eventfds: HashMap<String, usize> = HashMap::new();
    lines
        .iter()
        .map(|l| {
            let l = address.replace_all(l, "0x…");
            let l = eventfd_id.replace_all(&l, |c: &regex::Captures| {
                let n = eventfds.len();
                format!(
                    "eventfd-id=#{}",
                    eventfds.entry(c[1].to_string()).or_insert(n)
                )
            });
            // The pty a run gets depends on what else has one open.
            let l = pty.replace_all(&l, "TIOCGPTN, [n]");
            // A file made during the run has the run's time of day (the fraction keeps
            // its width: strace pads it to nine digits).
            let l = clock.replace_all(&l, "Thh:mm:ss$frac");
            re.replace_all(&l, |c: &regex::Captures| {
                let n = seen.len();
                format!("#{}", seen.entry(c[0].to_string()).or_insert(n))
            })
            .into_owned()
        })
        .collect()
}

const FD_CALLS: &str = "trace=socket,bind,listen,connect,accept,write,read,socketpair,fsync,\
                        openat,pidfd_open,eventfd2,signalfd4";

/// Runs fd_kinds under both tracers with `opts` and compares the lines of FD_CALLS.
fn compare_fd_kinds(opts: &[&str]) {
    let prog = program("fd_kinds");
    let prog = prog.to_str().unwrap();
    let mut args: Vec<&str> = opts.to_vec();
    args.extend(["-e", FD_CALLS, "--", prog]);
    let theirs = strace72_calls(&args);
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let ours = our_calls(&t.trace);
    assert_same(&ours, &theirs, &format!("{opts:?}"));
}

#[test]
fn double_y_shows_what_strace_shows_of_every_kind_of_descriptor() {
    compare_fd_kinds(&["-yy"]);
    compare_fd_kinds(&["--decode-fds=all"]);
    // The proof that the kinds were met: each appears in our trace.
    let t = trace(&[
        "-yy",
        "-e",
        FD_CALLS,
        "--",
        program("fd_kinds").to_str().unwrap(),
    ]);
    for needle in [
        "<TCP:[127.0.0.1:",
        "->127.0.0.1:",
        "<UDP:[127.0.0.1:",
        "<UNIX-STREAM:[",
        ",\"/tmp/fd_kinds.",
        "<NETLINK:[ROUTE:",
        "</dev/null<char 1:3>>",
        "<pid:",
        "<{eventfd-count=0x5",
        "<signalfd:[INT USR1]>",
        "fsync(99)",
    ] {
        assert!(t.trace.contains(needle), "{needle} missing:\n{}", t.trace);
    }
}

#[test]
fn decode_fds_sets_choose_what_is_shown() {
    for opts in [
        &["--decode-fds=socket"][..],
        &["--decode-fds=dev,pidfd"],
        &["-e", "decode-fds=!socket"],
        &["-e", "decode-fd=eventfd,signalfd,path"],
        &["--decode-fds"],
        &["--decode-fds=path,socket", "--decode-fds=dev"],
    ] {
        compare_fd_kinds(opts);
    }
}

#[test]
fn double_y_on_a_system_binary_matches_strace() {
    let args = [
        "-f",
        "-yy",
        "-e",
        "trace=openat,read,close,fstat,newfstatat,fadvise64",
        "--",
        "/bin/cat",
        "/dev/null",
        "-",
    ];
    let theirs = strace72_calls(&args);
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let ours = our_calls(&t.trace);
    assert!(ours.iter().any(|l| l.contains("</dev/null<char 1:3>>")));
    assert_same(&ours, &theirs, "cat");
}

#[test]
fn double_y_leaves_the_program_as_it_is() {
    let prog = program("fd_kinds");
    let untraced = untraced(&prog, &[]);
    let t = trace(&["-yy", "--", prog.to_str().unwrap()]);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    assert_eq!(t.stdout(), String::from_utf8_lossy(&untraced.stdout));
}

#[test]
fn a_recording_gives_the_double_y_facts_back() {
    let prog = program("fd_kinds");
    let rec = temp_path("depth-rec");
    let live = temp_path("depth-live");
    let args = ["-yy", "-e", FD_CALLS];
    let status = tracer()
        .arg("-o")
        .arg(&live)
        .arg("--record")
        .arg(&rec)
        .args(args)
        .arg("--")
        .arg(&prog)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let replayed = temp_path("depth-replayed");
    let out = tracer()
        .arg("replay")
        .arg(&rec)
        .arg("-o")
        .arg(&replayed)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let live = std::fs::read_to_string(&live).unwrap();
    let replayed = std::fs::read_to_string(&replayed).unwrap();
    assert!(
        live.contains("<TCP:[127.0.0.1:") && live.contains("<pid:"),
        "{live}"
    );
    assert_eq!(replayed, live);
}

#[test]
fn decode_fds_refuses_what_strace_refuses() {
    let refused = |args: &[&str]| {
        let out = tracer()
            .args(args)
            .args(["--", "/bin/true"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(refused(&["-y", "--decode-fds=socket"])
        .contains("-y and --decode-fds cannot be provided simultaneously"));
    let e = refused(&["--decode-fds=sokcet"]);
    assert!(e.contains("invalid decode-fds 'sokcet'"), "{e}");
    assert!(e.contains("socket"), "{e}");
}

const ABBREV_CALLS: &str = "trace=execve,newfstatat,fstat,statx,getdents64,poll,writev,uname,\
                            rt_sigaction,sched_getaffinity,ioctl";

/// Runs `abbrev` under both tracers with `opts`; compares every line after the first
/// (the launch's execve, whose environment is each tracer's own).
fn compare_abbrev(opts: &[&str]) -> Vec<String> {
    let prog = program("abbrev");
    let prog = prog.to_str().unwrap();
    let mut args: Vec<&str> = vec!["-f"];
    args.extend(opts);
    args.extend(["-e", ABBREV_CALLS, "--", prog]);
    let theirs = strace72_calls(&args);
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let ours = our_calls(&t.trace);
    assert!(ours.len() > 10, "{}", t.trace);
    assert_same(&ours[1..], &theirs[1..], &format!("{opts:?}"));
    ours
}

#[test]
fn no_abbrev_shows_everything_as_strace_does() {
    for opts in [&["-v"][..], &["--no-abbrev"], &["-e", "abbrev=none"]] {
        let ours = compare_abbrev(opts);
        let text = ours.join("\n");
        // What abbreviation hides is there: the 40th argument and variable, stat's
        // times, getdents' records, the 40th array element.
        for needle in [
            "\"V39=39\"]",
            "st_atime_nsec=",
            "d_name=\"file\"",
            "domainname=",
            "c_line=N_TTY, c_cc=[[VINTR]=0x3,",
        ] {
            assert!(text.contains(needle), "{needle} missing:\n{text}");
        }
        // Strings are still cut at -s; no array or struct is.
        assert!(!text.contains(", ...") && !text.contains("{..."), "{text}");
    }
}

#[test]
fn abbreviation_is_the_default_and_chosen_per_call() {
    let ours = compare_abbrev(&[]);
    assert!(ours.join("\n").contains("/* 40 vars */"));
    compare_abbrev(&["-e", "abbrev=execve,poll"]);
    compare_abbrev(&["--abbrev=!newfstatat"]);
}

#[test]
fn calls_not_verbose_show_structures_by_address() {
    let ours = compare_abbrev(&["-e", "verbose=none"]);
    let text = ours.join("\n");
    assert!(
        !text.contains("st_mode=") && text.contains("uname(0x"),
        "{text}"
    );
    compare_abbrev(&["--verbose=!newfstatat,execve"]);
    compare_abbrev(&["-v", "-e", "verbose=uname,poll"]);
    compare_fd_kinds(&["-yy", "-e", "verbose=none"]);
}
