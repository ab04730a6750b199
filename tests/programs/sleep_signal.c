/* A handled signal (SIGALRM from a timer, no SA_RESTART) interrupts a long sleep. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig) { (void)sig; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_value = {.tv_sec = 0, .tv_usec = 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    struct timespec ts = {.tv_sec = 30};
    if (nanosleep(&ts, NULL) != 0) (void)write(1, "interrupted\n", 12);
    return 0;
}
