//! Compares the table's numbers and names with the kernel's own lists.
use crate::validate::Spec;
use std::collections::BTreeMap;

/// `(number, name, implemented)` rows of the Linux 7.0 reference list.
pub fn parse_reference(tsv: &str) -> BTreeMap<u32, (String, bool)> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut it = l.split('\t');
            let nr = it.next()?.trim().parse().ok()?;
            let name = it.next()?.trim().to_string();
            let implemented = it.next().map(|s| s.trim() == "yes").unwrap_or(true);
            Some((nr, (name, implemented)))
        })
        .collect()
}

/// `#define __NR_read 0` lines of `asm/unistd_64.h`.
pub fn parse_unistd(h: &str) -> BTreeMap<u32, String> {
    h.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("#define __NR_")?;
            let mut it = rest.split_whitespace();
            let name = it.next()?.to_string();
            let nr = it.next()?.parse().ok()?;
            Some((nr, name))
        })
        .collect()
}

#[derive(Debug, Default)]
pub struct KernelCheck {
    pub present: usize,
    pub expected: usize,
    pub errors: Vec<String>,
    pub notes: Vec<String>,
}

pub fn check(
    spec: &Spec,
    reference: &BTreeMap<u32, (String, bool)>,
    unistd: Option<&BTreeMap<u32, String>>,
) -> KernelCheck {
    let mut k = KernelCheck {
        expected: reference.len(),
        ..Default::default()
    };
    let ours: BTreeMap<u32, &crate::validate::SyscallSpec> =
        spec.syscalls.iter().map(|s| (s.nr, s)).collect();
    for (nr, (name, implemented)) in reference {
        match ours.get(nr) {
            None => k
                .errors
                .push(format!("{nr} {name}: missing from syscalls.toml")),
            Some(s) => {
                k.present += 1;
                if &s.name != name {
                    k.errors.push(format!(
                        "{nr}: syscalls.toml says `{}`, the reference list says `{name}`",
                        s.name
                    ));
                }
                if s.reserved == *implemented {
                    k.errors.push(format!(
                        "{nr} {name}: {} in syscalls.toml but {} in the reference list",
                        if s.reserved {
                            "reserved"
                        } else {
                            "implemented"
                        },
                        if *implemented {
                            "implemented"
                        } else {
                            "reserved"
                        }
                    ));
                }
            }
        }
    }
    for (nr, s) in &ours {
        if !reference.contains_key(nr) {
            k.errors
                .push(format!("{nr} {}: not in the reference list", s.name));
        }
    }
    if let Some(h) = unistd {
        for (nr, name) in h {
            match reference.get(nr) {
                Some((rname, _)) if rname == name => {}
                Some((rname, _)) => k.errors.push(format!(
                    "{nr}: asm/unistd_64.h says `{name}`, the reference list says `{rname}`"
                )),
                None => k.errors.push(format!(
                    "{nr} {name}: in asm/unistd_64.h but not in the reference list"
                )),
            }
        }
        let newer: Vec<String> = reference
            .iter()
            .filter(|(nr, _)| !h.contains_key(nr))
            .map(|(nr, (n, _))| format!("{nr} {n}"))
            .collect();
        if !newer.is_empty() {
            k.notes.push(format!(
                "note: {} syscall(s) newer than this machine's asm/unistd_64.h: {}",
                newer.len(),
                newer.join(", ")
            ));
        }
    }
    k
}
