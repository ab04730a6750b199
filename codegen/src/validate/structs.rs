//! C structs: field types and sizes, every byte in some field, the forms strace prints.
use super::{type_size, Ctx, FieldSpec, StructSpec};
use crate::model::{StructDef, StructField};
use crate::source::{at, At};
use crate::types::{vocab, Kind};

pub(super) fn structs(cx: &mut Ctx) -> Vec<(String, StructSpec)> {
    let table = cx.table;
    let mut out = Vec::new();
    for (name, s) in &table.structs {
        let base = at!["struct", name];
        let entry = format!("struct `{name}`");
        let mut offset = 0u32;
        let mut fields = Vec::new();
        for (i, f) in s.fields.iter().enumerate() {
            if let Some(o) = f.offset {
                offset = o;
            }
            let at = base.then("fields").then(i);
            let Some(field) = field(cx, s, f, offset, &at, &entry) else {
                continue;
            };
            // A union's members all start at 0.
            if !s.union {
                offset += field.size;
            }
            fields.push((i, field));
        }
        coverage(cx, s, &fields, &base, &entry);
        let arrow_form = s.form.as_deref() == Some("arrow");
        let past_end = s.past_end.clone().unwrap_or_else(|| "shown".into());
        if !matches!(past_end.as_str(), "shown" | "ignored" | "address") {
            let m = format!("past_end must be `shown`, `ignored` or `address`, not `{past_end}`");
            cx.err(base.then("past_end"), &entry, m);
        }
        let min_size = s.min_size.unwrap_or(s.size);
        if min_size > s.size {
            let m = format!("min_size {min_size} is beyond the size {}", s.size);
            cx.err(base.then("min_size"), &entry, m);
        }
        let array_form = match s.form.as_deref() {
            None | Some("braces") | Some("arrow") => false,
            Some("array") => true,
            Some(o) => {
                let m = format!("form must be `braces`, `array` or `arrow`, not `{o}`");
                cx.err(base.then("form"), &entry, m);
                false
            }
        };
        out.push((
            name.clone(),
            StructSpec {
                header: s.header.clone(),
                size: s.size,
                fields: fields.into_iter().map(|(_, f)| f).collect(),
                array_form,
                arrow_form,
                past_end,
                min_size,
            },
        ));
    }
    out
}

/// One field at `offset`: its type, its size (given or the type's), its length and
/// condition fields.
fn field(
    cx: &mut Ctx,
    s: &StructDef,
    f: &StructField,
    offset: u32,
    at: &At,
    entry: &str,
) -> Option<FieldSpec> {
    let prefix = format!("field `{}`: ", f.name);
    let ty = cx.parse_type(&f.ty, "field", &at.then("type"), entry, &prefix)?;
    let natural = type_size(&ty, cx.table);
    let size = match (f.size, natural) {
        (Some(s), _) => s,
        (None, Some(n)) => n,
        (None, None) => {
            cx.err(
                at.clone(),
                entry,
                format!("field `{}` needs a size", f.name),
            );
            0
        }
    };
    if let (Some(given), Some(n)) = (f.size, natural) {
        let scalar = vocab(&ty.name).is_some_and(|v| v.kind == Kind::Scalar);
        if given != n && !(scalar && matches!(given, 1 | 2 | 4 | 8)) {
            let m = format!("field `{}` is {n} bytes as `{ty}`, not {given}", f.name);
            cx.err(at.then("size"), entry, m);
        }
    }
    let position = |n: &str| s.fields.iter().position(|g| g.name == n);
    let len = match &f.len {
        Some(l) => match position(l) {
            Some(i) => Some(i),
            None => {
                let m = format!("field `{}`: len names no field `{l}`", f.name);
                cx.err(at.then("len"), entry, m);
                None
            }
        },
        None => None,
    };
    let cond = match (&f.show_if, &f.hide_if) {
        (Some(_), Some(_)) => {
            let m = format!("field `{}`: show_if and hide_if together", f.name);
            cx.err(at.then("hide_if"), entry, m);
            None
        }
        (Some(c), None) | (None, Some(c)) => match position(&c.field) {
            Some(i) => Some((i, c.mask, c.values.clone(), f.show_if.is_some())),
            None => {
                let key = if f.show_if.is_some() {
                    "show_if"
                } else {
                    "hide_if"
                };
                let m = format!("field `{}`: condition names no field `{}`", f.name, c.field);
                cx.err(at.then(key).then("field"), entry, m);
                None
            }
        },
        (None, None) => None,
    };
    Some(FieldSpec {
        name: f.name.clone(),
        ty,
        offset,
        size,
        hide: f.hide,
        len,
        cond,
        out: f.out,
        inout: f.inout,
    })
}

/// Every byte belongs to some field (pad fields fill gaps); fields may overlap only as
/// union members do, and none may run past the end.
fn coverage(cx: &mut Ctx, s: &StructDef, fields: &[(usize, FieldSpec)], base: &At, entry: &str) {
    if let Some((i, f)) = fields.iter().find(|(_, f)| f.offset + f.size > s.size) {
        let m = format!("field `{}` ends past the struct's {} bytes", f.name, s.size);
        cx.err(base.then("fields").then(*i), entry, m);
    }
    let mut covered = vec![false; s.size as usize];
    for (_, f) in fields {
        let end = (f.offset + f.size).min(s.size) as usize;
        for x in covered.iter_mut().take(end).skip(f.offset as usize) {
            *x = true;
        }
    }
    let total: u32 = fields.iter().map(|(_, f)| f.size).sum();
    if let Some(gap) = covered.iter().position(|c| !c) {
        let m = format!(
            "fields add up to {total} bytes, but size = {}: byte {gap} is in no field (add a pad field)",
            s.size
        );
        cx.err(base.then("size"), entry, m);
    }
}
