// Batch B corpus: credentials (get/set uid/gid families, groups, fsuid, capget/capset).
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *const BAD = (char *)8;

int main(void) {
  syscall(SYS_getuid);
  syscall(SYS_getgid);
  syscall(SYS_geteuid);
  syscall(SYS_getegid);
  syscall(SYS_setuid, 0);
  syscall(SYS_setuid, -1);
  syscall(SYS_setgid, 0);
  syscall(SYS_setreuid, -1, -1);
  syscall(SYS_setreuid, 0, 0);
  syscall(SYS_setregid, -1, 0);
  syscall(SYS_setresuid, -1, -1, -1);
  syscall(SYS_setresgid, 0, -1, 0);
  unsigned r, e, s;
  syscall(SYS_getresuid, &r, &e, &s);
  syscall(SYS_getresgid, &r, &e, &s);
  syscall(SYS_getresuid, BAD, &e, &s);
  unsigned list[64];
  int n = syscall(SYS_getgroups, 0, NULL);
  syscall(SYS_getgroups, 64, list);
  syscall(SYS_getgroups, 64, BAD);
  syscall(SYS_getgroups, -1, list);
  if (n >= 0) syscall(SYS_setgroups, n < 64 ? n : 64, list);
  unsigned g2[3] = {0, 65534, 4294967295u};
  syscall(SYS_setgroups, 2, g2);
  syscall(SYS_setgroups, 3, g2);
  syscall(SYS_setgroups, 0, NULL);
  syscall(SYS_setgroups, 1, BAD);
  syscall(SYS_setgroups, n < 64 ? n : 64, list);
  syscall(SYS_setfsuid, -1);
  syscall(SYS_setfsuid, 0);
  syscall(SYS_setfsgid, 0);
  syscall(SYS_setfsgid, -1);
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  syscall(SYS_capget, &h, d);
  syscall(SYS_capset, &h, d);
  h.version = 0x12345;
  syscall(SYS_capget, &h, d);
  h.version = _LINUX_CAPABILITY_VERSION_1;
  syscall(SYS_capget, &h, d);
  h.version = _LINUX_CAPABILITY_VERSION_3;
  d[0].effective = 1 | (1 << 5); d[0].permitted = 0xffffffff; d[0].inheritable = 0;
  d[1].effective = 0x3; d[1].permitted = 0xff; d[1].inheritable = 0x80000000;
  syscall(SYS_capset, &h, d);
  syscall(SYS_capget, &h, NULL);
  syscall(SYS_capget, BAD, d);
  syscall(SYS_capget, &h, BAD);
  return 0;
}
