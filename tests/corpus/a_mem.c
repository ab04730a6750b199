/* mremap, msync, mincore, madvise: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	p[2 * 4096] = 1;
	unsigned char vec[8];
	syscall(SYS_mincore, p, 4 * 4096, vec);
	syscall(SYS_mincore, p, 1, vec);
	syscall(SYS_mincore, p + 1, 4096, vec);
	syscall(SYS_mincore, p, 4096, NULL);
	syscall(SYS_mincore, p, 0, vec);

	syscall(SYS_msync, p, 4096, MS_SYNC);
	syscall(SYS_msync, p, 4096, MS_ASYNC | MS_INVALIDATE);
	syscall(SYS_msync, p, 4096, 0);
	syscall(SYS_msync, p, 4096, 0xfff8);
	syscall(SYS_msync, p, 4096, 0xffffffff);
	syscall(SYS_msync, p + 1, 4096, MS_SYNC);

	syscall(SYS_madvise, p, 4096, MADV_NORMAL);
	syscall(SYS_madvise, p, 4096, MADV_DONTNEED);
	syscall(SYS_madvise, p, 4096, MADV_WILLNEED);
	syscall(SYS_madvise, p, 4096, MADV_DONTFORK);
	syscall(SYS_madvise, p, 4096, MADV_DOFORK);
	syscall(SYS_madvise, p, 4096, MADV_HUGEPAGE);
	syscall(SYS_madvise, p, 4096, MADV_FREE);
	for (int a = 0; a <= 26; a++)
		syscall(SYS_madvise, p + 1, 4096, a);
	for (int a = 100; a <= 104; a++)
		syscall(SYS_madvise, p + 1, 4096, a);
	syscall(SYS_madvise, p + 1, 4096, 1000);
	syscall(SYS_madvise, p + 1, 4096, -1);

	/* Huge page size and unknown mapping type fields. */
	syscall(SYS_mmap, NULL, 2 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << 26), -1, 0);
	syscall(SYS_mmap, NULL, 4096, PROT_READ, 0x4 | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mmap, NULL, 4096, PROT_READ, 0xffffffff, -1, 0);

	char *r = (char *)syscall(SYS_mremap, p, 4 * 4096, 8 * 4096, MREMAP_MAYMOVE);
	r = (char *)syscall(SYS_mremap, r, 8 * 4096, 4 * 4096, 0);
	syscall(SYS_mremap, r, 4 * 4096, 4 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED, q);
	syscall(SYS_mremap, q, 4096, 4096, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	syscall(SYS_mremap, q, 4096, 4096, 0xf0, q);
	syscall(SYS_mremap, q + 1, 4096, 4096, MREMAP_FIXED, (void *)0x1000);
	syscall(SYS_mremap, q, 4096, 1UL << 50, 0);
	return 0;
}
