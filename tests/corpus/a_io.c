/* poll, readv, writev, select, dup, dup2, ioctl, sched_yield: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	pipe(p);
	char msg[] = "a line of text that is longer than thirty-two bytes\n";
	struct iovec iov[3] = { { msg, 7 }, { msg + 7, 45 }, { NULL, 0 } };
	syscall(SYS_writev, p[1], iov, 3);
	syscall(SYS_writev, p[1], iov, 0);
	syscall(SYS_writev, p[1], NULL, 2);
	syscall(SYS_writev, -1, iov, 1);
	char a[10], b[100];
	struct iovec riov[2] = { { a, sizeof a }, { b, sizeof b } };
	syscall(SYS_readv, p[0], riov, 2);
	syscall(SYS_writev, p[1], iov, 1);
	syscall(SYS_readv, p[0], riov, 2);
	syscall(SYS_readv, -1, riov, 2);
	syscall(SYS_readv, p[0], (void *)1, 2);

	struct pollfd fds[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT | POLLPRI, 0 }, { -1, POLLIN, 0 } };
	syscall(SYS_poll, fds, 3, 0);
	syscall(SYS_poll, fds, 1, 1);
	syscall(SYS_poll, NULL, 0, 1);
	fds[0].events = 0xffff;
	syscall(SYS_poll, fds, 1, 0);
	fds[0].events = 0;
	syscall(SYS_poll, fds, 1, 0);
	syscall(SYS_poll, (void *)1, 1, 0);
	fds[0].events = POLLIN;
	syscall(SYS_write, p[1], "x", 1);
	syscall(SYS_poll, fds, 2, -1);
	/* More ready descriptors than strace lists, and invalid ones. */
	struct pollfd many[40];
	for (int i = 0; i < 40; i++) {
		many[i].fd = p[i % 2];
		many[i].events = POLLIN | POLLOUT;
	}
	many[0].fd = -1;
	many[1].fd = 1000;
	syscall(SYS_poll, many, 40, 0);

	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	FD_SET(0, &r);
	/* Timeouts that run out or are not waited for, so the time left is deterministic. */
	struct timeval tv = { 0, 0 };
	syscall(SYS_select, p[1] + 1, &r, &w, NULL, &tv);
	FD_ZERO(&r);
	tv.tv_usec = 1000;
	syscall(SYS_select, p[1] + 1, &r, NULL, NULL, &tv);
	tv.tv_usec = 0;
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	fd_set e;
	FD_ZERO(&e);
	syscall(SYS_select, p[1] + 1, &r, &w, &e, NULL);
	syscall(SYS_select, 0, NULL, NULL, NULL, &tv);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	syscall(SYS_select, -1, NULL, NULL, NULL, &tv);
	syscall(SYS_select, 2000, (void *)1, NULL, NULL, NULL);
	FD_SET(p[1], &w);
	syscall(SYS_select, p[1] + 1, NULL, &w, NULL, NULL);

	int d = syscall(SYS_dup, p[0]);
	syscall(SYS_dup, -1);
	syscall(SYS_dup2, d, 100);
	syscall(SYS_dup2, d, d);
	syscall(SYS_dup2, -1, 5);
	syscall(SYS_dup2, d, -1);

	syscall(SYS_sched_yield);

	/* sendfile from a regular file: the offset is shown before and after. */
	int ef = open("/proc/self/exe", O_RDONLY);
	long off = 0;
	syscall(SYS_sendfile, p[1], ef, &off, 4);
	off = 1;
	syscall(SYS_sendfile, p[1], ef, &off, 0);
	syscall(SYS_sendfile, p[1], ef, NULL, 2);
	syscall(SYS_sendfile, p[1], -1, &off, 2);
	close(ef);

	int n = 0;
	syscall(SYS_ioctl, p[0], FIONREAD, &n);
	syscall(SYS_ioctl, p[0], FIONBIO, &n);
	syscall(SYS_ioctl, p[0], FIOCLEX);
	syscall(SYS_ioctl, p[0], FIONCLEX);
	struct termios t;
	syscall(SYS_ioctl, p[0], TCGETS, &t);
	struct winsize ws;
	syscall(SYS_ioctl, p[0], TIOCGWINSZ, &ws);
	syscall(SYS_ioctl, p[0], 0x12345678, 0);
	syscall(SYS_ioctl, p[0], _IOR('x', 3, int), &n);
	syscall(SYS_ioctl, -1, 0, 0);

	/* Inode flags and cloning on a scratch file (results depend on the filesystem). */
	int tf = open("/tmp/a_io_corpus.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int fl = 0;
	syscall(SYS_ioctl, tf, FS_IOC_GETFLAGS, &fl);
	fl = 0xffffffff;
	syscall(SYS_ioctl, tf, FS_IOC_SETFLAGS, &fl);
	fl = 0x01000000;
	syscall(SYS_ioctl, tf, FS_IOC_SETFLAGS, &fl);
	syscall(SYS_ioctl, tf, FICLONE, p[0]);
	syscall(SYS_ioctl, tf, FS_IOC_GETFLAGS, NULL);
	close(tf);
	unlink("/tmp/a_io_corpus.tmp");
	return 0;
}
