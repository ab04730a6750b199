/* sendmsg/recvmsg with ancillary data (SCM_RIGHTS, SCM_CREDENTIALS), a peer address coming
 * back, failures, and a failed readv. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int one = 1;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);

	char b[8] = "abcdefgh";
	struct iovec io = { b, sizeof b };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} u;
	memset(&u, 0, sizeof u);
	struct msghdr mh;
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &io;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(2 * sizeof(int));
	int fds[2] = { 0, 1 };
	memcpy(CMSG_DATA(c), fds, sizeof fds);
	syscall(SYS_sendmsg, sv[0], &mh, 0);

	char rb[64], cbuf[256];
	struct iovec rio = { rb, sizeof rb };
	struct sockaddr_un from;
	struct msghdr r;
	memset(&r, 0, sizeof r);
	r.msg_name = &from;
	r.msg_namelen = sizeof from;
	r.msg_iov = &rio;
	r.msg_iovlen = 1;
	r.msg_control = cbuf;
	r.msg_controllen = sizeof cbuf;
	syscall(SYS_recvmsg, sv[1], &r, 0);

	r.msg_namelen = 16;
	syscall(SYS_recvmsg, sv[0], &r, MSG_DONTWAIT);
	syscall(SYS_recvmsg, sv[0], NULL, MSG_DONTWAIT);
	syscall(SYS_recvmsg, -1, &r, 0);
	syscall(SYS_recvmsg, sv[0], (void *)1, MSG_DONTWAIT);
	syscall(SYS_readv, -1, &rio, 1);
	return 0;
}
