// Batch B corpus: signals (rt_sigpending, rt_sigtimedwait, rt_sigqueueinfo,
// rt_sigsuspend, sigaltstack).
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char *const BAD = (char *)8;
static void h(int s) { (void)s; }

int main(void) {
  unsigned long set = 0, old;
  signal(SIGUSR1, h);
  syscall(SYS_rt_sigpending, &set, 8);
  syscall(SYS_rt_sigpending, BAD, 8);
  syscall(SYS_rt_sigpending, &set, 4);
  unsigned long blk = (1UL << (SIGUSR1 - 1)) | (1UL << (SIGUSR2 - 1)) | (1UL << (SIGRTMIN + 1 - 1));
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &blk, &old, 8);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR1;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_uid = 0;
  si.si_value.sival_int = 42;
  syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si);
  syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, BAD);
  syscall(SYS_rt_sigqueueinfo, -1, 0, &si);
  syscall(SYS_rt_sigpending, &set, 8);
  struct timespec ts = {0, 1000};
  siginfo_t got;
  syscall(SYS_rt_sigtimedwait, &blk, &got, &ts, 8);
  syscall(SYS_rt_sigtimedwait, &blk, &got, &ts, 8);
  kill(getpid(), SIGUSR2);
  syscall(SYS_rt_sigtimedwait, &blk, NULL, NULL, 8);
  kill(getpid(), SIGRTMIN + 1);
  syscall(SYS_rt_sigtimedwait, &blk, &got, NULL, 8);
  syscall(SYS_rt_sigtimedwait, BAD, &got, &ts, 8);
  syscall(SYS_rt_sigtimedwait, &blk, &got, BAD, 8);
  syscall(SYS_rt_sigtimedwait, &blk, &got, &ts, 7);
  kill(getpid(), SIGUSR1);
  unsigned long none = 0;
  syscall(SYS_rt_sigsuspend, &none, 8);
  syscall(SYS_rt_sigsuspend, BAD, 8);
  syscall(SYS_rt_sigsuspend, &none, 4);
  static char stk[16384];
  stack_t ss = {.ss_sp = stk, .ss_flags = 0, .ss_size = sizeof stk}, os;
  syscall(SYS_sigaltstack, &ss, &os);
  syscall(SYS_sigaltstack, NULL, &os);
  ss.ss_flags = (int)(1U << 31);
  syscall(SYS_sigaltstack, &ss, NULL);
  ss.ss_flags = SS_DISABLE;
  syscall(SYS_sigaltstack, &ss, &os);
  ss.ss_flags = 0x10;
  syscall(SYS_sigaltstack, &ss, NULL);
  syscall(SYS_sigaltstack, BAD, BAD);
  syscall(SYS_sigaltstack, NULL, NULL);
  return 0;
}
