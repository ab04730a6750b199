//! The tracer's own signals: the stop signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that end
//! tracing, and a ticker (SIGALRM from an interval timer) that wakes the event loop.
//!
//! Both handlers only set a flag. Neither uses SA_RESTART, so a `waitpid` in progress
//! returns EINTR and the loop looks at the flags. A flag set just before the loop blocks
//! in `waitpid` would be seen only at the next tracee event, which may never come (a
//! program asleep in `read`): so the stop handler also starts the ticker at a short
//! period, and the ticker keeps firing until the loop has seen it.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

/// The stop signal received and not yet handled, 0 for none.
static STOP_SIGNAL: AtomicI32 = AtomicI32::new(0);
/// Set by each tick of the ticker.
static TICKED: AtomicBool = AtomicBool::new(false);

/// The signals that end tracing (strace's "interactive" set, SIGPIPE aside: the tracer
/// sees a closed output pipe as a write error).
pub const STOP_SIGNALS: [i32; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

/// How soon after a stop signal the loop is woken if the signal raced with its wait.
const STOP_WAKE_PERIOD: Duration = Duration::from_millis(1);

extern "C" fn on_stop_signal(sig: libc::c_int) {
    STOP_SIGNAL.store(sig, Ordering::SeqCst);
    set_timer(STOP_WAKE_PERIOD);
}

extern "C" fn on_tick(_sig: libc::c_int) {
    TICKED.store(true, Ordering::SeqCst);
}

fn install(sig: i32, handler: extern "C" fn(libc::c_int)) -> io::Result<()> {
    // SAFETY: sigaction is plain data; zeroed is a valid starting value.
    let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
    sa.sa_sigaction = handler as usize;
    // No SA_RESTART: a blocked waitpid must return EINTR.
    sa.sa_flags = 0;
    // SAFETY: `sa.sa_mask` is a valid sigset_t owned by us; the handlers only touch
    // atomics and call setitimer, all async-signal-safe.
    let r = unsafe {
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(sig, &sa, std::ptr::null_mut())
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `-I`: what the stop signals do to the tracer (strace's levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruptible {
    /// 1, `anywhere`/`always`: their own dispositions (as inherited): they kill the
    /// tracer at once, with no summary.
    Anywhere,
    /// 2, `waiting`: they end the trace cleanly ([`take_stop_request`]).
    Waiting,
    /// 3, `never`: ignored.
    Never,
    /// 4, `never_tstp`: ignored, and so is ^Z's SIGTSTP.
    NeverTstp,
}

impl Interruptible {
    /// strace's spellings: a level's number or name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "1" | "anywhere" | "always" => Self::Anywhere,
            "2" | "waiting" => Self::Waiting,
            "3" | "never" => Self::Never,
            "4" | "never_tstp" => Self::NeverTstp,
            _ => return None,
        })
    }
}

fn ignore(sig: i32) -> io::Result<()> {
    // SAFETY: sigaction is plain data; zeroed is a valid starting value; SIG_IGN needs no
    // handler.
    let r = unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = libc::SIG_IGN;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(sig, &sa, std::ptr::null_mut())
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Routes the ticker's SIGALRM to [`take_tick`], and the stop signals as `-I` says:
/// left alone, to [`take_stop_request`], or ignored. (The launched program gets what
/// the tracer inherited either way: see [`super::inherited`].)
pub fn install_for(mode: Interruptible) -> io::Result<()> {
    match mode {
        Interruptible::Waiting => install_handlers(),
        Interruptible::Anywhere => {
            install(libc::SIGALRM, on_tick)?;
            unblock(&[libc::SIGALRM])
        }
        Interruptible::Never | Interruptible::NeverTstp => {
            for sig in STOP_SIGNALS {
                ignore(sig)?;
            }
            if mode == Interruptible::NeverTstp {
                ignore(libc::SIGTSTP)?;
            }
            install(libc::SIGALRM, on_tick)?;
            unblock(&[libc::SIGALRM])
        }
    }
}

/// Unblocks `sigs` in the tracer (a caller may have left them blocked).
fn unblock(sigs: &[i32]) -> io::Result<()> {
    // SAFETY: sigset_t is plain data; the set is built and read within this block.
    let r = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in sigs {
            libc::sigaddset(&mut set, *sig);
        }
        libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut())
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Routes the stop signals to [`take_stop_request`] and the ticker's SIGALRM to
/// [`take_tick`]. Also those the tracer inherited as ignored, as strace does: the
/// program still gets them ignored (see [`super::inherited`]), and a signal that reaches
/// the program too (a hangup under `nohup`) does not end tracing (see the engine).
pub fn install_handlers() -> io::Result<()> {
    for sig in STOP_SIGNALS {
        install(sig, on_stop_signal)?;
    }
    install(libc::SIGALRM, on_tick)?;
    // A caller may have left some of them blocked (the program gets that mask back, see
    // `inherited`): the tracer needs them delivered, or its ticker never wakes the loop.
    // SAFETY: sigset_t is plain data; the set is built and read within this block.
    let r = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in STOP_SIGNALS.iter().chain([&libc::SIGALRM]) {
            libc::sigaddset(&mut set, *sig);
        }
        libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut())
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The stop signal received since the last call, if any.
pub fn take_stop_request() -> Option<i32> {
    match STOP_SIGNAL.swap(0, Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Whether the ticker fired since the last call.
pub fn take_tick() -> bool {
    TICKED.swap(false, Ordering::SeqCst)
}

/// Fires SIGALRM every `period` from now on (zero: never). Async-signal-safe.
fn set_timer(period: Duration) {
    let tv = libc::timeval {
        tv_sec: period.as_secs() as libc::time_t,
        tv_usec: period.subsec_micros() as libc::suseconds_t,
    };
    let timer = libc::itimerval {
        it_interval: tv,
        it_value: tv,
    };
    // SAFETY: setitimer reads `timer`, a live local, and writes no old value.
    unsafe { libc::setitimer(libc::ITIMER_REAL, &timer, std::ptr::null_mut()) };
}

/// The event loop's periodic wake-up, armed only while something waits for time to pass
/// (a call in flight that may need its `<unfinished ...>` line).
#[derive(Debug, Default)]
pub struct Ticker {
    period: Option<Duration>,
}

impl Ticker {
    /// Ticks every `period` (a no-op when already ticking at that period).
    pub fn start(&mut self, period: Duration) {
        if self.period != Some(period) {
            set_timer(period);
            self.period = Some(period);
        }
    }

    pub fn stop(&mut self) {
        if self.period.is_some() {
            set_timer(Duration::ZERO);
            self.period = None;
        }
    }

    pub fn is_running(&self) -> bool {
        self.period.is_some()
    }

    /// After a stop signal set the timer behind our back: whatever it runs at now,
    /// treat it as running so the next start or stop resets it.
    pub fn forget_period(&mut self) {
        self.period = Some(Duration::ZERO);
    }
}
