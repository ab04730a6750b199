/* Starts argv[2...] the way a shell would after `trap '' HUP INT QUIT PIPE`, with
 * SIGUSR1 and SIGALRM blocked, and with the descriptors listed in argv[1] closed ("1", "02", "-"
 * for none): the state `nohup`, a background job or `prog >&-` hands down. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int ignore[] = {SIGHUP, SIGINT, SIGQUIT, SIGPIPE};
    for (unsigned i = 0; i < sizeof ignore / sizeof ignore[0]; i++)
        signal(ignore[i], SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (const char *p = argv[1]; *p; p++)
        if (*p >= '0' && *p <= '2') close(*p - '0');
    execvp(argv[2], argv + 2);
    return 127;
}
