/* Benchmark workload: a fork/exec tree. The parent forks and execs itself in child
 * mode N times, waiting for each; every fourth child forks and execs two more levels
 * below it. Each exec runs the dynamic loader, so the tracer sees process creation,
 * exec events and the loader's mmap/openat traffic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs this binary with "child DEPTH" and waits; returns 0 when it exited 0. */
static int spawn(int depth) {
    char d[16];
    snprintf(d, sizeof d, "%d", depth);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        execl("/proc/self/exe", "forkexec", "child", d, (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "child") == 0) {
        int depth = atoi(argv[2]);
        return depth > 0 && spawn(depth - 1) != 0 ? 1 : 0;
    }
    long n = argc > 1 ? atol(argv[1]) : 200;
    long processes = 0;
    for (long i = 0; i < n; i++) {
        int depth = i % 4 == 0 ? 2 : 0;
        if (spawn(depth) != 0) {
            fprintf(stderr, "forkexec: child %ld failed\n", i);
            return 1;
        }
        processes += 1 + depth;
    }
    printf("forkexec: %ld processes\n", processes);
    return 0;
}
