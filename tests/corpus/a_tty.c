/* ioctl on a pseudo-terminal: termios (realistic and all bits set), window size, queues,
 * process groups; plus requests that fail with ENOTTY. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m);
	unlockpt(m);
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);

	struct termios t;
	syscall(SYS_ioctl, s, TCGETS, &t);
	t.c_iflag = 0xffffffff;
	t.c_oflag = 0xffffffff;
	t.c_cflag = 0xffffffff;
	t.c_lflag = 0xffffffff;
	syscall(SYS_ioctl, s, TCSETS, &t);
	syscall(SYS_ioctl, s, TCGETS, &t);
	syscall(SYS_ioctl, s, TCSETSW, &t);
	syscall(SYS_ioctl, s, TCSETSF, &t);
	syscall(SYS_ioctl, s, TCGETS, NULL);

	struct winsize w = { 24, 80, 0, 0 };
	syscall(SYS_ioctl, s, TIOCSWINSZ, &w);
	syscall(SYS_ioctl, s, TIOCGWINSZ, &w);

	int pg;
	unsigned n;
	syscall(SYS_ioctl, s, TIOCGPGRP, &pg);
	syscall(SYS_ioctl, s, TIOCGSID, &pg);
	syscall(SYS_ioctl, s, FIONREAD, &n);
	syscall(SYS_ioctl, s, TIOCOUTQ, &n);
	syscall(SYS_ioctl, s, TCFLSH, TCIFLUSH);
	syscall(SYS_ioctl, s, TCFLSH, TCIOFLUSH);
	syscall(SYS_ioctl, s, TCXONC, TCOON);
	syscall(SYS_ioctl, s, TIOCEXCL);
	syscall(SYS_ioctl, s, TIOCNXCL);
	int one = 1;
	syscall(SYS_ioctl, s, TCSBRK, 1);
	syscall(SYS_ioctl, s, TIOCSCTTY, 0);
	syscall(SYS_ioctl, s, TIOCNOTTY);
	syscall(SYS_ioctl, s, FIOASYNC, &one);
	syscall(SYS_ioctl, s, TCXONC, 7);
	syscall(SYS_ioctl, s, TCFLSH, 9);
	syscall(SYS_ioctl, s, TIOCGPGRP, NULL);
	syscall(SYS_ioctl, s, FIONBIO, NULL);
	return 0;
}
