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

thread_local! {
    /// Generic netlink family id → name, as the kernel last listed them, and when.
    static FAMILIES: RefCell<(HashMap<u16, String>, Option<std::time::Instant>)> =
        RefCell::new((HashMap::new(), None));
}

/// The kernel's name for generic netlink family `id` (`nlctrl`, `NLBL_MGMT`...). The list
/// is asked for once, and again on a miss at most once a second (a module loaded since
/// can register a family).
pub fn generic_family(id: u16) -> Option<String> {
    FAMILIES.with(|f| {
        let mut f = f.borrow_mut();
        if let Some(name) = f.0.get(&id) {
            return Some(name.clone());
        }
        if f.1
            .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(1))
        {
            return None;
        }
        f.0 = list_generic_families();
        f.1 = Some(std::time::Instant::now());
        f.0.get(&id).cloned()
    })
}

/// Asks the generic netlink controller (family GENL_ID_CTRL) for every family.
fn list_generic_families() -> HashMap<u16, String> {
    const GENL_ID_CTRL: u16 = 0x10;
    const CTRL_CMD_GETFAMILY: u8 = 3;
    const NLM_F_REQUEST_DUMP: u16 = 0x301;
    let mut req = Vec::with_capacity(20);
    req.extend(20u32.to_le_bytes());
    req.extend(GENL_ID_CTRL.to_le_bytes());
    req.extend(NLM_F_REQUEST_DUMP.to_le_bytes());
    req.extend(1u32.to_le_bytes());
    req.extend(0u32.to_le_bytes());
    req.extend([CTRL_CMD_GETFAMILY, 1, 0, 0]);
    let replies = crate::sys::netlink_ask(libc::NETLINK_GENERIC, &req).unwrap_or_default();
    let mut families = HashMap::new();
    for r in &replies {
        families.extend(parse_families(r));
    }
    families
}

/// (id, name) from each CTRL_CMD_NEWFAMILY message of a reply datagram.
fn parse_families(b: &[u8]) -> Vec<(u16, String)> {
    const CTRL_ATTR_FAMILY_ID: u16 = 1;
    const CTRL_ATTR_FAMILY_NAME: u16 = 2;
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 20 <= b.len() {
        let len = u32::from_le_bytes(b[pos..pos + 4].try_into().unwrap()) as usize;
        if len < 20 || pos + len > b.len() {
            break;
        }
        // Attributes follow the 16-byte header and the 4-byte genlmsghdr.
        let (mut id, mut name) = (None, None);
        let mut a = pos + 20;
        while a + 4 <= pos + len {
            let alen = u16::from_le_bytes([b[a], b[a + 1]]) as usize;
            let aty = u16::from_le_bytes([b[a + 2], b[a + 3]]) & 0x3fff;
            if alen < 4 || a + alen > pos + len {
                break;
            }
            let v = &b[a + 4..a + alen];
            match aty {
                CTRL_ATTR_FAMILY_ID if v.len() >= 2 => id = Some(u16::from_le_bytes([v[0], v[1]])),
                CTRL_ATTR_FAMILY_NAME => {
                    let end = v.iter().position(|&c| c == 0).unwrap_or(v.len());
                    name = Some(String::from_utf8_lossy(&v[..end]).into_owned());
                }
                _ => {}
            }
            a += (alen + 3) & !3;
        }
        if let (Some(i), Some(n)) = (id, name) {
            out.push((i, n));
        }
        pos += (len + 3) & !3;
    }
    out
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
    fn the_kernel_names_its_generic_netlink_controller() {
        // Family 0x10 is the controller itself on every kernel with generic netlink.
        assert_eq!(generic_family(0x10).as_deref(), Some("nlctrl"));
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
