/* aio, splice family, fallocate, fadvise64, preadv/pwritev, pselect6/ppoll, dup3-adjacent misc. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	char buf[64] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
	int fd = syscall(SYS_openat, AT_FDCWD, "/tmp/c_io_misc.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, buf, 40);
	aio_context_t ctx = 0;
	syscall(SYS_io_setup, 8, &ctx);
	syscall(SYS_io_setup, 0, &ctx);
	syscall(SYS_io_setup, 1, NULL);
	struct iocb cb;
	memset(&cb, 0, sizeof cb);
	cb.aio_data = 0x42;
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_fildes = fd;
	cb.aio_buf = (uint64_t)(uintptr_t)buf;
	cb.aio_nbytes = 10;
	cb.aio_offset = 2;
	struct iocb *cbs[1] = {&cb};
	syscall(SYS_io_submit, ctx, 1, cbs);
	struct io_event evs[2];
	struct timespec ts = {1, 0};
	syscall(SYS_io_getevents, ctx, 1, 2, evs, &ts);
	syscall(SYS_io_getevents, ctx, 0, 2, evs, NULL);
	syscall(SYS_io_cancel, ctx, &cb, evs);
	syscall(SYS_io_submit, ctx, 0, NULL);
	syscall(SYS_io_submit, 0, 1, cbs);
	syscall(SYS_io_destroy, ctx);
	syscall(SYS_io_destroy, 0);

	syscall(SYS_fadvise64, fd, 0, 100, POSIX_FADV_SEQUENTIAL);
	syscall(SYS_fadvise64, fd, -1, 0, POSIX_FADV_DONTNEED);
	syscall(SYS_fadvise64, fd, 0, 0, 99);
	syscall(SYS_fallocate, fd, 0, 0, 4096);
	syscall(SYS_fallocate, fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, 10);
	syscall(SYS_fallocate, fd, 0xff00, -1, -2);
	syscall(SYS_sync_file_range, fd, 0, 100, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE);
	syscall(SYS_sync_file_range, fd, 0, 0, 0);
	syscall(SYS_sync_file_range, fd, 0, 0, 0xf0);
	struct iovec iov[2] = {{buf, 5}, {buf + 10, 40}};
	syscall(SYS_preadv, fd, iov, 2, 0);
	syscall(SYS_preadv, fd, iov, 2, 38);
	syscall(SYS_preadv, fd, NULL, 0, 0);
	syscall(SYS_preadv, -1, iov, 1, -1);
	syscall(SYS_pwritev, fd, iov, 2, 100);
	syscall(SYS_pwritev, fd, iov, 1, 0x100000000LL);
	syscall(SYS_pwritev, fd, (void *)1, 1, 0);

	int p[2], q[2];
	pipe(p);
	pipe(q);
	write(p[1], "spliced data", 12);
	syscall(SYS_tee, p[0], q[1], 5, SPLICE_F_NONBLOCK);
	loff_t off = 1;
	syscall(SYS_splice, p[0], NULL, fd, &off, 4, SPLICE_F_MOVE | SPLICE_F_MORE);
	syscall(SYS_splice, fd, &off, q[1], NULL, 3, 0);
	syscall(SYS_splice, -1, NULL, -1, NULL, 0, 0xf0);
	syscall(SYS_tee, -1, -1, 0, 0);
	struct iovec viov[1] = {{"vmsplice!", 9}};
	syscall(SYS_vmsplice, q[1], viov, 1, SPLICE_F_GIFT);
	syscall(SYS_vmsplice, q[1], NULL, 0, 0);
	syscall(SYS_vmsplice, -1, viov, 1, 0x10);

	fd_set rfds, wfds;
	FD_ZERO(&rfds);
	FD_ZERO(&wfds);
	FD_SET(p[0], &rfds);
	FD_SET(q[1], &wfds);
	struct timespec zero = {0, 0};
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	struct { void *ss; size_t len; } sm = {&ss, 8};
	syscall(SYS_pselect6, q[1] + 1, &rfds, &wfds, NULL, &zero, &sm);
	syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, NULL);
	syscall(SYS_pselect6, 1, NULL, NULL, NULL, NULL, (void *)1);
	syscall(SYS_pselect6, -1, NULL, NULL, NULL, NULL, NULL);
	struct pollfd pfd[2] = {{p[0], POLLIN, 0}, {q[1], POLLOUT | POLLPRI, 0}};
	syscall(SYS_ppoll, pfd, 2, &zero, &ss, 8);
	syscall(SYS_ppoll, pfd, 2, &zero, NULL, 8);
	syscall(SYS_ppoll, NULL, 0, &zero, NULL, 0);
	syscall(SYS_ppoll, pfd, 1, (void *)1, NULL, 8);
	pfd[0].fd = -1;
	pfd[0].events = 0xffff;
	syscall(SYS_ppoll, pfd, 1, &zero, NULL, 8);
	struct pollfd nv[3] = {{99, POLLIN, 0}, {q[1], POLLOUT, 0}, {p[0], POLLIN | POLLRDHUP, 0}};
	syscall(SYS_ppoll, nv, 3, NULL, NULL, 8);
	fd_set efds;
	FD_ZERO(&rfds);
	FD_ZERO(&wfds);
	FD_ZERO(&efds);
	FD_SET(q[1], &rfds);
	FD_SET(q[1], &wfds);
	FD_SET(p[1], &wfds);
	FD_SET(p[0], &efds);
	struct timespec later = {0, 0};
	syscall(SYS_pselect6, q[1] + 1, &rfds, &wfds, &efds, &later, NULL);
	FD_ZERO(&rfds);
	FD_SET(p[0], &rfds);
	syscall(SYS_pselect6, p[0] + 1, &rfds, NULL, NULL, NULL, &sm);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/c_io_misc.tmp", 0);
	return 0;
}
