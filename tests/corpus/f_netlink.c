/* Netlink route messages as strace decodes them: dump requests (a one-byte family, a
 * full ifaddrmsg, an ifinfomsg with an attribute), the replies (addresses, links with
 * their statistics, routes, rules) received with recvfrom and recvmsg, an error answering a
 * request for a missing interface (nothing is changed), a header cut short, and a
 * socket with nothing to read; a generic netlink request, its type named by the
 * kernel's family list. */
#define _GNU_SOURCE
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char buf[65536];

/* Reads replies: one, or for a dump until NLMSG_DONE or an error (at most 16 reads). */
static void drain(int s, int use_recvmsg, int dump)
{
	for (int i = 0; i < (dump ? 16 : 1); i++) {
		ssize_t n;
		if (use_recvmsg) {
			struct sockaddr_nl sa;
			struct iovec iov = {buf, sizeof buf};
			struct msghdr mh = {&sa, sizeof sa, &iov, 1, NULL, 0, 0};
			n = recvmsg(s, &mh, 0);
		} else {
			n = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
		}
		if (n <= 0)
			return;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				return;
	}
}

int main(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

	/* glibc's address check: a one-byte rtgenmsg. */
	struct {
		struct nlmsghdr h;
		unsigned char family;
	} __attribute__((packed)) a = {{17, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 1, 0}, AF_UNSPEC};
	sendto(s, &a, sizeof a, 0, (struct sockaddr *)&kernel, sizeof kernel);
	drain(s, 1, 1);

	struct {
		struct nlmsghdr h;
		struct ifaddrmsg m;
	} a4 = {{sizeof a4, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 2, 0}, {.ifa_family = AF_INET}};
	sendto(s, &a4, sizeof a4, 0, NULL, 0);
	drain(s, 0, 1);

	/* One link, by index, with the attribute ip(8) sends. */
	struct {
		struct nlmsghdr h;
		struct ifinfomsg m;
		struct rtattr ra;
		unsigned mask;
	} l = {{sizeof l, RTM_GETLINK, NLM_F_REQUEST, 3, 0},
	       {.ifi_family = AF_UNSPEC, .ifi_index = 1},
	       {8, IFLA_EXT_MASK},
	       RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS};
	struct iovec iov = {&l, sizeof l};
	struct msghdr mh = {&kernel, sizeof kernel, &iov, 1, NULL, 0, 0};
	sendmsg(s, &mh, 0);
	drain(s, 1, 0);

	struct {
		struct nlmsghdr h;
		struct rtmsg m;
	} r = {{sizeof r, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 4, 0}, {.rtm_family = AF_INET}};
	sendto(s, &r, sizeof r, 0, NULL, 0);
	drain(s, 1, 1);

	/* Policy routing rules (fib_rule_hdr), the same on every machine. */
	struct {
		struct nlmsghdr h;
		struct rtmsg m;
	} rules = {{sizeof rules, RTM_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, 6, 0}, {.rtm_family = AF_INET}};
	sendto(s, &rules, sizeof rules, 0, NULL, 0);
	drain(s, 1, 1);

	/* A change to an interface that does not exist: the kernel refuses with ENODEV. */
	struct {
		struct nlmsghdr h;
		struct ifinfomsg m;
	} bad = {{sizeof bad, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 5, 0},
		 {.ifi_family = AF_UNSPEC, .ifi_index = 999999}};
	sendto(s, &bad, sizeof bad, 0, NULL, 0);
	drain(s, 0, 0);

	/* Generic netlink: message types are the kernel's families, by name. The socket is
	 * bound first, so that its protocol is known at the first send. */
	int g = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};
	bind(g, (struct sockaddr *)&local, sizeof local);
	struct {
		struct nlmsghdr h;
		unsigned char cmd, version;
		unsigned short reserved;
		struct rtattr ra;
		char name[8];
	} q = {{sizeof q, 0x10 /* GENL_ID_CTRL */, NLM_F_REQUEST, 7, 0},
	       3 /* CTRL_CMD_GETFAMILY */, 1, 0,
	       {4 + 7, 2 /* CTRL_ATTR_FAMILY_NAME */},
	       "nlctrl"};
	sendto(g, &q, sizeof q, 0, NULL, 0);
	drain(g, 0, 0);
	close(g);

	/* Fewer bytes than a header, and nothing left to read. */
	sendto(s, &a, 10, 0, NULL, 0);
	recvfrom(s, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
	close(s);
	return 0;
}
