//! `-E VAR=VAL` and `-E VAR`: the launched command's environment, made from the
//! tracer's as strace makes it (its `make_env`): in the order given, `VAR=VAL` replaces
//! the first `VAR` in place or is added at the end, and `VAR` removes every `VAR`.

/// The environment after `changes` (each `VAR=VAL` or `VAR`), from `env` (`VAR=VAL`
/// entries as the process has them).
pub fn apply(mut env: Vec<Vec<u8>>, changes: &[Vec<u8>]) -> Vec<Vec<u8>> {
    for change in changes {
        let (key, set) = match change.iter().position(|&b| b == b'=') {
            Some(eq) => (&change[..eq], true),
            None => (&change[..], false),
        };
        let names = |entry: &[u8]| {
            entry.starts_with(key) && matches!(entry.get(key.len()), None | Some(b'='))
        };
        if set {
            match env.iter_mut().find(|e| names(e)) {
                Some(entry) => *entry = change.clone(),
                None => env.push(change.clone()),
            }
        } else {
            env.retain(|e| !names(e));
        }
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn strings(v: &[&str]) -> Vec<Vec<u8>> {
        v.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn set_replace_add_remove_in_order() {
        let env = strings(&["A=1", "B=2", "AB=3", "B=4"]);
        let out = apply(env, &strings(&["B=x", "C=5", "A", "C=6", "AB"]));
        assert_eq!(out, strings(&["B=x", "B=4", "C=6"]));
        let out = apply(strings(&["A=1", "B=2", "B=3"]), &strings(&["B"]));
        assert_eq!(out, strings(&["A=1"]));
    }

    proptest! {
        #[test]
        fn never_panics_and_removed_names_are_gone(
            env in proptest::collection::vec("[A-C]{0,2}(=[a-z]{0,2})?", 0..6),
            changes in proptest::collection::vec("[A-C]{0,2}(=[a-z]{0,2})?", 0..6),
        ) {
            let env: Vec<Vec<u8>> = env.into_iter().map(String::into_bytes).collect();
            let changes: Vec<Vec<u8>> = changes.into_iter().map(String::into_bytes).collect();
            let out = apply(env, &changes);
            if let Some(last) = changes.last() {
                if !last.contains(&b'=') {
                    prop_assert!(!out.iter().any(|e| e == last || e.starts_with(&[&last[..], b"="].concat())));
                } else {
                    prop_assert!(out.contains(last));
                }
            }
        }
    }
}
