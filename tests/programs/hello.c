/* Single-threaded: opens argv[1], reads it, fails to open a missing file, writes a
 * greeting and exits with argv[2] (default 0). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char buf[64];
    int fd = open(argc > 1 ? argv[1] : "/etc/hostname", O_RDONLY);
    if (fd >= 0) {
        (void)read(fd, buf, sizeof buf);
        close(fd);
    }
    (void)open("/nonexistent/syscall-tracer-test", O_RDONLY);
    const char msg[] = "hello from the tracee\n";
    (void)write(1, msg, strlen(msg));
    return argc > 2 ? atoi(argv[2]) : 0;
}
