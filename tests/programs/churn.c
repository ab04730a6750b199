/* Fifty threads alive at all times, each making a few calls and ending, replaced as they
 * end, until a line arrives on stdin; then main lets the last fifty finish. A process to
 * attach to and detach from while threads come and go.
 * stdout: "ready" once fifty threads run, then "churn done: N failures" (N is 0 unless a
 * thread saw the wrong process id); exit status 0 (1 on failures). */
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define LIVE 50

static int done_pipe[2];
static pid_t pid;
static atomic_int failures;

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 20; i++)
        if (getpid() != pid) atomic_fetch_add(&failures, 1);
    (void)write(done_pipe[1], "d", 1);
    return NULL;
}

static int spawn(void) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    int r = pthread_create(&t, &attr, worker, NULL);
    pthread_attr_destroy(&attr);
    return r == 0;
}

int main(void) {
    char buf[64];
    pid = getpid();
    if (pipe(done_pipe) != 0) return 2;
    for (int i = 0; i < LIVE; i++)
        if (!spawn()) return 2;
    (void)write(1, "ready\n", 6);
    struct pollfd fds[2] = {{.fd = 0, .events = POLLIN}, {.fd = done_pipe[0], .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) continue;
        if (fds[0].revents) break;
        /* One byte per ended thread: replace it. */
        if (read(done_pipe[0], buf, 1) == 1 && !spawn()) return 2;
    }
    /* Fifty threads are still live or about to end: wait for each one's byte. */
    for (int i = 0; i < LIVE; i++)
        if (read(done_pipe[0], buf, 1) != 1) return 2;
    int n = snprintf(buf, sizeof buf, "churn done: %d failures\n", atomic_load(&failures));
    (void)write(1, buf, (size_t)n);
    return atomic_load(&failures) != 0;
}
