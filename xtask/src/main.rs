//! Project chores: `cargo xtask gen [--check]`, `check-kernel`, `stats`.
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn load() -> Result<codegen::Spec> {
    let path = root().join("syscalls.toml");
    let src =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(codegen::parse(&src)?)
}

/// Every file `gen` owns, with the text it should have.
fn expected(spec: &codegen::Spec) -> Vec<(PathBuf, String)> {
    let (files, doc) = codegen::emit(spec);
    let dir = root().join("tracer/src/generated");
    let mut v: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| (dir.join(f.name), f.text))
        .collect();
    v.push((root().join("docs/syscalls.md"), doc));
    v
}

fn gen(check: bool) -> Result<()> {
    let spec = load()?;
    let mut stale = Vec::new();
    for (path, text) in expected(&spec) {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            continue;
        }
        if check {
            stale.push(
                path.strip_prefix(root())
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
            );
        } else {
            std::fs::create_dir_all(path.parent().unwrap())?;
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            println!(
                "wrote {}",
                path.strip_prefix(root()).unwrap_or(&path).display()
            );
        }
    }
    if !stale.is_empty() {
        bail!(
            "generated code is stale ({}): run `cargo xtask gen`",
            stale.join(", ")
        );
    }
    if check {
        println!("generated code is up to date");
    }
    Ok(())
}

fn check_kernel() -> Result<()> {
    let spec = load()?;
    let reference = codegen::kernel::parse_reference(include_str!(
        "../../codegen/syscalls-x86_64-linux-7.0.tsv"
    ));
    let unistd = [
        "/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
        "/usr/include/asm/unistd_64.h",
    ]
    .iter()
    .find_map(|p| std::fs::read_to_string(p).ok())
    .map(|h| codegen::kernel::parse_unistd(&h));
    if unistd.is_none() {
        println!("note: no asm/unistd_64.h on this machine (install linux-libc-dev); compared with the reference list only");
    }
    let k = codegen::kernel::check(&spec, &reference, unistd.as_ref());
    for n in &k.notes {
        println!("{n}");
    }
    for e in &k.errors {
        println!("error: {e}");
    }
    println!(
        "{}/{} numbers present, {} mismatches",
        k.present,
        k.expected,
        k.errors.len()
    );
    if !k.errors.is_empty() {
        bail!(
            "{} mismatch(es) with the kernel's syscall lists",
            k.errors.len()
        );
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen"] => gen(false),
        ["gen", "--check"] => gen(true),
        ["check-kernel"] => check_kernel(),
        ["stats"] => load().map(|s| print!("{}", codegen::stats::stats(&s).report())),
        _ => {
            eprintln!("usage: cargo xtask <gen [--check] | check-kernel | stats>");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
