/* Makes argv[1] getppid() calls, then prints how many times it was switched out
 * (getrusage: voluntary and involuntary context switches). Each ptrace stop switches
 * it out once, so under a tracer whose seccomp filter spares getppid the count stays
 * near its untraced value, and far below two per call. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000;
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("switches %ld\n", ru.ru_nvcsw + ru.ru_nivcsw);
    return 0;
}
