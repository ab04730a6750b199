/* batch D: file-descriptor and path calls numbered 300-471 (statx, openat2, renameat2,
 * faccessat2, close_range, memfd_create, copy_file_range, preadv2/pwritev2, execveat,
 * syncfs), with valid, failing and hostile arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/tmp/d_files.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	if (write(fd, "hello world\n", 12) != 12)
		return 1;
	syscall(SYS_syncfs, fd);
	syscall(SYS_syncfs, -1);

	syscall(SYS_renameat2, AT_FDCWD, "/tmp/d_files.txt", AT_FDCWD, "/tmp/d_files_b.txt", 0);
	syscall(SYS_renameat2, AT_FDCWD, "/tmp/d_files_b.txt", AT_FDCWD, "/tmp/d_files.txt", 1 /* RENAME_NOREPLACE */);
	syscall(SYS_renameat2, 5, "/nonexistent", AT_FDCWD, "/x", 7);
	syscall(SYS_renameat2, AT_FDCWD, "/nonexistent", AT_FDCWD, "/x", 0xfffffff8);

	char sx[256];
	memset(sx, 0, sizeof sx);
	syscall(SYS_statx, AT_FDCWD, "/tmp/d_files.txt", 0, STATX_BASIC_STATS, sx);
	syscall(SYS_statx, AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS, sx);
	syscall(SYS_statx, AT_FDCWD, "/", AT_SYMLINK_NOFOLLOW, STATX_ALL, sx);
	syscall(SYS_statx, fd, "", AT_EMPTY_PATH, 0xffffffff, sx);
	syscall(SYS_statx, AT_FDCWD, "/nonexistent", AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC, 0, sx);
	syscall(SYS_statx, AT_FDCWD, "/dev/null", 0xffff, 0x80000000, sx);
	syscall(SYS_statx, AT_FDCWD, "/", 0x2001, 0, sx);
	syscall(SYS_statx, AT_FDCWD, "/", 0x6000, 0x1000, sx);
	syscall(SYS_statx, AT_FDCWD, "/", AT_STATX_SYNC_AS_STAT, 0x7fff, NULL);

	syscall(SYS_faccessat2, AT_FDCWD, "/tmp/d_files.txt", R_OK | W_OK, AT_EACCESS);
	syscall(SYS_faccessat2, AT_FDCWD, "/tmp", 0xf0, 0xffff);
	syscall(SYS_faccessat2, AT_FDCWD, "/tmp", F_OK, 0);

	syscall(SYS_close_range, 100, 200, 0);
	syscall(SYS_close_range, 100, ~0U, 6);
	syscall(SYS_close_range, 100, 200, 0xff);
	syscall(SYS_close_range, -1, -1, CLOSE_RANGE_UNSHARE);

	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH };
	syscall(SYS_openat2, AT_FDCWD, "/tmp/d_files.txt", &how, sizeof how);
	how.flags = O_CREAT | O_WRONLY;
	how.mode = 0600;
	how.resolve = 0xff;
	syscall(SYS_openat2, AT_FDCWD, "/tmp/d_files_c.txt", &how, sizeof how);
	how.flags = O_TMPFILE | O_RDWR;
	how.resolve = 0;
	syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &how, sizeof how);
	syscall(SYS_openat2, AT_FDCWD, "/tmp/d_files_c.txt", NULL, 24);
	syscall(SYS_openat2, AT_FDCWD, "/tmp/d_files_c.txt", &how, 16);
	struct {
		struct open_how h;
		char more[40];
	} big;
	memset(&big, 0, sizeof big);
	syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &big, sizeof big);
	memset(big.more, 'x', sizeof big.more);
	syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &big, sizeof big);

	int m = syscall(SYS_memfd_create, "d_test", 0);
	syscall(SYS_memfd_create, "d_test_with_a_very_long_name_that_exceeds_limit", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	syscall(SYS_memfd_create, "x", 0xfff0);
	syscall(SYS_memfd_create, NULL, 0);
	syscall(SYS_memfd_create, "huge", MFD_HUGETLB | (21U << 26));
	syscall(SYS_memfd_create, "huge", MFD_CLOEXEC | 0x10000 | (30U << 26));
	syscall(SYS_memfd_create, "huge", 0x10000 | (30U << 26));

	loff_t oi = 0, oo = 3;
	syscall(SYS_copy_file_range, fd, &oi, m, &oo, 5, 0);
	syscall(SYS_copy_file_range, fd, NULL, m, NULL, 5, 0);
	syscall(SYS_copy_file_range, -1, (void *)1, m, NULL, 5, 7);

	char b1[8], b2[32];
	struct iovec iov[2] = { { b1, 8 }, { b2, 32 } };
	syscall(SYS_preadv2, fd, iov, 2, 0, 0, 0);
	syscall(SYS_preadv2, fd, iov, 2, 100, 0, RWF_HIPRI | RWF_NOWAIT);
	syscall(SYS_preadv2, fd, iov, 2, 3, 0, 0xff);
	syscall(SYS_preadv2, fd, NULL, 2, 3, 0, 0);
	syscall(SYS_preadv2, -1, NULL, -1L, 0, 0, 0);
	struct iovec w[1] = { { "abcdef", 6 } };
	syscall(SYS_pwritev2, fd, w, 1, 0, 0, RWF_DSYNC | RWF_APPEND);
	syscall(SYS_pwritev2, fd, w, 1, 2, 0, 0);
	syscall(SYS_pwritev2, -1, w, 1, -1L, 0, 0);

	char *argv[] = { "/nonexistent", "a", NULL };
	char *envp[] = { "A=1", NULL };
	syscall(SYS_execveat, AT_FDCWD, "/nonexistent", argv, envp, 0);
	syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | 0x10000000);

	close(m);
	close(fd);
	unlink("/tmp/d_files.txt");
	unlink("/tmp/d_files_c.txt");
	return 0;
}
