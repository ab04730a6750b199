//! `-u USER` / `-u UID:GID`: who the launched command runs as, looked up before the
//! fork (the child may only make async-signal-safe calls), as strace does: a name gets
//! its passwd entry's uid and gid and its groups (initgroups); a `UID:GID` pair is taken
//! as numbers, with no lookup and no supplementary groups.

use std::ffi::CString;

/// The credentials the child takes before its execve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunAs {
    pub uid: libc::uid_t,
    pub gid: libc::gid_t,
    /// The effective ids: the same, unless the program is set-user-ID or set-group-ID
    /// (then its file's owner or group, as its execve by root would give).
    pub euid: libc::uid_t,
    pub egid: libc::gid_t,
    /// The supplementary groups (`setgroups`): the user's, or none for `UID:GID`.
    pub groups: Vec<libc::gid_t>,
}

/// Why `-u` cannot be honoured, in strace's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("You must be root to use the -u/--username option")]
    NotRoot,
    #[error("Cannot find user '{0}'")]
    NoSuchUser(String),
    #[error("Invalid UID:GID pair '{0}'")]
    BadPair(String),
}

/// `-u`'s value as strace reads it: `UID:GID` when it has a colon, else a user name.
pub fn parse_spec(spec: &str) -> Result<Spec<'_>, UserError> {
    match spec.split_once(':') {
        Some((uid, gid)) => {
            let number = |s: &str| {
                s.parse::<u32>()
                    .ok()
                    .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
            };
            match (number(uid), number(gid)) {
                (Some(uid), Some(gid)) => Ok(Spec::Ids(uid, gid)),
                _ => Err(UserError::BadPair(spec.to_string())),
            }
        }
        None => Ok(Spec::Name(spec)),
    }
}

/// A parsed `-u` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec<'a> {
    Name(&'a str),
    Ids(u32, u32),
}

/// The credentials for `-u SPEC`; only root may switch to them.
pub fn resolve(spec: &str) -> Result<RunAs, UserError> {
    let parsed = parse_spec(spec)?;
    // SAFETY: getuid and geteuid take nothing and cannot fail.
    if unsafe { libc::getuid() != 0 || libc::geteuid() != 0 } {
        return Err(UserError::NotRoot);
    }
    match parsed {
        Spec::Ids(uid, gid) => Ok(RunAs {
            uid,
            gid,
            euid: uid,
            egid: gid,
            groups: Vec::new(),
        }),
        Spec::Name(name) => lookup(name).ok_or_else(|| UserError::NoSuchUser(name.to_string())),
    }
}

/// The passwd entry of `name` and its groups (what initgroups would set).
fn lookup(name: &str) -> Option<RunAs> {
    let c_name = CString::new(name).ok()?;
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: a zeroed passwd is a valid out-parameter (pointers null, ids 0).
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwnam_r writes into `pw` and `buf` (its length given) and sets `found`
    // to `&pw` or null; all outlive the call.
    let r = unsafe {
        libc::getpwnam_r(
            c_name.as_ptr(),
            &mut pw,
            buf.as_mut_ptr(),
            buf.len(),
            &mut found,
        )
    };
    if r != 0 || found.is_null() {
        return None;
    }
    let (uid, gid) = (pw.pw_uid, pw.pw_gid);
    let mut groups: Vec<libc::gid_t> = vec![0; 64];
    loop {
        let mut n = groups.len() as libc::c_int;
        // SAFETY: getgrouplist writes at most `n` gids into `groups` and sets `n` to the
        // number it has (or needs, returning -1 when they do not fit).
        let r = unsafe { libc::getgrouplist(c_name.as_ptr(), gid, groups.as_mut_ptr(), &mut n) };
        if r >= 0 {
            groups.truncate(n.max(0) as usize);
            break;
        }
        let want = (n.max(0) as usize).max(groups.len() * 2);
        if want > 65536 {
            return None;
        }
        groups.resize(want, 0);
    }
    Some(RunAs {
        uid,
        gid,
        euid: uid,
        egid: gid,
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn specs_as_strace_reads_them() {
        assert_eq!(parse_spec("1:2"), Ok(Spec::Ids(1, 2)));
        assert_eq!(parse_spec("nobody"), Ok(Spec::Name("nobody")));
        assert_eq!(parse_spec("65534"), Ok(Spec::Name("65534")));
        for bad in ["1:x", ":5", "1:", "+1:2", "1:2:3"] {
            assert_eq!(
                parse_spec(bad),
                Err(UserError::BadPair(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn root_is_found_with_its_groups() {
        let root = lookup("root").expect("root has a passwd entry");
        assert_eq!((root.uid, root.gid), (0, 0));
        assert!(root.groups.contains(&0));
        assert_eq!(lookup("no-such-user-here"), None);
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in ".{0,30}") {
            let _ = parse_spec(&s);
        }
    }
}
