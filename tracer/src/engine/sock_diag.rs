//! `-yy`: a tracee socket's protocol and endpoints, asked of the kernel as strace asks
//! them: the protocol's name from the `system.sockprotoname` attribute of the
//! descriptor's link, then a NETLINK_SOCK_DIAG dump of that protocol's sockets (in the
//! tracer's own network namespace), searched for the socket's inode. The queries run in
//! the tracer on its own netlink socket; the tracee is not touched.
//!
//! Spelled as strace 7.2 spells them: `TCP:[127.0.0.1:80]` (listening or bound),
//! `TCP:[127.0.0.1:43210->127.0.0.1:80]`, `TCPv6:[[::1]:80]`, `UNIX-STREAM:[5->6]`,
//! `UNIX:[5,"/run/sock"]`, `NETLINK:[ROUTE:1234]`, and `TCP:[12345]` (the inode) when
//! the kernel lists nothing for it yet. Like strace, a found answer is kept per inode and
//! not asked again (strace's cache of 1024 slots, kept the same so that a socket that
//! changed since shows what strace would show).
use std::cell::RefCell;
use std::net::{Ipv4Addr, Ipv6Addr};

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_DUMP: u16 = 0x300;
const UDIAG_SHOW_NAME: u32 = 1;
const UDIAG_SHOW_PEER: u32 = 4;
const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_PEER: u16 = 2;
const NDIAG_PROTO_ALL: u8 = 255;
const CACHE_SLOTS: usize = 1024;

/// How strace asks about each protocol name the kernel reports.
#[derive(Clone, Copy)]
enum Query {
    Unix,
    Inet { family: u8, protocol: u8 },
    Netlink,
}

/// strace's protocol table: the name `system.sockprotoname` gives, and the query.
fn query_for(name: &str) -> Option<Query> {
    let (inet4, inet6) = (libc::AF_INET as u8, libc::AF_INET6 as u8);
    let inet = |family, protocol| Some(Query::Inet { family, protocol });
    match name {
        "UNIX" | "UNIX-STREAM" => Some(Query::Unix),
        "TCP" => inet(inet4, 6),
        "UDP" => inet(inet4, 17),
        "UDPLITE" => inet(inet4, 136),
        "DCCP" => inet(inet4, 33),
        "SCTP" => inet(inet4, 132),
        "L2TP/IP" => inet(inet4, 115),
        "PING" => inet(inet4, 1),
        "RAW" => inet(inet4, 255),
        "TCPv6" => inet(inet6, 6),
        "UDPv6" => inet(inet6, 17),
        "UDPLITEv6" => inet(inet6, 136),
        "DCCPv6" => inet(inet6, 33),
        "SCTPv6" => inet(inet6, 132),
        "L2TP/IPv6" => inet(inet6, 115),
        "PINGv6" => inet(inet6, 1),
        "RAWv6" => inet(inet6, 255),
        "NETLINK" => Some(Query::Netlink),
        _ => None,
    }
}

thread_local! {
    /// strace's cache: slot `inode % 1024` holds the last answer found for an inode there.
    static CACHE: RefCell<Vec<Option<(u64, String)>>> = RefCell::new(vec![None; CACHE_SLOTS]);
}

/// Descriptor `fd` of thread `tid`, a socket: its details as strace prints them, or
/// `None` when it is not a socket of a protocol strace asks about.
pub fn socket_details(tid: i32, fd: i32) -> Option<String> {
    let link_path = format!("/proc/{tid}/fd/{fd}");
    let link = std::fs::read_link(&link_path).ok()?;
    let inode: u64 = link
        .to_str()?
        .strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()?;
    let slot = (inode % CACHE_SLOTS as u64) as usize;
    if let Some(found) = CACHE.with(|c| {
        c.borrow()[slot]
            .as_ref()
            .filter(|(i, _)| *i == inode)
            .map(|(_, d)| d.clone())
    }) {
        return Some(found);
    }
    let name = crate::sys::socket_protocol_name(&link_path)?;
    let query = query_for(&name)?;
    match ask(query, &name, inode) {
        Some(details) => {
            CACHE.with(|c| c.borrow_mut()[slot] = Some((inode, details.clone())));
            Some(details)
        }
        None => Some(format!("{name}:[{inode}]")),
    }
}

fn ask(query: Query, name: &str, inode: u64) -> Option<String> {
    let request = match query {
        Query::Unix => unix_request(inode),
        Query::Inet { family, protocol } => inet_request(family, protocol),
        Query::Netlink => netlink_request(),
    };
    let replies = crate::sys::netlink_ask(libc::NETLINK_SOCK_DIAG, &request).ok()?;
    replies.iter().find_map(|datagram| {
        messages(datagram).find_map(|payload| match query {
            Query::Unix => unix_details(payload, name, inode),
            Query::Inet { .. } => inet_details(payload, name, inode),
            Query::Netlink => netlink_details(payload, name, inode),
        })
    })
}

fn header(out: &mut Vec<u8>, payload_len: usize, flags: u16) {
    out.extend(((16 + payload_len) as u32).to_le_bytes());
    out.extend(SOCK_DIAG_BY_FAMILY.to_le_bytes());
    out.extend(flags.to_le_bytes());
    out.extend([0u8; 8]); // sequence number and port id
}

/// A dump of every unix socket with its name and peer (a dump rather than strace's
/// single-inode request: the same answer, ended by NLMSG_DONE on every kernel).
fn unix_request(inode: u64) -> Vec<u8> {
    let mut r = Vec::with_capacity(40);
    header(&mut r, 24, NLM_F_REQUEST | NLM_F_DUMP);
    r.extend([libc::AF_UNIX as u8, 0, 0, 0]);
    r.extend(u32::MAX.to_le_bytes()); // every state
    r.extend((inode as u32).to_le_bytes());
    r.extend((UDIAG_SHOW_NAME | UDIAG_SHOW_PEER).to_le_bytes());
    r.extend([0xff; 8]); // no cookie
    r
}

/// struct inet_diag_req_v2 for a dump of one protocol of one family.
fn inet_request(family: u8, protocol: u8) -> Vec<u8> {
    let mut r = Vec::with_capacity(72);
    header(&mut r, 56, NLM_F_REQUEST | NLM_F_DUMP);
    r.extend([family, protocol, 0, 0]);
    r.extend(u32::MAX.to_le_bytes()); // every state
    r.extend([0u8; 48]); // struct inet_diag_sockid
    r
}

fn netlink_request() -> Vec<u8> {
    let mut r = Vec::with_capacity(36);
    header(&mut r, 20, NLM_F_REQUEST | NLM_F_DUMP);
    r.extend([libc::AF_NETLINK as u8, NDIAG_PROTO_ALL, 0, 0]);
    r.extend([0u8; 16]);
    r
}

/// The payloads of the SOCK_DIAG_BY_FAMILY messages of a reply datagram.
fn messages(b: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos + 16 <= b.len() {
            let len = u32::from_le_bytes(b[pos..pos + 4].try_into().unwrap()) as usize;
            let ty = u16::from_le_bytes([b[pos + 4], b[pos + 5]]);
            if len < 16 || pos + len > b.len() {
                return None;
            }
            let payload = &b[pos + 16..pos + len];
            pos += (len + 3) & !3;
            if ty == SOCK_DIAG_BY_FAMILY {
                return Some(payload);
            }
        }
        None
    })
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// struct inet_diag_msg: `NAME:[src:port]` or `NAME:[src:port->dst:port]`.
fn inet_details(m: &[u8], name: &str, inode: u64) -> Option<String> {
    if m.len() < 72 || u64::from(u32_at(m, 68)?) != inode {
        return None;
    }
    let family = m[0];
    let sport = u16::from_be_bytes([m[4], m[5]]);
    let dport = u16::from_be_bytes([m[6], m[7]]);
    let (src, dst) = (&m[8..24], &m[24..40]);
    let addr = |a: &[u8]| -> Option<String> {
        if family == libc::AF_INET as u8 {
            Some(Ipv4Addr::from(<[u8; 4]>::try_from(&a[..4]).ok()?).to_string())
        } else if family == libc::AF_INET6 as u8 {
            Some(format!(
                "[{}]",
                Ipv6Addr::from(<[u8; 16]>::try_from(a).ok()?)
            ))
        } else {
            None
        }
    };
    let size = if family == libc::AF_INET as u8 { 4 } else { 16 };
    let src = addr(src)?;
    if dport != 0 || dst[..size].iter().any(|&b| b != 0) {
        Some(format!("{name}:[{src}:{sport}->{}:{dport}]", addr(dst)?))
    } else {
        Some(format!("{name}:[{src}:{sport}]"))
    }
}

/// struct unix_diag_msg and its attributes: `NAME:[INODE->PEER,"PATH"]`.
fn unix_details(m: &[u8], name: &str, inode: u64) -> Option<String> {
    if m.len() < 16 || u64::from(u32_at(m, 4)?) != inode {
        return None;
    }
    let (mut peer, mut path): (u32, Option<&[u8]>) = (0, None);
    let mut a = 16;
    while a + 4 <= m.len() {
        let len = u16::from_le_bytes([m[a], m[a + 1]]) as usize;
        let ty = u16::from_le_bytes([m[a + 2], m[a + 3]]);
        if len < 4 || a + len > m.len() {
            break;
        }
        let v = &m[a + 4..a + len];
        match ty {
            UNIX_DIAG_NAME if path.is_none() => path = Some(&v[..v.len().min(108)]),
            UNIX_DIAG_PEER if v.len() >= 4 => peer = u32_at(v, 0)?,
            _ => {}
        }
        a += (len + 3) & !3;
    }
    let path = path.filter(|p| !p.is_empty());
    if peer == 0 && path.is_none() {
        return None;
    }
    let mut s = format!("{name}:[{inode}");
    if peer != 0 {
        s.push_str(&format!("->{peer}"));
    }
    if let Some(p) = path {
        s.push(',');
        // An abstract name starts with a NUL: strace shows `@` for it.
        let p = match p.split_first() {
            Some((0, rest)) => {
                s.push('@');
                rest
            }
            _ => p,
        };
        let end = p.iter().position(|&c| c == 0).unwrap_or(p.len());
        crate::decode::fmt::quoted(&mut s, &p[..end]);
    }
    s.push(']');
    Some(s)
}

/// struct netlink_diag_msg: `NETLINK:[ROUTE:PORTID]`, or the protocol number.
fn netlink_details(m: &[u8], name: &str, inode: u64) -> Option<String> {
    if m.len() < 24 || u64::from(u32_at(m, 16)?) != inode {
        return None;
    }
    let protocol = m[2];
    let portid = u32_at(m, 4)?;
    let table = &crate::generated::tables::ENUM_NETLINK_PROTOCOLS;
    Some(match table.name_of(i64::from(protocol)) {
        Some(p) => format!(
            "{name}:[{}:{portid}]",
            p.strip_prefix("NETLINK_").unwrap_or(p)
        ),
        None => format!("{name}:[{protocol}]"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsRawFd;

    fn me() -> i32 {
        std::process::id() as i32
    }

    #[test]
    fn tcp_sockets_show_their_endpoints() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        assert_eq!(
            socket_details(me(), l.as_raw_fd()),
            Some(format!("TCP:[127.0.0.1:{port}]"))
        );
        let c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let local = c.local_addr().unwrap().port();
        assert_eq!(
            socket_details(me(), c.as_raw_fd()),
            Some(format!("TCP:[127.0.0.1:{local}->127.0.0.1:{port}]"))
        );
    }

    #[test]
    fn unix_pairs_name_their_peers() {
        let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
        let inode = |fd: i32| -> u64 {
            let l = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
            let l = l.to_str().unwrap();
            l["socket:[".len()..l.len() - 1].parse().unwrap()
        };
        let (ia, ib) = (inode(a.as_raw_fd()), inode(b.as_raw_fd()));
        assert_eq!(
            socket_details(me(), a.as_raw_fd()),
            Some(format!("UNIX-STREAM:[{ia}->{ib}]"))
        );
        // Not a socket at all: no answer.
        let f = std::fs::File::open("/dev/null").unwrap();
        assert_eq!(socket_details(me(), f.as_raw_fd()), None);
        assert_eq!(socket_details(me(), -1), None);
    }
}
