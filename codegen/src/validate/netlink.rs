//! Netlink: protocols (message types, payload structs, attribute tables) and attribute
//! tables (value types by attribute type), with no nesting cycle.
use super::{Ctx, NetlinkMessageSpec, NetlinkSpec, NlAttrsSpec, NLA_VALUE_TYPES};
use crate::model::{NetlinkMessage, NetlinkProtocol};
use crate::source::{at, At};
use crate::types::TypeExpr;
use std::collections::BTreeSet;

pub(super) fn protocols(cx: &mut Ctx) -> Vec<(String, NetlinkSpec)> {
    let table = cx.table;
    let mut out = Vec::new();
    for (name, p) in &table.netlink {
        let base = at!["netlink", name];
        let entry = format!("netlink `{name}`");
        if p.types != "kernel:generic" {
            if let Err(e) = cx.table_ref("enum", &p.types) {
                cx.err(base.then("types"), &entry, e);
            }
        }
        if !matches!(p.flags.as_str(), "by_type" | "get" | "none") {
            let m = format!(
                "flags must be `by_type`, `get` or `none`, not `{}`",
                p.flags
            );
            cx.err(base.then("flags"), &entry, m);
        }
        if table
            .netlink
            .iter()
            .any(|(n, q)| n < name && q.protocol == p.protocol)
        {
            let m = format!("protocol {} is described twice", p.protocol);
            cx.err(base.then("protocol"), &entry, m);
        }
        let mut messages: Vec<NetlinkMessageSpec> = Vec::new();
        for (i, m) in p.messages.iter().enumerate() {
            let at = base.then("messages").then(i);
            let spec = message(cx, m, &at, &entry);
            if messages.iter().any(|o| o.types.is_empty()) {
                let msg = "an entry after one without `when` (every other type) is never used";
                cx.err(at.clone(), &entry, msg);
            }
            // The first matching entry wins, so two entries that can match the same
            // message leave the later one dead.
            let overlapping = messages.iter().any(|o| {
                o.types.iter().any(|t| spec.types.contains(t))
                    && (o.families.is_empty()
                        || spec.families.is_empty()
                        || o.families.iter().any(|f| spec.families.contains(f)))
                    && (o.request.is_none() || m.request.is_none() || o.request == m.request)
            });
            if overlapping {
                let msg = format!(
                    "the message `{}` entry can match what an earlier entry matches",
                    m.payload
                );
                cx.err(at, &entry, msg);
            }
            messages.push(spec);
        }
        out.push((name.clone(), spec(p, messages)));
    }
    out
}

fn spec(p: &NetlinkProtocol, messages: Vec<NetlinkMessageSpec>) -> NetlinkSpec {
    NetlinkSpec {
        protocol: p.protocol,
        header: p.header.clone(),
        types: p.types.clone(),
        flags: p.flags.clone(),
        messages,
    }
}

/// A message entry: its types (16-bit), families (one byte), payload and attributes.
fn message(cx: &mut Ctx, m: &NetlinkMessage, at: &At, entry: &str) -> NetlinkMessageSpec {
    let mut families = Vec::new();
    for (j, c) in m.families.iter().enumerate() {
        let at = at.then("families").then(j);
        match cx.resolve_const(c) {
            Ok(v) if (0..=255).contains(&v) => families.push(v),
            Ok(v) => cx.err(at, entry, format!("family {v} is not one byte")),
            Err(e) => cx.err(at, entry, e),
        }
    }
    let mut types = Vec::new();
    for (j, c) in m.when.iter().enumerate() {
        let at = at.then("when").then(j);
        match cx.resolve_const(c) {
            Ok(v) if !(0..=u16::MAX as i64).contains(&v) => {
                cx.err(at, entry, format!("message type {v} is not 16-bit"))
            }
            Ok(v) => types.push(v),
            Err(e) => cx.err(at, entry, e),
        }
    }
    if let Err(e) = cx.table_ref("struct", &m.payload) {
        cx.err(at.then("payload"), entry, e);
    }
    if let Some(a) = &m.attrs {
        if let Err(e) = cx.table_ref("nlattrs", a) {
            cx.err(at.then("attrs"), entry, e);
        }
    }
    NetlinkMessageSpec {
        types,
        families,
        request: m.request,
        payload: m.payload.clone(),
        attrs: m.attrs.clone(),
    }
}

pub(super) fn attributes(cx: &mut Ctx) -> Vec<(String, NlAttrsSpec)> {
    let table = cx.table;
    let mut out = Vec::new();
    for (name, a) in &table.nlattrs {
        let base = at!["nlattrs", name];
        let entry = format!("nlattrs `{name}`");
        if let Some(Err(e)) = a.names.as_ref().map(|n| cx.table_ref("enum", n)) {
            cx.err(base.then("names"), &entry, e);
        }
        let mut types = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, t) in a.types.iter().enumerate() {
            let at = base.then("types").then(i);
            let ty = match TypeExpr::parse(&t.ty) {
                Ok(ty) => ty,
                Err(e) => {
                    cx.err(at.then("type"), &entry, e);
                    continue;
                }
            };
            if !NLA_VALUE_TYPES.contains(&ty.name.as_str()) {
                let m = format!("`{ty}` cannot be an attribute's value");
                cx.err(at.then("type"), &entry, m);
                continue;
            }
            if let Err(e) = cx.check_type(&ty, "nla") {
                cx.err(at.then("type"), &entry, e);
            }
            if t.when.is_empty() && a.types.iter().take(i).any(|o| o.when.is_empty()) {
                cx.err(at.then("when"), &entry, "two entries take every other type");
            }
            let mut values = Vec::new();
            for (j, c) in t.when.iter().enumerate() {
                let at = at.then("when").then(j);
                match cx.resolve_const(c) {
                    // The top two bits of nla_type are flags (nested, byte order).
                    Ok(v) if !(0..0x4000).contains(&v) => {
                        cx.err(at, &entry, format!("attribute type {v} is not 14-bit"))
                    }
                    Ok(v) if seen.insert(v) => values.push(v),
                    Ok(v) => cx.err(
                        at,
                        &entry,
                        format!("attribute type {v} has two value types"),
                    ),
                    Err(e) => cx.err(at, &entry, e),
                }
            }
            types.push((values, ty));
        }
        out.push((
            name.clone(),
            NlAttrsSpec {
                header: a.header.clone(),
                names: a.names.clone(),
                types,
            },
        ));
    }
    out
}

/// A nested attribute table reaching itself again would let crafted data recurse
/// without end.
pub(super) fn no_cycles(cx: &mut Ctx, nlattrs: &[(String, NlAttrsSpec)]) {
    for (name, _) in nlattrs {
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
                        cx.err(
                            at!["nlattrs", name].key(),
                            format!("nlattrs `{name}`"),
                            "nests itself",
                        );
                    } else if seen.insert(inner) {
                        stack.push(inner);
                    }
                }
            }
        }
    }
}
