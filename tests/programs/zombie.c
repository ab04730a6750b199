/* A child that stays a zombie for a while: it exits with 3, the parent waits for that
 * without reaping (waitid with WNOWAIT), checks /proc shows it as a zombie, makes other
 * calls, and only then reaps it with wait4.
 * stdout: "child exiting", "child is a zombie", "reaped: exit 3"; stderr: "pid N" for
 * parent and child. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say_pid(void) {
    char line[32];
    int n = snprintf(line, sizeof line, "pid %d\n", (int)getpid());
    (void)write(2, line, (size_t)n);
}

/* The state letter in /proc/PID/stat: after the ") ". */
static char state_of(pid_t pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return '?';
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return '?';
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    return p && p[1] && p[2] ? p[2] : '?';
}

int main(void) {
    say_pid();
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
        say_pid();
        (void)write(1, "child exiting\n", 14);
        _exit(3);
    }
    siginfo_t info;
    if (waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT) != 0) return 1;
    if (state_of(child) == 'Z') (void)write(1, "child is a zombie\n", 18);
    for (int i = 0; i < 100; i++) (void)getppid();
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
    int status;
    if (waitpid(child, &status, 0) != child) return 1;
    char line[32];
    int n = snprintf(line, sizeof line, "reaped: exit %d\n", WEXITSTATUS(status));
    (void)write(1, line, (size_t)n);
    return 0;
}
