//! `cargo xtask oracle`: sets up strace 7.2, the decoding oracle, in `target/oracle/`
//! without installing anything system-wide, and prints the path of its launcher,
//! `target/oracle/strace72`.
//!
//! Debian's strace 7.2 needs a newer C library than the machine's, so the packages are
//! unpacked side by side and strace runs through the newer library's own loader (the
//! traced program keeps the machine's libraries). The packages come from, in order:
//! `$SYSCALL_TRACER_ORACLE_DEBS` (a folder of `.deb` files), the workplace's
//! `../shared/oracle/` beside the repository, or Debian's unstable suite by name with
//! `apt-get download`, from the machine's own apt sources with the suite swapped (no
//! host is named here).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The packages strace 7.2 needs beyond the machine's (its README in shared/oracle).
const PACKAGES: &[&str] = &["strace", "libc6", "libunwind8", "liblzma5"];

/// The launcher the tests and the harness run (`tracer/tests/common/oracle.rs`).
pub fn launcher(root: &Path) -> PathBuf {
    root.join("target/oracle/strace72")
}

pub fn run(root: &Path) -> Result<()> {
    let dir = root.join("target/oracle");
    let launcher = launcher(root);
    if version(&launcher).is_none() {
        let debs = debs(root, &dir)?;
        for deb in &debs {
            let status = Command::new("dpkg-deb")
                .arg("-x")
                .arg(deb)
                .arg(&dir)
                .status()
                .context("running dpkg-deb")?;
            if !status.success() {
                bail!("dpkg-deb -x {} failed", deb.display());
            }
        }
        write_launcher(&launcher)?;
    }
    match version(&launcher) {
        Some(v) => {
            eprintln!("oracle: {v}");
            println!("{}", launcher.display());
            Ok(())
        }
        None => bail!("{} does not run", launcher.display()),
    }
}

/// `strace -V`'s first line, if the launcher runs.
fn version(launcher: &Path) -> Option<String> {
    let out = Command::new(launcher).arg("-V").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next()?.to_string();
    (out.status.success() && first.starts_with("strace")).then_some(first)
}

fn write_launcher(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let script = "#!/bin/sh\n\
        # strace 7.2 through its own C library's loader (cargo xtask oracle).\n\
        d=$(dirname \"$(readlink -f \"$0\")\")\n\
        exec \"$d/usr/lib64/ld-linux-x86-64.so.2\" --library-path \
        \"$d/usr/lib/x86_64-linux-gnu\" \"$d/usr/bin/strace\" \"$@\"\n";
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(path, script)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    Ok(())
}

/// The `.deb` files to unpack: given, beside the repository, or downloaded.
fn debs(root: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let given = std::env::var_os("SYSCALL_TRACER_ORACLE_DEBS").map(PathBuf::from);
    let beside = root.join("../shared/oracle");
    for folder in given.iter().chain(std::iter::once(&beside)) {
        let found = list_debs(folder);
        if PACKAGES
            .iter()
            .all(|p| found.iter().any(|d| is_package(d, p)))
        {
            eprintln!("oracle: unpacking the packages in {}", folder.display());
            return Ok(found);
        }
    }
    download(dir)
}

fn list_debs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    v.sort();
    v
}

fn is_package(deb: &Path, name: &str) -> bool {
    deb.file_name()
        .and_then(|f| f.to_str())
        .is_some_and(|f| f.starts_with(&format!("{name}_")))
}

/// `apt-get download` of [`PACKAGES`] from Debian unstable, with a private apt state
/// built from the machine's own sources (their archive and keyring, suite `unstable`).
fn download(dir: &Path) -> Result<Vec<PathBuf>> {
    let (uri, keyring) = debian_archive().context(
        "no Debian archive in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list \
         to fetch strace 7.2 from (set SYSCALL_TRACER_ORACLE_DEBS to a folder of its .deb files)",
    )?;
    let apt = dir.join("apt");
    for sub in ["lists/partial", "archives/partial", "debs"] {
        std::fs::create_dir_all(apt.join(sub))?;
    }
    let signed = keyring
        .map(|k| format!("[signed-by={k}] "))
        .unwrap_or_default();
    std::fs::write(
        apt.join("sources.list"),
        format!("deb {signed}{uri} unstable main\n"),
    )?;
    let options = [
        format!(
            "-oDir::Etc::SourceList={}",
            apt.join("sources.list").display()
        ),
        "-oDir::Etc::SourceParts=/nonexistent".to_string(),
        format!("-oDir::State::Lists={}", apt.join("lists").display()),
        format!("-oDir::Cache::Archives={}", apt.join("archives").display()),
        format!("-oDir::Cache={}", apt.display()),
        "-oAPT::Architecture=amd64".to_string(),
        // The files land in the repository's target/, which apt's `_apt` user may not
        // be able to write.
        "-oAPT::Sandbox::User=root".to_string(),
    ];
    eprintln!(
        "oracle: fetching {} from {uri} unstable",
        PACKAGES.join(", ")
    );
    let update = Command::new("apt-get")
        .args(&options)
        .args(["-q", "update"])
        .status()
        .context("running apt-get update")?;
    if !update.success() {
        bail!("apt-get update of {uri} unstable failed");
    }
    let debs = apt.join("debs");
    let fetch = Command::new("apt-get")
        .args(&options)
        .args(["-q", "download"])
        .args(PACKAGES)
        .current_dir(&debs)
        .status()
        .context("running apt-get download")?;
    if !fetch.success() {
        bail!("apt-get download {} failed", PACKAGES.join(" "));
    }
    Ok(list_debs(&debs))
}

/// The first Debian archive of the machine's apt sources and its keyring, if named.
fn debian_archive() -> Option<(String, Option<String>)> {
    let mut texts = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/etc/apt/sources.list.d") {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "sources") {
                texts.push((true, std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    texts.push((
        false,
        std::fs::read_to_string("/etc/apt/sources.list").unwrap_or_default(),
    ));
    texts
        .iter()
        .find_map(|(deb822, text)| archive_in(text, *deb822))
}

/// The Debian archive (a URI ending in `/debian`) a sources text names, and its keyring.
fn archive_in(text: &str, deb822: bool) -> Option<(String, Option<String>)> {
    let is_debian = |u: &str| u.trim_end_matches('/').ends_with("/debian");
    if deb822 {
        for stanza in text.split("\n\n") {
            let field = |name: &str| {
                stanza.lines().find_map(|l| {
                    l.strip_prefix(name)
                        .and_then(|r| r.strip_prefix(':'))
                        .map(|v| v.trim().to_string())
                })
            };
            if let Some(uri) = field("URIs").and_then(|u| {
                u.split_whitespace()
                    .find(|u| is_debian(u))
                    .map(String::from)
            }) {
                return Some((uri, field("Signed-By")));
            }
        }
        return None;
    }
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("deb "))
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.contains("://") && is_debian(w))
                .map(|u| (u.to_string(), None))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_is_read_from_either_form_of_sources() {
        let deb822 = "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n\
                      Signed-By: /usr/share/keyrings/k.gpg\n\nTypes: deb\n\
                      URIs: http://mirror.example/debian-security\n";
        assert_eq!(
            archive_in(deb822, true),
            Some((
                "http://mirror.example/debian".into(),
                Some("/usr/share/keyrings/k.gpg".into())
            ))
        );
        let list = "# x\ndeb http://mirror.example/debian-security bookworm-security main\n\
                    deb [arch=amd64] http://mirror.example/debian/ bookworm main\n";
        assert_eq!(
            archive_in(list, false),
            Some(("http://mirror.example/debian/".into(), None))
        );
        assert_eq!(
            archive_in("deb http://other.example/ubuntu x main", false),
            None
        );
    }
}
