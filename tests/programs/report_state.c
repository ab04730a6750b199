/* Reports what the process inherited: which signals are ignored, which are blocked, and
 * whether descriptors 0-2 are open, on stderr (or stdout if stderr is closed), then
 * writes "stdout ok" to stdout. Exits 3 when that write fails (stdout closed), else 0.
 * Traced, every line must equal the untraced run's. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char buf[1024];
    int n = 0;
    n += snprintf(buf + n, sizeof buf - n, "ignored:");
    for (int sig = 1; sig < 65; sig++) {
        struct sigaction sa;
        if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
            n += snprintf(buf + n, sizeof buf - n, " %d", sig);
    }
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    n += snprintf(buf + n, sizeof buf - n, "\nblocked:");
    for (int sig = 1; sig < 65; sig++)
        if (sigismember(&mask, sig) == 1)
            n += snprintf(buf + n, sizeof buf - n, " %d", sig);
    n += snprintf(buf + n, sizeof buf - n, "\nopen:");
    for (int fd = 0; fd < 3; fd++)
        n += snprintf(buf + n, sizeof buf - n, " %d=%s", fd,
                      fcntl(fd, F_GETFD) == -1 ? "closed" : "open");
    n += snprintf(buf + n, sizeof buf - n, "\n");
    int out = fcntl(2, F_GETFD) == -1 ? 1 : 2;
    (void)write(out, buf, n);
    if (write(1, "stdout ok\n", 10) != 10)
        return 3;
    return 0;
}
