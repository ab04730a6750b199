//! `-e read=SET` and `-e write=SET`: the data a call read from or wrote to one of these
//! descriptors, as strace dumps it after the call's line:
//! ` | 00000  68 65 6c 6c 6f 0a  ...  hello.            |`, and for the vectored calls
//! ` * 3 bytes in buffer 0` before each buffer's dump.

use std::fmt::Write;

use crate::decode::{syscall_number, Tracee};

/// A set of descriptors, as strace reads it: numbers, `all`, `none`, `!` before the
/// whole set to negate it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FdSet {
    fds: Vec<i32>,
    all: bool,
    negated: bool,
}

impl FdSet {
    pub fn parse(spec: &str) -> Result<FdSet, String> {
        let (negated, body) = match spec.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, spec),
        };
        let mut set = FdSet {
            negated,
            ..FdSet::default()
        };
        for item in body.split(',').filter(|s| !s.is_empty()) {
            match item {
                "all" => set.all = true,
                "none" => {}
                n => match n.parse::<i32>() {
                    Ok(fd) if fd >= 0 => set.fds.push(fd),
                    _ => return Err(format!("invalid descriptor '{n}' in -e read=/write=")),
                },
            }
        }
        Ok(set)
    }

    /// Adds another `-e read=` set (repeated qualifiers add up, as in strace).
    pub fn add(&mut self, other: FdSet) {
        if other.negated || self.negated {
            *self = other;
        } else {
            self.all |= other.all;
            self.fds.extend(other.fds);
        }
    }

    pub fn contains(&self, fd: i32) -> bool {
        (self.all || self.fds.contains(&fd)) != self.negated
    }

    pub fn is_empty(&self) -> bool {
        !self.negated && !self.all && self.fds.is_empty()
    }
}

/// What a returned call's dump shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// One buffer of this many bytes.
    Buffer { addr: u64, len: u64 },
    /// An iovec array, its buffers in turn, up to `upto` bytes in all.
    Vector { iov: u64, count: u64, upto: u64 },
}

/// The read and write sets of `-e read=`/`-e write=`.
#[derive(Debug, Clone, Default)]
pub struct Dumps {
    pub read: FdSet,
    pub write: FdSet,
}

/// Calls whose data is dumped: (name, reads (else writes), vectored).
const CALLS: &[(&str, bool, bool)] = &[
    ("read", true, false),
    ("pread64", true, false),
    ("recvfrom", true, false),
    ("readv", true, true),
    ("preadv", true, true),
    ("preadv2", true, true),
    ("write", false, false),
    ("pwrite64", false, false),
    ("sendto", false, false),
    ("writev", false, true),
    ("pwritev", false, true),
    ("pwritev2", false, true),
];

/// Most bytes one dump shows (a guard against a corrupt length).
const MAX_DUMP: u64 = 1 << 24;

impl Dumps {
    pub fn is_empty(&self) -> bool {
        self.read.is_empty() && self.write.is_empty()
    }

    /// What to dump of call `nr` returning `ret`: reads dump what was read (`ret`
    /// bytes), writes what was given (the count); a failed call dumps nothing.
    fn source(&self, nr: u64, args: [u64; 6], ret: i64) -> Option<Source> {
        if ret < 0 {
            return None;
        }
        let (_, reads, vectored) = *CALLS
            .iter()
            .find(|(name, _, _)| syscall_number(name) == Some(nr))?;
        let set = if reads { &self.read } else { &self.write };
        if !set.contains(args[0] as i32) {
            return None;
        }
        let upto = ret as u64;
        Some(match (vectored, reads) {
            (false, true) => Source::Buffer {
                addr: args[1],
                len: upto,
            },
            (false, false) => Source::Buffer {
                addr: args[1],
                len: args[2],
            },
            (true, true) => Source::Vector {
                iov: args[1],
                count: args[2],
                upto,
            },
            (true, false) => Source::Vector {
                iov: args[1],
                count: args[2],
                upto: u64::MAX,
            },
        })
    }

    /// The dump lines of a returned call, read from `world`; empty when nothing is
    /// dumped.
    pub fn render(&self, nr: u64, args: [u64; 6], ret: i64, world: &mut dyn Tracee) -> String {
        let mut out = String::new();
        match self.source(nr, args, ret) {
            None => {}
            Some(Source::Buffer { addr, len }) => {
                let data = read(world, addr, len);
                write_hexdump(&mut out, &data);
            }
            Some(Source::Vector { iov, count, upto }) => {
                let mut left = upto;
                for i in 0..count.min(1024) {
                    if left == 0 {
                        break;
                    }
                    let entry = read(world, iov + 16 * i, 16);
                    if entry.len() < 16 {
                        break;
                    }
                    let base = u64::from_ne_bytes(entry[..8].try_into().expect("8 bytes"));
                    let len = u64::from_ne_bytes(entry[8..].try_into().expect("8 bytes"));
                    let len = len.min(left);
                    left -= len;
                    let _ = writeln!(out, " * {len} bytes in buffer {i}");
                    write_hexdump(&mut out, &read(world, base, len));
                }
            }
        }
        out
    }
}

fn read(world: &mut dyn Tracee, addr: u64, len: u64) -> Vec<u8> {
    let mut buf = vec![0u8; len.min(MAX_DUMP) as usize];
    let n = world.read_mem(addr, &mut buf);
    buf.truncate(n);
    buf
}

/// strace's hex dump, 16 bytes a line: offset, the bytes in hex (a gap after eight),
/// the printable ones as text.
pub fn write_hexdump(out: &mut String, data: &[u8]) {
    for (n, chunk) in data.chunks(16).enumerate() {
        let _ = write!(out, " | {:05x}  ", n * 16);
        for i in 0..16 {
            if i == 8 {
                out.push(' ');
            }
            match chunk.get(i) {
                Some(b) => {
                    let _ = write!(out, "{b:02x} ");
                }
                None => out.push_str("   "),
            }
        }
        out.push(' ');
        for i in 0..16 {
            out.push(match chunk.get(i) {
                Some(&b) if (0x20..0x7f).contains(&b) => b as char,
                Some(_) => '.',
                None => ' ',
            });
        }
        out.push_str(" |\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_lines_as_strace_prints_them() {
        let mut s = String::new();
        write_hexdump(&mut s, b"hello world, this is a test of dumps\n");
        assert_eq!(
            s,
            " | 00000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  hello world, thi |\n \
             | 00010  73 20 69 73 20 61 20 74  65 73 74 20 6f 66 20 64  s is a test of d |\n \
             | 00020  75 6d 70 73 0a                                    umps.            |\n"
        );
    }

    #[test]
    fn fd_sets() {
        let s = FdSet::parse("3,4").unwrap();
        assert!(s.contains(3) && s.contains(4) && !s.contains(5));
        assert!(FdSet::parse("all").unwrap().contains(9));
        assert!(!FdSet::parse("!1").unwrap().contains(1));
        assert!(FdSet::parse("!1").unwrap().contains(2));
        assert!(FdSet::parse("none").unwrap().is_empty());
        assert!(FdSet::parse("x").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_set_parses_or_is_refused(spec in "[!0-9a-z,-]{0,20}") {
            let _ = FdSet::parse(&spec);
        }

        #[test]
        fn every_dump_line_has_the_same_width(data in proptest::collection::vec(0u8..=255, 0..100)) {
            let mut s = String::new();
            write_hexdump(&mut s, &data);
            for l in s.lines() {
                proptest::prop_assert_eq!(l.len(), 78);
            }
        }
    }
}
