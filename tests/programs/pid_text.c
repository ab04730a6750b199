/* Numbers equal to pids where they are not pids, for --fixed-ts renumbering: writes
 * "<pid> bytes" of its own pid, its thread id, its parent's and its child's pid as text
 * (each on its own line of stdout), writes exactly <pid> bytes to /dev/null (a count
 * and a return equal to the pid), and uses real pids where they are pids: getpid,
 * gettid, getppid, setpgid, fork, kill (a process and its group), wait4. Exits 0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *what, long v) {
    char b[64];
    int n = snprintf(b, sizeof b, "%ld %s\n", v, what);
    if (write(1, b, n) != n)
        exit(1);
}

int main(void) {
    pid_t me = getpid();
    say("bytes", me);
    say("thread bytes", syscall(SYS_gettid));
    say("parent bytes", getppid());
    if (setpgid(0, 0) != 0)
        return 2;

    int null = open("/dev/null", O_WRONLY);
    char *zeros = calloc(me, 1);
    if (null < 0 || !zeros || write(null, zeros, me) != me)
        return 3;

    pid_t child = fork();
    if (child < 0)
        return 4;
    if (child == 0) {
        say("child bytes", getpid());
        _exit(7);
    }
    if (kill(child, 0) != 0 || kill(-me, 0) != 0)
        return 5;
    int status;
    if (wait4(child, &status, 0, NULL) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 7)
        return 6;
    say("reaped bytes", child);
    return 0;
}
