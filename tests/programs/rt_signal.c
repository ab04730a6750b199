/* Queues a real-time signal with a value to itself and a plain signal; the handlers see
 * the signal number, code and value, which must survive the tracer's re-injection. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int got_sig, got_code, got_value, got_usr1;

static void on_rt(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    got_sig = sig;
    got_code = si->si_code;
    got_value = si->si_value.sival_int;
}

static void on_usr1(int sig) { got_usr1 = sig; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 3, &sa, NULL);
    signal(SIGUSR1, on_usr1);
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGRTMIN + 3, v);
    raise(SIGUSR1);
    printf("rt signal %d code %d value %d, usr1 %d\n", got_sig - SIGRTMIN, got_code, got_value, got_usr1);
    return 0;
}
