/* Three threads besides main, each printing "T tick I" every 10 ms for argv[1] (default
 * 40) rounds; a multi-threaded process to attach to. stderr: "tid N" per thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int rounds = 40;

static void *ticker(void *arg) {
    char line[48];
    int n = snprintf(line, sizeof line, "tid %ld\n", (long)syscall(SYS_gettid));
    (void)write(2, line, (size_t)n);
    for (int i = 0; i < rounds; i++) {
        n = snprintf(line, sizeof line, "%ld tick %d\n", (long)arg, i);
        (void)write(1, line, (size_t)n);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) rounds = atoi(argv[1]);
    pthread_t t[3];
    for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, ticker, (void *)(i + 1));
    ticker((void *)0);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    return 0;
}
