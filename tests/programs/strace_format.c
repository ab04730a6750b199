/* For tests/strace_format.rs: what strace's own format shows of one process, of a
 * fork and of threads.
 *   (no argument)  pipe2, a write into it and a read of it, getpid, a failing openat,
 *                  a write to stdout; exits 0.
 *   fork           the child writes and exits 3; the parent waits for it (wait4,
 *                  then SIGCHLD).
 *   threads        two threads write 20 times each, with a short sleep between.
 *   vectors        writev of two buffers into a pipe, readv of them back. */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *writer(void *arg) {
    const char *msg = arg;
    struct timespec ts = {0, 100000};
    for (int i = 0; i < 20; i++) {
        (void)write(1, msg, strlen(msg));
        nanosleep(&ts, NULL);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "fork") == 0) {
        pid_t child = fork();
        if (child == 0) {
            (void)write(1, "child\n", 6);
            _exit(3);
        }
        int status;
        waitpid(child, &status, 0);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "threads") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, writer, "thread\n");
        writer("main\n");
        pthread_join(t, NULL);
        return 0;
    }
    int p[2];
    if (pipe2(p, 0) != 0)
        return 1;
    if (argc > 1 && strcmp(argv[1], "vectors") == 0) {
        struct iovec out[2] = {{"abc", 3}, {"defghijklmnopqrstuvwxyz", 23}};
        (void)writev(p[1], out, 2);
        char a[2], b[40];
        struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
        (void)readv(p[0], in, 2);
        return 0;
    }
    (void)write(p[1], "hello world, this is a test of dumps\n", 37);
    char buf[64];
    (void)read(p[0], buf, sizeof buf);
    (void)getpid();
    (void)open("/nonexistent/syscall-tracer-test", O_RDONLY);
    (void)write(1, "done\n", 5);
    return 0;
}
