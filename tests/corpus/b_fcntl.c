// Batch B corpus: fcntl, every command family with good and hostile arguments.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <unistd.h>

static char *const BAD = (char *)8;

int main(void) {
  int fd = open("/tmp/b_fcntl_file", O_CREAT | O_RDWR | O_TRUNC, 0600);
  int p[2];
  pipe(p);
  syscall(SYS_fcntl, fd, F_DUPFD, 10);
  syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
  syscall(SYS_fcntl, fd, F_GETFD);
  syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
  syscall(SYS_fcntl, fd, F_GETFD);
  syscall(SYS_fcntl, fd, F_SETFD, 0);
  syscall(SYS_fcntl, fd, F_GETFL);
  syscall(SYS_fcntl, fd, F_SETFL, O_APPEND | O_NONBLOCK);
  syscall(SYS_fcntl, fd, F_GETFL);
  syscall(SYS_fcntl, fd, F_SETFL, 0);
  struct flock fl = {F_WRLCK, SEEK_SET, 0, 100, 0};
  syscall(SYS_fcntl, fd, F_SETLK, &fl);
  syscall(SYS_fcntl, fd, F_SETLKW, &fl);
  fl.l_type = F_RDLCK;
  syscall(SYS_fcntl, fd, F_GETLK, &fl);
  fl.l_type = 7; fl.l_whence = 9;
  syscall(SYS_fcntl, fd, F_SETLK, &fl);
  syscall(SYS_fcntl, fd, F_SETLK, BAD);
  syscall(SYS_fcntl, fd, F_GETLK, BAD);
  struct flock ofl = {F_RDLCK, SEEK_CUR, 5, 0, 0};
  syscall(SYS_fcntl, fd, F_OFD_SETLK, &ofl);
  syscall(SYS_fcntl, fd, F_OFD_GETLK, &ofl);
  syscall(SYS_fcntl, fd, F_OFD_SETLKW, &ofl);
  syscall(SYS_fcntl, fd, F_GETOWN);
  syscall(SYS_fcntl, fd, F_SETOWN, getpid());
  syscall(SYS_fcntl, fd, F_GETSIG);
  syscall(SYS_fcntl, fd, F_SETSIG, SIGIO);
  syscall(SYS_fcntl, fd, F_GETSIG);
  syscall(SYS_fcntl, fd, F_SETSIG, 0);
  syscall(SYS_fcntl, fd, F_SETFD, 0x10);
  syscall(SYS_fcntl, fd, F_NOTIFY, 0);
  syscall(SYS_fcntl, fd, F_DUPFD, -1);
  struct f_owner_ex ox = {F_OWNER_PID, 1};
  syscall(SYS_fcntl, fd, F_GETOWN_EX, &ox);
  syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
  ox.type = 9;
  syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
  syscall(SYS_fcntl, fd, F_GETLEASE);
  syscall(SYS_fcntl, fd, F_SETLEASE, F_UNLCK);
  syscall(SYS_fcntl, fd, F_SETLEASE, 17);
  syscall(SYS_fcntl, fd, F_NOTIFY, DN_ACCESS | DN_MODIFY | DN_MULTISHOT);
  syscall(SYS_fcntl, p[0], F_GETPIPE_SZ);
  syscall(SYS_fcntl, p[0], F_GETFL);
  syscall(SYS_fcntl, p[1], F_GETFL);
  syscall(SYS_fcntl, p[0], F_SETPIPE_SZ, 8192);
  int mfd = memfd_create("b", MFD_ALLOW_SEALING);
  syscall(SYS_fcntl, mfd, F_GET_SEALS);
  syscall(SYS_fcntl, mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
  syscall(SYS_fcntl, mfd, F_GET_SEALS);
  syscall(SYS_fcntl, mfd, F_ADD_SEALS, 0x100);
  unsigned long long hint = RWH_WRITE_LIFE_SHORT;
  syscall(SYS_fcntl, fd, F_SET_RW_HINT, &hint);
  syscall(SYS_fcntl, fd, F_GET_RW_HINT, &hint);
  syscall(SYS_fcntl, fd, 0x4242, 5);
  syscall(SYS_fcntl, -1, F_GETFD);
  syscall(SYS_fcntl, -1, F_SETFL, 0xffffffff);
  syscall(SYS_unlink, "/tmp/b_fcntl_file");
  return 0;
}
