//! The trace-set parser (`-e trace=SET`) on arbitrary text: no panic, a rejection is one
//! line as the binary prints it, and an accepted set's negation is its exact complement.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syscall_tracer::filter::parse_trace_set;
use syscall_tracer::usage::error_line;

fuzz_target!(|spec: &str| {
    match parse_trace_set(spec) {
        Err(e) => assert!(!error_line(&e.to_string()).contains('\n')),
        Ok(set) => {
            if let Ok(negated) = parse_trace_set(&format!("!{spec}")) {
                if !spec.starts_with('!') {
                    for nr in 0..1100 {
                        assert_ne!(set.contains(nr), negated.contains(nr), "{spec:?} {nr}");
                    }
                }
            }
        }
    }
});
