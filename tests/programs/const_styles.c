/* Calls whose arguments strace 7.2 prints in a style of their own under -X: ioprio's
 * value (decimal under raw, its return bare), syslog's action (always the number with
 * the name in a comment), capability sets (one number per 32-bit word under raw), quotactl's
 * command (an unsigned decimal). */
#include <linux/capability.h>
#include <sys/quota.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    /* IOPRIO_WHO_PROCESS, this process, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4). */
    syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);
    syscall(SYS_ioprio_get, 1, 0);
    syscall(SYS_syslog, 10, 0, 0);  /* SYSLOG_ACTION_SIZE_BUFFER */
    syscall(SYS_syslog, 99, 0, 10); /* unknown: EINVAL */
    /* Capability sets, as two 32-bit words each: set back as they are. */
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    syscall(SYS_capget, &h, d);
    syscall(SYS_capset, &h, d);
    /* QCMD(Q_SYNC, USRQUOTA) with no device: every filesystem synced. */
    syscall(SYS_quotactl, QCMD(Q_SYNC, USRQUOTA), 0, 0, 0);
    return 0;
}
