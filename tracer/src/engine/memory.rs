//! Reading (and, for `--seed`, writing) a tracee's memory: `process_vm_readv` with one
//! bounded read per request, PTRACE_PEEKDATA when the kernel refuses the fast path.

use std::ffi::OsStr;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::MetadataExt;

use libc::{c_void, iovec, pid_t};

use super::ptrace;
use crate::decode::{Device, FdPath, PidInfo, Tracee};

/// A stopped thread's address space, as the decoder sees it.
pub struct ThreadMemory {
    pub pid: pid_t,
    pub tid: pid_t,
    /// Set once process_vm_readv fails for a reason other than a fault (e.g. EPERM
    /// under some LSMs), so later reads go straight to the fallback.
    pub peek_only: bool,
}

impl ThreadMemory {
    pub fn new(pid: pid_t, tid: pid_t) -> Self {
        ThreadMemory {
            pid,
            tid,
            peek_only: false,
        }
    }

    fn read_vm(&self, addr: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let local = iovec {
            iov_base: buf.as_mut_ptr() as *mut c_void,
            iov_len: buf.len(),
        };
        let remote = iovec {
            iov_base: addr as *mut c_void,
            iov_len: buf.len(),
        };
        // SAFETY: `local` describes `buf`, which we own mutably for the call; `remote` is an
        // address in the tracee, which the kernel checks (a bad one gives EFAULT, not UB).
        let n = unsafe { libc::process_vm_readv(self.tid, &local, 1, &remote, 1, 0) };
        if n < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn read_peek(&self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let at = addr.wrapping_add(done as u64);
            let aligned = at & !7;
            let skip = (at - aligned) as usize;
            let Ok(word) = ptrace::peek(self.tid, aligned) else {
                break;
            };
            let bytes = word.to_ne_bytes();
            let n = (8 - skip).min(buf.len() - done);
            buf[done..done + n].copy_from_slice(&bytes[skip..skip + n]);
            done += n;
        }
        done
    }

    /// Overwrites tracee memory; used only to feed `getrandom` a seeded stream.
    pub fn write(&self, addr: u64, data: &[u8]) -> bool {
        let local = iovec {
            iov_base: data.as_ptr() as *mut c_void,
            iov_len: data.len(),
        };
        let remote = iovec {
            iov_base: addr as *mut c_void,
            iov_len: data.len(),
        };
        // SAFETY: `local` describes `data`, which the kernel only reads; `remote` is checked
        // by the kernel against the tracee's mappings.
        let n = unsafe { libc::process_vm_writev(self.tid, &local, 1, &remote, 1, 0) };
        n == data.len() as isize
    }
}

impl Tracee for ThreadMemory {
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        if buf.is_empty() {
            return 0;
        }
        if !self.peek_only {
            match self.read_vm(addr, buf) {
                Ok(n) => return n,
                Err(e) if e.raw_os_error() == Some(libc::EFAULT) => return 0,
                Err(e) if e.raw_os_error() == Some(libc::ESRCH) => return 0,
                Err(_) => self.peek_only = true,
            }
        }
        self.read_peek(addr, buf)
    }

    fn stack_pointer(&mut self) -> Option<u64> {
        ptrace::stack_pointer(self.tid).ok()
    }

    /// The link read as bytes, never through UTF-8: a name may be any bytes but NUL and
    /// `/`. Read for the thread (`/proc/TID`), whose descriptor table or working
    /// directory may be its own.
    fn fd_path(&mut self, fd: i32) -> Option<FdPath> {
        if fd == libc::AT_FDCWD {
            // strace shows the working directory exactly as the link reads, mark included.
            let cwd = std::fs::read_link(format!("/proc/{}/cwd", self.tid)).ok()?;
            return Some(FdPath {
                path: cwd.into_os_string().into_vec(),
                deleted: false,
            });
        }
        if fd < 0 {
            return None;
        }
        let link = format!("/proc/{}/fd/{}", self.tid, fd);
        let mut path = std::fs::read_link(&link).ok()?.into_os_string().into_vec();
        let deleted = unlinked(&link, &path);
        if deleted {
            path.truncate(path.len() - DELETED_MARK.len());
        }
        Some(FdPath { path, deleted })
    }

    fn netlink_protocol(&mut self, fd: i32) -> Option<u32> {
        super::sockets::netlink_protocol(self.pid, fd)
    }

    fn generic_family(&mut self, id: u16) -> Option<String> {
        super::sockets::generic_family(id)
    }

    fn interface_name(&mut self, index: u32) -> Option<String> {
        crate::sys::interface_name(index)
    }

    fn utc_offset(&mut self, epoch_sec: i64) -> Option<i64> {
        crate::sys::utc_offset(epoch_sec)
    }

    fn pid_info(&mut self, pid: i32) -> Option<PidInfo> {
        super::pid_info::pid_info(self.tid, pid)
    }

    fn cpu_time_ns(&mut self) -> Option<u64> {
        super::cpu_time::of_thread(self.tid)
    }

    fn socket_details(&mut self, fd: i32) -> Option<String> {
        super::sock_diag::socket_details(self.tid, fd)
    }

    /// As strace does it: `stat` of the path the descriptor's link names, in the
    /// tracer's view of the file system.
    fn fd_device(&mut self, fd: i32) -> Option<Device> {
        use std::os::unix::fs::FileTypeExt;
        let path = self.fd_path(fd)?.path;
        if path.first() != Some(&b'/') {
            return None;
        }
        let meta = std::fs::metadata(OsStr::from_bytes(&path)).ok()?;
        let kind = meta.file_type();
        if !kind.is_block_device() && !kind.is_char_device() {
            return None;
        }
        let rdev = meta.rdev();
        Some(Device {
            block: kind.is_block_device(),
            major: libc::major(rdev),
            minor: libc::minor(rdev),
        })
    }

    fn fd_info(&mut self, fd: i32) -> Option<Vec<u8>> {
        if fd < 0 {
            return None;
        }
        std::fs::read(format!("/proc/{}/fdinfo/{}", self.tid, fd)).ok()
    }
}

/// What the kernel appends to the link of a descriptor whose file was unlinked.
const DELETED_MARK: &[u8] = b" (deleted)";

/// Whether `target`, read from the descriptor link `link`, names an unlinked file, decided
/// as strace decides it: the name ends in the mark after at least two other bytes, and no
/// file by that whole name (mark included) is the descriptor's own file. A file really
/// named `x (deleted)` is still there and keeps its name.
fn unlinked(link: &str, target: &[u8]) -> bool {
    if target.len() < DELETED_MARK.len() + 2 || !target.ends_with(DELETED_MARK) {
        return false;
    }
    let Ok(open) = std::fs::metadata(link) else {
        return false;
    };
    match std::fs::symlink_metadata(OsStr::from_bytes(target)) {
        Ok(named) => (named.dev(), named.ino()) != (open.dev(), open.ino()),
        Err(_) => true,
    }
}
