/* keyctl operations beyond the common ones: instantiate, negate, reject, iov, persistent, restrict, move, capabilities. */
#define _GNU_SOURCE
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
int main(void){
 char b[16];
 struct iovec iov[1] = {{"pay", 3}};
 syscall(SYS_keyctl, KEYCTL_INSTANTIATE, 123, "payload", 7, KEY_SPEC_SESSION_KEYRING);
 syscall(SYS_keyctl, KEYCTL_NEGATE, 123, 60, KEY_SPEC_USER_KEYRING);
 syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE);
 syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, 3);
 syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, 99);
 syscall(SYS_keyctl, KEYCTL_ASSUME_AUTHORITY, 0);
 syscall(SYS_keyctl, KEYCTL_REJECT, 123, 60, 126, KEY_SPEC_USER_KEYRING);
 syscall(SYS_keyctl, KEYCTL_INSTANTIATE_IOV, 123, iov, 1, 0);
 syscall(SYS_keyctl, KEYCTL_INVALIDATE, 123);
 syscall(SYS_keyctl, KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_PROCESS_KEYRING);
 syscall(SYS_keyctl, KEYCTL_RESTRICT_KEYRING, 123, "asymmetric", "builtin_trusted");
 syscall(SYS_keyctl, KEYCTL_RESTRICT_KEYRING, 123, NULL, NULL);
 syscall(SYS_keyctl, KEYCTL_MOVE, 123, KEY_SPEC_SESSION_KEYRING, KEY_SPEC_PROCESS_KEYRING, 1);
 syscall(SYS_keyctl, KEYCTL_CAPABILITIES, b, sizeof b);
 syscall(SYS_keyctl, KEYCTL_WATCH_KEY, 123, 5, 0x11);
 syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, "user", "nokey", 0);
 syscall(SYS_keyctl, KEYCTL_CHOWN, 123, -1, 5);
 syscall(SYS_keyctl, KEYCTL_SETPERM, 123, 0xffffffff);
 syscall(SYS_keyctl, KEYCTL_SETPERM, 123, 0);
 syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, NULL, b, 16, NULL);
 syscall(SYS_keyctl, KEYCTL_PKEY_QUERY, 123, 0, "enc=pkcs1", b);
 syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, 12345, 1);
 syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL);
 syscall(SYS_keyctl, KEYCTL_UPDATE, 123, "abc", 3);
 syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, 123, 10);
 return 0;}
