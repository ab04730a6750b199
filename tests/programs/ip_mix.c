/* -i's scenario (tracer/tests/strace_ip.rs): calls from the main thread, from a second
 * thread and from a child that execs, a handled signal, and a death by a signal, each
 * shown with where the thread was. Lines of one thread never wait on another's in a way
 * that depends on timing: SIGCHLD is blocked, the thread is joined, the child waited for.
 * With argv[1] = "kill", the process ends killed by SIGTERM. With "stop": a child stops
 * itself (a group-stop) until the parent continues it, then the parent dies of SIGSEGV
 * (the faulting instruction is the pointer shown). */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

static void *worker(void *arg) {
    (void)arg;
    (void)write(1, "thread\n", 7);
    return NULL;
}

int main(int argc, char **argv) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    signal(SIGUSR1, on_usr1);
    if (argc > 1 && strcmp(argv[1], "stop") == 0) {
        pid_t stopping = fork();
        if (stopping == 0) {
            raise(SIGSTOP);
            (void)write(1, "continued\n", 10);
            _exit(0);
        }
        int status;
        waitpid(stopping, &status, WUNTRACED);
        kill(stopping, SIGCONT);
        waitpid(stopping, &status, 0);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        volatile int *null = NULL;
        return *null;
    }
    (void)write(1, "main\n", 5);
    raise(SIGUSR1);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    pid_t child = fork();
    if (child == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0);
    (void)write(1, "done\n", 5);
    if (argc > 1 && strcmp(argv[1], "kill") == 0)
        raise(SIGTERM);
    return 0;
}
