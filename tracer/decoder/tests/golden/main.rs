//! The decoder's golden cases: a call's registers and the tracee memory they point at, run
//! through the decoder's entry and exit stops, against the line strace prints for the same
//! registers and memory (captured with strace 6.1, `strace -a1`, and checked again with
//! strace 7.2 where noted; the corpus programs `tests/corpus/*.c` make the same calls for
//! real).
//!
//! One module per syscall family; every case builds its tracee from a
//! [`MemoryImage`](helpers::MemoryImage), which declares all the world the decoder may ask
//! about (memory, descriptor paths, netlink sockets, interface names, the UTC offset), so
//! no case depends on the machine it runs on. A new case goes into its family's module and
//! uses [`helpers`]; a new family gets a module here.

mod helpers;

mod descriptors_io;
mod files;
mod ioctl;
mod ipc;
mod memory;
mod netlink;
mod network;
mod process;
mod signals;
mod time;
mod unknown;
