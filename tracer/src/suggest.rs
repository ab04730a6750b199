//! "Did you mean ...?" for a mistyped name: the nearest valid one, when one is close.
//!
//! Closeness is an edit distance (insertions, deletions, substitutions, and a swap of two
//! neighbours, each counting one) of at most a third of the typed length, and at least
//! one edit: `opn` is one edit from `open`, `fiel` one swap from `file`, while `xyz` is
//! near nothing. A name that differs only in case is always close.

/// The candidate nearest to `typed`, if any is close; among equally near candidates,
/// the first. Each candidate is compared by its key and answered with its value, so a
/// trace class compared as `file` can be offered as `%file`.
pub fn nearest<'a, T>(
    typed: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
) -> Option<T> {
    let limit = typed.chars().count().max(3) / 3;
    let mut best: Option<(usize, T)> = None;
    for (key, value) in candidates {
        let distance = if key.eq_ignore_ascii_case(typed) {
            0
        } else {
            match bounded_distance(typed, key, limit) {
                Some(d) => d,
                None => continue,
            }
        };
        if best.as_ref().is_none_or(|(b, _)| distance < *b) {
            best = Some((distance, value));
        }
    }
    best.map(|(_, value)| value)
}

/// ` (did you mean 'open'?)` for a suggestion, nothing without one.
pub fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean '{s}'?)"),
        None => String::new(),
    }
}

/// The edit distance between `a` and `b` (optimal string alignment), or `None` when it
/// exceeds `limit`. Lengths further apart than the limit are rejected without computing,
/// so a very long typed name costs nothing against short candidates.
fn bounded_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the dynamic-programming table: i-2, i-1 and i.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut d = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn distance(a: &str, b: &str) -> usize {
        bounded_distance(a, b, usize::MAX).unwrap()
    }

    fn names<'a>(
        list: &'a [&'static str],
    ) -> impl Iterator<Item = (&'static str, &'static str)> + 'a {
        list.iter().map(|n| (*n, *n))
    }

    #[test]
    fn distances() {
        assert_eq!(distance("opn", "open"), 1);
        assert_eq!(
            distance("fiel", "file"),
            1,
            "a swap of neighbours is one edit"
        );
        assert_eq!(distance("trcae", "trace"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("café", "cafe"), 1, "characters, not bytes");
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let calls = ["open", "openat", "read", "write", "close"];
        assert_eq!(nearest("opn", names(&calls)), Some("open"));
        assert_eq!(nearest("OPEN", names(&calls)), Some("open"));
        assert_eq!(nearest("wrtie", names(&calls)), Some("write"));
        assert_eq!(nearest("frobnicate", names(&calls)), None);
        assert_eq!(nearest("xyz", names(&calls)), None);
        assert_eq!(nearest("", names(&calls)), None);
        // Ties go to the first candidate; exact-but-for-case wins over one edit.
        assert_eq!(nearest("rea", names(&["read", "reap"])), Some("read"));
        assert_eq!(nearest("Reap", names(&["read", "reap"])), Some("reap"));
        // Compared by key, answered with the value.
        assert_eq!(nearest("fiel", [("file", "%file")]), Some("%file"));
        assert_eq!(did_you_mean(Some("open")), " (did you mean 'open'?)");
        assert_eq!(did_you_mean(None), "");
    }

    proptest! {
        /// Never panics on any text; a distance is symmetric, zero only for equal names,
        /// at most the longer length, and what `nearest` offers is within the limit.
        #[test]
        fn distance_is_a_metric_like_count(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let d = distance(&a, &b);
            prop_assert_eq!(d, distance(&b, &a));
            prop_assert_eq!(d == 0, a == b);
            prop_assert!(d <= a.chars().count().max(b.chars().count()));
            if let Some(s) = nearest(&a, [(b.as_str(), b.as_str())]) {
                let limit = a.chars().count().max(3) / 3;
                prop_assert!(s.eq_ignore_ascii_case(&a) || distance(&a, s) <= limit);
            }
        }
    }
}
