//! Netlink messages, as strace prints the buffers a netlink socket sends and receives:
//! each message as `[{nlmsg_len=..., nlmsg_type=..., ...}, payload]`, several in a list,
//! a payload as its struct then its attributes `[{nla_len=8, nla_type=IFA_LOCAL}, value]`.
//! The protocols, structs and attribute tables are data (`[netlink.*]` and `[nlattrs.*]`
//! in syscalls.toml); this module is the one renderer they share.
use super::display::{self, StringsInHex};
use super::fmt as f;
use super::vocab::{Call, Dir, EnumTable, FlagTable, Layout, Ty};
use crate::generated::tables as gen;
use std::fmt::Write as _;

/// A netlink protocol whose messages are decoded.
#[derive(Debug)]
pub struct NetlinkProtocol {
    /// `socket(AF_NETLINK, ..., protocol)`: NETLINK_ROUTE is 0.
    pub protocol: u32,
    /// Names of its message types.
    pub types: NlTypes,
    pub flags: NlFlags,
    /// Message types whose payload is decoded.
    pub messages: &'static [NlMessage],
}

/// Where a protocol's message type names come from.
#[derive(Debug)]
pub enum NlTypes {
    Table(&'static EnumTable),
    /// Generic netlink: each family the kernel registers is a message type, named by
    /// asking the kernel (`nlctrl`, `NLBL_MGMT`, `nl80211`...).
    GenericFamilies,
}

/// Which request flags a protocol's message types take after the common ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NlFlags {
    /// rtnetlink: the low two bits of the type say new (0), delete (1) or get (2).
    ByType,
    /// Every message is a get (sock_diag).
    Get,
    None,
}

#[derive(Debug)]
pub struct NlMessage {
    /// The message types it applies to; empty: every other type.
    pub types: &'static [u16],
    /// The payload's first byte (its address family) it applies to; empty for any.
    pub families: &'static [u8],
    /// Requests only (Some(true)), replies only (Some(false)), or both.
    pub request: Option<bool>,
    /// The struct at the start of the payload (ifaddrmsg...).
    pub payload: &'static Layout,
    /// The attributes after it.
    pub attrs: Option<&'static NlAttrs>,
}

/// Attribute names and, by type, how a value is shown.
#[derive(Debug)]
pub struct NlAttrs {
    pub names: &'static EnumTable,
    pub value_of: fn(u16) -> Option<&'static Ty>,
}

const NLMSG_HDRLEN: usize = 16;
const NLA_HDRLEN: usize = 4;
const NLMSG_MIN_TYPE: u16 = 0x10;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
/// rtnetlink's one exception to its flag rule: a delete that takes get flags.
const RTM_DELACTION: u16 = 49;
const NLM_F_CAPPED: u16 = 0x100;
const NLM_F_REQUEST: u16 = 0x1;
const NLA_F_NESTED: u16 = 0x8000;
const NLA_F_NET_BYTEORDER: u16 = 0x4000;
/// A buffer larger than this is decoded up to here (a netlink datagram is rarely more
/// than 32 KiB).
const MAX_DECODED: usize = 1 << 16;
/// An argument's rendering stops growing past this many bytes (with `...`): a tracee can
/// point every iovec of every mmsghdr at one crafted buffer.
const OUTPUT_BUDGET: usize = 1 << 20;
/// NLMSG_ERROR quotes the request it answers, which may itself be an NLMSG_ERROR: past
/// this depth the quoted message shows as bytes, so crafted nesting cannot exhaust the
/// tracer's stack.
const MAX_ERROR_DEPTH: u8 = 4;
/// NETLINK_KOBJECT_UEVENT: the kernel's device events are text, not netlink messages.
const NETLINK_KOBJECT_UEVENT: u32 = 15;
const AF_INET: u8 = 2;
const AF_INET6: u8 = 10;

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

struct Header {
    len: u32,
    ty: u16,
    flags: u16,
    seq: u32,
    pid: i32,
}

impl Header {
    fn parse(b: &[u8]) -> Header {
        Header {
            len: u32_at(b, 0),
            ty: u16_at(b, 4),
            flags: u16_at(b, 6),
            seq: u32_at(b, 8),
            pid: u32_at(b, 12) as i32,
        }
    }
}

impl Call<'_> {
    /// The netlink protocol of the call's socket (argument 0: sendto, recvfrom,
    /// sendmsg, recvmsg and their mmsg forms), when it is a netlink socket.
    pub(super) fn netlink_socket(&mut self) -> Option<u32> {
        if self.socket.is_none() {
            self.socket = Some(self.t.netlink_protocol(self.rec.args[0] as i32));
        }
        self.socket.flatten()
    }

    /// `len` bytes at `addr` sent or received on a netlink socket of `protocol`.
    pub(super) fn netlink(&mut self, out: &mut String, addr: u64, len: u64, protocol: u32) {
        if protocol == NETLINK_KOBJECT_UEVENT {
            return self.buffer(out, addr, len, false);
        }
        let mut buf = vec![0u8; (len as usize).min(MAX_DECODED)];
        let got = self.t.read_mem(addr, &mut buf);
        if got == 0 && !buf.is_empty() {
            return f::address(out, addr);
        }
        buf.truncate(got);
        let proto = gen::ALL_NETLINK
            .iter()
            .copied()
            .find(|p| p.protocol == protocol);
        self.nl_messages(out, &buf, proto, 0);
    }

    /// Records one after another, each starting with its length (read by `len_at`) and
    /// at least `hdr` bytes long: a list when more than one (or a tail) follows, `...`
    /// past the -s limit, and what is too short for a record in hex. Messages and
    /// attributes are framed alike.
    fn nl_records(
        &mut self,
        out: &mut String,
        b: &[u8],
        hdr: usize,
        len_at: fn(&[u8]) -> usize,
        mut one: impl FnMut(&mut Self, &mut String, &[u8]),
    ) {
        let limit = self.element_limit().min(usize::MAX as u64) as usize;
        let (mut pos, mut listed, mut shown) = (0, false, 0);
        loop {
            let rest = &b[pos..];
            if rest.len() < hdr {
                self.nl_hex(out, rest);
                break;
            }
            if shown >= limit || out.len() > OUTPUT_BUDGET {
                out.push_str("...");
                break;
            }
            let len = len_at(rest);
            let step = align4(len);
            let more = len >= hdr && rest.len() > step;
            if !listed && more {
                out.push('[');
                listed = true;
            }
            one(self, out, rest);
            if !more {
                break;
            }
            out.push_str(", ");
            pos += step;
            shown += 1;
        }
        if listed {
            out.push(']');
        }
    }

    fn nl_messages(
        &mut self,
        out: &mut String,
        b: &[u8],
        proto: Option<&NetlinkProtocol>,
        depth: u8,
    ) {
        let len_at = |r: &[u8]| u32_at(r, 0) as usize;
        self.nl_records(out, b, NLMSG_HDRLEN, len_at, |c, out, rest| {
            c.nl_message(out, &Header::parse(rest), rest, proto, depth)
        });
    }

    /// One message: its header alone, or `[header, payload]`.
    fn nl_message(
        &mut self,
        out: &mut String,
        h: &Header,
        rest: &[u8],
        proto: Option<&NetlinkProtocol>,
        depth: u8,
    ) {
        let len = (h.len as usize).min(rest.len());
        if len > NLMSG_HDRLEN {
            out.push('[');
        }
        self.nl_header(out, h, proto);
        if len > NLMSG_HDRLEN {
            out.push_str(", ");
            self.nl_payload(out, h, &rest[NLMSG_HDRLEN..len], proto, depth);
            out.push(']');
        }
    }

    fn nl_header(&mut self, out: &mut String, h: &Header, proto: Option<&NetlinkProtocol>) {
        let _ = write!(out, "{{nlmsg_len={}, nlmsg_type=", h.len);
        let style = self.opts.display.consts;
        // Types below NLMSG_MIN_TYPE are control messages, the same in every protocol.
        match proto.map(|p| &p.types) {
            Some(NlTypes::Table(t)) if h.ty >= NLMSG_MIN_TYPE => {
                display::enumerated(out, h.ty as u64, 2, t, style)
            }
            Some(NlTypes::GenericFamilies) if h.ty >= NLMSG_MIN_TYPE => {
                let family = self.t.generic_family(h.ty);
                display::named(
                    out,
                    style,
                    |o| f::hex(o, h.ty as u64),
                    |o| match family {
                        Some(name) => o.push_str(&name),
                        None => {
                            let _ = write!(o, "{:#x} /* GENERIC_FAMILY_??? */", h.ty);
                        }
                    },
                );
            }
            _ => {
                let t = &gen::ENUM_NLMSG_CONTROL_TYPES;
                display::enumerated(out, h.ty as u64, 2, t, style)
            }
        }
        out.push_str(", nlmsg_flags=");
        let kind = if h.ty < NLMSG_MIN_TYPE {
            (h.ty == NLMSG_ERROR).then_some(&gen::FLAGS_NLM_F_ACK)
        } else {
            match proto.map(|p| p.flags) {
                Some(NlFlags::Get) => Some(&gen::FLAGS_NLM_F_GET),
                Some(NlFlags::ByType) if h.ty == RTM_DELACTION => Some(&gen::FLAGS_NLM_F_GET),
                Some(NlFlags::ByType) => match h.ty & 3 {
                    0 => Some(&gen::FLAGS_NLM_F_NEW),
                    1 => Some(&gen::FLAGS_NLM_F_DELETE),
                    2 => Some(&gen::FLAGS_NLM_F_GET),
                    _ => None,
                },
                _ => None,
            }
        };
        let v = h.flags as u64;
        display::named(out, style, |o| f::hex(o, v), |o| nl_flags(o, v, kind));
        let _ = write!(out, ", nlmsg_seq={}, nlmsg_pid={}}}", h.seq, h.pid);
    }

    fn nl_payload(
        &mut self,
        out: &mut String,
        h: &Header,
        p: &[u8],
        proto: Option<&NetlinkProtocol>,
        depth: u8,
    ) {
        if h.ty == NLMSG_ERROR && depth < MAX_ERROR_DEPTH {
            return self.nl_error(out, p, h.flags & NLM_F_CAPPED != 0, proto, depth + 1);
        }
        if h.ty >= NLMSG_MIN_TYPE || h.ty == NLMSG_DONE {
            let request = h.flags & NLM_F_REQUEST != 0;
            let msg = proto.and_then(|pr| {
                // An entry without types takes every other one (not NLMSG_DONE).
                pr.messages.iter().find(|m| {
                    (m.types.contains(&h.ty) || m.types.is_empty() && h.ty >= NLMSG_MIN_TYPE)
                        && (m.families.is_empty()
                            || p.first().is_some_and(|f| m.families.contains(f)))
                        && m.request.is_none_or(|r| r == request)
                })
            });
            if let Some(m) = msg {
                return self.nl_struct_payload(out, p, m);
            }
        }
        if h.ty == NLMSG_DONE && p.len() == 4 {
            return f::int(out, u32_at(p, 0) as i32 as i64);
        }
        self.nl_hex(out, p);
    }

    /// NLMSG_ERROR: the error and the request it answers (only its header when the
    /// kernel capped it); extended-acknowledgement attributes after them make the whole
    /// a list: `[{error=..., msg=...}, [attributes]]`.
    fn nl_error(
        &mut self,
        out: &mut String,
        p: &[u8],
        capped: bool,
        proto: Option<&NetlinkProtocol>,
        depth: u8,
    ) {
        if p.len() < 4 {
            return self.nl_hex(out, p);
        }
        let rest = &p[4..];
        let (inner, len) = if rest.len() >= NLMSG_HDRLEN {
            let inner = Header::parse(rest);
            let len = if capped {
                NLMSG_HDRLEN
            } else {
                inner.len as usize
            }
            .min(rest.len());
            (Some(inner), len)
        } else {
            (None, rest.len())
        };
        let acks = inner.is_some() && rest.len() > len;
        if acks {
            out.push('[');
        }
        out.push_str("{error=");
        let e = u32_at(p, 0) as i32;
        let style = self.opts.display.consts;
        display::named(out, style, |o| f::int(o, e as i64), |o| f::errnum(o, e));
        if !rest.is_empty() {
            out.push_str(", msg=");
            match &inner {
                Some(h) => self.nl_message(out, h, &rest[..len], proto, depth),
                None => self.nl_hex(out, rest),
            }
        }
        out.push('}');
        if acks {
            out.push_str(", ");
            self.nl_attrs(out, &rest[len..], &gen::NLATTRS_NLMSGERR, 0);
            out.push(']');
        }
    }

    /// A payload struct, then its attributes. A payload shorter than the struct (a dump
    /// request's one-byte family) shows its first field and `...`.
    fn nl_struct_payload(&mut self, out: &mut String, p: &[u8], m: &NlMessage) {
        let l = m.payload;
        let size = l.size as usize;
        if p.len() < size {
            let mut whole = vec![0u8; size];
            whole[..p.len()].copy_from_slice(p);
            self.struct_first_field(out, &whole, l);
            return;
        }
        self.struct_bytes(out, &p[..size], l);
        let start = align4(size);
        if let (Some(a), true) = (m.attrs, p.len() > start) {
            out.push_str(", ");
            // Every rtnetlink payload struct begins with its address family, which says
            // how an address attribute reads.
            self.nl_attrs(out, &p[start..], a, p[0]);
        }
    }

    fn nl_attrs(&mut self, out: &mut String, b: &[u8], attrs: &NlAttrs, family: u8) {
        let len_at = |r: &[u8]| u16_at(r, 0) as usize;
        self.nl_records(out, b, NLA_HDRLEN, len_at, |c, out, rest| {
            c.nl_attr(out, rest, attrs, family)
        });
    }

    /// One attribute: its header alone, or `[header, value]`.
    fn nl_attr(&mut self, out: &mut String, rest: &[u8], attrs: &NlAttrs, family: u8) {
        let nla_len = u16_at(rest, 0) as usize;
        let ty = u16_at(rest, 2);
        let len = nla_len.min(rest.len());
        if len > NLA_HDRLEN {
            out.push('[');
        }
        let _ = write!(out, "{{nla_len={nla_len}, nla_type=");
        let abbrev = |out: &mut String| {
            if ty & NLA_F_NESTED != 0 {
                out.push_str("NLA_F_NESTED|");
            }
            if ty & NLA_F_NET_BYTEORDER != 0 {
                out.push_str("NLA_F_NET_BYTEORDER|");
            }
            let ty = ty & !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
            f::enumerated(out, ty as u64, 2, attrs.names);
        };
        let style = self.opts.display.consts;
        display::named(out, style, |o| f::hex(o, ty as u64), abbrev);
        out.push('}');
        if len > NLA_HDRLEN {
            out.push_str(", ");
            let data = &rest[NLA_HDRLEN..len];
            let shown_typed = match (attrs.value_of)(ty) {
                Some(t) => self.nla_value(out, data, t, family),
                None => false,
            };
            if !shown_typed {
                self.nl_hex(out, data);
            }
            out.push(']');
        }
    }

    /// An attribute's value as its type; false (nothing written) when the bytes do not
    /// fit the type, which strace then shows in hex.
    fn nla_value(&mut self, out: &mut String, data: &[u8], t: &Ty, family: u8) -> bool {
        match t {
            Ty::Inline(l) => {
                if data.len() < l.size as usize {
                    return false;
                }
                self.struct_bytes(out, &data[..l.size as usize], l);
            }
            Ty::NlaStr => {
                let limit = self.opts.string_limit;
                let (s, terminated) = match data.split_last() {
                    Some((0, s)) => (s, true),
                    _ => (data, false),
                };
                let hex = self.opts.display.strings;
                if terminated && matches!(hex, StringsInHex::NonAscii | StringsInHex::All) {
                    // strace 7.2 under -x/-xx shows the terminating NUL too, in hex,
                    // and then `...` (its NUL-terminated check fails on hex output).
                    display::quoted(out, &data[..data.len().min(limit)], StringsInHex::All);
                    out.push_str("...");
                    return true;
                }
                self.quoted(out, &s[..s.len().min(limit)]);
                if s.len() > limit || !terminated {
                    out.push_str("...");
                }
            }
            Ty::NlaInetAddr => {
                let size = match family {
                    AF_INET if data.len() >= 4 => 4,
                    AF_INET6 if data.len() >= 16 => 16,
                    _ => return false,
                };
                // Under -X raw/verbose strace shows the address's bytes (and the address
                // in a comment).
                display::named(
                    out,
                    self.opts.display.consts,
                    |o| f::quoted_hex(o, &data[..size]),
                    |o| {
                        if size == 4 {
                            f::in_addr(o, data[..4].try_into().unwrap())
                        } else {
                            o.push_str("inet_pton(AF_INET6, \"");
                            f::ipv6(o, data[..16].try_into().unwrap());
                            o.push_str("\")");
                        }
                    },
                );
            }
            Ty::NlaHwaddr => {
                if data.len() > 32 {
                    return false;
                }
                for (i, b) in data.iter().enumerate() {
                    let _ = write!(out, "{}{b:02x}", if i > 0 { ":" } else { "" });
                }
            }
            Ty::Nested(a) => self.nl_attrs(out, data, a, family),
            Ty::NlaIndexed(names) => {
                if data.len() < 4 {
                    return false;
                }
                let limit = self.element_limit().min(usize::MAX as u64) as usize;
                out.push('[');
                for (i, v) in data.chunks_exact(4).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if i == limit {
                        out.push_str("...");
                        break;
                    }
                    out.push('[');
                    let style = self.opts.display.consts;
                    display::enumerated(out, i as u64, 4, names, style);
                    let _ = write!(out, "]={}", u32_at(v, 0));
                }
                out.push(']');
            }
            t => {
                let size = t.mem_size();
                if data.len() < size || size == 0 || size > 8 {
                    return false;
                }
                self.value(out, f::le_value(&data[..size]), t, None, 0, Dir::In);
            }
        }
        true
    }

    /// Bytes strace shows as `"\x02\x00..."`, cut at -s.
    fn nl_hex(&mut self, out: &mut String, b: &[u8]) {
        let limit = self.opts.string_limit;
        f::quoted_hex(out, &b[..b.len().min(limit)]);
        if b.len() > limit {
            out.push_str("...");
        }
    }
}

/// Header flags: the common bits, then those of the message kind, then what is left.
fn nl_flags(out: &mut String, v: u64, kind: Option<&FlagTable>) {
    if v == 0 {
        out.push('0');
        return;
    }
    let common = &gen::FLAGS_NLM_F_COMMON;
    let mut rest = v;
    let mut named = false;
    let kind_bits = kind.map_or(&[][..], |k| k.bits);
    for (name, bits) in common.bits.iter().chain(kind_bits) {
        if *bits != 0 && rest & bits == *bits {
            if named {
                out.push('|');
            }
            out.push_str(name);
            rest &= !bits;
            named = true;
        }
    }
    if rest != 0 {
        if named {
            out.push('|');
        }
        f::hex(out, rest);
        if !named {
            out.push_str(" /* NLM_F_??? */");
        }
    }
}
