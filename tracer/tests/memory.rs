//! Reading a tracee's memory: the fast path (process_vm_readv) and the PTRACE_PEEKDATA
//! fallback give the same bytes, unaligned reads included; a fault reads nothing.

use std::ffi::OsString;

use syscall_tracer::decode::Tracee;
use syscall_tracer::engine::memory::ThreadMemory;
use syscall_tracer::engine::{launch, ptrace};

/// The launched child is a fork of this test process, stopped before its exec, so this
/// static sits at the same address in its memory.
static DATA: [u8; 29] = *b"bytes the tracee has, aligned";

#[test]
fn fast_path_and_peek_fallback_agree() {
    let command = [OsString::from("true")];
    let pid = launch::launch(
        &command,
        &launch::Startup::default(),
        ptrace::trace_options(false, false),
        false,
        None,
    )
    .unwrap();
    let addr = DATA.as_ptr() as u64;
    for peek_only in [false, true] {
        let mut mem = ThreadMemory::new(pid, pid);
        mem.peek_only = peek_only;
        for (start, len) in [(0usize, 29usize), (3, 17), (5, 1), (1, 28)] {
            let mut buf = vec![0u8; len];
            let n = mem.read_mem(addr + start as u64, &mut buf);
            assert_eq!(n, len, "peek_only={peek_only}");
            assert_eq!(&buf[..], &DATA[start..start + len], "peek_only={peek_only}");
        }
        let mut buf = [0u8; 16];
        assert_eq!(mem.read_mem(0, &mut buf), 0, "a fault reads nothing");
        assert_eq!(mem.read_mem(8, &mut buf), 0);
    }
    syscall_tracer::sys::kill(pid, libc::SIGKILL).unwrap();
    // Even a SIGKILLed tracee stops once more (PTRACE_EVENT_EXIT) and waits to be resumed.
    while let Ok(Some((_, status))) = ptrace::wait_for(pid) {
        match status {
            ptrace::WaitStatus::Stopped { .. } => {
                let _ = ptrace::resume_syscall(pid, 0);
            }
            _ => break,
        }
    }
}
