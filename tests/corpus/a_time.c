/* nanosleep, getitimer, alarm, setitimer: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec req = { 0, 1000 }, rem;
	syscall(SYS_nanosleep, &req, &rem);
	syscall(SYS_nanosleep, &req, NULL);
	req.tv_nsec = 1000000000;
	syscall(SYS_nanosleep, &req, &rem);
	req.tv_sec = -1;
	req.tv_nsec = 5;
	syscall(SYS_nanosleep, &req, &rem);
	syscall(SYS_nanosleep, NULL, NULL);
	syscall(SYS_nanosleep, (void *)1, (void *)2);

	struct itimerval it, old;
	syscall(SYS_getitimer, ITIMER_REAL, &it);
	syscall(SYS_getitimer, ITIMER_VIRTUAL, &it);
	syscall(SYS_getitimer, ITIMER_PROF, &it);
	syscall(SYS_getitimer, 3, &it);
	syscall(SYS_getitimer, ITIMER_REAL, NULL);
	syscall(SYS_getitimer, -1, (void *)1);

	signal(SIGALRM, SIG_IGN);
	syscall(SYS_alarm, 100);
	syscall(SYS_alarm, 0xffffffffu);
	syscall(SYS_alarm, 0);

	/* A running timer's remaining time varies from run to run: only disarmed ones are read back. */
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = 100;
	it.it_interval.tv_usec = 250000;
	syscall(SYS_setitimer, ITIMER_REAL, &it, &old);
	memset(&it, 0, sizeof it);
	syscall(SYS_setitimer, ITIMER_REAL, &it, NULL);
	syscall(SYS_setitimer, ITIMER_REAL, &it, &old);
	it.it_value.tv_usec = 2000000;
	syscall(SYS_setitimer, ITIMER_VIRTUAL, &it, &old);
	syscall(SYS_setitimer, 5, &it, &old);
	syscall(SYS_setitimer, ITIMER_PROF, NULL, (void *)1);
	syscall(SYS_setitimer, ITIMER_PROF, (void *)1, NULL);
	it.it_value.tv_sec = -5;
	it.it_value.tv_usec = -1;
	syscall(SYS_setitimer, ITIMER_PROF, &it, NULL);
	return 0;
}
