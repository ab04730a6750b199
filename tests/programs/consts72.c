/* One call per constant that strace 7.2 names and strace 6.1 did not (flags, values,
 * "unknown" comments), each made so that it fails harmlessly (a bad fd, a NULL
 * pointer, an invalid combination) or changes nothing that outlives the program.
 * tracer/tests/strace_constants.rs compares our lines with strace 7.2's. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sc(long nr, long a, long b, long c, long d, long e, long f)
{
    return syscall(nr, a, b, c, d, e, f);
}

int main(void)
{
    char path[] = "/tmp/consts72.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 1;
    unlink(path);

    /* Files and descriptors. */
    sc(SYS_open, 0, 0x4000000 /* O_EMPTYPATH */ | 0200000 /* O_DIRECTORY */, 0, 0, 0, 0);
    uint64_t hint = 2, got = 0;
    sc(SYS_fcntl, fd, 1036 /* F_SET_RW_HINT */, (long)&hint, 0, 0, 0);
    sc(SYS_fcntl, fd, 1035 /* F_GET_RW_HINT */, (long)&got, 0, 0, 0);
    hint = 99;
    sc(SYS_fcntl, fd, 1036, (long)&hint, 0, 0, 0);
    sc(SYS_fcntl, fd, 1027 /* F_DUPFD_QUERY */, fd, 0, 0, 0);
    sc(SYS_fcntl, fd, 1028 /* F_CREATED_QUERY */, 0, 0, 0, 0);
    sc(SYS_fcntl, fd, 1029 /* F_CANCELLK */, 0, 0, 0, 0);
    sc(SYS_fcntl, -1, 1033 /* F_ADD_SEALS */, 0x3f /* ... F_SEAL_EXEC */, 0, 0, 0);
    sc(SYS_fcntl, -1, 12 /* F_GETLK64 */, 0, 0, 0, 0);
    sc(SYS_statx, -1, 0, 0, 0x3c000 /* STATX_MNT_ID_UNIQUE..DIO_READ_ALIGN */, 0, 0);
    sc(SYS_memfd_create, 0, 0x18 /* MFD_NOEXEC_SEAL|MFD_EXEC */, 0, 0, 0, 0);
    sc(SYS_preadv2, -1, 0, 0, 0, 0, 0x1e0 /* RWF_NOAPPEND..RWF_NOSIGNAL */);
    sc(SYS_pwritev2, -1, 0, 0, 0, 0, 0x20);
    sc(SYS_kexec_file_load, -1, -1, 0, 0, 0x38 /* KEXEC_FILE_DEBUG.. */, 0);
    sc(SYS_execveat, -1, 0, 0, 0, 0x10000 /* AT_EXECVE_CHECK */ | 0x200, 0);
    sc(SYS_name_to_handle_at, -1, 0, 0, 0, 0x203 /* AT_HANDLE_* */, 0);
    sc(SYS_renameat2, -1, 0, -1, 0, 8, 0);

    /* Memory. */
    sc(SYS_mmap, 0, 0, 1, 0x22 | 0x80 /* MAP_ABOVE4G */, -1, 0);
    sc(SYS_madvise, 0, 4096, 102 /* MADV_GUARD_INSTALL */, 0, 0, 0);
    sc(SYS_madvise, 0, 4096, 103 /* MADV_GUARD_REMOVE */, 0, 0, 0);
    sc(SYS_mbind, 0, 0, 6 /* MPOL_WEIGHTED_INTERLEAVE */, 0, 0, 0x10);
    sc(SYS_get_mempolicy, 0, 0, 0, 0, 0x10, 0);
    sc(SYS_move_pages, 0, 0, 0, 0, 0, 1);
    long key = sc(SYS_pkey_alloc, 0, 0 /* PKEY_UNRESTRICTED */, 0, 0, 0, 0);
    if (key >= 0)
        sc(SYS_pkey_free, key, 0, 0, 0, 0, 0);

    /* Sockets. */
    sc(SYS_sendto, -1, 0, 0, 0x2000000 /* MSG_SOCK_DEVMEM */, 0, 0);

    /* fanotify and the mount API. */
    sc(SYS_fanotify_init, 0xc | 0x6000 /* FAN_REPORT_FD_ERROR|FAN_REPORT_MNT */, 0, 0, 0, 0, 0);
    /* Only unknown bits after the class: strace marks them with a FAN_??? comment. */
    sc(SYS_fanotify_init, 0x8000, 0, 0, 0, 0, 0);
    sc(SYS_kexec_load, 0, 0, 0, 0x3e0000 /* KEXEC_ARCH_X86_64 */ | 0x100, 0, 0);
    sc(SYS_fanotify_mark, -1, 0x1 | 0x110 | 0x80 | 0x400 | 0x200, 0x4b100000, 5, 0, 0);
    sc(SYS_open_tree, -1, 0, 0x2 | 0x8000 /* OPEN_TREE_NAMESPACE|AT_RECURSIVE */, 0, 0, 0);
    sc(SYS_move_mount, -1, 0, -1, 0, 0x200 /* MOVE_MOUNT_BENEATH */, 0);
    sc(SYS_fsmount, -1, 2 /* FSMOUNT_NAMESPACE */, 0x200070 /* _ATIME|NOSYMFOLLOW */, 0, 0, 0);

    /* Processes. */
    sc(SYS_pidfd_open, -1, 0x280 /* PIDFD_THREAD|PIDFD_AUTOKILL */, 0, 0, 0, 0);
    sc(SYS_pidfd_send_signal, -1, 0, 0, 7, 0, 0);
    uint64_t ca[11];
    memset(ca, 0, sizeof ca);
    /* CLONE_THREAD without CLONE_SIGHAND is refused whatever the new bits mean. */
    ca[0] = 0x10000 | 0x3c00000000ULL;
    sc(SYS_clone3, (long)ca, sizeof ca, 0, 0, 0, 0);
    sc(SYS_sched_getattr, -1, 0, 0, 1 /* SCHED_GETATTR_FLAG_DL_DYNAMIC */, 0, 0);
    sc(SYS_sched_setattr, -1, 0, 0x10, 0, 0, 0);
    /* SCHED_FLAG_KEEP_PARAMS leaves the policy out too. */
    uint32_t attr[14];
    memset(attr, 0, sizeof attr);
    attr[0] = sizeof attr;
    attr[2] = 0x10;
    sc(SYS_sched_setattr, -1, (long)attr, 0, 0, 0, 0);
    sc(SYS_seccomp, 4, 0, 0, 0, 0, 0);
    sc(SYS_reboot, 0, 0x1234, 0x99, 0, 0, 0);
    sc(SYS_membarrier, 0, 0, 0, 0, 0, 0);

    /* landlock. */
    sc(SYS_landlock_create_ruleset, 0, 0, 2 /* ..._ERRATA */, 0, 0, 0);
    struct __attribute__((packed)) { uint64_t allowed, port; } np = { 3, 8080 };
    sc(SYS_landlock_add_rule, -1, 2 /* LANDLOCK_RULE_NET_PORT */, (long)&np, 1, 0, 0);

    /* io_uring. */
    sc(SYS_io_uring_enter, -1, 0, 0, 0xa0 /* ABS_TIMER|NO_IOWAIT */, 0, 0);
    sc(SYS_io_uring_register, -1, 0x80000000 /* BUFFERS|USE_REGISTERED_RING */, 0, 0, 0, 0);
    sc(SYS_io_uring_register, -1, 37 /* IORING_REGISTER_BPF_FILTER */, 0, 0, 0, 0);
    uint32_t params[30];
    memset(params, 0, sizeof params);
    params[2] = 0x1ff000 | 0x200000; /* SINGLE_ISSUER..SQ_REWIND and an unknown bit */
    sc(SYS_io_uring_setup, 1, (long)params, 0, 0, 0, 0);

    /* futex2. */
    struct { uint64_t val, uaddr; uint32_t flags, reserved; } w = { 1, 0, 0x82, 0 };
    sc(SYS_futex_waitv, (long)&w, 1, 0, 0, 1 /* CLOCK_MONOTONIC */, 0);
    sc(455 /* futex_wait */, 0, 1, 1, 2 /* FUTEX2_SIZE_U32 */, 0, 1);
    return 0;
}
