//! The closed vocabulary of argument, field and return types, and their spelling in
//! `syscalls.toml`: `name` or `name[param, ...]` (`flags[open_flags]`, `ptr[int]`,
//! `array[struct[pollfd]]`).

/// A parsed type expression, before its names are checked against the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    pub name: String,
    pub params: Vec<TypeExpr>,
}

impl TypeExpr {
    pub fn parse(src: &str) -> Result<TypeExpr, String> {
        let mut p = Parser {
            s: src.as_bytes(),
            i: 0,
        };
        let t = p.expr()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("unexpected `{}` in type `{src}`", &src[p.i..]));
        }
        Ok(t)
    }
}

impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)?;
        if !self.params.is_empty() {
            f.write_str("[")?;
            for (i, p) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn expr(&mut self) -> Result<TypeExpr, String> {
        self.ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        if start == self.i {
            return Err("expected a type name".into());
        }
        let name = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        let mut params = Vec::new();
        self.ws();
        if self.i < self.s.len() && self.s[self.i] == b'[' {
            self.i += 1;
            loop {
                params.push(self.expr()?);
                self.ws();
                match self.s.get(self.i) {
                    Some(b',') => self.i += 1,
                    Some(b']') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(format!("expected `,` or `]` after `{name}[...`")),
                }
            }
        }
        Ok(TypeExpr { name, params })
    }
}

/// How a vocabulary type may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number: valid in a register, a struct field, an array element and a return.
    Scalar,
    /// An address whose pointee is rendered: valid in a register or a pointer field.
    Memory,
    /// Inline bytes of a struct (a `char[N]` array, an embedded struct).
    Inline,
}

/// Static facts about one vocabulary name.
pub struct Vocab {
    pub name: &'static str,
    /// Number of type parameters it takes.
    pub params: usize,
    pub kind: Kind,
    /// Size in memory (struct field or array element), when fixed by the type.
    pub size: Option<u32>,
    /// Whether it needs a `len` (argument or `ret`) when used as an argument.
    pub needs_len: bool,
    pub doc: &'static str,
}

macro_rules! vocab {
    ($($name:literal, $params:expr, $kind:ident, $size:expr, $len:expr, $doc:literal;)*) => {
        /// The closed vocabulary. The legend at the top of `syscalls.toml` says the same in prose.
        pub const VOCABULARY: &[Vocab] = &[
            $(Vocab { name: $name, params: $params, kind: Kind::$kind, size: $size, needs_len: $len, doc: $doc },)*
        ];
    };
}

vocab! {
    "int", 0, Scalar, Some(4), false, "signed 32-bit decimal";
    "uint", 0, Scalar, Some(4), false, "unsigned 32-bit decimal";
    "long", 0, Scalar, Some(8), false, "signed 64-bit decimal";
    "ulong", 0, Scalar, Some(8), false, "unsigned 64-bit decimal";
    "size", 0, Scalar, Some(8), false, "size_t, decimal";
    "ssize", 0, Scalar, Some(8), false, "ssize_t, decimal";
    "off", 0, Scalar, Some(8), false, "off_t/loff_t, signed decimal";
    "i8", 0, Scalar, Some(1), false, "signed 8-bit decimal";
    "i16", 0, Scalar, Some(2), false, "signed 16-bit decimal";
    "i32", 0, Scalar, Some(4), false, "signed 32-bit decimal";
    "i64", 0, Scalar, Some(8), false, "signed 64-bit decimal";
    "u8", 0, Scalar, Some(1), false, "unsigned 8-bit decimal";
    "u16", 0, Scalar, Some(2), false, "unsigned 16-bit decimal";
    "u32", 0, Scalar, Some(4), false, "unsigned 32-bit decimal";
    "u64", 0, Scalar, Some(8), false, "unsigned 64-bit decimal";
    "hex", 0, Scalar, Some(8), false, "hexadecimal (`0x1f`, `0` for zero)";
    "hex32", 0, Scalar, Some(4), false, "32-bit hexadecimal";
    "hex16", 0, Scalar, Some(2), false, "16-bit hexadecimal (a netlink attribute's family id)";
    "octal", 0, Scalar, Some(4), false, "octal with a leading 0 (`0755`)";
    "ptr", 0, Scalar, Some(8), false, "an address not followed: `NULL` or `0x7ffd...`";
    "fd", 0, Scalar, Some(4), false, "file descriptor (`3`, `3</path>` with -y)";
    "dirfd", 0, Scalar, Some(4), false, "directory fd: `AT_FDCWD` or an fd";
    "pid", 0, Scalar, Some(4), false, "process, thread, process group or session id (what --fixed-ts renumbers)";
    "kernel_id", 1, Scalar, Some(4), false, "an id the kernel hands out (KERNEL_ID_KINDS), printed as its optional second parameter (`int` or an `enum[...]`), else as `int`";
    "uid", 0, Scalar, Some(4), false, "user id (`-1` for the all-ones value)";
    "gid", 0, Scalar, Some(4), false, "group id (`-1` for the all-ones value)";
    "signo", 0, Scalar, Some(4), false, "signal number: `SIGINT`, `SIGRT_3`, or the number";
    "mode", 0, Scalar, Some(4), false, "file mode: `0644`, `S_IFREG|0644`";
    "umask", 0, Scalar, Some(4), false, "umask value: `022`";
    "dev", 0, Scalar, Some(8), false, "device number: `makedev(0x8, 0x1)`";
    "rlim", 0, Scalar, Some(8), false, "rlimit value: `RLIM64_INFINITY`, `8192*1024`";
    "sighandler", 0, Scalar, Some(8), false, "signal handler: `SIG_DFL`, `SIG_IGN` or an address";
    "wstatus", 0, Scalar, Some(4), false, "wait status: `{WIFEXITED(s) && WEXITSTATUS(s) == 0}`";
    "ticks", 0, Scalar, Some(8), false, "a clock_t in USER_HZ ticks: `31 /* 0.31 s */`, `0`";
    "time", 0, Scalar, Some(8), false, "a time_t with its date: `1000000000 /* 2001-09-09T01:46:40+0000 */`";
    "time_ns", 0, Scalar, Some(8), false, "a time_t in a struct whose next field holds its nanoseconds: the date shows them, `1000000000 /* 2001-09-09T01:46:40.000000001+0000 */`";
    "flags", 1, Scalar, None, false, "bits from a [flags] table: `O_RDONLY|O_CLOEXEC`";
    "enum", 1, Scalar, None, false, "one value from an [enum] table: `SEEK_SET`";
    "path", 0, Memory, Some(8), false, "a file name, quoted, never truncated";
    "str", 0, Memory, Some(8), false, "a NUL-terminated string, truncated after -s bytes";
    "comm", 0, Memory, Some(8), false, "a task name (TASK_COMM_LEN): a string cut at 15 bytes or -s";
    "bytes", 0, Memory, Some(8), true, "a buffer of `len` bytes (an argument or `ret`), quoted";
    "hexbytes", 0, Memory, Some(8), true, "like bytes, every byte as `\\x..` (getrandom)";
    "struct", 1, Memory, Some(8), false, "a pointer to a [struct]: `{a=1, b=2}`; an optional `len` below its size shows the address";
    "ptr_to", 1, Memory, Some(8), false, "a pointer to one value: `[3]`";
    "array", 1, Memory, Some(8), true, "a pointer to `len` values: `[1, 2]`";
    "strarray", 0, Memory, Some(8), false, "a NULL-terminated array of strings (argv)";
    "envarray", 0, Memory, Some(8), false, "a NULL-terminated array of strings shown as `0x7ffd... /* 20 vars */`";
    "sockaddr", 0, Memory, Some(8), true, "a socket address of `len` bytes, by family";
    "iovec", 0, Memory, Some(8), true, "an array of `len` iovecs, contents shown up to -s (and to `ret` on output)";
    "sigset", 0, Memory, Some(8), true, "a signal set of `len` bytes: `[INT TERM]`, `~[RTMIN RT_1]`";
    "fdset", 0, Memory, Some(8), true, "a select() fd_set of `len` descriptors: `[3 4]`";
    "msghdr", 0, Memory, Some(8), false, "a struct msghdr, with its iovecs and control data";
    "inline", 1, Inline, None, false, "an embedded struct (a struct field only)";
    "chars", 0, Inline, None, false, "a `char[N]` field (N = the field's size), shown as a string";
    "indexed_bytes", 1, Inline, None, false, "a byte array field (the field's size), each byte in hex with its index named from an [enum]: `[[VINTR]=0x3, [VTIME]=0, [17]=0]` (termios' c_cc)";
    "port", 0, Scalar, Some(2), false, "a port number in network order: `htons(53)`";
    "in_addr", 0, Scalar, Some(4), false, "an IPv4 address in network order: `inet_addr(\"127.0.0.1\")`";
    "in6_addr", 0, Inline, Some(16), false, "an IPv6 address held in a struct, named inside: `inet_pton(AF_INET6, \"::1\", &field)`";
    "ifindex", 0, Scalar, Some(4), false, "a network interface index: `if_nametoindex(\"lo\")` when the tracer's host knows it, else the number";
    "sockbuf", 0, Memory, Some(8), true, "a buffer of `len` bytes sent or received on socket argument 0: netlink messages on a netlink socket, else quoted bytes";
    "nla_str", 0, Inline, None, false, "a netlink attribute's string (its trailing NUL not shown)";
    "nla_inet_addr", 0, Inline, None, false, "a netlink attribute's IP address, of the message's address family";
    "nla_hwaddr", 0, Inline, None, false, "a netlink attribute's hardware address: `02:fc:00:00:00:01`";
    "nla_indexed", 1, Inline, None, false, "a netlink attribute's array of u32, each shown with its index named from an [enum]: `[[SK_MEMINFO_RCVBUF]=131072, ...]`";
    "nested", 1, Inline, None, false, "a netlink attribute holding attributes of another [nlattrs] table";
    "sockaddr_in_place", 0, Inline, None, false, "a struct sockaddr held in a struct (the field's size), shown by family: `{sa_family=AF_INET, ...}`";
    "pad", 0, Inline, None, false, "unnamed padding of the field's size (a struct field only)";
    "siginfo", 0, Memory, Some(8), false, "a siginfo_t: `{si_signo=SIGUSR1, si_code=SI_QUEUE, ...}`";
    "dirents", 0, Memory, Some(8), true, "a getdents buffer of `len` bytes, shown as `0x7ffd... /* 5 entries */`";
    "msgbuf", 0, Memory, Some(8), true, "a SysV message: `{mtype=1, mtext=\"...\"}`, `len` bytes of text";
    "capsets", 0, Memory, Some(8), true, "capget's data: `{effective=1<<CAP_CHOWN|..., permitted=..., inheritable=...}`, len = the header's version";
    "select", 1, Scalar, None, false, "chosen by another argument's value, from a [select] table";
    "sigmask", 0, Scalar, Some(8), false, "a 64-bit signal mask held in place (a struct field): `[INT TERM]`";
    "int_or_bytes", 0, Memory, Some(8), true, "`[1]` when `len` is 4, else a buffer of `len` bytes (socket option values)";
    "remaining", 1, Memory, Some(8), false, "out: what the kernel writes only when a signal interrupts the call (nanosleep's rem); else the address";
    "htons", 1, Scalar, Some(2), false, "a 16-bit network-order value named from an [enum] table: `htons(ETH_P_ALL)`";
    "umode", 0, Scalar, Some(2), false, "a permission mode argument (umode_t): octal of its low 16 bits, `0644`";
    "pagevec", 0, Memory, Some(8), true, "one byte per page of a `len`-byte range (mincore): `[1, 0, 1]`";
    "ioctl_request", 1, Scalar, Some(4), false, "an ioctl request named from an [enum] table, else `_IOC(_IOC_READ, 0x54, 0x1, 0x4)`";
    "timeval_date", 0, Inline, Some(16), false, "a struct timeval with its date: `{tv_sec=1, tv_usec=2} /* 1970-...+0000 */`";
    "timespec_utime", 0, Inline, Some(16), false, "a utimensat() timespec: `UTIME_NOW`, `UTIME_OMIT` or the time with its date";
    "cpuset", 0, Memory, Some(8), true, "a CPU bitmap of `len` bytes: `[0 1]`";
    "nodemask", 0, Memory, Some(8), true, "a NUMA node bitmap of `len` (maxnode) bits, as longs: `[0x00000000000001]`";
    "errnum", 0, Scalar, Some(4), false, "an int that is a status or a negated errno: `0`, `-ENOENT`";
    "ioprio", 0, Scalar, Some(4), false, "an I/O priority: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`";
    "pollret", 0, Scalar, Some(8), false, "poll's return: `2 ([{fd=4, revents=POLLIN}, ...])` or `0 (Timeout)`, from args fds and nfds";
    "ppollret", 0, Scalar, Some(8), false, "ppoll's return: as pollret, then `, left {tv_sec=.., tv_nsec=..}` from the timespec argument";
    "selectret", 0, Scalar, Some(8), false, "select's return: `2 (in [4], out [7], left {tv_sec=.., tv_usec=..})` or `0 (Timeout)`";
    "pselectret", 0, Scalar, Some(8), false, "pselect6's return: as selectret with a timespec left";
    "sched_policy", 1, Scalar, Some(4), false, "a scheduling policy named from an [enum] table, after `SCHED_RESET_ON_FORK|` when that bit (30) is set: `SCHED_RESET_ON_FORK|SCHED_BATCH`; returned: `0x40000003 (SCHED_RESET_ON_FORK|SCHED_BATCH)`";
    "futex_wake_op", 0, Scalar, Some(4), false, "FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1`";
    "errno", 0, Scalar, Some(4), false, "an error number by name: `ENOKEY`";
    "restored", 0, Scalar, Some(8), false, "a return only (rt_sigreturn's): the register value the call restores, i.e. what the call the signal interrupted returned; printed as a long";
    "ptrs", 1, Memory, Some(8), true, "an array of `len` pointers, each followed and shown as its type: `[{...}, 0x1, NULL]`";
    "msghdr_inline", 0, Inline, Some(56), false, "an embedded struct msghdr (struct mmsghdr); its data is cut at the field named by `len`";
    "flexbytes", 0, Inline, Some(0), false, "a trailing flexible byte array (`len` = the field counting it), at most 128 bytes shown as `\\x..` (file_handle)";
    "none", 0, Scalar, Some(0), false, "not shown: a select[] variant, or a kernel argument strace leaves out";
    "mmsghdr", 0, Memory, Some(8), true, "an array of `len` struct mmsghdr (sendmmsg, recvmmsg), `msg_len` shown after success";
}

/// The kinds of `kernel_id[KIND]`: numbers the kernel assigns afresh (a shared memory
/// segment's id, a key's serial), so two runs of one program see different ones. The
/// differential harness masks a value only where the table types it as one of these (or
/// as `pid`), by order of first appearance per kind. Each kind is its own numbering:
/// (name, what it is).
pub const KERNEL_ID_KINDS: &[(&str, &str)] = &[
    ("shm", "a System V shared memory segment id (shmget)"),
    ("sem", "a System V semaphore set id (semget)"),
    ("msg", "a System V message queue id (msgget)"),
    ("key", "a key serial (add_key, request_key, keyctl)"),
    ("timer", "a POSIX timer id (timer_create)"),
    ("watch", "an inotify watch descriptor (inotify_add_watch)"),
];

/// Ids inside the vocabulary types the tracer renders in Rust rather than from a
/// [struct] table: (type, [(field as printed, kind)]). `pid` is the kind of process and
/// thread ids (and of netlink port ids, which the kernel sets to the pid). Struct tables
/// say the same with their fields' types.
pub const VOCAB_ID_FIELDS: &[(&str, &[(&str, &str)])] = &[
    ("siginfo", &[("si_pid", "pid")]),
    ("sockaddr", &[("nl_pid", "pid")]),
    ("sockaddr_in_place", &[("nl_pid", "pid")]),
    ("sockbuf", &[("nlmsg_pid", "pid")]),
    (
        "msghdr",
        &[("nl_pid", "pid"), ("nlmsg_pid", "pid"), ("pid", "pid")],
    ),
    (
        "msghdr_inline",
        &[("nl_pid", "pid"), ("nlmsg_pid", "pid"), ("pid", "pid")],
    ),
    (
        "mmsghdr",
        &[("nl_pid", "pid"), ("nlmsg_pid", "pid"), ("pid", "pid")],
    ),
];

pub fn vocab(name: &str) -> Option<&'static Vocab> {
    VOCABULARY.iter().find(|v| v.name == name)
}
