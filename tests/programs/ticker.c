/* Prints "tick 0" .. "tick N-1" (N = argv[1], default 40), 20 ms apart: a process to
 * attach to and detach from while it runs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 40;
    char line[32];
    for (int i = 0; i < n; i++) {
        int len = snprintf(line, sizeof line, "tick %d\n", i);
        (void)write(1, line, (size_t)len);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return 0;
}
