//! ioctl: request names from the generated table, the kinds of their arguments, and the
//! structs some requests carry.

use crate::helpers::{call, ifreq, MemoryImage};

/// Request names come from the generated table (every UAPI header strace agrees on);
/// strace leaves the argument out where the request takes none, and shows 0 as NULL
/// where it is an address.
#[test]
fn ioctl_requests_are_named_and_their_argument_kinds_follow_strace() {
    let mut m = MemoryImage::new();
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
            call("ioctl", [3, request, arg, 0, 0, 0]).returning(-9, &mut m),
            line
        );
    }
}

#[test]
fn unknown_ioctl_requests_are_split_like_ioc() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("ioctl", [3, 0x8004_7803, 0x1000, 0, 0, 0]).returning(-25, &mut m),
        "ioctl(3, _IOC(_IOC_READ, 0x78, 0x3, 0x4), 0x1000) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
}

/// strace shows the name a get request asks about at entry and the member it fills in
/// only after a success; a set request shows both at entry.
#[test]
fn ifreq_requests_show_the_member_each_request_uses() {
    let mut m = MemoryImage::new();
    m.map(0x1000, ifreq("lo", &[]));
    let filled = |m: &mut MemoryImage| {
        m.map(0x1000, ifreq("lo", &1i32.to_le_bytes()));
    };
    assert_eq!(
        call("ioctl", [3, 0x8933, 0x1000, 0, 0, 0]).returning_after(0, &mut m, filled),
        "ioctl(3, SIOCGIFINDEX, {ifr_name=\"lo\", ifr_ifindex=1}) = 0"
    );
    m.map(0x1000, ifreq("nosuch0", &[]));
    assert_eq!(
        call("ioctl", [3, 0x8933, 0x1000, 0, 0, 0]).returning(-19, &mut m),
        "ioctl(3, SIOCGIFINDEX, {ifr_name=\"nosuch0\"}) = -1 ENODEV (No such device)"
    );
    m.map(0x1000, ifreq("", &1i32.to_le_bytes()));
    let named = |m: &mut MemoryImage| {
        m.map(0x1000, ifreq("lo", &1i32.to_le_bytes()));
    };
    assert_eq!(
        call("ioctl", [3, 0x8910, 0x1000, 0, 0, 0]).returning_after(0, &mut m, named),
        "ioctl(3, SIOCGIFNAME, {ifr_ifindex=1, ifr_name=\"lo\"}) = 0"
    );
    m.map(0x1000, ifreq("eth9", &0x41u16.to_le_bytes()));
    assert_eq!(
        call("ioctl", [3, 0x8914, 0x1000, 0, 0, 0]).returning(-19, &mut m),
        "ioctl(3, SIOCSIFFLAGS, {ifr_name=\"eth9\", ifr_flags=IFF_UP|IFF_RUNNING}) = -1 ENODEV (No such device)"
    );
    m.map(0x1000, ifreq("lo", &[]));
    let addr = |m: &mut MemoryImage| {
        m.map(0x1000, ifreq("lo", &[2, 0, 0, 0, 127, 0, 0, 1]));
    };
    assert_eq!(
        call("ioctl", [3, 0x8915, 0x1000, 0, 0, 0]).returning_after(0, &mut m, addr),
        "ioctl(3, SIOCGIFADDR, {ifr_name=\"lo\", ifr_addr={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}}) = 0"
    );
}

/// A number terminals share with sound timers: on a terminal strace 7.2 names only the
/// terminal's request; elsewhere every name.
#[test]
fn shared_request_numbers_on_a_terminal_name_the_terminals_request() {
    let mut m = MemoryImage::new();
    m.fd_path(4, "/dev/pts/0", false)
        .fd_path(5, "/dev/null", false);
    assert_eq!(
        call("ioctl", [4, 0x5403, 0, 0, 0, 0]).returning(-14, &mut m),
        "ioctl(4, TCSETSW, NULL) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        call("ioctl", [5, 0x5403, 0, 0, 0, 0]).returning(-25, &mut m),
        "ioctl(5, SNDCTL_TMR_STOP or TCSETSW, NULL) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
}
