/* Many cheap syscalls, then one line of output: fills a trace pipe quickly. */
#include <unistd.h>

int main(int argc, char **argv) {
    (void)argv;
    long n = argc > 1 ? 2000000 : 100000;
    for (long i = 0; i < n; i++) (void)getppid();
    (void)write(1, "busy done\n", 10);
    return 0;
}
