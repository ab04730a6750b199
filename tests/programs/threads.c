/* Creates threads while traced, with every thread's own syscalls the same on every run,
 * so --fixed-ts output repeats byte for byte:
 *  - synchronisation only through pipes (a read returns the same whether it blocked or not);
 *  - joins by waiting on a thread pidfd (always exactly one select per thread, returning 1),
 *    opened while the thread is certainly alive, instead of pthread_join (whose futex call
 *    depends on timing);
 *  - no malloc in workers (arena creation races).
 *  - no thread ids in data the trace shows as bytes (only the thread's index goes through
 *    the pipe; ids appear as numbers, which --fixed-ts renumbers).
 * stdout: "thread I" per worker (any order) and "main done"; stderr: "tid N" per thread,
 * unless argv[1] is "quiet". */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/select.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 4
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

static int tid_pipe[2];
static int tids[NTHREADS];
static int quiet;
static int go_pipe[NTHREADS][2];

static void say_tid(int tid) {
    char line[32];
    if (quiet) return;
    int n = snprintf(line, sizeof line, "tid %d\n", tid);
    (void)write(2, line, (size_t)n);
}

static void *worker(void *arg) {
    int i = (int)(long)arg;
    int tid = (int)syscall(SYS_gettid);
    char line[32], go;
    tids[i] = tid;
    (void)write(tid_pipe[1], &i, sizeof i);
    (void)read(go_pipe[i][0], &go, 1);
    say_tid(tid);
    int n = snprintf(line, sizeof line, "thread %d\n", i);
    (void)write(1, line, (size_t)n);
    return NULL;
}

int main(int argc, char **argv) {
    pthread_t t[NTHREADS];
    int pidfd[NTHREADS];
    quiet = argc > 1 && argv[1][0] == 'q';
    say_tid(getpid());
    if (pipe(tid_pipe) != 0) return 1;
    for (int i = 0; i < NTHREADS; i++) {
        if (pipe(go_pipe[i]) != 0) return 1;
        pthread_create(&t[i], NULL, worker, (void *)(long)i);
        int index;
        (void)read(tid_pipe[0], &index, sizeof index);
        pidfd[i] = (int)syscall(SYS_pidfd_open, tids[index], PIDFD_THREAD);
        if (pidfd[i] < 0) return 2;
    }
    for (int i = 0; i < NTHREADS; i++) (void)write(go_pipe[i][1], "g", 1);
    for (int i = 0; i < NTHREADS; i++) {
        /* select, not poll: poll's revents may or may not include POLLHUP, depending on
         * whether the thread was already reaped; select reports "readable" either way. */
        fd_set in;
        FD_ZERO(&in);
        FD_SET(pidfd[i], &in);
        (void)select(pidfd[i] + 1, &in, NULL, NULL, NULL);
    }
    (void)write(1, "main done\n", 10);
    return 0;
}
