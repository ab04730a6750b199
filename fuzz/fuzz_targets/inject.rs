//! The `-e inject=` / `-e fault=` parser on arbitrary text: no panic, a rejection is one
//! line as the binary prints it, and an accepted rule's `when=` countdown never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syscall_tracer::inject::{parse, Kind};
use syscall_tracer::usage::error_line;

fuzz_target!(|spec: &str| {
    for kind in [Kind::Inject, Kind::Fault] {
        match parse(spec, kind) {
            Err(e) => assert!(!error_line(&e).contains('\n'), "{spec:?}"),
            Ok(rule) => {
                let mut when = rule.action.when;
                for _ in 0..300 {
                    when.fires();
                }
                if kind == Kind::Fault {
                    assert!(rule.action.outcome.is_some(), "{spec:?}");
                }
            }
        }
    }
});
