//! Checks a parsed table and resolves every name in it, so the emitter never meets a
//! dangling reference. Every problem found is reported, each with its entry and the
//! file, line and column of the field it concerns (from the parser's spans).
//!
//! One module per concern: constants (flags, enums, errno), structs, selectors,
//! syscalls, netlink; `types` checks a type expression wherever it is used.
mod constants;
mod netlink;
mod selects;
mod structs;
mod syscalls;
mod types;

use crate::model::{Const, Dir, Table};
use crate::source::{At, Location, Sources};
use crate::types::{vocab, TypeExpr};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// One problem in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub entry: String,
    pub message: String,
}

impl Problem {
    pub fn new(loc: Location, entry: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: loc.file,
            line: loc.line,
            col: loc.col,
            entry: entry.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.col, self.entry, self.message
        )
    }
}

/// strace's trace classes (`-e trace=%file`).
pub const CLASSES: &[&str] = &[
    "file",
    "desc",
    "network",
    "process",
    "signal",
    "ipc",
    "memory",
    "creds",
    "clock",
    "pure",
    "stat",
    "lstat",
    "fstat",
    "stat_like",
    "statfs",
    "fstatfs",
    "statfs_like",
];

#[derive(Debug, Clone)]
pub struct Spec {
    pub syscalls: Vec<SyscallSpec>,
    pub flags: Vec<(String, FlagSpec)>,
    pub enums: Vec<(String, EnumSpec)>,
    pub structs: Vec<(String, StructSpec)>,
    pub selects: Vec<(String, SelectSpec)>,
    pub netlink: Vec<(String, NetlinkSpec)>,
    pub nlattrs: Vec<(String, NlAttrsSpec)>,
    pub errno: Vec<(String, i64, String)>,
}

/// A netlink protocol, its names resolved.
#[derive(Debug, Clone)]
pub struct NetlinkSpec {
    pub protocol: u32,
    pub header: String,
    pub types: String,
    /// `by_type`, `get` or `none`.
    pub flags: String,
    pub messages: Vec<NetlinkMessageSpec>,
}

/// A netlink message payload and when it applies.
#[derive(Debug, Clone)]
pub struct NetlinkMessageSpec {
    pub types: Vec<i64>,
    /// Address families (the payload's first byte); empty for any.
    pub families: Vec<i64>,
    /// Requests only (true), replies only (false), or both.
    pub request: Option<bool>,
    pub payload: String,
    pub attrs: Option<String>,
}

/// A netlink attribute table, its names resolved.
#[derive(Debug, Clone)]
pub struct NlAttrsSpec {
    pub header: String,
    pub names: Option<String>,
    /// (attribute types, value type)
    pub types: Vec<(Vec<i64>, TypeExpr)>,
}

/// Types only a netlink attribute's value may have.
const NLA_ONLY_TYPES: &[&str] = &[
    "nla_str",
    "nla_inet_addr",
    "nla_hwaddr",
    "nla_indexed",
    "nested",
];

/// The types a netlink attribute's value may have: read from the attribute's bytes.
const NLA_VALUE_TYPES: &[&str] = &[
    "port",
    "nla_indexed",
    "uid",
    "u8",
    "u16",
    "u32",
    "u64",
    "i8",
    "i16",
    "i32",
    "i64",
    "hex32",
    "hex16",
    "flags",
    "enum",
    "inline",
    "in_addr",
    "ifindex",
    "fd",
    "nla_str",
    "nla_inet_addr",
    "nla_hwaddr",
    "nested",
];

#[derive(Debug, Clone)]
pub struct SyscallSpec {
    pub name: String,
    pub nr: u32,
    pub reserved: bool,
    pub classes: Vec<String>,
    pub ret: Option<TypeExpr>,
    pub args: Vec<ArgSpec>,
    pub custom: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LenRef {
    Arg(usize),
    Ret,
    /// `min(ret, NAME)`: what the call returned, but no more than the buffer's size
    /// (recvfrom with MSG_TRUNC returns the datagram's full length).
    RetMax(usize),
}

#[derive(Debug, Clone)]
pub struct ArgSpec {
    pub name: String,
    pub ty: TypeExpr,
    pub dir: Dir,
    pub len: Option<LenRef>,
    pub on: Option<usize>,
    /// The second argument of a two-argument selector (`on = "level, optname"`): the
    /// selecting value is then `on << 32 | on2`.
    pub on2: Option<usize>,
    /// Shown only when `args[.0] & .1 != 0`.
    pub cond: Option<(usize, u64)>,
    /// The condition needs every bit of its mask, not any one.
    pub cond_all: bool,
    /// With `cond_all`: one of these bits is needed too (0: none).
    pub cond_any_too: u64,
    pub raw: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FlagSpec {
    pub header: String,
    pub zero: Option<String>,
    pub fields: Vec<FlagField>,
    pub bits: Vec<(String, u64)>,
    pub ret_label: String,
    /// The set bits shown as one-bit fields: `{is_icsk=1, mc_loop=1}`.
    pub as_fields: bool,
    pub placeholder: Option<String>,
    /// The comment for leftover bits when no bit is known, whatever the fields showed.
    pub bits_placeholder: Option<String>,
    /// (mask, name) of a size printed last as `N<<NAME`.
    pub shift: Option<(u64, String)>,
}

#[derive(Debug, Clone)]
pub struct FlagField {
    pub mask: u64,
    pub values: Vec<(String, u64)>,
    pub ty: Option<TypeExpr>,
    pub merge_unknown: bool,
    /// 0: printed with the other bits under -X raw; 1: apart; 2: apart, blank when zero.
    pub apart: u8,
}

#[derive(Debug, Clone)]
pub struct EnumSpec {
    pub header: String,
    pub values: Vec<(String, i64)>,
    pub unknown_int: bool,
    /// An unknown value prints as an unsigned decimal.
    pub unknown_uint: bool,
    pub placeholder: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StructSpec {
    pub header: String,
    pub size: u32,
    pub fields: Vec<FieldSpec>,
    pub array_form: bool,
    pub arrow_form: bool,
    /// `shown`, `ignored` or `address`: see the model.
    pub past_end: String,
    /// The smallest caller length the struct is shown for (the size unless given).
    pub min_size: u32,
}

#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub name: String,
    pub ty: TypeExpr,
    pub offset: u32,
    pub size: u32,
    pub hide: bool,
    pub len: Option<usize>,
    /// (field index, mask, values, show when matching)
    pub cond: Option<(usize, u64, Vec<u64>, bool)>,
    pub out: bool,
    pub inout: bool,
}

#[derive(Debug, Clone)]
pub struct SelectSpec {
    pub mask: Option<u64>,
    pub default: VariantSpec,
    pub variants: Vec<VariantSpec>,
}

#[derive(Debug, Clone)]
pub struct VariantSpec {
    pub values: Vec<u64>,
    /// Per value: given as a pair. Under a two-argument `on`, a value given alone
    /// matches the first argument whatever the second.
    pub pairs: Vec<bool>,
    pub ty: TypeExpr,
    pub dir: Dir,
    /// An argument name or `ret`, resolved against each syscall that uses the selector.
    pub len: Option<String>,
    pub ret: Option<TypeExpr>,
}

struct Ctx<'a> {
    /// (where, entry, message), located once all are found.
    problems: Vec<(At, String, String)>,
    /// Every constant name in the flag and enum tables, with its values.
    consts: HashMap<String, Vec<i64>>,
    table: &'a Table,
    /// (kind, name) of every table something refers to.
    used: BTreeSet<(String, String)>,
}

impl Ctx<'_> {
    fn err(&mut self, at: At, entry: impl Into<String>, message: impl Into<String>) {
        self.problems.push((at, entry.into(), message.into()));
    }

    fn resolve_const(&self, c: &Const) -> Result<i64, String> {
        match c {
            Const::Value(v) => Ok(*v),
            Const::Name(n) => match self.consts.get(n).map(|v| v.as_slice()) {
                Some([v]) => Ok(*v),
                Some(vs) if vs.iter().all(|v| *v == vs[0]) && !vs.is_empty() => Ok(vs[0]),
                Some(_) => Err(format!(
                    "constant `{n}` has different values in different tables"
                )),
                None => Err(format!("unknown constant `{n}`")),
            },
            Const::Pair(p) => match p.as_slice() {
                [a, b] => {
                    Ok((self.resolve_const(a)? << 32) | (self.resolve_const(b)? & 0xffff_ffff))
                }
                _ => Err("a pair of constants has two elements".to_string()),
            },
        }
    }

    /// Parses the type expression at `at` and checks it for `place` (`arg`, `ret`,
    /// `field`, `elem`, `nla`); a problem is reported with `prefix` before it.
    fn parse_type(
        &mut self,
        src: &str,
        place: &str,
        at: &At,
        entry: &str,
        prefix: &str,
    ) -> Option<TypeExpr> {
        match TypeExpr::parse(src).and_then(|t| self.check_type(&t, place).map(|_| t)) {
            Ok(t) => Some(t),
            Err(e) => {
                self.err(at.clone(), entry, format!("{prefix}{e}"));
                None
            }
        }
    }
}

/// Size of a type in memory, when it is a struct field or array element.
pub fn type_size(t: &TypeExpr, table: &Table) -> Option<u32> {
    match t.name.as_str() {
        "flags" | "enum" => Some(match t.params.get(1).map(|p| p.name.as_str()) {
            Some("u8") => 1,
            Some("u16") => 2,
            Some("u64") => 8,
            _ => 4,
        }),
        "inline" => table.structs.get(&t.params[0].name).map(|s| s.size),
        _ => vocab(&t.name).and_then(|v| v.size),
    }
}

/// Checks the whole table; `sources` locates each problem.
pub fn validate(table: &Table, sources: &Sources) -> Result<Spec, Vec<Problem>> {
    let mut cx = Ctx {
        problems: Vec::new(),
        consts: HashMap::new(),
        table,
        used: BTreeSet::new(),
    };
    // Constants first: names used in conditions and selectors resolve against them.
    let flags = constants::flags(&mut cx);
    let enums = constants::enums(&mut cx);
    let structs = structs::structs(&mut cx);
    let selects = selects::selects(&mut cx);
    let errno = constants::errno(&mut cx);
    let mut syscalls = syscalls::syscalls(&mut cx);
    let netlink = netlink::protocols(&mut cx);
    let nlattrs = netlink::attributes(&mut cx);
    netlink::no_cycles(&mut cx, &nlattrs);
    constants::flag_field_types(&mut cx, &flags);
    unused_tables(&mut cx);

    syscalls.sort_by_key(|s| s.nr);
    if cx.problems.is_empty() {
        return Ok(Spec {
            syscalls,
            flags,
            enums,
            structs,
            selects,
            netlink,
            nlattrs,
            errno,
        });
    }
    let order = |f: &str| sources.files.iter().position(|s| s.name == f);
    let mut problems: Vec<Problem> = cx
        .problems
        .into_iter()
        .map(|(at, entry, m)| Problem::new(sources.locate(&at), entry, m))
        .collect();
    problems.sort_by(|a, b| {
        (order(&a.file), a.line, a.col, &a.message).cmp(&(
            order(&b.file),
            b.line,
            b.col,
            &b.message,
        ))
    });
    Err(problems)
}

/// Tables nobody uses are dead weight or a typo in a reference.
fn unused_tables(cx: &mut Ctx) {
    let table = cx.table;
    for (kind, names) in [
        ("flags", table.flags.keys().collect::<Vec<_>>()),
        ("enum", table.enums.keys().collect()),
        ("struct", table.structs.keys().collect()),
        ("select", table.select.keys().collect()),
        ("nlattrs", table.nlattrs.keys().collect()),
    ] {
        for n in names {
            let runtime = match kind {
                "flags" => table.flags[n].runtime,
                "enum" => table.enums[n].runtime,
                "nlattrs" => table.nlattrs[n].runtime,
                _ => false,
            };
            if !runtime && !cx.used.contains(&(kind.to_string(), n.clone())) {
                cx.err(
                    crate::source::at![kind, n].key(),
                    format!("{kind} `{n}`"),
                    "defined but never used",
                );
            }
        }
    }
}
