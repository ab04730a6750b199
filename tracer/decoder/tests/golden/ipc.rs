//! Synchronisation and IPC: futexes, message queues.

use crate::helpers::{call, le, MemoryImage};

#[test]
fn futex_names_operations_and_shows_only_the_arguments_each_uses() {
    let mut m = MemoryImage::new();
    m.map(0x5000, le(&[0, 1000]));
    assert_eq!(
        call("futex", [0x1000, 0x189, 0, 0, 0, 0xffff_ffff]).returning(-11, &mut m),
        "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        call("futex", [0x1000, 0x87, 0, 0, 0, 0]).returning(0, &mut m),
        "futex(0x1000, FUTEX_UNLOCK_PI_PRIVATE) = 0"
    );
    assert_eq!(
        call("futex", [0x1000, 0x85, 1, 1, 0x2000, 0x0400_0001]).returning(0, &mut m),
        "futex(0x1000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x2000, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 0"
    );
    assert_eq!(
        call("futex", [0x1000, 0x80, 1, 0x5000, 0, 0]).returning(-110, &mut m),
        "futex(0x1000, FUTEX_WAIT_PRIVATE, 1, {tv_sec=0, tv_nsec=1000}) = -1 ETIMEDOUT (Connection timed out)"
    );
    assert_eq!(
        call("futex", [0x1000, 0x7f, 1, 2, 3, 4]).returning(-38, &mut m),
        "futex(0x1000, 0x7f /* FUTEX_??? */, 1, 0x2, 0x3, 0x4) = -1 ENOSYS (Function not implemented)"
    );
}

#[test]
fn mq_open_shows_the_queue_attributes_when_it_creates() {
    let mut m = MemoryImage::new();
    m.map(0xf000, b"/q\0")
        .map(0xf100, le(&[0, 4, 16, 0, 0, 0, 0, 0]));
    assert_eq!(
        call("mq_open", [0xf000, 0o302, 0o600, 0xf100, 0, 0]).returning(-13, &mut m),
        "mq_open(\"/q\", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=4, mq_msgsize=16, mq_curmsgs=0}) = -1 EACCES (Permission denied)"
    );
}
