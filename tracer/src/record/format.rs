//! The recording format, version 2 (docs/RECORDING.md): a header, then one record per
//! event with the answers the decoder got while handling it, then an end record.
//! Integers are LEB128 varints (signed ones zigzag-encoded), so small numbers take a
//! byte; event times are deltas from the previous event, instruction pointers deltas
//! from the previous one. Version 1 (without instruction pointers) is still read. Reading checks every length
//! against the bytes left and a sane bound, and never panics on any input.

use std::io::{self, Write};

use crate::core::{Event, EventKind};
use crate::decode::{Device, FdPath, PidInfo};

/// The first bytes of every recording.
pub const MAGIC: &[u8; 8] = b"STRECORD";
/// The format version this build writes (and the newest it reads).
pub const VERSION: u64 = 2;
/// The oldest version this build reads: 1 has no instruction pointers (`-i` shows
/// `[????????????????]` for its events).
pub const OLDEST_VERSION: u64 = 1;
/// Bounds on lengths read from a recording (a corrupt length must not allocate wildly).
const MAX_MEM: u64 = 1 << 24;
const MAX_NAME: u64 = 1 << 16;
const MAX_ANSWERS: u64 = 1 << 20;

const TAG_EVENT: u8 = 1;
const TAG_END: u8 = 2;

/// What the tracer knew when recording started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Wall-clock time (ns since the Unix epoch) at trace-clock 0.
    pub start_epoch_ns: u64,
    /// Local time's offset from UTC (seconds east) when recording started: `-t` and
    /// `-tt` on replay show the recording machine's local time.
    pub utc_offset: i64,
    /// The tracer's own pid (`--fixed-ts` shows it as 999).
    pub tracer_pid: i32,
}

/// One answer the world gave the decoder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `read_mem(addr, asked)` copied `bytes` (fewer than asked: the rest faulted).
    Mem {
        addr: u64,
        asked: u64,
        bytes: Vec<u8>,
    },
    FdPath(i32, Option<FdPath>),
    StackPointer(Option<u64>),
    NetlinkProtocol(i32, Option<u32>),
    GenericFamily(u16, Option<String>),
    InterfaceName(u32, Option<String>),
    UtcOffset(i64, Option<i64>),
    /// `pid_info(pid)`: `-Y`/`--decode-pids`'s command name and tracer-namespace pid.
    PidInfo(i32, Option<PidInfo>),
    /// `cpu_time_ns()`: the thread's CPU time at the stop.
    CpuTime(Option<u64>),
    /// `socket_details(fd)`: `-yy`'s socket protocol and endpoints.
    SocketDetails(i32, Option<String>),
    /// `fd_device(fd)`: `-yy`'s device type and numbers.
    FdDevice(i32, Option<Device>),
    /// `fd_info(fd)`: `-yy`'s `/proc/PID/fdinfo/FD` text.
    FdInfo(i32, Option<Vec<u8>>),
}

/// How the traced command ended, as far as the tracer knew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Unknown,
    Exited(i32),
    Killed(i32),
}

/// A record read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Event(Event, Vec<Answer>),
    End(End),
}

/// Why a recording could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("not a syscall-tracer recording (no STRECORD header)")]
    NotARecording,
    #[error(
        "recording format version {0}; this build reads versions {OLDEST_VERSION} to {VERSION}"
    )]
    Version(u64),
    #[error("recording truncated or corrupt at byte {0}")]
    Corrupt(usize),
}

// --- writing -------------------------------------------------------------------------

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(out: &mut Vec<u8>, v: i64) {
    varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn opt_str(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        Some(s) => {
            out.push(1);
            bytes(out, s.as_bytes());
        }
        None => out.push(0),
    }
}

/// An instruction pointer: 0 for none, or 1 and its distance from the previous one
/// (`prev_ip`, updated): a thread's calls sit close together in a library's text.
fn opt_ip(out: &mut Vec<u8>, ip: Option<u64>, prev_ip: &mut u64) {
    match ip {
        Some(ip) => {
            out.push(1);
            zigzag(out, ip.wrapping_sub(*prev_ip) as i64);
            *prev_ip = ip;
        }
        None => out.push(0),
    }
}

/// What each record is encoded relative to: the previous event's time and the previous
/// instruction pointer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deltas {
    pub ts: u64,
    pub ip: u64,
}

pub fn encode_header(out: &mut Vec<u8>, h: &Header) {
    out.extend_from_slice(MAGIC);
    varint(out, VERSION);
    varint(out, h.start_epoch_ns);
    zigzag(out, h.utc_offset);
    zigzag(out, i64::from(h.tracer_pid));
}

/// Appends one event record relative to `prev` (times are deltas, and the trace clock
/// only moves forward), which it updates.
pub fn encode_event(out: &mut Vec<u8>, ev: &Event, prev: &mut Deltas, answers: &[Answer]) {
    out.push(TAG_EVENT);
    zigzag(out, i64::from(ev.tid));
    zigzag(out, i64::from(ev.pid));
    varint(out, ev.ts_ns.saturating_sub(prev.ts));
    prev.ts = prev.ts.max(ev.ts_ns);
    match &ev.kind {
        EventKind::Spawn {
            parent,
            before_exec,
        } => {
            out.push(0);
            zigzag(out, i64::from(parent.unwrap_or(0)));
            out.push(u8::from(*before_exec));
        }
        EventKind::Entry { nr, args, ip } => {
            out.push(1);
            varint(out, *nr);
            for a in args {
                varint(out, *a);
            }
            opt_ip(out, *ip, &mut prev.ip);
        }
        EventKind::Exit { ret, ip } => {
            out.push(2);
            zigzag(out, *ret);
            opt_ip(out, *ip, &mut prev.ip);
        }
        EventKind::Signal { siginfo, ip } => {
            out.push(3);
            out.extend_from_slice(&siginfo[..]);
            opt_ip(out, *ip, &mut prev.ip);
        }
        EventKind::Stopped { sig, ip } => {
            out.push(4);
            zigzag(out, i64::from(*sig));
            opt_ip(out, *ip, &mut prev.ip);
        }
        EventKind::Exec { former } => {
            out.push(5);
            zigzag(out, i64::from(*former));
        }
        EventKind::Exited { code } => {
            out.push(6);
            zigzag(out, i64::from(*code));
        }
        EventKind::Killed { sig, core } => {
            out.push(7);
            zigzag(out, i64::from(*sig));
            out.push(u8::from(*core));
        }
        EventKind::Released => out.push(8),
        EventKind::Detached => out.push(9),
        EventKind::Tick => out.push(10),
        EventKind::Tampered(t) => {
            out.push(11);
            out.push(t.bits());
        }
    }
    varint(out, answers.len() as u64);
    for a in answers {
        encode_answer(out, a);
    }
}

fn encode_answer(out: &mut Vec<u8>, a: &Answer) {
    match a {
        Answer::Mem {
            addr,
            asked,
            bytes: b,
        } => {
            out.push(0);
            varint(out, *addr);
            varint(out, *asked);
            bytes(out, b);
        }
        Answer::FdPath(fd, p) => {
            out.push(1);
            zigzag(out, i64::from(*fd));
            match p {
                Some(p) => {
                    out.push(1 | (u8::from(p.deleted) << 1));
                    bytes(out, &p.path);
                }
                None => out.push(0),
            }
        }
        Answer::StackPointer(sp) => {
            out.push(2);
            match sp {
                Some(v) => {
                    out.push(1);
                    varint(out, *v);
                }
                None => out.push(0),
            }
        }
        Answer::NetlinkProtocol(fd, p) => {
            out.push(3);
            zigzag(out, i64::from(*fd));
            match p {
                Some(v) => {
                    out.push(1);
                    varint(out, u64::from(*v));
                }
                None => out.push(0),
            }
        }
        Answer::GenericFamily(id, name) => {
            out.push(4);
            varint(out, u64::from(*id));
            opt_str(out, name);
        }
        Answer::InterfaceName(index, name) => {
            out.push(5);
            varint(out, u64::from(*index));
            opt_str(out, name);
        }
        Answer::UtcOffset(sec, off) => {
            out.push(6);
            zigzag(out, *sec);
            match off {
                Some(v) => {
                    out.push(1);
                    zigzag(out, *v);
                }
                None => out.push(0),
            }
        }
        Answer::PidInfo(pid, info) => {
            out.push(7);
            zigzag(out, i64::from(*pid));
            match info {
                Some(i) => {
                    out.push(1);
                    zigzag(out, i64::from(i.tracer_pid));
                    bytes(out, &i.comm);
                }
                None => out.push(0),
            }
        }
        Answer::CpuTime(ns) => {
            out.push(11);
            match ns {
                Some(v) => {
                    out.push(1);
                    varint(out, *v);
                }
                None => out.push(0),
            }
        }
        Answer::SocketDetails(fd, d) => {
            out.push(8);
            zigzag(out, i64::from(*fd));
            opt_str(out, d);
        }
        Answer::FdDevice(fd, d) => {
            out.push(9);
            zigzag(out, i64::from(*fd));
            match d {
                Some(d) => {
                    out.push(1 | (u8::from(d.block) << 1));
                    varint(out, u64::from(d.major));
                    varint(out, u64::from(d.minor));
                }
                None => out.push(0),
            }
        }
        Answer::FdInfo(fd, text) => {
            out.push(10);
            zigzag(out, i64::from(*fd));
            match text {
                Some(t) => {
                    out.push(1);
                    bytes(out, t);
                }
                None => out.push(0),
            }
        }
    }
}

pub fn encode_end(out: &mut Vec<u8>, end: End) {
    out.push(TAG_END);
    match end {
        End::Unknown => out.push(0),
        End::Exited(code) => {
            out.push(1);
            zigzag(out, i64::from(code));
        }
        End::Killed(sig) => {
            out.push(2);
            zigzag(out, i64::from(sig));
        }
    }
}

/// Writes encoded records through a buffer; the first error is kept.
pub struct RecordWriter {
    w: io::BufWriter<Box<dyn Write>>,
    buf: Vec<u8>,
    prev: Deltas,
    error: Option<io::Error>,
}

impl RecordWriter {
    pub fn new(w: Box<dyn Write>, header: &Header) -> Self {
        let mut buf = Vec::with_capacity(4096);
        encode_header(&mut buf, header);
        let mut rw = RecordWriter {
            w: io::BufWriter::with_capacity(64 * 1024, w),
            buf,
            prev: Deltas::default(),
            error: None,
        };
        rw.put();
        rw
    }

    fn put(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.w.write_all(&self.buf) {
                self.error = Some(e);
            }
        }
        self.buf.clear();
    }

    pub fn event(&mut self, ev: &Event, answers: &[Answer]) {
        encode_event(&mut self.buf, ev, &mut self.prev, answers);
        self.put();
    }

    pub fn end(&mut self, end: End) {
        encode_end(&mut self.buf, end);
        self.put();
        self.flush();
    }

    pub fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.w.flush() {
                self.error = Some(e);
            }
        }
    }

    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    pub fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }
}

// --- reading -------------------------------------------------------------------------

/// Reads records from the bytes of a whole recording.
pub struct Reader<'a> {
    b: &'a [u8],
    at: usize,
    prev_ts: u64,
    prev_ip: u64,
    /// The recording's format version (1 has no instruction pointers).
    version: u64,
}

impl<'a> Reader<'a> {
    /// Checks the header and returns it with a reader positioned at the first record.
    pub fn new(b: &'a [u8]) -> Result<(Header, Self), FormatError> {
        if b.len() < MAGIC.len() || &b[..MAGIC.len()] != MAGIC {
            return Err(FormatError::NotARecording);
        }
        let mut r = Reader {
            b,
            at: MAGIC.len(),
            prev_ts: 0,
            prev_ip: 0,
            version: VERSION,
        };
        let version = r.varint()?;
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(FormatError::Version(version));
        }
        r.version = version;
        let header = Header {
            start_epoch_ns: r.varint()?,
            utc_offset: r.zigzag()?,
            tracer_pid: r.int()?,
        };
        Ok((header, r))
    }

    fn corrupt<T>(&self) -> Result<T, FormatError> {
        Err(FormatError::Corrupt(self.at))
    }

    fn byte(&mut self) -> Result<u8, FormatError> {
        match self.b.get(self.at) {
            Some(&v) => {
                self.at += 1;
                Ok(v)
            }
            None => self.corrupt(),
        }
    }

    fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        self.corrupt()
    }

    fn zigzag(&mut self) -> Result<i64, FormatError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn int(&mut self) -> Result<i32, FormatError> {
        let v = self.zigzag()?;
        match i32::try_from(v) {
            Ok(v) => Ok(v),
            Err(_) => self.corrupt(),
        }
    }

    fn flag(&mut self) -> Result<bool, FormatError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => self.corrupt(),
        }
    }

    fn take(&mut self, n: u64, max: u64) -> Result<&'a [u8], FormatError> {
        if n > max || n > (self.b.len() - self.at) as u64 {
            return self.corrupt();
        }
        let s = &self.b[self.at..self.at + n as usize];
        self.at += n as usize;
        Ok(s)
    }

    fn bytes(&mut self, max: u64) -> Result<&'a [u8], FormatError> {
        let n = self.varint()?;
        self.take(n, max)
    }

    fn string(&mut self) -> Result<String, FormatError> {
        let b = self.bytes(MAX_NAME)?;
        match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => self.corrupt(),
        }
    }

    /// An instruction pointer ([`opt_ip`]); none in a version 1 recording.
    fn opt_ip(&mut self) -> Result<Option<u64>, FormatError> {
        if self.version < 2 || !self.flag()? {
            return Ok(None);
        }
        let ip = self.prev_ip.wrapping_add(self.zigzag()? as u64);
        self.prev_ip = ip;
        Ok(Some(ip))
    }

    fn opt_string(&mut self) -> Result<Option<String>, FormatError> {
        Ok(if self.flag()? {
            Some(self.string()?)
        } else {
            None
        })
    }

    /// The next record, or `None` at the end of the bytes.
    pub fn next_record(&mut self) -> Result<Option<Record>, FormatError> {
        if self.at == self.b.len() {
            return Ok(None);
        }
        match self.byte()? {
            TAG_EVENT => {
                let (ev, answers) = self.event()?;
                Ok(Some(Record::Event(ev, answers)))
            }
            TAG_END => {
                let end = match self.byte()? {
                    0 => End::Unknown,
                    1 => End::Exited(self.int()?),
                    2 => End::Killed(self.int()?),
                    _ => return self.corrupt(),
                };
                Ok(Some(Record::End(end)))
            }
            _ => self.corrupt(),
        }
    }

    fn event(&mut self) -> Result<(Event, Vec<Answer>), FormatError> {
        let tid = self.int()?;
        let pid = self.int()?;
        let ts_ns = match self.prev_ts.checked_add(self.varint()?) {
            Some(t) => t,
            None => return self.corrupt(),
        };
        self.prev_ts = ts_ns;
        let kind = match self.byte()? {
            0 => {
                let parent = self.int()?;
                EventKind::Spawn {
                    parent: (parent != 0).then_some(parent),
                    before_exec: self.flag()?,
                }
            }
            1 => {
                let nr = self.varint()?;
                let mut args = [0u64; 6];
                for a in &mut args {
                    *a = self.varint()?;
                }
                EventKind::Entry {
                    nr,
                    args,
                    ip: self.opt_ip()?,
                }
            }
            2 => EventKind::Exit {
                ret: self.zigzag()?,
                ip: self.opt_ip()?,
            },
            3 => {
                let raw = self.take(128, 128)?;
                let mut siginfo = Box::new([0u8; 128]);
                siginfo.copy_from_slice(raw);
                EventKind::Signal {
                    siginfo,
                    ip: self.opt_ip()?,
                }
            }
            4 => EventKind::Stopped {
                sig: self.int()?,
                ip: self.opt_ip()?,
            },
            5 => EventKind::Exec {
                former: self.int()?,
            },
            6 => EventKind::Exited { code: self.int()? },
            7 => EventKind::Killed {
                sig: self.int()?,
                core: self.flag()?,
            },
            8 => EventKind::Released,
            9 => EventKind::Detached,
            10 => EventKind::Tick,
            11 => match crate::decode::Tampering::from_bits(self.byte()?) {
                Some(t) => EventKind::Tampered(t),
                None => return self.corrupt(),
            },
            _ => return self.corrupt(),
        };
        let count = self.varint()?;
        if count > MAX_ANSWERS {
            return self.corrupt();
        }
        let mut answers = Vec::new();
        for _ in 0..count {
            answers.push(self.answer()?);
        }
        let ev = Event {
            tid,
            pid,
            ts_ns,
            kind,
        };
        Ok((ev, answers))
    }

    fn answer(&mut self) -> Result<Answer, FormatError> {
        Ok(match self.byte()? {
            0 => {
                let addr = self.varint()?;
                let asked = self.varint()?;
                let bytes = self.bytes(MAX_MEM)?.to_vec();
                if bytes.len() as u64 > asked {
                    return self.corrupt();
                }
                Answer::Mem { addr, asked, bytes }
            }
            1 => {
                let fd = self.int()?;
                let path = match self.byte()? {
                    0 => None,
                    f @ (1 | 3) => Some(FdPath {
                        path: self.bytes(MAX_MEM)?.to_vec(),
                        deleted: f & 2 != 0,
                    }),
                    _ => return self.corrupt(),
                };
                Answer::FdPath(fd, path)
            }
            2 => Answer::StackPointer(if self.flag()? {
                Some(self.varint()?)
            } else {
                None
            }),
            3 => {
                let fd = self.int()?;
                let p = if self.flag()? {
                    match u32::try_from(self.varint()?) {
                        Ok(v) => Some(v),
                        Err(_) => return self.corrupt(),
                    }
                } else {
                    None
                };
                Answer::NetlinkProtocol(fd, p)
            }
            4 => {
                let id = match u16::try_from(self.varint()?) {
                    Ok(v) => v,
                    Err(_) => return self.corrupt(),
                };
                Answer::GenericFamily(id, self.opt_string()?)
            }
            5 => {
                let index = match u32::try_from(self.varint()?) {
                    Ok(v) => v,
                    Err(_) => return self.corrupt(),
                };
                Answer::InterfaceName(index, self.opt_string()?)
            }
            6 => {
                let sec = self.zigzag()?;
                let off = if self.flag()? {
                    Some(self.zigzag()?)
                } else {
                    None
                };
                Answer::UtcOffset(sec, off)
            }
            7 => {
                let pid = self.int()?;
                let info = if self.flag()? {
                    let tracer_pid = self.int()?;
                    Some(PidInfo {
                        comm: self.bytes(MAX_NAME)?.to_vec(),
                        tracer_pid,
                    })
                } else {
                    None
                };
                Answer::PidInfo(pid, info)
            }
            11 => Answer::CpuTime(if self.flag()? {
                Some(self.varint()?)
            } else {
                None
            }),
            8 => {
                let fd = self.int()?;
                Answer::SocketDetails(fd, self.opt_string()?)
            }
            9 => {
                let fd = self.int()?;
                let device = match self.byte()? {
                    0 => None,
                    f @ (1 | 3) => {
                        let (major, minor) = (self.varint()?, self.varint()?);
                        match (u32::try_from(major), u32::try_from(minor)) {
                            (Ok(major), Ok(minor)) => Some(Device {
                                block: f & 2 != 0,
                                major,
                                minor,
                            }),
                            _ => return self.corrupt(),
                        }
                    }
                    _ => return self.corrupt(),
                };
                Answer::FdDevice(fd, device)
            }
            10 => {
                let fd = self.int()?;
                let text = if self.flag()? {
                    Some(self.bytes(MAX_NAME)?.to_vec())
                } else {
                    None
                };
                Answer::FdInfo(fd, text)
            }
            _ => return self.corrupt(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kind() -> impl Strategy<Value = EventKind> {
        prop_oneof![
            (any::<Option<i32>>(), any::<bool>()).prop_map(|(p, b)| EventKind::Spawn {
                parent: p.filter(|&p| p != 0),
                before_exec: b
            }),
            (any::<u64>(), any::<[u64; 6]>(), any::<Option<u64>>())
                .prop_map(|(nr, args, ip)| EventKind::Entry { nr, args, ip }),
            (any::<i64>(), any::<Option<u64>>()).prop_map(|(ret, ip)| EventKind::Exit { ret, ip }),
            (
                proptest::collection::vec(any::<u8>(), 128),
                any::<Option<u64>>()
            )
                .prop_map(|(v, ip)| {
                    let mut s = Box::new([0u8; 128]);
                    s.copy_from_slice(&v);
                    EventKind::Signal { siginfo: s, ip }
                }),
            (any::<i32>(), any::<Option<u64>>())
                .prop_map(|(sig, ip)| EventKind::Stopped { sig, ip }),
            any::<i32>().prop_map(|former| EventKind::Exec { former }),
            any::<i32>().prop_map(|code| EventKind::Exited { code }),
            (any::<i32>(), any::<bool>()).prop_map(|(sig, core)| EventKind::Killed { sig, core }),
            Just(EventKind::Released),
            Just(EventKind::Detached),
            Just(EventKind::Tick),
            (0u8..8)
                .prop_map(|b| EventKind::Tampered(crate::decode::Tampering::from_bits(b).unwrap())),
        ]
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            (
                any::<u64>(),
                proptest::collection::vec(any::<u8>(), 0..64),
                0u64..8
            )
                .prop_map(|(addr, bytes, extra)| Answer::Mem {
                    addr,
                    asked: bytes.len() as u64 + extra,
                    bytes
                }),
            (any::<i32>(), any::<Option<(Vec<u8>, bool)>>()).prop_map(|(fd, p)| {
                Answer::FdPath(fd, p.map(|(path, deleted)| FdPath { path, deleted }))
            }),
            any::<Option<u64>>().prop_map(Answer::StackPointer),
            (any::<i32>(), any::<Option<u32>>()).prop_map(|(f, p)| Answer::NetlinkProtocol(f, p)),
            (any::<u16>(), any::<Option<String>>()).prop_map(|(i, n)| Answer::GenericFamily(i, n)),
            (any::<u32>(), any::<Option<String>>()).prop_map(|(i, n)| Answer::InterfaceName(i, n)),
            (any::<i64>(), any::<Option<i64>>()).prop_map(|(s, o)| Answer::UtcOffset(s, o)),
            (any::<i32>(), any::<Option<(Vec<u8>, i32)>>()).prop_map(|(p, i)| {
                Answer::PidInfo(p, i.map(|(comm, tracer_pid)| PidInfo { comm, tracer_pid }))
            }),
            any::<Option<u64>>().prop_map(Answer::CpuTime),
            (any::<i32>(), any::<Option<String>>()).prop_map(|(f, d)| Answer::SocketDetails(f, d)),
            (any::<i32>(), any::<Option<(bool, u32, u32)>>()).prop_map(|(f, d)| {
                Answer::FdDevice(
                    f,
                    d.map(|(block, major, minor)| Device {
                        block,
                        major,
                        minor,
                    }),
                )
            }),
            (any::<i32>(), any::<Option<Vec<u8>>>()).prop_map(|(f, t)| Answer::FdInfo(f, t)),
        ]
    }

    fn event() -> impl Strategy<Value = (Event, Vec<Answer>)> {
        (
            any::<i32>(),
            any::<i32>(),
            0u64..1 << 40,
            kind(),
            proptest::collection::vec(answer(), 0..4),
        )
            .prop_map(|(tid, pid, dt, kind, answers)| {
                (
                    Event {
                        tid,
                        pid,
                        ts_ns: dt,
                        kind,
                    },
                    answers,
                )
            })
    }

    /// A version 1 recording (before instruction pointers) still reads: its events have
    /// none.
    #[test]
    fn version_1_reads_without_instruction_pointers() {
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&[1, 5, 0, 2]); // version 1, epoch 5 ns, UTC+0, tracer pid 1
                                            // An entry: tid 7, pid 7, 3 ns later, kind 1, nr 1, six arguments, no answers.
        b.extend_from_slice(&[TAG_EVENT, 14, 14, 3, 1, 1, 1, 2, 3, 0, 0, 0, 0]);
        // Its exit (ret 3), then a signal (siginfo of zeros) and a group-stop (SIGSTOP).
        b.extend_from_slice(&[TAG_EVENT, 14, 14, 1, 2, 6, 0]);
        b.extend_from_slice(&[TAG_EVENT, 14, 14, 1, 3]);
        b.extend_from_slice(&[0; 128]);
        b.push(0);
        b.extend_from_slice(&[TAG_EVENT, 14, 14, 1, 4, 38, 0, TAG_END, 1, 0]);
        let (h, mut r) = Reader::new(&b).unwrap();
        assert_eq!(h.start_epoch_ns, 5);
        let kinds: Vec<EventKind> = std::iter::from_fn(|| match r.next_record().unwrap()? {
            Record::Event(e, _) => Some(e.kind),
            Record::End(_) => None,
        })
        .collect();
        assert_eq!(
            kinds,
            [
                EventKind::Entry {
                    nr: 1,
                    args: [1, 2, 3, 0, 0, 0],
                    ip: None
                },
                EventKind::Exit { ret: 3, ip: None },
                EventKind::Signal {
                    siginfo: Box::new([0; 128]),
                    ip: None
                },
                EventKind::Stopped { sig: 19, ip: None },
            ]
        );
        let mut newer = MAGIC.to_vec();
        newer.push(3);
        assert!(matches!(Reader::new(&newer), Err(FormatError::Version(3))));
    }

    proptest! {
        /// What is written reads back the same.
        #[test]
        fn records_round_trip(
            header in (any::<u64>(), any::<i64>(), any::<i32>()),
            events in proptest::collection::vec(event(), 0..8),
            code in any::<i32>(),
        ) {
            let header = Header { start_epoch_ns: header.0, utc_offset: header.1, tracer_pid: header.2 };
            let mut b = Vec::new();
            encode_header(&mut b, &header);
            // Times only move forward: make them cumulative.
            let mut ts = 0u64;
            let events: Vec<(Event, Vec<Answer>)> = events
                .into_iter()
                .map(|(mut e, a)| {
                    ts += e.ts_ns;
                    e.ts_ns = ts;
                    (e, a)
                })
                .collect();
            let mut prev = Deltas::default();
            for (e, a) in &events {
                encode_event(&mut b, e, &mut prev, a);
            }
            encode_end(&mut b, End::Exited(code));
            let (h, mut r) = Reader::new(&b).unwrap();
            prop_assert_eq!(h, header);
            for (e, a) in &events {
                prop_assert_eq!(r.next_record().unwrap(), Some(Record::Event(e.clone(), a.clone())));
            }
            prop_assert_eq!(r.next_record().unwrap(), Some(Record::End(End::Exited(code))));
            prop_assert_eq!(r.next_record().unwrap(), None);
        }

        /// Any bytes after a valid header read as records or as an error, never a panic;
        /// reading always ends.
        #[test]
        fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut b = Vec::new();
            encode_header(&mut b, &Header { start_epoch_ns: 1, utc_offset: 0, tracer_pid: 1 });
            b.extend_from_slice(&tail);
            // The same tail after a version 1 header (read without instruction pointers).
            let mut v1 = MAGIC.to_vec();
            v1.extend_from_slice(&[1, 1, 0, 2]);
            v1.extend_from_slice(&tail);
            for b in [&b, &v1] {
                let (_, mut r) = Reader::new(b).unwrap();
                for _ in 0..=b.len() {
                    match r.next_record() {
                        Ok(Some(_)) => {}
                        Ok(None) | Err(_) => break,
                    }
                }
            }
            let _ = Reader::new(&tail);
        }
    }
}
