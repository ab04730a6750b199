/* Benchmark workload: 4 threads each making N/4 getppid() calls at the same time,
 * so a tracer serves several tracees at once (and a single-threaded tracee's CPU
 * placement no longer applies). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 4

static long per_thread;

static void *worker(void *arg) {
    (void)arg;
    for (long i = 0; i < per_thread; i++) syscall(SYS_getppid);
    return NULL;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    per_thread = n / THREADS;
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, NULL) != 0) return 1;
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    printf("threads_loop: %d threads x %ld getppid\n", THREADS, per_thread);
    return 0;
}
