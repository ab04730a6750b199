//! Every option of strace 7.2 and what syscall-tracer does with it: honoured (with the
//! one line `--help` and README.md show), or refused with the reason the parser gives.
//! `docs/strace-7.2-options.txt` lists strace's spellings; a test checks each is here
//! and parses as this table says, and README.md's option table is generated from it.

/// What syscall-tracer does with a strace option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ours {
    /// Honoured as strace honours it; the text says how, in a line.
    Honoured(&'static str),
    /// Refused: the parser's message says why.
    Refused(&'static str),
    /// Meant to be honoured as the text says, not yet built: the parser refuses it with
    /// [`StraceOption::not_yet_message`].
    NotYet(&'static str),
}

/// One strace option (all its spellings) and what it does here.
#[derive(Debug, Clone, Copy)]
pub struct StraceOption {
    /// strace's spellings of it: `-f`, `--follow-forks`; `-e t=` for a qualifier alias.
    pub spellings: &'static [&'static str],
    /// A command line using it (before `-- CMD`), checked to parse (or to be refused).
    pub example: &'static [&'static str],
    pub ours: Ours,
}

use Ours::{Honoured, NotYet, Refused};

/// Why each refused option is refused, in one line.
pub mod refusals {
    pub const STACK_TRACE: &str = "-k/--stack-trace (stack traces) is not supported yet: \
        unwinding the tracee's stack is planned as its own work";
    pub const DEBUG: &str = "-d/--debug prints strace's own internals; syscall-tracer has \
        no such log (--json shows every event with its raw registers)";
    pub const COLOR: &str = "--color: syscall-tracer prints no colours; only \
        --color=never is accepted";
    pub const KVM: &str = "-e kvm=/--kvm: KVM vcpu exit reasons are not decoded";
    pub const NAMESPACE: &str = "-e namespace=/--namespace: entering namespaces is not \
        reported";
    pub const SECONTEXT: &str = "--secontext: SELinux contexts are not shown (this tool, \
        like Debian's strace build, has no SELinux support)";
    pub const ARG_NAMES: &str = "-N/--arg-names is not supported yet: the table's argument \
        names are not yet the kernel's that strace prints";
}

macro_rules! opt {
    ([$($s:literal),+], [$($e:literal),*], $ours:expr) => {
        StraceOption { spellings: &[$($s),+], example: &[$($e),*], ours: $ours }
    };
}

/// strace 7.2's options, in the order of its manual's sections.
pub const TABLE: &[StraceOption] = &[
    // General and startup.
    opt!(
        ["-e"],
        ["-e", "openat"],
        Honoured("`-e QUALIFIER=SET`; a bare `-e SET` is `trace=SET`")
    ),
    opt!(
        ["-E", "--env"],
        ["-E", "FOO=1", "-E", "HOME"],
        Honoured("set (`VAR=VAL`) or remove (`VAR`) a variable of the command's environment, in order, as strace")
    ),
    opt!(
        ["-p", "--attach"],
        ["-p", "1"],
        Honoured("attach to processes (repeatable; comma or space lists; a tid attaches its process)")
    ),
    opt!(
        ["-u", "--user"],
        ["-u", "0:0"],
        Honoured("run the command as USER (its groups, gid, uid) or UID:GID (no groups), set before its execve; root only")
    ),
    opt!(["--argv0"], ["--argv0=name"], Honoured("the command's argv[0]")),
    // Tracing.
    opt!(
        ["-b", "--detach-on"],
        ["-b", "execve"],
        Honoured("detach from a process at its execve (the launched command's first one aside), and wait for the command as strace does; turns the seccomp filter off, as strace turns --seccomp-bpf off")
    ),
    opt!(
        ["-D", "-DD", "-DDD", "--daemonize"],
        ["-D"],
        Honoured("the tracer runs as the command's grandchild, the command stays the shell's child (-DD: tracer in its own process group, -DDD: own session); -I 4 by default then")
    ),
    opt!(
        ["-f", "--follow-forks", "-F"],
        ["-f"],
        Honoured("follow forks: the default here (`--no-follow` turns it off)")
    ),
    opt!(
        ["-ff", "--output-separately"],
        ["-ff", "-o", "/dev/null"],
        Honoured("with `-o FILE`: one file per thread, FILE.TID, as strace writes them")
    ),
    opt!(
        ["-I", "--interruptible"],
        ["-I", "2"],
        Honoured("what HUP/INT/QUIT/TERM do to the tracer: 1 anywhere (kill it), 2 waiting (end the trace cleanly: our default, also with -o FILE where strace's is 3), 3 never (ignored), 4 never_tstp (^Z too)")
    ),
    opt!(
        ["--kill-on-exit"],
        ["--kill-on-exit"],
        Honoured("tracees are killed if the tracer dies (PTRACE_O_EXITKILL); the default already under the seccomp filter, as with strace's --seccomp-bpf; without either, tracees are let go of and run on")
    ),
    opt!(
        ["--syscall-limit"],
        ["--syscall-limit=10"],
        Honoured("detach from everything after N calls shown (calls that never return, like `exit_group`, do not count)")
    ),
    // Filtering.
    opt!(
        ["-e trace=", "-e t=", "--trace"],
        ["-e", "trace=%file,read@64"],
        Honoured("calls to show: names, %class, /regex, all, none, !, ?, empty items skipped; @64 (@32 and @x32 select nothing: only x86-64 calls are decoded)")
    ),
    opt!(
        ["-e signal=", "-e signals=", "-e s=", "--signal"],
        ["-e", "signal=!SIGCHLD"],
        Honoured("signals whose `---` and `+++ killed by` lines are shown: names, numbers, all, none, !")
    ),
    opt!(
        ["-e status=", "--status"],
        ["-e", "status=failed,unfinished"],
        Honoured("calls to show by outcome: successful, failed, unfinished, unavailable (never the case here), detached")
    ),
    opt!(
        ["-e trace-fds=", "-e trace-fd=", "-e fd=", "-e fds=", "--trace-fds"],
        ["-e", "trace-fds=3"],
        Honoured("calls on these descriptors (the arguments strace looks at)")
    ),
    opt!(
        ["-P", "--trace-path"],
        ["-P", "/etc/hosts"],
        Honoured("calls that access PATH, by name or descriptor (repeatable; a symlink or relative path also matches what it resolves into)")
    ),
    opt!(
        ["-z", "--successful-only"],
        ["-z"],
        Honoured("only calls that succeeded (`-e status=successful`)")
    ),
    opt!(
        ["-Z", "--failed-only"],
        ["-Z"],
        Honoured("only calls that failed (`-e status=failed`)")
    ),
    // Output format.
    opt!(
        ["-a", "--columns"],
        ["-a", "20"],
        Honoured("the column of ` = result` in `--format=strace` (default 40)")
    ),
    opt!(
        ["-e abbrev=", "-e a=", "--abbrev"],
        ["-e", "abbrev=none"],
        Honoured("calls shown abbreviated (default all; the others as with -v)")
    ),
    opt!(
        ["-e verbose=", "-e v=", "--verbose"],
        ["-e", "verbose=none"],
        Honoured("calls whose structures are dereferenced (default all; the others show their addresses)")
    ),
    opt!(
        ["-e raw=", "-e x=", "--raw"],
        ["-e", "raw=write"],
        Honoured("these calls undecoded: each argument register and the return in hex")
    ),
    opt!(
        ["-e read=", "-e reads=", "-e r=", "--read"],
        ["-e", "read=0"],
        Honoured("hex and ASCII dump of data read from these descriptors (read, pread64, recvfrom, readv, preadv)")
    ),
    opt!(
        ["-e write=", "-e writes=", "-e w=", "--write"],
        ["-e", "write=1"],
        Honoured("hex and ASCII dump of data written to these descriptors (write, pwrite64, sendto, writev, pwritev)")
    ),
    opt!(
        [
            "-e quiet=",
            "-e silent=",
            "-e silence=",
            "-e q=",
            "--quiet",
            "--silent",
            "--silence",
            "-q",
            "-qq",
            "-qqq"
        ],
        ["-e", "quiet=attach,exit"],
        Honoured("messages to leave out: attach, exit (`+++ exited`), path-resolution, personality, thread-execve (`+++ superseded`); -q, -qq, -qqq")
    ),
    opt!(
        ["-y"],
        ["-y"],
        Honoured("descriptors with their paths, `3</etc/hosts>`")
    ),
    opt!(
        ["-e decode-fds=", "-e decode-fd=", "--decode-fds", "-yy"],
        ["-e", "decode-fds=path,socket"],
        Honoured("what to show with descriptors: path (-y), socket (`3<TCP:[127.0.0.1:80->127.0.0.1:43210]>`), dev (`</dev/null<char 1:3>>`), pidfd (`<pid:1234>`), eventfd, signalfd; all (-yy), none, `!SET`")
    ),
    opt!(
        ["-e decode-pids=", "--decode-pids", "-Y", "--pidns-translation"],
        ["-e", "decode-pids=comm,pidns"],
        Honoured("what to show with pids: comm (-Y, `1234<sh>`), pidns (the tracer's number too)")
    ),
    opt!(["-e kvm=", "--kvm"], ["-e", "kvm=vcpu"], Refused(refusals::KVM)),
    opt!(
        ["-e namespace=", "--namespace"],
        ["-e", "namespace=new"],
        Refused(refusals::NAMESPACE)
    ),
    opt!(
        ["-i", "--instruction-pointer"],
        ["-i"],
        Honoured("the instruction pointer at the call or signal, `[00007f0c1a2b3c4d] ` (`[????????????????] ` on exit lines); JSON's `ip`")
    ),
    opt!(
        ["-k", "--stack-trace", "--stack-trace-frame-limit"],
        ["-k"],
        Refused(refusals::STACK_TRACE)
    ),
    opt!(["-N", "--arg-names"], ["-N"], Refused(refusals::ARG_NAMES)),
    opt!(
        ["-n", "--syscall-number"],
        ["-n"],
        Honoured("the syscall number, `[ 257] `, before the call (both formats)")
    ),
    opt!(
        ["-o", "--output"],
        ["-o", "/dev/null"],
        Honoured("the trace to FILE; `|CMD` or `!CMD` pipes it to a shell command")
    ),
    opt!(
        ["-A", "--output-append-mode"],
        ["-A", "-o", "/dev/null"],
        Honoured("append to the -o file")
    ),
    opt!(
        ["--color"],
        ["--color=always"],
        Refused(refusals::COLOR)
    ),
    opt!(
        ["-r", "--relative-timestamps"],
        ["-r"],
        Honoured("time since the previous line (`--relative-timestamps=` s, ms, us, ns; `--format=strace`)")
    ),
    opt!(
        ["-s", "--string-limit"],
        ["-s", "64"],
        Honoured("bytes of strings and buffers to show (default 32)")
    ),
    opt!(
        ["-t", "-tt", "-ttt"],
        ["-tt"],
        Honoured("time of day, with microseconds, or Unix time")
    ),
    opt!(
        ["--absolute-timestamps", "--timestamps"],
        ["--absolute-timestamps=format:unix,precision:ms"],
        Honoured("time of day or Unix time, in s, ms, us or ns (our `[ts]` shows s or us)")
    ),
    opt!(
        ["-T", "--syscall-times"],
        ["-T"],
        Honoured("time spent in each call, `<0.000012>` in `--format=strace` (`--syscall-times=` s, ms, us, ns); our format always shows it")
    ),
    opt!(
        ["-v", "--no-abbrev"],
        ["-v"],
        Honoured("structures, environments and arrays unabbreviated (`-e abbrev=none`)")
    ),
    opt!(
        ["-x", "-xx", "--strings-in-hex"],
        ["-xx"],
        Honoured("strings in hex: non-ASCII ones (-x), all (-xx), escapes only (non-ascii-chars)")
    ),
    opt!(
        ["-X", "--const-print-style"],
        ["-X", "verbose"],
        Honoured("constants and flags: raw (numbers), abbrev (names), verbose (both)")
    ),
    opt!(
        ["--always-show-pid"],
        ["--always-show-pid"],
        Honoured("the pid on every line of `--format=strace`, one process or several (our format always shows it)")
    ),
    opt!(
        ["--secontext"],
        ["--secontext"],
        Refused(refusals::SECONTEXT)
    ),
    // Statistics.
    opt!(
        ["-c", "--summary-only"],
        ["-c"],
        Honoured("a per-syscall table at the end instead of the trace, in strace's layout")
    ),
    opt!(
        ["-C", "--summary"],
        ["-C"],
        Honoured("the trace and the table")
    ),
    opt!(
        ["-O", "--summary-syscall-overhead"],
        ["-O", "1us"],
        Honoured("overhead subtracted from each call's time in the table (s, ms, us, ns; default us)")
    ),
    opt!(
        ["-S", "--summary-sort-by"],
        ["-S", "calls"],
        Honoured("the table's order: time, min-time, max-time, avg-time, calls, errors, name, nothing (strace's aliases too)")
    ),
    opt!(
        ["-U", "--summary-columns"],
        ["-U", "name,calls,p99", "-c"],
        Honoured("the table's columns: strace's (time-percent, total-time, min-time, max-time, avg-time, calls, errors, name, wall-*, with its aliases), plus our p50, p99")
    ),
    opt!(
        ["-w", "--summary-wall-clock"],
        ["-w", "-c"],
        Honoured("the table counts each call's latency instead of its system time (CPU time between entry and exit stops, from /proc/TID/schedstat)")
    ),
    // Tampering.
    opt!(
        ["-e inject=", "--inject"],
        ["-e", "inject=openat:error=ENOENT:when=2+"],
        Honoured("tamper with traced calls as strace does: `error=`, `retval=`, `signal=`, `syscall=`, `delay_enter=`/`delay_exit=`, `poke_enter=`/`poke_exit=`, `when=`; lines note `(INJECTED)`, `(DELAYED)`")
    ),
    opt!(
        ["-e fault=", "--fault"],
        ["-e", "fault=openat:when=3"],
        Honoured("make traced calls fail: ENOSYS unless `error=` says; `syscall=`, `when=`")
    ),
    // Miscellaneous.
    opt!(
        ["-d", "--debug"],
        ["-d"],
        Refused(refusals::DEBUG)
    ),
    opt!(["-h", "--help"], [], Honoured("this help")),
    opt!(
        ["--seccomp-bpf"],
        ["--seccomp-bpf"],
        Honoured("the default here: a seccomp-bpf filter stops only on traced calls")
    ),
    opt!(
        ["--tips"],
        ["--tips"],
        Honoured("a tip about syscall-tracer on stderr at the end, in strace's box (id:N or random; format:none, compact or full); alone, a tip and exit")
    ),
    opt!(["-V", "--version"], [], Honoured("the version")),
];

impl StraceOption {
    /// The parser's one line for an option that is not built yet.
    pub fn not_yet_message(&self) -> String {
        let what = match self.ours {
            NotYet(what) => what.replace('`', ""),
            _ => String::new(),
        };
        format!(
            "{} is not supported yet (planned: {what})",
            self.spellings.join("/")
        )
    }

    /// Whether the option takes a value (`-a 20`, `--columns=20`), as its example shows.
    pub fn takes_value(&self) -> bool {
        match self.example {
            [first, ..] if first.contains('=') => true,
            [first, second, ..] => {
                self.spellings.contains(first) && !second.starts_with('-') && first.len() == 2
            }
            _ => false,
        }
    }
}

/// The entry that lists `spelling`.
pub fn find(spelling: &str) -> Option<&'static StraceOption> {
    TABLE.iter().find(|o| o.spellings.contains(&spelling))
}

/// The Markdown table README.md carries (between its `strace-options` markers).
pub fn markdown() -> String {
    let mut s = String::from("| strace 7.2 | syscall-tracer |\n|---|---|\n");
    for o in TABLE {
        let names: Vec<String> = o.spellings.iter().map(|n| format!("`{n}`")).collect();
        let ours = match o.ours {
            Honoured(what) => what.to_string(),
            Refused(why) => format!("**refused**: {}", why.replace('|', "\\|")),
            NotYet(what) => format!("**not yet** (planned: {})", what.replace('|', "\\|")),
        };
        s.push_str(&format!("| {} | {} |\n", names.join(", "), ours));
    }
    s
}

/// The same table as plain text, for `--help`.
pub fn help_text() -> String {
    let mut s = String::from("strace 7.2's options here:\n");
    for o in TABLE {
        let ours = match o.ours {
            Honoured(what) => what.replace('`', ""),
            Refused(why) => format!("refused: {why}"),
            NotYet(what) => format!("not yet (planned: {})", what.replace('`', "")),
        };
        let names = o.spellings.join(", ");
        if names.len() > 28 {
            s.push_str(&format!("  {names}\n  {:<28} {ours}\n", ""));
        } else {
            s.push_str(&format!("  {names:<28} {ours}\n"));
        }
    }
    s
}
