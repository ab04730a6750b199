/* statx with several request masks on a file of its own with fixed access and
 * modification times: strace 7.2 shows under -v only the times the kernel filled in
 * (the bits of the returned stx_mask). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/statx_masks.%d", (int)getpid());
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0)
        return 1;
    struct timespec times[2] = {{1000000000, 5}, {1100000000, 7}};
    futimens(fd, times);
    close(fd);
    struct statx s;
    statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &s);
    statx(AT_FDCWD, path, 0, STATX_MODE, &s);
    statx(AT_FDCWD, path, 0, STATX_MTIME, &s);
    unlink(path);
    return 0;
}
