/* What strace abbreviates: run with no argument, it runs itself again with 40
 * arguments and 40 environment variables; then it lists a directory of its own
 * (getdents64), stats files in every way, polls and writes 40 elements, and asks for
 * uname, a signal action, its CPU affinity and a new pty's termios. Only fixed or self-made data, so that two
 * runs differ only in numbers a test renumbers (the directory, whose access time its
 * listing may or may not update, is not stat'ed). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc == 1) {
        char *args[42], *env[41], vars[40][8];
        args[0] = argv[0];
        for (int i = 1; i < 41; i++)
            args[i] = "an-argument";
        args[41] = NULL;
        for (int i = 0; i < 40; i++) {
            snprintf(vars[i], sizeof vars[i], "V%d=%d", i, i);
            env[i] = vars[i];
        }
        env[40] = NULL;
        execve(argv[0], args, env);
        return 1;
    }
    char dir[64], file[80];
    snprintf(dir, sizeof dir, "/tmp/abbrev.%d", getpid());
    snprintf(file, sizeof file, "%s/file", dir);
    if (mkdir(dir, 0755))
        return 1;
    /* Never written, never read: its three times stay its creation time. */
    int f = open(file, O_CREAT | O_WRONLY, 0644);
    if (f < 0)
        return 1;
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    char buf[4096];
    while (syscall(SYS_getdents64, d, buf, sizeof buf) > 0)
        ;
    struct stat st;
    stat(file, &st);
    fstat(f, &st);
    lstat(file, &st);
    stat("/dev/null", &st);
    struct statx sx;
    statx(AT_FDCWD, file, 0, STATX_BASIC_STATS | STATX_BTIME, &sx);
    struct pollfd p[40];
    for (int i = 0; i < 40; i++) {
        p[i].fd = -1;
        p[i].events = POLLIN;
    }
    poll(p, 40, 0);
    struct iovec iv[40];
    for (int i = 0; i < 40; i++) {
        iv[i].iov_base = "x";
        iv[i].iov_len = 1;
    }
    writev(-1, iv, 40);
    struct utsname u;
    uname(&u);
    struct sigaction sa;
    sigaction(SIGINT, NULL, &sa);
    cpu_set_t cpus;
    sched_getaffinity(0, sizeof cpus, &cpus);
    /* A terminal of its own: a fresh pty's settings are the kernel's defaults. */
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0) {
        int t = open(ptsname(m), O_RDWR | O_NOCTTY);
        struct termios tio;
        if (t >= 0) {
            tcgetattr(t, &tio);
            close(t);
        }
        close(m);
    }
    close(f);
    close(d);
    unlink(file);
    rmdir(dir);
    return 0;
}
