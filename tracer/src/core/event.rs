//! What a backend reports, and how the core answers: the one line between *getting*
//! events and memory (ptrace today, a recording on replay, eBPF later) and *deciding,
//! decoding and printing* them.

use crate::decode::Tracee;

/// One thing that happened to a traced thread, in the order the backend saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub tid: i32,
    /// The thread's process (thread group id).
    pub pid: i32,
    /// Nanoseconds since tracing started, on the backend's monotonic clock.
    pub ts_ns: u64,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// A thread is traced from now on: launched, attached, or created by `parent`. Threads
    /// are numbered (`--fixed-ts`) in the order of these events.
    Spawn {
        parent: Option<i32>,
        /// The launched command before its execve: the tracer's own code runs there, and
        /// nothing of it is shown until the command's execve.
        before_exec: bool,
    },
    /// A syscall entry: number and argument registers, and the instruction pointer
    /// there (after the `syscall` instruction; `None` in recordings made before it was
    /// kept).
    Entry {
        nr: u64,
        args: [u64; 6],
        ip: Option<u64>,
    },
    /// The return of the call the thread entered last, and the instruction pointer at
    /// it (the entry's, but for a successful execve or a sigreturn).
    Exit {
        ret: i64,
        ip: Option<u64>,
    },
    /// `-e inject=` tampered with the thread's call in flight, or, outside a call, with
    /// the call it enters next (sent before that entry): strace's `(INJECTED)` and
    /// `(DELAYED)` notes.
    Tampered(crate::decode::Tampering),
    /// A signal delivered to the thread (the kernel's 128-byte siginfo), and the
    /// instruction pointer at its delivery stop when the backend took it (`-i`).
    Signal {
        siginfo: Box<[u8; 128]>,
        ip: Option<u64>,
    },
    /// A group-stop: `--- stopped by SIGSTOP ---` (and the instruction pointer, as for
    /// a signal).
    Stopped {
        sig: i32,
        ip: Option<u64>,
    },
    /// A non-leader thread `former` called execve and now has the leader's tid (this
    /// event's); the former leader is gone without a death report.
    Exec {
        former: i32,
    },
    Exited {
        code: i32,
    },
    Killed {
        sig: i32,
        core: bool,
    },
    /// A thread that exited and will not be reported again (a zombie let go of).
    Released,
    /// The tracer let go of the thread (detach): a call in flight stays unfinished.
    Detached,
    /// Time passed (`ts_ns` is now): calls in flight for a while are shown unfinished.
    /// Sent only while the consumer [`Consumer::wants_ticks`].
    Tick,
}

/// What the core tells the backend about the event it was handed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reply {
    /// After an [`EventKind::Entry`]: the call's return matters (it is shown or counted),
    /// so a backend that may skip exits must report this one.
    pub exit_wanted: bool,
}

/// Takes events from a backend: the core, or something wrapping it (the recorder).
pub trait Consumer {
    /// One event. `world` answers what decoding it needs from the thread (memory,
    /// descriptor paths, ...), valid for this call only: the thread is stopped meanwhile.
    fn event(&mut self, event: &Event, world: &mut dyn Tracee) -> Reply;
    /// Whether [`EventKind::Tick`] events are wanted now (a shown call is in flight and
    /// may need an `<unfinished ...>` line).
    fn wants_ticks(&self) -> bool;
    /// The backend is about to block: whatever is buffered should be written now.
    fn flush(&mut self);
    /// Output failed: the backend should stop tracing (and the error is reported).
    fn failed(&self) -> bool;
    /// `--syscall-limit` is reached: the backend should stop tracing (tracees detached).
    fn limit_reached(&self) -> bool {
        false
    }
}

/// Why tracing ended.
#[derive(Debug)]
pub enum Ending {
    /// Every tracee is gone.
    Finished,
    /// A stop signal sent to the tracer alone: tracees detached and left running.
    Signalled,
    /// The output could not be written (a closed pipe among them): tracees detached.
    OutputFailed,
    /// `--syscall-limit` calls were shown: tracees detached.
    LimitReached,
}

/// A source of events: it runs until tracing ends, handing every event to `consumer`.
pub trait Backend {
    fn run(&mut self, consumer: &mut dyn Consumer) -> Ending;
}

/// A consumer that takes no interest: for tracees let go of without tracing (after
/// `-p` failed for another pid, or lingering under our seccomp filter).
pub struct Silent;

impl Consumer for Silent {
    fn event(&mut self, _event: &Event, _world: &mut dyn Tracee) -> Reply {
        Reply::default()
    }
    fn wants_ticks(&self) -> bool {
        false
    }
    fn flush(&mut self) {}
    fn failed(&self) -> bool {
        false
    }
}

/// A world that knows nothing: for events whose handling reads no memory.
pub struct NoWorld;

impl Tracee for NoWorld {
    fn read_mem(&mut self, _addr: u64, _buf: &mut [u8]) -> usize {
        0
    }
}
