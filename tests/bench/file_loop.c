/* Benchmark workload: N rounds of openat/read/close on one small file, the shape of
 * a program that touches many files (path strings and buffers to decode). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 7000;
    const char *path = argc > 2 ? argv[2] : "/etc/passwd";
    char buf[4096];
    long bytes = 0;
    for (long i = 0; i < n; i++) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            perror(path);
            return 1;
        }
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            perror("read");
            return 1;
        }
        bytes += r > 0;
        close(fd);
    }
    /* Counts rounds that read something: the same under any tracer. */
    printf("file_loop: %ld rounds, %ld read data\n", n, bytes);
    return 0;
}
