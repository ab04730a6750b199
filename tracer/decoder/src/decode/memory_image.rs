//! A tracee memory made of byte regions, for tests, fuzzing and the data-edit proof:
//! reads inside a region succeed, reads running off its end are short, anything else
//! faults. It also records every read so tests can check what a decoder touched.

use super::FdPath;

/// Byte regions standing in for a tracee's address space.
#[derive(Debug, Default, Clone)]
pub struct MemoryImage {
    regions: Vec<(u64, Vec<u8>)>,
    /// Every read as (address, length asked), in order.
    pub reads: Vec<(u64, usize)>,
    /// Descriptors that are netlink sockets, with their protocol.
    netlink: Vec<(i32, u32)>,
    /// Generic netlink families by id.
    families: Vec<(u16, String)>,
    /// What descriptors refer to, for `-y` (`AT_FDCWD` for the working directory).
    fd_paths: Vec<(i32, FdPath)>,
    /// Network interfaces by index.
    interfaces: Vec<(u32, String)>,
    /// Local time's offset from UTC in seconds (UTC unless set).
    utc_offset: i64,
}

impl MemoryImage {
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps `bytes` at `addr`; a later mapping shadows an earlier one it overlaps, so a
    /// test can change memory between entry and exit as the kernel would.
    pub fn map(&mut self, addr: u64, bytes: impl AsRef<[u8]>) -> &mut Self {
        self.regions.push((addr, bytes.as_ref().to_vec()));
        self
    }

    /// Makes `fd` a netlink socket of `protocol` (NETLINK_ROUTE is 0).
    pub fn netlink_socket(&mut self, fd: i32, protocol: u32) -> &mut Self {
        self.netlink.push((fd, protocol));
        self
    }

    /// Registers generic netlink family `name` as `id`.
    pub fn generic_family(&mut self, id: u16, name: &str) -> &mut Self {
        self.families.push((id, name.to_string()));
        self
    }

    /// Makes `fd` (or `AT_FDCWD`, -100, for the working directory) refer to `path`,
    /// unlinked if `deleted`.
    pub fn fd_path(&mut self, fd: i32, path: impl AsRef<[u8]>, deleted: bool) -> &mut Self {
        let path = path.as_ref().to_vec();
        self.fd_paths.push((fd, FdPath { path, deleted }));
        self
    }

    /// Names network interface `index` (`1, "lo"`).
    pub fn interface(&mut self, index: u32, name: &str) -> &mut Self {
        self.interfaces.push((index, name.to_string()));
        self
    }

    /// Sets local time's offset from UTC, in seconds east.
    pub fn utc_offset(&mut self, seconds: i64) -> &mut Self {
        self.utc_offset = seconds;
        self
    }

    /// Maps a NUL-terminated copy of `s` at `addr`.
    pub fn map_str(&mut self, addr: u64, s: &str) -> &mut Self {
        let mut b = s.as_bytes().to_vec();
        b.push(0);
        self.map(addr, b)
    }
}

impl super::Tracee for MemoryImage {
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        self.reads.push((addr, buf.len()));
        for (start, bytes) in self.regions.iter().rev() {
            let end = start + bytes.len() as u64;
            if addr >= *start && addr < end {
                let off = (addr - start) as usize;
                let n = buf.len().min(bytes.len() - off);
                buf[..n].copy_from_slice(&bytes[off..off + n]);
                return n;
            }
        }
        0
    }

    fn fd_path(&mut self, fd: i32) -> Option<FdPath> {
        self.fd_paths
            .iter()
            .find(|(f, _)| *f == fd)
            .map(|(_, p)| p.clone())
    }

    fn netlink_protocol(&mut self, fd: i32) -> Option<u32> {
        self.netlink.iter().find(|(f, _)| *f == fd).map(|(_, p)| *p)
    }

    fn generic_family(&mut self, id: u16) -> Option<String> {
        self.families
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
    }

    fn interface_name(&mut self, index: u32) -> Option<String> {
        self.interfaces
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, n)| n.clone())
    }

    fn utc_offset(&mut self, _epoch_sec: i64) -> Option<i64> {
        Some(self.utc_offset)
    }
}
