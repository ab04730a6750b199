//! Time: clocks, dates and sleeps. Dates print in local time, as strace's do; each image
//! declares its UTC offset (0, so the expected dates are in UTC).

use crate::helpers::{call, le, MemoryImage, STACK_A, STACK_B};

#[test]
fn time_shows_the_date_of_the_value_it_stores_and_returns() {
    let mut m = MemoryImage::new();
    m.utc_offset(0).map(0xd000, le(&[1_700_000_000]));
    assert_eq!(
        call("time", [0xd000, 0, 0, 0, 0, 0]).returning(1_700_000_000, &mut m),
        "time([1700000000 /* 2023-11-14T22:13:20+0000 */]) = 1700000000 (2023-11-14T22:13:20+0000)"
    );
}

/// A call interrupted by a signal returns a kernel restart code, shown after `?`.
#[test]
fn restart_codes_render_with_a_question_mark() {
    let mut m = MemoryImage::new();
    let mut ts = Vec::new();
    ts.extend_from_slice(&1u64.to_le_bytes());
    ts.extend_from_slice(&0u64.to_le_bytes());
    m.map(STACK_A, ts);
    assert_eq!(
        call("nanosleep", [STACK_A, STACK_B, 0, 0, 0, 0]).returning(-516, &mut m),
        "nanosleep({tv_sec=1, tv_nsec=0}, 0x7ffd00002000) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)"
    );
}
