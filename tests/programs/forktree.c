/* A fork+exec tree: main forks a child that execs this program as "child"; the child
 * forks a grandchild that prints and exits; the child exits 3; main reports it.
 * stderr gets "pid N" for every process. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void say_pid(void) {
    char line[32];
    int n = snprintf(line, sizeof line, "pid %d\n", getpid());
    (void)write(2, line, (size_t)n);
}

int main(int argc, char **argv) {
    say_pid();
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        pid_t g = fork();
        if (g == 0) {
            say_pid();
            (void)write(1, "grandchild\n", 11);
            _exit(0);
        }
        waitpid(g, NULL, 0);
        (void)write(1, "child\n", 6);
        return 3;
    }
    pid_t c = fork();
    if (c == 0) {
        execl("/proc/self/exe", argv[0], "child", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(c, &status, 0);
    printf("child exited %d\n", WEXITSTATUS(status));
    return 0;
}
