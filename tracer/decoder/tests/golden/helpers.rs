//! The helpers every family's cases share, written once: a call (named as strace names it,
//! its registers, the user's options) decoded through entry and exit over a
//! [`MemoryImage`], and builders for the bytes tracee memory holds.

pub use syscall_decode::decode::memory_image::MemoryImage;
use syscall_decode::decode::{syscall_number, CallRecord, DecodeOptions, Decoder};

/// `AT_FDCWD` as a register holds it.
pub const AT_FDCWD: u64 = -100i64 as u64;
/// A stack address for an argument that points into memory (`0x7ffd00001000` where a
/// line shows it).
pub const STACK_A: u64 = 0x7ffd_0000_1000;
/// A second one (`0x7ffd00002000`).
pub const STACK_B: u64 = 0x7ffd_0000_2000;

/// One call to decode: its number, its six argument registers and the options in force.
pub struct Call {
    nr: u64,
    args: [u64; 6],
    opts: DecodeOptions,
}

/// The call strace names `name`, with these argument registers and default options.
pub fn call(name: &str, args: [u64; 6]) -> Call {
    let nr = syscall_number(name).unwrap_or_else(|| panic!("the table has no syscall {name}"));
    call_nr(nr, args)
}

/// A call by number, for numbers the table does not name.
pub fn call_nr(nr: u64, args: [u64; 6]) -> Call {
    Call {
        nr,
        args,
        opts: DecodeOptions::default(),
    }
}

impl Call {
    /// `-s limit`: strings and buffers are cut after `limit` bytes.
    pub fn string_limit(mut self, limit: usize) -> Self {
        self.opts.string_limit = limit;
        self
    }

    /// `-y`: descriptors show what they refer to, as the image's `fd_path`s declare.
    pub fn fd_paths(mut self) -> Self {
        self.opts.fd_paths = true;
        self
    }

    /// The line for the call returning `ret`, memory unchanged between entry and exit:
    /// `name(args) = ret`, without strace's `tid` prefix and latency.
    pub fn returning(&self, ret: i64, mem: &mut MemoryImage) -> String {
        self.returning_after(ret, mem, |_| {})
    }

    /// The same, with `at_exit` changing memory between the entry and exit stops, as the
    /// kernel does when it fills in an output.
    pub fn returning_after(
        &self,
        ret: i64,
        mem: &mut MemoryImage,
        at_exit: impl FnOnce(&mut MemoryImage),
    ) -> String {
        let decoder = Decoder::new(self.opts.clone());
        let mut rec = CallRecord::new();
        decoder.entry(&mut rec, self.nr, self.args, mem);
        at_exit(mem);
        decoder.exit(&mut rec, ret, mem);
        let mut line = String::new();
        rec.write_text(&mut line);
        line
    }
}

/// 64-bit words as the tracee's little-endian memory holds them.
pub fn le(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// A struct ifreq of 40 bytes: the interface name, then `member` at the union's start.
pub fn ifreq(name: &str, member: &[u8]) -> Vec<u8> {
    let mut b = vec![0u8; 40];
    b[..name.len()].copy_from_slice(name.as_bytes());
    b[16..16 + member.len()].copy_from_slice(member);
    b
}

/// A netlink message: the header (length, type, flags, sequence, port id), then
/// `payload`, padded to 4 bytes.
pub fn nlmsg(ty: u16, flags: u16, seq: u32, pid: u32, payload: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(((16 + payload.len()) as u32).to_le_bytes());
    b.extend(ty.to_le_bytes());
    b.extend(flags.to_le_bytes());
    b.extend(seq.to_le_bytes());
    b.extend(pid.to_le_bytes());
    b.extend(payload);
    pad4(&mut b);
    b
}

/// A netlink attribute: length, type, value, padded to 4 bytes.
pub fn nla(ty: u16, value: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(((4 + value.len()) as u16).to_le_bytes());
    b.extend(ty.to_le_bytes());
    b.extend(value);
    pad4(&mut b);
    b
}

fn pad4(b: &mut Vec<u8>) {
    while !b.len().is_multiple_of(4) {
        b.push(0);
    }
}

/// A tracee whose descriptor 3 is a NETLINK_ROUTE socket.
pub fn route_socket() -> MemoryImage {
    let mut m = MemoryImage::new();
    m.netlink_socket(3, 0);
    m
}
