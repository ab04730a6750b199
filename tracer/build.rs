//! Links the tracer binary as a fixed-address (non-PIE) executable.
//!
//! The generated syscall table is mostly pointers (names, flag tables, renderers). In a
//! position-independent executable each one is a relocation the dynamic loader applies
//! at every start, some 20,000 of them, dirtying the pages they live on: about half a
//! millisecond per run, which is most of what starting a short program under the tracer
//! costs. At a fixed address the linker resolves them once. (The tracer gives up ASLR of
//! its own image; tracees are unaffected.)
fn main() {
    println!("cargo:rustc-link-arg-bins=-no-pie");
}
