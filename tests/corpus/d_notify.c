/* batch D: fanotify, file handles, clock_adjtime, epoll_pwait2, landlock and
 * futex_waitv (calls numbered 300-471), with valid, failing and hostile arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fanotify.h>
#include <linux/futex.h>
#include <linux/landlock.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int fa = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
	syscall(SYS_fanotify_init, 0xffffffff, 0xffffffff);
	syscall(SYS_fanotify_init, FAN_CLASS_CONTENT | FAN_NONBLOCK, O_RDWR | O_CLOEXEC);
	syscall(SYS_fanotify_mark, fa, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE, AT_FDCWD, "/tmp");
	syscall(SYS_fanotify_mark, fa, 0xffffffff, 0xffffffffffffffffULL, 5, NULL);
	syscall(SYS_fanotify_mark, -1, FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_ACCESS, AT_FDCWD, "/nonexistent");
	close(fa);

	struct {
		unsigned int handle_bytes;
		int handle_type;
		unsigned char f_handle[128];
	} h;
	memset(&h, 0, sizeof h);
	int mid = -5;
	h.handle_bytes = 0;
	syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &h, &mid, 0);
	h.handle_bytes = 128;
	syscall(SYS_name_to_handle_at, AT_FDCWD, "/nonexistent", &h, &mid, AT_SYMLINK_FOLLOW);
	h.handle_bytes = 8;
	h.handle_type = 1;
	memcpy(h.f_handle, "\x01\x02\x03\x04\xff\x00\x7f\x80", 8);
	syscall(SYS_open_by_handle_at, -1, &h, O_RDONLY);
	h.handle_bytes = 200;
	syscall(SYS_open_by_handle_at, -1, &h, O_RDONLY);
	syscall(SYS_open_by_handle_at, -1, (void *)1, O_RDONLY);
	/* A handle whose f_handle runs into an unmapped page. */
	unsigned char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pg == MAP_FAILED)
		return 1;
	munmap(pg + 4096, 4096);
	unsigned int *edge = (unsigned int *)(pg + 4096 - 12);
	edge[0] = 8;
	edge[1] = 1;
	syscall(SYS_open_by_handle_at, -1, edge, O_RDONLY);
	syscall(SYS_name_to_handle_at, AT_FDCWD, "/nonexistent", NULL, &mid, 0xffff);
	syscall(SYS_name_to_handle_at, AT_FDCWD, "/tmp", NULL, NULL, 0);
	syscall(SYS_open_by_handle_at, -1, NULL, 0xffffffff);
	syscall(SYS_open_by_handle_at, AT_FDCWD, NULL, O_RDONLY);

	struct timex tx;
	memset(&tx, 0, sizeof tx);
	syscall(SYS_clock_adjtime, 99, &tx);
	syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, NULL);
	syscall(SYS_clock_adjtime, CLOCK_REALTIME, (void *)1);

	int e = eventfd(1, 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x1122334455667788ULL };
	epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
	struct epoll_event out[4];
	struct timespec ts = { 0, 0 };
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8);
	syscall(SYS_epoll_pwait2, ep, out, 4, &ts, &ss, 8);
	syscall(SYS_epoll_pwait2, -1, NULL, 1, NULL, NULL, 8);
	syscall(SYS_epoll_pwait2, ep, (void *)1, 4, (void *)2, (void *)3, 8);
	struct timespec bad = { -1, -1 };
	syscall(SYS_epoll_pwait2, -1, NULL, 1, &ts, &ss, 8);
	syscall(SYS_epoll_pwait2, -1, NULL, 1, NULL, &ss, 4);
	syscall(SYS_futex_waitv, NULL, 0, 0, &bad, 0);
	syscall(SYS_io_pgetevents, 0, 1, 2, NULL, &bad, NULL);

	struct landlock_ruleset_attr ra = { .handled_access_fs = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE };
	int rs = syscall(SYS_landlock_create_ruleset, &ra, 8, 0);
	syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	syscall(SYS_landlock_create_ruleset, NULL, 0, 0xff);
	syscall(SYS_landlock_create_ruleset, (void *)1, 8, 0);
	syscall(SYS_landlock_create_ruleset, &ra, 4, 0);
	struct landlock_path_beneath_attr pb = { .allowed_access = LANDLOCK_ACCESS_FS_EXECUTE, .parent_fd = -1 };
	syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	syscall(SYS_landlock_add_rule, rs, 7, &pb, 3);
	syscall(SYS_landlock_restrict_self, -1, 0);
	syscall(SYS_landlock_restrict_self, -1, 5);

	struct futex_waitv fw[2] = { { .val = 1, .uaddr = 0, .flags = FUTEX_32 },
				     { .val = 7, .uaddr = 0x1000, .flags = 0xff, .__reserved = 3 } };
	syscall(SYS_futex_waitv, fw, 1, 0, &ts, CLOCK_MONOTONIC);
	syscall(SYS_futex_waitv, fw, 2, 0, NULL, CLOCK_MONOTONIC);
	syscall(SYS_futex_waitv, NULL, 0, 0xff, NULL, CLOCK_REALTIME);
	syscall(SYS_futex_waitv, NULL, 0, 0, NULL, 77);
	return 0;
}
