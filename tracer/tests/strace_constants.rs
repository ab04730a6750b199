//! Named constants strace 7.2 knows and strace 6.1 did not (new flag bits, values, flag
//! sets and the spelling of its "unknown" comments), compared with strace 7.2 (`cargo
//! xtask oracle`) on a real program that makes one call per name: `consts72.c`.

mod common;

use common::*;

/// The calls consts72.c makes, so neither trace holds the C library's start-up.
const CALLS: &str = "trace=open,fcntl,statx,memfd_create,preadv2,pwritev2,kexec_file_load,\
kexec_load,execveat,name_to_handle_at,renameat2,mmap,madvise,mbind,get_mempolicy,move_pages,pkey_alloc,\
sendto,fanotify_init,fanotify_mark,open_tree,move_mount,fsmount,pidfd_open,pidfd_send_signal,\
clone3,sched_getattr,sched_setattr,seccomp,reboot,membarrier,landlock_create_ruleset,\
landlock_add_rule,io_uring_enter,io_uring_register,io_uring_setup,futex_waitv,futex_wait";

/// strace 7.2's `call(args) = result` lines, addresses masked (ASLR differs per run).
fn strace72_calls(opts: &[&str], prog: &str) -> Vec<String> {
    let mut args = opts.to_vec();
    args.extend(["-e", CALLS, prog]);
    let (run, text) = strace72_run(&args);
    assert!(run.status.success(), "{run:?}");
    let aligned = regex::Regex::new(r"\)\s+= ").unwrap();
    text.lines()
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| masked(&aligned.replace(l, ") = ")))
        .collect()
}

fn masked(line: &str) -> String {
    // mmap's area and the stack: 0x7xxxxxxxxxxx wherever ASLR puts them (0x7e... too).
    let address = regex::Regex::new(r"0x7[0-9a-f]{11}\b").unwrap();
    address.replace_all(line, "0xADDR").into_owned()
}

/// Our lines and strace 7.2's for consts72 under `opts` are the same; our trace.
fn compare(opts: &[&str]) -> String {
    let prog = program("consts72");
    let prog = prog.to_str().unwrap();
    let theirs = strace72_calls(opts, prog);
    let mut args = opts.to_vec();
    args.extend(["-e", CALLS, "--", prog]);
    let t = trace(&args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let latency = regex::Regex::new(r" \(\d+\.\d+s\)$").unwrap();
    let ours: Vec<String> = parse_lines(&t.trace)
        .iter()
        .filter(|l| l.is_call())
        .map(|l| masked(&latency.replace(&l.rest, "")))
        .collect();
    for (i, (o, s)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(o, s, "{opts:?}: line {i} differs");
    }
    assert_eq!(
        ours.len(),
        theirs.len(),
        "ours:\n{ours:#?}\nstrace:\n{theirs:#?}"
    );
    t.trace
}

#[test]
fn new_constants_print_as_strace_7_2_prints_them() {
    let trace = compare(&[]);
    // The proof the program reached the new names: a few of them, each in the trace.
    for needle in [
        "O_DIRECTORY|O_EMPTYPATH",
        "F_SET_RW_HINT, [RWH_WRITE_LIFE_SHORT]",
        "STATX_DIO_READ_ALIGN",
        "AT_EXECVE_CHECK",
        "FAN_MARK_MNTNS",
        "MOUNT_ATTR__ATIME",
        "CLONE_EMPTY_MNTNS",
        "IORING_REGISTER_BUFFERS|IORING_REGISTER_USE_REGISTERED_RING",
        "LINUX_REBOOT_MAGIC2???",
        "FUTEX2_SIZE_U32|FUTEX2_PRIVATE",
        "LANDLOCK_RULE_NET_PORT, {allowed_access=",
        "FAN_CLASS_NOTIF|0x8000 /* FAN_??? */",
        "KEXEC_ARCH_X86_64|0x100 /* KEXEC_??? */",
    ] {
        assert!(trace.contains(needle), "{needle} missing:\n{trace}");
    }
}

/// Raw and verbose show a word's parts as strace does: a field apart from the flag bits
/// (`0|0x80000000` for io_uring_register's opcode) and each unknown part's comment.
#[test]
fn new_constants_in_raw_and_verbose_as_strace_7_2_shows_them() {
    compare(&["-X", "raw"]);
    compare(&["-X", "verbose"]);
}
