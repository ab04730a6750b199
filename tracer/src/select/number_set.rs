//! strace's set syntax for qualifiers whose items are numbers with names (`-e signal=`,
//! `-e status=`, `-e trace-fds=`, `-e quiet=`): `[!]...item,item`, `all`, `none`.
//! Each leading `!` inverts what follows; `all` and `none` stand alone; empty items are
//! skipped, but at least one item must be there. A later `-e QUAL=` replaces an earlier
//! one, as in strace.

/// A set of non-negative numbers, possibly inverted (then it holds every number but
/// those listed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberSet {
    /// Sorted, without repeats.
    listed: Vec<u32>,
    inverted: bool,
}

impl NumberSet {
    pub fn all() -> Self {
        NumberSet {
            listed: Vec::new(),
            inverted: true,
        }
    }

    pub fn none() -> Self {
        NumberSet::default()
    }

    pub fn of(numbers: impl IntoIterator<Item = u32>) -> Self {
        let mut listed: Vec<u32> = numbers.into_iter().collect();
        listed.sort_unstable();
        listed.dedup();
        NumberSet {
            listed,
            inverted: false,
        }
    }

    #[inline]
    pub fn contains(&self, n: u32) -> bool {
        self.listed.binary_search(&n).is_ok() != self.inverted
    }

    pub fn is_all(&self) -> bool {
        self.inverted && self.listed.is_empty()
    }

    pub fn is_none(&self) -> bool {
        !self.inverted && self.listed.is_empty()
    }

    /// Whether every number below `bound` is in the set (a set of names that are
    /// numbered `0..bound` is then complete).
    pub fn covers(&self, bound: u32) -> bool {
        (0..bound).all(|n| self.contains(n))
    }

    /// The set in the syntax [`parse`] reads, each listed number written by `name`.
    pub fn spec(&self, name: impl Fn(u32) -> String) -> String {
        let items: Vec<String> = self.listed.iter().map(|&n| name(n)).collect();
        match (self.inverted, items.is_empty()) {
            (false, true) => "none".into(),
            (true, true) => "all".into(),
            (false, false) => items.join(","),
            (true, false) => format!("!{}", items.join(",")),
        }
    }
}

/// Parses `spec`; `item` reads one item (a name or a number) or says it is none. The
/// error is strace's line: `invalid WHAT 'ITEM'`.
pub fn parse(
    spec: &str,
    what: &str,
    item: impl Fn(&str) -> Option<u32>,
) -> Result<NumberSet, String> {
    let mut inverted = false;
    let mut rest = spec;
    while let Some(r) = rest.strip_prefix('!') {
        inverted = !inverted;
        rest = r;
    }
    let mut set = match rest {
        "none" => NumberSet::none(),
        "all" => NumberSet::all(),
        _ => {
            let mut numbers = Vec::new();
            for token in rest.split(',').filter(|t| !t.is_empty()) {
                match item(token) {
                    Some(n) => numbers.push(n),
                    None => return Err(format!("invalid {what} '{token}'")),
                }
            }
            if numbers.is_empty() {
                return Err(format!("invalid {what} '{spec}'"));
            }
            NumberSet::of(numbers)
        }
    };
    set.inverted ^= inverted;
    Ok(set)
}

/// A number as strace's `string_to_uint` reads it (C's `strtol` in base 10, the whole
/// string): leading white space and a sign are allowed, nothing after the digits.
pub fn c_integer(s: &str) -> Option<i64> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude: i64 = digits.parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// A case-insensitive lookup among `names` (number, name).
pub fn named(token: &str, names: &[(u32, &str)]) -> Option<u32> {
    names
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(token))
        .map(|&(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digit(t: &str) -> Option<u32> {
        t.parse().ok().filter(|&n| n < 10)
    }

    #[test]
    fn strace_set_syntax() {
        let p = |s: &str| parse(s, "digit", digit);
        assert_eq!(p("1,3").unwrap(), NumberSet::of([1, 3]));
        assert_eq!(p(",1,,3,").unwrap(), NumberSet::of([1, 3]));
        assert!(p("!1").unwrap().contains(2) && !p("!1").unwrap().contains(1));
        assert_eq!(p("!!1").unwrap(), NumberSet::of([1]));
        assert!(p("all").unwrap().is_all() && p("!none").unwrap().is_all());
        assert!(p("none").unwrap().is_none() && p("!all").unwrap().is_none());
        assert_eq!(p("").unwrap_err(), "invalid digit ''");
        assert_eq!(p(",").unwrap_err(), "invalid digit ','");
        assert_eq!(p("!").unwrap_err(), "invalid digit '!'");
        assert_eq!(p("1,all").unwrap_err(), "invalid digit 'all'");
        assert_eq!(p("1,x").unwrap_err(), "invalid digit 'x'");
    }

    #[test]
    fn c_integers() {
        assert_eq!(c_integer("010"), Some(10));
        assert_eq!(c_integer(" +5"), Some(5));
        assert_eq!(c_integer("-1"), Some(-1));
        for bad in ["", "5 ", "0x1", "+", "1k", "99999999999999999999"] {
            assert_eq!(c_integer(bad), None, "{bad}");
        }
    }
}
