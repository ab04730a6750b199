/* batch D: process and namespace calls numbered 300-471 (setns, getcpu, process_vm_*,
 * kcmp, sched_{set,get}attr, pidfd_*, process_madvise, process_mrelease, clone3). Pids
 * printed are 0 or 1 so the output does not depend on the run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

struct d_sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};
struct d_kcmp_epoll_slot {
	uint32_t efd, tfd, toff;
};

int main(void)
{
	int nsfd = open("/proc/self/ns/uts", O_RDONLY);
	syscall(SYS_setns, nsfd, CLONE_NEWUTS);
	syscall(SYS_setns, nsfd, 0);
	syscall(SYS_setns, -1, CLONE_NEWNET | CLONE_NEWPID | 1);
	syscall(SYS_setns, nsfd, 0x7f);
	syscall(SYS_setns, nsfd, 0x7e020080);
	syscall(SYS_setns, nsfd, 0xffffffff);

	/* getcpu's answer must not depend on where the scheduler put us. */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof one, &one);
	unsigned cpu, node;
	syscall(SYS_getcpu, &cpu, &node, NULL);
	syscall(SYS_getcpu, NULL, NULL, NULL);
	syscall(SYS_getcpu, (void *)1, (void *)2, (void *)3);

	char src[40] = "remote data for process_vm_readv test!!", dst[16];
	struct iovec l[2] = { { dst, 8 }, { dst + 8, 8 } }, r[1] = { { src, 16 } };
	syscall(SYS_process_vm_readv, 0, l, 2, r, 1, 0);
	syscall(SYS_process_vm_readv, 0, l, 2, r, 1, 5);
	syscall(SYS_process_vm_readv, 0, l, 2, NULL, 1, 0);
	syscall(SYS_process_vm_writev, 0, r, 1, l, 2, 0);
	syscall(SYS_process_vm_writev, 0, NULL, 1, NULL, 0, 0);

	struct d_kcmp_epoll_slot sl = { 4, 3, 0 };
	syscall(SYS_kcmp, 0, 0, 0, 1, 1);
	syscall(SYS_kcmp, 0, 0, 1, 0, 0);
	syscall(SYS_kcmp, 0, 0, 6, 0, 0);
	syscall(SYS_kcmp, 0, 0, 7, 0, NULL);
	syscall(SYS_kcmp, 0, 0, 7, 4, &sl);
	syscall(SYS_kcmp, 0, 0, 9, 0, 0);

	struct d_sched_attr sa;
	memset(&sa, 0, sizeof sa);
	sa.size = sizeof sa;
	syscall(SYS_sched_setattr, 0, &sa, 0);
	sa.sched_policy = SCHED_BATCH;
	sa.sched_flags = 0x7f;
	sa.sched_nice = 3;
	syscall(SYS_sched_setattr, 0, &sa, 1);
	sa.sched_flags = 0;
	sa.sched_policy = 42;
	syscall(SYS_sched_setattr, 0, &sa, 0);
	sa.size = 48;
	syscall(SYS_sched_setattr, 0, &sa, 0);
	sa.size = 0;
	syscall(SYS_sched_setattr, 0, &sa, 0);
	syscall(SYS_sched_setattr, 0, NULL, 0);
	syscall(SYS_sched_setattr, 0, (void *)1, 0);
	syscall(SYS_sched_getattr, 0, &sa, 8, 0);
	syscall(SYS_sched_getattr, 0, NULL, 48, 0);

	int pfd = syscall(SYS_pidfd_open, 1, 0);
	syscall(SYS_pidfd_open, 1, 0x800);
	syscall(SYS_pidfd_open, -1, 0xff);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	syscall(SYS_pidfd_send_signal, -1, 0, NULL, 0);
	syscall(SYS_pidfd_send_signal, -1, SIGUSR1, &si, 0);
	si.si_value.sival_int = 42;
	syscall(SYS_pidfd_send_signal, -1, SIGUSR1, &si, 0);
	si.si_code = SI_USER;
	syscall(SYS_pidfd_send_signal, -1, SIGKILL, &si, 3);
	syscall(SYS_pidfd_send_signal, -1, 77, (void *)8, 0);
	syscall(SYS_pidfd_getfd, pfd, 0, 0);
	syscall(SYS_pidfd_getfd, -1, 1, 5);

	struct iovec mv[1] = { { src, 4096 } };
	syscall(SYS_process_madvise, -1, mv, 1, MADV_COLD, 0);
	syscall(SYS_process_madvise, -1, mv, 1, 12345, 7);
	syscall(SYS_process_mrelease, -1, 0);
	syscall(SYS_process_mrelease, -1, 3);

	struct clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_SETTLS | 0x200000000ULL;
	syscall(SYS_clone3, &ca, sizeof ca);
	ca.flags = CLONE_THREAD;
	ca.exit_signal = SIGCHLD;
	ca.stack = 0x1000;
	ca.stack_size = 0x2000;
	syscall(SYS_clone3, &ca, sizeof ca);
	ca.flags = ~0ULL;
	ca.exit_signal = 99;
	ca.tls = 0x55;
	ca.set_tid = (uint64_t)(uintptr_t)src;
	ca.set_tid_size = 2;
	ca.cgroup = 3;
	syscall(SYS_clone3, &ca, sizeof ca);
	syscall(SYS_clone3, NULL, 0);
	syscall(SYS_clone3, &ca, 8);
	return 0;
}
