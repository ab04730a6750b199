//! What is shown beyond the syscall set (`crate::filter`): strace's `-e signal=`,
//! `-e status=`, `-e quiet=` (and `-q`), `-e trace-fds=` and `-P PATH`. Each qualifier's
//! set is read by [`number_set`]'s parser with the item names of [`qualifiers`]; the
//! calls that touch a selected path or descriptor are told by [`paths`].

pub mod number_set;
pub mod paths;
pub mod qualifiers;

pub use number_set::NumberSet;
pub use paths::PathSelect;
pub use qualifiers::{Quiet, Status};
