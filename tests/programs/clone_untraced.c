/* Makes one child with clone(CLONE_UNTRACED) and one with clone3(CLONE_UNTRACED); each
 * reports how many CPUs it may run on and that its pid is its own, then exits 7. The
 * parent waits for both and reports how they ended. Untraced, nothing here depends on
 * a tracer; traced, the children must behave exactly the same (not fail with ENOSYS
 * under a seccomp filter, not stay pinned to the tracer's CPU). */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int child_main(void *name) {
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    char line[128];
    int n = snprintf(line, sizeof line, "%s: cpus %d, own pid %s\n", (const char *)name,
                     CPU_COUNT(&set), syscall(SYS_getpid) == getpid() ? "yes" : "no");
    (void)write(1, line, n);
    _exit(7);
}

static char stack[256 * 1024];

static void report(const char *name, pid_t pid) {
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, __WALL) != pid) {
        printf("%s: failed\n", name);
        return;
    }
    printf("%s: exited %d\n", name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void) {
    pid_t a = clone(child_main, stack + sizeof stack, CLONE_UNTRACED | SIGCHLD, "clone");
    report("clone", a);
    fflush(stdout);
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_UNTRACED;
    args.exit_signal = SIGCHLD;
    long b = syscall(SYS_clone3, &args, sizeof args);
    if (b == 0) child_main("clone3");
    report("clone3", (pid_t)b);
    return 0;
}
