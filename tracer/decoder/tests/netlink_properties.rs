//! Netlink messages whose declared lengths (of the message and of its attributes) may
//! lie, on sockets of each protocol: the renderer neither panics nor reads more than the
//! call's own length.
use proptest::prelude::*;
use syscall_decode::decode::memory_image::MemoryImage;
use syscall_decode::decode::{DecodeOptions, Decoder};

const SENDTO: u64 = 44;
const RECVFROM: u64 = 45;

/// A message whose declared lengths (of the message and of its attributes) may lie.
fn message() -> impl Strategy<Value = Vec<u8>> {
    (
        0u32..300,
        prop_oneof![Just(2u16), Just(3), 16u16..31, any::<u16>()],
        any::<u16>(),
        prop::collection::vec(
            (
                0u16..64,
                any::<u16>(),
                prop::collection::vec(any::<u8>(), 0..40),
            ),
            0..6,
        ),
        prop::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(len, ty, flags, attrs, head)| {
            let mut b = Vec::new();
            b.extend(len.to_le_bytes());
            b.extend(ty.to_le_bytes());
            b.extend(flags.to_le_bytes());
            b.extend([0u8; 8]);
            b.extend(head);
            for (alen, aty, v) in attrs {
                b.extend(alen.to_le_bytes());
                b.extend(aty.to_le_bytes());
                b.extend(v);
            }
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000)
    ))]

    /// Whatever the lengths claim, the renderer neither panics nor reads more than the
    /// call's own length.
    #[test]
    fn any_bytes_on_a_netlink_socket_render(
        msgs in prop::collection::vec(message(), 1..4),
        protocol in prop_oneof![Just(0u32), Just(4), Just(16), Just(u32::MAX)],
        cut in 0usize..64,
        limit in prop_oneof![Just(32usize), 0usize..8],
    ) {
        let mut buf: Vec<u8> = msgs.concat();
        let len = buf.len().saturating_sub(cut);
        buf.truncate(len);
        let mut m = MemoryImage::new();
        m.netlink_socket(3, protocol).generic_family(0x10, "nlctrl");
        m.map(0x1000, &buf);
        let d = Decoder::new(DecodeOptions { string_limit: limit, fd_paths: false, ..Default::default() });
        for nr in [SENDTO, RECVFROM] {
            // Declared lengths past the buffer: the rest of the region is unmapped.
            let line = d.line(nr, [3, 0x1000, len as u64 + 7, 0, 0, 0], len as i64 + 7, &mut m);
            prop_assert!(line.contains(" = "), "{line}");
        }
        prop_assert!(m.reads.iter().all(|(_, n)| *n <= len + 7));
    }
}
