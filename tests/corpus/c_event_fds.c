/* epoll_*, eventfd*, signalfd*, inotify_*, dup3: realistic and hostile arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int ep = syscall(SYS_epoll_create, 10);
	syscall(SYS_epoll_create, 0);
	syscall(SYS_epoll_create, -1);
	int ep1 = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	syscall(SYS_epoll_create1, 0);
	syscall(SYS_epoll_create1, 0x1234);
	int efd = syscall(SYS_eventfd, 5);
	int efd2 = syscall(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
	syscall(SYS_eventfd2, 7, 0);
	syscall(SYS_eventfd2, 7, 0x10);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u64 = 0x1122334455667788ULL};
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd, &ev);
	ev.events = EPOLLIN;
	ev.data.fd = efd2;
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd2, &ev);
	ev.events = 0xffffffff;
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, efd2, &ev);
	ev.events = 0;
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, efd2, &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, efd2, NULL);
	syscall(SYS_epoll_ctl, ep, 9, efd2, &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd2, (void *)1);
	struct epoll_event out[4];
	syscall(SYS_epoll_wait, ep, out, 4, 0);
	uint64_t one = 1;
	write(efd, &one, 8);
	syscall(SYS_epoll_wait, ep, out, 4, 0);
	syscall(SYS_epoll_wait, ep, out, 1, 1);
	syscall(SYS_epoll_wait, ep, NULL, 4, 0);
	syscall(SYS_epoll_wait, -1, out, 0, -1);
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR2);
	syscall(SYS_epoll_pwait, ep, out, 4, 0, &ss, 8);
	syscall(SYS_epoll_pwait, ep, out, 4, 0, NULL, 8);
	syscall(SYS_epoll_pwait, ep, out, 4, 0, &ss, 4);
	syscall(SYS_epoll_pwait, ep1, out, 4, 0, (void *)1, 8);
	sigaddset(&ss, SIGINT);
	int sfd = syscall(SYS_signalfd, -1, &ss, 8);
	syscall(SYS_signalfd, sfd, &ss, 8);
	syscall(SYS_signalfd, -1, NULL, 8);
	syscall(SYS_signalfd4, -1, &ss, 8, SFD_CLOEXEC | SFD_NONBLOCK);
	syscall(SYS_signalfd4, -1, &ss, 8, 0);
	syscall(SYS_signalfd4, -1, &ss, 8, 1);
	syscall(SYS_signalfd4, -1, (void *)1, 16, 0);
	int in = syscall(SYS_inotify_init);
	int in1 = syscall(SYS_inotify_init1, IN_CLOEXEC | IN_NONBLOCK);
	syscall(SYS_inotify_init1, 0);
	syscall(SYS_inotify_init1, 3);
	int wd = syscall(SYS_inotify_add_watch, in, "/tmp", IN_CREATE | IN_DELETE | IN_ONLYDIR);
	syscall(SYS_inotify_add_watch, in, "/tmp", IN_ALL_EVENTS);
	syscall(SYS_inotify_add_watch, in1, "/nonexistent/a_name_longer_than_thirty_two_bytes", 0xffffffff);
	syscall(SYS_inotify_add_watch, in1, NULL, 0);
	syscall(SYS_inotify_rm_watch, in, wd);
	syscall(SYS_inotify_rm_watch, in, 12345);
	syscall(SYS_dup3, efd, 100, 0);
	syscall(SYS_dup3, efd, 101, O_CLOEXEC);
	syscall(SYS_dup3, efd, efd, 0);
	syscall(SYS_dup3, -1, 102, 0x1234);
	return 0;
}
