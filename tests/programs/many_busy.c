/* argv[1] threads (default 1000), each making getppid() calls forever: a process a
 * tracer attaches to must serve them all. Prints "ready N" once every thread runs,
 * then runs until killed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int started;

static void *spin(void *arg) {
    (void)arg;
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    for (;;) syscall(SYS_getppid);
    return NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
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
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n) usleep(1000);
    printf("ready %d\n", n);
    fflush(stdout);
    for (;;) pause();
}
