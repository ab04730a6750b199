//! The shape of `syscalls.toml`, as serde reads it. Unknown fields are rejected so a
//! misspelt key is an error, not a silently ignored line.
use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Files beside this one that codegen reads with it (data generated from headers);
    /// only syscalls.toml itself may include.
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub syscall: toml::value::Table,
    #[serde(default)]
    pub flags: BTreeMap<String, FlagSet>,
    #[serde(default, rename = "enum")]
    pub enums: BTreeMap<String, EnumSet>,
    #[serde(default, rename = "struct")]
    pub structs: BTreeMap<String, StructDef>,
    #[serde(default)]
    pub select: BTreeMap<String, Selector>,
    /// Netlink protocols whose messages are decoded, by name (`route`).
    #[serde(default)]
    pub netlink: BTreeMap<String, NetlinkProtocol>,
    /// Netlink attribute tables: names and value types, by attribute type.
    #[serde(default)]
    pub nlattrs: BTreeMap<String, NlAttrs>,
    pub errno: Option<ErrnoTable>,
}

/// A netlink protocol (`socket(AF_NETLINK, ..., protocol)`) and its message types.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct NetlinkProtocol {
    /// The protocol number (NETLINK_ROUTE = 0).
    pub protocol: u32,
    pub header: String,
    /// The [enum] naming its message types, or `kernel:generic` for the generic netlink
    /// families the running kernel registers (named by asking it, as strace does).
    pub types: String,
    /// Which request flags a message type takes: `by_type` (route: the low two bits of
    /// the type say new, delete or get), `get` (every type), or `none`.
    pub flags: String,
    /// Message types whose payload is decoded: a struct, then attributes.
    #[serde(default)]
    pub messages: Vec<NetlinkMessage>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct NetlinkMessage {
    pub when: Vec<Const>,
    /// Only for payloads whose first byte (their address family) is one of these.
    #[serde(default)]
    pub families: Vec<Const>,
    /// Only for requests (NLM_F_REQUEST set: true) or only for replies (false).
    pub request: Option<bool>,
    /// The [struct] at the start of the payload.
    pub payload: String,
    /// The [nlattrs] table for the attributes after it.
    pub attrs: Option<String>,
}

/// Netlink attributes: `{nla_len=8, nla_type=IFA_LOCAL}` and a value by type.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct NlAttrs {
    pub header: String,
    /// The [enum] naming the attribute types; none: they print as numbers (a nested
    /// array's element numbers, `nla_type=0x1`).
    pub names: Option<String>,
    /// Value types; an attribute not listed shows its bytes in hex.
    #[serde(default)]
    pub types: Vec<NlAttrType>,
    /// The renderer itself uses this table (NLMSG_ERROR's acknowledgement attributes).
    #[serde(default)]
    pub runtime: bool,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct NlAttrType {
    /// The attribute types; empty: every type no other entry lists (a nested array's
    /// index-numbered elements).
    pub when: Vec<Const>,
    #[serde(rename = "type")]
    pub ty: String,
}

/// Error numbers with the names and messages strace prints (`ENOENT (No such file or
/// directory)`), kernel-internal restart codes included.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrnoTable {
    pub header: String,
    /// `NAME = [number, "message"]`, in number order.
    pub values: toml::value::Table,
}

/// One syscall number.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Syscall {
    pub nr: u32,
    /// The number is reserved: the kernel has no entry point behind it.
    #[serde(default)]
    pub reserved: bool,
    #[serde(default)]
    pub class: Vec<String>,
    /// Type of the return value; required unless reserved.
    pub ret: Option<String>,
    #[serde(default)]
    pub args: Vec<Arg>,
    /// Name of a hand-written Rust hook that renders this call instead of the vocabulary.
    pub custom: Option<String>,
    /// Free text for reviewers (why an argument is raw, a quirk of strace's output...).
    pub note: Option<String>,
}

/// Whether an argument's memory is read at entry, at exit, or at both.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    #[default]
    In,
    Out,
    Inout,
}

/// One argument.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Arg {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub dir: Dir,
    /// Length of the pointed-to memory: another argument's name, or `ret`.
    pub len: Option<String>,
    /// For `select[...]`: the argument(s) whose value chooses the variant.
    pub on: Option<String>,
    /// The argument is shown only when another argument has one of these bits set.
    #[serde(rename = "if")]
    pub cond: Option<Cond>,
    /// Why the argument is printed raw (required for `hex`/`ptr` on pointers we do not decode).
    pub raw: Option<String>,
}

/// Presence condition: `{ arg = "flags", any = ["O_CREAT", "__O_TMPFILE"] }`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Cond {
    pub arg: String,
    #[serde(default)]
    pub any: Vec<Const>,
    /// Shown only when all of these bits are set (and, given both, one of `any`:
    /// mremap's new_address needs MREMAP_MAYMOVE and MREMAP_FIXED or MREMAP_DONTUNMAP).
    #[serde(default)]
    pub all: Vec<Const>,
}

/// A constant given by name (looked up in the flag and enum tables) or by value.
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(untagged)]
pub enum Const {
    Value(i64),
    Name(String),
    /// For a selector on two arguments (`on = "level, optname"`): one value for each,
    /// `["SOL_SOCKET", "SO_LINGER"]`.
    Pair(Vec<Const>),
}

/// A set of bit flags, optionally with masked value fields (`O_ACCMODE`, `MAP_TYPE`).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FlagSet {
    /// The kernel header the values come from.
    pub header: String,
    /// Name printed for 0 when no field claims it (`PROT_NONE`); else `0`.
    pub zero: Option<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Single bits (or multi-bit names), in strace's printing order.
    #[serde(default)]
    pub bits: toml::value::Table,
    /// strace's comment after a value with no known bit at all: `0x1000 /* PROT_??? */`.
    pub placeholder: Option<String>,
    /// strace's comment after the leftover bits when none of the bits (fields aside) is
    /// known, for a word whose fields strace prints on their own first:
    /// `FAN_CLASS_NOTIF|0x8000 /* FAN_??? */`, `KEXEC_ARCH_X86_64|0x100 /* KEXEC_??? */`.
    pub bits_placeholder: Option<String>,
    /// The vocabulary itself uses this table (not only syscalls), so it is never unused.
    #[serde(default)]
    pub runtime: bool,
    /// The word before the names when a call returns these flags: `0x6 (seals ...)`;
    /// `flags` by default, empty for none (`0 (PER_LINUX)`).
    pub ret_label: Option<String>,
    /// `fields`: the set bits are one-bit struct fields, shown `{is_icsk=1, mc_loop=1}`.
    pub form: Option<String>,
    /// A size encoded in high bits, printed last as `21<<MFD_HUGE_SHIFT`.
    pub shift: Option<Shift>,
}

/// `{ mask = 0xfc000000, name = "MFD_HUGE_SHIFT" }`: the masked bits, shifted down, are
/// printed after everything else as `N<<NAME`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    pub mask: u64,
    pub name: String,
}

/// A masked value inside a flag word: `{ mask = 3, values = { O_RDONLY = 0, ... } }`,
/// or `{ mask = 0xff, type = "signo" }` for clone's exit signal.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub mask: u64,
    #[serde(default)]
    pub values: toml::value::Table,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// `merge`: a value the field does not name is not printed apart but stays with the
    /// leftover bits (socket types: `0x4d /* SOCK_??? */`, not `0xd|0x40`).
    pub unknown: Option<String>,
    /// Under `-X raw|verbose` strace prints this field as a number of its own, even zero
    /// (`0 /* PER_LINUX */|0x400000 /* ... */`): `always`; `blank-raw-zero` as statx's,
    /// whose zero raw value is printed as nothing (`|0x900`).
    pub apart: Option<String>,
}

/// One-of-many values.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EnumSet {
    pub header: String,
    pub values: toml::value::Table,
    /// How an unknown value prints: `hex` (default, `0x10 /* F_??? */`), `int` or
    /// `uint` (rseq's cpu_id: `4294967293`; a named value is signed under -X raw).
    pub unknown: Option<String>,
    /// The `F_???` placeholder strace prints after an unknown value; defaults to none.
    pub placeholder: Option<String>,
    /// The vocabulary itself uses this table (signal names, si_code), so it is never unused.
    #[serde(default)]
    pub runtime: bool,
}

/// A C struct as laid out on x86-64.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct StructDef {
    pub header: String,
    pub size: u32,
    pub fields: Vec<StructField>,
    /// Rendering form: `braces` (default), `array` for things like `int[2]`, or `arrow`
    /// for `{inputs} => {outputs}` (clone3: the `out` fields after a success).
    pub form: Option<String>,
    /// A C union: every field starts at offset 0 (strace shows each member's view).
    #[serde(default)]
    pub union: bool,
    /// What a length beyond the struct's size shows: `shown` (default: nonzero bytes
    /// past the end as `/* bytes 24..31 */ "..."`, openat2's growing struct), `ignored`
    /// (just the struct: most socket options) or `address` (the struct only at its
    /// exact size: SO_ATTACH_FILTER).
    pub past_end: Option<String>,
    /// The smallest caller length the struct is shown for, when strace shows it for a
    /// length below its size (rseq: 32 of its 33 bytes); the bytes from that length to
    /// the size read as zero. Defaults to the size.
    pub min_size: Option<u32>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct StructField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Bytes; derived from the type when the type has one fixed size.
    pub size: Option<u32>,
    /// Byte offset, for a struct that strace prints in another order than its memory
    /// layout (`struct sigaction`: sa_mask is printed second but stored last) and for
    /// union members that overlap an earlier field. Fields without one follow the
    /// previous field.
    pub offset: Option<u32>,
    /// strace's default (non-verbose) output hides this field and ends with `...`.
    #[serde(default)]
    pub hide: bool,
    /// Another field of the same struct holding this one's length (`msg_iovlen`).
    pub len: Option<String>,
    /// Shown only when another field, masked, has one of these values (`st_rdev` for
    /// devices only).
    pub show_if: Option<FieldCond>,
    /// Hidden when another field, masked, has one of these values (`st_size` of devices).
    pub hide_if: Option<FieldCond>,
    /// An output of the call: shown only at the exit of a successful call.
    #[serde(default)]
    pub out: bool,
    /// Updated by the call (the struct's argument is `dir = "inout"`): shown as
    /// `old => new` when it changed. Only the struct's first 8 bytes are remembered.
    #[serde(default)]
    pub inout: bool,
}

/// `{ field = "st_mode", mask = 0o170000, values = [0o20000, 0o60000] }`
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FieldCond {
    pub field: String,
    pub mask: u64,
    pub values: Vec<u64>,
}

/// An argument (or return) whose type depends on another argument's value.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Selector {
    /// Applied to the selecting value before matching (`FUTEX_CMD_MASK`).
    pub mask: Option<u64>,
    /// Required, in the file that defines the selector: an included file's `[select.X]`
    /// only adds variants to it.
    pub default: Option<Variant>,
    #[serde(default)]
    pub variants: Vec<Variant>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Selector values this variant applies to (names or numbers); empty for the default.
    #[serde(default)]
    pub when: Vec<Const>,
    /// Argument type in this variant; `none` hides the argument.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub dir: Dir,
    pub len: Option<String>,
    /// Return type in this variant (for `ret = "select[...]"`).
    pub ret: Option<String>,
}
