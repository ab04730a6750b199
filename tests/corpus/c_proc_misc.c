/* tkill/tgkill/rt_tgsigqueueinfo, waitid, ioprio, unshare, robust lists, kexec_load, semtimedop, mq_*, keys. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/keyctl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	pid_t me = getpid();
	signal(SIGUSR2, SIG_IGN);
	signal(SIGRTMIN + 2, SIG_IGN);
	syscall(SYS_tkill, me, SIGUSR2);
	syscall(SYS_tkill, me, 0);
	syscall(SYS_tkill, -1, 200);
	syscall(SYS_tgkill, me, me, SIGUSR2);
	syscall(SYS_tgkill, me, me, SIGRTMIN + 2);
	syscall(SYS_tgkill, 0, -5, SIGKILL);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR2;
	si.si_code = SI_QUEUE;
	si.si_pid = me;
	si.si_uid = 0;
	si.si_value.sival_int = 7;
	syscall(SYS_rt_tgsigqueueinfo, me, me, SIGUSR2, &si);
	syscall(SYS_rt_tgsigqueueinfo, me, me, SIGUSR2, NULL);
	syscall(SYS_rt_tgsigqueueinfo, -1, -1, 0, (void *)1);

	pid_t c = fork();
	if (c == 0)
		_exit(3);
	siginfo_t wi;
	memset(&wi, 0, sizeof wi);
	syscall(SYS_waitid, P_PID, c, &wi, WEXITED | WNOWAIT, NULL);
	syscall(SYS_waitid, P_ALL, 0, &wi, WEXITED, NULL);
	struct rusage ru;
	syscall(SYS_waitid, P_ALL, 0, &wi, WEXITED | WNOHANG, &ru);
	syscall(SYS_waitid, 7, 0, &wi, 0x10, NULL);
	syscall(SYS_waitid, P_PIDFD, 99, NULL, WSTOPPED, (void *)1);

	syscall(SYS_ioprio_get, 1, 0);
	syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);
	syscall(SYS_ioprio_set, 2, 0, (3 << 13));
	syscall(SYS_ioprio_set, 3, 0, (1 << 13) | 7);
	syscall(SYS_ioprio_set, 1, 0, 0);
	syscall(SYS_ioprio_get, 1, 0);
	syscall(SYS_ioprio_get, 9, 0);
	syscall(SYS_ioprio_set, 1, 0, 0xffff);
	syscall(SYS_unshare, 0);
	syscall(SYS_unshare, CLONE_FILES | CLONE_FS);
	syscall(SYS_unshare, 0x2);
	syscall(SYS_unshare, CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_SYSVSEM | 0x1);
	void *head;
	size_t len;
	syscall(SYS_get_robust_list, 0, &head, &len);
	syscall(SYS_get_robust_list, -1, &head, &len);
	syscall(SYS_get_robust_list, 0, NULL, &len);
	syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000);
	syscall(SYS_kexec_load, 0x1000, 1, (void *)1, 0x3e0000 | 1 | 2);

	int sid = 0x7ffffff0; /* no such set: ids are not deterministic */
	struct sembuf sops[2] = {{0, 1, 0}, {1, -1, IPC_NOWAIT | SEM_UNDO}};
	struct timespec ts = {0, 1000};
	syscall(SYS_semtimedop, sid, sops, 1, &ts);
	syscall(SYS_semtimedop, sid, sops, 2, NULL);
	syscall(SYS_semtimedop, sid, NULL, 0, (void *)1);
	semctl(sid, 0, IPC_RMID);

	struct mq_attr attr = {0, 4, 16, 0};
	int mq = syscall(SYS_mq_open, "/c_proc_misc", O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	syscall(SYS_mq_open, "/c_proc_misc", O_RDONLY, 0, NULL);
	syscall(SYS_mq_open, "/c_proc_misc_a_name_longer_than_thirty_two_bytes", O_RDONLY, 0, NULL);
	syscall(SYS_mq_open, "/c_proc_misc2", O_WRONLY | O_CREAT, 0644, NULL);
	syscall(SYS_mq_open, NULL, O_CREAT, 0644, (void *)1);
	syscall(SYS_mq_timedsend, mq, "hello queue", 11, 3, NULL);
	syscall(SYS_mq_timedsend, mq, "0123456789abcdefghijklmnopqrstuvwxyz-", 16, 0, &ts);
	char mbuf[32];
	unsigned prio = 99;
	syscall(SYS_mq_timedreceive, mq, mbuf, sizeof mbuf, &prio, &ts);
	syscall(SYS_mq_timedreceive, mq, mbuf, sizeof mbuf, NULL, NULL);
	syscall(SYS_mq_timedreceive, mq, mbuf, sizeof mbuf, &prio, &ts);
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	syscall(SYS_mq_notify, mq, &sev);
	syscall(SYS_mq_notify, mq, NULL);
	syscall(SYS_mq_notify, -1, (void *)1);
	struct mq_attr na = {O_NONBLOCK, 0, 0, 0}, oa;
	syscall(SYS_mq_getsetattr, mq, &na, &oa);
	syscall(SYS_mq_getsetattr, mq, NULL, &oa);
	syscall(SYS_mq_getsetattr, mq, NULL, NULL);
	syscall(SYS_mq_getsetattr, -1, (void *)1, &oa);
	syscall(SYS_mq_unlink, "/c_proc_misc");
	syscall(SYS_mq_unlink, "/c_proc_misc2");
	syscall(SYS_mq_unlink, "/c_proc_misc");
	syscall(SYS_mq_unlink, NULL);

	int k = syscall(SYS_add_key, "user", "c_proc_misc:key", "payload-bytes", 13, KEY_SPEC_PROCESS_KEYRING);
	syscall(SYS_add_key, "user", "c_proc_misc:key2", NULL, 0, KEY_SPEC_THREAD_KEYRING);
	syscall(SYS_add_key, "nosuchtype", "a_description_longer_than_thirty_two_bytes", "x", 1, -100);
	syscall(SYS_add_key, NULL, NULL, NULL, 0, 12345);
	syscall(SYS_request_key, "user", "c_proc_misc:key", NULL, KEY_SPEC_PROCESS_KEYRING);
	syscall(SYS_request_key, "user", "c_proc_misc:nokey", "callout", 0);
	syscall(SYS_request_key, "user", NULL, NULL, -8);
	syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0);
	char kb[64];
	syscall(SYS_keyctl, KEYCTL_READ, k, kb, sizeof kb);
	syscall(SYS_keyctl, KEYCTL_DESCRIBE, k, kb, sizeof kb);
	syscall(SYS_keyctl, KEYCTL_REVOKE, k);
	syscall(SYS_keyctl, KEYCTL_UNLINK, k, KEY_SPEC_PROCESS_KEYRING);
	syscall(SYS_keyctl, KEYCTL_SETPERM, k, 0x3f010000);
	syscall(SYS_keyctl, 999, 1, 2, 3, 4);
	return 0;
}
