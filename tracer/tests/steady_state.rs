//! The per-call path after warm-up allocates nothing: the core pairing a call's entry and
//! exit, decoding it, printing it (text and JSON), counting it for the summary and
//! checking the filters all reuse their buffers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use syscall_tracer::cli::Format;
use syscall_tracer::clock::{TimeBase, TimestampStyle, Zone};
use syscall_tracer::core::{Consumer, Core, CoreOptions, Event, EventKind, NoWorld};
use syscall_tracer::decode::DecodeOptions;
use syscall_tracer::filter::{parse_trace_set, Filter};
use syscall_tracer::output::{Printer, SharedOut, Sink};
use syscall_tracer::summary::SummarySink;

struct Counting;

thread_local! {
    /// Only the test's own thread counts: the harness and the other tests allocate on
    /// their threads meanwhile.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    if COUNTING.with(Cell::get) {
        ALLOCS.with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A core with the text or JSON printer and the summary, writing nowhere.
fn core(format: Format, filter: Filter) -> (Core, SharedOut) {
    let out = SharedOut::new(Box::new(std::io::sink()));
    let time = TimeBase {
        start_epoch_ns: 0,
        zone: Zone::Fixed(0),
    };
    let sinks: Vec<Box<dyn Sink>> = vec![
        // With `-i`: its pointers are printed without allocating too.
        Box::new(
            Printer::new(out.clone(), format, TimestampStyle::Relative, false, time)
                .with_instruction_pointer(true),
        ),
        Box::new(SummarySink::new(out.clone(), format)),
    ];
    let opts = CoreOptions {
        decode: DecodeOptions::default(),
        filter,
        trace: true,
        summarize: true,
        fixed: false,
        ..CoreOptions::default()
    };
    let core = Core::new(opts, 1, sinks).with_output(out.clone());
    (core, out)
}

fn event(tid: i32, ts_ns: u64, kind: EventKind) -> Event {
    Event {
        tid,
        pid: 4242,
        ts_ns,
        kind,
    }
}

/// One call through the core: entry, then exit (the events are built before counting
/// starts; the core's work on them is what is measured).
fn call(core: &mut Core, entry: &Event, exit: &Event) {
    core.event(entry, &mut NoWorld);
    core.event(exit, &mut NoWorld);
}

#[test]
fn printing_and_counting_a_call_does_not_allocate() {
    let filter = Filter {
        syscalls: parse_trace_set("close,read").unwrap(),
        ..Filter::default()
    };
    for format in [Format::Text, Format::Json] {
        let (mut core, out) = core(format, filter.clone());
        let spawn = EventKind::Spawn {
            parent: None,
            before_exec: false,
        };
        core.event(&event(4243, 0, spawn), &mut NoWorld);
        // close(3) = 0: plain integers, nothing read from memory.
        let steps: Vec<(Event, Event)> = (0..10_100u64)
            .map(|i| {
                (
                    event(
                        4243,
                        i * 10,
                        EventKind::Entry {
                            nr: 3,
                            args: [3, 0, 0, 0, 0, 0],
                            ip: Some(0x7f00_0000_1234),
                        },
                    ),
                    event(
                        4243,
                        i * 10 + 5,
                        EventKind::Exit {
                            ret: 0,
                            ip: Some(0x7f00_0000_1234),
                        },
                    ),
                )
            })
            .collect();
        for (entry, exit) in &steps[..100] {
            call(&mut core, entry, exit);
        }
        let before = ALLOCS.with(Cell::get);
        COUNTING.with(|c| c.set(true));
        for (entry, exit) in &steps[100..] {
            call(&mut core, entry, exit);
        }
        COUNTING.with(|c| c.set(false));
        let after = ALLOCS.with(Cell::get);
        assert_eq!(after - before, 0, "{format:?}: allocations in steady state");
        core.finish();
        assert!(out.take_error().is_none());
    }
}

/// Decoding records where pid-typed values stand (for `--fixed-ts`); outside that mode
/// the records reuse their buffers like the rest of the call.
#[test]
fn decoding_and_printing_pid_typed_values_does_not_allocate() {
    for format in [Format::Text, Format::Json] {
        let (mut core, out) = core(format, Filter::default());
        let spawn = EventKind::Spawn {
            parent: None,
            before_exec: false,
        };
        core.event(&event(4242, 0, spawn), &mut NoWorld);
        // kill(4243, SIGTERM) = 0, getpid() = 4242, setpgid(4243, 4243) = 0.
        let calls: [(u64, [u64; 6], i64); 3] = [
            (62, [4243, 15, 0, 0, 0, 0], 0),
            (39, [0; 6], 4242),
            (109, [4243, 4243, 0, 0, 0, 0], 0),
        ];
        let steps: Vec<(Event, Event)> = (0..10_100u64)
            .map(|i| {
                let (nr, args, ret) = calls[(i % 3) as usize];
                (
                    event(4242, i * 10, EventKind::Entry { nr, args, ip: None }),
                    event(4242, i * 10 + 5, EventKind::Exit { ret, ip: None }),
                )
            })
            .collect();
        for (entry, exit) in &steps[..100] {
            call(&mut core, entry, exit);
        }
        let before = ALLOCS.with(Cell::get);
        COUNTING.with(|c| c.set(true));
        for (entry, exit) in &steps[100..] {
            call(&mut core, entry, exit);
        }
        COUNTING.with(|c| c.set(false));
        let after = ALLOCS.with(Cell::get);
        assert_eq!(after - before, 0, "{format:?}: allocations in steady state");
        core.finish();
        assert!(out.take_error().is_none());
    }
}
