//! The coverage report a reviewer reads in one screen: numbers present, syscalls fully
//! typed, arguments left raw and why, and the hand-written Rust that serves few calls.
//!
//! Hand-written Rust comes in two sizes. A per-syscall hook (`custom = "..."`) renders
//! one call. A family hook is a vocabulary type whose Rust serves one family of calls:
//! a type at most two syscalls reach (through an argument or the return, or the
//! selectors, structs, flag fields and element types these name), such as `pollret`
//! (poll) or `capsets` (capget, capset). Types only netlink attributes use are counted
//! apart: the netlink renderer reaches them from every socket call.
use crate::types::{vocab, TypeExpr};
use crate::validate::Spec;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// At most this many syscalls use a family hook's type.
pub const FAMILY_MAX: usize = 2;

pub struct Stats {
    pub numbers: usize,
    pub reserved: usize,
    pub implemented: usize,
    pub fully_typed: usize,
    /// (syscall, argument, reason)
    pub raw_args: Vec<(String, String, String)>,
    /// (syscall, hook)
    pub hooks: Vec<(String, String)>,
    /// (vocabulary type, the syscalls that use it): types of one family.
    pub family_hooks: Vec<(String, Vec<String>)>,
    /// Vocabulary types no syscall reaches but netlink attribute tables use.
    pub netlink_only: Vec<String>,
}

/// A fixed-width number (`i8`, `u32`...): rendered by the Rust of `int` and `uint`, so
/// no Rust of its own.
fn plain_number(name: &str) -> bool {
    let t = TypeExpr {
        name: name.to_string(),
        params: vec![],
    };
    vocab(name).is_some_and(|v| v.params == 0) && {
        let ty = crate::emit::ty_tokens(&t, 4).to_string();
        ty.starts_with("Ty :: Int (") || ty.starts_with("Ty :: UInt (")
    }
}

/// The vocabulary types a syscall reaches, following tables by name.
fn reached(spec: &Spec, sc: &crate::validate::SyscallSpec) -> BTreeSet<String> {
    fn visit(spec: &Spec, t: &TypeExpr, out: &mut BTreeSet<String>, seen: &mut BTreeSet<String>) {
        if vocab(&t.name).is_none() {
            return; // a table's name (`flags[open_flags]`), not a type
        }
        out.insert(t.name.clone());
        let table = t.params.first().map(|p| p.name.clone()).unwrap_or_default();
        let key = format!("{}:{table}", t.name);
        match t.name.as_str() {
            "struct" | "inline" if seen.insert(key.clone()) => {
                if let Some((_, s)) = spec.structs.iter().find(|(n, _)| *n == table) {
                    for f in &s.fields {
                        visit(spec, &f.ty, out, seen);
                    }
                }
            }
            "select" if seen.insert(key.clone()) => {
                if let Some((_, s)) = spec.selects.iter().find(|(n, _)| *n == table) {
                    for v in s.variants.iter().chain(std::iter::once(&s.default)) {
                        visit(spec, &v.ty, out, seen);
                        if let Some(r) = &v.ret {
                            visit(spec, r, out, seen);
                        }
                    }
                }
            }
            "flags" if seen.insert(key.clone()) => {
                if let Some((_, f)) = spec.flags.iter().find(|(n, _)| *n == table) {
                    for ty in f.fields.iter().filter_map(|f| f.ty.as_ref()) {
                        visit(spec, ty, out, seen);
                    }
                }
            }
            _ => {
                for p in &t.params {
                    visit(spec, p, out, seen);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for t in sc.args.iter().map(|a| &a.ty).chain(sc.ret.as_ref()) {
        visit(spec, t, &mut out, &mut seen);
    }
    out
}

pub fn stats(spec: &Spec) -> Stats {
    let mut s = Stats {
        numbers: spec.syscalls.len(),
        reserved: 0,
        implemented: 0,
        fully_typed: 0,
        raw_args: vec![],
        hooks: vec![],
        family_hooks: vec![],
        netlink_only: vec![],
    };
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for sc in &spec.syscalls {
        if sc.reserved {
            s.reserved += 1;
            continue;
        }
        s.implemented += 1;
        if let Some(h) = &sc.custom {
            s.hooks.push((sc.name.clone(), h.clone()));
        }
        for t in reached(spec, sc) {
            users.entry(t).or_default().push(sc.name.clone());
        }
        let mut typed = true;
        for a in &sc.args {
            if let Some(r) = &a.raw {
                s.raw_args
                    .push((sc.name.clone(), a.name.clone(), r.clone()));
                if r.contains("not yet typed") {
                    typed = false;
                }
            }
        }
        if typed {
            s.fully_typed += 1;
        }
    }
    s.family_hooks = users
        .into_iter()
        .filter(|(t, u)| u.len() <= FAMILY_MAX && !plain_number(t))
        .collect();
    let in_netlink: BTreeSet<&str> = spec
        .nlattrs
        .iter()
        .flat_map(|(_, a)| a.types.iter().map(|(_, t)| t.name.as_str()))
        .collect();
    s.netlink_only = crate::types::VOCABULARY
        .iter()
        .filter(|v| in_netlink.contains(v.name))
        .filter(|v| {
            !spec
                .syscalls
                .iter()
                .any(|sc| reached(spec, sc).contains(v.name))
        })
        .map(|v| v.name.to_string())
        .collect();
    s
}

impl Stats {
    pub fn report(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "numbers present:      {} ({} implemented, {} reserved)",
            self.numbers, self.implemented, self.reserved
        );
        let _ = writeln!(
            o,
            "fully typed syscalls: {}/{}",
            self.fully_typed, self.implemented
        );
        let _ = writeln!(o, "arguments left raw:   {}", self.raw_args.len());
        for (sc, a, r) in &self.raw_args {
            let _ = writeln!(o, "  {sc}.{a}: {r}");
        }
        let _ = writeln!(
            o,
            "Rust hooks:           {} ({} per syscall, {} per family)",
            self.hooks.len() + self.family_hooks.len(),
            self.hooks.len(),
            self.family_hooks.len()
        );
        let _ = writeln!(
            o,
            "per-syscall hooks (custom = \"...\"): {}",
            self.hooks.len()
        );
        for (sc, h) in &self.hooks {
            let _ = writeln!(o, "  {sc}: hooks::{h}");
        }
        let _ = writeln!(
            o,
            "per-family hooks (vocabulary types at most {FAMILY_MAX} syscalls use): {}",
            self.family_hooks.len()
        );
        for (t, users) in &self.family_hooks {
            let _ = writeln!(o, "  {t}: {}", users.join(", "));
        }
        let _ = writeln!(
            o,
            "netlink attribute types (the netlink renderer's, for every socket call): {}",
            self.netlink_only.len()
        );
        let _ = writeln!(o, "  {}", self.netlink_only.join(" "));
        o
    }
}
