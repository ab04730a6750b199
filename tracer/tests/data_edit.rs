//! Adding a syscall is a data edit: a syscall the table lacks is declared in TOML only,
//! codegen turns table + snippet into Rust, a scratch crate compiles that Rust against
//! the unchanged tracer library, and the new syscall renders exactly as expected from
//! given registers and memory. No Rust is written for the new call.
use std::path::{Path, PathBuf};
use std::process::Command;

const SNIPPET: &str = r#"
[syscall.frobnicate]
nr = 500
class = ["file", "desc"]
ret = "fd"
args = [
  { name = "dirfd", type = "dirfd" },
  { name = "pathname", type = "path" },
  { name = "how", type = "flags[frob_flags]" },
  { name = "result", type = "struct[frob_result]", dir = "out" },
  { name = "mode", type = "mode", if = { arg = "how", any = ["FROB_CREATE"] } },
]

# A value whose type depends on two arguments, as setsockopt's does on level + optname.
[syscall.frobctl]
nr = 501
ret = "int"
args = [
  { name = "fd", type = "fd" },
  { name = "level", type = "enum[frob_levels]" },
  { name = "opt", type = "int" },
  { name = "val", type = "select[frob_val]", on = "level, opt" },
]

[enum.frob_levels]
header = "an imaginary include/uapi/linux/frob.h"
values = { FROB_LEVEL_A = 1, FROB_LEVEL_B = 2 }

[select.frob_val]
default = { type = "hex" }
variants = [
  { when = [["FROB_LEVEL_A", 1]], type = "signo" },
  { when = [["FROB_LEVEL_A", 2]], type = "flags[frob_flags]" },
]

[flags.frob_flags]
header = "an imaginary include/uapi/linux/frob.h"
zero = "FROB_NONE"
bits = { FROB_CREATE = 1, FROB_SHINY = 4 }

[struct.frob_result]
header = "an imaginary include/uapi/linux/frob.h"
size = 24
fields = [
  { name = "fr_count", type = "u32" },
  { name = "fr_sig", type = "signo" },
  { name = "fr_when", type = "inline[timespec]", size = 16, hide = true },
]
"#;

const MAIN: &str = r#"
pub use syscall_tracer::decode;
#[allow(dead_code, clippy::all)]
mod generated;
use decode::memory_image::MemoryImage;
use decode::{CallRecord, DecodeOptions, Decoder};

fn main() {
    let d = Decoder::with_table(DecodeOptions::default(), &generated::syscalls::SYSCALLS);
    let mut mem = MemoryImage::new();
    mem.map_str(0x1000, "/tmp/frob");
    let mut result = 7u32.to_le_bytes().to_vec();
    result.extend_from_slice(&15i32.to_le_bytes());
    result.extend_from_slice(&[0u8; 16]);
    mem.map(0x2000, result);
    for (regs, ret) in [([-100i64 as u64, 0x1000, 5, 0x2000, 0o640, 0], 3i64), ([4, 0x1000, 0, 0x2000, 0, 0], -2)] {
        let mut rec = CallRecord::new();
        d.entry(&mut rec, 500, regs, &mut mem);
        d.exit(&mut rec, ret, &mut mem);
        let mut line = String::new();
        rec.write_text(&mut line);
        println!("{line}");
    }
    for regs in [[3, 1, 1, 9, 0, 0], [3, 1, 2, 4, 0, 0], [3, 1, 7, 0x10, 0, 0], [3, 2, 1, 9, 0, 0]] {
        let mut rec = CallRecord::new();
        d.entry(&mut rec, 501, regs, &mut mem);
        d.exit(&mut rec, 0, &mut mem);
        let mut line = String::new();
        rec.write_text(&mut line);
        println!("{line}");
    }
}
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn a_syscall_declared_only_in_toml_renders_through_the_generated_code() {
    let root = root();
    let mut toml = std::fs::read_to_string(root.join("syscalls.toml")).unwrap();
    // The snippet needs the table's timespec: checks that new entries can reuse tables.
    toml.push_str(SNIPPET);
    let spec = codegen::parse(&toml).unwrap_or_else(|e| panic!("{e}"));
    let (files, _) = codegen::emit(&spec);

    let krate = root.join("target/data-edit-proof");
    let src = krate.join("src/generated");
    std::fs::create_dir_all(&src).unwrap();
    for f in files {
        std::fs::write(src.join(f.name), f.text).unwrap();
    }
    std::fs::write(krate.join("src/main.rs"), MAIN).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"data-edit-proof\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nsyscall-tracer = {{ path = {:?} }}\n\n[workspace]\n",
            root.join("tracer")
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(krate.join("target"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the scratch crate failed:\n{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            r#"frobnicate(AT_FDCWD, "/tmp/frob", FROB_CREATE|FROB_SHINY, {fr_count=7, fr_sig=SIGTERM, ...}, 0640) = 3"#,
            r#"frobnicate(4, "/tmp/frob", FROB_NONE, 0x2000) = -1 ENOENT (No such file or directory)"#,
            "frobctl(3, FROB_LEVEL_A, 1, SIGKILL) = 0",
            "frobctl(3, FROB_LEVEL_A, 2, FROB_SHINY) = 0",
            "frobctl(3, FROB_LEVEL_A, 7, 0x10) = 0",
            "frobctl(3, FROB_LEVEL_B, 1, 0x9) = 0",
        ]
    );
}
