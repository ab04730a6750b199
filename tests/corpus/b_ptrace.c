// corpus: no-follow (it ptraces its own child, which a following tracer prevents)
// Batch B corpus: ptrace on a real tracee (a forked child that stops itself), so the
// successful requests show what they return, plus failing ones.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static long word = 0x1122334455667788L;

int main(void) {
  pid_t child = fork();
  if (child == 0) {
    syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    _exit(7);
  }
  int st;
  syscall(SYS_wait4, child, &st, 0, NULL);
  long data = 0;
  syscall(SYS_ptrace, PTRACE_PEEKDATA, child, &word, &data);
  syscall(SYS_ptrace, PTRACE_PEEKUSER, child, 8 * 15, &data);
  syscall(SYS_ptrace, PTRACE_POKEDATA, child, &word, 0x42L);
  siginfo_t si;
  syscall(SYS_ptrace, PTRACE_GETSIGINFO, child, NULL, &si);
  syscall(SYS_ptrace, PTRACE_SETOPTIONS, child, NULL, PTRACE_O_TRACEEXIT | PTRACE_O_TRACESYSGOOD);
  unsigned long msg;
  syscall(SYS_ptrace, PTRACE_GETEVENTMSG, child, NULL, &msg);
  struct user_regs_struct regs;
  syscall(SYS_ptrace, PTRACE_GETREGS, child, NULL, &regs);
  unsigned long mask;
  syscall(SYS_ptrace, PTRACE_GETSIGMASK, child, sizeof mask, &mask);
  syscall(SYS_ptrace, PTRACE_PEEKDATA, child, (void *)8, &data);
  syscall(SYS_ptrace, PTRACE_CONT, child, NULL, 0);
  syscall(SYS_wait4, child, &st, 0, NULL);
  syscall(SYS_ptrace, PTRACE_GETEVENTMSG, child, NULL, &msg);
  syscall(SYS_ptrace, PTRACE_DETACH, child, NULL, 0);
  syscall(SYS_wait4, child, &st, 0, NULL);
  return 0;
}
