//! Selectors: an argument's (or return's) type chosen by another argument's value.
use super::{Ctx, SelectSpec, VariantSpec};
use crate::model::Variant;
use crate::source::{at, At};
use crate::types::TypeExpr;
use std::collections::BTreeSet;

pub(super) fn selects(cx: &mut Ctx) -> Vec<(String, SelectSpec)> {
    let table = cx.table;
    let mut out = Vec::new();
    for (name, s) in &table.select {
        let base = at!["select", name];
        let entry = format!("select `{name}`");
        let Some(default) = &s.default else {
            cx.err(base.key(), &entry, "a selector needs a `default`");
            continue;
        };
        let Some(default) = variant(cx, default, true, &base.then("default"), &entry) else {
            continue;
        };
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, v) in s.variants.iter().enumerate() {
            let at = base.then("variants").then(i);
            if let Some(vs) = variant(cx, v, false, &at, &entry) {
                for x in &vs.values {
                    if !seen.insert(*x) {
                        let m = format!("selector value {x:#x} appears in two variants");
                        cx.err(at.then("when"), &entry, m);
                    }
                }
                variants.push(vs);
            }
        }
        out.push((
            name.clone(),
            SelectSpec {
                mask: s.mask,
                default,
                variants,
            },
        ));
    }
    out
}

fn variant(
    cx: &mut Ctx,
    v: &Variant,
    is_default: bool,
    at: &At,
    entry: &str,
) -> Option<VariantSpec> {
    let ty = match TypeExpr::parse(&v.ty) {
        Ok(t) => t,
        Err(e) => {
            cx.err(at.then("type"), entry, e);
            return None;
        }
    };
    if let Err(e) = cx.check_type(&ty, "arg") {
        cx.err(at.then("type"), entry, e);
    }
    let ret = match &v.ret {
        Some(r) => cx.parse_type(r, "ret", &at.then("ret"), entry, ""),
        None => None,
    };
    if is_default && !v.when.is_empty() {
        cx.err(
            at.then("when"),
            entry,
            "the default variant takes no `when`",
        );
    }
    if !is_default && v.when.is_empty() {
        cx.err(at.clone(), entry, "a variant needs `when`");
    }
    let (mut values, mut pairs) = (Vec::new(), Vec::new());
    for (j, c) in v.when.iter().enumerate() {
        match cx.resolve_const(c) {
            Ok(x) => {
                values.push(x as u64);
                pairs.push(matches!(c, crate::model::Const::Pair(_)));
            }
            Err(e) => cx.err(at.then("when").then(j), entry, e),
        }
    }
    Some(VariantSpec {
        values,
        pairs,
        ty,
        dir: v.dir,
        len: v.len.clone(),
        ret,
    })
}
