/* Calls whose structures and arguments strace 7.2 decodes differently from 6.1, for
 * tracer/tests/strace_structs.rs: each call's line is compared with strace 7.2's. Every
 * value printed is fixed by the program (no CPU numbers, no random bytes). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <linux/netlink.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <stdint.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

static char area[64] __attribute__((aligned(32)));

static void rseq_calls(void)
{
	uint32_t cpu_id = (uint32_t)-1;
	memset(area, 0, sizeof area);
	memcpy(area + 4, &cpu_id, 4);
	area[32] = 0x7f;
	/* glibc registered its own area: each of these fails, leaving ours unwritten. */
	syscall(SYS_rseq, area, 32, 0, 0x53053053);
	syscall(SYS_rseq, area, 33, 1, 0x53053053);
	syscall(SYS_rseq, area, 31, 0, 0x53053053);
	syscall(SYS_rseq, area, 64, 0xff, 0);
	syscall(SYS_rseq, NULL, 32, 2, 0);
	cpu_id = (uint32_t)-3;
	memcpy(area + 4, &cpu_id, 4);
	area[16] = 0x3f;
	area[28] = 1;
	area[31] = 0x80;
	syscall(SYS_rseq, area, 40, 0, 0);
}

static void sched_calls(void)
{
	struct sched_param param = { 0 };
	syscall(SYS_sched_getparam, 0, &param);
	syscall(SYS_sched_setparam, 0, &param);
	syscall(SYS_sched_getparam, -1, &param);
	syscall(SYS_sched_setscheduler, 0, 0x40000003, &param);
	syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_sched_setscheduler, 0, 0x40000010, &param);
	syscall(SYS_sched_setscheduler, 0, 0xc0000003, &param);
	syscall(SYS_sched_setscheduler, 0, 7, NULL);
	syscall(SYS_sched_setscheduler, 0, 0, &param);
	syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_sched_setattr, 0, NULL, 0x100);
}

/* Offsets a call reads and updates: `[0 => 3]`. */
static void offset_calls(void)
{
	char name[] = "/tmp/structs72.XXXXXX";
	int in = mkstemp(name), out = open("/dev/null", O_WRONLY), p[2];
	off_t off = 0;
	loff_t o1 = 0, o2 = 0;
	unlink(name);
	if (write(in, "hello", 5) != 5 || pipe(p) != 0)
		exit(1);
	sendfile(out, in, &off, 3);
	sendfile(out, in, &off, 0);
	sendfile(-1, in, &off, 3);
	sendfile(out, in, (off_t *)1, 3);
	splice(in, &o1, p[1], NULL, 3, 0);
	splice(p[0], NULL, in, &o2, 3, 0);
	o1 = 0;
	o2 = 0;
	copy_file_range(in, &o1, in, &o2, 0, 0);
	copy_file_range(-1, &o1, in, &o2, 5, 0);
}

/* epoll_event's data: one 64-bit number. */
static void epoll_calls(void)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x1122334455667788ULL };
	struct epoll_event got[4];
	struct timespec zero = { 0, 0 };
	if (pipe(p) != 0 || write(p[1], "x", 1) != 1)
		exit(1);
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	ev.events = EPOLLOUT;
	ev.data.fd = p[1];
	epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
	ev.data.u64 = 0;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev);
	epoll_ctl(ep, 9, p[1], &ev);
	epoll_wait(ep, got, 4, 0);
	syscall(SYS_epoll_pwait2, ep, got, 4, &zero, NULL, 8);
	epoll_pwait(ep, got, 4, 0, NULL);
}

/* mremap's new_address: shown with MREMAP_MAYMOVE and MREMAP_FIXED or MREMAP_DONTUNMAP. */
static void mremap_calls(void)
{
	void *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mremap, a, 4096, 4096, 0, 0x1000);
	syscall(SYS_mremap, a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, 0);
	syscall(SYS_mremap, a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	syscall(SYS_mremap, a, 4096, 4096, MREMAP_FIXED | MREMAP_DONTUNMAP, 0x1000);
	syscall(SYS_mremap, a, 4096, 4096, 0xff, 0x1000);
}

/* PR_SCHED_CORE's last argument: a number but for PR_SCHED_CORE_GET's cookie pointer. */
static void prctl_calls(void)
{
	uint64_t cookie = 0;
	syscall(SYS_prctl, 62, 0, 0, 0, &cookie);
	syscall(SYS_prctl, 62, 0, 0, 0, NULL);
	syscall(SYS_prctl, 62, 1, 999999, 0, 0);
	syscall(SYS_prctl, 62, 2, 999999, 1, 0);
	syscall(SYS_prctl, 62, 9, 1, 9, 5);
}

/* futex2 flags: the size field always named (FUTEX2_SIZE_U32). */
static void futex2_calls(void)
{
	struct {
		uint64_t val, uaddr;
		uint32_t flags, reserved;
	} w[2] = { { 1, 0, 2, 0 }, { 7, 0x1000, 0xff, 3 } };
	uint32_t word = 0;
	syscall(SYS_futex_waitv, w, 1, 0, NULL, CLOCK_MONOTONIC);
	syscall(SYS_futex_waitv, w, 2, 0, NULL, CLOCK_MONOTONIC);
	syscall(454, &word, 1, 1, 0x82);
	syscall(455, &word, 1, -1L, 0x8f, NULL, CLOCK_MONOTONIC);
}

/* io_uring_enter's argument by its flags: a signal set, or IORING_ENTER_EXT_ARG's struct. */
static void uring_calls(void)
{
	uint64_t set = 1 << 9;
	struct timespec ts = { 1, 500 };
	struct {
		uint64_t sigmask;
		uint32_t sigmask_sz, min_wait_usec;
		uint64_t ts;
	} arg = { 1 << 9, 8, 0, (uintptr_t)&ts };
	syscall(SYS_io_uring_enter, -1, 1, 1, 1, &set, 8);
	syscall(SYS_io_uring_enter, -1, 1, 1, 9, &arg, sizeof arg);
	syscall(SYS_io_uring_enter, -1, 1, 1, 9, NULL, 8);
}

/* Generic netlink's controller: CTRL_CMD_GETFAMILY for "nlctrl", its reply, a dump. */
static void genl_calls(void)
{
	int g = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	static char buf[65536];
	struct {
		struct nlmsghdr h;
		unsigned char cmd, version;
		unsigned short reserved;
		unsigned short nla_len, nla_type;
		char name[8];
	} q = { { sizeof q, 0x10, NLM_F_REQUEST, 7, 0 }, 3, 1, 0, 4 + 7, 2, "nlctrl" };
	bind(g, (struct sockaddr *)&local, sizeof local);
	sendto(g, &q, sizeof q, 0, NULL, 0);
	recvfrom(g, buf, sizeof buf, 0, NULL, NULL);
	q.cmd = 99;
	sendto(g, &q, sizeof q, 0, NULL, 0);
	recvfrom(g, buf, sizeof buf, 0, NULL, NULL);
	/* Another family's message (whatever family has the id): header, attribute bytes. */
	q.h.nlmsg_type = 0x15;
	q.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	sendto(g, &q, sizeof q, MSG_DONTWAIT, NULL, 0);
	close(g);
}

/* A request number terminals share with sound timers: one name on a terminal, both
 * elsewhere. */
static void tty_calls(void)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY), s, null = open("/dev/null", O_RDWR);
	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0)
		exit(1);
	s = open(ptsname(m), O_RDWR | O_NOCTTY);
	if (s < 0 || tcgetattr(s, &t) != 0)
		exit(1);
	ioctl(s, TCSETS, &t);
	ioctl(s, TCSETSW, &t);
	ioctl(m, TCSETSF, &t);
	ioctl(null, TCSETS, NULL);
	close(s);
	close(m);
	close(null);
}

int main(void)
{
	rseq_calls();
	sched_calls();
	offset_calls();
	epoll_calls();
	mremap_calls();
	prctl_calls();
	futex2_calls();
	uring_calls();
	genl_calls();
	tty_calls();
	return 0;
}
