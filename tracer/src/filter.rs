//! Which calls are shown: the syscall set (`-e trace=`, `--filter`), the thread filter
//! (`--pid`) and the result filter (`-z`/`-Z`). Decided by number at syscall entry, so a
//! call that is not shown is never decoded.

use crate::decode;
use crate::error::TracerError;
use crate::select::{NumberSet, PathSelect, Quiet, Status};
use crate::suggest;

/// Syscall numbers are below 512 on x86-64 (x32 numbers excepted, which we never show
/// unless the set is "everything").
const SET_WORDS: usize = 8;
const SET_SIZE: u64 = (SET_WORDS * 64) as u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyscallSet {
    bits: [u64; SET_WORDS],
    /// Whether numbers at or beyond SET_SIZE are included.
    beyond: bool,
}

impl SyscallSet {
    pub fn all() -> Self {
        SyscallSet {
            bits: [u64::MAX; SET_WORDS],
            beyond: true,
        }
    }

    pub fn none() -> Self {
        SyscallSet {
            bits: [0; SET_WORDS],
            beyond: false,
        }
    }

    #[inline]
    pub fn contains(&self, nr: u64) -> bool {
        if nr >= SET_SIZE {
            return self.beyond;
        }
        self.bits[(nr / 64) as usize] & (1 << (nr % 64)) != 0
    }

    pub fn insert(&mut self, nr: u64) {
        if nr < SET_SIZE {
            self.bits[(nr / 64) as usize] |= 1 << (nr % 64);
        }
    }

    pub fn union(&mut self, other: &SyscallSet) {
        for (a, b) in self.bits.iter_mut().zip(other.bits.iter()) {
            *a |= b;
        }
        self.beyond |= other.beyond;
    }

    pub fn intersect(&mut self, other: &SyscallSet) {
        for (a, b) in self.bits.iter_mut().zip(other.bits.iter()) {
            *a &= b;
        }
        self.beyond &= other.beyond;
    }

    fn negate(&mut self) {
        for w in &mut self.bits {
            *w = !*w;
        }
        self.beyond = !self.beyond;
    }

    pub fn is_all(&self) -> bool {
        *self == Self::all()
    }
}

/// Parses strace's trace-set syntax: `[!]item,item,...` where an item is a syscall name,
/// `%class` (or a bare class name, as older strace allowed), `/regex` over names, `all`
/// or `none`. A leading `?` on an item ignores it when unknown, as in strace; empty items
/// are skipped. An item may end in a personality, `@64` (x86-64: what it selects anyway),
/// `@32` (i386) or `@x32`: only x86-64 calls are decoded here, so the last two select
/// nothing (their names are checked against the x86-64 table, the only one known).
pub fn parse_trace_set(spec: &str) -> Result<SyscallSet, TracerError> {
    let (negated, body) = match spec.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let mut set = SyscallSet::none();
    let items: Vec<&str> = body.split(',').filter(|i| !i.is_empty()).collect();
    if items.is_empty() {
        return Err(TracerError::Usage(format!("empty syscall set in '{spec}'")));
    }
    for raw_item in items {
        let (optional, item) = match raw_item.strip_prefix('?') {
            Some(rest) => (true, rest),
            None => (false, raw_item),
        };
        match parse_personal_item(item) {
            Ok(s) => set.union(&s),
            Err(_) if optional => {}
            Err(e) => return Err(e),
        }
    }
    if negated {
        set.negate();
    }
    Ok(set)
}

/// An item with its `@64`/`@32`/`@x32` suffix, if any.
fn parse_personal_item(item: &str) -> Result<SyscallSet, TracerError> {
    let Some((name, personality)) = item.rsplit_once('@') else {
        return parse_item(item);
    };
    if !matches!(personality, "64" | "32" | "x32") {
        return Err(TracerError::Usage(format!(
            "incorrect personality designator '{personality}' in qualification '{item}'"
        )));
    }
    if name == "none" {
        // As strace: `none` takes no personality.
        return Err(TracerError::Usage(format!("unknown syscall '{item}'")));
    }
    let set = parse_item(name)?;
    Ok(match personality {
        "64" => set,
        _ => SyscallSet::none(),
    })
}

fn parse_item(item: &str) -> Result<SyscallSet, TracerError> {
    let mut set = SyscallSet::none();
    if item == "all" {
        return Ok(SyscallSet::all());
    }
    if item == "none" {
        return Ok(set);
    }
    if let Some(pattern) = item.strip_prefix('/') {
        let re = regex::Regex::new(pattern).map_err(|e| {
            TracerError::Usage(format!(
                "invalid regex '{pattern}' in syscall set: {}",
                regex_reason(&e)
            ))
        })?;
        for (nr, name) in decode::all_syscalls() {
            if re.is_match(name) {
                set.insert(nr);
            }
        }
        return Ok(set);
    }
    if let Some(class) = item.strip_prefix('%') {
        // strace's short name for the network class.
        let class = if class == "net" { "network" } else { class };
        let members = decode::class_syscalls(class).ok_or_else(|| {
            let near = suggest::nearest(class, decode::class_names().map(|c| (c, c)));
            TracerError::Usage(format!(
                "unknown syscall class '%{class}'{}",
                suggest::did_you_mean(near.map(|c| format!("%{c}")).as_deref())
            ))
        })?;
        for &nr in members {
            set.insert(u64::from(nr));
        }
        return Ok(set);
    }
    if let Some(nr) = decode::syscall_number(item) {
        set.insert(nr);
        return Ok(set);
    }
    if let Some(members) = decode::class_syscalls(item) {
        for &nr in members {
            set.insert(u64::from(nr));
        }
        return Ok(set);
    }
    // A bare class name is accepted too, so it may be what was meant; it is offered in
    // its usual `%class` spelling.
    let names = decode::all_syscalls().map(|(_, n)| (n, n.to_string()));
    let classes = decode::class_names().map(|c| (c, format!("%{c}")));
    let near = suggest::nearest(item, names.chain(classes));
    Err(TracerError::Usage(format!(
        "unknown syscall '{item}'{}",
        suggest::did_you_mean(near.as_deref())
    )))
}

/// Why a pattern is not a regex, in one line: the regex crate's message draws the pattern
/// with a caret under the fault on lines of their own and ends with `error: REASON`.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    let reason = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .or_else(|| text.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("not a valid regex");
    reason.to_string()
}

/// What is shown: the syscall set, the threads, and strace's further selections.
#[derive(Debug, Clone)]
pub struct Filter {
    pub syscalls: SyscallSet,
    /// `--pid`: real pids or tids; empty means every thread.
    pub threads: Vec<i32>,
    /// `-e status=` (`-z`, `-Z`): the outcomes of the calls shown ([`Status`] numbers).
    pub status: NumberSet,
    /// `-e signal=`: the signals whose `---` and `+++ killed by` lines are shown.
    pub signals: NumberSet,
    /// `-e quiet=`, `-q`: the messages left out ([`Quiet`] numbers).
    pub quiet: NumberSet,
    /// `-P` / `-e trace-fds=`: only calls that touch these paths or descriptors.
    pub paths: Option<PathSelect>,
    /// `--syscall-limit=N`: tracing stops after N calls shown (or counted, with `-c`).
    pub syscall_limit: Option<u64>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            syscalls: SyscallSet::all(),
            threads: Vec::new(),
            status: NumberSet::all(),
            signals: NumberSet::all(),
            quiet: NumberSet::none(),
            paths: None,
            syscall_limit: None,
        }
    }
}

impl Filter {
    #[inline]
    pub fn shows_thread(&self, pid: i32, tid: i32) -> bool {
        self.threads.is_empty() || self.threads.contains(&pid) || self.threads.contains(&tid)
    }

    /// At exit: whether a call that returned `ret` (`None`: it never returned) passes
    /// `-e status=`.
    #[inline]
    pub fn shows_result(&self, ret: Option<i64>) -> bool {
        self.shows_status(ret.map_or(Status::Unfinished, Status::of_return))
    }

    #[inline]
    pub fn shows_status(&self, status: Status) -> bool {
        self.status.contains(status as u32)
    }

    /// Every outcome is shown: calls may be printed in parts (`<unfinished ...>`);
    /// otherwise a call is printed whole once its outcome is known, as strace does.
    pub fn shows_every_status(&self) -> bool {
        self.status.covers(Status::COUNT)
    }

    /// Whether lines about signal `sig` are shown (`-e signal=`).
    #[inline]
    pub fn shows_signal(&self, sig: i32) -> bool {
        u32::try_from(sig).is_ok_and(|s| self.signals.contains(s))
    }

    /// Whether a message is left out (`-e quiet=`).
    #[inline]
    pub fn quiets(&self, what: Quiet) -> bool {
        self.quiet.contains(what as u32)
    }

    /// At entry: whether the call touches a selected path or descriptor (always, without
    /// `-P` and `-e trace-fds=`).
    #[inline]
    pub fn shows_call(
        &self,
        nr: u64,
        args: &[u64; 6],
        world: &mut dyn crate::decode::Tracee,
    ) -> bool {
        self.paths
            .as_ref()
            .is_none_or(|p| p.matches(nr, args, world))
    }

    /// The calls that may be shown: the syscall set, narrowed by `-P`/`-e trace-fds=` to
    /// the calls that can touch a path or descriptor. A seccomp filter stops on these.
    pub fn traced_syscalls(&self) -> SyscallSet {
        match &self.paths {
            None => self.syscalls.clone(),
            Some(p) => {
                let mut set = SyscallSet::none();
                for nr in p.candidates() {
                    set.insert(nr);
                }
                set.intersect(&self.syscalls);
                set
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nr(name: &str) -> u64 {
        decode::syscall_number(name).expect("known to every decoder")
    }

    #[test]
    fn names_and_negation() {
        let s = parse_trace_set("write,exit_group").unwrap();
        assert!(s.contains(nr("write")) && s.contains(nr("exit_group")) && !s.contains(nr("read")));
        let n = parse_trace_set("!write").unwrap();
        assert!(!n.contains(nr("write")) && n.contains(nr("read")) && n.contains(1000));
    }

    #[test]
    fn regex_and_all_none() {
        let s = parse_trace_set("/^(read|write)$").unwrap();
        assert!(s.contains(nr("read")) && s.contains(nr("write")) && !s.contains(nr("execve")));
        assert!(parse_trace_set("all").unwrap().is_all());
        assert!(!parse_trace_set("none").unwrap().contains(nr("read")));
    }

    #[test]
    fn unknown_names_are_errors_unless_optional() {
        let e = parse_trace_set("write,frobnicate").unwrap_err();
        assert_eq!(e.to_string(), "unknown syscall 'frobnicate'");
        assert!(parse_trace_set("%nonsense")
            .unwrap_err()
            .to_string()
            .contains("unknown syscall class"));
        assert!(parse_trace_set("?frobnicate,write")
            .unwrap()
            .contains(nr("write")));
        assert!(parse_trace_set("/(").is_err());
        assert!(parse_trace_set("").is_err());
        assert!(parse_trace_set(",").is_err());
    }

    #[test]
    fn empty_items_and_personalities() {
        let s = parse_trace_set(",read,,write,").unwrap();
        assert_eq!(s, parse_trace_set("read,write").unwrap());
        assert_eq!(
            parse_trace_set("read@64").unwrap(),
            parse_trace_set("read").unwrap()
        );
        assert_eq!(
            parse_trace_set("/^read$@64,%file@64").unwrap(),
            parse_trace_set("/^read$,%file").unwrap()
        );
        assert!(parse_trace_set("all@64").unwrap().is_all());
        assert_eq!(
            parse_trace_set("%net").unwrap(),
            parse_trace_set("%network").unwrap()
        );
        assert_eq!(
            parse_trace_set("read@32,write@x32").unwrap(),
            SyscallSet::none()
        );
        assert!(parse_trace_set("!read@32").unwrap().is_all());
        let e = |s: &str| parse_trace_set(s).unwrap_err().to_string();
        assert_eq!(
            e("read@65"),
            "incorrect personality designator '65' in qualification 'read@65'"
        );
        assert_eq!(
            e("read@"),
            "incorrect personality designator '' in qualification 'read@'"
        );
        assert_eq!(e("none@32"), "unknown syscall 'none@32'");
        assert!(e("read@64@64").starts_with("unknown syscall 'read@64'"));
        assert!(e("frob@32").starts_with("unknown syscall 'frob'"));
        assert!(parse_trace_set("?frob@32,read")
            .unwrap()
            .contains(nr("read")));
    }

    #[test]
    fn a_bad_regex_says_why_in_one_line() {
        for (pattern, reason) in [
            ("[", "unclosed character class"),
            ("(", "unclosed group"),
            ("\\p{Nope}", "Unicode property not found"),
            ("(?P<a>x)(?P<a>y)", "duplicate capture group name"),
            (
                "a{9999999}",
                "Compiled regex exceeds size limit of 10485760 bytes.",
            ),
        ] {
            let e = parse_trace_set(&format!("/{pattern}"))
                .unwrap_err()
                .to_string();
            assert_eq!(
                e,
                format!("invalid regex '{pattern}' in syscall set: {reason}")
            );
        }
    }

    #[test]
    fn near_misses_are_suggested() {
        let e = |s: &str| parse_trace_set(s).unwrap_err().to_string();
        assert_eq!(e("opn"), "unknown syscall 'opn' (did you mean 'open'?)");
        assert_eq!(
            e("read,wrtie"),
            "unknown syscall 'wrtie' (did you mean 'write'?)"
        );
        assert_eq!(
            e("%fiel"),
            "unknown syscall class '%fiel' (did you mean '%file'?)"
        );
        assert_eq!(
            e("%%sta"),
            "unknown syscall class '%%sta' (did you mean '%%stat'?)"
        );
        assert_eq!(e("fiel"), "unknown syscall 'fiel' (did you mean '%file'?)");
        assert_eq!(e("frobnicate"), "unknown syscall 'frobnicate'");
        assert_eq!(e("%nosuchclass"), "unknown syscall class '%nosuchclass'");
    }

    #[test]
    fn result_filter() {
        let mut f = Filter::default();
        assert!(f.shows_result(None) && f.shows_every_status());
        f.status = NumberSet::of([Status::Successful as u32]);
        assert!(f.shows_result(Some(0)) && !f.shows_result(Some(-2)) && !f.shows_result(None));
        assert!(!f.shows_every_status());
        f.status = NumberSet::of([Status::Failed as u32]);
        assert!(!f.shows_result(Some(3)) && f.shows_result(Some(-2)));
    }
}
