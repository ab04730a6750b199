/* time, clock_*, timer_*, timerfd_*: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	time_t t;
	struct timespec ts = {0, 0};
	syscall(SYS_time, NULL);
	syscall(SYS_time, &t);
	syscall(SYS_time, (void *)1);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, NULL);
	syscall(SYS_clock_gettime, 0x7f, &ts);
	syscall(SYS_clock_gettime, -2, &ts);
	syscall(SYS_clock_gettime, (clockid_t)((~3u << 3) | 2), &ts); /* a CPU clock of pid 3 */
	syscall(SYS_clock_getres, CLOCK_BOOTTIME, &ts);
	syscall(SYS_clock_getres, CLOCK_TAI, NULL);
	syscall(SYS_clock_getres, CLOCK_PROCESS_CPUTIME_ID, (void *)1);
	struct timespec bad = {-1, -1};
	syscall(SYS_clock_settime, CLOCK_MONOTONIC, &bad);
	syscall(SYS_clock_settime, CLOCK_REALTIME, NULL);
	struct timespec req = {0, 1000}, rem = {9, 9};
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, &rem);
	syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &req, NULL);
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0xff, &bad, &rem);
	syscall(SYS_clock_nanosleep, 99, 0, NULL, NULL);

	timer_t tid = 0;
	int kt;
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_ptr = (void *)0x1234;
	signal(SIGUSR1, SIG_IGN);
	syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &kt);
	syscall(SYS_timer_create, CLOCK_REALTIME, NULL, &kt);
	sev.sigev_notify = SIGEV_NONE;
	syscall(SYS_timer_create, CLOCK_BOOTTIME, &sev, &kt);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev._sigev_un._tid = getpid();
	syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &kt);
	sev.sigev_notify = 77;
	syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &kt);
	syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)1, &kt);
	syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, NULL);
	struct itimerspec its = {{0, 500000000}, {100, 0}}, old;
	syscall(SYS_timer_settime, 0, 0, &its, &old);
	syscall(SYS_timer_settime, 0, 0, &its, NULL);
	syscall(SYS_timer_settime, 0, TIMER_ABSTIME, &its, &old);
	syscall(SYS_timer_settime, 0, 2, NULL, NULL);
	syscall(SYS_timer_settime, 99, 0, &its, &old);
	syscall(SYS_timer_gettime, 0, &old);
	syscall(SYS_timer_gettime, 0, NULL);
	syscall(SYS_timer_gettime, 42, &old);
	syscall(SYS_timer_getoverrun, 0);
	syscall(SYS_timer_getoverrun, -1);
	syscall(SYS_timer_delete, 0);
	syscall(SYS_timer_delete, 1);
	syscall(SYS_timer_delete, 1234);

	int tfd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	syscall(SYS_timerfd_create, CLOCK_REALTIME, 0);
	syscall(SYS_timerfd_create, CLOCK_BOOTTIME_ALARM, 0x10);
	syscall(SYS_timerfd_create, 77, 0);
	syscall(SYS_timerfd_settime, tfd, 0, &its, &old);
	syscall(SYS_timerfd_settime, tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL);
	syscall(SYS_timerfd_settime, tfd, 0x10, &its, NULL);
	syscall(SYS_timerfd_settime, -1, 0, NULL, NULL);
	syscall(SYS_timerfd_gettime, tfd, &old);
	syscall(SYS_timerfd_gettime, tfd, NULL);
	syscall(SYS_timerfd_gettime, 0, &old);
	return 0;
}
