// Batch B corpus: file and descriptor calls (60-199): truncate..umask, mknod, utime,
// statfs, flock, fsync, getdents, getcwd, fcntl.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utime.h>

#define LONGNAME "/tmp/b_files_a_rather_long_name_exceeding_thirty_two_bytes"
static char *const BAD = (char *)8;

int main(void) {
  char buf[4096];
  const char *d = "/tmp/b_files_dir";
  syscall(SYS_rmdir, "/tmp/b_files_dir/sub");
  syscall(SYS_unlink, "/tmp/b_files_dir/f");
  syscall(SYS_unlink, "/tmp/b_files_dir/l");
  syscall(SYS_unlink, "/tmp/b_files_dir/h");
  syscall(SYS_unlink, "/tmp/b_files_dir/fifo");
  syscall(SYS_unlink, "/tmp/b_files_dir/g");
  syscall(SYS_rmdir, d);
  syscall(SYS_mkdir, d, 0755);
  syscall(SYS_mkdir, d, 0755);
  syscall(SYS_mkdir, BAD, 0);
  syscall(SYS_mkdir, LONGNAME, 01777);
  syscall(SYS_rmdir, LONGNAME);
  syscall(SYS_chdir, d);
  syscall(SYS_chdir, "/nonexistent");
  syscall(SYS_getcwd, buf, sizeof buf);
  syscall(SYS_getcwd, buf, 2);
  syscall(SYS_getcwd, BAD, 100);
  int fd = syscall(SYS_creat, "f", 0644);
  syscall(SYS_creat, "/nonexistent/x", 0600);
  syscall(SYS_write, fd, "hello world", 11);
  syscall(SYS_truncate, "f", 5L);
  syscall(SYS_truncate, "f", -1L);
  syscall(SYS_truncate, BAD, 0L);
  syscall(SYS_ftruncate, fd, 3L);
  syscall(SYS_ftruncate, 999, 3L);
  syscall(SYS_fsync, fd);
  syscall(SYS_fdatasync, fd);
  syscall(SYS_fsync, -1);
  syscall(SYS_readahead, fd, 0L, 4096L);
  syscall(SYS_readahead, -1, -1L, 0L);
  syscall(SYS_flock, fd, LOCK_EX);
  syscall(SYS_flock, fd, LOCK_SH | LOCK_NB);
  syscall(SYS_flock, fd, LOCK_UN);
  syscall(SYS_flock, fd, LOCK_MAND | LOCK_READ);
  syscall(SYS_flock, fd, 0x1000);
  syscall(SYS_flock, fd, 0);
  syscall(SYS_link, "f", "h");
  syscall(SYS_link, "f", "h");
  syscall(SYS_symlink, "f", "l");
  syscall(SYS_symlink, LONGNAME, "g");
  syscall(SYS_readlink, "l", buf, sizeof buf);
  syscall(SYS_readlink, "g", buf, 10);
  syscall(SYS_readlink, "f", buf, sizeof buf);
  syscall(SYS_readlink, "l", BAD, 10);
  syscall(SYS_rename, "h", "h2");
  syscall(SYS_rename, "h2", "h");
  syscall(SYS_rename, "nonexistent", BAD);
  syscall(SYS_chmod, "f", 0600);
  syscall(SYS_chmod, "f", 07777);
  syscall(SYS_chmod, "f", 0170644);
  syscall(SYS_fchmod, fd, 0644);
  syscall(SYS_fchmod, fd, 04755);
  syscall(SYS_chown, "f", 0, 0);
  syscall(SYS_chown, "f", -1, -1);
  syscall(SYS_fchown, fd, 65534, -1);
  syscall(SYS_lchown, "l", -1, 0);
  syscall(SYS_lchown, "nonexistent", 1, 2);
  syscall(SYS_umask, 022);
  syscall(SYS_umask, 0777777);
  syscall(SYS_umask, 022);
  syscall(SYS_mknod, "fifo", S_IFIFO | 0600, 0);
  syscall(SYS_mknod, "cdev", S_IFCHR | 0600, makedev(1, 3));
  syscall(SYS_mknod, "bdev", S_IFBLK | 0600, makedev(259, 0x12345));
  syscall(SYS_mknod, "reg", 0600, 0);
  syscall(SYS_mknod, "sock", S_IFSOCK | 0600, makedev(1, 2));
  syscall(SYS_mknod, "lnk", S_IFLNK | 0600, makedev(1, 2));
  syscall(SYS_unlink, "sock");
  syscall(SYS_unlink, "cdev");
  syscall(SYS_unlink, "bdev");
  syscall(SYS_unlink, "reg");
  struct utimbuf ub = {1000000000, 1200000000};
  syscall(SYS_utime, "f", &ub);
  syscall(SYS_utime, "f", NULL);
  syscall(SYS_utime, "f", BAD);
  struct statfs_ { char b[120]; } sf;
  syscall(SYS_statfs, "/", &sf);
  syscall(SYS_statfs, "/proc", &sf);
  syscall(SYS_statfs, "/nonexistent", &sf);
  syscall(SYS_statfs, "/", BAD);
  syscall(SYS_fstatfs, fd, &sf);
  syscall(SYS_fstatfs, -1, &sf);
  const char *fss[] = {"/sys", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys/fs/cgroup", "/proc/sys/fs/binfmt_misc", "/sys/kernel/debug", "/sys/kernel/security", "/sys/fs/bpf", "/sys/kernel/tracing", "/sys/fs/pstore"};
  for (unsigned i = 0; i < sizeof fss / sizeof *fss; i++) syscall(SYS_statfs, fss[i], &sf);
  syscall(SYS_ustat, makedev(8, 1), buf);
  syscall(SYS_sysfs, 1, "ext4");
  syscall(SYS_sysfs, 2, 0, buf);
  syscall(SYS_sysfs, 3);
  syscall(SYS_sysfs, 4, 1, 2);
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  syscall(SYS_getdents, dfd, buf, sizeof buf);
  syscall(SYS_getdents, dfd, buf, sizeof buf);
  syscall(SYS_getdents, -1, buf, sizeof buf);
  syscall(SYS_fchdir, dfd);
  syscall(SYS_fchdir, fd);
  syscall(SYS_unlink, "f");
  syscall(SYS_unlink, "nonexistent");
  syscall(SYS_unlink, "l");
  syscall(SYS_unlink, "g");
  syscall(SYS_unlink, "h");
  syscall(SYS_unlink, "fifo");
  syscall(SYS_chdir, "/");
  syscall(SYS_rmdir, d);
  syscall(SYS_rmdir, "/nonexistent");
  syscall(SYS_chroot, "/");
  syscall(SYS_chroot, "/nonexistent");
  syscall(SYS_acct, BAD);
  syscall(SYS_acct, "/nonexistent/acct");
  syscall(SYS_sync);
  return 0;
}
