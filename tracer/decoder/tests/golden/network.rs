//! Network: sockets and their options (netlink messages are in `netlink`).

use crate::helpers::{call, MemoryImage};

#[test]
fn packet_socket_protocols_are_in_network_order() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("socket", [17, 3, 0x0300, 0, 0, 0]).returning(3, &mut m),
        "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 3"
    );
    assert_eq!(
        call("socket", [17, 3, 0x3412, 0, 0, 0]).returning(3, &mut m),
        "socket(AF_PACKET, SOCK_RAW, htons(0x1234 /* ETH_P_??? */)) = 3"
    );
}

/// Multicast membership structs: IPv4 addresses in network order, an IPv6 group named
/// inside, and an interface index named when the tracer's namespace has that interface
/// (the image declares index 1 as `lo`; 0x7ffffff0 is no interface). An ip_mreqn
/// (12 bytes) shows as its ip_mreq part, as strace.
#[test]
fn multicast_membership_options_show_addresses_and_interfaces() {
    let mut m = MemoryImage::new();
    m.interface(1, "lo");
    m.map(0x1000, [239u8, 1, 2, 3, 0, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(
        call("setsockopt", [3, 0, 35, 0x1000, 12, 0]).returning(0, &mut m),
        "setsockopt(3, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr(\"239.1.2.3\"), \
         imr_interface=inet_addr(\"0.0.0.0\")}, 12) = 0"
    );
    let mut group = vec![0xffu8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3];
    group.extend(1u32.to_le_bytes());
    m.map(0x2000, group.clone());
    assert_eq!(
        call("setsockopt", [4, 41, 20, 0x2000, 20, 0]).returning(0, &mut m),
        "setsockopt(4, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, \"ff02::1:3\", \
         &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex(\"lo\")}, 20) = 0"
    );
    group.truncate(16);
    group.extend(0x7fff_fff0u32.to_le_bytes());
    m.map(0x2000, group);
    assert_eq!(
        call("setsockopt", [4, 41, 21, 0x2000, 20, 0]).returning(-19, &mut m),
        "setsockopt(4, SOL_IPV6, IPV6_DROP_MEMBERSHIP, {inet_pton(AF_INET6, \"ff02::1:3\", \
         &ipv6mr_multiaddr), ipv6mr_interface=2147483632}, 20) = -1 ENODEV (No such device)"
    );
}
