/* Dies of SIGSEGV (a NULL write). */
#include <unistd.h>

int main(void) {
    (void)write(1, "about to crash\n", 15);
    *(volatile int *)0 = 1;
    return 0;
}
