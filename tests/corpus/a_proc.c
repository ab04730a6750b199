/* clone, fork, vfork: children exit at once; the parent reaps them. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t p = syscall(SYS_fork);
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	p = syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	pid_t ptid = 0, ctid = 0;
	p = syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0, &ptid, &ctid, 0);
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	p = syscall(SYS_clone, CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD, 0, NULL, &ctid, 0);
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	p = syscall(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, NULL, NULL, 0x1234);
	if (p == 0)
		syscall(SYS_exit, 0); /* no TLS here: nothing that needs %fs */
	waitpid(p, NULL, 0);
	syscall(SYS_clone, CLONE_THREAD, 0, NULL, NULL, 0);
	syscall(SYS_clone, 0xffffffffffffffffUL, (void *)0x1000, NULL, NULL, 0);
	syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWNS | CLONE_FS, 0, NULL, NULL, 0);
	p = vfork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return 0;
}
