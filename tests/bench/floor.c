/* The floor: the least work a ptrace-based tracer can do. It runs a command, follows
 * every thread and child, stops it at each syscall entry and exit, decodes and prints
 * nothing, and exits with the command's status. A real tracer cannot be cheaper than
 * this on the same machine, so "ours / floor" is the cost of everything we add. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/* One bit per possible pid (pid_max is at most 2^22): set once a tracee has been seen
 * stopped. Auto-attached tracees (not seized) start with a SIGSTOP the tracer must
 * swallow, and a bitmap tells "first stop" apart without any bookkeeping per event. */
static unsigned char seen[(1 << 22) / 8];

static int test_and_set(pid_t pid) {
    unsigned char bit = 1u << (pid & 7);
    int was = seen[pid >> 3] & bit;
    seen[pid >> 3] |= bit;
    return was;
}

static void clear(pid_t pid) { seen[pid >> 3] &= ~(1u << (pid & 7)); }

static int is_stop_signal(int sig) {
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: floor PROG [ARGS...]\n");
        return 2;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        raise(SIGSTOP); /* wait here until the parent has set the options */
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) < 0 || !WIFSTOPPED(status)) {
        fprintf(stderr, "floor: the child did not stop\n");
        return 1;
    }
    long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SETOPTIONS, child, 0, opts) < 0) {
        perror("PTRACE_SETOPTIONS");
        return 1;
    }
    test_and_set(child);
    ptrace(PTRACE_SYSCALL, child, 0, 0);

    int exit_code = 0;
    for (;;) {
        pid_t pid = waitpid(-1, &status, __WALL);
        if (pid < 0) {
            if (errno == EINTR) continue;
            if (errno == ECHILD) break; /* no tracee left */
            perror("waitpid");
            return 1;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            clear(pid);
            if (pid == child)
                exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            continue;
        }
        if (!WIFSTOPPED(status)) continue;
        int sig = WSTOPSIG(status);
        int inject = 0;
        if (sig == (SIGTRAP | 0x80) || status >> 16 != 0) {
            /* syscall-stop, or a fork/clone/exec event: just resume */
        } else if (!test_and_set(pid) && sig == SIGSTOP) {
            /* a new tracee's initial stop */
        } else if (is_stop_signal(sig)) {
            /* Group-stop (GETSIGINFO fails with EINVAL) is resumed at once: the minimal
             * handling, the floor does not keep stopped processes stopped. A stopping
             * signal's delivery-stop is re-injected. */
            siginfo_t si;
            if (ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0) inject = sig;
        } else {
            inject = sig; /* a real signal: deliver it */
        }
        ptrace(PTRACE_SYSCALL, pid, 0, inject); /* ESRCH if it died meanwhile: fine */
    }
    return exit_code;
}
