//! Netlink: messages on netlink sockets, in the forms strace 6.1 prints for the same bytes
//! (checked against it with `cargo xtask diff-strace` on tests/corpus/f_netlink.c). Which
//! protocol a socket speaks, and the generic families' names, come from the image.

use crate::helpers::{call, nla, nlmsg, route_socket, MemoryImage};

#[test]
fn a_dump_request_shows_the_family_it_asks_for() {
    let mut m = route_socket();
    // RTM_GETADDR, NLM_F_REQUEST|NLM_F_DUMP, a one-byte rtgenmsg (AF_UNSPEC).
    let req = nlmsg(22, 0x301, 7, 0, &[0]);
    m.map(0x1000, &req);
    assert_eq!(
        call("sendto", [3, 0x1000, 20, 0, 0, 0]).returning(20, &mut m),
        "sendto(3, [{nlmsg_len=17, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, \
         nlmsg_seq=7, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ...}], 20, 0, NULL, 0) = 20"
    );
}

#[test]
fn an_address_dump_shows_each_message_with_its_attributes_then_done() {
    let mut m = route_socket();
    m.interface(1, "lo");
    // ifaddrmsg: AF_INET, /8, IFA_F_PERMANENT, RT_SCOPE_HOST, index 1 (lo).
    let mut payload = vec![2, 8, 0x80, 254, 1, 0, 0, 0];
    payload.extend(nla(1, &[127, 0, 0, 1]));
    payload.extend(nla(3, b"lo\0"));
    payload.extend(nla(8, &0x80u32.to_le_bytes()));
    payload.extend(nla(11, &[1]));
    let mut reply = nlmsg(20, 2, 7, 4242, &payload);
    reply.extend(nlmsg(3, 2, 7, 4242, &0i32.to_le_bytes()));
    m.map(0x2000, &reply);
    assert_eq!(
        call("recvfrom", [3, 0x2000, 8192, 0, 0, 0]).returning(reply.len() as i64, &mut m),
        format!(
            "recvfrom(3, [[{{nlmsg_len=56, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_MULTI, \
             nlmsg_seq=7, nlmsg_pid=4242}}, {{ifa_family=AF_INET, ifa_prefixlen=8, \
             ifa_flags=IFA_F_PERMANENT, ifa_scope=RT_SCOPE_HOST, \
             ifa_index=if_nametoindex(\"lo\")}}, [[{{nla_len=8, nla_type=IFA_ADDRESS}}, \
             inet_addr(\"127.0.0.1\")], [{{nla_len=7, nla_type=IFA_LABEL}}, \"lo\"], \
             [{{nla_len=8, nla_type=IFA_FLAGS}}, IFA_F_PERMANENT], [{{nla_len=5, \
             nla_type=IFA_PROTO}}, \"\\x01\"]]], [{{nlmsg_len=20, nlmsg_type=NLMSG_DONE, \
             nlmsg_flags=NLM_F_MULTI, nlmsg_seq=7, nlmsg_pid=4242}}, 0]], 8192, 0, NULL, \
             NULL) = {}",
            reply.len()
        )
    );
}

#[test]
fn an_error_quotes_the_request_it_answers() {
    let mut m = route_socket();
    let request = nlmsg(16, 0x405, 9, 0, &[0; 16]);
    let mut payload = (-22i32).to_le_bytes().to_vec();
    payload.extend(&request[..16]);
    // NLM_F_CAPPED: only the request's header came back.
    let reply = nlmsg(2, 0x100, 9, 4242, &payload);
    m.map(0x3000, &reply);
    assert_eq!(
        call("recvfrom", [3, 0x3000, 8192, 0, 0, 0]).returning(36, &mut m),
        "recvfrom(3, [{nlmsg_len=36, nlmsg_type=NLMSG_ERROR, nlmsg_flags=NLM_F_CAPPED, \
         nlmsg_seq=9, nlmsg_pid=4242}, {error=-EINVAL, msg={nlmsg_len=32, \
         nlmsg_type=RTM_NEWLINK, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE, \
         nlmsg_seq=9, nlmsg_pid=0}}], 8192, 0, NULL, NULL) = 36"
    );
}

#[test]
fn a_socket_of_unknown_protocol_gets_control_names_and_hex_payloads() {
    let mut m = MemoryImage::new();
    m.netlink_socket(4, u32::MAX);
    let req = nlmsg(0x16, 0x301, 1, 0, &[2, 0, 0, 0]);
    m.map(0x4000, &req);
    assert_eq!(
        call("sendto", [4, 0x4000, 20, 0, 0, 0]).returning(20, &mut m),
        "sendto(4, [{nlmsg_len=20, nlmsg_type=0x16 /* NLMSG_??? */, \
         nlmsg_flags=NLM_F_REQUEST|0x300, nlmsg_seq=1, nlmsg_pid=0}, \"\\x02\\x00\\x00\\x00\"], \
         20, 0, NULL, 0) = 20"
    );
}

#[test]
fn bytes_on_other_sockets_and_short_buffers_stay_bytes() {
    let mut m = route_socket();
    m.map(0x5000, b"hello");
    assert_eq!(
        call("sendto", [5, 0x5000, 5, 0, 0, 0]).returning(5, &mut m),
        "sendto(5, \"hello\", 5, 0, NULL, 0) = 5"
    );
    assert_eq!(
        call("sendto", [3, 0x5000, 5, 0, 0, 0]).returning(5, &mut m),
        "sendto(3, \"\\x68\\x65\\x6c\\x6c\\x6f\", 5, 0, NULL, 0) = 5"
    );
}

#[test]
fn more_than_32_attributes_end_in_an_ellipsis() {
    let mut m = route_socket();
    let mut payload = vec![0u8; 16];
    for _ in 0..40 {
        payload.extend(nla(4, &1500u32.to_le_bytes()));
    }
    let msg = nlmsg(16, 0, 1, 1, &payload);
    m.map(0x6000, &msg);
    let line = call("recvfrom", [3, 0x6000, 8192, 0, 0, 0]).returning(msg.len() as i64, &mut m);
    assert_eq!(
        line.matches("nla_type=IFLA_MTU}, 1500]").count(),
        32,
        "{line}"
    );
    assert!(line.contains("1500], ...]]"), "{line}");
}

/// Generic netlink message types are the families the kernel registers, by name; the
/// controller's own messages (nlctrl) are decoded as strace 7.2 decodes them.
#[test]
fn generic_netlink_types_are_named_by_the_kernels_families() {
    let mut m = MemoryImage::new();
    m.netlink_socket(5, 16).generic_family(0x10, "nlctrl");
    let req = nlmsg(0x10, 0x301, 1, 0, &[3, 1, 0, 0]);
    m.map(0x7000, &req);
    assert_eq!(
        call("sendto", [5, 0x7000, 20, 0, 0, 0]).returning(20, &mut m),
        "sendto(5, [{nlmsg_len=20, nlmsg_type=nlctrl, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, \
         nlmsg_seq=1, nlmsg_pid=0}, {cmd=CTRL_CMD_GETFAMILY, version=1}], 20, 0, NULL, 0) = 20"
    );
    let other = nlmsg(0x99, 1, 2, 0, &[]);
    m.map(0x7100, &other);
    assert_eq!(
        call("sendto", [5, 0x7100, 16, 0, 0, 0]).returning(16, &mut m),
        "sendto(5, {nlmsg_len=16, nlmsg_type=0x99 /* GENERIC_FAMILY_??? */, \
         nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=2, nlmsg_pid=0}, 16, 0, NULL, 0) = 16"
    );
}

/// Extended acknowledgement attributes after the quoted request make the payload a list.
#[test]
fn an_extended_ack_follows_the_error_in_a_list() {
    let mut m = route_socket();
    let mut payload = (-22i32).to_le_bytes().to_vec();
    payload.extend(&nlmsg(20, 0x405, 1, 0, &[0; 16])[..16]);
    payload.extend(nla(1, b"ipv4: Invalid prefix length\0"));
    // NLM_F_CAPPED|NLM_F_ACK_TLVS
    let reply = nlmsg(2, 0x300, 1, 4242, &payload);
    m.map(0x3000, &reply);
    assert_eq!(
        call("recvfrom", [3, 0x3000, 8192, 0, 0, 0]).returning(reply.len() as i64, &mut m),
        "recvfrom(3, [{nlmsg_len=68, nlmsg_type=NLMSG_ERROR, \
         nlmsg_flags=NLM_F_CAPPED|NLM_F_ACK_TLVS, nlmsg_seq=1, nlmsg_pid=4242}, \
         [{error=-EINVAL, msg={nlmsg_len=32, nlmsg_type=RTM_NEWADDR, \
         nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE, nlmsg_seq=1, nlmsg_pid=0}}, \
         [{nla_len=32, nla_type=NLMSGERR_ATTR_MSG}, \"ipv4: Invalid prefix length\"]]], \
         8192, 0, NULL, NULL) = 68"
    );
}

/// Errors quoting errors quoting errors: past a few levels the quote is bytes, so a
/// crafted buffer cannot recurse through the tracer's stack.
#[test]
fn nested_errors_stop_after_a_few_levels() {
    let mut m = route_socket();
    let mut msg = nlmsg(3, 0, 0, 0, &0i32.to_le_bytes());
    for _ in 0..2_000 {
        let mut payload = (-1i32).to_le_bytes().to_vec();
        payload.extend(&msg);
        msg = nlmsg(2, 0, 0, 0, &payload);
    }
    m.map(0x8000, &msg);
    let line = call("sendto", [3, 0x8000, msg.len() as u64, 0, 0, 0]).returning(0, &mut m);
    assert_eq!(line.matches("error=-EPERM").count(), 4, "{}", &line[..400]);
    assert!(line.len() < 4096, "{} bytes", line.len());
}

/// Kernel device events (NETLINK_KOBJECT_UEVENT) are text, shown as a string.
#[test]
fn kernel_device_events_show_as_a_string() {
    let mut m = MemoryImage::new();
    m.netlink_socket(3, 15);
    m.map(0x9000, b"add@/devices/x\0ACTION=add");
    assert_eq!(
        call("recvfrom", [3, 0x9000, 8192, 0, 0, 0]).returning(25, &mut m),
        "recvfrom(3, \"add@/devices/x\\0ACTION=add\", 8192, 0, NULL, NULL) = 25"
    );
}

/// An IPv4-compatible IPv6 address prints as glibc's inet_ntop writes it.
#[test]
fn ipv4_compatible_addresses_end_in_a_dotted_quad() {
    let mut m = route_socket();
    let mut payload = vec![10, 96, 0x80, 0, 1, 0, 0, 0];
    payload.extend(nla(1, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]));
    let msg = nlmsg(20, 0, 1, 0, &payload);
    m.map(0xa000, &msg);
    let line = call("sendto", [3, 0xa000, msg.len() as u64, 0, 0, 0]).returning(0, &mut m);
    assert!(
        line.contains("inet_pton(AF_INET6, \"::1.2.3.4\")"),
        "{line}"
    );
}

/// sock_diag: the payload is chosen by its family byte and by whether it is a request.
#[test]
fn sock_diag_requests_and_replies_by_family() {
    let mut m = MemoryImage::new();
    m.netlink_socket(3, 4);
    // inet_diag_req_v2: AF_INET, TCP, ext INFO, states LISTEN, port 80 on 127.0.0.1.
    let mut req = vec![2u8, 6, 0x2, 0];
    req.extend((1u32 << 10).to_le_bytes());
    req.extend(80u16.to_be_bytes());
    req.extend([0, 0]);
    req.extend([127, 0, 0, 1]);
    req.extend([0u8; 12 + 16]);
    req.extend(0u32.to_le_bytes());
    req.extend([0u8; 8]);
    let msg = nlmsg(20, 0x301, 1, 0, &req);
    m.map(0x1000, &msg);
    assert_eq!(
        call("sendto", [3, 0x1000, 72, 0, 0, 0]).returning(72, &mut m),
        "sendto(3, [{nlmsg_len=72, nlmsg_type=SOCK_DIAG_BY_FAMILY, \
         nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=1, nlmsg_pid=0}, \
         {sdiag_family=AF_INET, sdiag_protocol=IPPROTO_TCP, idiag_ext=1<<(INET_DIAG_INFO-1), \
         idiag_states=1<<TCP_LISTEN, id={idiag_sport=htons(80), idiag_dport=htons(0), \
         idiag_src=inet_addr(\"127.0.0.1\"), idiag_dst=inet_addr(\"0.0.0.0\"), idiag_if=0, \
         idiag_cookie=[0, 0]}}], 72, 0, NULL, 0) = 72"
    );
    // unix_diag_msg reply: SOCK_STREAM, TCP_LISTEN, inode 99, with socket memory.
    let mut reply = vec![1u8, 1, 10, 0];
    reply.extend(99u32.to_le_bytes());
    reply.extend([7, 0, 0, 0, 0, 0, 0, 0]);
    let mem: Vec<u8> = [0u32, 212992]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    reply.extend(nla(5, &mem));
    let msg = nlmsg(20, 0x2, 1, 4242, &reply);
    m.map(0x2000, &msg);
    assert_eq!(
        call("recvfrom", [3, 0x2000, 8192, 0, 0, 0]).returning(msg.len() as i64, &mut m),
        "recvfrom(3, [{nlmsg_len=44, nlmsg_type=SOCK_DIAG_BY_FAMILY, nlmsg_flags=NLM_F_MULTI, \
         nlmsg_seq=1, nlmsg_pid=4242}, {udiag_family=AF_UNIX, udiag_type=SOCK_STREAM, \
         udiag_state=TCP_LISTEN, udiag_ino=99, udiag_cookie=[7, 0]}, [{nla_len=12, \
         nla_type=UNIX_DIAG_MEMINFO}, [[SK_MEMINFO_RMEM_ALLOC]=0, \
         [SK_MEMINFO_RCVBUF]=212992]]], 8192, 0, NULL, NULL) = 44"
    );
}

/// One-bit struct fields (inet_diag_sockopt): the set ones, by name.
#[test]
fn bit_fields_show_the_set_ones() {
    let mut m = MemoryImage::new();
    m.netlink_socket(3, 4);
    let mut reply = vec![2u8, 10, 0, 0];
    reply.extend([0u8; 48]);
    reply.extend([0u8; 20]);
    reply.extend(nla(22, &0x52u16.to_le_bytes()));
    let msg = nlmsg(20, 0x2, 1, 1, &reply);
    m.map(0x3000, &msg);
    let line = call("recvfrom", [3, 0x3000, 8192, 0, 0, 0]).returning(msg.len() as i64, &mut m);
    assert!(
        line.contains("nla_type=INET_DIAG_SOCKOPT}, {is_icsk=1, mc_loop=1, mc_all=1}]"),
        "{line}"
    );
}

/// Another generic netlink family's message: its header (the command in hex) and its
/// attributes' bytes, as strace 7.2 shows a family it does not know.
#[test]
fn other_generic_netlink_families_show_their_header_and_attributes() {
    let mut m = MemoryImage::new();
    m.netlink_socket(5, 16).generic_family(0x15, "ethtool");
    let mut payload = vec![0x63, 1, 0, 0];
    payload.extend(nla(2, b"nlctrl\0"));
    let req = nlmsg(0x15, 0x301, 1, 0, &payload);
    m.map(0x7000, &req);
    assert_eq!(
        call("sendto", [5, 0x7000, req.len() as u64, 0, 0, 0]).returning(req.len() as i64, &mut m),
        "sendto(5, [{nlmsg_len=32, nlmsg_type=ethtool, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, \
         nlmsg_seq=1, nlmsg_pid=0}, {cmd=0x63, version=1}, [{nla_len=11, nla_type=0x2}, \
         \"\\x6e\\x6c\\x63\\x74\\x72\\x6c\\x00\"]], 32, 0, NULL, 0) = 32"
    );
}
