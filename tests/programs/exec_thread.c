/* execve from a non-leader thread: the thread's tid changes to the process id. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *worker(void *arg) {
    (void)arg;
    char line[32];
    int n = snprintf(line, sizeof line, "tid %ld\n", (long)syscall(SYS_gettid));
    (void)write(2, line, (size_t)n);
    execl("/proc/self/exe", "exec_thread", "after", (char *)NULL);
    return NULL;
}

int main(int argc, char **argv) {
    (void)argv;
    if (argc > 1) {
        (void)write(1, "after exec\n", 11);
        return 0;
    }
    char line[32];
    int n = snprintf(line, sizeof line, "tid %d\n", getpid());
    (void)write(2, line, (size_t)n);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (;;) pause();
}
