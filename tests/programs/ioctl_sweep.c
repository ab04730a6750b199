/* Calls ioctl(-1, code, ARG) for every hex code in the file named by argv[1], one per
 * line; ARG is argv[2] (hex, default 0). The bad descriptor makes each call fail with
 * EBADF before any driver sees it, so a tracer's rendering of every request name and
 * argument kind can be compared without side effects. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: ioctl_sweep CODES-FILE [ARG]\n");
        return 2;
    }
    unsigned long arg = argc == 3 ? strtoul(argv[2], NULL, 16) : 0;
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    unsigned long code;
    while (fscanf(f, "%lx", &code) == 1)
        syscall(SYS_ioctl, -1, code, arg);
    fclose(f);
    return 0;
}
