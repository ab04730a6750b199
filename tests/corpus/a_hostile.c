/* Every batch A call with out-of-range numbers (-1, 2^33 - 1 in 64-bit registers) and NULL
 * pointers: all fail without side effects. */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long m = -1L, b = 0x1ffffffffL;
	syscall(SYS_listen, 3, b);
	syscall(SYS_bind, 3, 0, m);
	syscall(SYS_connect, b, 0, b);
	syscall(SYS_sendto, 3, 0, m, 0, 0, m);
	syscall(SYS_recvfrom, 3, 0, m, 0, 0, 0);
	syscall(SYS_shmget, b, m, 0);
	syscall(SYS_shmat, b, 0, 0);
	syscall(SYS_dup, b);
	syscall(SYS_dup2, b, b);
	syscall(SYS_sendfile, b, b, 0, m);
	syscall(SYS_socketpair, b, 1, b, 0);
	syscall(SYS_poll, 0, b, m);
	syscall(SYS_poll, 0, 1, -5);
	syscall(SYS_madvise, 0, m, b);
	syscall(SYS_msync, 0, m, b);
	syscall(SYS_mremap, 0, m, m, b, 0);
	syscall(SYS_mincore, 0, m, 0);
	syscall(SYS_setsockopt, 3, b, b, 0, m);
	syscall(SYS_getsockopt, 3, b, b, 0, 0);
	syscall(SYS_shutdown, b, b);
	syscall(SYS_socket, b, b, b);
	syscall(SYS_rt_sigaction, b, 0, 0, m);
	syscall(SYS_rt_sigprocmask, b, 0, 0, m);
	syscall(SYS_ioctl, b, b, b);
	syscall(SYS_getitimer, b, 0);
	syscall(SYS_setitimer, b, 0, 0);
	syscall(SYS_select, b, 0, 0, 0, 0);
	syscall(SYS_readv, b, 0, 0);
	syscall(SYS_pread64, b, 0, m, m);
	syscall(SYS_pwrite64, b, 0, m, m);
	syscall(SYS_accept, b, 0, 0);
	syscall(SYS_sendmsg, b, 0, b);
	syscall(SYS_recvmsg, b, 0, b);
	syscall(SYS_getsockname, b, 0, 0);
	syscall(SYS_getpeername, b, 0, 0);
	syscall(SYS_lseek, b, m, b);
	syscall(SYS_access, 0, b);
	syscall(SYS_mmap, 0, m, b, b, b, m);
	syscall(SYS_mprotect, 0, m, b);
	syscall(SYS_munmap, 0, m);
	syscall(SYS_close, b);
	syscall(SYS_write, b, 0, 0);
	syscall(SYS_read, b, 0, 0);
	syscall(SYS_open, 0, b, b);
	syscall(SYS_fstat, b, 0);
	syscall(SYS_stat, 0, 0);
	syscall(SYS_lstat, (void *)1, 0);
	syscall(SYS_nanosleep, 0, (void *)1);
	syscall(SYS_pipe, (void *)1);
	syscall(SYS_execve, 0, 0, 0);
	return 0;
}
