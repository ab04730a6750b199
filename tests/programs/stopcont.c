/* Prints "ready", sleeps (the test stops and continues it meanwhile), prints "done". */
#include <time.h>
#include <unistd.h>

int main(void) {
    (void)write(1, "ready\n", 6);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 600 * 1000 * 1000};
    nanosleep(&ts, NULL);
    (void)write(1, "done\n", 5);
    return 0;
}
