/* vfork then exec: the child runs this program again as "child". */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char line[32];
    int n = snprintf(line, sizeof line, "pid %d\n", getpid());
    (void)write(2, line, (size_t)n);
    if (argc > 1) {
        (void)write(1, "vfork child\n", 12);
        return 0;
    }
    pid_t c = vfork();
    if (c == 0) {
        execl("/proc/self/exe", argv[0], "child", (char *)NULL);
        _exit(127);
    }
    waitpid(c, NULL, 0);
    (void)write(1, "parent done\n", 12);
    return 0;
}
