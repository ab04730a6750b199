//! `-P PATH` and `-e trace-fds=SET`: the calls that touch a selected path, by name or by
//! descriptor, or a selected descriptor number. Decided at the call's entry, as strace
//! decides it: a path argument matches when its bytes equal a selected path exactly; a
//! descriptor argument when `/proc/PID/fd/N` names a selected path (so `openat` of the
//! path, then every call on the descriptor it returned, until `close`) or when its
//! number is in the trace-fds set. Only calls of the file, desc and network classes are
//! considered, and only the arguments strace looks at: [`SPECIAL`] lists the calls whose
//! path or descriptor is not their first argument (or that have none); the others have
//! their first argument looked at, a path for the file class, else a descriptor.

use std::collections::HashSet;

use crate::decode::{class_syscalls, syscall_number, Tracee};

use super::NumberSet;

/// strace reads a path argument of at most PATH_MAX bytes and its NUL.
const PATH_MAX: usize = 4096;

/// Which arguments of a call may name a selected path or descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Argument N is a descriptor.
    Fd(u8),
    /// Argument N points to a path.
    Path(u8),
    /// select/pselect6: argument 0 counts the descriptors of the sets at 1, 2 and 3.
    FdSets,
    /// poll/ppoll: argument 0 points to argument 1 `struct pollfd`s.
    PollFds,
    /// fsconfig: a path (argument 3) and/or a descriptor (4), by command (argument 1).
    Fsconfig,
}

use Role::{Fd, FdSets, Fsconfig, Path, PollFds};

/// strace's pathtrace.c special cases, by x86-64 syscall name; an empty list: the call
/// makes a descriptor but takes none (socket, pipe, ...), so it never matches.
const SPECIAL: &[(&str, &[Role])] = &[
    ("dup2", &[Fd(0), Fd(1)]),
    ("dup3", &[Fd(0), Fd(1)]),
    ("kexec_file_load", &[Fd(0), Fd(1)]),
    ("sendfile", &[Fd(0), Fd(1)]),
    ("tee", &[Fd(0), Fd(1)]),
    ("execveat", &[Fd(0), Path(1)]),
    ("faccessat", &[Fd(0), Path(1)]),
    ("faccessat2", &[Fd(0), Path(1)]),
    ("fchmodat", &[Fd(0), Path(1)]),
    ("fchmodat2", &[Fd(0), Path(1)]),
    ("fchownat", &[Fd(0), Path(1)]),
    ("fspick", &[Fd(0), Path(1)]),
    ("futimesat", &[Fd(0), Path(1)]),
    ("getxattrat", &[Fd(0), Path(1)]),
    ("inotify_add_watch", &[Fd(0), Path(1)]),
    ("mkdirat", &[Fd(0), Path(1)]),
    ("mknodat", &[Fd(0), Path(1)]),
    ("mount_setattr", &[Fd(0), Path(1)]),
    ("name_to_handle_at", &[Fd(0), Path(1)]),
    ("newfstatat", &[Fd(0), Path(1)]),
    ("open_tree", &[Fd(0), Path(1)]),
    ("openat", &[Fd(0), Path(1)]),
    ("openat2", &[Fd(0), Path(1)]),
    ("readlinkat", &[Fd(0), Path(1)]),
    ("setxattrat", &[Fd(0), Path(1)]),
    ("statx", &[Fd(0), Path(1)]),
    ("unlinkat", &[Fd(0), Path(1)]),
    ("utimensat", &[Fd(0), Path(1)]),
    ("link", &[Path(0), Path(1)]),
    ("mount", &[Path(0), Path(1)]),
    ("pivot_root", &[Path(0), Path(1)]),
    ("quotactl", &[Path(1)]),
    ("symlink", &[Path(1)]),
    ("linkat", &[Fd(0), Fd(2), Path(1), Path(3)]),
    ("move_mount", &[Fd(0), Fd(2), Path(1), Path(3)]),
    ("renameat", &[Fd(0), Fd(2), Path(1), Path(3)]),
    ("renameat2", &[Fd(0), Fd(2), Path(1), Path(3)]),
    ("mmap", &[Fd(4)]),
    ("symlinkat", &[Fd(1), Path(2)]),
    ("copy_file_range", &[Fd(0), Fd(2)]),
    ("splice", &[Fd(0), Fd(2)]),
    ("epoll_ctl", &[Fd(2)]),
    // x86-64 passes the 64-bit mask in one register: the descriptor is argument 3.
    ("fanotify_mark", &[Fd(3), Path(4)]),
    ("select", &[FdSets]),
    ("pselect6", &[FdSets]),
    ("poll", &[PollFds]),
    ("ppoll", &[PollFds]),
    ("fsconfig", &[Fsconfig]),
    ("bpf", &[]),
    ("epoll_create", &[]),
    ("epoll_create1", &[]),
    ("eventfd", &[]),
    ("eventfd2", &[]),
    ("fanotify_init", &[]),
    ("fsopen", &[]),
    ("inotify_init", &[]),
    ("inotify_init1", &[]),
    ("io_uring_setup", &[]),
    ("landlock_create_ruleset", &[]),
    ("memfd_create", &[]),
    ("memfd_secret", &[]),
    ("mq_open", &[]),
    ("perf_event_open", &[]),
    ("pidfd_open", &[]),
    ("pipe", &[]),
    ("pipe2", &[]),
    ("socket", &[]),
    ("socketpair", &[]),
    ("timerfd_create", &[]),
    ("userfaultfd", &[]),
];

/// The selected paths and descriptors, with each call's roles looked up once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSelect {
    /// `-P` paths as given, and what they resolve into where that differs.
    paths: Vec<Vec<u8>>,
    /// `-e trace-fds=`: descriptor numbers.
    fds: NumberSet,
    /// By syscall number: the arguments looked at (none: the call never matches).
    roles: Vec<&'static [Role]>,
}

impl PathSelect {
    /// `paths`: every form to match (see [`resolve`]); `fds`: the trace-fds set.
    pub fn new(paths: Vec<Vec<u8>>, fds: NumberSet) -> Self {
        let members = |class| -> HashSet<u64> {
            class_syscalls(class)
                .unwrap_or(&[])
                .iter()
                .map(|&nr| u64::from(nr))
                .collect()
        };
        let file = members("file");
        let mut classed = members("desc");
        classed.extend(members("network"));
        classed.extend(&file);
        let size = crate::decode::all_syscalls()
            .map(|(nr, _)| nr as usize + 1)
            .max()
            .unwrap_or(0);
        let mut roles: Vec<&'static [Role]> = (0..size as u64)
            .map(|nr| match (classed.contains(&nr), file.contains(&nr)) {
                (false, _) => &[][..],
                (true, true) => &[Path(0)][..],
                (true, false) => &[Fd(0)][..],
            })
            .collect();
        for &(name, special) in SPECIAL {
            if let Some(nr) = syscall_number(name) {
                if classed.contains(&nr) {
                    roles[nr as usize] = special;
                }
            }
        }
        let mut paths = paths;
        paths.retain(|p| p.len() <= PATH_MAX);
        paths.dedup();
        PathSelect { paths, fds, roles }
    }

    /// Whether the call `nr(args)` touches a selected path or descriptor; `world` is the
    /// calling thread, stopped at the entry.
    pub fn matches(&self, nr: u64, args: &[u64; 6], world: &mut dyn Tracee) -> bool {
        let Some(roles) = self.roles.get(nr as usize) else {
            return false;
        };
        roles.iter().any(|role| match *role {
            Fd(i) => self.fd_matches(args[usize::from(i)] as i32, world),
            Path(i) => self.path_matches(args[usize::from(i)], world),
            FdSets => self.fd_sets_match(args, world),
            PollFds => self.poll_fds_match(args[0], args[1] as u32, world),
            Fsconfig => match args[1] as u32 {
                // FSCONFIG_SET_PATH, FSCONFIG_SET_PATH_EMPTY
                3 | 4 => {
                    self.fd_matches(args[4] as i32, world) || self.path_matches(args[3], world)
                }
                // FSCONFIG_SET_FD
                5 => self.fd_matches(args[4] as i32, world),
                _ => false,
            },
        })
    }

    fn fd_matches(&self, fd: i32, world: &mut dyn Tracee) -> bool {
        if fd < 0 {
            return false;
        }
        if self.fds.contains(fd as u32) {
            return true;
        }
        if self.paths.is_empty() {
            return false;
        }
        world
            .fd_path(fd)
            .is_some_and(|p| self.paths.contains(&p.path))
    }

    fn path_matches(&self, addr: u64, world: &mut dyn Tracee) -> bool {
        let Some(longest) = self.paths.iter().map(Vec::len).max() else {
            return false;
        };
        // A match is a selected path and its NUL: no more needs reading.
        let mut buf = vec![0u8; longest + 1];
        let n = world.read_mem(addr, &mut buf).min(buf.len());
        let got = &buf[..n];
        self.paths
            .iter()
            .any(|p| got.len() > p.len() && got[..p.len()] == p[..] && got[p.len()] == 0)
    }

    /// select(nfds, readfds, writefds, exceptfds, ...): each set's descriptors below nfds.
    fn fd_sets_match(&self, args: &[u64; 6], world: &mut dyn Tracee) -> bool {
        let nfds = args[0] as i32;
        if nfds <= 0 {
            return false;
        }
        let nfds = nfds.min(1024 * 1024) as usize;
        let size = (nfds.div_ceil(8) + 7) & !7;
        let mut bits = vec![0u8; size];
        for &addr in &args[1..=3] {
            if addr == 0 || world.read_mem(addr, &mut bits) < size {
                continue;
            }
            let mut set = (0..nfds).filter(|&fd| bits[fd / 8] & (1 << (fd % 8)) != 0);
            if set.any(|fd| self.fd_matches(fd as i32, world)) {
                return true;
            }
        }
        false
    }

    /// poll(fds, nfds, ...): each `struct pollfd` (int fd; short events, revents).
    fn poll_fds_match(&self, start: u64, nfds: u32, world: &mut dyn Tracee) -> bool {
        let nfds = u64::from(nfds.min(1024 * 1024));
        if nfds == 0 || start.checked_add(8 * nfds).is_none() {
            return false;
        }
        for i in 0..nfds {
            let mut pollfd = [0u8; 8];
            if world.read_mem(start + 8 * i, &mut pollfd) < pollfd.len() {
                break;
            }
            let fd = i32::from_ne_bytes([pollfd[0], pollfd[1], pollfd[2], pollfd[3]]);
            if self.fd_matches(fd, world) {
                return true;
            }
        }
        false
    }

    /// The calls that may match: a seccomp filter need stop on no other.
    pub fn candidates(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.roles.len() as u64).filter(|&nr| !self.roles[nr as usize].is_empty())
    }
}

/// What `-P PATH` matches: the path as given and, when it resolves (symlinks, `..`, a
/// relative path) into another, that one too, with strace's notice of it. A path that
/// does not exist is matched as given.
pub fn resolve(path: &std::path::Path) -> (Vec<Vec<u8>>, Option<String>) {
    use std::os::unix::ffi::OsStrExt;
    let given = path.as_os_str().as_bytes().to_vec();
    match std::fs::canonicalize(path) {
        Ok(real) if real.as_os_str().as_bytes() != given.as_slice() => {
            let real = real.as_os_str().as_bytes().to_vec();
            let mut note = String::from("Requested path ");
            crate::decode::fmt::quoted(&mut note, &given);
            note.push_str(" resolved into ");
            crate::decode::fmt::quoted(&mut note, &real);
            (vec![given, real], Some(note))
        }
        _ => (vec![given], None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::FdPath;

    /// A thread whose memory holds strings at known addresses and whose descriptor 3 is
    /// /etc/hosts.
    struct World(Vec<(u64, Vec<u8>)>);

    impl Tracee for World {
        fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
            for (at, bytes) in &self.0 {
                if addr >= *at && addr < at + bytes.len() as u64 {
                    let from = &bytes[(addr - at) as usize..];
                    let n = from.len().min(buf.len());
                    buf[..n].copy_from_slice(&from[..n]);
                    return n;
                }
            }
            0
        }
        fn fd_path(&mut self, fd: i32) -> Option<FdPath> {
            (fd == 3).then(|| FdPath {
                path: b"/etc/hosts".to_vec(),
                deleted: false,
            })
        }
    }

    fn nr(name: &str) -> u64 {
        syscall_number(name).unwrap()
    }

    #[test]
    fn paths_and_descriptors_as_strace_matches_them() {
        let sel = PathSelect::new(vec![b"/etc/hosts".to_vec()], NumberSet::none());
        let mut w = World(vec![
            (0x1000, b"/etc/hosts\0".to_vec()),
            (0x2000, b"/etc/hosts.d\0".to_vec()),
            (0x3000, b"/etc/host".to_vec()),
        ]);
        let at_fdcwd = -100i64 as u64;
        assert!(sel.matches(nr("openat"), &[at_fdcwd, 0x1000, 0, 0, 0, 0], &mut w));
        assert!(!sel.matches(nr("openat"), &[at_fdcwd, 0x2000, 0, 0, 0, 0], &mut w));
        assert!(!sel.matches(nr("openat"), &[at_fdcwd, 0x3000, 0, 0, 0, 0], &mut w));
        assert!(sel.matches(nr("read"), &[3, 0, 0, 0, 0, 0], &mut w));
        assert!(!sel.matches(nr("read"), &[4, 0, 0, 0, 0, 0], &mut w));
        assert!(sel.matches(nr("mmap"), &[0, 0, 0, 0, 3, 0], &mut w));
        // epoll_ctl looks at the watched descriptor only; exit_group at nothing.
        assert!(!sel.matches(nr("epoll_ctl"), &[3, 1, 4, 0, 0, 0], &mut w));
        assert!(!sel.matches(nr("exit_group"), &[3, 0, 0, 0, 0, 0], &mut w));
        // symlink's target is not looked at.
        assert!(!sel.matches(nr("symlink"), &[0x1000, 0x2000, 0, 0, 0, 0], &mut w));
        let fds = PathSelect::new(Vec::new(), NumberSet::of([1]));
        assert!(fds.matches(nr("write"), &[1, 0, 0, 0, 0, 0], &mut w));
        assert!(!fds.matches(nr("write"), &[2, 0, 0, 0, 0, 0], &mut w));
        assert!(!fds.matches(nr("openat"), &[at_fdcwd, 0x1000, 0, 0, 0, 0], &mut w));
    }

    #[test]
    fn select_and_poll_sets() {
        let sel = PathSelect::new(Vec::new(), NumberSet::of([5]));
        let mut fdset = vec![0u8; 8];
        fdset[0] = 1 << 5;
        let pollfds: Vec<u8> = [7i32, 0, 5, 0]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect();
        let mut w = World(vec![(0x1000, fdset), (0x2000, pollfds)]);
        assert!(sel.matches(nr("select"), &[6, 0, 0x1000, 0, 0, 0], &mut w));
        assert!(!sel.matches(nr("select"), &[5, 0x1000, 0, 0, 0, 0], &mut w));
        assert!(sel.matches(nr("poll"), &[0x2000, 2, 0, 0, 0, 0], &mut w));
        assert!(!sel.matches(nr("poll"), &[0x2000, 1, 0, 0, 0, 0], &mut w));
    }
}
