// Batch B corpus: prctl options with their per-option argument shapes.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *const BAD = (char *)8;

int main(void) {
  char name[32];
  int v;
  syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_NAME, "b_prctl_test", 0, 0, 0);
  syscall(SYS_prctl, PR_SET_NAME, "a-name-longer-than-sixteen-bytes-and-32", 0, 0, 0);
  syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_NAME, BAD, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_NAME, "b_prctl", 0, 0, 0);
  syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_DUMPABLE, 1, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_DUMPABLE, 7, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_PDEATHSIG, &v, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_PDEATHSIG, &v, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PDEATHSIG, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_TIMERSLACK, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_TIMERSLACK, 50000, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_CAPBSET_READ, 21, 0, 0, 0);
  syscall(SYS_prctl, PR_CAPBSET_READ, 99, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_SECCOMP, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_SECUREBITS, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_THP_DISABLE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_THP_DISABLE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_TIMING, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_MCE_KILL_GET, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_TID_ADDRESS, &name, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PTRACER, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_MM, PR_SET_MM_START_CODE, 0, 0, 0);
  syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 1, 0, 0);
  syscall(SYS_prctl, PR_SET_VMA, 0, 0, 0, 0);
  syscall(SYS_prctl, 0x12345, 1, 2, 3, 4);
  syscall(SYS_prctl, PR_GET_FP_MODE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_TASK_PERF_EVENTS_ENABLE, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_IO_FLUSHER, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_CAPBSET_DROP, 1000, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_SPECULATION_CTRL, PR_SPEC_INDIRECT_BRANCH, PR_SPEC_ENABLE, 0, 0);
  syscall(SYS_prctl, PR_GET_PDEATHSIG, BAD, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PTRACER, -1, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_PTRACER, 12345, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_UNALIGN, &v, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_TSC, &v, 0, 0, 0);
  syscall(SYS_prctl, PR_GET_ENDIAN, &v, 0, 0, 0);
  syscall(SYS_prctl, PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_DEFAULT, 0, 0);
  // Invalid filters only: a valid one would confine the test itself.
  struct sock_filter f[1] = {{0x06, 0, 0, 0x7fff0000}};
  struct sock_fprog none = {0, f}, huge = {5000, f};
  syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &none, 0, 0);
  syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &huge, 0, 0);
  syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, BAD, 0, 0);
  syscall(SYS_prctl, PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
  syscall(SYS_prctl, PR_SET_FP_MODE, 0, 0, 0, 0);
  unsigned long long cookie = 0;
  syscall(SYS_prctl, PR_SCHED_CORE, PR_SCHED_CORE_GET, 0, 0, &cookie);
  syscall(SYS_prctl, PR_SCHED_CORE, PR_SCHED_CORE_SHARE_TO, 999999, 1, 0);
  syscall(SYS_prctl, PR_SCHED_CORE, 9, 1, 9, 5);
  return 0;
}
