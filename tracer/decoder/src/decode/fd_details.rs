//! `-yy` / `--decode-fds=SET`: what strace 7.2 shows inside a descriptor's angle
//! brackets beyond its path: a socket's endpoints (`3<TCP:[127.0.0.1:80->...]>`), a
//! device's numbers (`</dev/null<char 1:3>>`), a pidfd's pid (`<pid:1234>`), an eventfd's
//! counter and a signalfd's mask. The facts come from the world through [`Tracee`]; this
//! module only chooses and spells them, in strace's order of preference.

use super::fmt as f;
use super::{FdPath, Tracee};

/// The elements of `--decode-fds=SET` beyond `path` (which is `DecodeOptions::fd_paths`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FdDetails {
    /// `socket`: the protocol and endpoints of a socket.
    pub socket: bool,
    /// `dev`: the type and numbers of a character or block device.
    pub dev: bool,
    /// `pidfd`: the process a pidfd refers to.
    pub pidfd: bool,
    /// `eventfd`: an eventfd's counter, id and semaphore mode.
    pub eventfd: bool,
    /// `signalfd`: the signals a signalfd accepts.
    pub signalfd: bool,
}

impl FdDetails {
    /// Every element (`-yy`, `--decode-fds=all`).
    pub const ALL: FdDetails = FdDetails {
        socket: true,
        dev: true,
        pidfd: true,
        eventfd: true,
        signalfd: true,
    };

    pub fn any(&self) -> bool {
        self.socket || self.dev || self.pidfd || self.eventfd || self.signalfd
    }
}

/// A character or block device, as `stat` of the descriptor's path gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    pub block: bool,
    pub major: u32,
    pub minor: u32,
}

/// Appends what goes after descriptor `fd`'s number: the first detail of `want` that
/// applies, else (with `path`) its path; nothing when the descriptor is unknown.
pub fn append(out: &mut String, fd: i32, path: bool, want: FdDetails, t: &mut dyn Tracee) {
    let Some(p) = t.fd_path(fd) else {
        return;
    };
    if (want.socket && socket(out, fd, &p, t))
        || (want.dev && device(out, fd, &p, t))
        || (want.eventfd && eventfd(out, fd, &p, t))
        || (want.pidfd && pidfd(out, fd, &p, t))
        || (want.signalfd && signalfd(out, fd, &p, t))
    {
        return;
    }
    if path {
        f::fd_path(out, &p);
    }
}

/// `socket:[12345]` → 12345, as strace reads a socket's link (digits only, not zero).
fn socket_inode(path: &[u8]) -> Option<u64> {
    let digits = path.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits)
        .ok()?
        .parse()
        .ok()
        .filter(|&n| n != 0)
}

fn socket(out: &mut String, fd: i32, p: &FdPath, t: &mut dyn Tracee) -> bool {
    if socket_inode(&p.path).is_none() {
        return false;
    }
    out.push('<');
    match t.socket_details(fd) {
        Some(d) => out.push_str(&d),
        None => out.push_str(&String::from_utf8_lossy(&p.path)),
    }
    out.push('>');
    true
}

fn device(out: &mut String, fd: i32, p: &FdPath, t: &mut dyn Tracee) -> bool {
    if p.path.first() != Some(&b'/') {
        return false;
    }
    let Some(d) = t.fd_device(fd) else {
        return false;
    };
    out.push('<');
    f::escaped(out, &p.path, b"<>");
    out.push('<');
    out.push_str(if d.block { "block " } else { "char " });
    f::uint(out, d.major as u64);
    out.push(':');
    f::uint(out, d.minor as u64);
    // /dev/ptmx: the pseudo-terminal this descriptor opened.
    if !d.block && (d.major, d.minor) == (5, 2) {
        let info = t.fd_info(fd).unwrap_or_default();
        if let Some(n) = fdinfo_value(&info, "tty-index:\t").and_then(parse_uint) {
            out.push_str(" @/dev/pts/");
            f::uint(out, n);
        }
    }
    out.push_str(">>");
    true
}

fn eventfd(out: &mut String, fd: i32, p: &FdPath, t: &mut dyn Tracee) -> bool {
    if p.path != b"anon_inode:[eventfd]" {
        return false;
    }
    let info = t.fd_info(fd).unwrap_or_default();
    let count = fdinfo_value(&info, "eventfd-count:").map(|v| v.trim_start_matches([' ', '\t']));
    match count.filter(|c| !c.is_empty()) {
        Some(count) => {
            out.push_str("<{eventfd-count=");
            if !count.starts_with('0') {
                out.push_str("0x");
            }
            out.push_str(count);
            if let Some(id) = fdinfo_value(&info, "eventfd-id:").and_then(parse_uint) {
                out.push_str(", eventfd-id=");
                f::uint(out, id);
                if let Some(sem) = fdinfo_value(&info, "eventfd-semaphore:").and_then(parse_uint) {
                    out.push_str(", eventfd-semaphore=");
                    f::uint(out, sem);
                }
            }
            out.push_str("}>");
        }
        None => bracketed(out, &p.path),
    }
    true
}

fn pidfd(out: &mut String, fd: i32, p: &FdPath, t: &mut dyn Tracee) -> bool {
    if !p.path.starts_with(b"pidfd:") && p.path != b"anon_inode:[pidfd]" {
        return false;
    }
    let info = t.fd_info(fd).unwrap_or_default();
    match fdinfo_value(&info, "Pid:\t").and_then(parse_uint) {
        Some(pid) if pid > 0 => {
            out.push_str("<pid:");
            f::uint(out, pid);
            out.push('>');
        }
        _ => bracketed(out, &p.path),
    }
    true
}

fn signalfd(out: &mut String, fd: i32, p: &FdPath, t: &mut dyn Tracee) -> bool {
    if p.path != b"anon_inode:[signalfd]" {
        return false;
    }
    let info = t.fd_info(fd).unwrap_or_default();
    let Some(mask) = fdinfo_value(&info, "sigmask:\t").and_then(parse_sigmask) else {
        return false;
    };
    out.push_str("<signalfd:");
    f::sigset(out, mask, 64);
    out.push('>');
    true
}

/// The link text in angle brackets as it stands (strace prints these unquoted).
fn bracketed(out: &mut String, path: &[u8]) {
    out.push('<');
    out.push_str(&String::from_utf8_lossy(path));
    out.push('>');
}

/// The rest of the first line of `/proc/PID/fdinfo/FD` that starts with `prefix`,
/// without its newline.
fn fdinfo_value<'a>(info: &'a [u8], prefix: &str) -> Option<&'a str> {
    let text = std::str::from_utf8(info).ok()?;
    text.lines().find_map(|l| l.strip_prefix(prefix))
}

/// A decimal as strace's `string_to_uint` takes it: digits only, at most `INT_MAX`.
fn parse_uint(s: &str) -> Option<u64> {
    let n: u64 = s.trim().parse().ok()?;
    (n <= i32::MAX as u64).then_some(n)
}

/// The kernel's `sigmask:` line: 16 hex digits, most significant first.
fn parse_sigmask(s: &str) -> Option<u64> {
    let s = s.trim_end();
    if s.len() != 16 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(s, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct World {
        path: Vec<u8>,
        details: Option<String>,
        device: Option<Device>,
        info: Option<Vec<u8>>,
    }

    impl Tracee for World {
        fn read_mem(&mut self, _addr: u64, _buf: &mut [u8]) -> usize {
            0
        }
        fn fd_path(&mut self, _fd: i32) -> Option<FdPath> {
            Some(FdPath {
                path: self.path.clone(),
                deleted: false,
            })
        }
        fn socket_details(&mut self, _fd: i32) -> Option<String> {
            self.details.clone()
        }
        fn fd_device(&mut self, _fd: i32) -> Option<Device> {
            self.device
        }
        fn fd_info(&mut self, _fd: i32) -> Option<Vec<u8>> {
            self.info.clone()
        }
    }

    fn show(w: &mut World, path: bool, want: FdDetails) -> String {
        let mut s = String::from("3");
        append(&mut s, 3, path, want, w);
        s
    }

    #[test]
    fn sockets_show_their_endpoints_or_their_link() {
        let mut w = World {
            path: b"socket:[123]".to_vec(),
            details: Some("TCP:[127.0.0.1:80]".into()),
            ..World::default()
        };
        assert_eq!(show(&mut w, true, FdDetails::ALL), "3<TCP:[127.0.0.1:80]>");
        w.details = None;
        assert_eq!(show(&mut w, false, FdDetails::ALL), "3<socket:[123]>");
        // Without `socket` the link is shown only as a path.
        assert_eq!(show(&mut w, false, FdDetails::default()), "3");
        assert_eq!(show(&mut w, true, FdDetails::default()), "3<socket:[123]>");
    }

    #[test]
    fn devices_pidfds_eventfds_and_signalfds() {
        let mut w = World {
            path: b"/dev/null".to_vec(),
            device: Some(Device {
                block: false,
                major: 1,
                minor: 3,
            }),
            ..World::default()
        };
        assert_eq!(
            show(&mut w, false, FdDetails::ALL),
            "3</dev/null<char 1:3>>"
        );
        w.path = b"anon_inode:[pidfd]".to_vec();
        w.info = Some(b"pos:\t0\nflags:\t02000002\nPid:\t4242\nNSpid:\t4242\n".to_vec());
        assert_eq!(show(&mut w, false, FdDetails::ALL), "3<pid:4242>");
        w.path = b"anon_inode:[eventfd]".to_vec();
        w.info = Some(
            b"eventfd-count:                5\neventfd-id: 1\neventfd-semaphore: 0\n".to_vec(),
        );
        assert_eq!(
            show(&mut w, false, FdDetails::ALL),
            "3<{eventfd-count=0x5, eventfd-id=1, eventfd-semaphore=0}>"
        );
        w.path = b"anon_inode:[signalfd]".to_vec();
        w.info = Some(b"pos:\t0\nsigmask:\t0000000000000202\n".to_vec());
        assert_eq!(
            show(&mut w, false, FdDetails::ALL),
            "3<signalfd:[INT USR1]>"
        );
        // No mask to read: the path, when asked for.
        w.info = None;
        assert_eq!(
            show(&mut w, true, FdDetails::ALL),
            "3<anon_inode:[signalfd]>"
        );
    }

    #[test]
    fn socket_links_parse_as_strace_parses_them() {
        assert_eq!(socket_inode(b"socket:[8123]"), Some(8123));
        assert_eq!(socket_inode(b"socket:[0]"), None);
        assert_eq!(socket_inode(b"socket:[]"), None);
        assert_eq!(socket_inode(b"socket:[12x]"), None);
        assert_eq!(socket_inode(b"/dev/null"), None);
    }
}
