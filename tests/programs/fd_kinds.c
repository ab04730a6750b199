/* One descriptor of each kind -yy describes: a TCP listener and a connection to it on
 * 127.0.0.1, a connected UDP socket, a unix socketpair, a named unix listener with a
 * client, a netlink socket, /dev/null, a pidfd, an eventfd and a signalfd. Each is named
 * once more by fsync(2) (which fails on most of them, harmlessly) so the trace shows it
 * as an argument after it settled. Prints its descriptor numbers: traced or not, they
 * must be the same. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

int main(void) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
        getsockname(l, (struct sockaddr *)&a, &n))
        return 1;
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&a, sizeof a))
        return 1;
    int s = accept(l, NULL, NULL);
    char b[4];
    if (write(c, "x", 1) != 1 || read(s, b, 1) != 1)
        return 1;
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    connect(u, (struct sockaddr *)&a, sizeof a);
    fsync(u);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    fsync(sv[0]);
    struct sockaddr_un ua = {.sun_family = AF_UNIX};
    snprintf(ua.sun_path, sizeof ua.sun_path, "/tmp/fd_kinds.%d", getpid());
    unlink(ua.sun_path);
    int ul = socket(AF_UNIX, SOCK_STREAM, 0);
    if (bind(ul, (struct sockaddr *)&ua, sizeof ua) || listen(ul, 1))
        return 1;
    int uc = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(uc, (struct sockaddr *)&ua, sizeof ua);
    int us = accept(ul, NULL, NULL);
    fsync(ul);
    fsync(uc);
    fsync(us);
    unlink(ua.sun_path);

    int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    struct sockaddr_nl na = {.nl_family = AF_NETLINK};
    bind(nl, (struct sockaddr *)&na, sizeof na);
    fsync(nl);

    int null = open("/dev/null", O_RDONLY);
    fsync(null);
    int pfd = syscall(SYS_pidfd_open, getpid(), 0);
    fsync(pfd);
    int efd = eventfd(5, EFD_NONBLOCK);
    fsync(efd);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGINT);
    int sfd = signalfd(-1, &m, 0);
    fsync(sfd);
    fsync(99);
    printf("%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d\n", l, c, s, u, sv[0], sv[1], ul,
           uc, us, nl, null, pfd, efd, sfd, (int)n);
    return 0;
}
