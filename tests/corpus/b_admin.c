// Batch B corpus: system administration (mount, umount2, swapon/swapoff, reboot,
// sethostname/setdomainname in a private UTS namespace, iopl, ioperm, modules, quotactl,
// pivot_root, _sysctl, adjtimex, mlock family, modify_ldt). Every call that could change
// the host fails by construction or runs in a private namespace.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/quota.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <unistd.h>
#include <linux/reboot.h>

static char *const BAD = (char *)8;

int main(void) {
  char buf[4096];
  syscall(SYS_unshare, CLONE_NEWUTS | CLONE_NEWNS);
  syscall(SYS_mount, "none", "/", NULL, MS_REC | MS_PRIVATE, NULL);
  syscall(SYS_mkdir, "/tmp/b_admin_mnt", 0700);
  syscall(SYS_mount, "none", "/tmp/b_admin_mnt", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m,mode=0700");
  syscall(SYS_mount, "none", "/tmp/b_admin_mnt", "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOATIME | MS_NOSUID, "size=2m");
  char sf[120];
  syscall(SYS_statfs, "/tmp/b_admin_mnt", sf);
  syscall(SYS_mount, "/tmp/b_admin_mnt", "/tmp/b_admin_mnt", NULL, MS_BIND | MS_REC, NULL);
  syscall(SYS_mount, NULL, "/tmp/b_admin_mnt", NULL, MS_SHARED, NULL);
  syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0xC0ED0000 | MS_RDONLY, NULL);
  syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0x80000000UL, BAD);
  syscall(SYS_mount, BAD, BAD, BAD, 0, BAD);
  syscall(SYS_umount2, "/tmp/b_admin_mnt", MNT_DETACH);
  syscall(SYS_umount2, "/tmp/b_admin_mnt", 0);
  syscall(SYS_umount2, "/tmp/b_admin_mnt", MNT_FORCE | UMOUNT_NOFOLLOW | 0x100);
  syscall(SYS_umount2, "/tmp/b_admin_mnt", MNT_EXPIRE);
  syscall(SYS_umount2, "/tmp/b_admin_mnt", 0x100);
  syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0xC0ED0000 | MS_REMOUNT, "x");
  syscall(SYS_mount, "none", "/nonexistent", "tmpfs", MS_STRICTATIME | MS_LAZYTIME | MS_SILENT, "opts");
  syscall(SYS_rmdir, "/tmp/b_admin_mnt");
  syscall(SYS_swapon, "/nonexistent/swap", SWAP_FLAG_PREFER | 5);
  syscall(SYS_swapon, "/nonexistent/swap", SWAP_FLAG_DISCARD | 0x40000);
  syscall(SYS_swapon, "/nonexistent/swap", 0);
  syscall(SYS_swapon, "/nonexistent/swap", 5);
  syscall(SYS_swapon, "/nonexistent/swap", 0x100000);
  syscall(SYS_swapoff, "/nonexistent/swap");
  syscall(SYS_reboot, 0, 0, LINUX_REBOOT_CMD_CAD_OFF, NULL);
  syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, 0x1234, LINUX_REBOOT_CMD_RESTART2, "x");
  syscall(SYS_reboot, 0x1234, LINUX_REBOOT_MAGIC2C, 0x99, NULL);
  syscall(SYS_sethostname, "b-admin-host", 12);
  syscall(SYS_sethostname, "b-admin-host-with-a-name-longer-than-32-bytes", 45);
  syscall(SYS_sethostname, "x", 100);
  syscall(SYS_sethostname, BAD, 4);
  syscall(SYS_setdomainname, "example.org", 11);
  syscall(SYS_setdomainname, "example.org", 0);
  syscall(SYS_iopl, 0);
  syscall(SYS_iopl, 4);
  syscall(SYS_ioperm, 0x3f8, 8, 0);
  syscall(SYS_ioperm, 0x10000, 8, 1);
  syscall(SYS_init_module, buf, 16, "foo=1 bar=2");
  syscall(SYS_init_module, BAD, 0, BAD);
  syscall(SYS_delete_module, "nonexistent_mod", O_NONBLOCK);
  syscall(SYS_delete_module, "nonexistent_mod", O_NONBLOCK | O_TRUNC);
  syscall(SYS_delete_module, BAD, 0);
  syscall(SYS_quotactl, QCMD(Q_SYNC, USRQUOTA), NULL, 0, NULL);
  syscall(SYS_quotactl, QCMD(Q_GETQUOTA, GRPQUOTA), "/dev/nonexistent", 1000, buf);
  syscall(SYS_quotactl, QCMD(Q_QUOTAON, USRQUOTA), "/dev/nonexistent", 2, "/aquota.user");
  syscall(SYS_pivot_root, "/nonexistent", "/nonexistent/old");
  syscall(SYS_pivot_root, BAD, BAD);
  syscall(SYS__sysctl, buf);
  struct timex tx;
  memset(&tx, 0, sizeof tx);
  syscall(SYS_adjtimex, &tx);
  syscall(SYS_adjtimex, BAD);
  tx.modes = 0x8000;
  syscall(SYS_adjtimex, &tx);
  syscall(SYS_mlock, buf, 4096);
  syscall(SYS_munlock, buf, 4096);
  syscall(SYS_mlock, BAD, -1L);
  syscall(SYS_mlockall, MCL_CURRENT | MCL_FUTURE);
  syscall(SYS_mlockall, MCL_FUTURE | MCL_ONFAULT);
  syscall(SYS_mlockall, 0x10);
  syscall(SYS_mlockall, 0);
  syscall(SYS_munlockall);
  syscall(SYS_modify_ldt, 0, buf, sizeof buf);
  return 0;
}
