/* A little of everything a recording must carry: threads, a fork, signals, sockets
 * (unix, netlink, IPv6 with a link-local scope), files for -y, a call in flight for a
 * while, and pids inside calls. Used by tracer/tests/replay.rs. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];

static void on_usr1(int sig) { (void)sig; }

static void *reader(void *arg) {
    (void)arg;
    char buf[16];
    /* In flight until the main thread writes: shown unfinished, then resumed. */
    ssize_t n = read(pipefd[0], buf, sizeof buf);
    return (void *)(long)n;
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    if (pipe(pipefd) != 0) return 1;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);

    int fd = open("/etc/hostname", O_RDONLY);
    char buf[64];
    if (fd >= 0) {
        read(fd, buf, sizeof buf);
        close(fd);
    }

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "ping", 4);
    read(sv[1], buf, sizeof buf);

    int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    struct {
        struct nlmsghdr h;
        struct rtgenmsg g;
    } req = {.h = {.nlmsg_len = sizeof req, .nlmsg_type = RTM_GETLINK,
                   .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1},
             .g = {.rtgen_family = AF_UNSPEC}};
    send(nl, &req, sizeof req, 0);
    recv(nl, buf, sizeof buf, MSG_DONTWAIT);
    close(nl);

    int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(9), .sin6_scope_id = 1};
    inet_pton(AF_INET6, "fe80::1", &a6.sin6_addr);
    sendto(u6, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&a6, sizeof a6);
    close(u6);

    time_t now = 1700000000;
    struct timespec ts[2] = {{.tv_sec = now}, {.tv_sec = now}};
    utimensat(AT_FDCWD, "/nonexistent/replay", ts, 0);

    kill(getpid(), SIGUSR1);

    pid_t child = fork();
    if (child == 0) {
        write(1, "child\n", 6);
        _exit(3);
    }
    int status;
    waitpid(child, &status, 0);

    struct timespec nap = {0, 250 * 1000 * 1000};
    nanosleep(&nap, NULL);
    write(pipefd[1], "go", 2);
    pthread_join(t, NULL);
    printf("done %d\n", WEXITSTATUS(status));
    return 0;
}
