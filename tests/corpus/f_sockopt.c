/* Socket options with structs (multicast membership, a classic BPF filter, linger with a
 * longer length), the names setsockopt and getsockopt give option 26, netlink and packet
 * option names, IPv6 scope ids (named only for link-local addresses), and a netlink
 * socket's port id (often negative). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int t = socket(AF_INET, SOCK_STREAM, 0);

	struct ip_mreq m = {0};
	m.imr_multiaddr.s_addr = inet_addr("239.1.2.3");
	setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m);
	struct ip_mreqn mn = {0};
	mn.imr_multiaddr.s_addr = inet_addr("239.1.2.4");
	mn.imr_ifindex = 1;
	setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn, sizeof mn);
	setsockopt(u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, 4);
	struct ipv6_mreq m6 = {0};
	inet_pton(AF_INET6, "ff02::1:3", &m6.ipv6mr_multiaddr);
	m6.ipv6mr_interface = 1;
	setsockopt(u6, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof m6);
	m6.ipv6mr_interface = 4242;
	setsockopt(u6, IPPROTO_IPV6, IPV6_DROP_MEMBERSHIP, &m6, sizeof m6);

	struct sock_filter f[] = {BPF_STMT(BPF_RET | BPF_K, 0xffff)};
	struct {
		struct sock_fprog p;
		long extra;
	} q = {{1, f}, 7};
	setsockopt(u, SOL_SOCKET, SO_ATTACH_FILTER, &q.p, sizeof q.p);
	setsockopt(u, SOL_SOCKET, SO_ATTACH_FILTER, &q, sizeof q);
	char buf[64];
	socklen_t l = sizeof buf;
	getsockopt(u, SOL_SOCKET, SO_GET_FILTER, buf, &l);
	setsockopt(u, SOL_SOCKET, SO_DETACH_FILTER, buf, 4);
	int lg[4] = {1, 5, 7, 9};
	setsockopt(t, SOL_SOCKET, SO_LINGER, lg, sizeof lg);

	int n = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	int one = 1;
	setsockopt(n, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	setsockopt(n, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
	setsockopt(n, SOL_NETLINK, 99, &one, sizeof one);
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK, .nl_pid = 0xfedcba98};
	bind(n, (struct sockaddr *)&nl, sizeof nl);
	l = sizeof nl;
	getsockname(n, (struct sockaddr *)&nl, &l);

	struct sockaddr_in6 a = {0};
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(9);
	static const char *const addrs[] = {"::1", "fe80::1", "ff02::1", "2001:db8::1"};
	for (unsigned i = 0; i < 4; i++)
		for (unsigned s = 0; s < 3; s++) {
			inet_pton(AF_INET6, addrs[i], &a.sin6_addr);
			a.sin6_scope_id = s == 2 ? 4242 : s;
			connect(u6, (struct sockaddr *)&a, sizeof a);
		}
	return 0;
}
