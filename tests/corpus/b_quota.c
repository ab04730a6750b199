// Batch B corpus: quotactl subcommands (QCMD decoding, per-subcommand id and addr) on a
// device that does not exist, so nothing changes.
#include <sys/quota.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
int main(void) {char b[256]; memset(b,0,sizeof b); const char*d="/dev/nonexistent";
syscall(SYS_quotactl, QCMD(Q_SETQUOTA,0), d, 1000, b);
syscall(SYS_quotactl, QCMD(Q_SETINFO,0), d, 1000, b);
memset(b,0xff,sizeof b);
syscall(SYS_quotactl, QCMD(Q_SETQUOTA,0), d, 1000, b);
syscall(SYS_quotactl, QCMD(Q_SETINFO,0), d, 1000, b);
struct if_dqblk q={1,2,3,4,5,6,7,8,QIF_BLIMITS|QIF_ITIME}; syscall(SYS_quotactl, QCMD(Q_SETQUOTA,1), d, 1000, &q);
struct if_dqinfo i={1,2,1,IIF_BGRACE|IIF_FLAGS}; syscall(SYS_quotactl, QCMD(Q_SETINFO,1), d, 1000, &i);
syscall(SYS_quotactl, QCMD(Q_QUOTAON,1), d, 2, "/q");
syscall(SYS_quotactl, QCMD(Q_QUOTAON,1), d, 4, NULL);
syscall(SYS_quotactl, QCMD((0x5801),1), d, 4, b);
syscall(SYS_quotactl, QCMD((0x5806),1), d, 4, b);
syscall(SYS_quotactl, QCMD((0x5805),1), d, 4, b);
syscall(SYS_quotactl, QCMD((0x5804),1), d, 4, b);
syscall(SYS_quotactl, QCMD(Q_SETQUOTA,0), d, 1000, (void*)8);
syscall(SYS_quotactl, QCMD(Q_SYNC,0), "/", 0, NULL);
syscall(SYS_quotactl, QCMD(Q_GETFMT,0), "/dev/vda1", 0, b);
return 0;}
