/* Opens the fifo argv[1] (read-write, so the open does not wait for a writer), says
 * "ready", then blocks in read(3, buf, 64) until someone writes; prints "got: DATA". */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    int fd = open(argv[1], O_RDWR);
    if (fd != 3) return 1;
    (void)write(1, "ready\n", 6);
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) return 1;
    printf("got: %.*s\n", (int)n, buf);
    return 0;
}
