/* For `-e inject=` counting (when=): getppid() three times in the parent, its forked
 * child and a thread, each printing whether the call returned the injected 1. strace
 * counts per syscall and per tracee, every new process and thread from 1. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void calls(const char *who, int n)
{
    for (int i = 0; i < n; i++)
        printf("%s %d: %d\n", who, i, getppid() == 1);
    fflush(stdout);
}

static void *thread_main(void *arg)
{
    (void)arg;
    calls("thread", 3);
    return NULL;
}

int main(void)
{
    calls("parent", 2);
    pid_t child = fork();
    if (child == 0) {
        calls("child", 3);
        return 0;
    }
    waitpid(child, NULL, 0);
    pthread_t t;
    pthread_create(&t, NULL, thread_main, NULL);
    pthread_join(t, NULL);
    calls("parent", 1);
    return 0;
}
