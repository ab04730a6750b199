//! Every generated decoder, entry then exit (or never returning), over fuzzer-chosen
//! registers, return value and string limit, with a tracee memory mapped only in places
//! (the decoder crate's MemoryImage): no panic, and every rendering is a complete line.
//! It uses the pure decoder crate (`syscall-decode`) directly, not the tracer.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use syscall_decode::decode::memory_image::MemoryImage;
use syscall_decode::decode::{CallRecord, DecodeOptions, Decoder};
use syscall_decode::generated::syscalls::SYSCALLS;

/// What a register holds: small numbers, negative ones, NULL, a pointer into mapped
/// bytes (the argument's own region), a pointer just past them, or anything.
#[derive(Debug, Arbitrary)]
enum Reg {
    Small(u8),
    Negative(i16),
    Null,
    Mapped,
    Unmapped(u16),
    Any(u64),
}

#[derive(Debug, Arbitrary)]
struct Case {
    nr: u16,
    regs: [Reg; 6],
    memory: [Vec<u8>; 6],
    /// Some: the call returned this; None: it never returned (exit, a kill, a detach).
    ret: Option<i64>,
    string_limit: u8,
    fd_paths: bool,
    /// Some: the small descriptors are netlink sockets of this protocol, so that socket
    /// buffers go through the netlink renderer.
    netlink: Option<u8>,
}

/// Argument i points (when it is a pointer) into its own 4 GiB region.
fn region(i: usize) -> u64 {
    ((i as u64) + 1) << 32
}

fuzz_target!(|case: Case| {
    let mut mem = MemoryImage::new();
    if let Some(p) = case.netlink {
        // Route, sock_diag, generic, uevent, or one /proc does not list yet.
        let protocol = [0, 4, 16, 15, u32::MAX][usize::from(p) % 5];
        for fd in 0..=255 {
            mem.netlink_socket(fd, protocol);
        }
        mem.generic_family(0x10, "nlctrl");
    }
    let mut regs = [0u64; 6];
    for (i, r) in case.regs.iter().enumerate() {
        regs[i] = match r {
            Reg::Small(v) => u64::from(*v),
            Reg::Negative(v) => i64::from(*v) as u64,
            Reg::Null => 0,
            Reg::Mapped => {
                mem.map(region(i), &case.memory[i]);
                region(i)
            }
            Reg::Unmapped(off) => region(i) + 0x10_0000 + u64::from(*off),
            Reg::Any(v) => *v,
        };
    }
    let decoder = Decoder::new(DecodeOptions {
        string_limit: usize::from(case.string_limit),
        // -y: a MemoryImage knows no fd paths, so the bare numbers must render.
        fd_paths: case.fd_paths,
        ..Default::default()
    });
    let mut rec = CallRecord::new();
    // Mostly numbers in the table; a few past it (x32, garbage) must render too.
    let nr = u64::from(case.nr) % (SYSCALLS.len() as u64 + 16);
    decoder.entry(&mut rec, nr, regs, &mut mem);
    match case.ret {
        Some(ret) => decoder.exit(&mut rec, ret, &mut mem),
        None => decoder.unfinished(&mut rec),
    }
    let mut line = String::new();
    rec.write_text(&mut line);
    assert!(line.contains(" = "), "{line}");
    assert!(!line.contains('\n'), "{line}");
});
