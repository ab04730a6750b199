//! Reads `syscalls.toml`, checks it, and emits the tracer's generated Rust.
//!
//! `parse` gives problems with the entry and line they concern; `emit` is deterministic,
//! so the checked-in output can be compared byte for byte (`cargo xtask gen --check`).
pub mod emit;
pub mod kernel;
pub mod model;
pub mod stats;
pub mod types;
pub mod validate;

pub use emit::{emit, File};
pub use validate::{Problem, Spec};

/// Why a table could not be turned into code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("syscalls.toml does not parse: {0}")]
    Toml(String),
    #[error("syscalls.toml has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Parses and validates the text of a `syscalls.toml`.
pub fn parse(src: &str) -> Result<Spec, Error> {
    let table: model::Table = toml::from_str(src).map_err(|e| Error::Toml(e.to_string()))?;
    validate::validate(&table, src).map_err(Error::Invalid)
}
