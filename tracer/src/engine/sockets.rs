//! Which of a tracee's descriptors are netlink sockets, and of which protocol: the
//! descriptor's link in /proc names its socket inode, and the tracee's
//! /proc/PID/net/netlink lists the netlink sockets of its network namespace by inode.
//! strace answers the same question (with a sock_diag query) before decoding a buffer
//! sent or received on the socket.
use std::cell::RefCell;
use std::collections::HashMap;

/// Past this many remembered sockets the cache starts over (a program opening sockets
/// without end must not grow the tracer).
const CACHE_LIMIT: usize = 4096;

thread_local! {
    /// Socket inode → its netlink protocol, or `None` for a socket that is not netlink.
    /// Socket inodes come from a counter, so an inode is not reused for another socket
    /// in practice, and an answer stays true.
    static BY_INODE: RefCell<HashMap<u64, Option<u32>>> = RefCell::new(HashMap::new());
}

/// The protocol of a netlink socket that /proc does not list yet: one not bound, which
/// the kernel binds at its first send. strace does not know it either and decodes the
/// messages with the control types only.
pub const UNKNOWN_PROTOCOL: u32 = u32::MAX;

/// The netlink protocol of descriptor `fd` of process `pid`, if it is a netlink socket.
pub fn netlink_protocol(pid: i32, fd: i32) -> Option<u32> {
    let path = format!("/proc/{pid}/fd/{fd}");
    let link = std::fs::read_link(&path).ok()?;
    let inode = socket_inode(link.to_str()?)?;
    if let Some(known) = BY_INODE.with(|c| c.borrow().get(&inode).copied()) {
        return known;
    }
    if crate::sys::socket_protocol_name(&path).as_deref() != Some("NETLINK") {
        remember(&[], inode, None);
        return None;
    }
    let table = std::fs::read_to_string(format!("/proc/{pid}/net/netlink")).unwrap_or_default();
    let listed = parse_netlink_table(&table);
    match listed.iter().find(|(ino, _)| *ino == inode) {
        Some((_, protocol)) => {
            remember(&listed, inode, Some(*protocol));
            Some(*protocol)
        }
        // Not bound yet: ask again next time.
        None => Some(UNKNOWN_PROTOCOL),
    }
}

fn remember(listed: &[(u64, u32)], inode: u64, answer: Option<u32>) {
    BY_INODE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > CACHE_LIMIT {
            c.clear();
        }
        for (ino, protocol) in listed {
            c.insert(*ino, Some(*protocol));
        }
        c.insert(inode, answer);
    })
}

/// `socket:[12345]` → 12345.
fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// (inode, protocol) of every line of /proc/net/netlink:
/// `sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode`.
fn parse_netlink_table(text: &str) -> Vec<(u64, u32)> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            Some((cols.get(9)?.parse().ok()?, cols.get(1)?.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_links_name_their_inode() {
        assert_eq!(socket_inode("socket:[8123]"), Some(8123));
        assert_eq!(socket_inode("/dev/null"), None);
        assert_eq!(socket_inode("socket:[x]"), None);
    }

    #[test]
    fn the_netlink_table_gives_protocol_by_inode() {
        let t = "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n\
                 ffff8880036a3000 0   1          00000000 0        0        0     2        0        8123\n\
                 ffff8880036a5800 4   4242       00000000 0        0        0     2        0        9001\n";
        assert_eq!(parse_netlink_table(t), vec![(8123, 0), (9001, 4)]);
    }

    #[test]
    fn a_socket_that_is_not_netlink_has_no_protocol() {
        use std::os::fd::AsRawFd;
        let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
        let me = std::process::id() as i32;
        assert_eq!(netlink_protocol(me, a.as_raw_fd()), None);
        assert_eq!(netlink_protocol(me, -1), None);
    }
}
