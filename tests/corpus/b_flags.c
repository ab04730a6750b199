// Batch B corpus: every flag word of batch B with all bits set, to pin strace's
// printing order and its leftover/placeholder spelling. Every call fails harmlessly.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const unsigned long all = 0xffffffffUL;
  syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0x3fffffffUL, NULL);
  syscall(SYS_umount2, "/nonexistent", all);
  syscall(SYS_swapon, "/nonexistent", all);
  syscall(SYS_mlockall, all);
  syscall(SYS_delete_module, "nonexistent_mod", all);
  stack_t ss = {.ss_sp = NULL, .ss_flags = (int)all, .ss_size = 0};
  syscall(SYS_sigaltstack, &ss, NULL);
  int fd = open("/tmp/b_flags_file", O_CREAT | O_RDWR, 0600);
  syscall(SYS_fcntl, fd, F_NOTIFY, all);
  syscall(SYS_fcntl, fd, F_SETFD, all);
  int mfd = syscall(SYS_memfd_create, "b", 2);
  syscall(SYS_fcntl, mfd, F_ADD_SEALS, all);
  syscall(SYS_ptrace, PTRACE_SETOPTIONS, 999999, 0, all);
  syscall(SYS_setxattr, "/tmp/b_flags_file", "user.x", "v", 1, all);
  char m[16] = {1};
  syscall(SYS_msgsnd, -1, m, 1, all);
  short sb[3] = {0, 0, -1};
  syscall(SYS_semop, -1, sb, 1);
  // Each object made here is removed at once.
  syscall(SYS_semctl, syscall(SYS_semget, 0, 1, all), 0, 0, 0);
  syscall(SYS_msgctl, syscall(SYS_msgget, 0, 0), 0, NULL);
  syscall(SYS_msgctl, syscall(SYS_msgget, 0x7fff0001, 0x1234), 0, NULL);
  syscall(SYS_flock, fd, all);
  syscall(SYS_unlink, "/tmp/b_flags_file");
  syscall(SYS_personality, 0x0ffe0000UL);
  syscall(SYS_personality, 0xffUL);
  syscall(SYS_personality, 0UL);
  return 0;
}
