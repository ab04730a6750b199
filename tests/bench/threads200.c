/* RSS workload: N threads (200 by default) alive at the same time, each making some
 * syscalls before and after a barrier, so the tracer holds state for all of them. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CALLS 20

static pthread_barrier_t barrier;

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < CALLS; i++) syscall(SYS_getppid);
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < CALLS; i++) syscall(SYS_getppid);
    return NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    pthread_t *t = calloc(n, sizeof *t);
    if (!t || pthread_barrier_init(&barrier, NULL, n) != 0) return 1;
    for (int i = 0; i < n; i++) {
        /* Small stacks: 200 default 8 MiB stacks are fine virtually, but keep it lean. */
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setstacksize(&a, 64 * 1024);
        if (pthread_create(&t[i], &a, worker, NULL) != 0) return 1;
        pthread_attr_destroy(&a);
    }
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    printf("threads200: %d threads\n", n);
    return 0;
}
