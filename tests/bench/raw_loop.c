/* Benchmark workload: N getppid() calls through syscall(2), nothing else.
 * The cheapest possible syscall, so a tracer's cost per stop dominates. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
    printf("raw_loop: %ld getppid\n", n);
    return 0;
}
