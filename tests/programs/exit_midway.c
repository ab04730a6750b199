/* The program ends while its threads are still inside system calls: three workers
 * (two spinning on getppid, one blocked reading a pipe nobody writes) are running when
 * main calls exit(5). stdout: "exiting with 5"; stderr: "tid N" per thread. */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int started[2], never[2];
static volatile int blocked_tid;

/* Whether thread `tid` of this process is inside read(2): /proc's syscall file starts
 * with the call's number, 0. */
static int in_read(int tid) {
    char path[64], buf[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", tid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n > 2 && buf[0] == '0' && buf[1] == ' ';
}

static void say_tid(void) {
    char line[32];
    int n = snprintf(line, sizeof line, "tid %ld\n", (long)syscall(SYS_gettid));
    (void)write(2, line, (size_t)n);
}

static void *spinner(void *arg) {
    (void)arg;
    say_tid();
    (void)write(started[1], "s", 1);
    for (;;) (void)getppid();
    return NULL;
}

static void *blocked(void *arg) {
    char c;
    (void)arg;
    say_tid();
    blocked_tid = (int)syscall(SYS_gettid);
    (void)write(started[1], "b", 1);
    (void)read(never[0], &c, 1);
    return NULL;
}

int main(void) {
    pthread_t t;
    char c;
    say_tid();
    if (pipe(started) != 0 || pipe(never) != 0) return 1;
    for (int i = 0; i < 2; i++) pthread_create(&t, NULL, spinner, NULL);
    pthread_create(&t, NULL, blocked, NULL);
    for (int i = 0; i < 3; i++) (void)read(started[0], &c, 1);
    /* The blocked worker has said so, but may not be inside its read yet. */
    while (!in_read(blocked_tid)) (void)sched_yield();
    (void)write(1, "exiting with 5\n", 15);
    exit(5);
}
