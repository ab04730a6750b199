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

pub use crate::cli::Startup;

/// The credentials `-u` asks for, with the effective ids a set-user-ID or
/// set-group-ID program would get (as strace sets them).
fn run_as(user: &str, program: &Path) -> Result<sys::user::RunAs, TracerError> {
    use std::os::unix::fs::MetadataExt;
    let mut r = sys::user::resolve(user).map_err(|e| TracerError::Usage(e.to_string()))?;
    if let Ok(m) = std::fs::metadata(program) {
        if m.mode() & libc::S_ISUID != 0 {
            r.euid = m.uid();
        }
        if m.mode() & libc::S_ISGID != 0 {
            r.egid = m.gid();
        }
    }
    Ok(r)
}

/// The environment `-E` makes, or `None` to pass the tracer's own unchanged.
fn environment(changes: &[OsString]) -> Result<Option<Vec<CString>>, TracerError> {
    if changes.is_empty() {
        return Ok(None);
    }
    let own: Vec<Vec<u8>> = std::env::vars_os()
        .map(|(k, v)| {
            let mut e = k.into_vec();
            e.push(b'=');
            e.extend(v.into_vec());
            e
        })
        .collect();
    let changes: Vec<Vec<u8>> = changes.iter().map(|c| c.clone().into_vec()).collect();
    super::command_env::apply(own, &changes)
        .iter()
        .map(|e| cstring(e, "-E value"))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn cstring(bytes: &[u8], what: &str) -> Result<CString, TracerError> {
    CString::new(bytes).map_err(|_| TracerError::Usage(format!("{what} contains a NUL byte")))
}

/// Forks and seizes the command; returns its pid, stopped in a PTRACE_EVENT_STOP and
/// released (it will run to its execve once resumed). With `seccomp`, the child installs
/// that filter program before its execve.
pub fn launch(
    command: &[OsString],
    startup: &Startup,
    options: libc::c_long,
    no_aslr: bool,
    seccomp: Option<&[libc::sock_filter]>,
) -> Result<pid_t, TracerError> {
    let path = resolve_command(&command[0])?;
    let c_path = cstring(Path::new(&path).as_os_str().as_bytes(), "command")?;
    let mut argv = command
        .iter()
        .map(|a| cstring(a.clone().into_vec().as_slice(), "argument"))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(name) = &startup.argv0 {
        argv[0] = cstring(name.as_bytes(), "--argv0")?;
    }
    let env = environment(&startup.env_changes)?;
    let run_as = match &startup.user {
        Some(user) => Some(run_as(user, &path)?),
        None => None,
    };
    let prog = seccomp.map(|p| libc::sock_fprog {
        len: p.len() as libc::c_ushort,
        filter: p.as_ptr() as *mut libc::sock_filter,
    });
    let go = sys::pipe().map_err(|e| TracerError::os("pipe", e))?;
    let exec = sys::CommandExec {
        path: &c_path,
        argv: &argv,
        env: env.as_deref(),
        run_as: run_as.as_ref(),
        no_aslr,
        seccomp: prog.as_ref(),
    };
    let pid = match startup.daemonize {
        None => sys::fork_exec_after_go(&exec, go),
        Some(how) => sys::daemonize_exec_after_go(&exec, go, how),
    }
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
