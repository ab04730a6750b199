/* The thread group leader ends first (pthread_exit) and stays a zombie while two
 * workers make calls until a line arrives on stdin; then they finish and the process
 * ends with status 0. stderr: "pid N" once the workers run. stdout: "worker I done"
 * per worker (in any order). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int stop, running;

static void *worker(void *arg) {
    char line[32];
    int w = (int)(long)arg;
    atomic_fetch_add(&running, 1);
    if (w == 0) {
        (void)read(0, line, sizeof line);
        atomic_store(&stop, 1);
    }
    while (!atomic_load(&stop)) (void)getppid();
    int n = snprintf(line, sizeof line, "worker %d done\n", w);
    (void)write(1, line, (size_t)n);
    return NULL;
}

int main(void) {
    pthread_t t;
    char line[32];
    for (long i = 0; i < 2; i++) pthread_create(&t, NULL, worker, (void *)i);
    while (atomic_load(&running) < 2) (void)sched_yield();
    int n = snprintf(line, sizeof line, "pid %d\n", (int)getpid());
    (void)write(2, line, (size_t)n);
    pthread_exit(NULL);
}
