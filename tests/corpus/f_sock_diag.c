/* sock_diag as ss(8) uses it: a dump request and an exact lookup of this program's own
 * listening TCP socket (inet_diag_req_v2 / inet_diag_msg with their attributes), and a
 * lookup of its own unix socket (unix_diag_req / unix_diag_msg). Only this program's
 * sockets are asked about, so both traced runs see the same set. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static char buf[16384];

int main(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	/* A fixed port below the ephemeral range, which the comparison does not mask; if it
	 * is taken, both traced runs see the same failure and an ephemeral port instead. */
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(28745),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	socklen_t al = sizeof a;
	getsockname(l, (struct sockaddr *)&a, &al);

	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	/* Bound, so that /proc lists it and its protocol is known at the first send. */
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};
	bind(s, (struct sockaddr *)&local, sizeof local);
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} q = {{sizeof q, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, 1, 0},
	       {.sdiag_family = AF_INET, .sdiag_protocol = IPPROTO_TCP,
		.idiag_ext = 1 << (INET_DIAG_MEMINFO - 1) | 1 << (INET_DIAG_SKMEMINFO - 1),
		.idiag_states = 1 << 10 /* TCP_LISTEN */,
		.id = {.idiag_sport = a.sin_port, .idiag_src = {a.sin_addr.s_addr},
		       .idiag_cookie = {INET_DIAG_NOCOOKIE, INET_DIAG_NOCOOKIE}}}};
	sendto(s, &q, sizeof q, 0, NULL, 0);
	recvfrom(s, buf, sizeof buf, 0, NULL, NULL);

	/* A unix socket, looked up by its inode. */
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	struct stat st;
	fstat(u, &st);
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} uq = {{sizeof uq, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, 2, 0},
		{.sdiag_family = AF_UNIX, .udiag_states = -1, .udiag_ino = st.st_ino,
		 .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN | UDIAG_SHOW_MEMINFO,
		 .udiag_cookie = {INET_DIAG_NOCOOKIE, INET_DIAG_NOCOOKIE}}};
	sendto(s, &uq, sizeof uq, 0, NULL, 0);
	recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
	close(s);
	return 0;
}
