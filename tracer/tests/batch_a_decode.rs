//! Renderings of batch A's vocabulary additions over a fake tracee, checked against
//! what strace 6.1 prints for the same registers and memory.
use syscall_tracer::decode::{CallRecord, DecodeOptions, Decoder};

/// The library's fake tracee memory: regions of bytes, anything else unmapped.
use syscall_tracer::decode::memory_image::MemoryImage as Mem;

/// Runs one call through entry and exit; `at_exit` changes memory in between, as the
/// kernel would.
fn trace(
    nr: u64,
    args: [u64; 6],
    ret: i64,
    mem: &mut Mem,
    at_exit: impl FnOnce(&mut Mem),
) -> String {
    let d = Decoder::new(DecodeOptions::default());
    let mut rec = CallRecord::new();
    d.entry(&mut rec, nr, args, mem);
    at_exit(mem);
    d.exit(&mut rec, ret, mem);
    let mut s = String::new();
    rec.write_text(&mut s);
    s
}

fn le(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

#[test]
fn rt_sigaction_prints_the_mask_second_and_the_restorer_only_with_sa_restorer() {
    let mut m = Mem::default();
    // handler, flags (SA_RESTORER|SA_RESTART), restorer, mask (INT, TERM)
    m.map(
        0x1000,
        le(&[0x55aa, 0x1400_0000, 0x7f00, (1 << 1) | (1 << 14)]),
    );
    m.map(0x2000, le(&[0, 0, 0, 0]));
    let s = trace(13, [2, 0x1000, 0x2000, 8, 0, 0], 0, &mut m, |_| {});
    assert_eq!(
        s,
        "rt_sigaction(SIGINT, {sa_handler=0x55aa, sa_mask=[INT TERM], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f00}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0"
    );
}

#[test]
fn rt_sigprocmask_shows_a_set_of_another_size_as_its_address() {
    let mut m = Mem::default();
    m.map(0x1000, le(&[1]));
    let s = trace(14, [0, 0x1000, 0, 4, 0, 0], -22, &mut m, |_| {});
    assert_eq!(
        s,
        "rt_sigprocmask(SIG_BLOCK, 0x1000, NULL, 4) = -1 EINVAL (Invalid argument)"
    );
}

#[test]
fn poll_lists_the_returned_events() {
    let mut m = Mem::default();
    // {fd=3, events=POLLIN}, {fd=-1, events=POLLIN}
    let fds = |r0: u16| {
        [
            3u32.to_le_bytes(),
            [1, 0, r0 as u8, 0],
            (-1i32).to_le_bytes(),
            [1, 0, 0, 0],
        ]
        .concat()
    };
    m.map(0x1000, fds(0));
    let s = trace(7, [0x1000, 2, 0, 0, 0, 0], 1, &mut m, |m| {
        m.map(0x1000, fds(1));
    });
    assert_eq!(
        s,
        "poll([{fd=3, events=POLLIN}, {fd=-1}], 2, 0) = 1 ([{fd=3, revents=POLLIN}])"
    );
    let s = trace(7, [0x1000, 1, 1, 0, 0, 0], 0, &mut m, |_| {});
    assert_eq!(s, "poll([{fd=3, events=POLLIN}], 1, 1) = 0 (Timeout)");
}

#[test]
fn sendfile_shows_the_offset_before_and_after() {
    let mut m = Mem::default();
    m.map(0x1000, le(&[0]));
    let s = trace(40, [5, 3, 0x1000, 4, 0, 0], 3, &mut m, |m| {
        m.map(0x1000, le(&[3]));
    });
    assert_eq!(s, "sendfile(5, 3, [0] => [3], 4) = 3");
}

/// Request names come from the generated table (every UAPI header strace agrees on);
/// strace leaves the argument out where the request takes none, and shows 0 as NULL
/// where it is an address.
#[test]
fn ioctl_requests_are_named_and_their_argument_kinds_follow_strace() {
    let mut m = Mem::default();
    let cases: [(u64, u64, &str); 6] = [
        (
            0x5441,
            0x102,
            "ioctl(3, TIOCGPTPEER, 0x102) = -1 EBADF (Bad file descriptor)",
        ),
        (
            0x4c01,
            0,
            "ioctl(3, LOOP_CLR_FD) = -1 EBADF (Bad file descriptor)",
        ),
        (
            0x301,
            0,
            "ioctl(3, HDIO_GETGEO, NULL) = -1 EBADF (Bad file descriptor)",
        ),
        (
            0x8008_1272,
            0x1000,
            "ioctl(3, BLKGETSIZE64, 0x1000) = -1 EBADF (Bad file descriptor)",
        ),
        (
            0x5402,
            0,
            "ioctl(3, SNDCTL_TMR_START or TCSETS, NULL) = -1 EBADF (Bad file descriptor)",
        ),
        (
            0x4b3a,
            1,
            "ioctl(3, KDSETMODE, KD_GRAPHICS) = -1 EBADF (Bad file descriptor)",
        ),
    ];
    for (request, arg, line) in cases {
        assert_eq!(
            trace(16, [3, request, arg, 0, 0, 0], -9, &mut m, |_| {}),
            line
        );
    }
}

#[test]
fn unknown_ioctl_requests_are_split_like_ioc() {
    let mut m = Mem::default();
    let s = trace(16, [3, 0x8004_7803, 0x1000, 0, 0, 0], -25, &mut m, |_| {});
    assert_eq!(s, "ioctl(3, _IOC(_IOC_READ, 0x78, 0x3, 0x4), 0x1000) = -1 ENOTTY (Inappropriate ioctl for device)");
}

#[test]
fn packet_socket_protocols_are_in_network_order() {
    let mut m = Mem::default();
    let s = trace(41, [17, 3, 0x0300, 0, 0, 0], 3, &mut m, |_| {});
    assert_eq!(s, "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 3");
    let s = trace(41, [17, 3, 0x3412, 0, 0, 0], 3, &mut m, |_| {});
    assert_eq!(
        s,
        "socket(AF_PACKET, SOCK_RAW, htons(0x1234 /* ETH_P_??? */)) = 3"
    );
}

#[test]
fn clone_names_its_arguments() {
    let mut m = Mem::default();
    m.map(0x1000, 42u32.to_le_bytes());
    let flags = 0x0010_0000 | 17; // CLONE_PARENT_SETTID|SIGCHLD
    let s = trace(56, [flags, 0, 0x1000, 0x2000, 0, 0], 42, &mut m, |_| {});
    assert_eq!(
        s,
        "clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[42]) = 42"
    );
}

/// A struct ifreq of 40 bytes: the name, then `member` at the union's start.
fn ifreq(name: &str, member: &[u8]) -> Vec<u8> {
    let mut b = vec![0u8; 40];
    b[..name.len()].copy_from_slice(name.as_bytes());
    b[16..16 + member.len()].copy_from_slice(member);
    b
}

/// strace shows the name a get request asks about at entry and the member it fills in
/// only after a success; a set request shows both at entry.
#[test]
fn ifreq_requests_show_the_member_each_request_uses() {
    let mut m = Mem::default();
    m.map(0x1000, ifreq("lo", &[]));
    let filled = |m: &mut Mem| {
        m.map(0x1000, ifreq("lo", &1i32.to_le_bytes()));
    };
    assert_eq!(
        trace(16, [3, 0x8933, 0x1000, 0, 0, 0], 0, &mut m, filled),
        "ioctl(3, SIOCGIFINDEX, {ifr_name=\"lo\", ifr_ifindex=1}) = 0"
    );
    m.map(0x1000, ifreq("nosuch0", &[]));
    assert_eq!(
        trace(16, [3, 0x8933, 0x1000, 0, 0, 0], -19, &mut m, |_| {}),
        "ioctl(3, SIOCGIFINDEX, {ifr_name=\"nosuch0\"}) = -1 ENODEV (No such device)"
    );
    m.map(0x1000, ifreq("", &1i32.to_le_bytes()));
    let named = |m: &mut Mem| {
        m.map(0x1000, ifreq("lo", &1i32.to_le_bytes()));
    };
    assert_eq!(
        trace(16, [3, 0x8910, 0x1000, 0, 0, 0], 0, &mut m, named),
        "ioctl(3, SIOCGIFNAME, {ifr_ifindex=1, ifr_name=\"lo\"}) = 0"
    );
    m.map(0x1000, ifreq("eth9", &0x41u16.to_le_bytes()));
    assert_eq!(
        trace(16, [3, 0x8914, 0x1000, 0, 0, 0], -19, &mut m, |_| {}),
        "ioctl(3, SIOCSIFFLAGS, {ifr_name=\"eth9\", ifr_flags=IFF_UP|IFF_RUNNING}) = -1 ENODEV (No such device)"
    );
    m.map(0x1000, ifreq("lo", &[]));
    let addr = |m: &mut Mem| {
        m.map(0x1000, ifreq("lo", &[2, 0, 0, 0, 127, 0, 0, 1]));
    };
    assert_eq!(
        trace(16, [3, 0x8915, 0x1000, 0, 0, 0], 0, &mut m, addr),
        "ioctl(3, SIOCGIFADDR, {ifr_name=\"lo\", ifr_addr={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}}) = 0"
    );
}

/// Multicast membership structs: IPv4 addresses in network order, an IPv6 group named
/// inside, and an interface index named when this host has it (lo is index 1 in every
/// network namespace). An ip_mreqn (12 bytes) shows as its ip_mreq part, as strace.
#[test]
fn multicast_membership_options_show_addresses_and_interfaces() {
    let mut m = Mem::default();
    m.map(0x1000, [239u8, 1, 2, 3, 0, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(
        trace(54, [3, 0, 35, 0x1000, 12, 0], 0, &mut m, |_| {}),
        "setsockopt(3, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr(\"239.1.2.3\"), \
         imr_interface=inet_addr(\"0.0.0.0\")}, 12) = 0"
    );
    let mut group = vec![0xffu8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3];
    group.extend(1u32.to_le_bytes());
    m.map(0x2000, group.clone());
    assert_eq!(
        trace(54, [4, 41, 20, 0x2000, 20, 0], 0, &mut m, |_| {}),
        "setsockopt(4, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, \"ff02::1:3\", \
         &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex(\"lo\")}, 20) = 0"
    );
    group.truncate(16);
    group.extend(0x7fff_fff0u32.to_le_bytes());
    m.map(0x2000, group);
    assert_eq!(
        trace(54, [4, 41, 21, 0x2000, 20, 0], -19, &mut m, |_| {}),
        "setsockopt(4, SOL_IPV6, IPV6_DROP_MEMBERSHIP, {inet_pton(AF_INET6, \"ff02::1:3\", \
         &ipv6mr_multiaddr), ipv6mr_interface=2147483632}, 20) = -1 ENODEV (No such device)"
    );
}
