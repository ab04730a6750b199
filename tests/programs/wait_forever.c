/* Prints "ready" and waits to be killed. */
#include <unistd.h>

int main(void) {
    (void)write(1, "ready\n", 6);
    for (;;) pause();
}
