//! Numbers the table does not name.

use crate::helpers::{call_nr, MemoryImage};

#[test]
fn unknown_numbers_render_raw() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call_nr(0x1f4, [1, 2, 3, 4, 5, 6]).returning(-38, &mut m),
        "syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)"
    );
}
