//! The display options of the command line (`-x`, `-xx`, `--strings-in-hex=`, `-X` /
//! `--const-print-style=`, `-e raw=` / `--raw=`) checked into the decoder's
//! [`Display`], with strace's spellings and its one-line refusals.

use crate::decode::display::{CallSet, ConstStyle, Display, StringsInHex};
use crate::error::TracerError;
use crate::filter;

/// The display options as given on the command line.
#[derive(Debug, Default)]
pub struct Given<'a> {
    /// How many `-x`.
    pub x: u8,
    /// `--strings-in-hex[=WHICH]` (alone: `all`); it wins over `-x`.
    pub strings_in_hex: Option<&'a str>,
    /// `-X STYLE` / `--const-print-style=STYLE`.
    pub const_style: Option<&'a str>,
    /// Every `-e raw=SET` / `--raw=SET`; they add up.
    pub raw: Vec<&'a str>,
}

impl Given<'_> {
    pub fn into_display(self) -> Result<Display, TracerError> {
        let strings = match self.strings_in_hex {
            Some(w) => strings_in_hex(w)?,
            None => match self.x {
                0 => StringsInHex::None,
                1 => StringsInHex::NonAscii,
                _ => StringsInHex::All,
            },
        };
        let consts = match self.const_style {
            Some(s) => const_style(s)?,
            None => ConstStyle::Abbrev,
        };
        let mut raw_calls = CallSet::default();
        for spec in self.raw {
            let set = filter::parse_trace_set(spec)?;
            for (nr, _) in crate::decode::all_syscalls() {
                if set.contains(nr) {
                    raw_calls.insert(nr);
                }
            }
        }
        Ok(Display {
            strings,
            consts,
            raw_calls,
        })
    }
}

/// strace 7.2's values of `--strings-in-hex=`.
fn strings_in_hex(w: &str) -> Result<StringsInHex, TracerError> {
    Ok(match w {
        "none" => StringsInHex::None,
        "non-ascii-chars" => StringsInHex::NonAsciiChars,
        "non-ascii" => StringsInHex::NonAscii,
        "all" => StringsInHex::All,
        other => {
            return Err(TracerError::Usage(format!(
                "invalid --strings-in-hex argument: '{other}' (none, non-ascii-chars, \
                 non-ascii, all)"
            )))
        }
    })
}

/// strace 7.2's values of `-X`.
fn const_style(s: &str) -> Result<ConstStyle, TracerError> {
    Ok(match s {
        "raw" => ConstStyle::Raw,
        "abbrev" => ConstStyle::Abbrev,
        "verbose" => ConstStyle::Verbose,
        other => {
            return Err(TracerError::Usage(format!(
                "invalid -X argument: '{other}' (raw, abbrev, verbose)"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        let d = |g: Given| g.into_display();
        assert_eq!(d(Given::default()).unwrap(), Display::default());
        let x2 = d(Given {
            x: 2,
            ..Given::default()
        })
        .unwrap();
        assert_eq!(x2.strings, StringsInHex::All);
        let wins = d(Given {
            x: 2,
            strings_in_hex: Some("non-ascii-chars"),
            ..Given::default()
        })
        .unwrap();
        assert_eq!(wins.strings, StringsInHex::NonAsciiChars);
        let e = d(Given {
            const_style: Some("Raw"),
            ..Given::default()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid -X argument: 'Raw' (raw, abbrev, verbose)"
        );
        let raw = d(Given {
            raw: vec!["openat", "%memory"],
            ..Given::default()
        })
        .unwrap();
        let nr = |n| crate::decode::syscall_number(n).unwrap();
        assert!(raw.raw_calls.contains(nr("openat")) && raw.raw_calls.contains(nr("mmap")));
        assert!(!raw.raw_calls.contains(nr("read")));
    }
}
