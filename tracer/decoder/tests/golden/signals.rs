//! Signals: actions and masks.

use crate::helpers::{call, le, MemoryImage};

#[test]
fn rt_sigaction_prints_the_mask_second_and_the_restorer_only_with_sa_restorer() {
    let mut m = MemoryImage::new();
    // handler, flags (SA_RESTORER|SA_RESTART), restorer, mask (INT, TERM)
    m.map(
        0x1000,
        le(&[0x55aa, 0x1400_0000, 0x7f00, (1 << 1) | (1 << 14)]),
    );
    m.map(0x2000, le(&[0, 0, 0, 0]));
    assert_eq!(
        call("rt_sigaction", [2, 0x1000, 0x2000, 8, 0, 0]).returning(0, &mut m),
        "rt_sigaction(SIGINT, {sa_handler=0x55aa, sa_mask=[INT TERM], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f00}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0"
    );
}

#[test]
fn rt_sigprocmask_shows_a_set_of_another_size_as_its_address() {
    let mut m = MemoryImage::new();
    m.map(0x1000, le(&[1]));
    assert_eq!(
        call("rt_sigprocmask", [0, 0x1000, 0, 4, 0, 0]).returning(-22, &mut m),
        "rt_sigprocmask(SIG_BLOCK, 0x1000, NULL, 4) = -1 EINVAL (Invalid argument)"
    );
}
