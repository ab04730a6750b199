/* File modes as strace shows them: numeric (16-bit `umode_t`, octal) for chmod, fchmod,
 * fchmodat, mkdir, mkdirat, open, openat, creat and openat2's open_how; symbolic (file
 * type, set-id and sticky bits by name) for mknod and mknodat. Every path is missing, so
 * nothing is created. Also SO_ERROR shown as an error name. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const unsigned modes[] = {0, 0644, 0100644, 0140755, 07777, 0177777, 0xffffffff,
					 0x10000 | S_IFIFO | 02644};
	const char *p = "/nonexistent-dir/x";
	for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++) {
		unsigned m = modes[i];
		syscall(SYS_chmod, p, m);
		syscall(SYS_fchmod, -1, m);
		syscall(SYS_fchmodat, AT_FDCWD, p, m);
		syscall(SYS_mkdir, p, m);
		syscall(SYS_mkdirat, AT_FDCWD, p, m);
		syscall(SYS_open, p, O_CREAT, m);
		syscall(SYS_openat, AT_FDCWD, p, O_CREAT, m);
		syscall(SYS_creat, p, m);
		syscall(SYS_mknod, p, m, 0);
		syscall(SYS_mknodat, AT_FDCWD, p, m, 0);
		struct open_how h = {.flags = O_CREAT, .mode = m};
		syscall(SYS_openat2, AT_FDCWD, p, &h, sizeof h);
	}

	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(1),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	connect(s, (struct sockaddr *)&a, sizeof a);
	struct pollfd pf = {s, POLLOUT, 0};
	poll(&pf, 1, 1000);
	int e;
	socklen_t l = sizeof e;
	getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &l);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &l);
	return 0;
}
