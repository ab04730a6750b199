//! The thin unsafe layer for process plumbing that is not ptrace: fork/exec for the
//! launch handshake, local time for `-t`, interface and socket names; [`signals`] holds
//! the tracer's own signal handlers and its ticker, [`inherited`] what the tracer
//! inherited and must hand on unchanged to the program it launches.

pub mod inherited;
pub mod signals;
pub mod user;

use std::ffi::CString;
use std::io;

use libc::{pid_t, sock_fprog};

/// A pipe whose ends close on exec.
pub fn pipe() -> io::Result<(i32, i32)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two fds into `fds`.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((fds[0], fds[1]))
}

pub fn close(fd: i32) {
    // SAFETY: closing an fd we own; errors are irrelevant here.
    unsafe { libc::close(fd) };
}

pub fn write_byte(fd: i32) -> io::Result<()> {
    let b = [0u8; 1];
    // SAFETY: writes one byte from a live buffer.
    if unsafe { libc::write(fd, b.as_ptr() as *const libc::c_void, 1) } != 1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// What the launched command is and how it starts: the program, its argv, its
/// environment (`None`: the tracer's), `-u`'s credentials, no ASLR (`--fixed-ts`) and
/// the seccomp filter to install.
pub struct CommandExec<'a> {
    pub path: &'a CString,
    pub argv: &'a [CString],
    pub env: Option<&'a [CString]>,
    pub run_as: Option<&'a user::RunAs>,
    pub no_aslr: bool,
    pub seccomp: Option<&'a sock_fprog>,
}

/// Everything the command's side needs, prepared before the fork: after it, only
/// async-signal-safe calls on this memory.
struct Prepared<'a> {
    exec: &'a CommandExec<'a>,
    argv: Vec<*const libc::c_char>,
    env: Option<Vec<*const libc::c_char>>,
    inherited: inherited::ForChild,
}

impl<'a> Prepared<'a> {
    fn new(exec: &'a CommandExec<'a>) -> Self {
        let terminated = |v: &[CString]| {
            let mut p: Vec<*const libc::c_char> = v.iter().map(|a| a.as_ptr()).collect();
            p.push(std::ptr::null());
            p
        };
        Prepared {
            exec,
            argv: terminated(exec.argv),
            env: exec.env.map(terminated),
            inherited: inherited::ForChild::now(),
        }
    }

    /// The command's side: waits for one byte on `go_fd` (the tracer has seized it by
    /// then), takes back what the tracer inherited, then `-u`'s credentials and the
    /// filter, and execs. Never returns; 127 if the exec fails, as a shell's child.
    ///
    /// # Safety
    /// Only in a process about to become the command (a forked child, or the original
    /// process under `-D`): it makes async-signal-safe calls only, on memory prepared
    /// before the fork.
    unsafe fn become_command(&self, go_fd: (i32, i32)) -> ! {
        let exec = self.exec;
        // SAFETY: read/close/rt_sigaction/rt_sigprocmask/personality/prctl/seccomp/
        // setgroups/setregid/setreuid/write/execv(e)/_exit, all async-signal-safe, on
        // memory that outlives this call (it never returns).
        unsafe {
            libc::close(go_fd.1);
            let mut b = 0u8;
            while libc::read(go_fd.0, &mut b as *mut u8 as *mut libc::c_void, 1) < 0 {}
            libc::close(go_fd.0);
            // The program gets what the tracer inherited, not what the Rust runtime and
            // the tracer's handlers made of it (an ignored signal stays ignored across
            // exec; SIGPIPE is ignored by the runtime; closed stdio was reopened).
            inherited::restore_in_child(&self.inherited);
            if exec.no_aslr {
                libc::personality(libc::ADDR_NO_RANDOMIZE as libc::c_ulong);
            }
            // -u, as strace: groups and gids first, the filter while still privileged
            // (CAP_SYS_ADMIN spares it no_new_privs), the uids last.
            if let Some(r) = exec.run_as {
                if libc::setgroups(r.groups.len(), r.groups.as_ptr()) != 0
                    || libc::setregid(r.gid, r.egid) != 0
                {
                    die_in_child(b"syscall-tracer: cannot take -u's groups\n");
                }
            }
            if let Some(prog) = exec.seccomp {
                let _ = install_seccomp(prog);
            }
            if let Some(r) = exec.run_as {
                if libc::setreuid(r.uid, r.euid) != 0 {
                    die_in_child(b"syscall-tracer: cannot take -u's uid\n");
                }
            }
            match &self.env {
                Some(envp) => libc::execve(exec.path.as_ptr(), self.argv.as_ptr(), envp.as_ptr()),
                None => libc::execv(exec.path.as_ptr(), self.argv.as_ptr()),
            };
            libc::_exit(127);
        }
    }
}

/// Forks a child that becomes the command once one byte arrives on `go_fd` (see
/// [`Prepared::become_command`]): with the signal dispositions, mask and closed
/// standard descriptors the tracer inherited ([`inherited`]), then `-u`'s credentials
/// and the seccomp filter if given. (The filter comes after the go: the tracer has
/// seized it by then, so a RET_TRACE verdict finds a tracer, never ENOSYS. A filter the
/// kernel refuses is skipped: the tracer falls back to syscall stops.) If the exec
/// fails the child exits with 127, as a shell's child would; the failed execve is
/// visible in the trace.
pub fn fork_exec_after_go(exec: &CommandExec<'_>, go_fd: (i32, i32)) -> io::Result<pid_t> {
    let prepared = Prepared::new(exec);
    // SAFETY: fork in a program that is still single-threaded at this point (the tracer
    // never starts threads); the child only makes async-signal-safe calls.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // SAFETY: the forked child, which becomes the command.
        unsafe { prepared.become_command(go_fd) }
    }
    Ok(pid)
}

/// `-D`/`-DD`/`-DDD`: how far the tracer moves away from the command's shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daemonize {
    /// `-D`: a grandchild of the command, in its process group and session.
    Grandchild,
    /// `-DD`: also in a process group of its own.
    ProcessGroup,
    /// `-DDD`: also in a session of its own.
    Session,
}

/// `-D`: the tracer becomes a grandchild and this process, which the shell started,
/// becomes the command (as strace does it): it forks a child that forks the tracer and
/// exits, reaps that child, then waits on `go_fd` and execs like a launched child.
/// Returns, in the tracer only, the command's pid (this process's).
pub fn daemonize_exec_after_go(
    exec: &CommandExec<'_>,
    go_fd: (i32, i32),
    how: Daemonize,
) -> io::Result<pid_t> {
    let prepared = Prepared::new(exec);
    let command = std::process::id() as pid_t;
    // SAFETY: prctl takes plain integers. Under Yama's ptrace_scope 1 a process may
    // trace only its descendants, unless the tracee allows it: the tracer will not be
    // this process's parent.
    unsafe { libc::prctl(libc::PR_SET_PTRACER, libc::PR_SET_PTRACER_ANY, 0, 0, 0) };
    // SAFETY: fork in a single-threaded program; the child only forks again and exits,
    // or carries on as the (single-threaded) tracer.
    let middle = unsafe { libc::fork() };
    if middle < 0 {
        return Err(io::Error::last_os_error());
    }
    if middle == 0 {
        // SAFETY: fork again, and exit at once in the middle process.
        let tracer = unsafe { libc::fork() };
        if tracer != 0 {
            // SAFETY: _exit takes a plain integer.
            unsafe { libc::_exit(i32::from(tracer < 0)) };
        }
        // SAFETY: setpgid/setsid on ourselves, plain integers.
        unsafe {
            match how {
                Daemonize::Grandchild => {}
                Daemonize::ProcessGroup => {
                    libc::setpgid(0, 0);
                }
                Daemonize::Session => {
                    libc::setsid();
                }
            }
        }
        return Ok(command);
    }
    // The command's side: reap the middle process (so the program never sees it), then
    // become the command once the tracer has seized us.
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes one int to `status`.
        let r = unsafe { libc::waitpid(middle, &mut status, 0) };
        if r >= 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            break;
        }
    }
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) != 0 {
        return Err(io::Error::other("could not fork the tracer"));
    }
    // SAFETY: this process becomes the command.
    unsafe { prepared.become_command(go_fd) }
}

/// Ends the forked child before its execve with a message on its stderr.
///
/// # Safety
/// Only in the forked child: it writes and exits, nothing else.
unsafe fn die_in_child(message: &[u8]) -> ! {
    // SAFETY: write from a live buffer, then _exit; both async-signal-safe.
    unsafe {
        libc::write(2, message.as_ptr() as *const libc::c_void, message.len());
        libc::_exit(126)
    }
}

/// Installs `prog` on the calling thread. Runs in the forked child between fork and
/// execve, so it makes raw syscalls only.
///
/// With SECCOMP_FILTER_FLAG_SPEC_ALLOW: where the kernel applies its speculation
/// mitigations in "seccomp" mode (spectre_v2_user, spec_store_bypass), a filter would
/// otherwise switch them on for the program, which it would not have untraced and which
/// slows all of its code. (The project's machines don't, and there the filter costs the
/// same either way: the kernel's slower syscall entry, about 40 ns a call.) Kernels
/// before 4.17 don't know the flag; they get the filter without it.
///
/// Without CAP_SYS_ADMIN the kernel accepts a filter only under no_new_privs; that bit
/// is set only then, so a privileged tracer's tracee keeps its set-uid programs working.
///
/// # Safety
/// `prog` must describe a live array of instructions.
pub unsafe fn install_seccomp(prog: &sock_fprog) -> io::Result<()> {
    const SECCOMP_SET_MODE_FILTER: libc::c_long = 1;
    const SECCOMP_FILTER_FLAG_SPEC_ALLOW: libc::c_long = 1 << 2;
    let set = |flags: libc::c_long| {
        // SAFETY: seccomp(2) reads `prog` and its instructions, which the caller keeps
        // alive; `flags` is a plain integer.
        unsafe {
            libc::syscall(
                libc::SYS_seccomp,
                SECCOMP_SET_MODE_FILTER,
                flags,
                prog as *const sock_fprog,
            )
        }
    };
    let attempt = || set(SECCOMP_FILTER_FLAG_SPEC_ALLOW) == 0 || set(0) == 0;
    if attempt() {
        return Ok(());
    }
    // SAFETY: prctl takes plain integers.
    unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) };
    if attempt() {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

pub fn kill(pid: pid_t, sig: i32) -> io::Result<()> {
    // SAFETY: kill takes plain integers.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Local wall-clock time of day for `-t`/`-tt`: (hours, minutes, seconds).
pub fn local_hms(epoch_secs: i64) -> (u32, u32, u32) {
    let t: libc::time_t = epoch_secs;
    // SAFETY: tm is plain data; localtime_r fills it from `t` and is thread-safe.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers refer to live locals.
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if !ok {
        let s = epoch_secs.rem_euclid(86400);
        return ((s / 3600) as u32, (s / 60 % 60) as u32, (s % 60) as u32);
    }
    (tm.tm_hour as u32, tm.tm_min as u32, tm.tm_sec as u32)
}

/// The offset from UTC, in seconds east, of local time at `epoch_secs` (daylight saving
/// time included), as localtime_r(3) finds it; None when that time does not convert.
pub fn utc_offset(epoch_secs: i64) -> Option<i64> {
    let t: libc::time_t = epoch_secs;
    // SAFETY: tm is plain data; localtime_r fills it from `t` and is thread-safe.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers refer to live locals.
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    ok.then_some(tm.tm_gmtoff)
}

/// For `--fixed-ts`: re-executes the tracer with address-space randomization off (as
/// `setarch -R` does), so the addresses of what it hands the command (argv, envp) and
/// everything the command maps repeat from run to run. Returns only if already so, or if
/// the re-exec failed (then output is as deterministic as it can be without it).
pub fn reexec_without_aslr() {
    // SAFETY: personality(0xffffffff) only queries the current persona.
    let current = unsafe { libc::personality(0xffff_ffff) };
    if current < 0 || current & libc::ADDR_NO_RANDOMIZE != 0 {
        return;
    }
    let args: Vec<CString> = std::env::args_os()
        .filter_map(|a| CString::new(std::os::unix::ffi::OsStrExt::as_bytes(a.as_os_str())).ok())
        .collect();
    let mut ptrs: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    let exe = c"/proc/self/exe";
    // The new image must capture what this one inherited, not the runtime's changes.
    inherited::restore_for_reexec();
    // SAFETY: sets a flag on our own persona; `exe` and `ptrs` are NUL-terminated and live
    // across the call; execv returns only on failure.
    unsafe {
        libc::personality((current | libc::ADDR_NO_RANDOMIZE) as libc::c_ulong);
        libc::execv(exe.as_ptr(), ptrs.as_ptr());
        libc::personality(current as libc::c_ulong);
    }
    inherited::undo_restore_for_reexec();
}

/// The name of network interface `index` in the tracer's network namespace, as
/// if_indextoname(3) gives it; None for 0 or an index this host does not have.
pub fn interface_name(index: u32) -> Option<String> {
    if index == 0 {
        return None;
    }
    let mut buf = [0u8; libc::IF_NAMESIZE];
    // SAFETY: buf has IF_NAMESIZE bytes, the size if_indextoname writes at most
    // (a NUL-terminated name); the returned pointer is into buf or NULL.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr() as *mut libc::c_char) };
    if p.is_null() {
        return None;
    }
    let end = buf.iter().position(|&c| c == 0)?;
    Some(String::from_utf8_lossy(&buf[..end]).into_owned())
}

/// The protocol name a socket's inode reports (`NETLINK`, `TCP`, `UNIX`...), read from
/// the `system.sockprotoname` attribute of a `/proc/PID/fd/N` link. None when `path` is
/// not a socket.
pub fn socket_protocol_name(path: &str) -> Option<String> {
    let path = CString::new(path).ok()?;
    let name = c"system.sockprotoname";
    let mut buf = [0u8; 64];
    // SAFETY: both names are NUL-terminated C strings that outlive the call; buf is
    // writable for the length passed, which getxattr does not exceed.
    let n = unsafe {
        libc::getxattr(
            path.as_ptr(),
            name.as_ptr(),
            buf.as_mut_ptr() as *mut libc::c_void,
            buf.len(),
        )
    };
    if n <= 0 {
        return None;
    }
    let end = buf[..n as usize]
        .iter()
        .position(|&c| c == 0)
        .unwrap_or(n as usize);
    Some(String::from_utf8_lossy(&buf[..end]).into_owned())
}

/// Sends `request` on a fresh netlink socket of `protocol` and returns every reply
/// datagram, until one holds NLMSG_DONE or NLMSG_ERROR (at most 64 of them). The
/// tracer's own question to the kernel, never a tracee's socket.
pub fn netlink_ask(protocol: i32, request: &[u8]) -> io::Result<Vec<Vec<u8>>> {
    // SAFETY: socket(2) takes no pointers.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            protocol,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    let result = (|| {
        // A kernel that never answers must not hang the tracer (and its stopped tracees).
        let timeout = libc::timeval {
            tv_sec: 1,
            tv_usec: 0,
        };
        // SAFETY: timeout is a live timeval for the call; its size is passed with it.
        let r = unsafe {
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_RCVTIMEO,
                &timeout as *const libc::timeval as *const libc::c_void,
                std::mem::size_of::<libc::timeval>() as libc::socklen_t,
            )
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: request is a live slice for the call's length; no address is passed.
        let sent = unsafe {
            libc::send(
                fd,
                request.as_ptr() as *const libc::c_void,
                request.len(),
                0,
            )
        };
        if sent != request.len() as isize {
            return Err(io::Error::last_os_error());
        }
        let mut replies = Vec::new();
        for _ in 0..64 {
            let mut buf = vec![0u8; 32768];
            let n = loop {
                // SAFETY: buf is writable for its whole length, which is what is passed.
                let n =
                    unsafe { libc::recv(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), 0) };
                // The tracer's ticker (SIGALRM, no SA_RESTART) may cut the wait short.
                if n < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                break n;
            };
            if n <= 0 {
                break;
            }
            buf.truncate(n as usize);
            let done = netlink_reply_ends(&buf);
            replies.push(buf);
            if done {
                break;
            }
        }
        Ok(replies)
    })();
    // SAFETY: fd is the socket opened above, closed once.
    unsafe { libc::close(fd) };
    result
}

/// Whether a reply datagram holds NLMSG_DONE or NLMSG_ERROR (the end of a dump).
fn netlink_reply_ends(b: &[u8]) -> bool {
    let mut pos = 0;
    while pos + 16 <= b.len() {
        let len = u32::from_le_bytes(b[pos..pos + 4].try_into().unwrap()) as usize;
        let ty = u16::from_le_bytes([b[pos + 4], b[pos + 5]]);
        if ty == libc::NLMSG_DONE as u16 || ty == libc::NLMSG_ERROR as u16 {
            return true;
        }
        if len < 16 {
            break;
        }
        pos += (len + 3) & !3;
    }
    false
}
