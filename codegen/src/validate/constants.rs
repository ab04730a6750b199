//! Flag and enum tables (whose names every condition and selector resolves against) and
//! the errno table.
use super::{Ctx, EnumSpec, FlagField, FlagSpec};
use crate::model::{self, Field};
use crate::source::{at, At};
use crate::types::TypeExpr;

pub(super) fn flags(cx: &mut Ctx) -> Vec<(String, FlagSpec)> {
    let table = cx.table;
    let mut out = Vec::new();
    for (name, f) in &table.flags {
        let base = at!["flags", name];
        let entry = format!("flags `{name}`");
        let as_fields = form(cx, f, &base, &entry);
        let mut claimed = 0u64;
        let mut fields = Vec::new();
        for (i, fld) in f.fields.iter().enumerate() {
            let at = base.then("fields").then(i);
            if fld.mask & claimed != 0 {
                let m = format!("field mask {:#x} overlaps another field", fld.mask);
                cx.err(at.then("mask"), &entry, m);
            }
            claimed |= fld.mask;
            fields.push(flag_field(cx, fld, &at, &entry));
        }
        let bits = bits(cx, f, claimed, &base, &entry);
        let spec = FlagSpec {
            header: f.header.clone(),
            zero: f.zero.clone(),
            placeholder: f.placeholder.clone(),
            bits_placeholder: f.bits_placeholder.clone(),
            shift: f.shift.as_ref().map(|s| (s.mask, s.name.clone())),
            fields,
            bits,
            ret_label: f.ret_label.clone().unwrap_or_else(|| "flags".into()),
            as_fields,
        };
        for (k, v) in spec
            .bits
            .iter()
            .chain(spec.fields.iter().flat_map(|f| f.values.iter()))
        {
            cx.consts.entry(k.clone()).or_default().push(*v as i64);
        }
        out.push((name.clone(), spec));
    }
    out
}

/// `form = "fields"`: one bit per name, and nothing a one-bit-field rendering ignores.
fn form(cx: &mut Ctx, f: &model::FlagSet, base: &At, entry: &str) -> bool {
    match f.form.as_deref() {
        None => false,
        Some("fields") => {
            if f.zero.is_some() || f.shift.is_some() || !f.fields.is_empty() {
                let m = "form = \"fields\" takes bits only (no zero, shift or fields)";
                cx.err(base.then("form"), entry, m);
            }
            for (k, v) in &f.bits {
                if v.as_integer().is_none_or(|x| (x as u64).count_ones() != 1) {
                    let m = format!("`{k}` must be one bit with form = \"fields\"");
                    cx.err(base.then("bits").then(k), entry, m);
                }
            }
            true
        }
        Some(o) => {
            let m = format!("form must be `fields`, not `{o}`");
            cx.err(base.then("form"), entry, m);
            false
        }
    }
}

/// A masked value field: its values within the mask, or a type.
fn flag_field(cx: &mut Ctx, fld: &Field, at: &At, entry: &str) -> FlagField {
    let mut values = Vec::new();
    for (k, v) in &fld.values {
        let vat = at.then("values").then(k);
        match v.as_integer() {
            Some(x) if (x as u64) & !fld.mask == 0 => values.push((k.clone(), x as u64)),
            Some(x) => {
                let m = format!("`{k}` = {x:#x} lies outside its field mask {:#x}", fld.mask);
                cx.err(vat, entry, m)
            }
            None => cx.err(vat, entry, format!("`{k}` must be an integer")),
        }
    }
    let ty = match &fld.ty {
        Some(t) => match TypeExpr::parse(t) {
            Ok(te) => Some(te),
            Err(e) => {
                cx.err(at.then("type"), entry, e);
                None
            }
        },
        None => None,
    };
    if ty.is_none() && values.is_empty() {
        cx.err(at.clone(), entry, "a field needs values or a type");
    }
    let merge_unknown = match fld.unknown.as_deref() {
        None => false,
        Some("merge") => true,
        Some(o) => {
            let m = format!("a field's unknown must be `merge`, not `{o}`");
            cx.err(at.then("unknown"), entry, m);
            false
        }
    };
    let apart = match fld.apart.as_deref() {
        None => 0,
        Some("always") => 1,
        Some("blank-raw-zero") => 2,
        Some(o) => {
            let m = format!("a field's apart must be `always` or `blank-raw-zero`, not `{o}`");
            cx.err(at.then("apart"), entry, m);
            0
        }
    };
    FlagField {
        mask: fld.mask,
        values,
        ty,
        merge_unknown,
        apart,
    }
}

/// Single bits in printing order: nonzero, outside the fields, and overlapping only as
/// a name covering several bits before the bits it combines (O_SYNC = __O_SYNC|O_DSYNC).
fn bits(
    cx: &mut Ctx,
    f: &model::FlagSet,
    claimed: u64,
    base: &At,
    entry: &str,
) -> Vec<(String, u64)> {
    let mut seen: Vec<(String, u64)> = Vec::new();
    for (k, v) in &f.bits {
        let at = base.then("bits").then(k);
        let Some(x) = v.as_integer() else {
            cx.err(at, entry, format!("`{k}` must be an integer"));
            continue;
        };
        let x = x as u64;
        if x == 0 {
            cx.err(
                at,
                entry,
                format!("`{k}` is 0: name zero with `zero = \"{k}\"`"),
            );
            continue;
        }
        if x & claimed != 0 {
            let m = format!("bit `{k}` = {x:#x} overlaps a field mask");
            cx.err(at.clone(), entry, m);
        }
        for (pk, pv) in &seen {
            if pv & x != 0 && (pv & x) != x {
                let m = format!("bits `{k}` ({x:#x}) and `{pk}` ({pv:#x}) overlap");
                cx.err(at.clone(), entry, m);
            }
        }
        seen.push((k.clone(), x));
    }
    seen
}

pub(super) fn enums(cx: &mut Ctx) -> Vec<(String, EnumSpec)> {
    let table = cx.table;
    let mut out = Vec::new();
    for (name, e) in &table.enums {
        let base = at!["enum", name];
        let entry = format!("enum `{name}`");
        let mut values = Vec::new();
        for (k, v) in &e.values {
            match v.as_integer() {
                Some(x) => values.push((k.clone(), x)),
                None => {
                    let at = base.then("values").then(k);
                    cx.err(at, &entry, format!("`{k}` must be an integer"))
                }
            }
        }
        if values.is_empty() {
            cx.err(base.clone(), &entry, "an enum needs values");
        }
        let (unknown_int, unknown_uint) = match e.unknown.as_deref() {
            None | Some("hex") => (false, false),
            Some("int") => (true, false),
            Some("uint") => (false, true),
            Some(o) => {
                let m = format!("unknown must be `hex`, `int` or `uint`, not `{o}`");
                cx.err(base.then("unknown"), &entry, m);
                (false, false)
            }
        };
        for (k, v) in &values {
            cx.consts.entry(k.clone()).or_default().push(*v);
        }
        out.push((
            name.clone(),
            EnumSpec {
                header: e.header.clone(),
                values,
                unknown_int,
                unknown_uint,
                placeholder: e.placeholder.clone(),
            },
        ));
    }
    out
}

/// `NAME = [number, "message"]`.
pub(super) fn errno(cx: &mut Ctx) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    let Some(e) = &cx.table.errno else {
        return out;
    };
    for (k, v) in &e.values {
        match v.as_array().map(|a| a.as_slice()) {
            Some([n, m]) if n.is_integer() && m.is_str() => out.push((
                k.clone(),
                n.as_integer().unwrap_or_default(),
                m.as_str().unwrap_or_default().to_string(),
            )),
            _ => cx.err(
                at!["errno", "values", k],
                "errno",
                format!("`{k}` must be [number, \"message\"]"),
            ),
        }
    }
    out
}

/// A flag field's type names tables too (clone's exit signal: `signo`).
pub(super) fn flag_field_types(cx: &mut Ctx, flags: &[(String, FlagSpec)]) {
    for (name, f) in flags {
        for (i, fld) in f.fields.iter().enumerate() {
            if let Some(t) = &fld.ty {
                if let Err(e) = cx.check_type(t, "field") {
                    let at = at!["flags", name, "fields", i, "type"];
                    cx.err(at, format!("flags `{name}`"), e);
                }
            }
        }
    }
}
