//! `-e inject=` and `-e fault=` (strace's tampering), parsed as strace 7.2 parses them:
//! `SET[:error=ERRNO|:retval=N][:signal=SIG][:syscall=NAME][:delay_enter=T][:delay_exit=T]
//! [:poke_enter=@argN=HEX,...][:poke_exit=...][:when=EXPR]`. This module only parses and
//! answers "does this call of this thread get tampered with, and how"; the engine does
//! the tampering (`engine::tamper`). Parsing never panics on any input (property tests
//! below, and the `inject` fuzz target).

use std::collections::HashMap;
use std::time::Duration;

use crate::decode;
use crate::filter::{self, SyscallSet};

/// strace's "no last invocation" (`INJECT_LAST_INF`): numbers go up to 65535, a range's
/// last up to 65534.
const LAST_INF: u16 = 0xffff;
/// The largest errno strace accepts (`MAX_ERRNO_VALUE`).
const MAX_ERRNO: u64 = 4095;
/// Signals strace accepts: 1..=64 on x86-64 (`NSIG_BYTES * 8`).
const MAX_SIGNAL: u64 = 64;
/// A poke's hex data: at most 2048 digits (1024 bytes), as strace.
const MAX_POKE_DIGITS: usize = 2048;

/// Which invocations are tampered with: `when=FIRST[..LAST][+[STEP]]`, counted per
/// syscall and per thread from 1. strace's countdown, kept as strace keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    first: u16,
    /// [`LAST_INF`]: no end.
    last: u16,
    /// 0: only `first`.
    step: u16,
}

impl Default for When {
    /// Every invocation: `1..INF+1`.
    fn default() -> Self {
        When {
            first: 1,
            last: LAST_INF,
            step: 1,
        }
    }
}

impl When {
    /// Counts one more invocation; true if it is tampered with. (strace's
    /// `tamper_with_syscall_entering` countdown, on a per-thread copy.)
    pub fn fires(&mut self) -> bool {
        if self.first == 0 || self.last == 0 {
            return false;
        }
        if self.last != LAST_INF {
            self.last -= 1;
        }
        self.first -= 1;
        if self.first != 0 {
            return false;
        }
        self.first = self.step;
        true
    }
}

/// The result a tampered call returns instead of running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `error=ERRNO`: fails with this errno (1..=4095).
    Error(u16),
    /// `retval=N`: succeeds with N.
    Retval(u64),
}

/// `@argN=HEX`: bytes written where argument N (1..=7) points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poke {
    pub arg: u8,
    pub data: Vec<u8>,
}

/// What is done to a call chosen by `when=`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Action {
    pub outcome: Option<Outcome>,
    /// `syscall=NAME`: run this (side-effect-free) call instead of none at all.
    pub syscall: Option<u64>,
    /// `signal=SIG`: delivered at the call's entry.
    pub signal: Option<u8>,
    pub delay_enter: Option<Duration>,
    pub delay_exit: Option<Duration>,
    pub poke_enter: Vec<Poke>,
    pub poke_exit: Vec<Poke>,
    pub when: When,
}

/// One `-e inject=` or `-e fault=`: the calls it covers and what it does to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub set: SyscallSet,
    pub action: Action,
}

/// Every rule given, in command-line order: for a call, the last rule that names it
/// decides (strace overwrites a syscall's entry with each new option).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tamper {
    rules: Vec<Rule>,
}

/// Which rule's countdown a thread keeps per syscall.
pub type Countdowns = HashMap<u64, When>;

impl Tamper {
    pub fn push(&mut self, rule: Rule) {
        self.rules.push(rule);
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every `retval=` value given.
    pub fn retvals(&self) -> impl Iterator<Item = u64> + '_ {
        self.rules.iter().filter_map(|r| match r.action.outcome {
            Some(Outcome::Retval(v)) => Some(v),
            _ => None,
        })
    }

    /// The rule for syscall `nr`, if any.
    pub fn rule_for(&self, nr: u64) -> Option<&Rule> {
        self.rules.iter().rev().find(|r| r.set.contains(nr))
    }

    /// Counts this invocation of `nr` by the thread whose countdowns these are; the
    /// action to take if it is one `when=` chooses.
    pub fn fires(&self, nr: u64, countdowns: &mut Countdowns) -> Option<&Action> {
        let rule = self.rule_for(nr)?;
        let when = countdowns.entry(nr).or_insert(rule.action.when);
        when.fires().then_some(&rule.action)
    }
}

/// Which option a spec came from: `fault=` accepts only `error=`, `syscall=` and
/// `when=`, and defaults to ENOSYS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Inject,
    Fault,
}

/// Parses one `-e inject=` / `-e fault=` value (without the `inject=`).
pub fn parse(spec: &str, kind: Kind) -> Result<Rule, String> {
    let what = match kind {
        Kind::Inject => "inject",
        Kind::Fault => "fault",
    };
    let invalid = |why: &str| format!("invalid {what} argument '{spec}': {why}");
    // strtok(":"): empty tokens are skipped; a spec starting with ':' names no calls.
    if spec.is_empty() || spec.starts_with(':') {
        return Err(invalid("no syscall set"));
    }
    let mut tokens = spec.split(':').filter(|t| !t.is_empty());
    let set_spec = tokens.next().unwrap_or_default();
    let mut action = Action::default();
    let mut seen = Seen::default();
    for token in tokens {
        parse_token(token, kind, &mut action, &mut seen).map_err(|why| invalid(&why))?;
    }
    let set = filter::parse_trace_set(set_spec).map_err(|e| invalid(&e.to_string()))?;
    if !seen.any_action() {
        match kind {
            Kind::Fault => action.outcome = Some(Outcome::Error(libc::ENOSYS as u16)),
            Kind::Inject => {
                return Err(invalid(
                    "give at least one of error=, retval=, signal=, delay_enter=, \
                     delay_exit=, poke_enter=, poke_exit=",
                ))
            }
        }
    }
    Ok(Rule { set, action })
}

/// Which tokens a spec had (strace refuses most of them twice).
#[derive(Default)]
struct Seen {
    outcome: bool,
    syscall: bool,
    signal: bool,
    delay_enter: bool,
    delay_exit: bool,
    poke_enter: bool,
    poke_exit: bool,
}

impl Seen {
    fn any_action(&self) -> bool {
        self.outcome
            || self.signal
            || self.delay_enter
            || self.delay_exit
            || self.poke_enter
            || self.poke_exit
    }
}

fn once(seen: &mut bool, name: &str) -> Result<(), String> {
    if std::mem::replace(seen, true) {
        return Err(format!("{name}= given twice"));
    }
    Ok(())
}

fn parse_token(token: &str, kind: Kind, a: &mut Action, seen: &mut Seen) -> Result<(), String> {
    let (key, val) = token
        .split_once('=')
        .ok_or_else(|| format!("'{token}' is not KEY=VALUE"))?;
    let inject_only = |key: &str| -> Result<(), String> {
        match kind {
            Kind::Inject => Ok(()),
            Kind::Fault => Err(format!("{key}= is for inject=, not fault=")),
        }
    };
    match key {
        "when" => a.when = parse_when(val)?,
        "syscall" => {
            once(&mut seen.syscall, key)?;
            let nr =
                decode::syscall_number(val).ok_or_else(|| format!("unknown syscall '{val}'"))?;
            let pure = decode::class_syscalls("pure").unwrap_or_default();
            if !pure.iter().any(|&p| u64::from(p) == nr) {
                return Err(format!(
                    "syscall={val}: only calls without side effects (%pure) can be injected"
                ));
            }
            a.syscall = Some(nr);
        }
        "error" => {
            if seen.outcome {
                return Err("at most one error= or retval=".into());
            }
            seen.outcome = true;
            a.outcome = Some(Outcome::Error(parse_errno(val)?));
        }
        "retval" => {
            inject_only(key)?;
            if seen.outcome {
                return Err("at most one error= or retval=".into());
            }
            seen.outcome = true;
            a.outcome = Some(Outcome::Retval(parse_retval(val)?));
        }
        "signal" => {
            inject_only(key)?;
            once(&mut seen.signal, key)?;
            a.signal = Some(parse_signal(val)?);
        }
        "delay_enter" | "delay_exit" => {
            inject_only(key)?;
            let (flag, slot) = if key == "delay_enter" {
                (&mut seen.delay_enter, &mut a.delay_enter)
            } else {
                (&mut seen.delay_exit, &mut a.delay_exit)
            };
            once(flag, key)?;
            *slot = Some(parse_delay(val)?);
        }
        "poke_enter" | "poke_exit" => {
            inject_only(key)?;
            let (flag, slot) = if key == "poke_enter" {
                (&mut seen.poke_enter, &mut a.poke_enter)
            } else {
                (&mut seen.poke_exit, &mut a.poke_exit)
            };
            once(flag, key)?;
            *slot = parse_pokes(val)?;
        }
        _ => return Err(format!("unknown action '{key}='")),
    }
    Ok(())
}

/// strace's `string_to_uint_ex`: a decimal number (leading blanks and a `+` allowed) up
/// to `max`, followed by nothing or by one of `endings`; the rest after it.
fn leading_uint<'a>(s: &'a str, max: u64, endings: &str) -> Option<(u64, &'a str)> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let t = t.strip_prefix('+').unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let v: u64 = t[..digits].parse().ok()?;
    let rest = &t[digits..];
    if v > max || rest.chars().next().is_some_and(|c| !endings.contains(c)) {
        return None;
    }
    Some((v, rest))
}

/// `FIRST[..LAST][+[STEP]]` (strace's grammar and bounds).
fn parse_when(v: &str) -> Result<When, String> {
    let bad = || format!("when={v}: expected FIRST[..LAST][+[STEP]], numbers 1..65535");
    let (first, mut rest) = leading_uint(v, u64::from(LAST_INF), "+.").ok_or_else(bad)?;
    if first < 1 {
        return Err(bad());
    }
    let mut when = When {
        first: first as u16,
        last: LAST_INF,
        step: 0,
    };
    if let Some(r) = rest.strip_prefix('.') {
        let r = r.strip_prefix('.').ok_or_else(bad)?;
        let (last, after) = leading_uint(r, u64::from(LAST_INF), "+").ok_or_else(bad)?;
        if last < first || last == u64::from(LAST_INF) {
            return Err(bad());
        }
        when.last = last as u16;
        rest = after;
    }
    match rest.strip_prefix('+') {
        Some("") => when.step = 1,
        Some(step) => {
            let (s, _) = leading_uint(step, u64::from(LAST_INF), "").ok_or_else(bad)?;
            if s < 1 {
                return Err(bad());
            }
            when.step = s as u16;
        }
        None if when.last == LAST_INF => when.step = 0,
        None => when.step = 1,
    }
    Ok(when)
}

/// A number 1..=4095 or a name such as `ENOENT` (any case).
fn parse_errno(v: &str) -> Result<u16, String> {
    let n = match leading_uint(v, MAX_ERRNO, "") {
        Some((n, _)) => n,
        None => (1..=MAX_ERRNO as i32)
            .find(|&e| decode::errno_name(e).is_some_and(|name| name.eq_ignore_ascii_case(v)))
            .map_or(0, |e| e as u64),
    };
    if n < 1 {
        return Err(format!("error={v}: not an errno name or a number 1..4095"));
    }
    Ok(n as u16)
}

/// strtoull with base 0: decimal, `0x` hex or `0` octal; a leading `-` wraps as in C.
fn parse_retval(v: &str) -> Result<u64, String> {
    let bad = || format!("retval={v}: not a number");
    let t = v.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, h)
    } else if t.len() > 1 && t.starts_with('0') {
        (8, &t[1..])
    } else {
        (10, t)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return Err(bad());
    }
    let n = u64::from_str_radix(digits, radix).map_err(|_| bad())?;
    Ok(if neg { n.wrapping_neg() } else { n })
}

/// A number 1..=64 or a name, `SIGUSR1` or `usr1` (any case).
fn parse_signal(v: &str) -> Result<u8, String> {
    let n = if v.starts_with(|c: char| c.is_ascii_digit()) {
        leading_uint(v, 255, "").map_or(0, |(n, _)| n)
    } else {
        let bare = match v.get(..3) {
            Some(p) if p.eq_ignore_ascii_case("SIG") => &v[3..],
            _ => v,
        };
        (1..=MAX_SIGNAL as i32)
            .find(|&s| {
                let name = decode::signal_name(s);
                name.strip_prefix("SIG")
                    .is_some_and(|n| n.eq_ignore_ascii_case(bare))
            })
            .map_or(0, |s| s as u64)
    };
    if !(1..=MAX_SIGNAL).contains(&n) {
        return Err(format!("signal={v}: not a signal name or a number 1..64"));
    }
    Ok(n as u8)
}

/// strace's time format: a decimal number (a fraction allowed) with an optional unit,
/// `s`, `ms`, `us` (the default) or `ns`.
pub fn parse_delay(v: &str) -> Result<Duration, String> {
    let bad = || format!("delay {v}: expected a time such as 100, 1.5ms, 2s");
    let num_len = v
        .bytes()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        .count();
    // An exponent's `e` could be eaten from a unit: none of the units has one.
    let (num, unit) = v.split_at(num_len);
    let scale_ns: f64 = match unit {
        "" | "us" => 1e3,
        "s" => 1e9,
        "ms" => 1e6,
        "ns" => 1.0,
        _ => return Err(bad()),
    };
    let x: f64 = num.parse().map_err(|_| bad())?;
    let ns = x * scale_ns;
    if !ns.is_finite() || ns < 0.0 || ns > u64::MAX as f64 {
        return Err(bad());
    }
    Ok(Duration::from_nanos(ns as u64))
}

/// `@argN=HEX[,@argM=HEX...]`: N in 1..=7, an even number of hex digits (at most 2048),
/// each argument once.
fn parse_pokes(v: &str) -> Result<Vec<Poke>, String> {
    let bad = |why: &str| format!("poke {v}: {why}");
    if v.is_empty() {
        return Err(bad("expected @argN=HEX"));
    }
    let mut out: Vec<Poke> = Vec::new();
    for item in v.split(',').filter(|i| !i.is_empty()) {
        let rest = item
            .strip_prefix("@arg")
            .ok_or_else(|| bad("expected @argN=HEX"))?;
        let mut chars = rest.chars();
        let arg = match chars.next() {
            Some(c @ '1'..='7') => c as u8 - b'0',
            _ => return Err(bad("the argument is @arg1 .. @arg7")),
        };
        let hex = chars
            .as_str()
            .strip_prefix('=')
            .ok_or_else(|| bad("expected @argN=HEX"))?;
        if hex.is_empty() || hex.len() % 2 != 0 || hex.len() > MAX_POKE_DIGITS {
            return Err(bad("data is an even number of hex digits, at most 2048"));
        }
        let data = (0..hex.len())
            .step_by(2)
            .map(|i| {
                hex.get(i..i + 2)
                    .and_then(|d| u8::from_str_radix(d, 16).ok())
                    .filter(|_| hex.as_bytes()[i].is_ascii_hexdigit())
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| bad("data is hex digits"))?;
        if out.iter().any(|p| p.arg == arg) {
            return Err(bad("an argument poked twice"));
        }
        out.push(Poke { arg, data });
    }
    if out.is_empty() {
        return Err(bad("expected @argN=HEX"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn action(spec: &str) -> Action {
        parse(spec, Kind::Inject).unwrap().action
    }

    fn fired(when: &str, n: usize) -> Vec<usize> {
        let mut w = parse_when(when).unwrap();
        (1..=n).filter(|_| w.fires()).collect()
    }

    #[test]
    fn when_counts_as_strace_does() {
        assert_eq!(fired("2+", 5), [2, 3, 4, 5]);
        assert_eq!(fired("3", 6), [3]);
        assert_eq!(fired("2+3", 10), [2, 5, 8]);
        assert_eq!(fired("2..4", 10), [2, 3, 4]);
        assert_eq!(fired("1..7+3", 12), [1, 4, 7]);
        assert_eq!(fired("2..5+", 8), [2, 3, 4, 5]);
        let mut every = When::default();
        assert!((0..5).all(|_| every.fires()));
        for bad in [
            "0", "", "+", "2..1", "1..65535", "1.2", "1..", "2+0", "65536", "1+x",
        ] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn actions_parse_as_strace_reads_them() {
        let a = action("openat:error=ENOENT:when=2+");
        assert_eq!(a.outcome, Some(Outcome::Error(2)));
        assert_eq!(action("open:error=enoent").outcome, Some(Outcome::Error(2)));
        assert_eq!(action("open:error=22").outcome, Some(Outcome::Error(22)));
        assert_eq!(
            action("getpid:retval=0x2a").outcome,
            Some(Outcome::Retval(42))
        );
        assert_eq!(
            action("getpid:retval=010").outcome,
            Some(Outcome::Retval(8))
        );
        assert_eq!(action("getpid:signal=SIGUSR1").signal, Some(10));
        assert_eq!(action("getpid:signal=usr1").signal, Some(10));
        assert_eq!(action("getpid:signal=9").signal, Some(9));
        assert_eq!(
            action("getppid:syscall=getpid:error=EPERM").syscall,
            crate::decode::syscall_number("getpid")
        );
        assert_eq!(
            action("read:delay_enter=1.5ms").delay_enter,
            Some(Duration::from_micros(1500))
        );
        assert_eq!(
            action("read:delay_exit=20").delay_exit,
            Some(Duration::from_micros(20))
        );
        assert_eq!(
            action("write:poke_enter=@arg2=4142,@arg3=00").poke_enter,
            [
                Poke {
                    arg: 2,
                    data: vec![0x41, 0x42]
                },
                Poke {
                    arg: 3,
                    data: vec![0]
                }
            ]
        );
        assert_eq!(
            parse("chdir", Kind::Fault).unwrap().action.outcome,
            Some(Outcome::Error(libc::ENOSYS as u16))
        );
        assert_eq!(action("open::error=1").outcome, Some(Outcome::Error(1)));
    }

    #[test]
    fn bad_specs_are_refused_with_a_reason() {
        for (spec, kind) in [
            ("openat", Kind::Inject),
            ("openat:error=ENOENT:retval=1", Kind::Inject),
            ("openat:error=0", Kind::Inject),
            ("openat:error=4096", Kind::Inject),
            ("openat:error=ENOTANERRNO", Kind::Inject),
            ("openat:signal=0", Kind::Inject),
            ("openat:signal=65", Kind::Inject),
            ("openat:signal=SIGNOPE", Kind::Inject),
            ("openat:retval=x", Kind::Inject),
            ("openat:retval=1", Kind::Fault),
            ("openat:syscall=openat:error=1", Kind::Inject),
            ("openat:poke_enter=@arg8=00", Kind::Inject),
            ("openat:poke_enter=@arg1=0", Kind::Inject),
            ("openat:poke_enter=@arg1=zz", Kind::Inject),
            ("openat:poke_enter=@arg1=00,@arg1=11", Kind::Inject),
            ("openat:delay_enter=1h", Kind::Inject),
            ("openat:delay_enter=-1", Kind::Inject),
            ("openat:bogus=1", Kind::Inject),
            (":error=1", Kind::Inject),
            ("", Kind::Fault),
            ("nosuchcall:error=1", Kind::Inject),
        ] {
            let e = parse(spec, kind).unwrap_err();
            assert!(e.starts_with("invalid "), "{spec}: {e}");
        }
    }

    #[test]
    fn the_last_rule_naming_a_call_decides() {
        let mut t = Tamper::default();
        t.push(parse("openat,read:error=EPERM", Kind::Inject).unwrap());
        t.push(parse("openat:retval=3:when=2", Kind::Inject).unwrap());
        let openat = crate::decode::syscall_number("openat").unwrap();
        let read = crate::decode::syscall_number("read").unwrap();
        let mut counts = Countdowns::new();
        assert!(t.fires(openat, &mut counts).is_none());
        assert_eq!(
            t.fires(openat, &mut counts).unwrap().outcome,
            Some(Outcome::Retval(3))
        );
        assert_eq!(
            t.fires(read, &mut counts).unwrap().outcome,
            Some(Outcome::Error(libc::EPERM as u16))
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(spec in ".{0,80}") {
            let _ = parse(&spec, Kind::Inject);
            let _ = parse(&spec, Kind::Fault);
        }

        #[test]
        fn parsing_shaped_specs_never_panics(
            set in proptest::sample::select(vec!["openat", "read", "%file", "all", "!write", "/^get"]),
            tokens in proptest::collection::vec(
                "(error|retval|signal|syscall|delay_enter|delay_exit|poke_enter|poke_exit|when)=[-+.@a-zA-Z0-9=,x]{0,12}",
                0..5,
            ),
        ) {
            let spec = format!("{set}:{}", tokens.join(":"));
            if let Ok(rule) = parse(&spec, Kind::Inject) {
                let mut w = rule.action.when;
                for _ in 0..100 {
                    w.fires();
                }
            }
        }
    }
}
