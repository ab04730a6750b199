/* What a program sees of its CPU affinity, which co-location must not change for it.
 *   affinity count    CPUs in its sched_getaffinity mask
 *   affinity threads  every thread's allowed CPUs while two threads run
 *   affinity own      sets its own mask to its last allowed CPU, starts and joins a
 *                     thread, and shows the mask before and after */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void show_allowed(const char *who) {
    char line[256];
    FILE *f = fopen("/proc/thread-self/status", "r");
    if (!f) return;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Cpus_allowed_list:", 18) == 0) printf("%s %s", who, line);
    fclose(f);
    fflush(stdout);
}

static int count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

static pthread_barrier_t both;

static void *second(void *arg) {
    (void)arg;
    pthread_barrier_wait(&both);
    show_allowed("thread");
    pthread_barrier_wait(&both);
    pthread_barrier_wait(&both);
    return NULL;
}

static void *idle(void *arg) {
    (void)arg;
    return NULL;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "count";
    if (strcmp(mode, "count") == 0) {
        printf("cpus %d\n", count());
    } else if (strcmp(mode, "threads") == 0) {
        pthread_t t;
        pthread_barrier_init(&both, NULL, 2);
        pthread_create(&t, NULL, second, NULL);
        pthread_barrier_wait(&both);
        pthread_barrier_wait(&both);
        show_allowed("main"); /* while the thread still runs */
        pthread_barrier_wait(&both);
        pthread_join(t, NULL);
    } else {
        cpu_set_t set;
        sched_getaffinity(0, sizeof set, &set);
        int last = -1;
        for (int c = 0; c < CPU_SETSIZE; c++)
            if (CPU_ISSET(c, &set)) last = c;
        CPU_ZERO(&set);
        CPU_SET(last, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");
        show_allowed("before");
        pthread_t t;
        pthread_create(&t, NULL, idle, NULL);
        pthread_join(t, NULL);
        usleep(20000);
        show_allowed("after");
        printf("cpus %d\n", count());
    }
    return 0;
}
