/* argv[1] threads (default 1000), each making getppid() calls as fast as it can: a
 * process a tracer attaches to must serve them all. Prints "ready N" once every thread
 * runs. On SIGUSR1 the threads stop making calls and wait (so a test can read /proc
 * without competing with them); the process runs until killed. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t start;
static volatile sig_atomic_t quiet;
static int running;

static void on_usr1(int sig) {
    (void)sig;
    quiet = 1;
}

static void *spin(void *arg) {
    (void)arg;
    pthread_barrier_wait(&start);
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    while (!quiet) syscall(SYS_getppid);
    for (;;) pause();
    return NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    signal(SIGUSR1, on_usr1);
    pthread_barrier_init(&start, NULL, n + 1);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, spin, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    pthread_barrier_wait(&start);
    while (__atomic_load_n(&running, __ATOMIC_SEQ_CST) < n) sched_yield();
    printf("ready %d\n", n);
    fflush(stdout);
    for (;;) pause();
}
