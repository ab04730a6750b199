/* rt_sigaction, rt_sigprocmask, rt_sigreturn, pause: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static void handler(int sig) { (void)sig; }

int main(void)
{
	struct ksigaction act, old;
	memset(&act, 0, sizeof act);
	act.handler = handler;
	act.flags = SA_RESTART | SA_SIGINFO;
	act.mask = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1));
	syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 8);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	act.handler = SIG_IGN;
	act.flags = 0xffffffffffffffffUL;
	act.mask = ~0ULL;
	syscall(SYS_rt_sigaction, SIGUSR2, &act, NULL, 8);
	act.handler = SIG_DFL;
	act.flags = 0x04000000 | 0x10000000 | 0x40000000 | 0x80000000UL | 0x8;
	act.restorer = (void *)0x1234;
	act.mask = (1ULL << 33) | (1ULL << 40) | (1ULL << 63);
	syscall(SYS_rt_sigaction, 40, &act, &old, 8);
	syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 7);
	syscall(SYS_rt_sigaction, SIGKILL, &act, NULL, 8);
	syscall(SYS_rt_sigaction, 0, NULL, NULL, 8);
	syscall(SYS_rt_sigaction, 99, (void *)1, (void *)2, 8);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, (void *)8, 8);

	uint64_t set = (1ULL << (SIGUSR1 - 1)) | (1ULL << (SIGCHLD - 1)), oldset = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &oldset, 8);
	set = ~0ULL;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &oldset, NULL, 8);
	syscall(SYS_rt_sigprocmask, 7, &set, &oldset, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 4);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)1, (void *)2, 8);
	set = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);

	/* pause, woken by a timer signal whose handler returns through rt_sigreturn */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 5000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	syscall(SYS_pause);
	return 0;
}
