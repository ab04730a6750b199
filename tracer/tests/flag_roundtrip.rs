//! Flag formatting loses nothing: for every flag table and any value, parsing the
//! rendered text back (names through the table, leftovers as hex) gives the value.
use proptest::prelude::*;
use syscall_tracer::decode::fmt;
use syscall_tracer::decode::vocab::{FlagTable, Ty};
use syscall_tracer::generated::tables::ALL_FLAGS;

fn parse_back(text: &str, t: &FlagTable) -> Option<u64> {
    let text = text.split(" /* ").next().unwrap();
    if Some(text) == t.zero {
        return Some(0);
    }
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
            None if part.starts_with("0x") => u64::from_str_radix(&part[2..], 16).ok()?,
            None if part.starts_with('0') && part.len() > 1 => {
                u64::from_str_radix(&part[1..], 8).ok()?
            }
            None if part == "0" => 0,
            // A field rendered through a type (clone's exit signal).
            None => {
                let f = t.fields.iter().find(|f| matches!(f.ty, Some(Ty::Signo)))?;
                let sig =
                    (1..=64u64).find(|s| syscall_tracer::decode::signal_name(*s as i32) == part)?;
                sig & f.mask
            }
        };
    }
    Some(v)
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
        let v = if sparse { raw & known } else { raw & width_mask(t) };
        let mut s = String::new();
        fmt::flags(&mut s, v, t);
        prop_assert_eq!(parse_back(&s, t), Some(v), "table {} rendered {:#x} as {}", t.name, v, s);
    }
}
