/* batch D: memory and small-control calls numbered 300-471 (mlock2, pkey_*,
 * memfd_secret, set_mempolicy_home_node, membarrier, userfaultfd, seccomp). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	syscall(SYS_mlock2, p, 4096, 0);
	syscall(SYS_mlock2, p, 4096, 1);
	syscall(SYS_mlock2, p, 4096, 0xff);
	syscall(SYS_mlock2, NULL, 0, 0);
	syscall(SYS_pkey_mprotect, p, 4096, PROT_READ, -1);
	syscall(SYS_pkey_mprotect, p, 4096, 0xff, 5);
	syscall(SYS_pkey_alloc, 0, 0);
	syscall(SYS_pkey_alloc, 0, 3);
	syscall(SYS_pkey_alloc, 7, 0xff);
	syscall(SYS_pkey_alloc, 0xffff, 0);
	syscall(SYS_pkey_free, -1);
	syscall(SYS_pkey_free, 15);

	int s1 = syscall(SYS_memfd_secret, 0);
	int s2 = syscall(SYS_memfd_secret, O_CLOEXEC);
	syscall(SYS_memfd_secret, 0xff);
	close(s1);
	close(s2);

	syscall(SYS_set_mempolicy_home_node, p, 4096, 0, 0);
	syscall(SYS_set_mempolicy_home_node, p, 4096, 5, 3);
	syscall(SYS_set_mempolicy_home_node, 0, 0, -1, 0);

	syscall(SYS_membarrier, 0, 0, 0);
	syscall(SYS_membarrier, 0x1, 0, 0);
	syscall(SYS_membarrier, 0x10, 0, 0);
	syscall(SYS_membarrier, 0x20, 0, 0);
	syscall(SYS_membarrier, 0x100, 1, 5);
	syscall(SYS_membarrier, 0x100, 0xff, 5);
	syscall(SYS_membarrier, 0x1000, 0, 3);

	int u1 = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	int u2 = syscall(SYS_userfaultfd, 1);
	syscall(SYS_userfaultfd, 2);
	syscall(SYS_userfaultfd, 0xffffffff);
	close(u1);
	close(u2);

	unsigned short fp[8] = { 3, 0 };
	unsigned act = 0x7fff0000;
	unsigned short sz[3];
	syscall(SYS_seccomp, 0, 1, NULL);
	syscall(SYS_seccomp, 1, 0xff, NULL);
	syscall(SYS_seccomp, 1, 0x100, fp);
	struct {
		unsigned short len;
		void *filter;
	} prog = { 1, fp };
	syscall(SYS_seccomp, 1, 0x100, &prog);
	syscall(SYS_seccomp, 1, 0, (void *)1);
	syscall(SYS_seccomp, 2, 0, &act);
	act = 0x12345;
	syscall(SYS_seccomp, 2, 0, &act);
	syscall(SYS_seccomp, 2, 0, (void *)1);
	syscall(SYS_seccomp, 3, 0, sz);
	syscall(SYS_seccomp, 3, 0, NULL);
	syscall(SYS_seccomp, 4, 0, NULL);
	syscall(SYS_seccomp, 7, 0, p);
	syscall(SYS_rseq, 0, 0, -1, 0);
	syscall(SYS_rseq, 1, 0x20, 0, 0x53053053);
	return 0;
}
