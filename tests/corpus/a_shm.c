/* shmget, shmat, shmctl: realistic and hostile arguments (IPC_PRIVATE segments only). */
#define _GNU_SOURCE
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int id = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	int id2 = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0644);
	syscall(SYS_shmget, 0x12345678, 4096, 0);
	syscall(SYS_shmget, 0x12345678, 4096, IPC_EXCL | 0x400);
	/* All bits (EINVAL: never creates) and a huge page size field. */
	syscall(SYS_shmget, 0x12345678, 4096, 0xffffffff);
	syscall(SYS_shmget, 0x12345678, 4096, SHM_HUGETLB | (21 << 26) | 0600);
	syscall(SYS_shmget, -5, 1UL << 60, 0777);
	void *p = (void *)syscall(SYS_shmat, id, NULL, 0);
	void *p2 = (void *)syscall(SYS_shmat, id, NULL, SHM_RDONLY);
	syscall(SYS_shmat, id, (void *)0x1001, SHM_RND | SHM_REMAP | SHM_EXEC);
	syscall(SYS_shmat, id, (void *)0x1001, 0xffffffff);
	syscall(SYS_shmat, -1, NULL, 0);
	syscall(SYS_shmdt, p);
	syscall(SYS_shmdt, p2);
	struct shmid_ds ds;
	syscall(SYS_shmctl, id, IPC_STAT, &ds);
	syscall(SYS_shmctl, id, IPC_SET, &ds);
	syscall(SYS_shmctl, id, IPC_INFO, &ds);
	syscall(SYS_shmctl, 0, SHM_INFO, &ds);
	syscall(SYS_shmctl, id, SHM_LOCK, NULL);
	syscall(SYS_shmctl, id, SHM_UNLOCK, NULL);
	syscall(SYS_shmctl, id, SHM_STAT, &ds);
	syscall(SYS_shmctl, id, SHM_STAT_ANY, &ds);
	syscall(SYS_shmctl, id, 0x100 | IPC_STAT, &ds);
	syscall(SYS_shmctl, id, 99, (void *)1);
	syscall(SYS_shmctl, id, IPC_STAT, NULL);
	syscall(SYS_shmctl, id, IPC_RMID, NULL);
	syscall(SYS_shmctl, id2, IPC_RMID, NULL);
	syscall(SYS_shmctl, -1, IPC_RMID, NULL);
	return 0;
}
