/* sched_{set,get}affinity, mbind, {set,get}_mempolicy, migrate_pages, move_pages, remap_file_pages. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long mask[16];
	memset(mask, 0, sizeof mask);
	syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
	syscall(SYS_sched_setaffinity, 0, sizeof mask, mask);
	syscall(SYS_sched_getaffinity, getpid(), 8, mask);
	syscall(SYS_sched_getaffinity, 0, 4, mask);
	syscall(SYS_sched_getaffinity, 0, 8, NULL);
	syscall(SYS_sched_getaffinity, -1, 8, mask);
	unsigned long m2[2] = {0x8000000000000005UL, 0x3};
	syscall(SYS_sched_setaffinity, 0, 16, m2);
	syscall(SYS_sched_setaffinity, 0, 0, m2);
	syscall(SYS_sched_setaffinity, 0, 12, m2);
	syscall(SYS_sched_setaffinity, 0, 8, (void *)1);
	memset(mask, 0, sizeof mask);
	syscall(SYS_sched_setaffinity, 0, 16, mask);

	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static unsigned long nodes_buf[64]; unsigned long *np = nodes_buf; nodes_buf[0] = 1;
	int mode;
	syscall(SYS_get_mempolicy, &mode, np, 64, NULL, 0);
	syscall(SYS_get_mempolicy, &mode, NULL, 0, p, 3);
	syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0);
	syscall(SYS_get_mempolicy, &mode, np, 64, p, 0x10);
	syscall(SYS_get_mempolicy, &mode, np, 4096, NULL, 0);
	nodes_buf[0] = 1;
	syscall(SYS_set_mempolicy, 0, NULL, 0);
	syscall(SYS_set_mempolicy, 2, np, 64);
	syscall(SYS_set_mempolicy, 1 | 0x8000, np, 2);
	syscall(SYS_set_mempolicy, 3 | 0x4000, np, 65);
	syscall(SYS_set_mempolicy, 99, (void *)1, 64);
	syscall(SYS_set_mempolicy, 0, NULL, 0);
	syscall(SYS_mbind, p, 8192, 2, np, 64, 0);
	syscall(SYS_mbind, p, 8192, 1, np, 64, 1 | 2 | 4);
	syscall(SYS_mbind, p, 8192, 0, NULL, 0, 0x10);
	syscall(SYS_mbind, p, 8192, 6 | 0x2000, np, 64, 0);
	int status[2] = {-1, -1}, nd[2] = {0, 0};
	void *pages[2] = {p, (char *)p + 4096};
	*(char *)p = 1;
	syscall(SYS_move_pages, 0, 2, pages, NULL, status, 0);
	syscall(SYS_move_pages, 0, 2, pages, nd, status, 2);
	syscall(SYS_move_pages, 0, 1, pages, nd, status, 4);
	syscall(SYS_move_pages, -1, 1, NULL, NULL, NULL, 0);
	unsigned long oldn = 1, newn = 1;
	syscall(SYS_migrate_pages, 0, 64, &oldn, &newn);
	syscall(SYS_migrate_pages, -1, 2, NULL, NULL);
	syscall(SYS_remap_file_pages, p, 4096, 0, 0, 0);
	syscall(SYS_remap_file_pages, p, 4096, PROT_READ, 3, MAP_NONBLOCK);
	syscall(SYS_remap_file_pages, 0, 0, 0x7, 0, 0xffff);
	return 0;
}
