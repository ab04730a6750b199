/* The soak's workload (cargo xtask soak): four threads, each making its share of N
 * system calls (argv[1], default 5,000,000) in a tight loop of cheap ones, a few with
 * arguments to render (a write of a short string, a failing close), and counting them.
 * stdout, at the end: one "NAME COUNT" line per call made in the loops, then
 * "total COUNT". Only the worker threads make these loop calls (main makes none of
 * them), so a trace must show exactly these numbers of them from the workers. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define THREADS 4

enum { GETPPID, GETUID, GETEGID, CLOSE, WRITE, KINDS };
static const char *names[KINDS] = {"getppid", "getuid", "getegid", "close", "write"};
static long counts[THREADS][KINDS];
static long per_thread;
static int devnull;

static void *worker(void *arg) {
    long *c = counts[(long)arg];
    for (long i = 0; i < per_thread; i++) {
        switch (i % 8) {
        case 0: case 2: case 4: case 6:
            (void)getppid();
            c[GETPPID]++;
            break;
        case 1:
            (void)getuid();
            c[GETUID]++;
            break;
        case 3:
            (void)getegid();
            c[GETEGID]++;
            break;
        case 5:
            (void)close(-1);
            c[CLOSE]++;
            break;
        case 7:
            (void)write(devnull, "soak\n", 5);
            c[WRITE]++;
            break;
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    long total = argc > 1 ? atol(argv[1]) : 5000000;
    per_thread = total / THREADS;
    FILE *null = fopen("/dev/null", "w");
    if (!null) return 2;
    devnull = fileno(null);
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) return 2;
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    long sum = 0;
    for (int k = 0; k < KINDS; k++) {
        long n = 0;
        for (int i = 0; i < THREADS; i++) n += counts[i][k];
        printf("%s %ld\n", names[k], n);
        sum += n;
    }
    printf("total %ld\n", sum);
    return 0;
}
