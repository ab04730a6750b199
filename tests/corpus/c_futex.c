/* futex with each operation class, private/realtime flags and hostile values. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	static uint32_t f = 1, g = 0;
	struct timespec ts = {0, 1000};
	syscall(SYS_futex, &f, FUTEX_WAKE, 1, NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT, 0, NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
	syscall(SYS_futex, &f, FUTEX_WAIT_BITSET, 0, &ts, NULL, 0x10);
	syscall(SYS_futex, &f, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
	syscall(SYS_futex, &f, FUTEX_WAKE_BITSET, 1, NULL, NULL, 3);
	syscall(SYS_futex, &f, FUTEX_REQUEUE_PRIVATE, 1, 2, &g, 0);
	syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, &g, 1);
	syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE, 1, 2, &g, 0);
	syscall(SYS_futex, &f, FUTEX_WAKE_OP_PRIVATE, 1, 1, &g, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1));
	syscall(SYS_futex, &f, FUTEX_WAKE_OP, 1, 1, &g, FUTEX_OP(FUTEX_OP_ADD | FUTEX_OP_OPARG_SHIFT, 5, FUTEX_OP_CMP_EQ, 0));
	syscall(SYS_futex, &f, FUTEX_WAKE_OP, 1, 1, &g, 0xffffffff);
	syscall(SYS_futex, &g, FUTEX_LOCK_PI_PRIVATE, 0, &ts, NULL, 0);
	syscall(SYS_futex, &g, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	syscall(SYS_futex, &g, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	syscall(SYS_futex, &g, 13 | FUTEX_PRIVATE_FLAG, 0, &ts, NULL, 0);
	syscall(SYS_futex, &g, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, &ts, &g, 0);
	syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE_PI, 1, 0, &g, 1);
	syscall(SYS_futex, &f, FUTEX_FD, 1, NULL, NULL, 0);
	syscall(SYS_futex, &f, 14, 1, 2, 3, 4);
	syscall(SYS_futex, &f, 0x7f, 1, 2, 3, 4);
	syscall(SYS_futex, &f, FUTEX_CLOCK_REALTIME | FUTEX_WAKE, 1, NULL, NULL, 0);
	syscall(SYS_futex, &f, 0xffffffff, 1, 2, 3, 4);
	syscall(SYS_futex, NULL, FUTEX_WAIT, 1, (void *)1, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT, 1, (void *)1, NULL, 0);
	return 0;
}
