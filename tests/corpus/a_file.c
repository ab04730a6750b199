/* read, write, open, close, stat, fstat, lstat, lseek, mmap, mprotect, munmap, brk,
 * pread64, pwrite64, access, pipe, getpid, execve: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	const char *path = "/tmp/a_file_corpus.txt";
	const char *longpath = "/tmp/a_file_corpus_with_a_name_longer_than_thirty_two_bytes.txt";
	int fd = syscall(SYS_open, path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	syscall(SYS_open, longpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	syscall(SYS_open, "/nonexistent/file", O_RDONLY);
	syscall(SYS_open, NULL, O_RDONLY);
	syscall(SYS_open, (void *)1, O_RDONLY);
	syscall(SYS_open, "/tmp", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | 0x40000000);
	/* Modes are printed as 16-bit octal numbers, file type bits included. */
	syscall(SYS_open, "/nonexistent/a_file_corpus", O_WRONLY | O_CREAT, 0100644);
	syscall(SYS_open, "/nonexistent/a_file_corpus", O_WRONLY | O_CREAT, 0x1ffffffffL);
	const char data[] = "some data\n\twith \"quotes\" and \\ backslash and bytes \x01\x7f\xff, longer than 32";
	syscall(SYS_write, fd, data, sizeof data - 1);
	syscall(SYS_write, fd, data, 0);
	syscall(SYS_write, -1, data, 4);
	syscall(SYS_write, fd, NULL, 4);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_lseek, fd, -5, SEEK_END);
	syscall(SYS_lseek, fd, 0, 7);
	char buf[128];
	syscall(SYS_read, fd, buf, sizeof buf);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_read, fd, buf, 10);
	syscall(SYS_read, fd, (void *)1, 10);
	syscall(SYS_read, -1, buf, 10);
	syscall(SYS_pread64, fd, buf, 5, 3);
	syscall(SYS_pwrite64, fd, "XY", 2, 1);
	syscall(SYS_pread64, fd, buf, 5, -1);
	struct stat st;
	syscall(SYS_stat, path, &st);
	syscall(SYS_stat, "/dev/null", &st);
	syscall(SYS_stat, "/nonexistent", &st);
	syscall(SYS_fstat, fd, &st);
	syscall(SYS_fstat, fd, NULL);
	syscall(SYS_lstat, "/proc/self", &st);
	syscall(SYS_lstat, "/tmp", &st);
	syscall(SYS_access, path, R_OK | W_OK);
	syscall(SYS_access, path, F_OK);
	syscall(SYS_access, "/nonexistent", X_OK);
	syscall(SYS_access, path, 0x10);
	void *m = (void *)syscall(SYS_mmap, NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	syscall(SYS_mmap, NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE, -1, 0);
	syscall(SYS_mmap, (void *)0x10000, 4096, PROT_READ | PROT_EXEC | 0x10, MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 4096);
	syscall(SYS_mprotect, m, 4096, PROT_READ);
	syscall(SYS_mprotect, m, 4096, PROT_NONE);
	syscall(SYS_mprotect, (char *)m + 1, 4096, PROT_READ);
	syscall(SYS_munmap, m, 8192);
	syscall(SYS_munmap, (char *)m + 1, 8192);
	void *b = (void *)syscall(SYS_brk, 0);
	syscall(SYS_brk, (char *)b + 4096);
	syscall(SYS_brk, b);
	int p[2];
	syscall(SYS_pipe, p);
	syscall(SYS_pipe, NULL);
	syscall(SYS_close, p[0]);
	syscall(SYS_close, p[1]);
	syscall(SYS_close, -1);
	syscall(SYS_close, 12345);
	syscall(SYS_getpid);
	syscall(SYS_close, fd);
	unlink(path);
	unlink(longpath);
	char *argv[] = { "nonexistent", "arg with spaces", NULL };
	char *envp[] = { "A=1", "B=2", NULL };
	syscall(SYS_execve, "/nonexistent/prog", argv, envp);
	syscall(SYS_execve, "/nonexistent/prog", NULL, NULL);
	syscall(SYS_execve, NULL, (void *)1, (void *)1);
	return 0;
}
