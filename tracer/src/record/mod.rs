//! `--record FILE` and `syscall-tracer replay FILE`: the event stream, with every answer
//! the decoder got from the world, written down ([`Recorder`], a consumer wrapping the
//! core) and read back as a second backend ([`Replay`]). Replayed through the same core
//! with the same display options, it prints exactly what the live run printed; a filter
//! or `-s` at replay can only narrow what was recorded (calls the live run did not
//! decode, or bytes it did not read, are not in the recording).

pub mod format;
mod recorder;
mod replay;

pub use recorder::Recorder;
pub use replay::{Replay, ReplayError};
