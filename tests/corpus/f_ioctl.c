/* ioctl beyond the terminal basics: struct ifreq requests on the loopback interface and a
 * missing one (each union member strace shows), modem bits and line discipline on a
 * pseudo-terminal, and requests from other subsystems on a bad descriptor (names, an
 * argument strace leaves out, an address shown as NULL, a mode named from its table). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <linux/kd.h>
#include <linux/loop.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void ifreq_on(int so, const char *name, unsigned long req)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strncpy(r.ifr_name, name, sizeof r.ifr_name - 1);
	syscall(SYS_ioctl, so, req, &r);
}

int main(void)
{
	int so = socket(AF_INET, SOCK_DGRAM, 0);
	static const unsigned long gets[] = {
		SIOCGIFINDEX, SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFADDR, SIOCGIFNETMASK,
		SIOCGIFBRDADDR, SIOCGIFDSTADDR, SIOCGIFTXQLEN, SIOCGIFMETRIC, SIOCGIFMAP,
		SIOCGIFSLAVE,
	};
	for (unsigned i = 0; i < sizeof gets / sizeof *gets; i++) {
		ifreq_on(so, "lo", gets[i]);
		ifreq_on(so, "nosuch0", gets[i]);
	}
	struct ifreq r;
	memset(&r, 0, sizeof r);
	r.ifr_ifindex = 1;
	syscall(SYS_ioctl, so, SIOCGIFNAME, &r);
	r.ifr_ifindex = 99999;
	syscall(SYS_ioctl, so, SIOCGIFNAME, &r);
	/* Set requests on a missing interface: all shown on entry, nothing changes. */
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "nosuch0");
	r.ifr_flags = IFF_UP | IFF_RUNNING | 0x8000;
	syscall(SYS_ioctl, so, SIOCSIFFLAGS, &r);
	r.ifr_mtu = 1500;
	syscall(SYS_ioctl, so, SIOCSIFMTU, &r);
	r.ifr_addr.sa_family = AF_INET;
	syscall(SYS_ioctl, so, SIOCSIFADDR, &r);
	strcpy(r.ifr_newname, "other0");
	syscall(SYS_ioctl, so, SIOCSIFNAME, &r);
	syscall(SYS_ioctl, so, SIOCGIFINDEX, NULL);
	syscall(SYS_ioctl, so, SIOCGIFINDEX, 8);

	int m = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m);
	unlockpt(m);
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	int v = 0;
	syscall(SYS_ioctl, s, TIOCGETD, &v);
	syscall(SYS_ioctl, s, TIOCSETD, &v);
	syscall(SYS_ioctl, s, TIOCGEXCL, &v);
	syscall(SYS_ioctl, s, TIOCMGET, &v);
	v = TIOCM_DTR | TIOCM_RTS | 0x10000;
	syscall(SYS_ioctl, s, TIOCMSET, &v);
	syscall(SYS_ioctl, s, TIOCMBIS, &v);
	syscall(SYS_ioctl, s, TIOCMBIC, &v);
	syscall(SYS_ioctl, m, TIOCGPTPEER, O_RDWR | O_NOCTTY);

	syscall(SYS_ioctl, -1, LOOP_CLR_FD, 0);
	syscall(SYS_ioctl, -1, HDIO_GETGEO, 0);
	syscall(SYS_ioctl, -1, KDSETMODE, KD_GRAPHICS);
	syscall(SYS_ioctl, -1, KDSKBMODE, -1);
	syscall(SYS_ioctl, -1, BLKGETSIZE64, 0);
	syscall(SYS_ioctl, -1, FIBMAP, 0);
	syscall(SYS_ioctl, -1, 0xc0107aff, 0x1234);
	return 0;
}
