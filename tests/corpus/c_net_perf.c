/* accept4, recvmmsg, perf_event_open, kexec_load segments: loopback only. */
#define _GNU_SOURCE
#include <linux/kexec.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	bind(ls, (struct sockaddr *)&a, sizeof a);
	socklen_t al = sizeof a;
	getsockname(ls, (struct sockaddr *)&a, &al);
	listen(ls, 4);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof a);
	struct sockaddr_in peer;
	socklen_t pl = sizeof peer;
	int s = syscall(SYS_accept4, ls, &peer, &pl, SOCK_CLOEXEC);
	syscall(SYS_accept4, ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	syscall(SYS_accept4, ls, &peer, &pl, 0x1);
	syscall(SYS_accept4, -1, (void *)1, (void *)1, 0);
	write(c, "hello", 5);
	struct mmsghdr mm[2];
	struct iovec iov = {(char[16]){0}, 16};
	memset(mm, 0, sizeof mm);
	mm[0].msg_hdr.msg_iov = &iov;
	mm[0].msg_hdr.msg_iovlen = 1;
	struct timespec ts = {0, 0};
	syscall(SYS_recvmmsg, s, mm, 1, MSG_DONTWAIT, NULL);
	syscall(SYS_recvmmsg, s, mm, 1, MSG_DONTWAIT, &ts);
	syscall(SYS_recvmmsg, -1, NULL, 0, 0, (void *)1);
	close(s);
	close(c);
	close(ls);

	struct perf_event_attr pa;
	memset(&pa, 0, sizeof pa);
	pa.size = sizeof pa;
	pa.type = PERF_TYPE_SOFTWARE;
	pa.config = PERF_COUNT_SW_DUMMY;
	syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
	syscall(SYS_perf_event_open, (void *)1, -1, 0, 3, PERF_FLAG_FD_CLOEXEC | PERF_FLAG_FD_NO_GROUP);
	syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0x30);

	struct kexec_segment seg[2] = {{(void *)0x1000, 16, (void *)0x100000, 4096}, {NULL, 0, (void *)0x200000, 8192}};
	syscall(SYS_kexec_load, 0x100000UL, 2UL, seg, KEXEC_ARCH_DEFAULT);
	syscall(SYS_kexec_load, 0UL, 1UL, seg, (unsigned long)KEXEC_ON_CRASH | 0x10);
	return 0;
}
