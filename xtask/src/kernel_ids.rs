//! Where a rendered call holds numbers the kernel hands out afresh on every run (pids,
//! System V IPC ids, key serials, timer ids, inotify watches), as `syscalls.toml` types
//! them: `pid` and `kernel_id[KIND]` arguments, returns and struct fields, and the
//! fields the Rust-rendered vocabulary types print (`si_pid=`). The differential harness
//! masks these places and no others: a `6` that is a shm id is masked in `shmctl(6, ...)`,
//! never in `libc.so.6` or a length of 6.
use codegen::model::Dir;
use codegen::types::{TypeExpr, VOCAB_ID_FIELDS};
use codegen::validate::{SelectSpec, Spec, VariantSpec};
use std::collections::HashMap;
use std::ops::Range;

/// The kind of process and thread ids (the vocabulary's `pid`).
pub const PID: &str = "pid";

/// One id found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the number in the line.
    pub range: Range<usize>,
    pub kind: String,
    pub value: i64,
    /// The kernel handed the value out in this call: the return value, or memory the
    /// call wrote (an out argument). Inputs only name ids handed out before.
    pub output: bool,
    /// It is the call's return value.
    pub ret: bool,
}

/// Where ids stand inside one rendered value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// The value is an id: `6`.
    Whole(String),
    /// Ids as the elements of brackets: `[6]`, `[6 => 7]`, `[6, 7]`.
    Elements(String),
    /// Fields holding ids, by their printed names: `{..., shm_cpid=1234, ...}`.
    Fields(Vec<(String, String)>),
}

/// Where ids stand in a return value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RetSlot {
    Id(String),
    /// rt_sigreturn's: the value of the call the signal interrupted, so an id of the
    /// kind that call returned when it is the same number.
    Restored,
}

/// One argument, or one select[] variant of it: what the harness needs to know.
#[derive(Debug, Clone)]
struct Shape {
    /// The type the value is printed as, to read it back when it selects or
    /// conditions another argument.
    ty: TypeExpr,
    slot: Option<Slot>,
    output: bool,
    /// `none`: strace prints nothing for it, not even a comma.
    hidden: bool,
    /// For a select[] variant: the return value's.
    ret: Option<RetSlot>,
}

/// A variant's values: pairs (or single values under one `on`), and the values given
/// alone under two `on`.
type VariantValues = (Vec<u64>, Vec<u64>);

#[derive(Debug, Clone)]
struct Choice {
    on: usize,
    on2: Option<usize>,
    mask: Option<u64>,
    /// (pairs or single values, values given alone under two `on`), shape.
    variants: Vec<(VariantValues, Shape)>,
    default: Shape,
}

#[derive(Debug, Clone)]
struct ArgIds {
    name: String,
    fixed: Shape,
    choice: Option<Choice>,
    /// Shown only when `args[.0] & .1` is nonzero (every bit with .2).
    cond: Option<(usize, u64, bool)>,
}

impl ArgIds {
    /// Whether the renderer may leave it out, depending on other arguments' values.
    fn optional(&self) -> bool {
        self.fixed.hidden || self.choice.is_some() || self.cond.is_some()
    }
}

#[derive(Debug, Clone)]
enum RetIds {
    Fixed(Option<RetSlot>),
    /// Chosen with this argument's select[] table.
    ByArg(usize),
}

#[derive(Debug, Clone)]
struct CallIds {
    args: Vec<ArgIds>,
    ret: RetIds,
    /// A hand-written renderer (`custom = ...`): its arguments are matched by the names
    /// it prints (`parent_tid=[42]`), not by position.
    custom: bool,
}

/// The table's knowledge of ids, per syscall name.
pub struct IdTable {
    calls: HashMap<String, CallIds>,
    /// Constant names of every enum and flags table, for reading a selector back.
    names: HashMap<String, HashMap<String, u64>>,
}

impl IdTable {
    pub fn from_spec(spec: &Spec) -> IdTable {
        let r = Resolver { spec };
        let mut calls = HashMap::new();
        for sc in spec.syscalls.iter().filter(|s| !s.reserved) {
            let args: Vec<ArgIds> = sc
                .args
                .iter()
                .map(|a| {
                    let choice = (a.ty.name == "select").then(|| {
                        let sel = r.select(&a.ty);
                        Choice {
                            on: a.on.expect("validated"),
                            on2: a.on2,
                            mask: sel.mask,
                            variants: sel
                                .variants
                                .iter()
                                .map(|v| (alone(v, a.on2.is_some()), r.variant(v)))
                                .collect(),
                            default: r.variant(&sel.default),
                        }
                    });
                    ArgIds {
                        name: a.name.clone(),
                        fixed: Shape {
                            ty: a.ty.clone(),
                            slot: r.slot(&a.ty),
                            output: a.dir != Dir::In,
                            hidden: a.ty.name == "none",
                            ret: None,
                        },
                        choice,
                        cond: a.cond.map(|(j, m)| (j, m, a.cond_all)),
                    }
                })
                .collect();
            let ret = match &sc.ret {
                Some(t) if t.name == "select" => RetIds::ByArg(
                    sc.args
                        .iter()
                        .position(|a| a.ty == *t)
                        .expect("validated: a select[] return has its argument"),
                ),
                Some(t) => RetIds::Fixed(r.ret_slot(t)),
                None => RetIds::Fixed(None),
            };
            let call = CallIds {
                args,
                ret,
                custom: sc.custom.is_some(),
            };
            if call.has_ids() {
                calls.insert(sc.name.clone(), call);
            }
        }
        let mut names: HashMap<String, HashMap<String, u64>> = HashMap::new();
        for (n, e) in &spec.enums {
            let m = names.entry(n.clone()).or_default();
            m.extend(e.values.iter().map(|(k, v)| (k.clone(), *v as u64)));
        }
        for (n, f) in &spec.flags {
            let m = names.entry(n.clone()).or_default();
            m.extend(f.bits.iter().cloned());
            m.extend(f.fields.iter().flat_map(|x| x.values.iter().cloned()));
        }
        IdTable { calls, names }
    }

    /// Every id the table places in `line` (`name(args) = ret`, as strace prints it).
    /// `previous` is the id the same thread's previous call returned, if any: what a
    /// signal return restores.
    pub fn find(&self, line: &str, previous: Option<&Found>) -> Vec<Found> {
        let mut found = Vec::new();
        let name = line.split('(').next().unwrap_or("");
        let Some(call) = self.calls.get(name) else {
            return found;
        };
        let Some(parsed) = split_call(line) else {
            return found;
        };
        let (shown, ret) = if call.custom {
            self.by_name(call, line, &parsed)
        } else {
            self.by_position(call, line, &parsed)
        };
        for (shape, range) in &shown {
            if let Some(slot) = &shape.slot {
                find_in(line, range.clone(), slot, shape.output, &mut found);
            }
        }
        let Some(r) = parsed.ret else {
            return found;
        };
        // The leading number of `6`, `6 (...)`; never an error's `-1 ENOENT (...)`.
        let end = line[r.start..].find(' ').map_or(r.end, |e| r.start + e);
        let Ok(value) = line[r.start..end].parse::<i64>() else {
            return found;
        };
        let kind = match ret {
            Some(RetSlot::Id(k)) if value >= 0 => Some((k, true)),
            Some(RetSlot::Restored) => previous
                .filter(|p| p.value == value)
                .map(|p| (p.kind.clone(), false)),
            _ => None,
        };
        if let Some((kind, output)) = kind {
            found.push(Found {
                range: r.start..end,
                kind,
                value,
                output,
                ret: true,
            });
        }
        found
    }

    /// Pairs the printed arguments with the table's, in order. A hidden argument prints
    /// nothing, so the pairing makes the renderer's choices (select[] variants, `if`
    /// conditions) from the values printed before it, and stops where it cannot tell.
    fn by_position(
        &self,
        call: &CallIds,
        line: &str,
        parsed: &Parsed,
    ) -> (Vec<(Shape, Range<usize>)>, Option<RetSlot>) {
        // (table index, shape) of each printed argument, in order.
        let mut shown: Vec<(usize, Shape)> = Vec::new();
        let mut ret = match &call.ret {
            RetIds::Fixed(s) => s.clone(),
            RetIds::ByArg(_) => None,
        };
        let mut complete = true;
        for (i, a) in call.args.iter().enumerate() {
            let value = |j: usize| -> Option<u64> {
                let p = shown.iter().position(|(k, _)| *k == j)?;
                self.value_of(&line[parsed.args.get(p)?.clone()], &shown[p].1.ty)
            };
            let shape = match &a.choice {
                Some(c) => {
                    let key = match c.on2 {
                        Some(k) => value(c.on)
                            .zip(value(k))
                            .map(|(x, y)| (x << 32) | (y & 0xffff_ffff)),
                        None => value(c.on),
                    };
                    let Some(key) = key.map(|k| k & c.mask.unwrap_or(u64::MAX)) else {
                        complete = false;
                        break;
                    };
                    // A pair first; a value given alone (under two `on`) matches the
                    // first argument.
                    c.variants
                        .iter()
                        .find(|((vs, _), _)| vs.contains(&key))
                        .or_else(|| {
                            c.variants
                                .iter()
                                .find(|((_, ones), _)| ones.contains(&(key >> 32)))
                        })
                        .map_or(&c.default, |(_, s)| s)
                        .clone()
                }
                None => a.fixed.clone(),
            };
            let visible = match a.cond {
                Some((j, m, all)) => match value(j) {
                    Some(v) if all => v & m == m,
                    Some(v) => v & m != 0,
                    None => {
                        complete = false;
                        break;
                    }
                },
                None => !shape.hidden,
            };
            if matches!(call.ret, RetIds::ByArg(r) if r == i) {
                ret = shape.ret.clone();
            }
            if visible {
                shown.push((i, shape));
            }
        }
        // More or fewer arguments printed than the table explains: trust only those
        // before the first one that could have been left out.
        if complete && shown.len() != parsed.args.len() {
            let first_optional = call
                .args
                .iter()
                .position(ArgIds::optional)
                .unwrap_or(call.args.len());
            shown.retain(|(i, _)| *i < first_optional);
        }
        let shown = shown
            .into_iter()
            .zip(&parsed.args)
            .map(|((_, s), r)| (s, r.clone()))
            .collect();
        (shown, ret)
    }

    /// A hand-written renderer prints `name=value`: pairs those with the table's
    /// arguments of the same name (their declared type; a custom call has no select[]).
    fn by_name(
        &self,
        call: &CallIds,
        line: &str,
        parsed: &Parsed,
    ) -> (Vec<(Shape, Range<usize>)>, Option<RetSlot>) {
        let mut shown = Vec::new();
        for r in &parsed.args {
            let Some((name, _)) = line[r.clone()].split_once('=') else {
                continue;
            };
            if let Some(a) = call
                .args
                .iter()
                .find(|a| a.name == name && a.choice.is_none())
            {
                shown.push((a.fixed.clone(), r.start + name.len() + 1..r.end));
            }
        }
        let ret = match &call.ret {
            RetIds::Fixed(s) => s.clone(),
            RetIds::ByArg(_) => None,
        };
        (shown, ret)
    }

    /// The number a printed selector or flag argument stands for: a constant's name,
    /// names joined by `|`, or a number (`0x63 /* SHM_??? */`).
    fn value_of(&self, text: &str, ty: &TypeExpr) -> Option<u64> {
        let text = text.split(" /* ").next().unwrap_or(text).trim();
        let table = match ty.name.as_str() {
            "enum" | "flags" | "ioctl_request" => self.names.get(&ty.params[0].name),
            _ => None,
        };
        if let Some(v) = table.and_then(|t| t.get(text)) {
            return Some(*v);
        }
        let mut v = 0u64;
        for part in text.split('|') {
            v |= match table.and_then(|t| t.get(part)) {
                Some(x) => *x,
                None => number(part)?,
            };
        }
        Some(v)
    }
}

impl CallIds {
    fn has_ids(&self) -> bool {
        let shape = |s: &Shape| s.slot.is_some() || s.ret.is_some();
        self.args.iter().any(|a| {
            shape(&a.fixed)
                || a.choice
                    .as_ref()
                    .is_some_and(|c| shape(&c.default) || c.variants.iter().any(|(_, s)| shape(s)))
        }) || matches!(self.ret, RetIds::Fixed(Some(_)))
    }
}

struct Resolver<'a> {
    spec: &'a Spec,
}

impl Resolver<'_> {
    fn select(&self, t: &TypeExpr) -> &SelectSpec {
        &self
            .spec
            .selects
            .iter()
            .find(|(n, _)| *n == t.params[0].name)
            .expect("validated")
            .1
    }

    fn variant(&self, v: &VariantSpec) -> Shape {
        Shape {
            ty: v.ty.clone(),
            slot: self.slot(&v.ty),
            output: v.dir != Dir::In,
            hidden: v.ty.name == "none",
            ret: v.ret.as_ref().and_then(|t| self.ret_slot(t)),
        }
    }

    fn ret_slot(&self, t: &TypeExpr) -> Option<RetSlot> {
        match (t.name.as_str(), self.slot(t)) {
            ("restored", _) => Some(RetSlot::Restored),
            (_, Some(Slot::Whole(k))) => Some(RetSlot::Id(k)),
            _ => None,
        }
    }

    /// Where ids stand in a value of type `t`.
    fn slot(&self, t: &TypeExpr) -> Option<Slot> {
        match t.name.as_str() {
            "pid" => Some(Slot::Whole(PID.into())),
            "kernel_id" => Some(Slot::Whole(t.params[0].name.clone())),
            "ptr_to" | "array" | "ptrs" | "remaining" => match self.slot(&t.params[0])? {
                Slot::Whole(k) => Some(Slot::Elements(k)),
                other => Some(other),
            },
            "struct" | "inline" => {
                let mut fields = Vec::new();
                self.struct_fields(&t.params[0].name, &mut fields, 0);
                (!fields.is_empty()).then_some(Slot::Fields(fields))
            }
            other => VOCAB_ID_FIELDS
                .iter()
                .find(|(n, _)| *n == other)
                .map(|(_, fs)| {
                    Slot::Fields(
                        fs.iter()
                            .map(|(f, k)| (f.to_string(), k.to_string()))
                            .collect(),
                    )
                }),
        }
    }

    fn struct_fields(&self, name: &str, out: &mut Vec<(String, String)>, depth: usize) {
        let Some((_, s)) = self.spec.structs.iter().find(|(n, _)| n == name) else {
            return;
        };
        // Struct tables nest a few levels at most; the bound only guards a cycle.
        if depth > 8 {
            return;
        }
        for f in &s.fields {
            match f.ty.name.as_str() {
                "struct" | "inline" => self.struct_fields(&f.ty.params[0].name, out, depth + 1),
                _ => match self.slot(&f.ty) {
                    Some(Slot::Whole(k)) => out.push((f.name.clone(), k)),
                    Some(Slot::Fields(fs)) => out.extend(fs),
                    _ => {}
                },
            }
        }
    }
}

/// `0x1f`, `017`, `-5`, `42`.
fn number(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(h) = s.strip_prefix("0x") {
        return u64::from_str_radix(h, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(&s[1..], 8).ok();
    }
    s.parse::<i64>().ok().map(|v| v as u64)
}

/// A printed call split at its top-level commas: each argument's byte range, and the
/// return text's (after ` = `).
pub struct Parsed {
    pub args: Vec<Range<usize>>,
    pub ret: Option<Range<usize>>,
}

/// None when the line is not `name(...)...` with balanced brackets.
pub fn split_call(line: &str) -> Option<Parsed> {
    let b = line.as_bytes();
    let open = line.find('(')?;
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'"' => i = skip_string(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = line[i..].find("*/").map_or(b.len(), |e| i + e + 1);
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' if depth == 0 => {
                if i > start || !args.is_empty() {
                    args.push(start..i);
                }
                let ret = line[i + 1..].strip_prefix(" = ").map(|_| i + 4..b.len());
                return Some(Parsed { args, ret });
            }
            b')' | b']' | b'}' => depth = depth.checked_sub(1)?,
            b',' if depth == 0 && b.get(i + 1) == Some(&b' ') => {
                args.push(start..i);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of a string's closing quote (or the end of the line).
fn skip_string(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// The ids `slot` places in `line[range]`.
fn find_in(line: &str, range: Range<usize>, slot: &Slot, output: bool, found: &mut Vec<Found>) {
    let push = |found: &mut Vec<Found>, r: Range<usize>, kind: &str| {
        if let Ok(value) = line[r.clone()].parse::<i64>() {
            found.push(Found {
                range: r,
                kind: kind.to_string(),
                value,
                output,
                ret: false,
            });
        }
    };
    match slot {
        Slot::Whole(kind) => push(found, range, kind),
        Slot::Elements(kind) => atoms(line, range, |r, inside| {
            if inside == Some(b'[') {
                push(found, r, kind);
            }
        }),
        Slot::Fields(fields) => atoms(line, range, |r, _| {
            if let Some((name, _)) = line[r.clone()].split_once('=') {
                if let Some((_, kind)) = fields.iter().find(|(f, _)| f == name) {
                    push(found, r.start + name.len() + 1..r.end, kind);
                }
            }
        }),
    }
}

/// Calls `f` with each atom of `line[range]` (a run of characters outside strings and
/// comments holding none of `()[]{},` or a space: `6`, `shm_cpid=1234`) and the bracket
/// that directly encloses it.
fn atoms(line: &str, range: Range<usize>, mut f: impl FnMut(Range<usize>, Option<u8>)) {
    let b = line.as_bytes();
    let mut stack: Vec<u8> = Vec::new();
    let mut i = range.start;
    let mut start = None;
    while i < range.end {
        let c = b[i];
        let comment = c == b'/' && b.get(i + 1) == Some(&b'*');
        let delimiter = comment
            || matches!(
                c,
                b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b' ' | b'"'
            );
        if delimiter {
            if let Some(s) = start.take() {
                f(s..i, stack.last().copied());
            }
        } else if start.is_none() {
            start = Some(i);
        }
        match c {
            b'"' => i = skip_string(b, i).min(range.end),
            _ if comment => {
                i = line[i..range.end]
                    .find("*/")
                    .map_or(range.end, |e| i + e + 1);
            }
            b'(' | b'[' | b'{' => stack.push(c),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(s) = start {
        f(s..range.end, stack.last().copied());
    }
}

/// The workspace's table, read once for all tests (validating it takes seconds in a
/// debug build).
#[cfg(test)]
pub fn test_table() -> &'static IdTable {
    static TABLE: std::sync::OnceLock<IdTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../syscalls.toml");
        IdTable::from_spec(&codegen::load(&path).unwrap())
    })
}

/// A variant's values (pairs, or single values under one `on`) and, under two `on`, the
/// values given alone, which match the first argument whatever the second.
fn alone(v: &VariantSpec, two: bool) -> VariantValues {
    let (mut whole, mut firsts) = (Vec::new(), Vec::new());
    for (x, pair) in v.values.iter().zip(&v.pairs) {
        if two && !pair {
            firsts.push(*x);
        } else {
            whole.push(*x);
        }
    }
    (whole, firsts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(t: &IdTable, line: &str) -> Vec<(String, String, bool)> {
        t.find(line, None)
            .into_iter()
            .map(|f| (line[f.range].to_string(), f.kind, f.output))
            .collect()
    }

    fn id(text: &str, kind: &str, output: bool) -> (String, String, bool) {
        (text.to_string(), kind.to_string(), output)
    }

    #[test]
    fn splits_at_top_level_commas_only() {
        let l = r#"f("a, b\"", {x=1, y=[2, 3]}, 0x1 /* a, b */) = 5 (x)"#;
        let p = split_call(l).unwrap();
        let args: Vec<&str> = p.args.iter().map(|r| &l[r.clone()]).collect();
        assert_eq!(args, [r#""a, b\"""#, "{x=1, y=[2, 3]}", "0x1 /* a, b */"]);
        assert_eq!(&l[p.ret.unwrap()], "5 (x)");
        assert!(split_call("getpid() = 7").unwrap().args.is_empty());
        assert!(split_call("f(a, b").is_none());
    }

    #[test]
    fn system_v_ids_where_the_table_types_them() {
        let t = test_table();
        assert_eq!(
            ids(t, "shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 6"),
            [id("6", "shm", true)]
        );
        assert_eq!(
            ids(t, "shmctl(6, IPC_RMID, NULL) = 0"),
            [id("6", "shm", false)]
        );
        // SHM_STAT returns the id of the segment at an index.
        assert_eq!(
            ids(t, "shmctl(6, SHM_STAT, {shm_perm={uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}, shm_segsz=4096, shm_cpid=6, shm_lpid=6, shm_nattch=1, shm_atime=1, shm_dtime=1, shm_ctime=1}) = 6"),
            [
                id("6", "shm", false),
                id("6", "pid", true),
                id("6", "pid", true),
                id("6", "shm", true)
            ]
        );
        assert_eq!(
            ids(t, "semctl(2, 0, GETPID, NULL) = 15176"),
            [id("2", "sem", false), id("15176", "pid", true)]
        );
        assert_eq!(
            ids(t, "msgrcv(4, {mtype=1, mtext=\"6\"}, 6, 0, 0) = 6"),
            [id("4", "msg", false)]
        );
        // An error is not an id.
        assert!(ids(
            t,
            "shmget(0x1234, 6, 000) = -1 ENOENT (No such file or directory)"
        )
        .is_empty());
    }

    #[test]
    fn key_serials_follow_the_keyctl_operation() {
        let t = test_table();
        assert_eq!(
            ids(
                t,
                "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0) = 458140955"
            ),
            [id("458140955", "key", true)]
        );
        assert_eq!(
            ids(t, "keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL) = 260902401"),
            [id("260902401", "key", true)]
        );
        assert_eq!(
            ids(t, "keyctl(KEYCTL_LINK, 123, KEY_SPEC_SESSION_KEYRING) = 0"),
            [id("123", "key", false)]
        );
        // READ returns a length, not a serial.
        assert_eq!(
            ids(t, "keyctl(KEYCTL_READ, 123, \"abc\", 16) = 3"),
            [id("123", "key", false)]
        );
        assert_eq!(
            ids(
                t,
                "add_key(\"user\", \"k\", \"payload\", 7, KEY_SPEC_PROCESS_KEYRING) = 838880197"
            ),
            [id("838880197", "key", true)]
        );
    }

    #[test]
    fn pids_in_arguments_returns_pointees_and_vocabulary_fields() {
        let t = test_table();
        assert_eq!(ids(t, "getpid() = 6"), [id("6", "pid", true)]);
        assert_eq!(ids(t, "kill(6, SIGUSR1) = 0"), [id("6", "pid", false)]);
        assert_eq!(
            ids(t, "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=6, sival_ptr=0x6}, sigev_signo=SIGUSR1, sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=6}, [0]) = 0"),
            [id("6", "pid", false), id("0", "timer", true)]
        );
        assert_eq!(
            ids(t, "rt_sigqueueinfo(6, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=6, si_uid=0, si_int=6, si_ptr=0x6}) = 0"),
            [id("6", "pid", false), id("6", "pid", false)]
        );
    }

    #[test]
    fn hidden_arguments_and_unknown_selectors_keep_positions_right() {
        let t = test_table();
        // keyctl's later arguments print only for some operations.
        assert_eq!(
            ids(
                t,
                "keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, \"user\", \"k\", 0) = 77"
            ),
            [id("0", "key", false), id("77", "key", true)]
        );
        assert_eq!(
            ids(t, "keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL) = 5"),
            [id("5", "key", true)]
        );
        assert_eq!(
            ids(
                t,
                "keyctl(KEYCTL_MOVE, 5, KEY_SPEC_SESSION_KEYRING, 6, KEYCTL_MOVE_EXCL) = 0"
            ),
            [id("5", "key", false), id("6", "key", false)]
        );
        assert!(ids(t, "keyctl(0x63 /* KEYCTL_??? */, 0x5, 0x6, 0x7, 0x8) = 6").is_empty());
        // A selector the table cannot read back: the arguments before it only.
        assert_eq!(
            ids(t, "shmctl(6, SOMETHING_ELSE, NULL) = 6"),
            [id("6", "shm", false)]
        );
    }

    #[test]
    fn a_hand_written_renderer_is_read_by_argument_name() {
        let t = test_table();
        // strace's clone order is not the kernel's; parent_tid is found by its name.
        assert_eq!(
            ids(t, "clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[6], child_tidptr=0x7f0) = 6"),
            [id("6", "pid", true), id("6", "pid", true)]
        );
    }

    #[test]
    fn a_signal_return_restores_the_interrupted_calls_id() {
        let t = test_table();
        let wait = t.find("wait4(-1, NULL, 0, NULL) = 6", None);
        let restored = t.find("rt_sigreturn({mask=[]}) = 6", wait.last());
        assert_eq!(restored.len(), 1);
        assert_eq!(
            (restored[0].kind.as_str(), restored[0].output),
            ("pid", false)
        );
        // Another value, or no id before it: a plain number.
        assert!(t
            .find("rt_sigreturn({mask=[]}) = 7", wait.last())
            .is_empty());
        assert!(t.find("rt_sigreturn({mask=[]}) = 6", None).is_empty());
    }

    #[test]
    fn selectors_on_one_or_two_arguments_choose_the_id_places() {
        let t = test_table();
        assert_eq!(
            ids(
                t,
                "getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=6, uid=0, gid=0}, [12]) = 0"
            ),
            [id("6", "pid", true)]
        );
        assert!(ids(t, "getsockopt(3, SOL_SOCKET, SO_RCVBUF, [6], [4]) = 0").is_empty());
        assert_eq!(
            ids(t, "waitid(P_PID, 6, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6, si_uid=0, si_status=3, si_utime=0, si_stime=0}, WEXITED, NULL) = 0"),
            [id("6", "pid", false), id("6", "pid", true)]
        );
        assert!(ids(
            t,
            "waitid(P_PIDFD, 6, NULL, WEXITED, NULL) = -1 ECHILD (No child processes)"
        )
        .is_empty());
        assert_eq!(ids(t, "fcntl(3, F_GETOWN) = 6"), [id("6", "pid", true)]);
        assert!(ids(t, "fcntl(3, F_GETPIPE_SZ) = 6").is_empty());
    }
}
