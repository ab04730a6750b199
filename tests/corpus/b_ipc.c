// Batch B corpus: SysV IPC (semget, semop, semctl, shmdt, msgget, msgsnd, msgrcv, msgctl).
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *const BAD = (char *)8;

int main(void) {
  int sid = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
  syscall(SYS_semget, 0x1234, 1, 0);
  syscall(SYS_semget, 0x12345678, 1, IPC_CREAT | IPC_EXCL | 0644);
  syscall(SYS_semget, 0x12345678, 1, IPC_CREAT | IPC_EXCL | 0644);
  struct semid_ds keyed;
  syscall(SYS_semctl, syscall(SYS_semget, 0x12345678, 0, 0), 0, IPC_STAT, &keyed);
  syscall(SYS_semctl, syscall(SYS_semget, 0x12345678, 0, 0), 0, IPC_RMID, 0);
  syscall(SYS_semget, IPC_PRIVATE, -1, 0x40000 | IPC_NOWAIT);
  syscall(SYS_semget, IPC_PRIVATE, -1, 0x40000);
  syscall(SYS_semget, IPC_PRIVATE, -1, IPC_CREAT);
  syscall(SYS_msgctl, syscall(SYS_msgget, 0x4321, IPC_CREAT | IPC_EXCL | 0x10000 | 0444), IPC_RMID, NULL);
  struct sembuf ops[3] = {{0, 1, 0}, {1, 2, SEM_UNDO}, {0, -1, IPC_NOWAIT | SEM_UNDO}};
  syscall(SYS_semop, sid, ops, 3);
  syscall(SYS_semop, sid, ops, 1);
  syscall(SYS_semop, sid, BAD, 1);
  struct sembuf bad = {5, 0, 0x4000};
  syscall(SYS_semop, sid, &bad, 1);
  syscall(SYS_semop, -1, ops, 0);
  unsigned short vals[2];
  syscall(SYS_semctl, sid, 0, GETVAL, 0);
  syscall(SYS_semctl, sid, 0, GETALL, vals);
  syscall(SYS_semctl, sid, 1, SETVAL, 5);
  syscall(SYS_semctl, sid, 0, GETPID, 0);
  syscall(SYS_semctl, sid, 0, GETNCNT, 0);
  syscall(SYS_semctl, sid, 0, GETZCNT, 0);
  struct semid_ds sds;
  syscall(SYS_semctl, sid, 0, IPC_STAT, &sds);
  syscall(SYS_semctl, sid, 0, IPC_SET, &sds);
  struct seminfo si;
  syscall(SYS_semctl, 0, 0, IPC_INFO, &si);
  syscall(SYS_semctl, 0, 0, SEM_INFO, &si);
  syscall(SYS_semctl, sid, 0, 0x100 | IPC_STAT, &sds);
  syscall(SYS_semctl, sid, 0, 99, 0);
  syscall(SYS_semctl, sid, 0, IPC_RMID, 0);
  syscall(SYS_semctl, sid, 0, IPC_RMID, 0);

  int qid = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
  syscall(SYS_msgget, 0x4321, 0);
  struct { long mtype; char mtext[64]; } m = {7, "a message text that is longer than thirty-two bytes"};
  syscall(SYS_msgsnd, qid, &m, 10, 0);
  syscall(SYS_msgsnd, qid, &m, 60, IPC_NOWAIT);
  syscall(SYS_msgsnd, qid, BAD, 10, 0);
  syscall(SYS_msgsnd, -1, &m, 10, 0x1000 | IPC_NOWAIT);
  syscall(SYS_msgrcv, qid, &m, 64, 0L, IPC_NOWAIT);
  syscall(SYS_msgrcv, qid, &m, 64, 7L, IPC_NOWAIT | MSG_NOERROR);
  syscall(SYS_msgrcv, qid, &m, 64, -3L, IPC_NOWAIT | MSG_EXCEPT);
  syscall(SYS_msgrcv, qid, BAD, 64, 0L, IPC_NOWAIT);
  struct msqid_ds mds;
  syscall(SYS_msgctl, qid, IPC_STAT, &mds);
  syscall(SYS_msgctl, qid, IPC_SET, &mds);
  syscall(SYS_msgctl, qid, IPC_STAT, BAD);
  struct msginfo mi;
  syscall(SYS_msgctl, 0, IPC_INFO, &mi);
  syscall(SYS_msgctl, 0, MSG_INFO, &mi);
  syscall(SYS_msgctl, 0, MSG_STAT, &mds);
  syscall(SYS_msgctl, qid, 99, NULL);
  syscall(SYS_msgctl, qid, IPC_RMID, NULL);
  syscall(SYS_msgctl, qid, IPC_RMID, NULL);

  int shid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  void *p = shmat(shid, NULL, 0);
  syscall(SYS_shmdt, p);
  syscall(SYS_shmdt, p);
  syscall(SYS_shmdt, NULL);
  shmctl(shid, IPC_RMID, NULL);
  return 0;
}
