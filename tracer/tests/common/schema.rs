//! A validator for the subset of JSON Schema (2020-12) that docs/event.schema.json uses:
//! type, const, enum, properties, required, additionalProperties (boolean), items,
//! oneOf, minimum, maximum and local `$ref`s (`#/$defs/NAME`). Hand-written because the
//! full validators pull in far more than this needs.

use serde_json::Value;

/// The event schema, `docs/event.schema.json`.
pub fn load() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/event.schema.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

pub fn validate(root: &Value, instance: &Value) -> Result<(), String> {
    check(root, root, instance, "$")
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("schema uses unsupported type {other}"),
    }
}

fn check(root: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let s = schema
        .as_object()
        .ok_or_else(|| format!("{at}: schema is not an object"))?;
    for key in s.keys() {
        let known = [
            "$schema",
            "$id",
            "title",
            "description",
            "type",
            "const",
            "enum",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "oneOf",
            "minimum",
            "maximum",
            "$ref",
            "$defs",
        ];
        assert!(
            known.contains(&key.as_str()),
            "schema keyword {key} is not supported by this validator"
        );
    }
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref {r}"));
        check(root, &root["$defs"][name], v, at)?;
    }
    if let Some(t) = s.get("type") {
        let ok = match t {
            Value::String(t) => type_matches(t, v),
            Value::Array(ts) => ts.iter().any(|t| type_matches(t.as_str().unwrap(), v)),
            _ => panic!("bad type keyword"),
        };
        if !ok {
            return Err(format!("{at}: {v} is not of type {t}"));
        }
    }
    if let Some(c) = s.get("const") {
        if c != v {
            return Err(format!("{at}: {v} is not {c}"));
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            return Err(format!("{at}: {n} < minimum {min}"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if n > max {
            return Err(format!("{at}: {n} > maximum {max}"));
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(req) = s.get("required").and_then(Value::as_array) {
            for r in req {
                let r = r.as_str().unwrap();
                if !obj.contains_key(r) {
                    return Err(format!("{at}: missing required property {r}"));
                }
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => check(root, ps, val, &format!("{at}.{k}"))?,
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: unexpected property {k}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check(root, items, item, &format!("{at}[{i}]"))?;
        }
    }
    if let Some(alts) = s.get("oneOf").and_then(Value::as_array) {
        let passing: Vec<usize> = alts
            .iter()
            .enumerate()
            .filter(|(_, a)| check(root, a, v, at).is_ok())
            .map(|(i, _)| i)
            .collect();
        if passing.len() != 1 {
            let why: Vec<String> = alts
                .iter()
                .filter_map(|a| check(root, a, v, at).err())
                .collect();
            return Err(format!(
                "{at}: {} of oneOf match ({v}); {why:?}",
                passing.len()
            ));
        }
    }
    Ok(())
}
