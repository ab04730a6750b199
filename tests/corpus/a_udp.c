/* Datagram and IPv6/unix-path addresses through sendto/recvfrom/connect/bind, many
 * iovecs, and calls with NULL or short address buffers. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	int u = syscall(SYS_socket, AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a6;
	memset(&a6, 0, sizeof a6);
	a6.sin6_family = AF_INET6;
	a6.sin6_addr = in6addr_loopback;
	syscall(SYS_bind, u, &a6, sizeof a6);
	socklen_t len = sizeof a6;
	syscall(SYS_getsockname, u, &a6, &len);
	syscall(SYS_sendto, u, "datagram", 8, 0, &a6, sizeof a6);
	char buf[4];
	struct sockaddr_in6 from;
	len = sizeof from;
	syscall(SYS_recvfrom, u, buf, sizeof buf, MSG_TRUNC, &from, &len);
	syscall(SYS_sendto, u, "again", 5, 0, &a6, sizeof a6);
	len = 8;
	syscall(SYS_recvfrom, u, buf, sizeof buf, 0, &from, &len);
	syscall(SYS_sendto, u, "x", 1, 0, &a6, sizeof a6);
	syscall(SYS_recvfrom, u, buf, sizeof buf, 0, NULL, &len);
	syscall(SYS_connect, u, &a6, sizeof a6);
	len = sizeof from;
	syscall(SYS_getpeername, u, &from, &len);

	int s = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un un;
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path, "/nonexistent/a_udp.sock");
	syscall(SYS_connect, s, &un, sizeof un);
	syscall(SYS_connect, s, &un, offsetof(struct sockaddr_un, sun_path) + strlen(un.sun_path) + 1);
	syscall(SYS_connect, s, &un, 2);
	syscall(SYS_connect, s, NULL, 16);
	syscall(SYS_connect, s, (void *)1, 16);

	/* More iovecs than strace lists. */
	int p[2];
	pipe(p);
	struct iovec iov[40];
	for (int i = 0; i < 40; i++) {
		iov[i].iov_base = "ab";
		iov[i].iov_len = 2;
	}
	syscall(SYS_writev, p[1], iov, 40);
	char big[100];
	struct iovec r[40];
	for (int i = 0; i < 40; i++) {
		r[i].iov_base = big + 2 * i;
		r[i].iov_len = 2;
	}
	syscall(SYS_readv, p[0], r, 40);
	return 0;
}
