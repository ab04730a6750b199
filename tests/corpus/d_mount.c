/* batch D: the mount API, io_uring, sendmmsg, io_pgetevents, bpf, finit_module and
 * kexec_file_load (calls numbered 300-471), with valid, failing and hostile arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/io_uring.h>
#include <linux/mount.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/uio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int t = syscall(SYS_open_tree, AT_FDCWD, "/tmp", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	syscall(SYS_open_tree, -1, "/nonexistent", 0xffffffff);
	syscall(SYS_move_mount, t, "", AT_FDCWD, "/nonexistent", MOVE_MOUNT_F_EMPTY_PATH);
	syscall(SYS_move_mount, -1, "/a", 5, "/b", 0xffffffff);
	int fs = syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	syscall(SYS_fsopen, "nonexistent_filesystem_type_name_long", 0xff);
	/* Names that run into an unmapped page: strace shows the address unless it
	 * could read past its string limit. */
	char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pg == MAP_FAILED)
		return 1;
	munmap(pg + 4096, 4096);
	memset(pg, 'a', 4096);
	syscall(SYS_fsopen, pg + 4096 - 20, 0);
	syscall(SYS_fsopen, pg + 4096 - 40, 0);
	syscall(SYS_open_tree, AT_FDCWD, pg + 4096 - 20, 0);
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "1M", 0);
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, "ro", NULL, 0);
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_BINARY, "x", "abc", 3);
	syscall(SYS_fsconfig, -1, FSCONFIG_SET_BINARY, "key_with_a_long_name_exceeding_32_bytes",
		"\x01\x02 binary data longer than thirty two bytes", 40);
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_PATH, "x", "/tmp", AT_FDCWD);
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_PATH_EMPTY, "x", "", 3);
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_FD, "x", NULL, 0);
	syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
	int m = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
	syscall(SYS_fsconfig, fs, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0);
	syscall(SYS_fsconfig, fs, 99, "k", "v", 7);
	syscall(SYS_fsmount, -1, 0xff, 0xffffffff);
	syscall(SYS_fsmount, -1, 0, 0);
	syscall(SYS_fsmount, -1, 0, MOUNT_ATTR_STRICTATIME);
	syscall(SYS_fspick, AT_FDCWD, "/tmp", FSPICK_CLOEXEC | FSPICK_NO_AUTOMOUNT);
	syscall(SYS_fspick, 5, "/tmp", 0xff);

	struct mount_attr ma = { .attr_set = MOUNT_ATTR_RDONLY, .attr_clr = MOUNT_ATTR_NODEV };
	syscall(SYS_mount_setattr, m, "", AT_EMPTY_PATH | AT_RECURSIVE, &ma, sizeof ma);
	ma.attr_set = MOUNT_ATTR_IDMAP;
	ma.userns_fd = 3;
	ma.propagation = MS_SHARED;
	syscall(SYS_mount_setattr, -1, "/x", 0, &ma, sizeof ma);
	syscall(SYS_mount_setattr, -1, "/x", 0, NULL, 32);
	syscall(SYS_mount_setattr, -1, "/x", 0, &ma, 8);
	ma.attr_set = ~0ULL;
	ma.attr_clr = 0x70;
	ma.propagation = ~0ULL;
	ma.userns_fd = ~0ULL;
	syscall(SYS_mount_setattr, -1, "/x", 0xffffffff, &ma, sizeof ma);
	ma.attr_set = 0;
	ma.attr_clr = 0;
	ma.propagation = MS_PRIVATE | MS_REC;
	ma.userns_fd = 0;
	syscall(SYS_mount_setattr, -1, "/x", 0, &ma, sizeof ma);
	struct {
		struct mount_attr a;
		uint64_t more[2];
	} big;
	memset(&big, 0, sizeof big);
	big.a.propagation = MS_SLAVE;
	syscall(SYS_mount_setattr, -1, "/x", 0, &big, sizeof big);
	big.more[1] = 0x1fff;
	syscall(SYS_mount_setattr, -1, "/x", 0, &big, sizeof big);
	close(m);
	close(fs);
	close(t);

	sigset_t ss;
	sigemptyset(&ss);
	int fds[2] = { 0, 1 }, efd = 3;
	struct io_uring_params up;
	memset(&up, 0, sizeof up);
	int ring = syscall(SYS_io_uring_setup, 4, &up);
	up.flags = 0xffffffff;
	syscall(SYS_io_uring_setup, 1, &up);
	up.flags = IORING_SETUP_CLAMP;
	syscall(SYS_io_uring_setup, 0, &up);
	syscall(SYS_io_uring_setup, 1, NULL);
	syscall(SYS_io_uring_enter, ring, 0, 0, 0, NULL, 8);
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES, fds, 2);
	struct io_uring_rsrc_update2 u2 = { .offset = 0, .data = (uintptr_t)fds, .nr = 2 };
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES_UPDATE2, &u2, sizeof u2);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_FILES, NULL, 0);
	char rbuf[64];
	struct iovec riov[2] = { { rbuf, 64 }, { rbuf, 32 } };
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_BUFFERS, riov, 2);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
	struct io_uring_rsrc_update ru = { .offset = -1, .data = ring };
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_RING_FDS, &ru, 1);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_RING_FDS, &ru, 1);
	close(ring);
	syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 8);
	syscall(SYS_io_uring_enter, -1, 1, 1, IORING_ENTER_GETEVENTS | 0xf0, &ss, 8);
	syscall(SYS_io_uring_register, -1, IORING_REGISTER_PROBE, NULL, 0);
	syscall(SYS_io_uring_register, -1, 99, NULL, 0);
	syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES, fds, 2);
	syscall(SYS_io_uring_register, -1, IORING_REGISTER_EVENTFD, &efd, 1);
	syscall(SYS_io_uring_register, -1, IORING_UNREGISTER_FILES, NULL, 0);

	struct io_event evs[2];
	struct timespec ts = { 0, 0 };
	struct {
		const sigset_t *s;
		size_t n;
	} ks = { &ss, 8 };
	syscall(SYS_io_pgetevents, 0, 1, 2, NULL, NULL, NULL);
	syscall(SYS_io_pgetevents, 0x1234, 1, 2, evs, &ts, &ks);

	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(0x7f000001) };
	char b1[] = "hello", b2[] = "world!";
	struct iovec v1[1] = { { b1, 5 } }, v2[2] = { { b2, 6 }, { b1, 5 } };
	struct mmsghdr mm[2];
	memset(mm, 0, sizeof mm);
	mm[0].msg_hdr.msg_name = &a;
	mm[0].msg_hdr.msg_namelen = sizeof a;
	mm[0].msg_hdr.msg_iov = v1;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_name = &a;
	mm[1].msg_hdr.msg_namelen = sizeof a;
	mm[1].msg_hdr.msg_iov = v2;
	mm[1].msg_hdr.msg_iovlen = 2;
	syscall(SYS_sendmmsg, s, mm, 2, MSG_DONTWAIT);
	syscall(SYS_sendmmsg, -1, mm, 1, 0xffff);
	syscall(SYS_sendmmsg, s, NULL, 1, 0);
	close(s);

	syscall(SYS_bpf, 999, NULL, 8);
	syscall(SYS_bpf, 5, NULL, 0);
	syscall(SYS_finit_module, -1, "", 0);
	syscall(SYS_finit_module, -1, "param=1 another_param=a_long_string_value", 7);
	syscall(SYS_finit_module, -1, NULL, 0xff);
	syscall(SYS_kexec_file_load, -1, -1, 5, "hello", 0);
	syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0xff);
	return 0;
}
