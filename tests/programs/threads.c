/* Creates threads while traced. Every thread's own syscalls are the same on every run:
 * no joins (pthread_join's futex call depends on timing) and no malloc in workers (arena
 * creation races); main ends with pthread_exit, so the process ends when its last thread
 * does. --fixed-ts output of this program repeats byte for byte.
 * stdout: "thread I" per worker (any order) and "main done"; stderr: "tid N" per thread. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 4

static void say_tid(void) {
    char line[32];
    int n = snprintf(line, sizeof line, "tid %ld\n", (long)syscall(SYS_gettid));
    (void)write(2, line, (size_t)n);
}

static void *worker(void *arg) {
    char line[32];
    say_tid();
    int n = snprintf(line, sizeof line, "thread %d\n", (int)(long)arg);
    (void)write(1, line, (size_t)n);
    return NULL;
}

int main(void) {
    pthread_t t[NTHREADS];
    say_tid();
    for (int i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, worker, (void *)(long)i);
    (void)write(1, "main done\n", 10);
    pthread_exit(NULL);
}
