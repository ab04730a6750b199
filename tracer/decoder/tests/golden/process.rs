//! Processes: creation and execution, resource limits, scheduling and I/O priorities.

use crate::helpers::{call, le, MemoryImage, STACK_A, STACK_B};

#[test]
fn clone_names_its_arguments() {
    let mut m = MemoryImage::new();
    m.map(0x1000, 42u32.to_le_bytes());
    let flags = 0x0010_0000 | 17; // CLONE_PARENT_SETTID|SIGCHLD
    assert_eq!(
        call("clone", [flags, 0, 0x1000, 0x2000, 0, 0]).returning(42, &mut m),
        "clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[42]) = 42"
    );
}

#[test]
fn argv_and_environment_render_as_strace_does() {
    let mut m = MemoryImage::new();
    let argv = 0x7ffd_0000_3000u64;
    let envp = 0x7ffd_0000_4000u64;
    let mut av = Vec::new();
    for p in [STACK_A + 0x100, STACK_A + 0x200, 0] {
        av.extend_from_slice(&p.to_le_bytes());
    }
    let mut ev = Vec::new();
    for p in [STACK_A + 0x300, STACK_A + 0x300, STACK_A + 0x300, 0] {
        ev.extend_from_slice(&p.to_le_bytes());
    }
    m.map_str(STACK_A, "/usr/bin/ls")
        .map_str(STACK_A + 0x100, "ls")
        .map_str(STACK_A + 0x200, "/")
        .map_str(STACK_A + 0x300, "A=1");
    m.map(argv, av).map(envp, ev);
    assert_eq!(
        call("execve", [STACK_A, argv, envp, 0, 0, 0]).returning(0, &mut m),
        r#"execve("/usr/bin/ls", ["ls", "/"], 0x7ffd00004000 /* 3 vars */) = 0"#
    );
}

#[test]
fn prlimit64_shows_limits_as_strace_abbreviates_them() {
    let mut m = MemoryImage::new();
    let mut rl = Vec::new();
    rl.extend_from_slice(&(8192u64 * 1024).to_le_bytes());
    rl.extend_from_slice(&u64::MAX.to_le_bytes());
    m.map(STACK_B, rl);
    assert_eq!(
        call("prlimit64", [0, 3, 0, STACK_B, 0, 0]).returning(0, &mut m),
        "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0"
    );
}

/// A CPU mask prints as the numbers of its set bits; one a failed call did not fill in
/// prints as its address.
#[test]
fn sched_affinity_masks_show_the_set_cpus() {
    let mut m = MemoryImage::new();
    m.map(0x8000, le(&[0x8000_0000_0000_0005, 3]));
    assert_eq!(
        call("sched_setaffinity", [0, 16, 0x8000, 0, 0, 0]).returning(0, &mut m),
        "sched_setaffinity(0, 16, [0 2 63 64 65]) = 0"
    );
    assert_eq!(
        call("sched_getaffinity", [0, 4, 0x8000, 0, 0, 0]).returning(-22, &mut m),
        "sched_getaffinity(0, 4, 0x8000) = -1 EINVAL (Invalid argument)"
    );
}

#[test]
fn ioprio_set_shows_the_priority_as_class_and_data() {
    let mut m = MemoryImage::new();
    assert_eq!(
        call("ioprio_set", [1, 0, (2 << 13) | 4, 0, 0, 0]).returning(0, &mut m),
        "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)) = 0"
    );
}

/// rseq's area as strace 7.2 shows it at entry: from a length of 32 (its 33rd byte, a
/// reserved one, read as zero unless the caller's length covers it), the address below.
#[test]
fn rseq_shows_the_registered_area() {
    let mut m = MemoryImage::new();
    let mut area = vec![0u8; 40];
    area[4..8].copy_from_slice(&(-1i32).to_le_bytes());
    area[32] = 0x80;
    m.map(STACK_A, area);
    assert_eq!(
        call("rseq", [STACK_A, 32, 0, 0x5305_3053, 0, 0]).returning(0, &mut m),
        "rseq({cpu_id_start=0, cpu_id=RSEQ_CPU_ID_UNINITIALIZED, rseq_cs=NULL, flags=0, \
         node_id=0, mm_cid=0, slice_ctrl={request=0, granted=0, __reserved=0}, \
         __reserved=0}, 32, 0, 0x53053053) = 0"
    );
    assert_eq!(
        call("rseq", [STACK_A, 40, 3, 0x5305_3053, 0, 0]).returning(-22, &mut m),
        "rseq({cpu_id_start=0, cpu_id=RSEQ_CPU_ID_UNINITIALIZED, rseq_cs=NULL, flags=0, \
         node_id=0, mm_cid=0, slice_ctrl={request=0, granted=0, __reserved=0}, \
         __reserved=0x80}, 40, RSEQ_FLAG_UNREGISTER|RSEQ_FLAG_SLICE_EXT_DEFAULT_ON, \
         0x53053053) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        call("rseq", [STACK_A, 31, 0, 0, 0, 0]).returning(-22, &mut m),
        "rseq(0x7ffd00001000, 31, 0, 0) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        call("rseq", [0, 32, 0x80, 0, 0, 0]).returning(-22, &mut m),
        "rseq(NULL, 32, 0x80 /* RSEQ_FLAG_??? */, 0) = -1 EINVAL (Invalid argument)"
    );
}

/// A cpu_id strace does not name prints unsigned; its flags name the known bits.
#[test]
fn rseq_fields_unnamed_values_print_as_strace_does() {
    let mut m = MemoryImage::new();
    let mut area = vec![0u8; 32];
    area[4..8].copy_from_slice(&(-3i32).to_le_bytes());
    area[16..20].copy_from_slice(&0x2fu32.to_le_bytes());
    area[28..32].copy_from_slice(&[1, 2, 0, 0x80]);
    m.map(STACK_A, area);
    assert_eq!(
        call("rseq", [STACK_A, 32, 0, 0, 0, 0]).returning(-22, &mut m),
        "rseq({cpu_id_start=0, cpu_id=4294967293, rseq_cs=NULL, \
         flags=RSEQ_CS_FLAG_NO_RESTART_ON_PREEMPT|RSEQ_CS_FLAG_NO_RESTART_ON_SIGNAL|\
         RSEQ_CS_FLAG_NO_RESTART_ON_MIGRATE|RSEQ_CS_FLAG_SLICE_EXT_ENABLED|0x8, node_id=0, \
         mm_cid=0, slice_ctrl={request=1, granted=2, __reserved=0x8000}, __reserved=0}, 32, \
         0, 0) = -1 EINVAL (Invalid argument)"
    );
}

/// strace 7.2: sched_param in braces, SCHED_RESET_ON_FORK named before the policy, a
/// returned policy in hex with its names.
#[test]
fn scheduling_policies_name_reset_on_fork_first() {
    let mut m = MemoryImage::new();
    m.map(STACK_A, 0u32.to_le_bytes());
    assert_eq!(
        call("sched_setscheduler", [0, 0x4000_0003, STACK_A, 0, 0, 0]).returning(0, &mut m),
        "sched_setscheduler(0, SCHED_RESET_ON_FORK|SCHED_BATCH, {sched_priority=0}) = 0"
    );
    assert_eq!(
        call("sched_setscheduler", [0, 0xc000_0003, 0, 0, 0, 0]).returning(-22, &mut m),
        "sched_setscheduler(0, 0xc0000003 /* SCHED_??? */, NULL) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        call("sched_getscheduler", [0; 6]).returning(0x4000_0003, &mut m),
        "sched_getscheduler(0) = 0x40000003 (SCHED_RESET_ON_FORK|SCHED_BATCH)"
    );
    assert_eq!(
        call("sched_getscheduler", [0; 6]).returning(0, &mut m),
        "sched_getscheduler(0) = 0 (SCHED_OTHER)"
    );
    assert_eq!(
        call("sched_getparam", [0, STACK_A, 0, 0, 0, 0]).returning(0, &mut m),
        "sched_getparam(0, {sched_priority=0}) = 0"
    );
}
