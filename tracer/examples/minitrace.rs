//! Development aid for table authors until the engine lands: traces one process (no
//! forks) and prints each call as strace does, without prefixes, so its output diffs
//! directly against `strace -a1 -o FILE CMD`. Usage: minitrace [-s N] OUTFILE CMD ARGS...
use std::ffi::CString;
use std::io::Write;
use syscall_tracer::decode::{CallRecord, DecodeOptions, Decoder, Tracee};

struct Mem(i32);

impl Tracee for Mem {
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let local = libc::iovec {
            iov_base: buf.as_mut_ptr().cast(),
            iov_len: buf.len(),
        };
        let remote = libc::iovec {
            iov_base: addr as *mut libc::c_void,
            iov_len: buf.len(),
        };
        // SAFETY: local points at `buf`, valid for its length; remote is only read by the kernel.
        let n = unsafe { libc::process_vm_readv(self.0, &local, 1, &remote, 1, 0) };
        n.max(0) as usize
    }
    fn stack_pointer(&mut self) -> Option<u64> {
        // SAFETY: user_regs_struct is plain integers, valid when zeroed.
        let mut regs: libc::user_regs_struct = unsafe { std::mem::zeroed() };
        // SAFETY: GETREGS writes one user_regs_struct into `regs`, which outlives the call.
        let r = unsafe { libc::ptrace(libc::PTRACE_GETREGS, self.0, 0, &mut regs) };
        (r == 0).then_some(regs.rsp)
    }
    fn fd_path(&mut self, fd: i32) -> Option<String> {
        let p = if fd == -100 {
            format!("/proc/{}/cwd", self.0)
        } else {
            format!("/proc/{}/fd/{fd}", self.0)
        };
        std::fs::read_link(p)
            .ok()
            .map(|p| p.to_string_lossy().into_owned())
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = DecodeOptions::default();
    if args.first().map(|s| s.as_str()) == Some("-s") {
        opts.string_limit = args[1].parse().unwrap();
        args.drain(..2);
    }
    if args.first().map(|s| s.as_str()) == Some("-y") {
        opts.fd_paths = true;
        args.remove(0);
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[0]).unwrap());
    // Resolve the program as strace does, so failed PATH probes do not show up as execve lines.
    if !args[1].contains('/') {
        if let Some(p) = std::env::var("PATH")
            .unwrap_or_default()
            .split(':')
            .map(|d| format!("{d}/{}", args[1]))
            .find(|p| std::path::Path::new(p).is_file())
        {
            args[1] = p;
        }
    }
    let cmd: Vec<CString> = args[1..]
        .iter()
        .map(|a| CString::new(a.as_str()).unwrap())
        .collect();
    let mut ptrs: Vec<*const libc::c_char> = cmd.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: plain fork/ptrace/exec sequence; the child only calls async-signal-safe functions.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        unsafe {
            libc::ptrace(libc::PTRACE_TRACEME, 0, 0, 0);
            libc::raise(libc::SIGSTOP);
            libc::execvp(ptrs[0], ptrs.as_ptr());
            libc::_exit(127);
        }
    }
    let mut status = 0;
    unsafe {
        libc::waitpid(pid, &mut status, 0);
        libc::ptrace(
            libc::PTRACE_SETOPTIONS,
            pid,
            0,
            libc::PTRACE_O_TRACESYSGOOD | libc::PTRACE_O_EXITKILL | libc::PTRACE_O_TRACEEXEC,
        );
        libc::ptrace(libc::PTRACE_SYSCALL, pid, 0, 0);
    }
    let dec = Decoder::new(opts);
    let mut rec = CallRecord::new();
    let mut mem = Mem(pid);
    let mut in_call = false;
    loop {
        unsafe { libc::waitpid(pid, &mut status, 0) };
        if libc::WIFEXITED(status) {
            if in_call {
                dec.unfinished(&mut rec);
                let mut s = String::new();
                rec.write_text(&mut s);
                writeln!(out, "{s}").unwrap();
            }
            writeln!(out, "+++ exited with {} +++", libc::WEXITSTATUS(status)).unwrap();
            break;
        }
        if libc::WIFSIGNALED(status) {
            writeln!(
                out,
                "+++ killed by {} +++",
                syscall_tracer::decode::signal_name(libc::WTERMSIG(status))
            )
            .unwrap();
            break;
        }
        let mut sig = 0;
        if libc::WIFSTOPPED(status) && libc::WSTOPSIG(status) == (libc::SIGTRAP | 0x80) {
            let mut regs: libc::user_regs_struct = unsafe { std::mem::zeroed() };
            unsafe { libc::ptrace(libc::PTRACE_GETREGS, pid, 0, &mut regs) };
            if !in_call {
                let a = [regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9];
                dec.entry(&mut rec, regs.orig_rax, a, &mut mem);
                in_call = true;
            } else {
                dec.exit(&mut rec, regs.rax as i64, &mut mem);
                let mut s = String::new();
                rec.write_text(&mut s);
                writeln!(out, "{s}").unwrap();
                in_call = false;
            }
        } else if libc::WIFSTOPPED(status) && status >> 16 == 0 {
            sig = libc::WSTOPSIG(status);
        }
        unsafe { libc::ptrace(libc::PTRACE_SYSCALL, pid, 0, sig) };
    }
}
