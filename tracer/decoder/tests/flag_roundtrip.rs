//! Flag formatting loses nothing: for every flag table and any value, parsing the
//! rendered text back (names through the table, leftovers as hex) gives the value.
use proptest::prelude::*;
use syscall_decode::decode::fmt;
use syscall_decode::decode::vocab::{FlagTable, Ty};
use syscall_decode::generated::tables::ALL_FLAGS;

fn parse_back(text: &str, t: &FlagTable) -> Option<u64> {
    // Drop strace's `/* X_??? */` comments wherever they stand.
    let mut text = text.to_string();
    while let (Some(a), Some(b)) = (text.find(" /* "), text.find(" */")) {
        text.replace_range(a..b + 3, "");
    }
    let text = text.as_str();
    // One-bit struct fields: `{is_icsk=1, mc_loop=1}`, other bits as hex.
    if t.as_fields {
        let mut v = 0;
        let inner = text.strip_prefix('{')?.strip_suffix('}')?;
        for part in inner.split(", ").filter(|p| !p.is_empty()) {
            let named = part
                .strip_suffix("=1")
                .and_then(|n| t.bits.iter().find(|(b, _)| *b == n));
            v |= match named {
                Some((_, x)) => *x,
                None => u64::from_str_radix(part.strip_prefix("0x")?, 16).ok()?,
            };
        }
        return Some(v);
    }
    if Some(text) == t.zero {
        return Some(0);
    }
    let typed = |pred: fn(&Ty) -> bool| t.fields.iter().find(|f| f.ty.is_some_and(pred));
    let mut v = 0u64;
    for part in text.split('|') {
        let known = t
            .bits
            .iter()
            .chain(t.fields.iter().flat_map(|f| f.values.iter()))
            .find(|(n, _)| *n == part)
            .map(|(_, x)| *x);
        v |= match known {
            Some(x) => x,
            None if part == "0" => 0,
            // A size in high bits: `21<<MFD_HUGE_SHIFT`.
            None if t
                .shift
                .is_some_and(|(_, n)| part.ends_with(&format!("<<{n}"))) =>
            {
                let (mask, _) = t.shift.unwrap();
                let n: u64 = part.split("<<").next()?.parse().ok()?;
                n << mask.trailing_zeros()
            }
            None if part.starts_with("0x") => u64::from_str_radix(&part[2..], 16).ok()?,
            // Typed fields: permission bits in octal, numbers in decimal, signal names.
            None if part.starts_with('0') && typed(|t| matches!(t, Ty::Octal(_))).is_some() => {
                u64::from_str_radix(part, 8).ok()?
            }
            None if part.bytes().all(|b| b.is_ascii_digit()) => {
                let f = typed(|t| matches!(t, Ty::Int(_) | Ty::UInt(_)))?;
                part.parse::<u64>().ok()? & f.mask
            }
            None => {
                let f = typed(|t| matches!(t, Ty::Signo))?;
                let sig =
                    (1..=64u64).find(|s| syscall_decode::decode::signal_name(*s as i32) == part)?;
                sig & f.mask
            }
        };
    }
    Some(v)
}

/// strace runs unknown bits into the permission bits when no flag is known
/// (`0x40000000` for 0x40000|000); such a table round-trips only over its named bits.
fn lossy_when_unknown(t: &FlagTable) -> bool {
    t.fields.iter().any(|f| matches!(f.ty, Some(Ty::Octal(_))))
}

fn width_mask(t: &FlagTable) -> u64 {
    let all = t
        .bits
        .iter()
        .map(|(_, b)| *b)
        .chain(t.fields.iter().map(|f| f.mask))
        .fold(0, |a, b| a | b);
    if all > u32::MAX as u64 {
        u64::MAX
    } else {
        u32::MAX as u64
    }
}

proptest! {
    #[test]
    fn every_flag_table_round_trips(table in 0..ALL_FLAGS.len(), raw in any::<u64>(), sparse in any::<bool>()) {
        let t = ALL_FLAGS[table];
        let known = t.bits.iter().map(|(_, b)| *b).fold(0, |a, b| a | b);
        // Half the cases use only known bits, so names (not just hex) are exercised.
        let typed = t.fields.iter().filter(|f| f.ty.is_some()).fold(0, |a, f| a | f.mask);
        let v = if sparse || lossy_when_unknown(t) { raw & (known | typed) } else { raw & width_mask(t) };
        let mut s = String::new();
        fmt::flags(&mut s, v, t);
        prop_assert_eq!(parse_back(&s, t), Some(v), "table {} rendered {:#x} as {}", t.name, v, s);
    }
}
