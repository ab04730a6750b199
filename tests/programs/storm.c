/* Syscalls as fast as four threads can make them, until a line arrives on stdin; then
 * each worker checks that the process still behaves (pipe round trips return what was
 * written, getpid and getppid are unchanged) and main reports. A tracer can be stopped
 * (detaching) at any moment of the storm; the output must not change.
 * stderr: "pid N" once every worker is making calls. stdout: "worker I ok" per worker,
 * then "storm done"; exit status 0 (1 if anything was wrong). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WORKERS 4

static atomic_int stop, running;
static pid_t pid, ppid;
static int bad[WORKERS];

/* Writes a pattern into a private pipe and reads it back. */
static int round_trip(int fds[2], unsigned i) {
    char out[64], in[64];
    int n = snprintf(out, sizeof out, "round trip %u", i);
    if (write(fds[1], out, (size_t)n) != n) return 0;
    if (read(fds[0], in, sizeof in) != n) return 0;
    return memcmp(in, out, (size_t)n) == 0;
}

static void *worker(void *arg) {
    int w = (int)(long)arg, fds[2];
    if (pipe(fds) != 0) {
        bad[w] = 1;
        return NULL;
    }
    atomic_fetch_add(&running, 1);
    for (unsigned i = 0; !atomic_load(&stop); i++) {
        if (getppid() != ppid) bad[w] = 1;
        if (i % 64 == 0 && !round_trip(fds, i)) bad[w] = 1;
    }
    for (unsigned i = 0; i < 1000; i++)
        if (!round_trip(fds, i) || getpid() != pid || getppid() != ppid) bad[w] = 1;
    close(fds[0]);
    close(fds[1]);
    return NULL;
}

int main(void) {
    pthread_t t[WORKERS];
    char line[64];
    pid = getpid();
    ppid = getppid();
    for (long i = 0; i < WORKERS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    while (atomic_load(&running) < WORKERS) (void)sched_yield();
    int n = snprintf(line, sizeof line, "pid %d\n", (int)pid);
    (void)write(2, line, (size_t)n);
    /* Blocks until the test says so (EOF counts too). */
    (void)read(0, line, sizeof line);
    atomic_store(&stop, 1);
    int status = 0;
    for (int i = 0; i < WORKERS; i++) {
        pthread_join(t[i], NULL);
        n = snprintf(line, sizeof line, "worker %d %s\n", i, bad[i] ? "BAD" : "ok");
        (void)write(1, line, (size_t)n);
        status |= bad[i];
    }
    (void)write(1, "storm done\n", 11);
    return status;
}
