//! Structures and argument renderings strace 7.2 decodes (rseq's area, sched_param,
//! in/out offsets, epoll data...), compared with strace 7.2 (`cargo xtask oracle`) on
//! the real calls of tests/programs/structs72.c.

mod common;

use common::*;

/// `call(args) = result` lines, addresses and netlink port ids (the pid) masked: each
/// run has its own.
fn normalised(lines: impl Iterator<Item = String>) -> Vec<String> {
    let address = regex::Regex::new(r"0x[0-9a-f]{8,}").unwrap();
    let port = regex::Regex::new(r"nlmsg_pid=\d+").unwrap();
    // The pty a run gets depends on what else has one open.
    let pty = regex::Regex::new(r"TIOCGPTN, \[\d+\]").unwrap();
    let aligned = regex::Regex::new(r"\)\s+= ").unwrap();
    lines
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| aligned.replace(&l, ") = ").into_owned())
        .map(|l| address.replace_all(&l, "0xADDR").into_owned())
        .map(|l| port.replace_all(&l, "nlmsg_pid=N").into_owned())
        .map(|l| pty.replace_all(&l, "TIOCGPTN, [N]").into_owned())
        .collect()
}

/// strace 7.2's lines and ours for structs72 under `opts -e trace=CALLS`.
fn both(opts: &[&str], calls: &str) -> (Vec<String>, Vec<String>) {
    let prog = program("structs72");
    let prog = prog.to_str().unwrap();
    let filter = format!("trace={calls}");
    let mut args = opts.to_vec();
    args.extend(["-e", filter.as_str(), "--", prog]);
    let (run, text) = strace72_run(&args);
    assert!(run.status.success(), "{run:?}");
    let theirs = normalised(text.lines().map(str::to_string));
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let latency = regex::Regex::new(r" \(\d+\.\d+s\)$").unwrap();
    let ours = normalised(
        parse_lines(&t.trace)
            .iter()
            .filter(|l| l.is_call())
            .map(|l| latency.replace(&l.rest, "").into_owned()),
    );
    (ours, theirs)
}

fn assert_same_as_strace(calls: &str, at_least: usize) {
    assert_same_as_strace_with(&[], calls, at_least)
}

fn assert_same_as_strace_with(opts: &[&str], calls: &str, at_least: usize) {
    let (ours, theirs) = both(opts, calls);
    assert!(theirs.len() >= at_least, "strace 7.2 showed {theirs:?}");
    assert_eq!(ours, theirs);
}

/// glibc's registration at the start, then areas of every length and flag.
#[test]
fn rseq_areas_show_as_strace_shows_them() {
    assert_same_as_strace("rseq", 7);
}

/// sched_param as a struct, policies with SCHED_RESET_ON_FORK, returned policies in hex.
#[test]
fn scheduling_policies_and_parameters_show_as_strace_shows_them() {
    assert_same_as_strace(
        "sched_getparam,sched_setparam,sched_setscheduler,sched_getscheduler,sched_setattr",
        11,
    );
    for opts in [["-X", "raw"], ["-X", "verbose"]] {
        assert_same_as_strace_with(&opts, "sched_setscheduler,sched_getscheduler", 7);
    }
}

/// An offset the call reads and moves: `[0 => 3]` (sendfile), `[0]` where it stays.
#[test]
fn offsets_read_and_updated_show_as_strace_shows_them() {
    assert_same_as_strace("sendfile,splice,copy_file_range", 8);
}

/// epoll_event's data as one 64-bit number in hex, as strace 7.2 prints it.
#[test]
fn epoll_data_shows_as_strace_shows_it() {
    assert_same_as_strace("epoll_ctl,epoll_wait,epoll_pwait,epoll_pwait2", 7);
}

/// mremap's fifth argument, shown for MREMAP_MAYMOVE with MREMAP_FIXED or MREMAP_DONTUNMAP.
#[test]
fn mremap_shows_its_new_address_when_strace_does() {
    assert_same_as_strace("mremap", 5);
}

/// PR_SCHED_CORE's last argument: PR_SCHED_CORE_GET's cookie pointer (`NULL`), a number
/// (`0`) for the other commands.
#[test]
fn prctl_sched_core_shows_its_last_argument_as_strace_does() {
    assert_same_as_strace("prctl", 5);
}

/// futex2 flags (futex_waitv's waiters, futex_wake, futex_wait) as strace 7.2 names them.
#[test]
fn futex2_flags_show_as_strace_shows_them() {
    assert_same_as_strace("futex_waitv,futex_wake,futex_wait", 4);
}

/// io_uring_enter's argument: a signal set, or IORING_ENTER_EXT_ARG's struct.
#[test]
fn io_uring_enter_shows_its_argument_as_strace_does() {
    assert_same_as_strace("io_uring_enter", 3);
}

/// Generic netlink's controller messages: its header, attributes, nested ops and groups.
#[test]
fn generic_netlink_controller_messages_show_as_strace_shows_them() {
    assert_same_as_strace("sendto,recvfrom", 4);
}

/// A request number shared by terminals and sound timers: the terminal's name alone on a
/// terminal (`TCSETS`), every name elsewhere (`SNDCTL_TMR_START or TCSETS`).
#[test]
fn ioctl_requests_on_terminals_are_named_as_strace_names_them() {
    assert_same_as_strace("ioctl", 6);
}
