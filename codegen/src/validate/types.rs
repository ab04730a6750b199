//! A type expression checked where it is used: its name in the vocabulary, its number
//! of parameters, the places its kind allows, and the tables it names.
use super::{Ctx, NLA_ONLY_TYPES};
use crate::types::{vocab, Kind, TypeExpr, KERNEL_ID_KINDS};

impl Ctx<'_> {
    /// Checks a type expression used in `place` (`arg`, `ret`, `field`, `elem`, `nla`).
    pub(super) fn check_type(&mut self, t: &TypeExpr, place: &str) -> Result<(), String> {
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
        check_place(t, v.name, v.kind, place)?;
        match t.name.as_str() {
            "flags" => self.table_ref("flags", &t.params[0].name)?,
            "enum" | "htons" | "nla_indexed" | "indexed_bytes" | "sched_policy" => {
                self.table_ref("enum", &t.params[0].name)?
            }
            "ioctl_request" => {
                self.table_ref("enum", &t.params[0].name)?;
                self.check_sorted_requests(&t.params[0].name)?;
            }
            "struct" | "inline" => self.table_ref("struct", &t.params[0].name)?,
            "select" => self.table_ref("select", &t.params[0].name)?,
            "nested" => self.table_ref("nlattrs", &t.params[0].name)?,
            "ptr_to" | "array" | "ptrs" => self.check_type(&t.params[0], "elem")?,
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
        if !kind.params.is_empty() || !KERNEL_ID_KINDS.iter().any(|(k, _)| *k == kind.name) {
            return Err(format!(
                "`{t}`: unknown kernel id kind `{kind}` (known: {})",
                KERNEL_ID_KINDS
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

    /// A reference to the table `[kind.name]`: it must exist, and it counts as used.
    pub(super) fn table_ref(&mut self, kind: &str, name: &str) -> Result<(), String> {
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

/// Where a type of this kind may stand.
fn check_place(t: &TypeExpr, name: &str, kind: Kind, place: &str) -> Result<(), String> {
    match (place, kind) {
        ("ret", Kind::Scalar) => Ok(()),
        (_, _) if name == "restored" => Err(format!("type `{t}` is a return type only")),
        ("ret", _) => Err(format!("type `{t}` cannot be a return type")),
        // Attribute value types read an attribute's own length: nowhere else.
        ("nla", _) => Ok(()),
        (_, _) if NLA_ONLY_TYPES.contains(&name) => {
            Err(format!("type `{t}` is for netlink attributes only"))
        }
        ("field", _) => Ok(()),
        ("elem", Kind::Inline) => Err(format!("type `{t}` cannot be an array element")),
        ("arg", Kind::Inline) => Err(format!("type `{t}` is for struct fields only")),
        _ => Ok(()),
    }
}
