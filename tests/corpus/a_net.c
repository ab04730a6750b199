/* socket, connect, accept, sendto, recvfrom, sendmsg, recvmsg, shutdown, bind, listen,
 * getsockname, getpeername, socketpair, setsockopt, getsockopt, sendfile: loopback only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	int ls = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	syscall(SYS_socket, AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
	syscall(SYS_socket, AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
	syscall(SYS_socket, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 0);
	syscall(SYS_socket, 200, SOCK_STREAM, 5);
	syscall(SYS_socket, 200, 77, 5);
	syscall(SYS_socket, AF_INET, 0xffffffff, -1);
	syscall(SYS_socket, AF_INET, 7 | SOCK_CLOEXEC, 0);
	syscall(SYS_socket, AF_UNIX, SOCK_STREAM, -1L);
	syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, -1L, NULL);
	syscall(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | 0x100, -1);
	syscall(SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_TCP);
	int s6 = syscall(SYS_socket, AF_INET6, SOCK_STREAM, 0);
	/* Packet sockets (root only; EPERM otherwise) take the protocol in network order. */
	syscall(SYS_socket, AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	syscall(SYS_socket, AF_PACKET, SOCK_RAW, htons(0x1234));

	int one = 1;
	char buf_unused[40] = "an unknown option's value, forty bytes.";
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	syscall(SYS_setsockopt, ls, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	syscall(SYS_setsockopt, ls, IPPROTO_IP, IP_TOS, &one, sizeof one);
	syscall(SYS_setsockopt, s6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	syscall(SYS_setsockopt, ls, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5);
	syscall(SYS_setsockopt, ls, IPPROTO_TCP, 1000, buf_unused, 40);
	syscall(SYS_setsockopt, ls, 999, 12345, &one, sizeof one);
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_RCVBUF, NULL, 4);
	syscall(SYS_setsockopt, ls, 999, -1L, NULL, 4);
	syscall(SYS_sendto, -1, NULL, 0, 0xffffffff, NULL, 0);

	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	syscall(SYS_bind, ls, &sin, sizeof sin);
	syscall(SYS_bind, ls, &sin, 3);
	syscall(SYS_bind, -1, NULL, 0);
	syscall(SYS_listen, ls, 5);
	syscall(SYS_listen, -1, -1);
	socklen_t len = sizeof sin;
	syscall(SYS_getsockname, ls, &sin, &len);
	len = 4;
	syscall(SYS_getsockname, ls, &sin, &len);
	syscall(SYS_getsockname, ls, NULL, NULL);
	len = sizeof sin;
	syscall(SYS_getsockname, ls, &sin, &len);

	int c = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	syscall(SYS_connect, c, &sin, sizeof sin);
	struct sockaddr_in peer;
	len = sizeof peer;
	int a = syscall(SYS_accept, ls, &peer, &len);
	syscall(SYS_accept, -1, NULL, NULL);
	/* No address buffer: strace shows the length's address. */
	int c2 = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	syscall(SYS_connect, c2, &sin, sizeof sin);
	len = sizeof peer;
	syscall(SYS_accept, ls, NULL, &len);
	syscall(SYS_getsockname, ls, NULL, &len);
	syscall(SYS_getpeername, c2, &peer, NULL);
	len = sizeof peer;
	syscall(SYS_getpeername, c, &peer, &len);
	syscall(SYS_getpeername, ls, &peer, &len);

	/* Option values: ints, structs, strings and opaque bytes. */
	struct linger lg = { 1, 5 };
	syscall(SYS_setsockopt, c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	len = sizeof lg;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_LINGER, &lg, &len);
	struct timeval rt = { 5, 250 };
	syscall(SYS_setsockopt, c, SOL_SOCKET, SO_RCVTIMEO_OLD, &rt, sizeof rt);
	len = sizeof rt;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_RCVTIMEO_OLD, &rt, &len);
	syscall(SYS_setsockopt, c, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3);
	char optbuf[64];
	len = sizeof optbuf;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_BINDTODEVICE, optbuf, &len);
	len = sizeof optbuf;
	syscall(SYS_getsockopt, c, IPPROTO_TCP, TCP_CONGESTION, optbuf, &len);
	int val = 0;
	len = 8;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_TYPE, &val, &len);
	len = sizeof val;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_TYPE, &val, &len);
	len = sizeof val;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_ERROR, &val, &len);
	len = sizeof val;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_RCVBUF, &val, &len);
	len = sizeof val;
	syscall(SYS_getsockopt, c, IPPROTO_TCP, TCP_NODELAY, &val, &len);
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_TYPE, NULL, NULL);

	char buf[64] = "hello, this is a message longer than thirty-two bytes";
	syscall(SYS_sendto, c, buf, 5, 0, NULL, 0);
	syscall(SYS_sendto, c, buf, 50, MSG_NOSIGNAL | MSG_DONTWAIT, NULL, 0);
	syscall(SYS_recvfrom, a, buf, sizeof buf, 0, NULL, NULL);
	syscall(SYS_recvfrom, a, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
	struct sockaddr_in from;
	len = sizeof from;
	syscall(SYS_recvfrom, a, buf, sizeof buf, MSG_DONTWAIT | 0x80000000, &from, &len);

	struct iovec iov[2] = { { buf, 3 }, { buf + 3, 4 } };
	struct msghdr mh;
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	syscall(SYS_sendmsg, c, &mh, 0);
	syscall(SYS_recvmsg, a, &mh, 0);
	syscall(SYS_sendmsg, c, NULL, MSG_OOB);
	syscall(SYS_recvmsg, a, &mh, MSG_DONTWAIT);

	int fd = open("/proc/self/cmdline", O_RDONLY);
	off_t off = 0;
	syscall(SYS_sendfile, c, fd, &off, 4);
	syscall(SYS_sendfile, c, fd, NULL, 4);
	syscall(SYS_sendfile, c, fd, (void *)1, 4);
	syscall(SYS_sendfile, -1, fd, &off, 4);
	close(fd);

	syscall(SYS_shutdown, c, SHUT_WR);
	syscall(SYS_shutdown, a, SHUT_RDWR);
	syscall(SYS_shutdown, a, 7);

	int sv[2];
	syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	struct ucred cr;
	len = sizeof cr;
	syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len);
	syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, NULL);
	syscall(SYS_socketpair, AF_INET, SOCK_STREAM, 0, sv);
	struct sockaddr_un un;
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path + 1, "a_net_abstract");
	int sv2[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv2);
	syscall(SYS_bind, sv2[0], &un, offsetof(struct sockaddr_un, sun_path) + 15);
	syscall(SYS_connect, sv2[1], &un, sizeof un);
	return 0;
}
