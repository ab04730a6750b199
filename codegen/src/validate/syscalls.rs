//! Syscall entries and their arguments: number, classes, return type, and per argument
//! its type, length, selector and presence condition.
use super::{ArgSpec, Ctx, LenRef, SyscallSpec, CLASSES};
use crate::model::{self, Arg, Dir};
use crate::source::{at, At};
use crate::types::{vocab, Kind};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn syscalls(cx: &mut Ctx) -> Vec<SyscallSpec> {
    let table = cx.table;
    let mut out = Vec::new();
    let mut numbers: BTreeMap<u32, String> = BTreeMap::new();
    for (name, value) in &table.syscall {
        let base = at!["syscall", name];
        let entry = format!("syscall `{name}`");
        let sc: model::Syscall = match value.clone().try_into() {
            Ok(s) => s,
            Err(e) => {
                let m = e.to_string().trim().replace('\n', " ");
                cx.err(shape_error_at(&base, &m), &entry, m);
                continue;
            }
        };
        if let Some(other) = numbers.insert(sc.nr, name.clone()) {
            let m = format!("number {} is also `{other}`", sc.nr);
            cx.err(base.then("nr"), &entry, m);
        }
        if let Some(s) = syscall(cx, name, &sc, &base, &entry) {
            out.push(s);
        }
    }
    out
}

/// Where serde's complaint about an entry's shape points: the unknown field's key, else
/// the entry.
fn shape_error_at(base: &At, message: &str) -> At {
    let field = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next());
    match field {
        Some(f) => base.clone().find(f),
        None => base.clone(),
    }
}

fn syscall(
    cx: &mut Ctx,
    name: &str,
    sc: &model::Syscall,
    base: &At,
    entry: &str,
) -> Option<SyscallSpec> {
    if sc.reserved {
        if !sc.args.is_empty() || sc.ret.is_some() || !sc.class.is_empty() {
            let m = "a reserved number has no args, ret or class";
            cx.err(base.then("reserved"), entry, m);
        }
        return Some(SyscallSpec {
            name: name.to_string(),
            nr: sc.nr,
            reserved: true,
            classes: vec![],
            ret: None,
            args: vec![],
            custom: None,
            note: sc.note.clone(),
        });
    }
    if sc.args.len() > 6 {
        let m = format!("{} arguments; x86-64 passes at most 6", sc.args.len());
        cx.err(base.then("args"), entry, m);
    }
    for (j, c) in sc.class.iter().enumerate() {
        if !CLASSES.contains(&c.as_str()) {
            cx.err(
                base.then("class").then(j),
                entry,
                format!("unknown class `{c}`"),
            );
        }
    }
    let ret = match sc.ret.as_deref() {
        None => {
            cx.err(base.clone(), entry, "missing `ret`");
            None
        }
        Some(r) => cx.parse_type(r, "ret", &base.then("ret"), entry, "ret: "),
    };
    let mut args = Vec::new();
    let mut names_seen = BTreeSet::new();
    for (i, a) in sc.args.iter().enumerate() {
        let at = base.then("args").then(i);
        if !names_seen.insert(a.name.clone()) {
            let m = format!("two arguments named `{}`", a.name);
            cx.err(at.then("name"), entry, m);
        }
        if let Some(arg) = arg(cx, sc, i, a, &at, entry) {
            args.push(arg);
        }
    }
    // A select[] that is also the return type must use the same table.
    if let Some(r) = &ret {
        let same = |a: &ArgSpec| a.ty.name == "select" && a.ty.params[0] == r.params[0];
        if r.name == "select" && !args.iter().any(same) {
            let m = format!("ret `{r}` needs an argument of the same select[] type");
            cx.err(base.then("ret"), entry, m);
        }
    }
    variant_lengths(cx, sc, &args, base, entry);
    Some(SyscallSpec {
        name: name.to_string(),
        nr: sc.nr,
        reserved: false,
        classes: sc.class.clone(),
        ret,
        args,
        custom: sc.custom.clone(),
        note: sc.note.clone(),
    })
}

/// Argument `i`: its type, and what its `len`, `on`, `if` and `dir` name.
fn arg(
    cx: &mut Ctx,
    sc: &model::Syscall,
    i: usize,
    a: &Arg,
    at: &At,
    entry: &str,
) -> Option<ArgSpec> {
    let prefix = format!("argument `{}`: ", a.name);
    let ty = cx.parse_type(&a.ty, "arg", &at.then("type"), entry, &prefix)?;
    let len = len(cx, sc, i, a, at, entry);
    let needs_len = vocab(&ty.name).is_some_and(|v| v.needs_len);
    if needs_len && len.is_none() && a.len.is_none() {
        let m = format!("{prefix}type `{ty}` needs a `len`");
        cx.err(at.then("type"), entry, m);
    }
    let (on, on2) = selector(cx, sc, i, a, ty.name == "select", at, entry);
    let cond = condition(cx, sc, i, a, at, entry);
    if a.dir != Dir::In
        && vocab(&ty.name).map(|v| v.kind) == Some(Kind::Scalar)
        && ty.name != "select"
    {
        let m = format!("{prefix}a register value has no direction; only memory is in/out");
        cx.err(at.then("dir"), entry, m);
    }
    let cond_all = a.cond.as_ref().is_some_and(|c| !c.all.is_empty());
    let cond_any_too = match &a.cond {
        Some(c) if cond_all => c
            .any
            .iter()
            .filter_map(|v| cx.resolve_const(v).ok())
            .fold(0, |m, v| m | v as u64),
        _ => 0,
    };
    Some(ArgSpec {
        name: a.name.clone(),
        ty,
        dir: a.dir,
        len,
        on,
        on2,
        cond,
        cond_all,
        cond_any_too,
        raw: a.raw.clone(),
    })
}

fn index_of(sc: &model::Syscall, name: &str) -> Option<usize> {
    sc.args.iter().position(|b| b.name == name)
}

/// `len`: another argument, `ret` (output only), or `min(ret, NAME)`.
fn len(
    cx: &mut Ctx,
    sc: &model::Syscall,
    i: usize,
    a: &Arg,
    at: &At,
    entry: &str,
) -> Option<LenRef> {
    let at = at.then("len");
    let name = &a.name;
    match a.len.as_deref() {
        None => None,
        Some("ret") => {
            if a.dir == Dir::In {
                let m = format!("argument `{name}`: a length taken from the return value needs dir = \"out\" or \"inout\"");
                cx.err(at, entry, m);
            }
            Some(LenRef::Ret)
        }
        Some(m) if m.starts_with("min(ret,") && m.ends_with(')') => {
            let n = m["min(ret,".len()..m.len() - 1].trim();
            match index_of(sc, n) {
                Some(j) if j != i && a.dir != Dir::In => Some(LenRef::RetMax(j)),
                _ => {
                    let msg =
                        format!("argument `{name}`: `{m}` needs dir out and another argument");
                    cx.err(at, entry, msg);
                    None
                }
            }
        }
        Some(n) => match index_of(sc, n) {
            Some(j) if j != i => Some(LenRef::Arg(j)),
            _ => {
                let m = format!("argument `{name}`: len names no other argument `{n}`");
                cx.err(at, entry, m);
                None
            }
        },
    }
}

/// `on`, for a select[] only: the argument(s) whose value chooses the variant. Registers
/// are all known at entry, so any argument may select: a later one (setsockopt's optval
/// by optlen, mount's type by the flags after it) or the argument itself (personality's
/// query value).
fn selector(
    cx: &mut Ctx,
    sc: &model::Syscall,
    i: usize,
    a: &Arg,
    is_select: bool,
    at: &At,
    entry: &str,
) -> (Option<usize>, Option<usize>) {
    let name = &a.name;
    match (&a.on, is_select) {
        (Some(n), true) if n.contains(',') => {
            let ix: Vec<_> = n
                .split(',')
                .map(|s| index_of(sc, s.trim()).filter(|&j| j != i))
                .collect();
            match ix.as_slice() {
                [Some(j), Some(k)] => (Some(*j), Some(*k)),
                _ => {
                    let m = format!(
                        "argument `{name}`: `on` must name one or two other arguments, not `{n}`"
                    );
                    cx.err(at.then("on"), entry, m);
                    (None, None)
                }
            }
        }
        (Some(n), true) => match index_of(sc, n) {
            Some(j) => (Some(j), None),
            None => {
                let m = format!("argument `{name}`: `on` names no argument `{n}`");
                cx.err(at.then("on"), entry, m);
                (None, None)
            }
        },
        (None, true) => {
            let m = format!("argument `{name}`: select[] needs `on`");
            cx.err(at.then("type"), entry, m);
            (None, None)
        }
        (Some(_), false) => {
            let m = format!("argument `{name}`: `on` goes with select[] only");
            cx.err(at.then("on"), entry, m);
            (None, None)
        }
        (None, false) => (None, None),
    }
}

/// `if`: shown only when bits are set in an earlier argument; the mask of those bits.
fn condition(
    cx: &mut Ctx,
    sc: &model::Syscall,
    i: usize,
    a: &Arg,
    at: &At,
    entry: &str,
) -> Option<(usize, u64)> {
    let c = a.cond.as_ref()?;
    let at = at.then("if");
    let name = &a.name;
    match index_of(sc, &c.arg) {
        Some(j) if j < i => {
            if c.any.is_empty() && c.all.is_empty() {
                let m = format!("argument `{name}`: `if` takes `any`, `all` or both");
                cx.err(at.clone(), entry, m);
            }
            let mut mask = 0u64;
            // Given both, the mask is `all`'s (`any`'s bits are the spec's cond_any_too).
            let named = if c.all.is_empty() {
                [("any", &c.any)]
            } else {
                [("all", &c.all)]
            };
            for (key, list) in named {
                for (k, v) in list.iter().enumerate() {
                    match cx.resolve_const(v) {
                        Ok(v) => mask |= v as u64,
                        Err(e) => {
                            let m = format!("argument `{name}`: {e}");
                            cx.err(at.then(key).then(k), entry, m)
                        }
                    }
                }
            }
            Some((j, mask))
        }
        _ => {
            let m = format!("argument `{name}`: `if` must name an earlier argument");
            cx.err(at.then("arg"), entry, m);
            None
        }
    }
}

/// A select[] variant's `len` names an argument of each syscall that uses it.
fn variant_lengths(cx: &mut Ctx, sc: &model::Syscall, args: &[ArgSpec], base: &At, entry: &str) {
    let table = cx.table;
    for a in args.iter().filter(|a| a.ty.name == "select") {
        let sel = &a.ty.params[0].name;
        let Some(s) = table.select.get(sel) else {
            continue;
        };
        let at = base
            .then("args")
            .then(index_of(sc, &a.name).unwrap_or(0))
            .then("type");
        for v in s.variants.iter().chain(s.default.as_ref()) {
            if let Some(l) = v.len.as_deref() {
                if l != "ret" && index_of(sc, l).is_none() {
                    let m = format!("select `{sel}`: len `{l}` names no argument");
                    cx.err(at.clone(), entry, m);
                }
            }
        }
    }
}
