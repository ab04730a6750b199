//! Starting a command under trace without losing its first `execve`: the child waits on
//! a pipe until the parent has seized it and stopped it; its syscalls before the execve
//! entry are hidden (the engine mutes the thread until then).

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use libc::pid_t;

use super::ptrace::{self, WaitStatus};
use crate::error::TracerError;
use crate::sys;

/// Finds the program as execvp would, so a missing or non-executable command is a clear
/// error before anything is forked.
pub fn resolve_command(name: &OsStr) -> Result<PathBuf, TracerError> {
    let display = name.to_string_lossy().into_owned();
    let candidates: Vec<PathBuf> = if name.as_bytes().contains(&b'/') {
        vec![PathBuf::from(name)]
    } else {
        let path = std::env::var_os("PATH")
            .unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .collect()
    };
    let mut not_executable = None;
    for c in candidates {
        match std::fs::metadata(&c) {
            Ok(m) if m.is_file() && m.permissions().mode() & 0o111 != 0 => return Ok(c),
            Ok(_) => not_executable = Some(c),
            Err(_) => {}
        }
    }
    match not_executable {
        Some(p) => Err(TracerError::CannotExecute {
            path: p.display().to_string(),
            source: std::io::Error::from_raw_os_error(libc::EACCES),
        }),
        None => Err(TracerError::CommandNotFound(display)),
    }
}

fn cstring(bytes: &[u8], what: &str) -> Result<CString, TracerError> {
    CString::new(bytes).map_err(|_| TracerError::Usage(format!("{what} contains a NUL byte")))
}

/// Forks and seizes the command; returns its pid, stopped in a PTRACE_EVENT_STOP and
/// released (it will run to its execve once resumed). With `seccomp`, the child installs
/// that filter program before its execve.
pub fn launch(
    command: &[OsString],
    options: libc::c_long,
    no_aslr: bool,
    seccomp: Option<&[libc::sock_filter]>,
) -> Result<pid_t, TracerError> {
    let path = resolve_command(&command[0])?;
    let c_path = cstring(Path::new(&path).as_os_str().as_bytes(), "command")?;
    let argv = command
        .iter()
        .map(|a| cstring(a.clone().into_vec().as_slice(), "argument"))
        .collect::<Result<Vec<_>, _>>()?;
    let prog = seccomp.map(|p| libc::sock_fprog {
        len: p.len() as libc::c_ushort,
        filter: p.as_ptr() as *mut libc::sock_filter,
    });
    let go = sys::pipe().map_err(|e| TracerError::os("pipe", e))?;
    let pid = sys::fork_exec_after_go(&c_path, &argv, go, no_aslr, prog.as_ref())
        .map_err(|e| TracerError::os("fork", e))?;
    sys::close(go.0);
    let seized = ptrace::seize(pid, options).and_then(|_| ptrace::interrupt(pid));
    if let Err(e) = seized {
        let _ = sys::kill(pid, libc::SIGKILL);
        let _ = ptrace::wait_for(pid);
        sys::close(go.1);
        return Err(TracerError::not_permitted(pid, e));
    }
    // The interrupt's stop; the child cannot have exec'd yet, it is waiting for `go`.
    loop {
        match ptrace::wait_for(pid) {
            Ok(Some((_, WaitStatus::Stopped { .. }))) => break,
            Ok(Some((_, _))) | Ok(None) => {
                return Err(TracerError::os(
                    "launch",
                    std::io::Error::other("child vanished before exec"),
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(TracerError::os("waitpid", e)),
        }
    }
    let released = sys::write_byte(go.1);
    sys::close(go.1);
    released.map_err(|e| TracerError::os("launch handshake", e))?;
    Ok(pid)
}
