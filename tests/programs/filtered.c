/* Opens and closes /dev/null N times (argv[1], default 100) in each of three tracees:
 * the main thread, a second thread and a forked child, with optional pauses of argv[2]
 * ms, printing "tick I" per main-thread iteration. At the end it reports how many opens
 * succeeded and the process's seccomp mode from /proc, so a test can tell whether a
 * filter was installed and whether any traced call failed (ENOSYS without a tracer). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int n = 100, pause_ms = 0;
/* One open at a time in the process, so every open gets fd 3 and traces compare. */
static pthread_mutex_t one = PTHREAD_MUTEX_INITIALIZER;

static int open_close(int ticks) {
    int ok = 0;
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&one);
        int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            ok++;
            close(fd);
        }
        pthread_mutex_unlock(&one);
        (void)getppid();
        if (ticks) {
            printf("tick %d\n", i);
            fflush(stdout);
        }
        if (pause_ms) {
            struct timespec ts = {0, pause_ms * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    return ok;
}

static void *worker(void *arg) {
    *(int *)arg = open_close(0);
    return NULL;
}

static void seccomp_mode(void) {
    char line[128];
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Seccomp:", 8) == 0) printf("%s", line);
    fclose(f);
}

int main(int argc, char **argv) {
    if (argc > 1) n = atoi(argv[1]);
    if (argc > 2) pause_ms = atoi(argv[2]);
    pid_t child = fork();
    if (child == 0) _exit(open_close(0) == n ? 0 : 1);
    int thread_ok = 0;
    pthread_t t;
    pthread_create(&t, NULL, worker, &thread_ok);
    int main_ok = open_close(1);
    pthread_join(t, NULL);
    int status = 0;
    waitpid(child, &status, 0);
    int child_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("opened %d of %d, thread %d of %d, child %s\n", main_ok, n, thread_ok, n,
           child_ok ? "ok" : "failed");
    seccomp_mode();
    return 0;
}
