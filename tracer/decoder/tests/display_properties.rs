//! Properties of the display options' renderers (`-x`, `-xx`, `--strings-in-hex=`,
//! `-X`, `-e raw=`) over any input: none panics; a quoted string reads back as its bytes
//! in every style; `-xx` is nothing but `\xNN` escapes; `-X raw` spells a flag word as
//! numbers whose OR is the value; `-X verbose` is `-X raw` with comments; and every
//! syscall renders under any options.
use proptest::prelude::*;
use syscall_decode::decode::display::{self, CallSet, ConstStyle, Display, StringsInHex};
use syscall_decode::decode::memory_image::MemoryImage;
use syscall_decode::decode::{DecodeOptions, Decoder};
use syscall_decode::generated::syscalls::SYSCALLS;
use syscall_decode::generated::tables::ALL_FLAGS;

fn hex_style() -> impl Strategy<Value = StringsInHex> {
    prop_oneof![
        Just(StringsInHex::None),
        Just(StringsInHex::NonAsciiChars),
        Just(StringsInHex::NonAscii),
        Just(StringsInHex::All),
    ]
}

fn const_style() -> impl Strategy<Value = ConstStyle> {
    prop_oneof![
        Just(ConstStyle::Raw),
        Just(ConstStyle::Abbrev),
        Just(ConstStyle::Verbose),
    ]
}

/// C's reading of a quoted string: the bytes it stands for.
fn unquote(s: &str) -> Option<Vec<u8>> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let e = *inner.get(i)?;
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(0x0b),
            b'f' => out.push(0x0c),
            b'"' | b'\\' => out.push(e),
            b'x' => {
                let h = std::str::from_utf8(inner.get(i..i + 2)?).ok()?;
                out.push(u8::from_str_radix(h, 16).ok()?);
                i += 2;
            }
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut n = 1;
                while n < 3 && matches!(inner.get(i), Some(b'0'..=b'7')) {
                    v = v * 8 + (inner[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(u8::try_from(v).ok()?);
            }
            _ => return None,
        }
    }
    Some(out)
}

fn quoted(b: &[u8], hex: StringsInHex) -> String {
    let mut s = String::new();
    display::quoted(&mut s, b, hex);
    s
}

/// The text without its ` /* ... */` comments.
fn uncommented(s: &str) -> String {
    let mut t = s.to_string();
    while let Some(a) = t.find(" /* ") {
        let Some(b) = t[a..].find(" */") else { break };
        t.replace_range(a..a + b + 3, "");
    }
    t
}

/// A number as strace prints one in a raw flag word: hex, octal (a leading 0) or decimal.
fn number(p: &str) -> Option<u64> {
    if let Some(h) = p.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()
    } else if p.len() > 1 && p.starts_with('0') {
        u64::from_str_radix(&p[1..], 8).ok()
    } else {
        p.parse().ok()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn quoted_strings_read_back_as_their_bytes(
        b in proptest::collection::vec(any::<u8>(), 0..64),
        hex in hex_style(),
    ) {
        let s = quoted(&b, hex);
        prop_assert_eq!(unquote(&s), Some(b.clone()), "{}", s);
    }

    #[test]
    fn all_strings_in_hex_are_only_hex_escapes(b in proptest::collection::vec(any::<u8>(), 0..64)) {
        let s = quoted(&b, StringsInHex::All);
        let inner = &s[1..s.len() - 1];
        prop_assert_eq!(inner.len(), 4 * b.len());
        for chunk in inner.as_bytes().chunks(4) {
            prop_assert!(chunk.starts_with(b"\\x"));
            prop_assert!(chunk[2..].iter().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
    }

    #[test]
    fn non_ascii_is_either_plain_or_all_hex(b in proptest::collection::vec(any::<u8>(), 0..64)) {
        let s = quoted(&b, StringsInHex::NonAscii);
        let plain = quoted(&b, StringsInHex::None);
        let all = quoted(&b, StringsInHex::All);
        prop_assert!(s == plain || s == all);
        let odd = b.iter().any(|&c| c > 0x7e || (c < b' ' && !(9..=13).contains(&c)));
        prop_assert_eq!(s == all && s != plain, odd);
    }

    #[test]
    fn non_ascii_chars_use_no_octal(b in proptest::collection::vec(any::<u8>(), 0..64)) {
        let s = quoted(&b, StringsInHex::NonAsciiChars);
        let mut it = s[1..s.len() - 1].bytes();
        while let Some(c) = it.next() {
            if c == b'\\' {
                let e = it.next().unwrap();
                prop_assert!(!e.is_ascii_digit(), "{}", s);
            }
        }
    }

    #[test]
    fn raw_flags_are_numbers_that_make_the_value(i in 0..ALL_FLAGS.len(), v in any::<u64>()) {
        let t = ALL_FLAGS[i];
        let mut raw = String::new();
        display::flags(&mut raw, v, t, ConstStyle::Raw);
        let mut verbose = String::new();
        display::flags(&mut verbose, v, t, ConstStyle::Verbose);
        let mut abbrev = String::new();
        display::flags(&mut abbrev, v, t, ConstStyle::Abbrev);
        if t.as_fields {
            prop_assert_eq!(&raw, &abbrev);
            return Ok(());
        }
        let mut or = 0;
        for p in raw.split('|') {
            let n = number(p);
            prop_assert!(n.is_some(), "{} in {}", p, raw);
            or |= n.unwrap();
        }
        prop_assert_eq!(or, v, "{}: {}", t.name, raw);
        prop_assert_eq!(uncommented(&verbose), raw.clone(), "{}", t.name);
    }

    #[test]
    fn every_call_renders_under_any_display_options(
        nr in 0..SYSCALLS.len(),
        regs in proptest::array::uniform6(prop_oneof![0u64..70, Just(0x1000u64), any::<u64>()]),
        mem in proptest::collection::vec(any::<u8>(), 0..256),
        ret in prop_oneof![-4095i64..0, 0i64..4096, any::<i64>()],
        strings in hex_style(),
        consts in const_style(),
        raw in any::<bool>(),
    ) {
        let mut raw_calls = CallSet::default();
        if raw {
            raw_calls.insert(nr as u64);
        }
        let opts = DecodeOptions {
            display: Display { strings, consts, raw_calls },
            ..DecodeOptions::default()
        };
        let mut image = MemoryImage::default();
        image.map(0x1000, mem);
        let line = Decoder::new(opts).line(nr as u64, regs, ret, &mut image);
        prop_assert!(line.contains(" = "));
        if raw && SYSCALLS[nr].is_some() && !(-4095..0).contains(&ret) {
            prop_assert!(line.ends_with(&format!(" = {:#x}", ret as u64)) || ret == 0 || line.ends_with(" = ?"), "{}", line);
        }
    }
}
