// Batch B corpus: process attributes (uname, priorities, scheduler, rlimits, rusage,
// sysinfo, times, time of day, process groups, personality, ptrace, syslog, gettid).
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static char *const BAD = (char *)8;

int main(void) {
  char buf[4096];
  struct utsname u;
  syscall(SYS_uname, &u);
  syscall(SYS_uname, BAD);
  syscall(SYS_getpriority, PRIO_PROCESS, 0);
  syscall(SYS_getpriority, PRIO_PGRP, 0);
  syscall(SYS_getpriority, PRIO_USER, 0);
  syscall(SYS_getpriority, 7, 0);
  syscall(SYS_setpriority, PRIO_PROCESS, 0, 0);
  syscall(SYS_setpriority, PRIO_USER, -1, -5);
  struct sched_param sp = {0};
  syscall(SYS_sched_getparam, 0, &sp);
  syscall(SYS_sched_getparam, 0, BAD);
  syscall(SYS_sched_setparam, 0, &sp);
  syscall(SYS_sched_setparam, -1, &sp);
  syscall(SYS_sched_getscheduler, 0);
  syscall(SYS_sched_getscheduler, -1);
  syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
  syscall(SYS_sched_setscheduler, 0, SCHED_BATCH | SCHED_RESET_ON_FORK, &sp);
  syscall(SYS_sched_getscheduler, 0);
  syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
  syscall(SYS_sched_setscheduler, 0, 77, BAD);
  syscall(SYS_sched_get_priority_max, SCHED_FIFO);
  syscall(SYS_sched_get_priority_min, SCHED_RR);
  syscall(SYS_sched_get_priority_max, SCHED_IDLE);
  syscall(SYS_sched_get_priority_min, SCHED_DEADLINE);
  syscall(SYS_sched_get_priority_max, 99);
  struct timespec ts;
  syscall(SYS_sched_rr_get_interval, 0, &ts);
  syscall(SYS_sched_rr_get_interval, 0, BAD);
  struct rlimit rl;
  syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
  syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl);
  syscall(SYS_getrlimit, RLIMIT_STACK, &rl);
  syscall(SYS_getrlimit, 99, &rl);
  syscall(SYS_setrlimit, RLIMIT_CORE, BAD);
  struct rusage ru;
  syscall(SYS_getrusage, RUSAGE_SELF, &ru);
  syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
  syscall(SYS_getrusage, RUSAGE_THREAD, &ru);
  syscall(SYS_getrusage, 5, &ru);
  syscall(SYS_getrusage, RUSAGE_SELF, BAD);
  char si[128];
  syscall(SYS_sysinfo, si);
  syscall(SYS_sysinfo, BAD);
  struct tms t;
  syscall(SYS_times, &t);
  syscall(SYS_times, NULL);
  struct timeval tv;
  struct timezone tz;
  syscall(SYS_gettimeofday, &tv, &tz);
  syscall(SYS_gettimeofday, &tv, NULL);
  syscall(SYS_gettimeofday, NULL, NULL);
  tv.tv_sec = 0; tv.tv_usec = 1000001;
  syscall(SYS_settimeofday, &tv, NULL);
  tv.tv_sec = -5; tv.tv_usec = -1;
  syscall(SYS_settimeofday, &tv, NULL);
  tz.tz_minuteswest = -60; tz.tz_dsttime = 1;
  syscall(SYS_settimeofday, BAD, &tz);
  syscall(SYS_setpgid, 0, 0);
  syscall(SYS_setpgid, -1, 5);
  syscall(SYS_getpgrp);
  syscall(SYS_getpgid, 0);
  syscall(SYS_getpgid, -1);
  syscall(SYS_getsid, 0);
  syscall(SYS_setsid);
  syscall(SYS_gettid);
  int st;
  pid_t child = fork();
  if (child == 0) _exit(3);
  syscall(SYS_wait4, child, &st, 0, &ru);
  syscall(SYS_wait4, -1, &st, WNOHANG, NULL);
  syscall(SYS_wait4, -1, BAD, __WALL, BAD);
  syscall(SYS_personality, 0xffffffff);
  syscall(SYS_personality, PER_LINUX | ADDR_NO_RANDOMIZE);
  syscall(SYS_personality, 0xffffffff);
  syscall(SYS_personality, PER_LINUX);
  syscall(SYS_personality, PER_SVR4 | 0x8000000);
  syscall(SYS_personality, PER_LINUX);
  syscall(SYS_ptrace, PTRACE_PEEKDATA, 1, 0, buf);
  syscall(SYS_ptrace, PTRACE_CONT, 999999, 0, SIGINT);
  syscall(SYS_ptrace, PTRACE_ATTACH, 999999, 0, 0);
  syscall(SYS_ptrace, PTRACE_GETREGS, 999999, 0, buf);
  syscall(SYS_ptrace, PTRACE_SETOPTIONS, 999999, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
  syscall(SYS_ptrace, PTRACE_GETEVENTMSG, 999999, 0, buf);
  syscall(SYS_ptrace, PTRACE_SEIZE, 999999, 0, PTRACE_O_TRACECLONE);
  syscall(SYS_ptrace, PTRACE_POKEUSER, 999999, 8, 0x1234);
  syscall(SYS_ptrace, PTRACE_PEEKUSER, 999999, 8, buf);
  syscall(SYS_ptrace, PTRACE_DETACH, 999999, 0, SIGTERM);
  syscall(SYS_ptrace, PTRACE_KILL, 999999, 0, 0);
  syscall(SYS_ptrace, 0x4299, 999999, 1, 2);
  syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
  syscall(SYS_ptrace, PTRACE_PEEKUSER, 999999, 0, buf);
  syscall(SYS_ptrace, PTRACE_PEEKUSER, 999999, 120, buf);
  syscall(SYS_ptrace, PTRACE_PEEKUSER, 999999, 216, buf);
  syscall(SYS_ptrace, PTRACE_GETSIGINFO, 999999, 0, buf);
  syscall(SYS_ptrace, PTRACE_GETSIGMASK, 999999, 8, buf);
  syscall(SYS_ptrace, PTRACE_INTERRUPT, 999999, 0, 0);
  syscall(SYS_ptrace, PTRACE_SYSCALL, 999999, 0, 0);
  syscall(SYS_ptrace, PTRACE_SETOPTIONS, 999999, 0, 0x800000);
  syscall(SYS_syslog, 10, NULL, 0);
  syscall(SYS_syslog, 0, NULL, 0);
  syscall(SYS_syslog, 1, NULL, 0);
  syscall(SYS_syslog, 9, NULL, 0);
  syscall(SYS_syslog, 3, buf, 16);
  syscall(SYS_syslog, 99, buf, 10);
  syscall(SYS_syslog, 2, BAD, 10);
  return 0;
}
