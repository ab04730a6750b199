// Batch B corpus: extended attributes (set/get/list/remove, path/l-/f- variants).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

static char *const BAD = (char *)8;

int main(void) {
  char buf[256];
  const char *f = "/tmp/b_xattr_file";
  int fd = open(f, O_CREAT | O_RDWR | O_TRUNC, 0600);
  syscall(SYS_symlink, f, "/tmp/b_xattr_link");
  syscall(SYS_setxattr, f, "user.foo", "bar", 3, 0);
  syscall(SYS_setxattr, f, "user.foo", "bar", 3, XATTR_CREATE);
  syscall(SYS_setxattr, f, "user.long", "a value that is definitely longer than 32 bytes", 47, XATTR_REPLACE);
  syscall(SYS_setxattr, f, "user.bin", "\1\2\0\377", 4, 0);
  syscall(SYS_setxattr, f, "user.x", "v", 1, 4);
  syscall(SYS_setxattr, f, BAD, BAD, 1, 0);
  syscall(SYS_lsetxattr, "/tmp/b_xattr_link", "user.foo", "bar", 3, 0);
  syscall(SYS_fsetxattr, fd, "user.baz", "quux", 4, XATTR_CREATE);
  syscall(SYS_fsetxattr, -1, "user.baz", "", 0, 0);
  syscall(SYS_getxattr, f, "user.foo", buf, sizeof buf);
  syscall(SYS_getxattr, f, "user.foo", NULL, 0);
  syscall(SYS_getxattr, f, "user.bin", buf, sizeof buf);
  syscall(SYS_getxattr, f, "user.long", buf, 10);
  syscall(SYS_getxattr, f, "user.none", buf, sizeof buf);
  syscall(SYS_lgetxattr, "/tmp/b_xattr_link", "user.foo", buf, sizeof buf);
  syscall(SYS_fgetxattr, fd, "user.baz", buf, sizeof buf);
  syscall(SYS_fgetxattr, fd, "user.baz", BAD, 10);
  syscall(SYS_listxattr, f, buf, sizeof buf);
  syscall(SYS_listxattr, f, NULL, 0);
  syscall(SYS_listxattr, f, buf, 3);
  syscall(SYS_llistxattr, "/tmp/b_xattr_link", buf, sizeof buf);
  syscall(SYS_flistxattr, fd, buf, sizeof buf);
  syscall(SYS_flistxattr, fd, BAD, sizeof buf);
  syscall(SYS_removexattr, f, "user.foo");
  syscall(SYS_removexattr, f, "user.foo");
  syscall(SYS_lremovexattr, "/tmp/b_xattr_link", "user.foo");
  syscall(SYS_fremovexattr, fd, "user.baz");
  syscall(SYS_fremovexattr, fd, BAD);
  syscall(SYS_unlink, "/tmp/b_xattr_link");
  syscall(SYS_unlink, f);
  return 0;
}
