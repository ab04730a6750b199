/* *at file calls, utimes/futimesat/utimensat, getdents64: realistic and hostile. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define LONGNAME "/tmp/c_at_files_a_name_longer_than_thirty_two_bytes_for_truncation"

int main(void)
{
	char buf[4096];
	const char *d = "/tmp/c_at_files.d";
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/f", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/g", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/l", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/n", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/c", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/b", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_at_files.d/r", 0);
	syscall(SYS_unlinkat, AT_FDCWD, d, AT_REMOVEDIR);
	syscall(SYS_mkdirat, AT_FDCWD, d, 0755);
	syscall(SYS_mkdirat, AT_FDCWD, d, 01777);
	syscall(SYS_mkdirat, -1, "rel", 0700);
	syscall(SYS_mkdirat, AT_FDCWD, NULL, 0);
	int dfd = syscall(SYS_openat, AT_FDCWD, d, O_RDONLY | O_DIRECTORY);
	syscall(SYS_mknodat, dfd, "n", S_IFIFO | 0644, 0);
	syscall(SYS_mknodat, dfd, "c", S_IFCHR | 0600, makedev(1, 3));
	syscall(SYS_mknodat, dfd, "b", S_IFBLK | 0600, makedev(8, 1));
	syscall(SYS_mknodat, dfd, "r", S_IFREG | 0600, 0x12345);
	syscall(SYS_mknodat, dfd, "s", 0177777, 0);
	int fd = syscall(SYS_openat, dfd, "f", O_CREAT | O_WRONLY, 0644);
	write(fd, "hello", 5);
	syscall(SYS_fchownat, dfd, "f", 0, 0, 0);
	syscall(SYS_fchownat, dfd, "f", -1, -1, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_fchownat, dfd, "", 1000, 1000, AT_EMPTY_PATH | 0x10000000);
	syscall(SYS_fchownat, AT_FDCWD, LONGNAME, 1, 2, 0);
	struct timeval tv[2] = {{1, 2}, {3, 4}};
	syscall(SYS_futimesat, dfd, "f", tv);
	syscall(SYS_futimesat, dfd, "f", NULL);
	syscall(SYS_futimesat, dfd, "f", (void *)1);
	syscall(SYS_utimes, "/tmp/c_at_files.d/f", tv);
	syscall(SYS_utimes, "/tmp/c_at_files.d/f", NULL);
	syscall(SYS_utimes, LONGNAME, (void *)8);
	struct timespec ts[2] = {{5, 6}, {0, UTIME_NOW}};
	syscall(SYS_utimensat, dfd, "f", ts, 0);
	struct timespec ts2[2] = {{0, UTIME_OMIT}, {7, 999999999}};
	syscall(SYS_utimensat, dfd, "f", ts2, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_utimensat, fd, NULL, NULL, 0);
	syscall(SYS_utimensat, dfd, "f", (void *)16, 0x4000);
	syscall(SYS_linkat, dfd, "f", dfd, "g", 0);
	syscall(SYS_linkat, AT_FDCWD, "/nonexistent", AT_FDCWD, LONGNAME, AT_SYMLINK_FOLLOW | AT_EMPTY_PATH);
	syscall(SYS_linkat, dfd, "f", dfd, "g", 0xffff);
	syscall(SYS_symlinkat, "f", dfd, "l");
	syscall(SYS_symlinkat, LONGNAME, AT_FDCWD, "/nonexistent/x");
	syscall(SYS_readlinkat, dfd, "l", buf, sizeof buf);
	syscall(SYS_readlinkat, dfd, "l", buf, 0);
	syscall(SYS_readlinkat, dfd, "f", buf, 10);
	syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf, 3);
	syscall(SYS_readlinkat, dfd, "l", NULL, 10);
	syscall(SYS_fchmodat, dfd, "f", 0600, 0);
	syscall(SYS_fchmodat, dfd, "f", 04755, 0);
	syscall(SYS_fchmodat, AT_FDCWD, LONGNAME, 0177777, 0x100);
	syscall(SYS_faccessat, dfd, "f", R_OK | W_OK, 0);
	syscall(SYS_faccessat, dfd, "f", F_OK, 0);
	syscall(SYS_faccessat, dfd, "f", 0x10, AT_EACCESS);
	syscall(SYS_faccessat, -100, LONGNAME, X_OK, 0);
	syscall(SYS_renameat, dfd, "g", dfd, "g2");
	syscall(SYS_renameat, dfd, "g2", AT_FDCWD, "/tmp/c_at_files.d/g");
	syscall(SYS_renameat, dfd, "nope", -1, "x");
	int dd = syscall(SYS_openat, AT_FDCWD, d, O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents64, dd, buf, sizeof buf);
	syscall(SYS_getdents64, dd, buf, sizeof buf);
	syscall(SYS_getdents64, dd, NULL, 0);
	syscall(SYS_getdents64, -1, buf, 100);
	close(dd);
	syscall(SYS_unlinkat, dfd, "f", 0);
	syscall(SYS_unlinkat, dfd, "g", 0);
	syscall(SYS_unlinkat, dfd, "l", 0);
	syscall(SYS_unlinkat, dfd, "n", 0);
	syscall(SYS_unlinkat, dfd, "c", 0);
	syscall(SYS_unlinkat, dfd, "b", 0);
	syscall(SYS_unlinkat, dfd, "r", 0);
	syscall(SYS_unlinkat, dfd, "nope", 0x7);
	syscall(SYS_unlinkat, AT_FDCWD, d, AT_REMOVEDIR);
	close(fd);
	close(dfd);
	return 0;
}
