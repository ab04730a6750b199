//! Checks a parsed table and resolves every name in it, so the emitter never meets a
//! dangling reference. Every problem found is reported, each with its entry and line.
use crate::model::{self, Const, Dir, Table};
use crate::types::{vocab, Kind, TypeExpr};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// One problem in `syscalls.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub entry: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "syscalls.toml:{}: {}: {}",
            self.line, self.entry, self.message
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
    pub names: String,
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
    pub line: usize,
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
    /// (mask, name) of a size printed last as `N<<NAME`.
    pub shift: Option<(u64, String)>,
}

#[derive(Debug, Clone)]
pub struct FlagField {
    pub mask: u64,
    pub values: Vec<(String, u64)>,
    pub ty: Option<TypeExpr>,
    pub merge_unknown: bool,
}

#[derive(Debug, Clone)]
pub struct EnumSpec {
    pub header: String,
    pub values: Vec<(String, i64)>,
    pub unknown_int: bool,
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
    pub ty: TypeExpr,
    pub dir: Dir,
    /// An argument name or `ret`, resolved against each syscall that uses the selector.
    pub len: Option<String>,
    pub ret: Option<TypeExpr>,
}

/// Finds the line of a `[section.name]` header, for error messages.
struct Lines<'a> {
    src: &'a str,
}

impl Lines<'_> {
    fn of(&self, section: &str, name: &str) -> usize {
        let quoted = format!("[{section}.\"{name}\"]");
        let plain = format!("[{section}.{name}]");
        for (i, l) in self.src.lines().enumerate() {
            let t = l.trim();
            if t == plain || t == quoted || t.starts_with(&format!("{plain} ")) {
                return i + 1;
            }
        }
        // An inline table (`name = { ... }`) inside the section.
        let key = format!("{name} ");
        let key2 = format!("{name}=");
        let mut in_section = false;
        for (i, l) in self.src.lines().enumerate() {
            let t = l.trim();
            if t.starts_with('[') {
                in_section = t == format!("[{section}]");
            } else if in_section && (t.starts_with(&key) || t.starts_with(&key2)) {
                return i + 1;
            }
        }
        0
    }
}

struct Ctx<'a> {
    problems: Vec<Problem>,
    lines: Lines<'a>,
    /// Every constant name in the flag and enum tables, with its values.
    consts: HashMap<String, Vec<i64>>,
    table: &'a Table,
    used: BTreeSet<(String, String)>,
}

impl Ctx<'_> {
    fn err(&mut self, line: usize, entry: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            entry: entry.into(),
            message: message.into(),
        });
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

    /// Checks a type expression used in `place` (`arg`, `ret`, `field`, `elem`).
    fn check_type(&mut self, t: &TypeExpr, place: &str) -> Result<(), String> {
        let v = vocab(&t.name).ok_or_else(|| format!("unknown type `{}`", t.name))?;
        let max_params = if matches!(v.name, "flags" | "enum" | "kernel_id") {
            2
        } else {
            v.params
        };
        if t.params.len() < v.params || t.params.len() > max_params {
            return Err(format!(
                "type `{}` takes {} parameter(s), got {}",
                t.name,
                v.params,
                t.params.len()
            ));
        }
        match (place, v.kind) {
            ("ret", Kind::Scalar) => {}
            (_, _) if v.name == "restored" => {
                return Err(format!("type `{t}` is a return type only"))
            }
            ("ret", _) => return Err(format!("type `{t}` cannot be a return type")),
            // Attribute value types read an attribute's own length: nowhere else.
            ("nla", _) => {}
            (_, _) if NLA_ONLY_TYPES.contains(&v.name) => {
                return Err(format!("type `{t}` is for netlink attributes only"))
            }
            ("field", _) => {}
            ("elem", Kind::Inline) => return Err(format!("type `{t}` cannot be an array element")),
            ("arg", Kind::Inline) => return Err(format!("type `{t}` is for struct fields only")),
            _ => {}
        }
        match t.name.as_str() {
            "flags" => self.table_ref("flags", &t.params[0].name)?,
            "enum" | "htons" | "nla_indexed" => self.table_ref("enum", &t.params[0].name)?,
            "ioctl_request" => {
                self.table_ref("enum", &t.params[0].name)?;
                self.check_sorted_requests(&t.params[0].name)?;
            }
            "struct" | "inline" => self.table_ref("struct", &t.params[0].name)?,
            "select" => self.table_ref("select", &t.params[0].name)?,
            "nested" => self.table_ref("nlattrs", &t.params[0].name)?,
            "ptr_to" | "array" | "updated" | "ptrs" => self.check_type(&t.params[0], "elem")?,
            "remaining" => self.check_type(&t.params[0], "arg")?,
            "kernel_id" => self.check_kernel_id(t, place)?,
            _ => {}
        }
        if matches!(t.name.as_str(), "flags" | "enum") {
            if let Some(w) = t.params.get(1) {
                if !matches!(w.name.as_str(), "u8" | "u16" | "u32" | "u64") {
                    return Err(format!("the width of `{t}` must be u8, u16, u32 or u64"));
                }
            }
        }
        Ok(())
    }

    /// `kernel_id[KIND]` or `kernel_id[KIND, RENDER]`: a known kind, and a 32-bit way to
    /// print it (`int`, the default, or an `enum[...]` naming special values).
    fn check_kernel_id(&mut self, t: &TypeExpr, place: &str) -> Result<(), String> {
        let kind = &t.params[0];
        if !kind.params.is_empty()
            || !crate::types::KERNEL_ID_KINDS
                .iter()
                .any(|(k, _)| *k == kind.name)
        {
            return Err(format!(
                "`{t}`: unknown kernel id kind `{kind}` (known: {})",
                crate::types::KERNEL_ID_KINDS
                    .iter()
                    .map(|(k, _)| *k)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(render) = t.params.get(1) {
            let wide = render.params.get(1).is_some_and(|w| w.name != "u32");
            if !matches!(render.name.as_str(), "int" | "enum") || wide {
                return Err(format!(
                    "`{t}`: a kernel id prints as `int` or a 32-bit `enum[...]`, not `{render}`"
                ));
            }
            self.check_type(render, place)?;
        }
        Ok(())
    }

    /// The decoder finds a request by binary search: its table must list requests in
    /// ascending order, each once, all within 32 bits (the kernel's `unsigned int cmd`).
    fn check_sorted_requests(&self, name: &str) -> Result<(), String> {
        let mut last: Option<(i64, &str)> = None;
        for (n, v) in &self.table.enums[name].values {
            let Some(v) = v.as_integer() else { continue };
            if !(0..=u32::MAX as i64).contains(&v) {
                return Err(format!(
                    "ioctl request `{n}` = {v:#x} is not a 32-bit number"
                ));
            }
            if let Some((lv, ln)) = last {
                if v <= lv {
                    return Err(format!(
                        "[enum.{name}] must list requests in ascending order, each once: \
                         `{n}` = {v:#x} comes after `{ln}` = {lv:#x}"
                    ));
                }
            }
            last = Some((v, n));
        }
        Ok(())
    }

    fn table_ref(&mut self, kind: &str, name: &str) -> Result<(), String> {
        let exists = match kind {
            "flags" => self.table.flags.contains_key(name),
            "enum" => self.table.enums.contains_key(name),
            "struct" => self.table.structs.contains_key(name),
            "nlattrs" => self.table.nlattrs.contains_key(name),
            _ => self.table.select.contains_key(name),
        };
        if !exists {
            return Err(format!("no [{kind}.{name}] table"));
        }
        self.used.insert((kind.to_string(), name.to_string()));
        Ok(())
    }
}

fn int_of(v: &toml::Value) -> Option<i64> {
    v.as_integer()
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

pub fn validate(table: &Table, src: &str) -> Result<Spec, Vec<Problem>> {
    let mut cx = Ctx {
        problems: Vec::new(),
        lines: Lines { src },
        consts: HashMap::new(),
        table,
        used: BTreeSet::new(),
    };

    // Constants first: names used in conditions and selectors resolve against them.
    let mut flags = Vec::new();
    for (name, f) in &table.flags {
        let line = cx.lines.of("flags", name);
        let entry = format!("flags `{name}`");
        let mut spec = FlagSpec {
            header: f.header.clone(),
            zero: f.zero.clone(),
            placeholder: f.placeholder.clone(),
            shift: f.shift.as_ref().map(|s| (s.mask, s.name.clone())),
            fields: Vec::new(),
            bits: Vec::new(),
            ret_label: f.ret_label.clone().unwrap_or_else(|| "flags".into()),
            as_fields: match f.form.as_deref() {
                None => false,
                Some("fields") => {
                    // One bit per name, and nothing a one-bit-field rendering ignores.
                    if f.zero.is_some() || f.shift.is_some() || !f.fields.is_empty() {
                        cx.err(
                            line,
                            &entry,
                            "form = \"fields\" takes bits only (no zero, shift or fields)",
                        );
                    }
                    for (k, v) in &f.bits {
                        if int_of(v).is_none_or(|x| (x as u64).count_ones() != 1) {
                            cx.err(
                                line,
                                &entry,
                                format!("`{k}` must be one bit with form = \"fields\""),
                            );
                        }
                    }
                    true
                }
                Some(o) => {
                    cx.err(line, &entry, format!("form must be `fields`, not `{o}`"));
                    false
                }
            },
        };
        let mut claimed = 0u64;
        for fld in &f.fields {
            if fld.mask & claimed != 0 {
                cx.err(
                    line,
                    &entry,
                    format!("field mask {:#x} overlaps another field", fld.mask),
                );
            }
            claimed |= fld.mask;
            let mut values = Vec::new();
            for (k, v) in &fld.values {
                match int_of(v) {
                    Some(x) if (x as u64) & !fld.mask == 0 => values.push((k.clone(), x as u64)),
                    Some(x) => cx.err(
                        line,
                        &entry,
                        format!("`{k}` = {x:#x} lies outside its field mask {:#x}", fld.mask),
                    ),
                    None => cx.err(line, &entry, format!("`{k}` must be an integer")),
                }
            }
            let ty = match &fld.ty {
                Some(t) => match TypeExpr::parse(t) {
                    Ok(te) => Some(te),
                    Err(e) => {
                        cx.err(line, &entry, e);
                        None
                    }
                },
                None => None,
            };
            if ty.is_none() && values.is_empty() {
                cx.err(line, &entry, "a field needs values or a type");
            }
            let merge_unknown = match fld.unknown.as_deref() {
                None => false,
                Some("merge") => true,
                Some(o) => {
                    cx.err(
                        line,
                        &entry,
                        format!("a field's unknown must be `merge`, not `{o}`"),
                    );
                    false
                }
            };
            spec.fields.push(FlagField {
                mask: fld.mask,
                values,
                ty,
                merge_unknown,
            });
        }
        let mut seen: Vec<(String, u64)> = Vec::new();
        for (k, v) in &f.bits {
            let Some(x) = int_of(v) else {
                cx.err(line, &entry, format!("`{k}` must be an integer"));
                continue;
            };
            let x = x as u64;
            if x == 0 {
                cx.err(
                    line,
                    &entry,
                    format!("`{k}` is 0: name zero with `zero = \"{k}\"`"),
                );
                continue;
            }
            if x & claimed != 0 {
                cx.err(
                    line,
                    &entry,
                    format!("bit `{k}` = {x:#x} overlaps a field mask"),
                );
            }
            // A name covering several bits is allowed before the bits it combines
            // (O_SYNC = __O_SYNC|O_DSYNC); any other overlap is a mistake.
            for (pk, pv) in &seen {
                if pv & x != 0 && (pv & x) != x {
                    cx.err(
                        line,
                        &entry,
                        format!("bits `{k}` ({x:#x}) and `{pk}` ({pv:#x}) overlap"),
                    );
                }
            }
            seen.push((k.clone(), x));
        }
        spec.bits = seen;
        for (k, v) in spec
            .bits
            .iter()
            .chain(spec.fields.iter().flat_map(|f| f.values.iter()))
        {
            cx.consts.entry(k.clone()).or_default().push(*v as i64);
        }
        flags.push((name.clone(), spec));
    }

    let mut enums = Vec::new();
    for (name, e) in &table.enums {
        let line = cx.lines.of("enum", name);
        let entry = format!("enum `{name}`");
        let mut values = Vec::new();
        for (k, v) in &e.values {
            match int_of(v) {
                Some(x) => values.push((k.clone(), x)),
                None => cx.err(line, &entry, format!("`{k}` must be an integer")),
            }
        }
        if values.is_empty() {
            cx.err(line, &entry, "an enum needs values");
        }
        let unknown_int = match e.unknown.as_deref() {
            None | Some("hex") => false,
            Some("int") => true,
            Some(o) => {
                cx.err(
                    line,
                    &entry,
                    format!("unknown must be `hex` or `int`, not `{o}`"),
                );
                false
            }
        };
        for (k, v) in &values {
            cx.consts.entry(k.clone()).or_default().push(*v);
        }
        enums.push((
            name.clone(),
            EnumSpec {
                header: e.header.clone(),
                values,
                unknown_int,
                placeholder: e.placeholder.clone(),
            },
        ));
    }

    let mut structs = Vec::new();
    for (name, s) in &table.structs {
        let line = cx.lines.of("struct", name);
        let entry = format!("struct `{name}`");
        let mut offset = 0u32;
        let mut ranges: Vec<(u32, u32, String)> = Vec::new();
        let mut fields = Vec::new();
        for f in &s.fields {
            if let Some(o) = f.offset {
                offset = o;
            }
            let ty = match TypeExpr::parse(&f.ty) {
                Ok(t) => t,
                Err(e) => {
                    cx.err(line, &entry, format!("field `{}`: {e}", f.name));
                    continue;
                }
            };
            if let Err(e) = cx.check_type(&ty, "field") {
                cx.err(line, &entry, format!("field `{}`: {e}", f.name));
                continue;
            }
            let natural = type_size(&ty, table);
            let size = match (f.size, natural) {
                (Some(s), _) => s,
                (None, Some(n)) => n,
                (None, None) => {
                    cx.err(line, &entry, format!("field `{}` needs a size", f.name));
                    0
                }
            };
            if let (Some(given), Some(n)) = (f.size, natural) {
                let scalar = vocab(&ty.name)
                    .map(|v| v.kind == Kind::Scalar)
                    .unwrap_or(false);
                if given != n && !(scalar && matches!(given, 1 | 2 | 4 | 8)) {
                    cx.err(
                        line,
                        &entry,
                        format!("field `{}` is {n} bytes as `{ty}`, not {given}", f.name),
                    );
                }
            }
            let len = match &f.len {
                Some(l) => match s.fields.iter().position(|g| &g.name == l) {
                    Some(i) => Some(i),
                    None => {
                        cx.err(
                            line,
                            &entry,
                            format!("field `{}`: len names no field `{l}`", f.name),
                        );
                        None
                    }
                },
                None => None,
            };
            let cond = match (&f.show_if, &f.hide_if) {
                (Some(_), Some(_)) => {
                    cx.err(
                        line,
                        &entry,
                        format!("field `{}`: show_if and hide_if together", f.name),
                    );
                    None
                }
                (Some(c), None) | (None, Some(c)) => match s
                    .fields
                    .iter()
                    .position(|g| g.name == c.field)
                {
                    Some(i) => Some((i, c.mask, c.values.clone(), f.show_if.is_some())),
                    None => {
                        cx.err(
                            line,
                            &entry,
                            format!("field `{}`: condition names no field `{}`", f.name, c.field),
                        );
                        None
                    }
                },
                (None, None) => None,
            };
            fields.push(FieldSpec {
                name: f.name.clone(),
                ty,
                offset,
                size,
                hide: f.hide,
                len,
                cond,
                out: f.out,
                inout: f.inout,
            });
            ranges.push((offset, offset + size, f.name.clone()));
            // A union's members all start at 0.
            if !s.union {
                offset += size;
            }
        }
        // Every byte belongs to some field (pad fields fill gaps); fields may overlap
        // only as union members do, and none may run past the end.
        if let Some(r) = ranges.iter().find(|r| r.1 > s.size) {
            cx.err(
                line,
                &entry,
                format!("field `{}` ends past the struct's {} bytes", r.2, s.size),
            );
        }
        let mut covered = vec![false; s.size as usize];
        for (a, b, _) in &ranges {
            for x in covered
                .iter_mut()
                .take((*b).min(s.size) as usize)
                .skip(*a as usize)
            {
                *x = true;
            }
        }
        let total: u32 = ranges.iter().map(|r| r.1 - r.0).sum();
        if let Some(gap) = covered.iter().position(|c| !c) {
            cx.err(
                line,
                &entry,
                format!(
                    "fields add up to {total} bytes, but size = {}: byte {gap} is in no field (add a pad field)",
                    s.size
                ),
            );
        }
        let arrow_form = s.form.as_deref() == Some("arrow");
        let past_end = s.past_end.clone().unwrap_or_else(|| "shown".into());
        if !matches!(past_end.as_str(), "shown" | "ignored" | "address") {
            cx.err(
                line,
                &entry,
                format!("past_end must be `shown`, `ignored` or `address`, not `{past_end}`"),
            );
        }
        let array_form = match s.form.as_deref() {
            None | Some("braces") | Some("arrow") => false,
            Some("array") => true,
            Some(o) => {
                cx.err(
                    line,
                    &entry,
                    format!("form must be `braces`, `array` or `arrow`, not `{o}`"),
                );
                false
            }
        };
        structs.push((
            name.clone(),
            StructSpec {
                header: s.header.clone(),
                size: s.size,
                fields,
                array_form,
                arrow_form,
                past_end,
            },
        ));
    }

    let mut selects = Vec::new();
    for (name, s) in &table.select {
        let line = cx.lines.of("select", name);
        let entry = format!("select `{name}`");
        let variant = |cx: &mut Ctx, v: &model::Variant, is_default: bool| -> Option<VariantSpec> {
            let ty = match TypeExpr::parse(&v.ty) {
                Ok(t) => t,
                Err(e) => {
                    cx.err(line, &entry, e);
                    return None;
                }
            };
            if let Err(e) = cx.check_type(&ty, "arg") {
                cx.err(line, &entry, e);
            }
            let ret = match &v.ret {
                Some(r) => match TypeExpr::parse(r) {
                    Ok(t) => {
                        if let Err(e) = cx.check_type(&t, "ret") {
                            cx.err(line, &entry, e);
                        }
                        Some(t)
                    }
                    Err(e) => {
                        cx.err(line, &entry, e);
                        None
                    }
                },
                None => None,
            };
            if is_default && !v.when.is_empty() {
                cx.err(line, &entry, "the default variant takes no `when`");
            }
            if !is_default && v.when.is_empty() {
                cx.err(line, &entry, "a variant needs `when`");
            }
            let mut values = Vec::new();
            for c in &v.when {
                match cx.resolve_const(c) {
                    Ok(x) => values.push(x as u64),
                    Err(e) => cx.err(line, &entry, e),
                }
            }
            Some(VariantSpec {
                values,
                ty,
                dir: v.dir,
                len: v.len.clone(),
                ret,
            })
        };
        let Some(default) = variant(&mut cx, &s.default, true) else {
            continue;
        };
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for v in &s.variants {
            if let Some(vs) = variant(&mut cx, v, false) {
                for x in &vs.values {
                    if !seen.insert(*x) {
                        cx.err(
                            line,
                            &entry,
                            format!("selector value {x:#x} appears in two variants"),
                        );
                    }
                }
                variants.push(vs);
            }
        }
        selects.push((
            name.clone(),
            SelectSpec {
                mask: s.mask,
                default,
                variants,
            },
        ));
    }

    let mut errno = Vec::new();
    if let Some(e) = &table.errno {
        for (k, v) in &e.values {
            match v.as_array().map(|a| a.as_slice()) {
                Some([n, m]) if n.is_integer() && m.is_str() => errno.push((
                    k.clone(),
                    n.as_integer().unwrap(),
                    m.as_str().unwrap().to_string(),
                )),
                _ => cx.err(
                    cx.lines.of("errno", "values"),
                    "errno",
                    format!("`{k}` must be [number, \"message\"]"),
                ),
            }
        }
    }

    // Syscalls.
    let mut syscalls = Vec::new();
    let mut numbers: BTreeMap<u32, String> = BTreeMap::new();
    for (name, value) in &table.syscall {
        let line = cx.lines.of("syscall", name);
        let entry = format!("syscall `{name}`");
        let sc: model::Syscall = match value.clone().try_into() {
            Ok(s) => s,
            Err(e) => {
                cx.err(line, &entry, e.to_string().trim().replace('\n', " "));
                continue;
            }
        };
        if let Some(other) = numbers.insert(sc.nr, name.clone()) {
            cx.err(line, &entry, format!("number {} is also `{other}`", sc.nr));
        }
        if sc.reserved {
            if !sc.args.is_empty() || sc.ret.is_some() || !sc.class.is_empty() {
                cx.err(line, &entry, "a reserved number has no args, ret or class");
            }
            syscalls.push(SyscallSpec {
                name: name.clone(),
                nr: sc.nr,
                reserved: true,
                classes: vec![],
                ret: None,
                args: vec![],
                custom: None,
                note: sc.note.clone(),
                line,
            });
            continue;
        }
        if sc.args.len() > 6 {
            cx.err(
                line,
                &entry,
                format!("{} arguments; x86-64 passes at most 6", sc.args.len()),
            );
        }
        for c in &sc.class {
            if !CLASSES.contains(&c.as_str()) {
                cx.err(line, &entry, format!("unknown class `{c}`"));
            }
        }
        let ret = match sc.ret.as_deref() {
            None => {
                cx.err(line, &entry, "missing `ret`");
                None
            }
            Some(r) => match TypeExpr::parse(r).and_then(|t| cx.check_type(&t, "ret").map(|_| t)) {
                Ok(t) => Some(t),
                Err(e) => {
                    cx.err(line, &entry, format!("ret: {e}"));
                    None
                }
            },
        };
        let mut args = Vec::new();
        let mut names_seen = BTreeSet::new();
        for (i, a) in sc.args.iter().enumerate() {
            if !names_seen.insert(a.name.clone()) {
                cx.err(line, &entry, format!("two arguments named `{}`", a.name));
            }
            let ty = match TypeExpr::parse(&a.ty).and_then(|t| cx.check_type(&t, "arg").map(|_| t))
            {
                Ok(t) => t,
                Err(e) => {
                    cx.err(line, &entry, format!("argument `{}`: {e}", a.name));
                    continue;
                }
            };
            let arg_index = |n: &str| sc.args.iter().position(|b| b.name == n);
            let len = match a.len.as_deref() {
                None => None,
                Some("ret") => {
                    if a.dir == Dir::In {
                        cx.err(line, &entry, format!("argument `{}`: a length taken from the return value needs dir = \"out\" or \"inout\"", a.name));
                    }
                    Some(LenRef::Ret)
                }
                Some(m) if m.starts_with("min(ret,") && m.ends_with(')') => {
                    let n = m["min(ret,".len()..m.len() - 1].trim();
                    match arg_index(n) {
                        Some(j) if j != i && a.dir != Dir::In => Some(LenRef::RetMax(j)),
                        _ => {
                            cx.err(
                                line,
                                &entry,
                                format!(
                                    "argument `{}`: `{m}` needs dir out and another argument",
                                    a.name
                                ),
                            );
                            None
                        }
                    }
                }
                Some(n) => match arg_index(n) {
                    Some(j) if j != i => Some(LenRef::Arg(j)),
                    _ => {
                        cx.err(
                            line,
                            &entry,
                            format!("argument `{}`: len names no other argument `{n}`", a.name),
                        );
                        None
                    }
                },
            };
            let needs_len = vocab(&ty.name).map(|v| v.needs_len).unwrap_or(false);
            if needs_len && len.is_none() && a.len.is_none() {
                cx.err(
                    line,
                    &entry,
                    format!("argument `{}`: type `{ty}` needs a `len`", a.name),
                );
            }
            let mut on2 = None;
            let on = match (&a.on, ty.name.as_str()) {
                (Some(n), "select") if n.contains(',') => {
                    let ix: Vec<_> = n
                        .split(',')
                        .map(|s| arg_index(s.trim()).filter(|&j| j != i))
                        .collect();
                    match ix.as_slice() {
                        [Some(j), Some(k)] => {
                            on2 = Some(*k);
                            Some(*j)
                        }
                        _ => {
                            cx.err(line, &entry, format!("argument `{}`: `on` must name one or two other arguments, not `{n}`", a.name));
                            None
                        }
                    }
                }
                // Registers are all known at entry, so any argument may select: a later
                // one (setsockopt's optval by optlen, mount's type by the flags after it)
                // or the argument itself (personality's query value).
                (Some(n), "select") => match arg_index(n) {
                    Some(j) => Some(j),
                    _ => {
                        cx.err(
                            line,
                            &entry,
                            format!("argument `{}`: `on` names no argument `{n}`", a.name),
                        );
                        None
                    }
                },
                (None, "select") => {
                    cx.err(
                        line,
                        &entry,
                        format!("argument `{}`: select[] needs `on`", a.name),
                    );
                    None
                }
                (Some(_), _) => {
                    cx.err(
                        line,
                        &entry,
                        format!("argument `{}`: `on` goes with select[] only", a.name),
                    );
                    None
                }
                (None, _) => None,
            };
            let cond = match &a.cond {
                None => None,
                Some(c) => match arg_index(&c.arg) {
                    Some(j) if j < i => {
                        let mut mask = 0u64;
                        if c.any.is_empty() == c.all.is_empty() {
                            cx.err(
                                line,
                                &entry,
                                format!("argument `{}`: `if` takes either `any` or `all`", a.name),
                            );
                        }
                        for k in c.any.iter().chain(&c.all) {
                            match cx.resolve_const(k) {
                                Ok(v) => mask |= v as u64,
                                Err(e) => {
                                    cx.err(line, &entry, format!("argument `{}`: {e}", a.name))
                                }
                            }
                        }
                        Some((j, mask))
                    }
                    _ => {
                        cx.err(
                            line,
                            &entry,
                            format!("argument `{}`: `if` must name an earlier argument", a.name),
                        );
                        None
                    }
                },
            };
            if a.dir != Dir::In
                && vocab(&ty.name).map(|v| v.kind) == Some(Kind::Scalar)
                && ty.name != "select"
            {
                cx.err(
                    line,
                    &entry,
                    format!(
                        "argument `{}`: a register value has no direction; only memory is in/out",
                        a.name
                    ),
                );
            }
            let cond_all = a.cond.as_ref().is_some_and(|c| !c.all.is_empty());
            args.push(ArgSpec {
                name: a.name.clone(),
                ty,
                dir: a.dir,
                len,
                on,
                on2,
                cond,
                cond_all,
                raw: a.raw.clone(),
            });
        }
        // A select[] that is also the return type must use the same table.
        if let Some(r) = &ret {
            if r.name == "select"
                && !args
                    .iter()
                    .any(|a| a.ty.name == "select" && a.ty.params[0] == r.params[0])
            {
                cx.err(
                    line,
                    &entry,
                    format!("ret `{r}` needs an argument of the same select[] type"),
                );
            }
        }
        // Variant lengths name arguments of the syscalls that use them.
        for a in &args {
            if a.ty.name == "select" {
                if let Some(s) = table.select.get(&a.ty.params[0].name) {
                    for v in s.variants.iter().chain(std::iter::once(&s.default)) {
                        if let Some(l) = v.len.as_deref() {
                            if l != "ret" && !sc.args.iter().any(|b| b.name == l) {
                                cx.err(
                                    line,
                                    &entry,
                                    format!(
                                        "select `{}`: len `{l}` names no argument",
                                        a.ty.params[0].name
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
        syscalls.push(SyscallSpec {
            name: name.clone(),
            nr: sc.nr,
            reserved: false,
            classes: sc.class.clone(),
            ret,
            args,
            custom: sc.custom.clone(),
            note: sc.note.clone(),
            line,
        });
    }

    // Netlink: protocols reference type enums, payload structs and attribute tables.
    let mut netlink = Vec::new();
    for (name, p) in &table.netlink {
        let line = cx.lines.of("netlink", name);
        let entry = format!("netlink `{name}`");
        if p.types != "kernel:generic" {
            if let Err(e) = cx.table_ref("enum", &p.types) {
                cx.err(line, &entry, e);
            }
        }
        if !matches!(p.flags.as_str(), "by_type" | "get" | "none") {
            cx.err(
                line,
                &entry,
                format!(
                    "flags must be `by_type`, `get` or `none`, not `{}`",
                    p.flags
                ),
            );
        }
        let mut messages: Vec<NetlinkMessageSpec> = Vec::new();
        for m in &p.messages {
            let mut families = Vec::new();
            for c in &m.families {
                match cx.resolve_const(c) {
                    Ok(v) if (0..=255).contains(&v) => families.push(v),
                    Ok(v) => cx.err(line, &entry, format!("family {v} is not one byte")),
                    Err(e) => cx.err(line, &entry, e),
                }
            }
            let mut types = Vec::new();
            for c in &m.when {
                match cx.resolve_const(c) {
                    Ok(v) if !(0..=u16::MAX as i64).contains(&v) => {
                        cx.err(line, &entry, format!("message type {v} is not 16-bit"))
                    }
                    Ok(v) => types.push(v),
                    Err(e) => cx.err(line, &entry, e),
                }
            }
            if let Err(e) = cx.table_ref("struct", &m.payload) {
                cx.err(line, &entry, e);
            }
            if let Some(a) = &m.attrs {
                if let Err(e) = cx.table_ref("nlattrs", a) {
                    cx.err(line, &entry, e);
                }
            }
            // The first matching entry wins, so two entries that can match the same
            // message leave the later one dead.
            let overlapping = messages.iter().any(|o| {
                o.types.iter().any(|t| types.contains(t))
                    && (o.families.is_empty()
                        || families.is_empty()
                        || o.families.iter().any(|f| families.contains(f)))
                    && (o.request.is_none() || m.request.is_none() || o.request == m.request)
            });
            if overlapping {
                cx.err(
                    line,
                    &entry,
                    format!(
                        "the message `{}` entry can match what an earlier entry matches",
                        m.payload
                    ),
                );
            }
            messages.push(NetlinkMessageSpec {
                types,
                families,
                request: m.request,
                payload: m.payload.clone(),
                attrs: m.attrs.clone(),
            });
        }
        netlink.push((
            name.clone(),
            NetlinkSpec {
                protocol: p.protocol,
                header: p.header.clone(),
                types: p.types.clone(),
                flags: p.flags.clone(),
                messages,
            },
        ));
    }
    let mut nlattrs = Vec::new();
    for (name, a) in &table.nlattrs {
        let line = cx.lines.of("nlattrs", name);
        let entry = format!("nlattrs `{name}`");
        if let Err(e) = cx.table_ref("enum", &a.names) {
            cx.err(line, &entry, e);
        }
        let mut types = Vec::new();
        let mut seen = BTreeSet::new();
        for t in &a.types {
            let ty = match TypeExpr::parse(&t.ty) {
                Ok(ty) => ty,
                Err(e) => {
                    cx.err(line, &entry, e);
                    continue;
                }
            };
            if !NLA_VALUE_TYPES.contains(&ty.name.as_str()) {
                cx.err(
                    line,
                    &entry,
                    format!("`{ty}` cannot be an attribute's value"),
                );
                continue;
            }
            if let Err(e) = cx.check_type(&ty, "nla") {
                cx.err(line, &entry, e);
            }
            let mut values = Vec::new();
            for c in &t.when {
                match cx.resolve_const(c) {
                    // The top two bits of nla_type are flags (nested, byte order).
                    Ok(v) if !(0..0x4000).contains(&v) => {
                        cx.err(line, &entry, format!("attribute type {v} is not 14-bit"))
                    }
                    Ok(v) if seen.insert(v) => values.push(v),
                    Ok(v) => cx.err(
                        line,
                        &entry,
                        format!("attribute type {v} has two value types"),
                    ),
                    Err(e) => cx.err(line, &entry, e),
                }
            }
            types.push((values, ty));
        }
        nlattrs.push((
            name.clone(),
            NlAttrsSpec {
                header: a.header.clone(),
                names: a.names.clone(),
                types,
            },
        ));
    }

    // A nested attribute table reaching itself again would let crafted data recurse
    // without end.
    for (name, _) in &nlattrs {
        let mut stack = vec![name.as_str()];
        let mut seen = BTreeSet::new();
        while let Some(t) = stack.pop() {
            let Some((_, spec)) = nlattrs.iter().find(|(n, _)| n == t) else {
                continue;
            };
            for (_, ty) in &spec.types {
                if ty.name == "nested" {
                    let inner = ty.params[0].name.as_str();
                    if inner == name {
                        let line = cx.lines.of("nlattrs", name);
                        cx.err(line, format!("nlattrs `{name}`"), "nests itself");
                    } else if seen.insert(inner) {
                        stack.push(inner);
                    }
                }
            }
        }
    }
    for (name, p) in &table.netlink {
        if table
            .netlink
            .iter()
            .any(|(n, q)| n < name && q.protocol == p.protocol)
        {
            let line = cx.lines.of("netlink", name);
            cx.err(
                line,
                format!("netlink `{name}`"),
                format!("protocol {} is described twice", p.protocol),
            );
        }
    }

    // Field and flag-field types reference tables too.
    for (_, f) in &flags {
        for fld in &f.fields {
            if let Some(t) = &fld.ty {
                if let Err(e) = cx.check_type(t, "field") {
                    cx.err(0, "flags", e);
                }
            }
        }
    }

    // Tables nobody uses are dead weight or a typo in a reference.
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
                let line = cx.lines.of(kind, n);
                cx.err(line, format!("{kind} `{n}`"), "defined but never used");
            }
        }
    }

    syscalls.sort_by_key(|s| s.nr);
    if cx.problems.is_empty() {
        Ok(Spec {
            syscalls,
            flags,
            enums,
            structs,
            selects,
            netlink,
            nlattrs,
            errno,
        })
    } else {
        cx.problems
            .sort_by(|a, b| (a.line, &a.message).cmp(&(b.line, &b.message)));
        Err(cx.problems)
    }
}
