//! ioctl request names: `cargo xtask ioctls` derives them from the machine's UAPI headers
//! and keeps those strace prints the same way; `--check` sweeps every request in
//! syscalls.toml through strace and syscall-tracer and compares the lines.
//!
//! A request number is shared by subsystems now and then; strace prints all the names it
//! knows for it (`SNDCTL_TMR_START or TCSETS`), and so does the table.
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The UAPI directories linux-libc-dev installs, and how a program includes them.
const HEADER_DIRS: &[(&str, &str)] = &[
    ("/usr/include/linux", "linux"),
    ("/usr/include/asm-generic", "asm-generic"),
    ("/usr/include/x86_64-linux-gnu/asm", "asm"),
    ("/usr/include/misc", "misc"),
    ("/usr/include/mtd", "mtd"),
    ("/usr/include/rdma", "rdma"),
    ("/usr/include/sound", "sound"),
    ("/usr/include/video", "video"),
    ("/usr/include/xen", "xen"),
];

/// The generated section of syscalls.toml lies between these lines.
const BEGIN: &str = "# BEGIN ioctl requests (cargo xtask ioctls)";
const END: &str = "# END ioctl requests";
/// The generated variants of `[select.ioctl_arg]`: requests strace shows without an
/// argument, and requests whose argument it shows as an address (`NULL` for 0).
const VARIANTS_BEGIN: &str = "# BEGIN argument kinds (cargo xtask ioctls)";
const VARIANTS_END: &str = "# END argument kinds";

/// The requests named in the hand-written variants of `[select.ioctl_arg]`.
fn hand_typed(toml: &str) -> Result<BTreeSet<String>> {
    let (Some(b), Some(e)) = (toml.find("[select.ioctl_arg]"), toml.find(VARIANTS_BEGIN)) else {
        bail!("syscalls.toml has no [select.ioctl_arg] with a `{VARIANTS_BEGIN}` line");
    };
    Ok(toml[b..e]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|s| s.to_string())
        .collect())
}

/// `text` with what lies from `begin` to the end of `end` replaced by `with`.
fn replace_between(text: &str, begin: &str, end: &str, with: &str) -> Result<String> {
    let (Some(b), Some(e)) = (text.find(begin), text.find(end)) else {
        bail!("syscalls.toml has no `{begin}` ... `{end}` section");
    };
    Ok(format!("{}{}{}", &text[..b], with, &text[e + end.len()..]))
}

/// Every header under the UAPI directories, as `linux/fs.h`.
fn headers() -> Result<Vec<(PathBuf, String)>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(PathBuf, String)>) -> Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type()?.is_dir() {
                walk(&path, &format!("{prefix}/{name}"), out)?;
            } else if name.ends_with(".h") {
                out.push((path, format!("{prefix}/{name}")));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for (dir, prefix) in HEADER_DIRS {
        if Path::new(dir).is_dir() {
            walk(Path::new(dir), prefix, &mut out)?;
        }
    }
    if out.is_empty() {
        bail!("no UAPI headers under /usr/include (install linux-libc-dev)");
    }
    Ok(out)
}

/// Object-like macros whose body may be a request number: an `_IO*()` encoding, or a
/// bare hex literal (the terminal, socket and other old requests). strace is the filter
/// for the rest: a constant it does not print by that name is dropped.
fn candidates(text: &str) -> Vec<String> {
    let joined = text.replace("\\\n", " ");
    let mut out = Vec::new();
    for line in joined.lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("define") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let rest = rest.trim_start();
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (name, body) = rest.split_at(name_len);
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if body.starts_with('(') || !name.bytes().any(|b| b.is_ascii_uppercase()) {
            continue; // function-like, or a lower-case helper
        }
        let body = body.split("/*").next().unwrap_or("").trim();
        if body.is_empty() || body.contains(['"', '{', '#']) {
            continue;
        }
        // An `_IO*()` encoding (or a subsystem's wrapper of it), a bare hex literal, or
        // an alias of another macro: strace is the filter for everything else they match.
        let call = body.contains('(');
        let literal = body.trim_matches(|c| c == '(' || c == ')');
        let hex = literal.len() > 2
            && (literal.starts_with("0x") || literal.starts_with("0X"))
            && literal[2..]
                .trim_end_matches(['u', 'U', 'l', 'L'])
                .bytes()
                .all(|b| b.is_ascii_hexdigit());
        let alias = body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && body.starts_with(|c: char| c.is_ascii_uppercase() || c == '_');
        if call || hex || alias {
            out.push(name.to_string());
        }
    }
    out
}

/// The values of `names` as the C compiler sees them after `#include <header>`. Names
/// that do not compile (a struct the header does not define, say) are dropped one error
/// at a time.
fn evaluate(header: &str, names: &[String], work: &Path) -> Vec<(String, u64)> {
    let mut names: Vec<String> = names.to_vec();
    let src = work.join("probe.c");
    let bin = work.join("probe");
    for _ in 0..20 {
        if names.is_empty() {
            return Vec::new();
        }
        let mut c = String::from(
            "#include <stdio.h>\n#include <sys/types.h>\n#include <linux/types.h>\n#include <linux/ioctl.h>\n",
        );
        let _ = writeln!(c, "#include <{header}>\nint main(void) {{");
        for n in &names {
            let _ = writeln!(
                c,
                "printf(\"%s %llx\\n\", \"{n}\", (unsigned long long)({n}));"
            );
        }
        c.push_str("return 0; }\n");
        if std::fs::write(&src, &c).is_err() {
            return Vec::new();
        }
        let Ok(out) = Command::new("cc")
            .args(["-w", "-o"])
            .arg(&bin)
            .arg(&src)
            .output()
        else {
            return Vec::new();
        };
        if out.status.success() {
            let Ok(run) = Command::new(&bin).output() else {
                return Vec::new();
            };
            return String::from_utf8_lossy(&run.stdout)
                .lines()
                .filter_map(|l| {
                    let (n, v) = l.split_once(' ')?;
                    Some((n.to_string(), u64::from_str_radix(v, 16).ok()?))
                })
                .collect();
        }
        // Every line of main a diagnostic points at is dropped (an error inside a macro
        // points at the header, and a note at the line that expanded it); when none is
        // named, the header itself does not compile and the attempt ends.
        let prefix = format!("{}:", src.display());
        let mut bad = BTreeSet::new();
        for l in String::from_utf8_lossy(&out.stderr).lines() {
            if let Some(rest) = l.strip_prefix(&prefix) {
                if let Some(line) = rest.split(':').next().and_then(|n| n.parse::<usize>().ok()) {
                    if line >= FIRST_LINE && line < FIRST_LINE + names.len() {
                        bad.insert(line - FIRST_LINE);
                    }
                }
            }
        }
        if bad.is_empty() {
            return Vec::new();
        }
        names = names
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !bad.contains(i))
            .map(|(_, n)| n)
            .collect();
    }
    Vec::new()
}

/// The probe's line of the first name: four includes, the header, `int main`.
const FIRST_LINE: usize = 7;

/// Compiles the sweep program: one `ioctl(-1, code, 0)` per line of hex codes.
fn build_sweep(root: &Path, work: &Path) -> Result<PathBuf> {
    let bin = work.join("ioctl_sweep");
    let status = Command::new("cc")
        .args(["-O2", "-o"])
        .arg(&bin)
        .arg(root.join("tests/programs/ioctl_sweep.c"))
        .status()
        .context("running cc")?;
    if !status.success() {
        bail!("cc failed on tests/programs/ioctl_sweep.c");
    }
    Ok(bin)
}

/// The request as a line shows it: `TCGETS`, `A or B`, or None for `_IOC(...)`.
fn request_of(line: &str) -> Option<&str> {
    let rest = line.split_once("ioctl(-1, ")?.1;
    if rest.starts_with("_IOC(") {
        return None;
    }
    // `MIXER_READ(1)`: strace's own spelling, no header's name.
    let end = rest.find([',', ')', '(']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The argument values every request is swept with: 0 tells an address (`NULL`) and a
/// missing argument apart, 1 a number from hex, and all ones the number's width and sign.
const SWEEP_ARGS: [u64; 3] = [0, 1, u64::MAX];

/// strace's lines for the sweep over `codes` with argument `arg`, one per code, in order.
fn strace_sweep(sweep: &Path, codes: &[u32], arg: u64, work: &Path) -> Result<Vec<String>> {
    let list = work.join("codes.txt");
    let text: String = codes.iter().map(|c| format!("{c:x}\n")).collect();
    std::fs::write(&list, text)?;
    let log = work.join("strace.log");
    let status = Command::new("strace")
        .args(["-qq", "-e", "trace=ioctl", "-o"])
        .arg(&log)
        .arg(sweep)
        .arg(&list)
        .arg(format!("{arg:x}"))
        .status()
        .context("running strace")?;
    if !status.success() {
        bail!("the sweep failed under strace");
    }
    let lines: Vec<String> = std::fs::read_to_string(&log)?
        .lines()
        .filter(|l| l.starts_with("ioctl(-1, "))
        .map(|l| l.to_string())
        .collect();
    if lines.len() != codes.len() {
        bail!(
            "strace printed {} ioctl lines for {} requests",
            lines.len(),
            codes.len()
        );
    }
    Ok(lines)
}

/// `cargo xtask ioctls`: rewrites the generated section of syscalls.toml.
pub fn generate(root: &Path) -> Result<()> {
    let work = std::env::temp_dir().join(format!("xtask-ioctls-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let result = generate_in(root, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn generate_in(root: &Path, work: &Path) -> Result<()> {
    let mut by_code: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    let mut compiled = 0;
    let all = headers()?;
    for (path, header) in &all {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let names = candidates(&text);
        if names.is_empty() {
            continue;
        }
        let values = evaluate(header, &names, work);
        if !values.is_empty() {
            compiled += 1;
        }
        for (n, v) in values {
            if v != 0 && v <= u32::MAX as u64 {
                by_code.entry(v as u32).or_default().insert(n);
            }
        }
    }
    let codes: Vec<u32> = by_code.keys().copied().collect();
    let sweep = build_sweep(root, work)?;
    let lines = strace_sweep(&sweep, &codes, SWEEP_ARGS[0], work)?;
    let ones = strace_sweep(&sweep, &codes, SWEEP_ARGS[1], work)?;
    let all_ones = strace_sweep(&sweep, &codes, SWEEP_ARGS[2], work)?;
    let (mut kept, mut partial) = (BTreeMap::new(), 0);
    let mut kinds: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (i, (code, line)) in codes.iter().zip(&lines).enumerate() {
        let Some(shown) = request_of(line) else {
            continue;
        };
        let ours = &by_code[code];
        // Keep strace's spelling only when every name in it is one the headers define
        // for this number: the table never holds a name the headers do not.
        if shown.split(" or ").all(|n| ours.contains(n)) {
            kept.insert(*code, shown.to_string());
            // strace leaves the argument out where its decoder knows the request takes
            // none, shows 0 as NULL where the argument is an address, and a number in
            // decimal where it is one (its width and sign show at all ones).
            let kind = if line.contains(&format!("{shown})")) {
                Some("none")
            } else if line.contains(&format!("{shown}, NULL)")) {
                Some("ptr")
            } else if ones[i].contains(&format!("{shown}, 1)")) {
                let max = &all_ones[i];
                if max.contains(&format!("{shown}, -1)")) {
                    Some("int")
                } else if max.contains(&format!("{shown}, 4294967295)")) {
                    Some("uint")
                } else if max.contains(&format!("{shown}, 18446744073709551615)")) {
                    Some("ulong")
                } else {
                    None
                }
            } else {
                None
            };
            if let Some(k) = kind {
                kinds.entry(k).or_default().insert(shown.to_string());
            }
        } else {
            if std::env::var_os("IOCTLS_VERBOSE").is_some() {
                eprintln!("left out {code:#x}: strace `{shown}`, headers {ours:?}");
            }
            partial += 1;
        }
    }
    let mut section = format!(
        "{BEGIN}\n# From the UAPI headers of linux-libc-dev (include/uapi: asm-generic/ioctls.h,\n\
         # linux/sockios.h and every header with _IO* requests), each name as strace prints it.\n\
         # {} requests from {} headers; regenerate with `cargo xtask ioctls`.\n\
         [enum.ioctl_requests]\nheader = \"include/uapi/**/*.h (request numbers)\"\n\n[enum.ioctl_requests.values]\n",
        kept.len(),
        compiled
    );
    for (code, name) in &kept {
        let _ = writeln!(section, "\"{name}\" = {code:#x}");
    }
    section.push_str(END);
    let path = root.join("syscalls.toml");
    let toml = std::fs::read_to_string(&path)?;
    // A request the hand-written variants type keeps its type.
    let typed = hand_typed(&toml)?;
    let mut variants = String::from(VARIANTS_BEGIN);
    for (ty, set) in &kinds {
        let names: Vec<String> = set
            .iter()
            .filter(|n| !typed.contains(*n))
            .map(|n| format!("\"{n}\""))
            .collect();
        let _ = write!(
            variants,
            "\n  {{ when = [{}], type = \"{ty}\" }},",
            names.join(", ")
        );
    }
    let _ = write!(variants, "\n  {VARIANTS_END}");
    let toml = replace_between(&toml, BEGIN, END, &section)?;
    let toml = replace_between(&toml, VARIANTS_BEGIN, VARIANTS_END, &variants)?;
    std::fs::write(&path, toml)?;
    println!(
        "{} headers, {} candidate numbers; {} named as strace names them (argument kinds: \
         {}), {} left out (strace knows a name the headers do not define)",
        all.len(),
        codes.len(),
        kept.len(),
        kinds
            .iter()
            .map(|(k, v)| format!("{} {k}", v.len()))
            .collect::<Vec<_>>()
            .join(", "),
        partial
    );
    println!("wrote syscalls.toml; run `cargo xtask gen`");
    Ok(())
}

/// Requests whose argument strace renders in a way this table does not (yet) describe.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "KIOCSOUND",
        "strace adds the tone's frequency: `0 /* off */`, `256 /* 4660 Hz */`",
    ),
    (
        "KDMKTONE",
        "strace splits the argument into duration and tone: `1<<16|9029 /* 132 Hz, 1 ms */`",
    ),
    (
        "KVM_CHECK_EXTENSION",
        "strace names the capability asked about (`KVM_CAP_IRQCHIP`)",
    ),
    (
        "KDSIGACCEPT",
        "strace names the signal (`SIGHUP`) but prints other values unsigned",
    ),
    (
        "KDSKBLED",
        "strace splits the LED bits into current and default (`LED_NUM<<4`)",
    ),
    (
        "HDIO_SET_NICE",
        "strace shows the bits as shifts (`1 << IDE_NICE_DSC_OVERLAP`)",
    ),
];

/// The named requests of the generated section, in table order.
fn table_codes(root: &Path) -> Result<Vec<u32>> {
    let toml = std::fs::read_to_string(root.join("syscalls.toml"))?;
    let (Some(b), Some(e)) = (toml.find(BEGIN), toml.find(END)) else {
        bail!("syscalls.toml has no `{BEGIN}` ... `{END}` section");
    };
    let mut codes = Vec::new();
    for line in toml[b..e].lines().filter(|l| l.starts_with('"')) {
        let v = line
            .rsplit_once("= 0x")
            .and_then(|(_, v)| u32::from_str_radix(v.trim(), 16).ok())
            .with_context(|| format!("`{line}`: a request is written `\"NAME\" = 0x...`"))?;
        codes.push(v);
    }
    Ok(codes)
}

/// `cargo xtask ioctls --check`: every named request, and a few no table names, through
/// strace and syscall-tracer with each sweep argument; every ioctl line must be the same.
pub fn check(root: &Path, tracer: &Path) -> Result<()> {
    let work = std::env::temp_dir().join(format!("xtask-ioctls-check-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let result = check_in(root, tracer, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn check_in(root: &Path, tracer: &Path, work: &Path) -> Result<()> {
    let mut codes = table_codes(root)?;
    if codes.is_empty() {
        bail!("the generated ioctl section of syscalls.toml is empty");
    }
    // Numbers no header defines print as `_IOC(dir, type, nr, size)`.
    codes.extend([0x5400, 0xdead, 0x4000_7a00, 0x8008_7aff, 0xc010_7a01]);
    let list = work.join("codes.txt");
    std::fs::write(
        &list,
        codes.iter().map(|c| format!("{c:x}\n")).collect::<String>(),
    )?;
    let sweep = build_sweep(root, work)?;
    let ids = crate::kernel_ids::IdTable::from_spec(&codegen::parse(&std::fs::read_to_string(
        root.join("syscalls.toml"),
    )?)?);
    let (mut known, mut unknown) = (BTreeSet::new(), Vec::new());
    let mut unpaired = 0;
    for arg in SWEEP_ARGS {
        let cmd = [
            sweep.display().to_string(),
            list.display().to_string(),
            format!("{arg:x}"),
        ];
        let c = crate::diff_strace::run(&ids, tracer, &cmd, &work.join("diff"), None, false)?;
        let (n, exact) = c.per_syscall.get("ioctl").copied().unwrap_or_default();
        println!("argument {arg:#x}: {exact}/{n} ioctl lines as strace prints them");
        unpaired += codes.len().abs_diff(n);
        for (s, o) in c.differing.iter().filter(|(s, _)| s.starts_with("ioctl(")) {
            match KNOWN_DIFFERENCES
                .iter()
                .find(|(r, _)| request_of(s) == Some(*r))
            {
                Some((r, why)) => {
                    known.insert(format!("  {r}: {why}"));
                }
                None => unknown.push(format!("  strace: {s}\n  ours:   {o}")),
            }
        }
    }
    if !known.is_empty() {
        println!(
            "known differences:\n{}",
            known.into_iter().collect::<Vec<_>>().join("\n")
        );
    }
    let show = std::env::var("IOCTLS_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    for d in unknown.iter().take(show) {
        println!("{d}");
    }
    if unpaired != 0 || !unknown.is_empty() {
        bail!(
            "{} ioctl lines differ from strace, {} unpaired, over {} requests swept with {} \
             arguments",
            unknown.len(),
            unpaired,
            codes.len(),
            SWEEP_ARGS.len()
        );
    }
    Ok(())
}
