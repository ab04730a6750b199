/* Calls whose rendering the display options change (-x, -xx, --strings-in-hex, -X,
 * -e raw=): flags, enums, signals, modes, limits and strings with non-ASCII bytes.
 * Single-threaded but for one fork; every call's result is the same from run to run
 * (no addresses in what strace_display.rs traces, but for masked ones). */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    static const char odd[] = "h\xc3\xa9llo\x01\t\n";
    static const char plain[] = "plain \"text\"\\\n";
    (void)write(1, odd, sizeof odd - 1);
    (void)write(1, plain, sizeof plain - 1);
    (void)openat(AT_FDCWD, "/nonexistent/\xc3\xa9t\xc3\xa9", O_RDONLY | O_CLOEXEC);
    int fd = openat(AT_FDCWD, "/dev/null", O_WRONLY | O_APPEND);
    (void)fcntl(fd, F_GETFL);
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    (void)lseek(fd, 0, SEEK_CUR);
    (void)fcntl(-1, F_GETFD);
    (void)access("/", R_OK | X_OK);
    (void)umask(022);
    (void)mkdirat(AT_FDCWD, "/nonexistent/dir", 0755);
    (void)mknodat(AT_FDCWD, "/nonexistent/fifo", S_IFIFO | 0640, 0);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    (void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    (void)socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = SA_RESTART;
    (void)sigaction(SIGUSR1, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    (void)sigprocmask(SIG_BLOCK, &set, NULL);
    struct rlimit rl;
    (void)getrlimit(RLIMIT_STACK, &rl);
    void *fixed = (void *)0x10000000;
    (void)mmap(fixed, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
               -1, 0);
    (void)mprotect(fixed, 4096, PROT_NONE);
    (void)madvise(fixed, 4096, MADV_DONTNEED);
    (void)prctl(PR_SET_NAME, "n\xc3\xa9w", 0, 0, 0);
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    (void)waitpid(child, NULL, 0);
    return 0;
}
