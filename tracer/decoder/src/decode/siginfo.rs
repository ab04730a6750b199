//! `siginfo_t` as strace prints it in `--- SIGCHLD {...} ---` lines and in waitid().
use super::display::{self, ConstStyle};
use super::fmt;
use crate::generated::tables as gen;
use std::fmt::Write;

fn i32_at(b: &[u8], o: usize) -> i32 {
    i32::from_le_bytes(b[o..o + 4].try_into().unwrap())
}
fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes(b[o..o + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], o: usize) -> u64 {
    u64::from_le_bytes(b[o..o + 8].try_into().unwrap())
}

/// The si_code table for a signal's kernel-generated codes (positive values).
fn code_table(signo: i32) -> Option<&'static super::vocab::EnumTable> {
    Some(match signo {
        17 => &gen::ENUM_CLD_CODES,
        11 => &gen::ENUM_SEGV_CODES,
        7 => &gen::ENUM_BUS_CODES,
        4 => &gen::ENUM_ILL_CODES,
        8 => &gen::ENUM_FPE_CODES,
        5 => &gen::ENUM_TRAP_CODES,
        29 => &gen::ENUM_POLL_CODES,
        31 => &gen::ENUM_SYS_CODES,
        _ => return None,
    })
}

/// Appends the braces as `-X` says (`si_signo=17, si_code=0x1` raw, names in comments
/// verbose); returns where `si_pid` stands in `out` and its value, when the signal
/// carries a sender's pid (the one pid-typed field of a siginfo).
pub fn render_styled(
    out: &mut String,
    b: &[u8; 128],
    style: ConstStyle,
) -> Option<(usize, usize, i32)> {
    let signo = i32_at(b, 0);
    let errno = i32_at(b, 4);
    let code = i32_at(b, 8);
    out.push_str("{si_signo=");
    display::signal(out, signo, style);
    out.push_str(", si_code=");
    let kernel_code = code > 0 && code != 0x80;
    let name = if kernel_code {
        code_table(signo).and_then(|t| t.name_of(code as i64))
    } else {
        gen::ENUM_SI_CODES.name_of(code as i64)
    };
    display::named(
        out,
        style,
        |o| fmt::hex(o, code as u32 as u64),
        |o| match name {
            Some(n) => o.push_str(n),
            None => fmt::int(o, code as i64),
        },
    );
    if errno != 0 {
        out.push_str(", si_errno=");
        match super::render::errno_name(errno) {
            Some(n) => out.push_str(n),
            None => fmt::int(out, errno as i64),
        }
    }
    let mut pid_at = None;
    let mut pid_uid = |out: &mut String| {
        out.push_str(", si_pid=");
        let start = out.len();
        fmt::int(out, i32_at(b, 16) as i64);
        pid_at = Some((start, out.len(), i32_at(b, 16)));
        let _ = write!(out, ", si_uid={}", u32_at(b, 20));
    };
    // strace 6.1 shows sigval only when it is set, as two flat fields.
    let value = |out: &mut String| {
        let v = u64_at(b, 24);
        if v != 0 {
            let _ = write!(out, ", si_int={}, si_ptr=", v as i32);
            fmt::address(out, v);
        }
    };
    match code {
        0 | -6 => pid_uid(out),
        -1 | -3 => {
            pid_uid(out);
            value(out);
        }
        -2 => {
            out.push_str(", si_timerid=");
            fmt::hex(out, u32_at(b, 16) as u64);
            let _ = write!(out, ", si_overrun={}", i32_at(b, 20));
            value(out);
        }
        c if c > 0 && c != 0x80 => match signo {
            17 => {
                pid_uid(out);
                out.push_str(", si_status=");
                if code == 1 {
                    fmt::int(out, i32_at(b, 24) as i64);
                } else {
                    // The signal that stopped, continued or killed it: named as -X says.
                    display::signal(out, i32_at(b, 24), style);
                }
                let _ = write!(
                    out,
                    ", si_utime={}, si_stime={}",
                    u64_at(b, 32),
                    u64_at(b, 40)
                );
            }
            4 | 7 | 8 | 11 | 5 => {
                out.push_str(", si_addr=");
                fmt::address(out, u64_at(b, 16));
            }
            29 => {
                let _ = write!(
                    out,
                    ", si_band={}, si_fd={}",
                    u64_at(b, 16) as i64,
                    i32_at(b, 24)
                );
            }
            31 => {
                out.push_str(", si_call_addr=");
                fmt::address(out, u64_at(b, 16));
                out.push_str(", si_syscall=");
                let (nr, arch) = (i32_at(b, 24), u32_at(b, 28));
                // strace names the call of its own architecture: `__NR_uname`.
                match super::render::syscall_name(nr as u64).filter(|_| arch == 0xc000003e) {
                    Some(name) if nr >= 0 => {
                        out.push_str("__NR_");
                        out.push_str(name);
                    }
                    _ => {
                        let _ = write!(out, "{nr}");
                    }
                }
                out.push_str(", si_arch=");
                match arch {
                    0xc000003e => out.push_str("AUDIT_ARCH_X86_64"),
                    a => fmt::hex(out, a as u64),
                }
            }
            _ => {}
        },
        _ => {}
    }
    out.push('}');
    pid_at
}

#[cfg(test)]
mod tests {
    use super::{render_styled, ConstStyle};

    fn render(out: &mut String, b: &[u8; 128]) -> Option<(usize, usize, i32)> {
        render_styled(out, b, ConstStyle::Abbrev)
    }

    fn info(signo: i32, code: i32, words: &[(usize, u64)]) -> [u8; 128] {
        let mut b = [0u8; 128];
        b[0..4].copy_from_slice(&signo.to_le_bytes());
        b[8..12].copy_from_slice(&code.to_le_bytes());
        for (off, v) in words {
            b[*off..*off + 8].copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    fn show(b: [u8; 128]) -> String {
        let mut s = String::new();
        if let Some((start, end, pid)) = render(&mut s, &b) {
            assert_eq!(
                s[start..end],
                pid.to_string(),
                "the recorded si_pid span: {s}"
            );
        }
        s
    }

    // Expected strings are strace 6.1's output for the same signals.
    #[test]
    fn siginfo_renders_as_strace_does() {
        assert_eq!(
            show(info(10, 0, &[(16, 32006)])),
            "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=32006, si_uid=0}"
        );
        assert_eq!(
            show(info(12, -6, &[(16, 32006)])),
            "{si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=32006, si_uid=0}"
        );
        assert_eq!(
            show(info(36, -1, &[(16, 32006), (24, 42)])),
            "{si_signo=SIGRT_4, si_code=SI_QUEUE, si_pid=32006, si_uid=0, si_int=42, si_ptr=0x2a}"
        );
        assert_eq!(
            show(info(14, -2, &[(24, 0x1234)])),
            "{si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=4660, si_ptr=0x1234}"
        );
        assert_eq!(
            show(info(14, 0x80, &[])),
            "{si_signo=SIGALRM, si_code=SI_KERNEL}"
        );
        assert_eq!(
            show(info(17, 1, &[(16, 32007), (24, 3)])),
            "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=32007, si_uid=0, si_status=3, si_utime=0, si_stime=0}"
        );
        assert_eq!(
            show(info(17, 2, &[(16, 32008), (24, 11)])),
            "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=32008, si_uid=0, si_status=SIGSEGV, si_utime=0, si_stime=0}"
        );
        assert_eq!(
            show(info(11, 1, &[(16, 8)])),
            "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8}"
        );
    }
}
