/* Installs a seccomp filter of its own and reports what its verdicts did: getppid is
 * SECCOMP_RET_TRACE (untraced: no tracer to ask, so ENOSYS), getpid RET_ERRNO(EPERM),
 * uname RET_TRAP (a SIGSYS it catches), in itself and in a forked child; then getuid is
 * RET_KILL_PROCESS and the process dies of SIGSYS. Traced, the output and the end must
 * be the untraced run's. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t trapped = -1;

static void on_sigsys(int sig, siginfo_t *info, void *ctx) {
    (void)sig;
    (void)ctx;
    trapped = info->si_syscall;
}

#define ON(nr, action)                                   \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1),     \
        BPF_STMT(BPF_RET | BPF_K, (action))

static void report(const char *who) {
    char line[256];
    errno = 0;
    long r1 = syscall(SYS_getppid);
    int e1 = errno;
    errno = 0;
    long r2 = syscall(SYS_getpid);
    int e2 = errno;
    trapped = -1;
    syscall(SYS_uname, NULL);
    int n = snprintf(line, sizeof line, "%s: getppid %ld %s, getpid %ld %s, uname trapped %d\n",
                     who, r1, r1 < 0 ? strerror(e1) : "ok", r2, r2 < 0 ? strerror(e2) : "ok",
                     (int)trapped);
    (void)write(1, line, n);
}

int main(void) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        ON(SYS_getppid, SECCOMP_RET_TRACE | 0x77),
        ON(SYS_getpid, SECCOMP_RET_ERRNO | EPERM),
        ON(SYS_uname, SECCOMP_RET_TRAP),
        ON(SYS_getuid, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof code[0], code};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, NULL);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
        perror("seccomp");
        return 1;
    }
    report("parent");
    pid_t child = fork();
    if (child == 0) {
        report("child");
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    printf("child status %d\n", status);
    fflush(stdout);
    syscall(SYS_getuid);
    return 0;
}
